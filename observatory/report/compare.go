package report

import (
	_ "embed"
	"html/template"
	"io"
	"time"

	"github.com/creatorclub/creatorclub/observatory/analysis"
	"github.com/creatorclub/creatorclub/observatory/stats"
)

//go:embed compare.html.tmpl
var compareTemplate string

var compareTmpl = template.Must(template.New("compare").Funcs(numberFuncs(numFormat{"fr"})).Funcs(template.FuncMap{
	"date": func(t time.Time) string { return t.Format(time.DateOnly) },
}).Parse(compareTemplate + baseStyle))

var compareTemplates = map[string]*template.Template{
	"fr": template.Must(compareTmpl.Clone()).Funcs(numberFuncs(numFormat{"fr"})),
	"en": template.Must(compareTmpl.Clone()).Funcs(numberFuncs(numFormat{"en"})),
}

// crossView is a row of the comparison as the page says it.
type crossView struct {
	analysis.CrossRow
	Name    string // the metric or the sector
	Group   string
	Reading string // higher, lower or no difference, at the 5 % level
	Class   string
}

// CompareHTML writes a self-contained page that sets corpus B's shares
// against corpus A's (see analysis.CompareCorpora), in lang ("fr" or "en").
func CompareHTML(w io.Writer, c *analysis.CorpusComparison, lang string) error {
	if lang != "en" {
		lang = "fr"
	}
	L := labels[lang]
	rows := make([]crossView, len(c.Rows))
	for i, r := range c.Rows {
		v := crossView{CrossRow: r, Name: L[r.Metric], Group: L[r.Group]}
		if r.Metric == "sector" {
			v.Name = sectorName(L, r.Sector)
		}
		if r.Group == "all" {
			v.Group = L["all_creators"]
		}
		switch {
		case !r.Testable || r.P >= 0.05:
			v.Reading = L["cmp_same"]
		case r.Diff > 0:
			v.Reading, v.Class = L["cmp_higher"], "differs"
		default:
			v.Reading, v.Class = L["cmp_lower"], "differs"
		}
		rows[i] = v
	}
	// Charts: the shares of all creators' posts, then the sectors; a bar
	// per corpus with its Wilson interval.
	nf := numFormat{lang}
	sides := []segment{{"A — " + shorten(c.A.Corpus, 40), 0, colorBefore}, {"B — " + shorten(c.B.Corpus, 40), 0, colorAfter}}
	var shares, sectors []rateGroup
	for _, v := range rows {
		if v.CrossRow.Group != "all" || v.Metric == "restricted" {
			continue
		}
		g := rateGroup{Label: v.Name, Rates: []stats.Rate{v.Before, v.After}}
		if v.Metric == "sector" {
			sectors = append(sectors, g)
		} else {
			shares = append(shares, g)
		}
	}
	var charts []chart
	if len(shares) > 0 {
		charts = append(charts, chart{Title: L["cmp_chart_shares"], Note: L["cmp_chart_shares_note"],
			SVG: groupedBars(nf, L["cmp_chart_shares"], L["cmp_chart_shares_note"], shares, sides)})
	}
	if len(sectors) > 0 {
		charts = append(charts, chart{Title: L["cmp_chart_sectors"], Note: L["cmp_chart_sectors_note"],
			SVG: groupedBars(nf, L["cmp_chart_sectors"], L["cmp_chart_sectors_note"], sectors, sides)})
	}
	return compareTemplates[lang].Execute(w, map[string]any{"C": c, "L": L, "Lang": lang, "Rows": rows, "Charts": charts})
}
