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
