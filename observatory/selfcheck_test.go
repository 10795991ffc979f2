package observatory

import (
	"strings"
	"testing"
	"time"
)

func TestCheckCaption(t *testing.T) {
	sc, err := testEngine.CheckCaption("Injection de botox 💉 chez @clinique, code LISSE10 #sp", day(after), false)
	if err != nil {
		t.Fatal(err)
	}
	if !sc.Result.Commercial || len(sc.Result.Sectors) != 1 || sc.RulesVersion == "" {
		t.Fatalf("got %+v", sc.Result)
	}
	// The most serious first: the sector before the improvable mention.
	if sc.Items[0].FR.Severity != "error" || sc.Items[len(sc.Items)-1].FR.Severity == "error" {
		t.Errorf("order: %+v", sc.Items)
	}
	for _, it := range sc.Items {
		if it.FR.Text == "" || it.EN.Text == "" || it.Explanation("en").Text != it.EN.Text || it.Explanation("fr").Text != it.FR.Text {
			t.Errorf("explanations of %s: %+v", it.Finding.Rule, it)
		}
	}
	// The platform's flag counts, by the reading of the date.
	sc, _ = testEngine.CheckCaption("Mes baskets du moment", day(before), true)
	if sc.Result.Disclosure != DisclosureImprovable {
		t.Errorf("flag before the ordinance: %q", sc.Result.Disclosure)
	}
	// Today when no date is given.
	sc, _ = testEngine.CheckCaption("Mes baskets", time.Time{}, false)
	if time.Since(sc.Date) > time.Minute {
		t.Errorf("date %v", sc.Date)
	}
	if _, err := testEngine.CheckCaption(" \n", time.Time{}, false); err == nil {
		t.Error("an empty caption should be refused")
	}
	if _, err := testEngine.CheckCaption(strings.Repeat("é", MaxSelfCheckRunes+1), time.Time{}, false); err == nil {
		t.Error("an overlong caption should be refused")
	}
}

// TestCheckCaptionFast: the self-check answers in milliseconds.
func TestCheckCaptionFast(t *testing.T) {
	text := strings.Repeat("Ma routine du soir avec la crème @douceur ✨ code LEA15 #skincare ", 30)
	start := time.Now()
	for i := 0; i < 100; i++ {
		if _, err := testEngine.CheckCaption(text, time.Time{}, false); err != nil {
			t.Fatal(err)
		}
	}
	if per := time.Since(start) / 100; per > 20*time.Millisecond {
		t.Errorf("a 2,000-character caption took %v", per)
	}
}

// TestCheckCaptionAlreadyDisclosed: on a caption that starts with a clear
// mention, the promo code and a "#sp" beside it are information with
// nothing to fix; on the same caption without the mention, they are
// things to improve, with their own fix.
func TestCheckCaptionAlreadyDisclosed(t *testing.T) {
	item := func(sc *SelfCheck, kind string) *SelfCheckItem {
		t.Helper()
		for i := range sc.Items {
			if r := testEngine.rules.byID[sc.Items[i].Finding.Rule]; r != nil && r.Kind == kind && (kind != KindDisclosure || r.Class == string(DisclosureImprovable)) {
				return &sc.Items[i]
			}
		}
		t.Fatalf("no %s finding in %+v", kind, sc.Items)
		return nil
	}
	texts := testEngine.rules.file.SelfCheck
	disclosed, err := testEngine.CheckCaption("Publicité | Mon fond de teint préféré, code NINA15 pour -15 % #makeup #sp", day(after), false)
	if err != nil {
		t.Fatal(err)
	}
	if disclosed.Result.Disclosure != DisclosureCompliant {
		t.Fatalf("disclosure %q", disclosed.Result.Disclosure)
	}
	code, sp := item(disclosed, KindSignal), item(disclosed, KindDisclosure)
	for _, it := range []*SelfCheckItem{code, sp} {
		if it.FR.Severity != "info" || it.EN.Severity != "info" {
			t.Errorf("%s: severity %q/%q on a disclosed caption", it.Finding.Rule, it.FR.Severity, it.EN.Severity)
		}
	}
	if code.FR.Fix != texts.SignalDisclosedFR || code.EN.Fix != texts.SignalDisclosedEN || !strings.Contains(code.FR.Fix, "rien à corriger") {
		t.Errorf("promo code's fix: %q / %q", code.FR.Fix, code.EN.Fix)
	}
	if sp.FR.Fix != texts.MentionRedundantFR || sp.EN.Fix != texts.MentionRedundantEN {
		t.Errorf("#sp's fix: %q / %q", sp.FR.Fix, sp.EN.Fix)
	}

	bare, _ := testEngine.CheckCaption("Mon fond de teint préféré, code NINA15 pour -15 % #makeup #sp", day(after), false)
	if bare.Result.Disclosure != DisclosureImprovable {
		t.Fatalf("disclosure %q", bare.Result.Disclosure)
	}
	code, sp = item(bare, KindSignal), item(bare, KindDisclosure)
	for _, it := range []*SelfCheckItem{code, sp} {
		r := testEngine.rules.byID[it.Finding.Rule]
		if it.FR.Severity != r.Severity || it.FR.Fix != r.FixFR || it.EN.Fix != r.FixEN || strings.Contains(it.FR.Fix, "rien à corriger") {
			t.Errorf("%s on an undisclosed caption: %q %q", it.Finding.Rule, it.FR.Severity, it.FR.Fix)
		}
	}
}
