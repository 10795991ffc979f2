package report

import (
	"fmt"
	"hash/fnv"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/creatorclub/creatorclub/observatory/stats"
)

// The charts are hand-made SVG: a few bar and line charts do not need a
// plotting library, and hand-made markup stays small, accessible (a title
// and a text alternative) and styled like the page.

const (
	colorCompliant    = "#2e7d32"
	colorImprovable   = "#b26a00"
	colorNonCompliant = "#c62828"
	colorBefore       = "#78909c"
	colorAfter        = "#1565c0"
	colorAxis         = "#444"
	colorGrid         = "#ddd"
)

// segment is a part of a stacked bar.
type segment struct {
	Label string
	Value float64 // share, 0–1
	Color string
}

// stackedBar is one row of a 100 % stacked bar chart.
type stackedBar struct {
	Label    string
	N        int64
	Segments []segment
}

// stackedBars draws horizontal 100 % stacked bars.
func stackedBars(nf numFormat, title, desc string, bars []stackedBar, legend []segment) template.HTML {
	const labelW, barW, rowH, top = 190.0, 480.0, 30.0, 34.0
	w := labelW + barW + 70
	h := top + rowH*float64(len(bars)) + 30
	var b strings.Builder
	svgOpen(&b, w, h, title, desc)
	legendRow(&b, labelW, 16, legend)
	for i, bar := range bars {
		y := top + rowH*float64(i)
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" text-anchor="end" class="lbl">%s</text>`, labelW-8, y+rowH/2+4, esc(bar.Label))
		x := labelW
		for _, s := range bar.Segments {
			sw := barW * s.Value
			if sw <= 0 {
				continue
			}
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s: %s</title></rect>`, x, y+4, sw, rowH-8, s.Color, esc(bar.Label+" — "+s.Label), nf.pct(s.Value))
			if sw > 38 {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" class="in">%s</text>`, x+sw/2, y+rowH/2+4, nf.pct0(s.Value))
			}
			x += sw
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="n">n = %s</text>`, labelW+barW+6, y+rowH/2+4, nf.count(bar.N))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// rateGroup is a group of bars (one per series) with their intervals.
type rateGroup struct {
	Label string
	Rates []stats.Rate // one per series
}

// groupedBars draws vertical bars with Wilson intervals as error bars.
func groupedBars(nf numFormat, title, desc string, groups []rateGroup, series []segment) template.HTML {
	const left, top, plotH, bottom = 48.0, 34.0, 220.0, 46.0
	ns := max(1, len(series))
	longest := 0
	for _, g := range groups {
		longest = max(longest, len([]rune(shorten(g.Label, 24))))
	}
	groupW := math.Max(math.Max(60, float64(ns)*34+22), 6.5*float64(longest)+12)
	w := left + groupW*float64(max(1, len(groups))) + 20
	h := top + plotH + bottom
	// The scale fits the largest interval: small shares (restricted
	// sectors) stay readable.
	top1 := 0.0
	for _, g := range groups {
		for _, r := range g.Rates {
			if r.N > 0 {
				top1 = math.Max(top1, r.High)
			}
		}
	}
	scale := 1.0
	for _, s := range []float64{0.02, 0.05, 0.1, 0.2, 0.5} {
		if top1 <= s {
			scale = s
			break
		}
	}
	var b strings.Builder
	svgOpen(&b, w, h, title, desc)
	legendRow(&b, left, 16, series)
	yAxisScaled(nf, &b, left, top, plotH, w-10, scale)
	for gi, g := range groups {
		gx := left + groupW*float64(gi) + 11
		for si, r := range g.Rates {
			if si >= len(series) {
				break
			}
			x := gx + float64(si)*34
			y := top + plotH*(1-r.Rate/scale)
			if r.N > 0 {
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="28" height="%.1f" fill="%s"><title>%s — %s: %s [%s – %s], n = %s</title></rect>`,
					x, y, plotH*r.Rate/scale, series[si].Color, esc(g.Label), esc(series[si].Label), nf.pct(r.Rate), nf.pct(r.Low), nf.pct(r.High), nf.count(int64(r.N)))
				ylo, yhi := top+plotH*(1-r.Low/scale), top+plotH*(1-math.Min(r.High, scale)/scale)
				fmt.Fprintf(&b, `<path d="M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f %.1fH%.1f" stroke="%s" stroke-width="1.5" fill="none"/>`,
					x+14, ylo, yhi, x+8, ylo, x+20, x+8, yhi, x+20, colorAxis)
			} else {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" class="n">–</text>`, x+14, top+plotH-4)
			}
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" class="lbl">%s</text>`, gx+float64(ns)*17-3, top+plotH+18, esc(shorten(g.Label, 24)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// point is one month of a line chart.
type point struct {
	Label string
	Rate  stats.Rate
}

// lineChart draws one or two monthly series with their intervals as a band,
// and a vertical line at the cut-off.
func lineChart(nf numFormat, title, desc string, series [][]point, legend []segment, cutoffIndex float64) template.HTML {
	const left, top, plotH, bottom = 48.0, 34.0, 220.0, 50.0
	n := 0
	for _, s := range series {
		n = max(n, len(s))
	}
	step := 18.0
	if n > 0 {
		step = math.Max(8, math.Min(40, 640/float64(n)))
	}
	w := left + step*float64(max(1, n)) + 30
	h := top + plotH + bottom
	var b strings.Builder
	svgOpen(&b, w, h, title, desc)
	legendRow(&b, left, 16, legend)
	yAxis(nf, &b, left, top, plotH, w-10)
	x := func(i int) float64 { return left + step*(float64(i)+0.5) }
	y := func(v float64) float64 { return top + plotH*(1-v) }
	if cutoffIndex >= 0 && n > 0 {
		cx := left + step*cutoffIndex
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-dasharray="4 3"/>`, cx, cx, top, top+plotH, colorAxis)
	}
	for si, s := range series {
		color := legend[si%len(legend)].Color
		// The interval band, then the line, breaking at empty months.
		var band, line strings.Builder
		var lows []string
		started := false
		for i, p := range s {
			if p.Rate.N == 0 {
				continue
			}
			fmt.Fprintf(&band, "%s%.1f %.1f", cmd(band.Len() == 0, "M", "L"), x(i), y(p.Rate.High))
			lows = append([]string{fmt.Sprintf("L%.1f %.1f", x(i), y(p.Rate.Low))}, lows...)
			fmt.Fprintf(&line, "%s%.1f %.1f", cmd(!started, "M", "L"), x(i), y(p.Rate.Rate))
			started = true
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s"><title>%s — %s: %s [%s – %s], n = %s</title></circle>`,
				x(i), y(p.Rate.Rate), color, esc(p.Label), esc(legend[si%len(legend)].Label), nf.pct(p.Rate.Rate), nf.pct(p.Rate.Low), nf.pct(p.Rate.High), nf.count(int64(p.Rate.N)))
		}
		if band.Len() > 0 {
			fmt.Fprintf(&b, `<path d="%s%sZ" fill="%s" fill-opacity="0.15" stroke="none"/>`, band.String(), strings.Join(lows, ""), color)
			fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="%s" stroke-width="2"/>`, line.String(), color)
		}
	}
	every := max(1, int(math.Ceil(40/step)))
	if len(series) > 0 {
		for i, p := range series[0] {
			if i%every == 0 {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="end" transform="rotate(-45 %.1f %.1f)" class="tick">%s</text>`, x(i), top+plotH+14, x(i), top+plotH+14, esc(p.Label))
			}
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func cmd(first bool, a, b string) string {
	if first {
		return a
	}
	return b
}

func svgOpen(b *strings.Builder, w, h float64, title, desc string) {
	id := fnv.New32a()
	id.Write([]byte(title))
	n := id.Sum32()
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-labelledby="t%x d%x">`, w, h, w, h, n, n)
	fmt.Fprintf(b, `<title id="t%x">%s</title><desc id="d%x">%s</desc>`, n, esc(title), n, esc(desc))
	b.WriteString(`<style>.lbl{font:12px sans-serif;fill:#222}.n,.tick{font:11px sans-serif;fill:#555}.in{font:11px sans-serif;fill:#fff}.leg{font:12px sans-serif;fill:#222}</style>`)
}

func legendRow(b *strings.Builder, x, y float64, items []segment) {
	for _, it := range items {
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="12" height="12" fill="%s"/><text x="%.1f" y="%.1f" class="leg">%s</text>`, x, y-10, it.Color, x+16, y, esc(it.Label))
		x += 26 + 7*float64(len([]rune(it.Label)))
	}
}

func yAxis(nf numFormat, b *strings.Builder, left, top, plotH, right float64) {
	yAxisScaled(nf, b, left, top, plotH, right, 1)
}

// yAxisScaled draws a percentage axis from 0 to scale (a share).
func yAxisScaled(nf numFormat, b *strings.Builder, left, top, plotH, right, scale float64) {
	for _, f := range []float64{0, 0.25, 0.5, 0.75, 1} {
		y := top + plotH*(1-f)
		label := nf.pct0(f * scale)
		if scale < 0.1 {
			label = nf.pct(f * scale)
		}
		fmt.Fprintf(b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s"/><text x="%.1f" y="%.1f" text-anchor="end" class="tick">%s</text>`,
			left, right, y, y, colorGrid, left-6, y+4, label)
	}
	fmt.Fprintf(b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s"/>`, left, left, top, top+plotH, colorAxis)
}

func esc(s string) string { return html.EscapeString(s) }

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// numFormat writes numbers in a report's language: a decimal comma in
// French ("71,2 %"), a point in English ("71.2 %").
type numFormat struct{ lang string }

// decimalSep puts the language's decimal separator in a number written
// with a point.
func (nf numFormat) decimalSep(s string) string {
	if nf.lang == "en" {
		return s
	}
	return strings.Replace(s, ".", ",", 1)
}

// pct formats a share with one decimal.
func (nf numFormat) pct(v float64) string {
	return nf.decimalSep(fmt.Sprintf("%.1f\u00a0%%", 100*v))
}

// points formats a difference of two shares, in percentage points
// ("pts" in French, "pp" in English): "+15 %" would read as a relative
// change.
func (nf numFormat) points(v float64) string {
	unit := "pts"
	if nf.lang == "en" {
		unit = "pp"
	}
	return nf.decimalSep(fmt.Sprintf("%.1f\u00a0%s", 100*v, unit))
}

// pct0 formats a share without decimals.
func (nf numFormat) pct0(v float64) string { return fmt.Sprintf("%.0f\u00a0%%", 100*v) }

// count writes a whole number with its thousands grouped: "25 158" with a
// narrow no-break space in French, "25,158" in English.
func (nf numFormat) count(n int64) string {
	digits := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(digits, "-")
	digits = strings.TrimPrefix(digits, "-")
	sep := "\u202f"
	if nf.lang == "en" {
		sep = ","
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// decimal writes v with three decimals.
func (nf numFormat) decimal(v float64) string {
	return nf.decimalSep(strconv.FormatFloat(v, 'f', 3, 64))
}

// landmark is a row of the published-figures chart: a share another study
// published and this corpus's estimate of it.
type landmark struct {
	Label     string
	Published float64
	Corpus    stats.Rate
}

// landmarkChart draws, for each published figure, the published share (a
// diamond) and this corpus's estimate with its Wilson interval (a dot on a
// line), on one percentage axis: whether the interval reaches the diamond
// reads at a glance.
func landmarkChart(nf numFormat, title, desc string, rows []landmark, legend []segment) template.HTML {
	const labelW, plotW, rowH, top = 310.0, 420.0, 28.0, 40.0
	w := labelW + plotW + 30
	h := top + rowH*float64(len(rows)) + 26
	x := func(v float64) float64 { return labelW + plotW*v }
	var b strings.Builder
	svgOpen(&b, w, h, title, desc)
	legendRow(&b, labelW, 16, legend)
	bottom := top + rowH*float64(len(rows))
	for _, f := range []float64{0, 0.25, 0.5, 0.75, 1} {
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s"/><text x="%.1f" y="%.1f" text-anchor="middle" class="tick">%s</text>`,
			x(f), x(f), top-6, bottom, colorGrid, x(f), bottom+16, nf.pct0(f))
	}
	for i, r := range rows {
		y := top + rowH*float64(i) + rowH/2
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" text-anchor="end" class="lbl">%s</text>`, labelW-10, y+4, esc(shorten(r.Label, 50)))
		if r.Corpus.N > 0 {
			c := r.Corpus
			fmt.Fprintf(&b, `<path d="M%.1f %.1fH%.1f" stroke="%s" stroke-width="2"/><circle cx="%.1f" cy="%.1f" r="4" fill="%s"><title>%s — %s: %s [%s – %s], n = %s</title></circle>`,
				x(c.Low), y, x(c.High), legend[1].Color, x(c.Rate), y, legend[1].Color, esc(r.Label), esc(legend[1].Label), nf.pct(c.Rate), nf.pct(c.Low), nf.pct(c.High), nf.count(int64(c.N)))
		} else {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="n">–</text>`, x(0)+4, y+4)
		}
		px := x(r.Published)
		fmt.Fprintf(&b, `<path d="M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ" fill="%s"><title>%s — %s: %s</title></path>`,
			px, y-6, px+6, y, px, y+6, px-6, y, legend[0].Color, esc(r.Label), esc(legend[0].Label), nf.pct(r.Published))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
