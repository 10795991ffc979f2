package observatory

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// EvalPost is one line of a hand-labelled evaluation set: a post in the
// JSON Lines corpus schema plus what a human says about it.
type EvalPost struct {
	ID              string   `json:"id"`
	Platform        string   `json:"platform"`
	Author          string   `json:"author"`
	PublishedAt     string   `json:"published_at"`
	Text            string   `json:"text"`
	Hashtags        []string `json:"hashtags"`
	Mentions        []string `json:"mentions"`
	Links           []string `json:"links"`
	PaidPartnership *bool    `json:"paid_partnership"`
	URL             string   `json:"url"`
	ImageText       string   `json:"image_text"`
	Certified       *bool    `json:"certified"`
	Expect          struct {
		Commercial bool   `json:"commercial"`
		Disclosure string `json:"disclosure"`
		// Sectors and ImageLabels are not scored on a post that leaves
		// them out (or null): a set made from the human review of an
		// analysis labels only the verdict. [] says "none".
		Sectors     []string `json:"sectors"`
		ImageLabels []string `json:"image_labels"`
	} `json:"expect"`
	Note string `json:"note"`
}

// LabelScore is precision, recall and F1 of one label.
type LabelScore struct {
	Label     string  `json:"label"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Support   int     `json:"support"` // posts labelled by hand
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// EvalMiss is one post where the engine and the hand label disagree.
type EvalMiss struct {
	ID    string `json:"id"`
	Line  int    `json:"line"`
	Field string `json:"field"` // "commercial", "disclosure", "sector", "image"
	Want  string `json:"want"`
	Got   string `json:"got"`
	Note  string `json:"note"`
}

// EvalReport is the result of running the engine on an evaluation set.
type EvalReport struct {
	RulesVersion string       `json:"rules_version"`
	Posts        int          `json:"posts"`
	Labels       []LabelScore `json:"labels"`
	// DisclosureAccuracy is the share of posts whose class (compliant,
	// improvable, non_compliant, or "" for non-commercial) is right.
	DisclosureAccuracy float64 `json:"disclosure_accuracy"`
	// DisclosureAccuracyCommercial is the same over the posts labelled
	// commercial by hand.
	DisclosureAccuracyCommercial float64    `json:"disclosure_accuracy_commercial"`
	Confusion                    [][]int    `json:"disclosure_confusion"` // [want][got] over "", compliant, improvable, non_compliant
	Misses                       []EvalMiss `json:"misses"`
	// SectorsLabelled and ImagesLabelled count the posts whose sectors
	// and image labels were labelled, and scored.
	SectorsLabelled int `json:"sectors_labelled"`
	ImagesLabelled  int `json:"images_labelled"`
	// Cost is what the rule file costs the scan, for whoever weighs a
	// rule pass's gain against it.
	Cost RulesCost `json:"cost"`
}

// RulesCost is what a rule file costs the engine: the automaton every post
// goes through, and how often its patterns occur (each occurrence is
// checked around: the engine's other large cost).
type RulesCost struct {
	Patterns   int `json:"patterns"`    // in the automaton, variants included
	States     int `json:"states"`      // of the automaton
	TableBytes int `json:"table_bytes"` // its tables' size
	// HitsPerPost is the mean number of pattern occurrences in a post's
	// text and image text, on the set scored.
	HitsPerPost float64 `json:"hits_per_post"`
}

// Score returns the score of a label, or a zero score.
func (r *EvalReport) Score(label string) LabelScore {
	for _, s := range r.Labels {
		if s.Label == label {
			return s
		}
	}
	return LabelScore{Label: label}
}

var disclosureClasses = []Disclosure{DisclosureNone, DisclosureCompliant, DisclosureImprovable, DisclosureNonCompliant}

// Evaluate runs the rule set on every post of an evaluation set read from r
// (JSON Lines) and scores it against the hand labels. A line that cannot be
// read is an error naming the line: an evaluation set must be clean.
func Evaluate(rs *RuleSet, r io.Reader) (*EvalReport, error) {
	eng := NewEngine(rs)
	rep := &EvalReport{RulesVersion: rs.Version()}
	rep.Cost.Patterns, rep.Cost.States, rep.Cost.TableBytes = len(eng.ac.patterns), len(eng.ac.outStart), eng.ac.size()
	hits := 0
	nt := normText{ac: eng.ac}
	counts := map[string]*LabelScore{}
	score := func(label string) *LabelScore {
		s := counts[label]
		if s == nil {
			s = &LabelScore{Label: label}
			counts[label] = s
		}
		return s
	}
	tally := func(label string, want, got bool) {
		s := score(label)
		switch {
		case want && got:
			s.TP++
		case got:
			s.FP++
		case want:
			s.FN++
		}
		if want {
			s.Support++
		}
	}
	rep.Confusion = make([][]int, len(disclosureClasses))
	for i := range rep.Confusion {
		rep.Confusion[i] = make([]int, len(disclosureClasses))
	}
	classIndex := func(d Disclosure) int { return max(0, slices.Index(disclosureClasses, d)) }
	right, rightCommercial, commercial := 0, 0, 0
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		ep, err := decodeEvalLine(raw)
		if err != nil {
			return nil, fmt.Errorf("observatory: evaluation set line %d: %w", line, err)
		}
		switch Disclosure(ep.Expect.Disclosure) {
		case DisclosureNone, DisclosureCompliant, DisclosureImprovable, DisclosureNonCompliant:
		default:
			return nil, fmt.Errorf("observatory: evaluation set line %d (%s): unknown disclosure class %q", line, ep.ID, ep.Expect.Disclosure)
		}
		p, err := ep.post(line)
		if err != nil {
			return nil, err
		}
		res := eng.Analyze(p)
		rep.Posts++
		for _, s := range []string{p.Text, p.ImageText} {
			normalizeInto(&nt, s)
			hits += len(nt.hits)
		}
		miss := func(field, want, got string) {
			rep.Misses = append(rep.Misses, EvalMiss{ID: ep.ID, Line: line, Field: field, Want: want, Got: got, Note: ep.Note})
		}
		tally("commercial", ep.Expect.Commercial, res.Commercial)
		if ep.Expect.Commercial != res.Commercial {
			miss("commercial", fmt.Sprint(ep.Expect.Commercial), fmt.Sprint(res.Commercial))
		}
		want := Disclosure(ep.Expect.Disclosure)
		for _, d := range disclosureClasses[1:] {
			tally("disclosure."+string(d), want == d, res.Disclosure == d)
		}
		rep.Confusion[classIndex(want)][classIndex(res.Disclosure)]++
		if want == res.Disclosure {
			right++
		} else {
			miss("disclosure", string(want), string(res.Disclosure))
		}
		if ep.Expect.Commercial {
			commercial++
			if want == res.Disclosure {
				rightCommercial++
			}
		}
		if ep.Expect.Sectors != nil {
			rep.SectorsLabelled++
			for _, s := range sectorNames(rs) {
				w, g := slices.Contains(ep.Expect.Sectors, s), slices.Contains(res.Sectors, s)
				tally("sector."+s, w, g)
				if w != g {
					miss("sector", boolLabel(w, s), boolLabel(g, s))
				}
			}
		}
		if ep.Expect.ImageLabels != nil {
			rep.ImagesLabelled++
			got := res.ImageLabels()
			for _, l := range []string{"retouched", "virtual"} {
				w, g := slices.Contains(ep.Expect.ImageLabels, l), slices.Contains(got, l)
				tally("image."+l, w, g)
				if w != g {
					miss("image", boolLabel(w, l), boolLabel(g, l))
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("observatory: read evaluation set after line %d: %w", line, err)
	}
	if rep.Posts == 0 {
		return nil, errors.New("observatory: the evaluation set is empty")
	}
	rep.DisclosureAccuracy = float64(right) / float64(rep.Posts)
	rep.Cost.HitsPerPost = float64(hits) / float64(rep.Posts)
	if commercial > 0 {
		rep.DisclosureAccuracyCommercial = float64(rightCommercial) / float64(commercial)
	}
	for _, s := range counts {
		s.Precision = ratio(s.TP, s.TP+s.FP)
		s.Recall = ratio(s.TP, s.TP+s.FN)
		if s.Precision+s.Recall > 0 {
			s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
		}
		rep.Labels = append(rep.Labels, *s)
	}
	sort.Slice(rep.Labels, func(i, j int) bool { return rep.Labels[i].Label < rep.Labels[j].Label })
	return rep, nil
}

func boolLabel(b bool, s string) string {
	if b {
		return s
	}
	return "-"
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// sectorNames returns the sectors of a rule set, in file order.
func sectorNames(rs *RuleSet) []string { return rs.Sectors() }

func decodeEvalLine(raw []byte) (*EvalPost, error) {
	var ep EvalPost
	if err := json.Unmarshal(raw, &ep); err != nil {
		return nil, err
	}
	return &ep, nil
}

// post turns an evaluation line into a Post.
func (ep *EvalPost) post(line int) (*Post, error) {
	p := &Post{
		ID: ep.ID, Platform: strings.ToLower(ep.Platform), Author: strings.TrimPrefix(ep.Author, "@"),
		Text: ep.Text, Hashtags: ep.Hashtags, Mentions: ep.Mentions, Links: ep.Links,
		PaidPartnership: ep.PaidPartnership, URL: ep.URL, ImageText: ep.ImageText, Certified: ep.Certified, Line: line,
	}
	if ep.PublishedAt != "" {
		t, err := parsePostDate(ep.PublishedAt)
		if err != nil {
			return nil, fmt.Errorf("observatory: evaluation set line %d (%s): published_at %q is neither RFC 3339 nor a date (YYYY-MM-DD)", line, ep.ID, ep.PublishedAt)
		}
		p.PublishedAt = t
	}
	return p, nil
}

func parsePostDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Parse(time.DateOnly, s)
}

// WriteText prints the report as a table.
func (r *EvalReport) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "rules %s, %d posts\t\t\t\t\t\t\n", r.RulesVersion, r.Posts)
	if r.SectorsLabelled < r.Posts || r.ImagesLabelled < r.Posts {
		fmt.Fprintf(tw, "sectors labelled on %d posts, image labels on %d (the others are not scored on them)\t\t\t\t\t\t\n", r.SectorsLabelled, r.ImagesLabelled)
	}
	fmt.Fprintf(tw, "label\tsupport\tTP\tFP\tFN\tprecision\trecall\tF1\t\n")
	for _, s := range r.Labels {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t\n", s.Label, s.Support, s.TP, s.FP, s.FN, s.Precision, s.Recall, s.F1)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\ndisclosure accuracy: %.3f over all posts, %.3f over commercial posts\n", r.DisclosureAccuracy, r.DisclosureAccuracyCommercial)
	fmt.Fprintf(w, "confusion (rows: hand label, columns: engine) over none, compliant, improvable, non_compliant:\n")
	for i, row := range r.Confusion {
		name := string(disclosureClasses[i])
		if name == "" {
			name = "none"
		}
		fmt.Fprintf(w, "  %-14s %v\n", name, row)
	}
	if _, err := fmt.Fprintf(w, "%d disagreements\n", len(r.Misses)); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "cost: %s\n", r.Cost.text(nil))
	return err
}

// text says the cost, and the baseline's when not nil.
func (c RulesCost) text(base *RulesCost) string {
	was := func(format, unit string, now, before any) string {
		s := fmt.Sprintf(format, now)
		if base != nil {
			s += fmt.Sprintf(" (was "+format+")", before)
		}
		return s + " " + unit
	}
	var b RulesCost
	if base != nil {
		b = *base
	}
	return was("%d", "patterns", c.Patterns, b.Patterns) + ", " + was("%d", "states", c.States, b.States) + ", " +
		was("%.1f", "MB of tables", float64(c.TableBytes)/1e6, float64(b.TableBytes)/1e6) + "; " +
		was("%.2f", "hits a post on these posts", c.HitsPerPost, b.HitsPerPost)
}

// EvalChange is one verdict that differs between two rule files on the
// same post: Before and After are what each rule file said, Want the hand
// label.
type EvalChange struct {
	ID     string `json:"id"`
	Line   int    `json:"line"`
	Field  string `json:"field"`
	Want   string `json:"want"`
	Before string `json:"before"`
	After  string `json:"after"`
	Note   string `json:"note"`
}

// EvalComparison compares the scores of two rule files on one set.
type EvalComparison struct {
	// Fixed were wrong with the baseline and are right now; Broken were
	// right and are wrong now; Changed are wrong with both, differently.
	Fixed   []EvalChange `json:"fixed"`
	Broken  []EvalChange `json:"broken"`
	Changed []EvalChange `json:"changed"`
}

// Compare lists the posts whose verdict differs between a baseline report
// and this one, both computed on the same evaluation set.
func (r *EvalReport) Compare(baseline *EvalReport) EvalComparison {
	// A miss is keyed by post, field and, for sectors and image labels,
	// the label concerned (Want or Got is "-" for the side without it).
	key := func(m EvalMiss) string {
		k := m.ID + "\x00" + m.Field
		if m.Field == "sector" || m.Field == "image" {
			if m.Want != "-" {
				k += "\x00" + m.Want
			} else {
				k += "\x00" + m.Got
			}
		}
		return k
	}
	before := map[string]EvalMiss{}
	for _, m := range baseline.Misses {
		before[key(m)] = m
	}
	var c EvalComparison
	for _, m := range r.Misses {
		k := key(m)
		b, wasWrong := before[k]
		delete(before, k)
		switch {
		case !wasWrong:
			c.Broken = append(c.Broken, EvalChange{ID: m.ID, Line: m.Line, Field: m.Field, Want: m.Want, Before: m.Want, After: m.Got, Note: m.Note})
		case b.Got != m.Got:
			c.Changed = append(c.Changed, EvalChange{ID: m.ID, Line: m.Line, Field: m.Field, Want: m.Want, Before: b.Got, After: m.Got, Note: m.Note})
		}
	}
	for _, m := range baseline.Misses {
		if _, left := before[key(m)]; left {
			c.Fixed = append(c.Fixed, EvalChange{ID: m.ID, Line: m.Line, Field: m.Field, Want: m.Want, Before: m.Got, After: m.Want, Note: m.Note})
		}
	}
	return c
}

// lowestSector returns the sector label with the lowest F1 among those
// the set has examples of, or "" when it has none.
func (r *EvalReport) lowestSector() (LabelScore, bool) {
	var low LabelScore
	found := false
	for _, s := range r.Labels {
		if strings.HasPrefix(s.Label, "sector.") && s.Support > 0 && (!found || s.F1 < low.F1) {
			low, found = s, true
		}
	}
	return low, found
}

// evalSet is one evaluation set scored by the command, and by a baseline
// rule file when one is given.
type evalSet struct {
	File       string          `json:"file"`
	Report     *EvalReport     `json:"report"`
	Baseline   *EvalReport     `json:"baseline,omitempty"`
	Comparison *EvalComparison `json:"comparison,omitempty"`
}

// regressed says whether the set scores lower than with the baseline on
// commercial F1 or disclosure accuracy.
func (s evalSet) regressed() bool {
	return s.Baseline != nil && (s.Report.Score("commercial").F1 < s.Baseline.Score("commercial").F1 ||
		s.Report.DisclosureAccuracy < s.Baseline.DisclosureAccuracy)
}

// writeSummary prints one line per set: the two headline figures, the
// lowest sector F1 and, with a baseline, the figures before and how many
// verdicts were fixed and broken.
func writeSummary(w io.Writer, sets []evalSet) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	withBase := sets[0].Baseline != nil
	if withBase {
		fmt.Fprintf(tw, "rules %s against baseline %s\n", sets[0].Report.RulesVersion, sets[0].Baseline.RulesVersion)
		fmt.Fprintf(tw, "set\tposts\tcommercial F1\tdisclosure accuracy\tlowest sector F1\tfixed\tbroken\tchanged\t\n")
	} else {
		fmt.Fprintf(tw, "rules %s\n", sets[0].Report.RulesVersion)
		fmt.Fprintf(tw, "set\tposts\tcommercial F1\tdisclosure accuracy\tlowest sector F1\t\n")
	}
	for _, s := range sets {
		r := s.Report
		f1, acc := fmt.Sprintf("%.3f", r.Score("commercial").F1), fmt.Sprintf("%.3f", r.DisclosureAccuracy)
		low := "—"
		if l, ok := r.lowestSector(); ok {
			low = fmt.Sprintf("%.2f %s", l.F1, strings.TrimPrefix(l.Label, "sector."))
		}
		if !withBase {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t\n", s.File, r.Posts, f1, acc, low)
			continue
		}
		b := s.Baseline
		f1 += fmt.Sprintf(" (was %.3f)", b.Score("commercial").F1)
		acc += fmt.Sprintf(" (was %.3f)", b.DisclosureAccuracy)
		c := s.Comparison
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%d\t%d\t%d\t\n", s.File, r.Posts, f1, acc, low, len(c.Fixed), len(c.Broken), len(c.Changed))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// The cost over all the sets' posts.
	var now, before RulesCost
	posts := 0
	for _, s := range sets {
		now.HitsPerPost += s.Report.Cost.HitsPerPost * float64(s.Report.Posts)
		if withBase {
			before.HitsPerPost += s.Baseline.Cost.HitsPerPost * float64(s.Report.Posts)
		}
		posts += s.Report.Posts
	}
	now.HitsPerPost /= float64(posts)
	now.Patterns, now.States, now.TableBytes = sets[0].Report.Cost.Patterns, sets[0].Report.Cost.States, sets[0].Report.Cost.TableBytes
	var base *RulesCost
	if withBase {
		before.HitsPerPost /= float64(posts)
		b := sets[0].Baseline.Cost
		before.Patterns, before.States, before.TableBytes = b.Patterns, b.States, b.TableBytes
		base = &before
	}
	_, err := fmt.Fprintf(w, "cost: %s\n", now.text(base))
	return err
}

// writeChanges lists the verdicts that differ from the baseline's.
func writeChanges(w io.Writer, sets []evalSet) {
	for _, s := range sets {
		c := s.Comparison
		for _, group := range []struct {
			name    string
			changes []EvalChange
		}{{"fixed", c.Fixed}, {"broken", c.Broken}, {"changed", c.Changed}} {
			for _, ch := range group.changes {
				fmt.Fprintf(w, "%s %s line %d %s %s: want %q, was %q, now %q%s\n",
					group.name, s.File, ch.Line, ch.ID, ch.Field, ch.Want, ch.Before, ch.After, dashNote(ch.Note))
			}
		}
	}
}

// dashNote sets a post's note after its verdict, when it has one.
func dashNote(note string) string {
	if note == "" {
		return ""
	}
	return " — " + note
}

// loadRuleFile reads a rule file for the command, or returns the built-in
// rules when path is "".
func loadRuleFile(path string) (*RuleSet, error) {
	if path == "" {
		return DefaultRules(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("observatory eval: %w", err)
	}
	defer f.Close()
	return LoadRules(path, f)
}

// scoreFile scores one evaluation file with a rule set.
func scoreFile(rs *RuleSet, path string) (*EvalReport, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("observatory eval: %w (give the evaluation set as an argument)", err)
	}
	defer f.Close()
	rep, err := Evaluate(rs, f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rep, nil
}

// RunEvalCommand runs `creatorclub observatory eval [flags] [FILE...]`: it
// scores a rule file against hand-labelled evaluation sets and prints
// precision, recall and F1 per label for one set, or a line per set for
// several. With -baseline it scores an earlier rule file too and says, per
// set, which verdicts the change fixed and which it broke: what whoever
// edits the rule file after a change in the law needs to see. Without FILE
// it reads the set embedded in the repository's testdata when run from
// the repository, else it needs FILE.
func RunEvalCommand(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("observatory eval", flag.ContinueOnError)
	fs.SetOutput(stdout)
	rulesPath := fs.String("rules", "", "rule file (TOML); default: the rules built into the binary")
	basePath := fs.String("baseline", "", "an earlier rule file (TOML) to compare with: each set's figures with both, and how many verdicts changed")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	misses := fs.Bool("misses", false, "list every post where the engine and the hand label disagree")
	changes := fs.Bool("changes", false, "with -baseline: list every verdict fixed, broken or changed")
	noRegression := fs.Bool("fail-on-regression", false, "with -baseline: exit with an error if a set's commercial F1 or disclosure accuracy is lower than with the baseline")
	minF1 := fs.Float64("min-commercial-f1", 0, "exit with an error if F1 of the commercial label is below this")
	minAcc := fs.Float64("min-disclosure-accuracy", 0, "exit with an error if the disclosure accuracy is below this")
	fs.Usage = func() {
		fmt.Fprintf(stdout, "Usage: creatorclub observatory eval [flags] [FILE.jsonl ...]\n\nScores the rules against hand-labelled evaluation sets (default %s).\n\n", defaultEvalPath)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*changes || *noRegression) && *basePath == "" {
		return errors.New("observatory eval: -changes and -fail-on-regression need -baseline")
	}
	rs, err := loadRuleFile(*rulesPath)
	if err != nil {
		return err
	}
	var base *RuleSet
	if *basePath != "" {
		if base, err = loadRuleFile(*basePath); err != nil {
			return err
		}
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{defaultEvalPath}
	}
	sets := make([]evalSet, 0, len(paths))
	for _, path := range paths {
		s := evalSet{File: path}
		if s.Report, err = scoreFile(rs, path); err != nil {
			return err
		}
		if base != nil {
			if s.Baseline, err = scoreFile(base, path); err != nil {
				return err
			}
			c := s.Report.Compare(s.Baseline)
			s.Comparison = &c
		}
		sets = append(sets, s)
	}
	if err := writeEval(stdout, sets, *asJSON, *misses, *changes); err != nil {
		return err
	}
	var failed []string
	for _, s := range sets {
		if f1 := s.Report.Score("commercial").F1; f1 < *minF1 {
			failed = append(failed, fmt.Sprintf("%s: F1 for commercial is %.3f, below %.3f", s.File, f1, *minF1))
		}
		if s.Report.DisclosureAccuracy < *minAcc {
			failed = append(failed, fmt.Sprintf("%s: disclosure accuracy is %.3f, below %.3f", s.File, s.Report.DisclosureAccuracy, *minAcc))
		}
		if *noRegression && s.regressed() {
			failed = append(failed, fmt.Sprintf("%s: lower than with the baseline (commercial F1 %.3f, was %.3f; disclosure accuracy %.3f, was %.3f)", s.File,
				s.Report.Score("commercial").F1, s.Baseline.Score("commercial").F1, s.Report.DisclosureAccuracy, s.Baseline.DisclosureAccuracy))
		}
	}
	if len(failed) > 0 {
		return errors.New("observatory eval: " + strings.Join(failed, "; "))
	}
	return nil
}

// writeEval prints the scored sets: one set alone in full, as before;
// several sets, or any set with a baseline, a line each.
func writeEval(w io.Writer, sets []evalSet, asJSON, misses, changes bool) error {
	single := len(sets) == 1 && sets[0].Baseline == nil
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if single {
			return enc.Encode(sets[0].Report)
		}
		return enc.Encode(struct {
			Sets []evalSet `json:"sets"`
		}{sets})
	}
	if single {
		if err := sets[0].Report.WriteText(w); err != nil {
			return err
		}
	} else if err := writeSummary(w, sets); err != nil {
		return err
	}
	if misses {
		for _, s := range sets {
			for _, m := range s.Report.Misses {
				prefix := ""
				if !single {
					prefix = s.File + " "
				}
				fmt.Fprintf(w, "%sline %d %s %s: want %q got %q%s\n", prefix, m.Line, m.ID, m.Field, m.Want, m.Got, dashNote(m.Note))
			}
		}
	}
	if changes {
		writeChanges(w, sets)
	}
	return nil
}

// defaultEvalPath is where the evaluation set lives in the repository.
const defaultEvalPath = "observatory/testdata/eval/posts.jsonl"
