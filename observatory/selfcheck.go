package observatory

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxSelfCheckRunes is the longest caption the self-check accepts: more
// than any platform allows (Instagram 2,200, YouTube descriptions 5,000).
const MaxSelfCheckRunes = 10000

// SelfCheckItem is one finding with its explanation in French and English.
type SelfCheckItem struct {
	Finding Finding     `json:"finding"`
	FR      Explanation `json:"fr"`
	EN      Explanation `json:"en"`
}

// SelfCheck is what a member learns about a draft caption.
type SelfCheck struct {
	RulesVersion string    `json:"rules_version"`
	Date         time.Time `json:"date"` // the date the law was read at
	Result       Result    `json:"result"`
	// Items are the findings, the most serious first.
	Items []SelfCheckItem `json:"items"`
}

// CheckCaption runs the engine on a member's draft caption as it would be
// published on date (today when zero). It refuses an empty or overlong
// text with a message saying what to fix.
func (e *Engine) CheckCaption(text string, date time.Time, paidFlag bool) (*SelfCheck, error) {
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("observatory: the caption is empty")
	}
	if n := utf8.RuneCountInString(text); n > MaxSelfCheckRunes {
		return nil, fmt.Errorf("observatory: the caption has %d characters, more than %d", n, MaxSelfCheckRunes)
	}
	if date.IsZero() {
		date = time.Now()
	}
	p := &Post{ID: "self-check", Text: text, PublishedAt: date}
	if paidFlag {
		p.PaidPartnership = &paidFlag
	}
	res := e.Analyze(p)
	sc := &SelfCheck{RulesVersion: e.rules.Version(), Date: date, Result: res}
	for _, f := range res.Findings {
		it := SelfCheckItem{Finding: f, FR: e.Explain(f, "fr"), EN: e.Explain(f, "en")}
		if res.Disclosure == DisclosureCompliant {
			e.alreadyDisclosed(&it)
		}
		sc.Items = append(sc.Items, it)
	}
	rank := map[string]int{"error": 0, "warning": 1, "info": 2}
	slices.SortStableFunc(sc.Items, func(a, b SelfCheckItem) int { return rank[a.FR.Severity] - rank[b.FR.Severity] })
	return sc, nil
}

// alreadyDisclosed rewords an item of a caption that carries a clear,
// immediate mention: the signals that make it commercial, and the weaker
// mentions beside the clear one, are information, not something to fix
// ("add « Publicité » at the start" would send the member looking for a
// mistake that is not there).
func (e *Engine) alreadyDisclosed(it *SelfCheckItem) {
	r := e.rules.byID[it.Finding.Rule]
	if r == nil {
		return
	}
	t := e.rules.file.SelfCheck
	fr, en := "", ""
	switch {
	case r.Kind == KindSignal:
		fr, en = t.SignalDisclosedFR, t.SignalDisclosedEN
	case r.Kind == KindDisclosure && r.Class == string(DisclosureImprovable):
		fr, en = t.MentionRedundantFR, t.MentionRedundantEN
	default:
		return
	}
	it.FR.Severity, it.EN.Severity = "info", "info"
	if fr != "" && en != "" {
		it.FR.Fix, it.EN.Fix = fr, en
	}
}

// Explanation returns the explanation of an item in lang ("fr" or "en").
func (it SelfCheckItem) Explanation(lang string) Explanation {
	if lang == "en" {
		return it.EN
	}
	return it.FR
}
