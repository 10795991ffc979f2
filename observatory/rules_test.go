package observatory

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestDefaultRules(t *testing.T) {
	rs := DefaultRules()
	if rs.Version() == "" {
		t.Fatal("no version")
	}
	if len(rs.Sources()) < 3 {
		t.Errorf("the rule file cites %d sources", len(rs.Sources()))
	}
	kinds := map[string]int{}
	sectors := map[string]bool{}
	for _, r := range rs.Rules() {
		kinds[r.Kind]++
		if r.Kind == KindSector {
			sectors[r.Sector] = true
		}
		if r.Law == "" || r.ExplainFR == "" || r.ExplainEN == "" {
			t.Errorf("rule %s lacks its law or explanations", r.ID)
		}
		if r.Kind != KindVerdict && r.Kind != KindNotSponsored && (r.FixFR == "" || r.FixEN == "") {
			t.Errorf("rule %s lacks its fix", r.ID)
		}
	}
	for _, k := range []string{KindSignal, KindDisclosure, KindNotSponsored, KindSector, KindImageLabel, KindVerdict} {
		if kinds[k] == 0 {
			t.Errorf("no rule of kind %s", k)
		}
	}
	for _, s := range []string{"cosmetic_surgery", "therapeutic_abstention", "nicotine", "wild_animals", "crypto_finance", "gambling", "sports_prognostics"} {
		if !sectors[s] {
			t.Errorf("no rule for sector %s", s)
		}
	}
	// The reading of the law changes on 7 November 2024.
	eq := rs.Rule("disclosure.equivalent_wording")
	if eq == nil || eq.From.Format("2006-01-02") != "2024-11-07" {
		t.Errorf("equivalent wording should apply from 2024-11-07, got %+v", eq)
	}
	if old := rs.Rule("disclosure.equivalent_before_ordinance"); old == nil || old.Until.Format("2006-01-02") != "2024-11-06" || len(old.Phrases) != len(eq.Phrases) {
		t.Errorf("the reading before the ordinance should reuse the same patterns until 2024-11-06")
	}
}

// minimalRules is a valid rule file: the verdicts and one signal.
const minimalRules = `version = "test-1"

[[source]]
id = "loi"
title = "Loi n° 2023-451"

[[rule]]
id = "signal.code"
kind = "signal"
label = "commercial.promo_code"
code_after = ["code"]
law = "art. 5"
explain_fr = "x"
explain_en = "x"

[[rule]]
id = "verdict.non_compliant"
kind = "verdict"
label = "verdict.non_compliant"
law = "art. 5"
explain_fr = "x"
explain_en = "x"

[[rule]]
id = "verdict.not_visible"
kind = "verdict"
label = "verdict.not_visible"
law = "art. 5"
explain_fr = "x"
explain_en = "x"

[[rule]]
id = "verdict.buried_in_hashtags"
kind = "verdict"
label = "verdict.buried_in_hashtags"
law = "art. 5"
explain_fr = "x"
explain_en = "x"

[[rule]]
id = "verdict.obfuscated"
kind = "verdict"
label = "verdict.obfuscated"
law = "art. 5"
explain_fr = "x"
explain_en = "x"
`

func TestLoadRules(t *testing.T) {
	rs, err := LoadRules("mini.toml", strings.NewReader(minimalRules))
	if err != nil {
		t.Fatal(err)
	}
	if rs.Version() != "test-1" {
		t.Errorf("version %q", rs.Version())
	}
	e := NewEngine(rs)
	r := e.Analyze(&Post{Text: "Mon code LEA15 !"})
	if !r.Commercial || r.Disclosure != DisclosureNonCompliant {
		t.Errorf("got %+v", r)
	}
}

func TestLoadRulesErrors(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(string) string
		line    int
		rule    string
		message string
	}{
		{"syntax error", func(s string) string {
			return strings.Replace(s, `code_after = ["code"]`, `code_after = ["code"`, 1)
		}, 12, "signal.code", ""},
		{"unknown kind", func(s string) string {
			return strings.Replace(s, `kind = "signal"`, `kind = "signl"`, 1)
		}, 7, "signal.code", "unknown kind"},
		{"unknown key", func(s string) string {
			return strings.Replace(s, `code_after = ["code"]`, `code_afterr = ["code"]`, 1)
		}, 11, "signal.code", "unknown key"},
		{"missing explanation", func(s string) string {
			return strings.Replace(s, "explain_en = \"x\"\n\n[[rule]]\nid = \"verdict.non_compliant\"", "\n[[rule]]\nid = \"verdict.non_compliant\"", 1)
		}, 7, "signal.code", "explain_en"},
		{"missing law", func(s string) string {
			return strings.Replace(s, "law = \"art. 5\"\nexplain_fr = \"x\"\nexplain_en = \"x\"\n\n[[rule]]\nid = \"verdict.non_compliant\"", "explain_fr = \"x\"\nexplain_en = \"x\"\n\n[[rule]]\nid = \"verdict.non_compliant\"", 1)
		}, 7, "signal.code", "article of law"},
		{"duplicate id", func(s string) string {
			return strings.Replace(s, `id = "verdict.not_visible"`, `id = "verdict.non_compliant"`, 1)
		}, 24, "verdict.non_compliant", "duplicate"},
		{"bad date range", func(s string) string {
			return strings.Replace(s, `code_after = ["code"]`, "code_after = [\"code\"]\nfrom = 2024-11-07\nuntil = 2023-01-01", 1)
		}, 7, "signal.code", "before from"},
		{"wrong type", func(s string) string {
			return strings.Replace(s, `code_after = ["code"]`, `code_after = "code"`, 1)
		}, 11, "signal.code", "incompatible types"},
		{"unknown source", func(s string) string {
			return strings.Replace(s, `law = "art. 5"`, "law = \"art. 5\"\nsources = [\"nope\"]", 1)
		}, 7, "signal.code", "unknown source"},
		{"missing verdict", func(s string) string {
			return strings.Replace(s, `id = "verdict.obfuscated"`, `id = "verdict.other"`, 1)
		}, 0, "verdict.obfuscated", "must define"},
		{"no version", func(s string) string {
			return strings.Replace(s, `version = "test-1"`, ``, 1)
		}, 0, "", "version"},
		{"no patterns", func(s string) string {
			return strings.Replace(s, `code_after = ["code"]`, ``, 1)
		}, 7, "signal.code", "no patterns"},
		{"unknown mention", func(s string) string {
			return strings.Replace(s, `code_after = ["code"]`, "code_after = [\"code\"]\nmention = \"beside\"", 1)
		}, 7, "signal.code", `"after", "before" or "near"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadRules("rules/test.toml", strings.NewReader(tt.edit(minimalRules)))
			var re *RuleError
			if !errors.As(err, &re) {
				t.Fatalf("got %v, want a *RuleError", err)
			}
			if re.File != "rules/test.toml" || re.Line != tt.line || re.Rule != tt.rule || !strings.Contains(re.Msg, tt.message) {
				t.Errorf("got %q (line %d, rule %q), want line %d, rule %q, message with %q", err, re.Line, re.Rule, tt.line, tt.rule, tt.message)
			}
			if !strings.HasPrefix(err.Error(), "rules/test.toml") {
				t.Errorf("message %q does not name the file", err)
			}
		})
	}
}

func TestLoadRulesDefaultFileRoundTrip(t *testing.T) {
	rs, err := LoadRules("france.toml", bytes.NewReader(defaultRuleFile))
	if err != nil {
		t.Fatal(err)
	}
	if rs.Version() != DefaultRules().Version() {
		t.Error("versions differ")
	}
}

// figureBlock is a valid published figure, appended to minimalRules.
const figureBlock = `
[[published_figure]]
id = "study.h1"
metric = "compliant"
group = "certified"
from = 2023-01-01
until = 2023-06-30
value = 0.59
source = "loi"
title_fr = "Conformes, 1er semestre 2023"
title_en = "Compliant, first half of 2023"
`

func TestPublishedFigures(t *testing.T) {
	rs, err := LoadRules("mini.toml", strings.NewReader(minimalRules+figureBlock))
	if err != nil {
		t.Fatal(err)
	}
	f := rs.Published()
	if len(f) != 1 || f[0].ID != "study.h1" || f[0].Metric != "compliant" || f[0].Group != "certified" ||
		f[0].Value != 0.59 || f[0].From.Format("2006-01-02") != "2023-01-01" || f[0].Until.Format("2006-01-02") != "2023-06-30" {
		t.Fatalf("published figures %+v", f)
	}
	if src := rs.Source("loi"); src == nil || src.Title != "Loi n° 2023-451" {
		t.Errorf("Source(loi) = %+v", src)
	}
	// The group defaults to every creator.
	rs, err = LoadRules("mini.toml", strings.NewReader(minimalRules+strings.Replace(figureBlock, "group = \"certified\"\n", "", 1)))
	if err != nil || rs.Published()[0].Group != "all" {
		t.Errorf("without a group: %v, %+v", err, rs)
	}
	// The embedded file's figures all name a declared source with a URL.
	def := DefaultRules()
	if len(def.Published()) < 4 {
		t.Errorf("the rule file carries %d published figures", len(def.Published()))
	}
	for _, f := range def.Published() {
		if src := def.Source(f.Source); src == nil || src.URL == "" {
			t.Errorf("figure %s: source %q has no URL", f.ID, f.Source)
		}
	}

	figureLine := strings.Count(minimalRules, "\n") + 2
	tests := []struct {
		name, old, new, message string
	}{
		{"unknown metric", `metric = "compliant"`, `metric = "conforme"`, `metric must be one of commercial, compliant, improvable, non_compliant, not "conforme"`},
		{"unknown group", `group = "certified"`, `group = "certifies"`, `group must be one of all, certified, non_certified`},
		{"month not whole (from)", `from = 2023-01-01`, `from = 2023-01-02`, "from (2023-01-02) must be the first day of a month"},
		{"month not whole (until)", `until = 2023-06-30`, `until = 2023-06-29`, "until (2023-06-29) must be the last day of a month"},
		{"dates reversed", `from = 2023-01-01`, `from = 2023-08-01`, "until (2023-06-30) is before from (2023-08-01)"},
		{"no dates", "until = 2023-06-30\n", "", "it needs from and until"},
		{"a percentage", `value = 0.59`, `value = 59.0`, "value must be a share between 0 and 1"},
		{"unknown source", `source = "loi"`, `source = "arpp"`, `unknown source "arpp"`},
		{"no source", "source = \"loi\"\n", "", "it needs the source"},
		{"no English title", "title_en = \"Compliant, first half of 2023\"\n", "", "title_fr and title_en"},
		{"bad id", `id = "study.h2"`, `id = "Study H2"`, "lower-case words"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			second := strings.Replace(figureBlock, `id = "study.h1"`, `id = "study.h2"`, 1)
			block := strings.Replace(second, tt.old, tt.new, 1)
			if block == second {
				t.Fatalf("the edit %q changed nothing", tt.old)
			}
			_, err := LoadRules("rules/test.toml", strings.NewReader(minimalRules+figureBlock+block))
			var re *RuleError
			if !errors.As(err, &re) {
				t.Fatalf("got %v, want a *RuleError", err)
			}
			// The second figure is at fault: its line, its id.
			wantLine := figureLine + strings.Count(figureBlock, "\n")
			if re.Line != wantLine || !strings.Contains(re.Msg, tt.message) || !strings.HasPrefix(err.Error(), "rules/test.toml:") ||
				(tt.name != "bad id" && !strings.Contains(re.Msg, "published figure study.h2: ")) {
				t.Errorf("got %q (line %d), want line %d and %q", err, re.Line, wantLine, tt.message)
			}
		})
	}
	// Two figures with one id.
	_, err = LoadRules("rules/test.toml", strings.NewReader(minimalRules+figureBlock+figureBlock))
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("published figure study.h1: duplicate id (first at line %d)", figureLine)) {
		t.Errorf("duplicate figure: %v", err)
	}
}
