// Package report writes the observatory's report of an analysis: a
// self-contained report.html with SVG charts, summary.json, a CSV file per
// table and samples.csv (the posts behind each figure). findings.jsonl is
// written by the analysis itself, while it runs.
package report

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub/observatory/analysis"
	"github.com/creatorclub/creatorclub/observatory/stats"
)

// Files written by Write, besides findings.jsonl.
const (
	HTMLFile    = "report.html"
	SummaryFile = "summary.json"
	SamplesFile = "samples.csv"
)

// Tables lists the CSV files written by Write, one per table.
var Tables = []string{"overview.csv", "months.csv", "platforms.csv", "certified.csv", "labels.csv", "sectors.csv", "comparisons.csv", "did.csv", "published.csv", "bad_records.csv"}

// Write writes every file of the report of s into dir, which it creates.
// lang is "fr" (the default) or "en".
func Write(dir string, s *analysis.Summary, lang string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	write := func(name string, fn func(io.Writer) error) error {
		var buf bytes.Buffer
		if err := fn(&buf); err != nil {
			return fmt.Errorf("report: %s: %w", name, err)
		}
		// Write then rename, so a reader never sees half a file.
		tmp := filepath.Join(dir, "."+name+".tmp")
		if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		return nil
	}
	if err := write(SummaryFile, func(w io.Writer) error { return SummaryJSON(w, s) }); err != nil {
		return err
	}
	for name, rows := range tables(s) {
		if err := write(name, func(w io.Writer) error { return writeCSV(w, rows) }); err != nil {
			return err
		}
	}
	if err := write(SamplesFile, func(w io.Writer) error { return writeCSV(w, sampleRows(s)) }); err != nil {
		return err
	}
	return write(HTMLFile, func(w io.Writer) error { return HTML(w, s, lang) })
}

// SummaryJSON writes s as summary.json.
func SummaryJSON(w io.Writer, s *analysis.Summary) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

func writeCSV(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	cw.WriteAll(rows)
	return cw.Error()
}

func f4(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }
func f6(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
func itoa(n int) string   { return strconv.Itoa(n) }

func rateCols(prefix string) []string {
	return []string{prefix + "_k", prefix + "_n", prefix + "_rate", prefix + "_low", prefix + "_high"}
}

func rateVals(r stats.Rate) []string {
	return []string{itoa(r.K), itoa(r.N), f4(r.Rate), f4(r.Low), f4(r.High)}
}

func groupRows(rows []analysis.GroupRow, key string) [][]string {
	head := []string{key, "period", "posts"}
	for _, c := range []string{"commercial", "compliant", "improvable", "non_compliant", "restricted"} {
		head = append(head, rateCols(c)...)
	}
	out := [][]string{head}
	for _, r := range rows {
		row := []string{r.Key, r.Period, strconv.FormatInt(r.Posts, 10)}
		for _, v := range []stats.Rate{r.Commercial, r.Compliant, r.Improvable, r.NonCompliant, r.Restricted} {
			row = append(row, rateVals(v)...)
		}
		out = append(out, row)
	}
	return out
}

func labelRows(rows []analysis.LabelRow, key string) [][]string {
	head := []string{key}
	for _, p := range []string{"all", "before", "after"} {
		head = append(head, rateCols(p)...)
	}
	head = append(head, "diff", "diff_low", "diff_high", "z", "p")
	out := [][]string{head}
	for _, r := range rows {
		row := []string{r.Label}
		for _, v := range []stats.Rate{r.All, r.Before, r.After} {
			row = append(row, rateVals(v)...)
		}
		row = append(row, f4(r.Test.Diff), f4(r.Test.Low), f4(r.Test.High), f4(r.Test.Z), f6(r.Test.P))
		out = append(out, row)
	}
	return out
}

// tables returns the CSV rows of every table, by file name.
func tables(s *analysis.Summary) map[string][][]string {
	t := map[string][][]string{
		"overview.csv":  groupRows(s.Overview, "group"),
		"months.csv":    groupRows(s.Months, "month"),
		"platforms.csv": groupRows(s.Platforms, "platform"),
		"certified.csv": groupRows(s.Certified, "certified_group"),
		"labels.csv":    labelRows(s.Labels, "label"),
		"sectors.csv":   labelRows(s.Sectors, "sector"),
	}
	comp := [][]string{append(append(append([]string{"metric", "group"}, rateCols("before")...), rateCols("after")...), "diff", "diff_low", "diff_high", "z", "p", "testable")}
	for _, c := range s.Comparisons {
		row := []string{c.Metric, c.Group}
		row = append(row, rateVals(c.Before)...)
		row = append(row, rateVals(c.After)...)
		row = append(row, f4(c.Diff), f4(c.Low), f4(c.High), f4(c.Z), f6(c.P), strconv.FormatBool(c.Testable))
		comp = append(comp, row)
	}
	t["comparisons.csv"] = comp
	did := [][]string{{"metric", "certified_before", "certified_after", "others_before", "others_after", "estimate", "se", "low", "high", "z", "p", "testable"}}
	for _, d := range s.DiD {
		did = append(did, []string{d.Metric, f4(d.TreatedBefore.Rate), f4(d.TreatedAfter.Rate), f4(d.ControlBefore.Rate), f4(d.ControlAfter.Rate),
			f4(d.Estimate), f4(d.SE), f4(d.Low), f4(d.High), f4(d.Z), f6(d.P), strconv.FormatBool(d.Testable)})
	}
	t["did.csv"] = did
	pub := [][]string{append(append([]string{"id", "metric", "group", "from", "until", "published", "source", "source_url"}, rateCols("corpus")...), "diff", "p", "testable")}
	for _, r := range s.Published {
		row := []string{r.ID, r.Metric, r.Group, r.From, r.Until, f4(r.Value), r.Source, r.SourceURL}
		row = append(row, rateVals(r.Corpus.Rate)...)
		row = append(row, f4(r.Corpus.Diff), f6(r.Corpus.P), strconv.FormatBool(r.Corpus.Testable))
		pub = append(pub, row)
	}
	t["published.csv"] = pub
	bad := [][]string{{"record"}}
	for _, b := range s.BadSamples {
		bad = append(bad, []string{b})
	}
	t["bad_records.csv"] = bad
	return t
}

func sampleRows(s *analysis.Summary) [][]string {
	rows := [][]string{{"figure", "id", "line", "platform", "author", "published_at", "disclosure", "labels", "spans", "url", "excerpt"}}
	for _, k := range sortedSampleKeys(s) {
		for _, p := range s.Samples[k] {
			rows = append(rows, []string{k, p.ID, itoa(p.Line), p.Platform, p.Author, p.PublishedAt.Format(time.RFC3339), p.Disclosure,
				strings.Join(p.Labels, " "), strings.Join(p.Spans, " | "), p.URL, p.Excerpt})
		}
	}
	return rows
}

func sortedSampleKeys(s *analysis.Summary) []string {
	keys := make([]string, 0, len(s.Samples))
	for k := range s.Samples {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

//go:embed report.html.tmpl
var reportTemplate string

// baseStyle is the style sheet the report and the comparison share.
//
//go:embed style.tmpl
var baseStyle string

// numberFuncs are the template's number functions in a language.
func numberFuncs(nf numFormat) template.FuncMap {
	return template.FuncMap{
		"num": nf.count,
		"pct": nf.pct,
		"rate": func(r stats.Rate) string {
			if r.N == 0 {
				return "–"
			}
			return fmt.Sprintf("%s [%s – %s]", nf.pct(r.Rate), nf.pct(r.Low), nf.pct(r.High))
		},
		"points": nf.points,
		"signed": func(v float64) string {
			s := nf.points(v)
			if v > 0 {
				s = "+" + s
			}
			return s
		},
		"pvalue": func(p float64) string {
			if p < 0.001 {
				return "< " + nf.decimal(0.001)
			}
			return nf.decimal(p)
		},
	}
}

// templates holds the report's template per language: numbers differ.
var templates = map[string]*template.Template{
	"fr": template.Must(tmpl.Clone()).Funcs(numberFuncs(numFormat{"fr"})),
	"en": template.Must(tmpl.Clone()).Funcs(numberFuncs(numFormat{"en"})),
}

var tmpl = template.Must(template.New("report").Funcs(numberFuncs(numFormat{"fr"})).Funcs(template.FuncMap{
	"date":    func(t time.Time) string { return t.Format(time.DateOnly) },
	"int64":   func(n int) int64 { return int64(n) },
	"warning": WarningText,
}).Parse(reportTemplate + baseStyle))

// WarningText says w in lang ("fr" or "en"; English is the summary's own
// message).
func WarningText(lang string, w analysis.Warning) string {
	if lang != "fr" {
		return w.Message
	}
	switch w.Code {
	case analysis.WarnNoPosts:
		return "Aucune publication n'a pu être lue : vérifiez le format du corpus."
	case analysis.WarnCutoffBeforeCorpus:
		return fmt.Sprintf("La date de coupure %s tombe le jour de la première publication (%s) ou avant : toutes les publications sont « après », rien ne peut être comparé. Choisissez une date entre le %s et le %s.", w.Cutoff, w.First, w.First, w.Last)
	case analysis.WarnCutoffAfterCorpus:
		return fmt.Sprintf("La date de coupure %s tombe après la dernière publication (%s) : toutes les publications sont « avant », rien ne peut être comparé. Choisissez une date entre le %s et le %s.", w.Cutoff, w.Last, w.First, w.Last)
	case analysis.WarnBadRecords:
		return fmt.Sprintf("%d enregistrements illisibles ont été écartés (les premiers sont listés avec leur numéro de ligne).", w.Count)
	case analysis.WarnUnknownCertification:
		return fmt.Sprintf("%d publications ne disent pas si leur auteur est certifié et aucun registre n'a été joint : elles sont comptées à part (« certification inconnue »), hors de la comparaison certifiés / non certifiés.", w.Count)
	}
	return w.Message
}

// SectorName returns the name of a restricted sector in lang ("fr" or
// "en"), as the report writes it; the sector's id when it has none.
func SectorName(lang, sector string) string {
	L, ok := labels[lang]
	if !ok {
		L = labels["en"]
	}
	if s, ok := L["sector."+sector]; ok {
		return s
	}
	return sector
}

// HTML writes the self-contained report page of s.
func HTML(w io.Writer, s *analysis.Summary, lang string) error {
	if lang != "en" {
		lang = "fr"
	}
	return templates[lang].Execute(w, newPage(s, lang))
}

// PublicHTML writes the report page for the public: the same figures and
// charts, without the posts behind them (which name their authors) nor the
// unreadable records.
func PublicHTML(w io.Writer, s *analysis.Summary, lang string) error {
	if lang != "en" {
		lang = "fr"
	}
	p := newPage(s, lang)
	p.Public = true
	return templates[lang].Execute(w, p)
}

// page is what the template renders.
type page struct {
	S        *analysis.Summary
	L        map[string]string
	Lang     string
	All      map[string]analysis.GroupRow // by period
	Charts   []chart
	Compare  []analysis.NamedComparison
	Samples  []sampleGroup
	Platform []analysis.GroupRow
	// Published are the figures other studies published, beside this
	// corpus's estimates.
	Published      []publishedView
	PublishedChart chart
	Public         bool // no samples of posts nor bad records
	// Evaluation states the rules' measured accuracy, if the rule file
	// records it.
	Evaluation string
	// Review is the human review of the engine on this corpus, once staff
	// added it to the report.
	Review *reviewView
}

// reviewView is the human review as the report shows it.
type reviewView struct {
	Note      string
	Agreement string // how far analysts agree, when posts were read twice
	Rows      []reviewRowView
	Estimates []reviewEstimateView
	// SectorsCaption and Sectors: the restricted sectors, when reviews
	// asked about them.
	SectorsCaption string
	Sectors        []reviewSectorView
}

type reviewSectorView struct {
	Sector, Label, Engine, Corrected string
	OK                               bool
	Both, EngineOnly, ReviewerOnly   int
}

type reviewRowView struct {
	Label    string
	Posts    int64
	Reviewed int
	Agreed   stats.Rate
}

type reviewEstimateView struct {
	Name, Label, Engine, Corrected string
	OK                             bool
}

// newReviewView formats the review results of s, or returns nil when there
// are none.
func newReviewView(r *analysis.ReviewResults, L map[string]string, nf numFormat) *reviewView {
	if r == nil || r.Reviewed == 0 {
		return nil
	}
	v := &reviewView{Note: fmt.Sprintf(L["review_note"], r.Reviewed, r.Drawn, r.At.Format(time.DateOnly))}
	if ag := r.Agreement; ag != nil {
		v.Agreement = fmt.Sprintf(L["review_agreement_note"], ag.Posts, nf.pct(ag.Agreed.Rate), nf.pct(ag.Agreed.Low), nf.pct(ag.Agreed.High))
		if ag.KappaOK {
			v.Agreement += " " + fmt.Sprintf(L["review_kappa"], nf.decimal(ag.Kappa))
		}
	}
	for _, row := range r.Rows {
		v.Rows = append(v.Rows, reviewRowView{Label: L[row.Verdict], Posts: row.Posts, Reviewed: row.Reviewed, Agreed: row.Agreed})
	}
	for _, e := range r.Estimates {
		ev := reviewEstimateView{Name: e.Name, Label: L["review_est_"+e.Name], OK: e.OK, Engine: "–"}
		if e.Name != "accuracy" {
			ev.Engine = nf.pct(e.Engine)
		}
		if e.OK {
			ev.Corrected = fmt.Sprintf("%s [%s – %s]", nf.pct(e.Corrected.Value), nf.pct(e.Corrected.Low), nf.pct(e.Corrected.High))
		}
		v.Estimates = append(v.Estimates, ev)
	}
	if len(r.Sectors) > 0 {
		v.SectorsCaption = fmt.Sprintf(L["review_sectors"], r.SectorsReviewed)
	}
	for _, sr := range r.Sectors {
		sv := reviewSectorView{Sector: sr.Sector, Label: L["sector."+sr.Sector], Engine: nf.pct(sr.Engine), OK: sr.OK,
			Both: sr.Both, EngineOnly: sr.EngineOnly, ReviewerOnly: sr.ReviewerOnly}
		if sv.Label == "" {
			sv.Label = sr.Sector
		}
		if sr.OK {
			sv.Corrected = fmt.Sprintf("%s [%s – %s]", nf.pct(sr.Corrected.Value), nf.pct(sr.Corrected.Low), nf.pct(sr.Corrected.High))
		}
		v.Sectors = append(v.Sectors, sv)
	}
	return v
}

type chart struct {
	Title string
	SVG   template.HTML
	Note  string
}

type publishedView struct {
	analysis.PublishedRow
	Title   string
	Months  string // "janv.–juin 2023"
	Host    string // the source's web site, the link's text
	Reading string
	// Differs is true when the test rejects the published share at 5 %.
	Differs bool
}

type sampleGroup struct {
	Key     string
	Title   string
	Samples []analysis.Sample
}

func newPage(s *analysis.Summary, lang string) *page {
	L := labels[lang]
	p := &page{S: s, L: L, Lang: lang, All: map[string]analysis.GroupRow{}}
	nf := numFormat{lang}
	if e := s.RulesEvaluation; e != nil {
		p.Evaluation = fmt.Sprintf(L["method_evaluation"], s.RulesVersion, e.Measured, e.Posts, nf.decimal(e.CommercialF1), nf.pct(e.DisclosureAccuracy))
		if len(e.SectorF1) > 0 {
			// Weakest first: those are the rates to read with most care.
			sectors := slices.Collect(maps.Keys(e.SectorF1))
			slices.SortFunc(sectors, func(a, b string) int {
				return cmp.Or(cmp.Compare(e.SectorF1[a], e.SectorF1[b]), cmp.Compare(a, b))
			})
			parts := make([]string, len(sectors))
			for i, sec := range sectors {
				name := L["sector."+sec]
				if name == "" {
					name = sec
				}
				parts[i] = fmt.Sprintf(L["method_sector_f1"], name, nf.decimal(e.SectorF1[sec]), e.SectorPosts[sec])
			}
			p.Evaluation += " " + fmt.Sprintf(L["method_evaluation_sectors"], strings.Join(parts, ", "))
		}
	}
	for _, r := range s.Overview {
		p.All[r.Period] = r
	}
	p.Review = newReviewView(s.ReviewResults, L, nf)
	classes := []segment{{L["compliant"], 0, colorCompliant}, {L["improvable"], 0, colorImprovable}, {L["non_compliant"], 0, colorNonCompliant}}
	periods := []segment{{L["before"], 0, colorBefore}, {L["after"], 0, colorAfter}}

	// 1. Disclosure classes before/after, overall and per certified group.
	var bars []stackedBar
	addBar := func(label string, r analysis.GroupRow) {
		bars = append(bars, stackedBar{Label: label, N: int64(r.Commercial.K), Segments: []segment{
			{L["compliant"], r.Compliant.Rate, colorCompliant}, {L["improvable"], r.Improvable.Rate, colorImprovable}, {L["non_compliant"], r.NonCompliant.Rate, colorNonCompliant}}})
	}
	addBar(L["all"]+" — "+L["before"], p.All["before"])
	addBar(L["all"]+" — "+L["after"], p.All["after"])
	for _, r := range s.Certified {
		if r.Period != "all" {
			addBar(L[r.Key]+" — "+L[r.Period], r)
		}
	}
	p.Charts = append(p.Charts, chart{Title: L["chart_classes"], Note: L["note_classes"],
		SVG: stackedBars(nf, L["chart_classes"], L["note_classes"], bars, classes)})

	// 2. Monthly series.
	var compliant, nonCompliant []point
	cut := -1.0
	for i, m := range s.Months {
		compliant = append(compliant, point{m.Key, m.Compliant})
		nonCompliant = append(nonCompliant, point{m.Key, m.NonCompliant})
		if cut < 0 && m.Key >= s.Cutoff[:7] {
			cut = float64(i)
			if day, err := strconv.Atoi(s.Cutoff[8:10]); err == nil {
				cut += float64(day-1) / 31
			}
		}
	}
	p.Charts = append(p.Charts, chart{Title: L["chart_months"], Note: L["note_months"],
		SVG: lineChart(nf, L["chart_months"], L["note_months"], [][]point{compliant, nonCompliant},
			[]segment{{L["compliant"], 0, colorCompliant}, {L["non_compliant"], 0, colorNonCompliant}}, cut)})

	// 3. Certified vs non-certified, before/after.
	var certGroups []rateGroup
	for _, g := range []string{"certified", "non_certified", "unknown"} {
		var rg rateGroup
		rg.Label = L[g]
		for _, per := range []string{"before", "after"} {
			for _, r := range s.Certified {
				if r.Key == g && r.Period == per {
					rg.Rates = append(rg.Rates, r.Compliant)
				}
			}
		}
		if len(rg.Rates) == 2 {
			certGroups = append(certGroups, rg)
		}
	}
	if len(certGroups) > 0 {
		p.Charts = append(p.Charts, chart{Title: L["chart_certified"], Note: L["note_certified"],
			SVG: groupedBars(nf, L["chart_certified"], L["note_certified"], certGroups, periods)})
	}

	// 4. Platforms.
	var platGroups []rateGroup
	for _, r := range s.Platforms {
		if r.Period == "all" {
			p.Platform = append(p.Platform, r)
			rg := rateGroup{Label: r.Key}
			for _, q := range s.Platforms {
				if q.Key == r.Key && q.Period != "all" {
					rg.Rates = append(rg.Rates, q.Compliant)
				}
			}
			platGroups = append(platGroups, rg)
		}
	}
	if len(platGroups) > 0 {
		p.Charts = append(p.Charts, chart{Title: L["chart_platforms"], Note: L["note_platforms"],
			SVG: groupedBars(nf, L["chart_platforms"], L["note_platforms"], platGroups, periods)})
	}

	// 5. Restricted sectors.
	if len(s.Sectors) > 0 {
		var sg []rateGroup
		for _, r := range s.Sectors {
			sg = append(sg, rateGroup{Label: sectorName(L, r.Label), Rates: []stats.Rate{r.Before, r.After}})
		}
		p.Charts = append(p.Charts, chart{Title: L["chart_sectors"], Note: L["note_sectors"],
			SVG: groupedBars(nf, L["chart_sectors"], L["note_sectors"], sg, periods)})
	}

	for _, c := range s.Comparisons {
		if c.Group == "all" || c.Metric == "compliant" || c.Metric == "non_compliant" {
			p.Compare = append(p.Compare, c)
		}
	}
	var marks []landmark
	for _, r := range s.Published {
		v := publishedView{PublishedRow: r, Title: r.TitleFR, Reading: L["reading_agrees"], Months: monthRange(r.From, r.Until, lang), Host: r.Source}
		if lang == "en" {
			v.Title = r.TitleEN
		}
		if u, err := url.Parse(r.SourceURL); err == nil && u.Host != "" {
			v.Host = strings.TrimPrefix(u.Host, "www.")
		}
		switch c := r.Corpus; {
		case c.Rate.N == 0:
			v.Reading = L["reading_empty"]
		case c.P < 0.05 && c.Diff > 0:
			v.Reading, v.Differs = L["reading_higher"], true
		case c.P < 0.05 && c.Diff < 0:
			v.Reading, v.Differs = L["reading_lower"], true
		}
		p.Published = append(p.Published, v)
		group := L[r.Group]
		if r.Group == "all" {
			group = L["all_creators"]
		}
		marks = append(marks, landmark{Label: L[r.Metric] + " · " + group + " · " + v.Months, Published: r.Value, Corpus: r.Corpus.Rate})
	}
	if len(marks) > 0 {
		p.PublishedChart = chart{Title: L["chart_published"], Note: L["note_published"],
			SVG: landmarkChart(nf, L["chart_published"], L["note_published"], marks,
				[]segment{{L["published_value"], 0, colorAxis}, {L["this_corpus_short"], 0, colorAfter}})}
	}
	for _, k := range sortedSampleKeys(s) {
		p.Samples = append(p.Samples, sampleGroup{Key: k, Title: figureName(L, k), Samples: s.Samples[k]})
	}
	slices.SortStableFunc(p.Samples, func(a, b sampleGroup) int { return strings.Compare(a.Title, b.Title) })
	return p
}

var monthAbbr = map[string][12]string{
	"fr": {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
	"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
}

// monthRange writes the whole months from..until (YYYY-MM-DD) in words:
// "janv.–juin 2023", "juil. 2023 – juin 2024", "mai 2023".
func monthRange(from, until, lang string) string {
	f, err1 := time.Parse(time.DateOnly, from)
	u, err2 := time.Parse(time.DateOnly, until)
	if err1 != nil || err2 != nil {
		return from + " – " + until
	}
	m := monthAbbr[lang]
	switch {
	case f.Year() == u.Year() && f.Month() == u.Month():
		return fmt.Sprintf("%s %d", m[f.Month()-1], f.Year())
	case f.Year() == u.Year():
		return fmt.Sprintf("%s–%s %d", m[f.Month()-1], m[u.Month()-1], f.Year())
	}
	return fmt.Sprintf("%s %d – %s %d", m[f.Month()-1], f.Year(), m[u.Month()-1], u.Year())
}

// figureName turns a sample key ("disclosure=improvable|period=after")
// into words.
func figureName(L map[string]string, key string) string {
	var parts []string
	for _, kv := range strings.Split(key, "|") {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "disclosure", "period", "group":
			if t, ok := L[v]; ok {
				v = t
			}
			parts = append(parts, v)
		case "commercial":
			parts = append(parts, L["commercial"])
		case "sector":
			parts = append(parts, L["sector"]+" : "+sectorName(L, v))
		case "label":
			parts = append(parts, L["label"]+" : "+v)
		default:
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " — ")
}

func sectorName(L map[string]string, s string) string {
	if t, ok := L["sector."+s]; ok {
		return t
	}
	return s
}
