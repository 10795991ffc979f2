package report

import (
	_ "embed"
	"html/template"
	"io"
	"time"

	"github.com/creatorclub/creatorclub/observatory/analysis"
)

//go:embed compare.html.tmpl
var compareTemplate string

var compareTmpl = template.Must(template.New("compare").Funcs(numberFuncs(numFormat{"fr"})).Funcs(template.FuncMap{
	"date": func(t time.Time) string { return t.Format(time.DateOnly) },
}).Parse(compareTemplate))

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
	return compareTemplates[lang].Execute(w, map[string]any{"C": c, "L": L, "Lang": lang, "Rows": rows})
}
