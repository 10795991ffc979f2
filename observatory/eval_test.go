package observatory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Targets for the hand-labelled evaluation set (testdata/eval/posts.jsonl),
// recorded here as the issue asks. The suite fails below them.
//
// Figures with rule file 2026-11-28.9 on 515 posts (2026-11-28):
// commercial F1 0.992 (P 0.994, R 0.991); disclosure accuracy 0.990 over
// all posts, 0.991 over the posts labelled commercial. The rules were
// written from the phenomena (wordings, tricks, sectors), not from post
// ids; the misses left are jokes ("Thanks for having us, said nobody", a
// "Partenariat rémunéré" taken back), virtual influencers naming a brand
// without any other sign, a two-letter promo code, and a crypto referral
// that names no crypto word.
const (
	targetCommercialF1         = 0.90
	targetDisclosureAccuracy   = 0.95
	targetSectorF1             = 0.80 // each sector
	targetImageLabelF1         = 0.90
	evaluationSetMinimumLength = 400
)

// evaluateSet scores rs on a set of testdata/eval and logs the scores.
func evaluateSet(t *testing.T, rs *RuleSet, file string) *EvalReport {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata/eval", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := Evaluate(rs, f)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rep.WriteText(&out)
	t.Log("\n" + out.String())
	return rep
}

func TestEvaluationSet(t *testing.T) {
	rep := evaluateSet(t, DefaultRules(), "posts.jsonl")
	if rep.Posts < evaluationSetMinimumLength {
		t.Errorf("the evaluation set has %d posts, fewer than %d", rep.Posts, evaluationSetMinimumLength)
	}
	if f1 := rep.Score("commercial").F1; f1 < targetCommercialF1 {
		t.Errorf("F1 for commercial is %.3f, below the target %.2f", f1, targetCommercialF1)
	}
	if rep.DisclosureAccuracy < targetDisclosureAccuracy {
		t.Errorf("disclosure accuracy is %.3f, below the target %.2f", rep.DisclosureAccuracy, targetDisclosureAccuracy)
	}
	for _, s := range rep.Labels {
		switch {
		case strings.HasPrefix(s.Label, "sector.") && s.Support >= 3 && s.F1 < targetSectorF1,
			strings.HasPrefix(s.Label, "image.") && s.Support >= 3 && s.F1 < targetImageLabelF1:
			t.Errorf("F1 for %s is %.3f, below target", s.Label, s.F1)
		}
	}
}

func TestEvaluateScores(t *testing.T) {
	set := `{"id":"a","published_at":"2024-03-01","text":"Publicité @x code LEA15","expect":{"commercial":true,"disclosure":"compliant"}}
{"id":"b","published_at":"2024-03-01T10:00:00+01:00","text":"Mon gratin","expect":{"commercial":false,"disclosure":""}}
{"id":"c","published_at":"2024-03-01","text":"code THEO10 -10%","expect":{"commercial":true,"disclosure":"non_compliant"}}
{"id":"d","published_at":"2024-03-01","text":"Mon gratin, code MAMIE10","expect":{"commercial":false,"disclosure":""},"note":"a hand label the engine disagrees with"}

`
	rep, err := Evaluate(DefaultRules(), strings.NewReader(set))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Posts != 4 {
		t.Errorf("posts %d", rep.Posts)
	}
	c := rep.Score("commercial")
	if c.TP != 2 || c.FP != 1 || c.FN != 0 || c.Support != 2 {
		t.Errorf("commercial counts %+v", c)
	}
	if want := 2.0 / 3; c.Precision != want || c.Recall != 1 || c.F1 != 2*want/(want+1) {
		t.Errorf("commercial scores %+v", c)
	}
	if rep.DisclosureAccuracy != 0.75 || rep.DisclosureAccuracyCommercial != 1 {
		t.Errorf("accuracy %v / %v", rep.DisclosureAccuracy, rep.DisclosureAccuracyCommercial)
	}
	if len(rep.Misses) != 2 || rep.Misses[0].ID != "d" || rep.Misses[0].Line != 4 {
		t.Errorf("misses %+v", rep.Misses)
	}
}

// TestEvaluateUnlabelledSectors checks that a post whose sectors or image
// labels are left out (a set made from a human review) is scored on its
// verdict only, while [] still says "none".
func TestEvaluateUnlabelledSectors(t *testing.T) {
	const text = "Publicité : paris sportifs, cote boostée sur @winbet avec mon code LEO10 #Imagesretouchées"
	labelled := `{"id":"a","published_at":"2024-03-01","text":"` + text + `","expect":{"commercial":true,"disclosure":"compliant","sectors":[],"image_labels":[]}}`
	unlabelled := `{"id":"b","published_at":"2024-03-01","text":"` + text + `","expect":{"commercial":true,"disclosure":"compliant","sectors":null}}`
	rep, err := Evaluate(DefaultRules(), strings.NewReader(labelled+"\n"+unlabelled+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.SectorsLabelled != 1 || rep.ImagesLabelled != 1 {
		t.Errorf("labelled %d sectors, %d images; want 1 and 1", rep.SectorsLabelled, rep.ImagesLabelled)
	}
	var fields []string
	for _, m := range rep.Misses {
		if m.ID != "a" {
			t.Errorf("post b missed on %s (%s, got %s): its sectors and images are not labelled", m.Field, m.Want, m.Got)
		}
		fields = append(fields, m.Field)
	}
	if !slices.Contains(fields, "sector") || !slices.Contains(fields, "image") {
		t.Errorf("post a's misses %v: [] says no sector and no image label, the engine finds both", fields)
	}
	if s := rep.Score("sector.gambling"); s.FP != 1 {
		t.Errorf("gambling %+v: one false positive (post a) only", s)
	}
	if s := rep.Score("commercial"); s.TP != 2 {
		t.Errorf("commercial %+v: both posts scored", s)
	}
	var out strings.Builder
	if err := rep.WriteText(&out); err != nil || !strings.Contains(out.String(), "sectors labelled on 1 posts, image labels on 1") {
		t.Errorf("text report does not say how many posts were labelled (%v):\n%s", err, out.String())
	}
}

func TestEvaluateBadInput(t *testing.T) {
	tests := []struct{ name, set, want string }{
		{"not JSON", "{\"id\":\"a\",\"text\":\"x\",\"expect\":{}}\nnot json\n", "line 2"},
		{"not an object", "[1,2]\n", "line 1"},
		{"unknown class", `{"id":"a","text":"x","expect":{"disclosure":"ok"}}`, `unknown disclosure class "ok"`},
		{"bad date", `{"id":"a","text":"x","published_at":"12/03/2024","expect":{}}`, "published_at"},
		{"empty", "\n\n", "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Evaluate(DefaultRules(), strings.NewReader(tt.set))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func TestRunEvalCommand(t *testing.T) {
	var out bytes.Buffer
	if err := RunEvalCommand([]string{"-misses", "-min-commercial-f1", "0.9", "testdata/eval/posts.jsonl"}, &out); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"commercial", "precision", "disclosure accuracy", "sector.gambling"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, out.String())
		}
	}
	out.Reset()
	if err := RunEvalCommand([]string{"-json", "testdata/eval/posts.jsonl"}, &out); err != nil || !strings.HasPrefix(out.String(), "{") {
		t.Errorf("json: %v %q", err, out.String())
	}
	// A target that cannot be met fails the command.
	if err := RunEvalCommand([]string{"-min-disclosure-accuracy", "1.01", "testdata/eval/posts.jsonl"}, &out); err == nil {
		t.Error("an unmet target should fail")
	}
	// A broken rule file names its line.
	bad := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(bad, []byte("version = \"x\"\n[[rule]]\nid = \"a\"\nkind = \n"), 0o600)
	err := RunEvalCommand([]string{"-rules", bad, "testdata/eval/posts.jsonl"}, &out)
	if err == nil || !strings.Contains(err.Error(), "bad.toml:4") {
		t.Errorf("got %v", err)
	}
	if err := RunEvalCommand([]string{"missing.jsonl"}, &out); err == nil {
		t.Error("a missing file should fail")
	}
}

// A rule file compared with an earlier one: the command says, per set,
// which verdicts the change fixed and which it broke, and can fail on a
// regression.
// TestEvalCost checks what a rule file is said to cost: one phrase more is
// one pattern more, and a phrase every post holds is one hit a post more.
func TestEvalCost(t *testing.T) {
	current, err := os.ReadFile("rules/france.toml")
	if err != nil {
		t.Fatal(err)
	}
	const old = `phrases = ["j'ai perdu", "i lost",`
	wider := strings.Replace(string(current), old, `phrases = ["gratin", "j'ai perdu", "i lost",`, 1)
	if wider == string(current) {
		t.Fatalf("the rule file no longer has %s", old)
	}
	dir := t.TempDir()
	widerPath, set := filepath.Join(dir, "wider.toml"), filepath.Join(dir, "set.jsonl")
	if err := os.WriteFile(widerPath, []byte(wider), 0o600); err != nil {
		t.Fatal(err)
	}
	posts := `{"id":"a","published_at":"2024-03-01","text":"Mon gratin","expect":{"commercial":false,"disclosure":""}}
{"id":"b","published_at":"2024-03-01","text":"Le gratin de mamie","image_text":"Gratin !","expect":{"commercial":false,"disclosure":""}}
`
	if err := os.WriteFile(set, []byte(posts), 0o600); err != nil {
		t.Fatal(err)
	}
	rep, err := Evaluate(DefaultRules(), strings.NewReader(posts))
	if err != nil {
		t.Fatal(err)
	}
	c := rep.Cost
	if c.HitsPerPost != 0 || c.Patterns != len(NewEngine(DefaultRules()).ac.patterns) || c.States < 1000 || c.TableBytes < 4*c.States {
		t.Errorf("cost %+v", c)
	}
	var out bytes.Buffer
	if err := RunEvalCommand([]string{"-rules", widerPath, "-baseline", "rules/france.toml", set}, &out); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("cost: %d (was %d) patterns", c.Patterns+1, c.Patterns)
	if text := out.String(); !strings.Contains(text, want) || !strings.Contains(text, "1.50 (was 0.00) hits a post on these posts") {
		t.Errorf("output lacks %q or 1.5 hits a post (three \"gratin\" in two posts):\n%s", want, text)
	}
}

func TestRunEvalCommandBaseline(t *testing.T) {
	current, err := os.ReadFile("rules/france.toml")
	if err != nil {
		t.Fatal(err)
	}
	// A rule file that finds nothing commercial: every commercial post of
	// the set is a miss with it.
	blind := filepath.Join(t.TempDir(), "blind.toml")
	weak := strings.Replace(string(current), "commercial_threshold = 1.0", "commercial_threshold = 1000.0", 1)
	if weak == string(current) {
		t.Fatal("the rule file no longer sets commercial_threshold = 1.0")
	}
	if err := os.WriteFile(blind, []byte(weak), 0o600); err != nil {
		t.Fatal(err)
	}
	sets := []string{"testdata/eval/posts.jsonl", "testdata/eval/heldout5.jsonl"}

	var out bytes.Buffer
	args := append([]string{"-rules", "rules/france.toml", "-baseline", blind, "-changes", "-fail-on-regression"}, sets...)
	if err := RunEvalCommand(args, &out); err != nil {
		t.Fatalf("an improvement is no regression: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, w := range []string{"against baseline", "posts.jsonl", "heldout5.jsonl", "(was 0.000)", "fixed testdata/eval/posts.jsonl line"} {
		if !strings.Contains(text, w) {
			t.Errorf("output lacks %q:\n%s", w, text)
		}
	}

	// The other way round: the change loses every commercial post.
	out.Reset()
	err = RunEvalCommand(append([]string{"-rules", blind, "-baseline", "rules/france.toml", "-fail-on-regression", "-json"}, sets...), &out)
	if err == nil || !strings.Contains(err.Error(), "lower than with the baseline") || !strings.Contains(err.Error(), "heldout5.jsonl") {
		t.Errorf("a regression should fail the command, naming the set: %v", err)
	}
	var got struct {
		Sets []struct {
			File       string
			Comparison EvalComparison
		}
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || len(got.Sets) != 2 {
		t.Fatalf("json: %v, %d sets", err, len(got.Sets))
	}
	for _, s := range got.Sets {
		// The blind rules still get right the few posts the current ones
		// wrongly call commercial: far fewer than those they lose.
		if len(s.Comparison.Broken) < 10*max(1, len(s.Comparison.Fixed)) {
			t.Errorf("%s: %d broken, %d fixed; want mostly broken verdicts", s.File, len(s.Comparison.Broken), len(s.Comparison.Fixed))
		}
	}
	// Without -fail-on-regression the same comparison is only a report.
	if err := RunEvalCommand(append([]string{"-rules", blind, "-baseline", "rules/france.toml"}, sets...), &out); err != nil {
		t.Errorf("a comparison alone should not fail: %v", err)
	}
	if err := RunEvalCommand([]string{"-changes", sets[0]}, &out); err == nil || !strings.Contains(err.Error(), "need -baseline") {
		t.Errorf("-changes without -baseline: %v", err)
	}
	if err := RunEvalCommand([]string{"-baseline", "missing.toml", sets[0]}, &out); err == nil || !strings.Contains(err.Error(), "missing.toml") {
		t.Errorf("a missing baseline: %v", err)
	}
}

func TestEvalCompare(t *testing.T) {
	miss := func(id, field, want, got string) EvalMiss {
		return EvalMiss{ID: id, Field: field, Want: want, Got: got}
	}
	before := &EvalReport{Misses: []EvalMiss{
		miss("a", "commercial", "true", "false"),           // fixed
		miss("b", "disclosure", "compliant", "improvable"), // changed
		miss("c", "sector", "gambling", "-"),               // still the same miss
		miss("d", "sector", "-", "nicotine"),               // fixed, while d gets another sector wrong
		miss("f", "sector", "gambling", "-"),               // fixed, while f's other sector stays missed
		miss("f", "sector", "sports_prognostics", "-"),
	}}
	after := &EvalReport{Misses: []EvalMiss{
		miss("b", "disclosure", "compliant", "non_compliant"),
		miss("c", "sector", "gambling", "-"),
		miss("d", "sector", "-", "gambling"), // broken
		miss("e", "image", "retouched", "-"), // broken
		miss("f", "sector", "sports_prognostics", "-"),
	}}
	c := after.Compare(before)
	ids := func(cs []EvalChange) string {
		var out []string
		for _, ch := range cs {
			out = append(out, ch.ID+":"+ch.Field+":"+ch.Before+">"+ch.After)
		}
		return strings.Join(out, " ")
	}
	if got, want := ids(c.Fixed), "a:commercial:false>true d:sector:nicotine>- f:sector:->gambling"; got != want {
		t.Errorf("fixed: %s, want %s", got, want)
	}
	if got, want := ids(c.Broken), "d:sector:->gambling e:image:retouched>-"; got != want {
		t.Errorf("broken: %s, want %s", got, want)
	}
	if got, want := ids(c.Changed), "b:disclosure:improvable>non_compliant"; got != want {
		t.Errorf("changed: %s, want %s", got, want)
	}

	// A set regresses when either headline figure falls.
	report := func(f1, acc float64) *EvalReport {
		return &EvalReport{Labels: []LabelScore{{Label: "commercial", F1: f1}}, DisclosureAccuracy: acc}
	}
	for _, tt := range []struct {
		now, was *EvalReport
		want     bool
	}{
		{report(0.9, 0.9), report(0.9, 0.9), false},
		{report(0.95, 0.9), report(0.9, 0.9), false},
		{report(0.9, 0.89), report(0.9, 0.9), true},
		{report(0.89, 0.95), report(0.9, 0.9), true},
	} {
		if got := (evalSet{Report: tt.now, Baseline: tt.was}).regressed(); got != tt.want {
			t.Errorf("regressed(%+v against %+v) = %v", *tt.now, *tt.was, got)
		}
	}
}

// Sets written by people who never saw the rules nor the other sets, each
// after the rules were tuned, to measure the engine out of sample. Once a
// set has been used to tune the rules it says so, and a new one measures
// instead (see testdata/eval/README.md). Commercial F1 and disclosure
// accuracy over all posts:
//
//   - heldout.jsonl (253 posts): out of sample for rule file 2026-11-28.1:
//     0.915 and 0.870. Never tuned on (its misses were not read); with
//     2026-11-28.6 and .7: 0.937 and 0.913.
//
//   - posts2.jsonl (320 posts): out of sample for 2026-11-28.2: 0.957 and
//     0.941. Its misses were then read to write 2026-11-28.3: a tuning set.
//
//   - heldout3.jsonl (320 posts): out of sample for 2026-11-28.3: 0.986 and
//     0.978 (0.947 with 2026-11-28.1). Its misses were then read to write
//     2026-11-28.4 (quotations, collabs between friends, sectors named to
//     warn, affiliate storefronts…): a tuning set.
//
//   - heldout4.jsonl (320 posts, a third of them about the seven sectors):
//     out of sample for 2026-11-28.4: 0.988 and 0.975 (0.916 with .1, 0.956
//     with .2, 0.969 with .3). Its misses were then read to write
//     2026-11-28.5 (a mention first in the closing hashtags is buried, as
//     the labelling rules say; labels between separators; prognostics need
//     a subscription; more exotic animals…): a tuning set.
//
//   - heldout5.jsonl (300 posts, 116 about the sectors, wild animals and
//     gambling most): out of sample for 2026-11-28.5: 0.968 and 0.960 (0.890
//     with .1, 0.947 with .2, 0.957 with .3 and .4). Its misses were then
//     read to write 2026-11-28.6 (gifts in brackets, invitations to try,
//     "Pub" on its own line, lotteries, sanctuaries…): a tuning set.
//
//   - heldout6.jsonl (260 posts, 94 about the sectors, gambling most): out
//     of sample for 2026-11-28.6: commercial F1 0.985 (P 0.988, R 0.982),
//     disclosure accuracy 0.977 over all posts, 0.977 over commercial
//     posts. Rules .1 score 0.923 on it, .5 0.973. Sector F1: wild_animals
//     0.95, cosmetic_surgery and crypto_finance 0.91, nicotine 0.83,
//     gambling, sports_prognostics and therapeutic_abstention 0.80. Its
//     misses were then read to write 2026-11-28.7 (a tipster's
//     subscription is not a betting site's promotion; a paid match post
//     with "18+" or a sign-up offer is; "pari" beside a refund; fantasy
//     for money; paid tips; a paid group's words only beside a match;
//     remedies, recommendations, token sales, courses and reptile fairs as
//     promotion; "@marque offerte"; loans with the handle nearby; a
//     person's "elle m'a offert"; "💎 pub" closing the text…): a tuning
//     set, on which .7 scores 1.000 and 1.000 and every sector 1.00.
//
//   - heldout7.jsonl (260 posts, 94 touching the sectors, 68 with a sector
//     label): out of sample for 2026-11-28.7: commercial F1 0.983 (P 0.966,
//     R 1.000), disclosure accuracy 0.977 over all posts, 1.000 over
//     commercial posts. Rules .6 score the same on it. Sector F1 with .7
//     (.6): cosmetic_surgery 1.00, crypto_finance 0.96, wild_animals 0.93,
//     nicotine 0.89, sports_prognostics 0.82, therapeutic_abstention 0.80,
//     gambling 0.79 (0.83): the sector rules of .7 did not carry beyond
//     heldout6, and with 8 to 13 posts a sector these figures move by
//     about 0.1 with one post. Its misses were then read to write
//     2026-11-28.8 (a cue the writer denies is no cue: "zéro abonnement",
//     "aucun site de paris"; "gratuit" no longer promotes gambling; a
//     tipster who sends his followers to a bookmaker's sign-up promotes
//     it, "le bookmaker de votre choix" does not; a welcome bonus is a
//     casino's only beside a game or a bet; "NFL picks" sold by the month;
//     inhalers, "Adieu Levothyrox", "au placard", "mieux que n'importe quel
//     médicament"; a pod's battery and leaks, a pouch's flavour; a pet
//     shop's arrivals; a fund's subscriptions; a business opening its
//     bookings or shop; a gift "de ma petite-fille"; two dancers'
//     "#duo"…): a tuning set, on which .8 scores 0.994 (P 0.989, R 1.000)
//     and 0.992, every sector 1.00. heldout.jsonl, never read, moved from
//     0.937 and 0.913 to 0.940 and 0.917 with .8.
//
//   - heldout8.jsonl (300 posts, about the sectors most: 22 or 23 labelled
//     per sector and 10 more touching each sector without promoting it):
//     out of sample for 2026-11-28.8: commercial F1 0.995 (P 0.990, R
//     1.000), disclosure accuracy 0.993 over all posts, 1.000 over
//     commercial posts. Sector F1 with .8 (.7): cosmetic_surgery 0.89
//     (0.86), nicotine 0.89 (0.89), crypto_finance 0.86 (0.86),
//     wild_animals 0.86 (0.86), gambling 0.86 (0.82), sports_prognostics
//     0.80 (0.72), therapeutic_abstention 0.77 (0.67): .8 carried part of
//     its sector work beyond heldout7, and sectors stay the weak spot. Its
//     misses were then read to write 2026-11-28.9 (the law explained, news
//     and investigations name a sector without promoting it; a cue or a
//     procedure the writer rules out, "aucun lien", "no injections",
//     "effet botox"; a complement "alongside my meds"; a doctor's patient;
//     "ne … plus" and "plus jamais" stop a treatment; statins, sleeping
//     pills, biologics, "plutôt que"; syringes by the face; pouches as
//     "sachets sous la lèvre", puff sleeves; "pythons royaux"; "capital
//     garanti"; calls to switch or buy; a tipster's "tickets", "#bet" and
//     "accas"; a parlour game's poker…): a tuning set, on which .9 scores
//     0.997 (P 0.995, R 1.000) and 0.997, sectors 0.96-1.00.
//     heldout.jsonl, never read, stays at 0.940 and 0.917 with .9.
//
//   - heldout9.jsonl (300 posts, 22 labelled per sector and 10 more
//     touching each): out of sample for 2026-11-28.9: commercial F1 0.993
//     (P 0.995, R 0.991), disclosure accuracy 0.987. Sector F1 with .9
//     (.8, .7): crypto_finance 0.96 (0.94, 0.94), wild_animals 0.95 (0.95,
//     0.95), cosmetic_surgery 0.94 (0.92, 0.89), nicotine 0.88 (0.86,
//     0.86), sports_prognostics 0.88 (0.86, 0.78), gambling 0.86 (0.84,
//     0.84), therapeutic_abstention 0.79 (0.69, 0.65): each pass carried
//     part of its sector work to posts it never saw. Its misses were then
//     read to write 2026-11-28.10 (look-alike words told by the word
//     after them, "poker face", "filler arc", "puff-sleeve", "trading
//     cards", a plush axolotl, "hit the jackpot"; rigged results,
//     complications, illegal practice, surveys and dangers are warnings;
//     "promet un rendement garanti" warns; a reconstructive rhinoplasty;
//     "use CODE for 10% off"; "(affiliate)" stands beside "I bought";
//     a friend's invitation; nic salts, disposables, "sachets de nico";
//     the under-18 notice in words or beside a bonus; a poker room's
//     first-deposit bonus; "phalanger volant"; World Cup tips; a steroid
//     cream thrown out, a sleeping pill, "plus eu besoin", "plus besoin
//     ni … ni", a remedy that "did better" a sentence later, the cure
//     doctors hide): a tuning set, on which .10 scores 1.000 and 1.000,
//     sectors 0.95-1.00 (two tipster subscriptions named only by their
//     handle are missed). heldout.jsonl, never read, stays at 0.940 and
//     0.917 with .10 (crypto_finance 0.88 to 0.93).
//
//   - heldout10.jsonl (300 posts, 22 labelled per sector and 10 more
//     touching each; no sector post before the law): out of sample for
//     2026-11-28.10: commercial F1 0.995 (P 0.990, R 1.000), disclosure
//     accuracy 0.977. Sector F1 with .10 (.9, .8, .7): wild_animals 1.00
//     (0.98, 0.98, 0.98), gambling 0.90 (0.80, 0.83, 0.83),
//     cosmetic_surgery 0.89 (0.89, 0.85, 0.85), nicotine 0.85 (0.80, 0.77,
//     0.77), crypto_finance 0.84 (all four), therapeutic_abstention 0.74
//     (0.71, 0.71, 0.67), sports_prognostics 0.72 (0.72, 0.70, 0.65).
//     Sectors are now missed more than wrongly set (recall 0.59 for
//     prognostics and abstention, precision 0.87 or more everywhere). Its
//     misses were then read to write 2026-11-28.11 (brands named after
//     what they sell, inside their @handle: @tipsterking, @pronoking.fr,
//     @goalbet.fr, @dragonmistvape; "value bets", a tipster's "VIP group"
//     beside a win streak; trading signals beside pips; "eth", "altcoins",
//     a forex course or a crypto ebook for sale; thread lifts, a mommy
//     makeover, hair "botox"; pills, antibiotics and surgery replaced, "does
//     the job", "why pay for…", "my doctor can't explain it", "sortir de
//     l'insuline", the doctor who "hates this"; doses written "10mg", "blue
//     razz" pods; a thank-you to a brand named without its handle; a loan
//     from "le voisin"; "no brand"; traps, deaths and hindsight as
//     warnings): a tuning set, on which .11 scores 1.000 and 0.993,
//     sectors 0.93-1.00. heldout.jsonl, never read, stays at 0.940 and
//     0.917 with .11.
//
//   - heldout11.jsonl (300 posts, 22 labelled per sector over all three
//     periods and 10 more touching each): out of sample for
//     2026-11-28.11: commercial F1 0.984 (P 0.978, R 0.991), disclosure
//     accuracy 0.973 over all posts, 0.986 over commercial posts. Sector F1
//     with .11 (.10, .9, .7): cosmetic_surgery 1.00 (0.98, 0.98, 0.96),
//     crypto_finance 0.98 (0.95, 0.95, 0.98), nicotine 0.98 (0.98, 0.98,
//     0.93), wild_animals 0.94 (0.94, 0.91, 0.91), gambling 0.89 (0.89,
//     0.87, 0.87), sports_prognostics 0.87 (0.87, 0.87, 0.72),
//     therapeutic_abstention 0.75 (0.72, 0.67, 0.59). Sectors missed more
//     than wrongly set again (recall 0.68 for abstention, 0.77 for
//     prognostics). Its misses were then read to write 2026-11-28.12
//     (treatments named by brand or molecule, Xanax, Ozempic, HRT, the
//     pill, thrown "in the bin", forgotten, "je ne prends plus", "I
//     haven't needed"; a complement "en plus de mon traitement", a
//     treatment stopped "with my psychiatrist", a keratin "traitement";
//     "premium picks", #premiumpicks, picks beside a premium tier with a
//     match anywhere in the text, @parlay… and @…cappers; crash games,
//     plinko, scratchcards, "je mise … cotes", "jackpot" only beside a
//     casino's games, a "Casino Royale" escape room, #gamblingharm; a vape
//     starter kit beside "18mg"; a plush toy's hashtag, a wildlife print,
//     "I won't buy another"; "I lost half of it" before a referral is no
//     warning, "it's a warning" is; "d'avoir rendu cette vidéo possible",
//     "que m'a offert ma mère", "nothing in this video is sponsored"): a
//     tuning set, on which .12 scores 0.989 (P 0.986, R 0.991) and 0.983,
//     every sector 1.00 but sports_prognostics 0.98 (a subscription named
//     only by its brand, "abonnement VIP ProFoot"). The other sets and
//     heldout.jsonl, never read, score as with .11 (0.940 and 0.917).
//
//   - heldout12.jsonl (300 posts, written after .11 the same way: 22
//     labelled per sector over all three periods, 10 more touching each,
//     76 disclosure cases): out of sample for 2026-11-28.12: commercial F1
//     0.993 (P 0.985, R 1.000), disclosure accuracy 0.990 over all posts,
//     1.000 over commercial posts. Sector F1 with .12 (.11):
//     cosmetic_surgery 0.90 (0.90), crypto_finance 0.95 (0.95), gambling
//     0.95 (0.91), nicotine 0.90 (0.90), sports_prognostics 0.93 (0.93),
//     wild_animals 0.98 (0.98), therapeutic_abstention 0.70 (0.67). So
//     .12's tuning on heldout11 carried over to new posts for gambling
//     and a little for abstention; sectors stay missed more than wrongly
//     set (abstention recall 0.59, precision 0.87). Rules .13 score the
//     same on it. Its misses were then read to write 2026-11-28.14, by
//     families rather than by their words (treatments named by class or
//     brand, SSRIs, Ritalin, triptans, beta blockers, eye drops,
//     radiation, refused, "fini les médocs", outdone, "reversed"; "sans
//     aucun médicament", "no meds needed"; the doctor overruled, "voulait
//     me mettre sous…", "proved him wrong", "il avait tort"; a hangover's
//     cure, "jamais à la place"; "blépharo", "rhino médicale", a body part
//     "refait", "lips done", "je regrette qu'une chose" as no warning; box
//     mods, e-juice, #vapecommunity, sachets beside smoking, puffs that
//     "ciblent nos ados" as a warning; "ratons laveurs", a litter's
//     deposit; "placement garanti à 9 % par an", a token's "50x" only
//     beside a coin; a poker room's handle and freeroll; "capper", a pack
//     of tips, a premium channel's first month; "font de la pub :", "Pub
//     quiz", a choreography's "#collab"): a tuning set, on which .14
//     scores 1.000 (P 1.000, R 1.000) and 1.000, every sector 1.00. The
//     other sets score as with .13 but heldout.jsonl, never read, whose
//     disclosure accuracy moves from 0.917 to 0.921 (a pub quiz night's
//     "Pub" is no label).
//
//   - heldout13.jsonl (300 posts, written after .13 the same way: 22
//     labelled per sector over all three periods, 10 more touching each,
//     76 disclosure cases): out of sample for 2026-11-28.14: commercial F1
//     0.992 (P 0.985, R 1.000), disclosure accuracy 0.977 over all posts,
//     0.980 over commercial posts. Sector F1 with .14 (.13):
//     cosmetic_surgery 0.93 (0.93), crypto_finance 1.00 (0.95), gambling
//     0.84 (0.84, precision 0.75: betting words in other sectors' posts),
//     nicotine 0.95 (0.95), sports_prognostics 0.81 (0.74), wild_animals
//     1.00 (1.00), therapeutic_abstention 0.87 (0.84). .14's families
//     carried over to new posts for crypto, prognostics and abstention;
//     prognostics recall (0.68) is now the weakest. Its misses were then
//     read to write 2026-11-28.15, by families (a racing tipster's race
//     sold by the tier, a record in units, predictions and other sports
//     beside a VIP trial, a season pass or subscribers, a code beside a
//     tipster's handle, "pronostic vital"; "no betting links", bets placed
//     on a tagged site, influencers beside a ban, a slot machine as decor,
//     a crash game's "x100"; lipofilling, a filler's dose, a nose "done",
//     "pas une injection"; a clearomiseur, @vapo… and e-liquid handles, a
//     vape shop that is no cue of itself; "#nomoremeds", "levo", "0
//     corticoïde", "no pill", "pas besoin de votre Xanax", a raised dose
//     refused; exotic pets in the plural; "for partnering", "for hooking
//     us up", a session thanked, a team thanked for its care, "bought
//     every piece myself", "la publicité" as a subject): a tuning set, on
//     which .15 scores 1.000 (P 1.000, R 1.000) and 1.000, every sector
//     1.00. heldout11 moves from 0.989 and 0.983 to 0.991 and 0.987 (a
//     "#publicite" about working in advertising); posts.jsonl and the
//     other tuning sets score as with .14 (heldout.jsonl, never read, only
//     passes its floors here).
//
//   - heldout14.jsonl (300 posts, written after .14 the same way: 22
//     labelled per sector over all three periods, 10 more touching each;
//     notes and figures in heldout14-notes.md): out of sample for
//     2026-11-28.15: commercial F1 0.989 (P 0.982, R 0.995), disclosure
//     accuracy 0.980 over all posts, 0.991 over commercial posts. Sector
//     F1: cosmetic_surgery 0.96, crypto_finance 0.96, gambling 0.81
//     (precision 0.76, recall 0.86), nicotine 0.93, sports_prognostics
//     0.95, wild_animals 0.95, therapeutic_abstention 0.90 (recall 0.82).
//     Rules .14 score exactly the same on it, label by label: .15's 82
//     patterns, which fixed every heldout13 miss, changed nothing on
//     these new posts. Its misses were then read to write 2026-11-28.16, by
//     families rather than wordings (a casino as a landmark or a figure,
//     slots of a diary, a bet with a relative; odds quoted apart, a tipster's
//     record beside his VIP; a stake on a market or a side, a bet played on a
//     tagged site, an operator's mandatory message; a tipster's paid tier,
//     accumulators beside picks, a bettor's staking plan; treatments by their
//     form, run down, "pas la seule voie", "plus de médocs", a practitioner
//     the reader is sent to; e-cig, pouches against tobacco, a powder puff;
//     LiPo batteries, a room "refait"; sloths, wild animals handled for a
//     fee, the trade exposed; "de ma part" only beside a discount, a price
//     "en échange de quelques photos"; a French pub), 59 patterns: a tuning
//     set, on which .16 scores 0.998 (P 0.995, R 1.000) and 0.993 in sample,
//     crypto_finance 0.98 and every other sector 1.00 (left: a joke about the
//     bitcoin price, "European Commission" beside commissions discussed,
//     "thanks to @brand" before the law). heldout5 moves from crypto_finance
//     0.94 to 1.00 (a bettor's staking plan); posts.jsonl and the other
//     tuning sets score as with .15 (heldout.jsonl, never read, only passes
//     its floors here).
//
//   - heldout15.jsonl (300 posts, written after .15 the same way: 22
//     labelled per sector over all three periods, 10 more touching each;
//     notes in heldout15-notes.md). Its writer decided several of the
//     README's open questions, most of them one way earlier writers had
//     avoided: benefit wordings outside the "improvable" list ("comped",
//     "key provided by the developer", "review unit on loan", "for free
//     from @brand", "hooked me up", "PR haul", "c/o") are improvable.
//     Out of sample for 2026-11-28.16: commercial F1 0.953 (P 0.974,
//     R 0.934), disclosure accuracy 0.907 over all posts, 0.883 over
//     commercial posts: 11 improvable posts read as not commercial and 9
//     as non-compliant. Sector F1: cosmetic_surgery 0.93, crypto_finance
//     0.93, gambling 0.93, nicotine 0.93, sports_prognostics 0.84 (recall
//     0.73), wild_animals 0.95, therapeutic_abstention 0.76 (recall 0.64).
//     Rules .15 scored the same but gambling 0.91 and wild_animals 0.90.
//     The labelling README then settled that question their way (any
//     wording of a benefit received is an improvable mention), and its
//     misses were read to write 2026-11-28.17 (270 patterns: the benefit
//     family, treatments and their refusal, hyaluron pens, case opening,
//     paid racing tips): a tuning set, on which .17 scores 1.000 and 0.997
//     in sample.
//
//   - heldout16.jsonl and heldout17.jsonl (300 posts each, both written
//     after .16 by two writers who saw only the README, once it had
//     settled the benefit wordings; notes in heldout16-notes.md and
//     heldout17-notes.md). Out of sample, in commercial F1 / disclosure
//     accuracy over all posts, .16 scores 0.952 / 0.917 on heldout16 and
//     0.983 / 0.973 on heldout17; .17 scores 0.962 / 0.933 and 0.986 /
//     0.977 (over the 600 posts, .17's disclosure accuracy is 0.955).
//     heldout16's writer used more benefit wordings of their own, and
//     short forms with rarer look-alikes. Its misses were then read to write
//     2026-11-28.18 (359 patterns, families of gifts, loans and grants in
//     every tense, codes after their discount, treatments done without,
//     beginner vape kits…): a tuning set, on which .18 scores 0.998 and
//     0.993 in sample, and 1.000 and 0.997 once the normaliser folds the
//     letters of scripts only borrowed for their shapes (a Cherokee "Ꭺd:")
//     by Unicode's confusables.
//
//     heldout17.jsonl, out of sample for .18, scored commercial F1 0.986
//     (P 0.995, R 0.976) and disclosure accuracy 0.977, as with .17
//     (sectors 0.90-0.98). Its misses were then read to write
//     2026-11-28.19 (250 patterns: a publisher's key, a complimentary
//     treatment beside the practice, a code before what it gets,
//     painkillers and antacids by name, stablecoins, vape handles, refund
//     offers…): a tuning set, on which .19 scores 0.995 and 0.993 in
//     sample.
//
//   - heldout18.jsonl (300 posts, written after .18 the same way; notes in
//     heldout18-notes.md). Out of sample, disclosure accuracy rose with each
//     pass: .16 0.973, .17 0.983, .18 0.987, .19 0.987 (commercial F1
//     0.993; sectors 0.81-0.98, sports_prognostics recall 0.68). Its
//     misses were then read to write 2026-11-28.20 (174 patterns: a
//     tipster's VIP beside his bets, handles named after tips, tipster
//     links, money given to stake, a subscription's length given by the
//     tagged brand, the venue's guest, animal cafés, biologics…): a tuning
//     set, on which .20 scores 1.000 and 1.000 in sample.
//
//   - heldout19.jsonl (300 posts, written after .19 the same way; notes in
//     heldout19-notes.md). Out of sample, disclosure accuracy rose with
//     each pass: .16 0.927, .17 0.937, .18 0.943, .19 0.947, .20 0.950
//     (commercial F1 0.974). Its misses were then read to write
//     2026-11-28.21 (223 patterns: benefit wordings in other tenses and
//     voices, a stay told by its length, a price made to the creator as a
//     signal, first-deposit cases, a tipster's units beside his group,
//     remedies that "got me off" a treatment…), and two labels that
//     contradicted their own notes were corrected (h19-0044, h19-0102,
//     improvable): a tuning set, on which .21 scores 0.998 and 0.993.
//
//   - heldout20.jsonl (300 posts, written after .19 the same way, while .20
//     was written from heldout18; notes in heldout20-notes.md). Out of
//     sample, .19, .20 and .21 all scored commercial F1 0.978 and
//     disclosure accuracy 0.950. Its misses were then read to write
//     2026-11-28.22, whose general benefit-received rules (482 phrases:
//     the verbs of giving, sending, lending, hosting, covering… in every
//     tense and voice, with a handle or a named giver near) are the first
//     rules meant for wordings no set has shown: a tuning set, on which
//     .22 scores 1.000 and 0.997.
//
//   - heldout21.jsonl (300 posts, written after .20 the same way, while .21
//     was written from heldout19; notes in heldout21-notes.md). Its writer
//     placed the disclosures with a script. Out of sample, .20 scored
//     0.927, .21 0.940 and .22 0.957 (the general benefit-received rules).
//     Its misses were then read to write 2026-11-28.23 (172 patterns: a
//     fee waived or an account funded by the giver, more verbs of giving,
//     more ways of naming the giver, a bet placed on a named site…): a
//     tuning set, on which .23 scores 0.995 and 0.993.
//
//   - heldout22.jsonl (300 posts, written after .21 the same way, every
//     caption by hand, while .22 was written from heldout20; notes in
//     heldout22-notes.md). Out of sample, 2026-11-28.23 scored
//     commercial F1 0.964 (P 0.985, R 0.943) and disclosure accuracy 0.947
//     (.20 and .21 0.927, .22 0.933); sectors 0.85 (nicotine,
//     therapeutic_abstention) to 0.96. Its misses were then read to write
//     2026-11-28.24 (about 500 patterns: more verbs of giving where the
//     creator receives, costs "à leur charge", an account recharged, a
//     thank-you in the second person, a price made to the creator as a
//     mention, a vape review's words, breeders named after the animal,
//     forex pips…): a tuning set, on which .24 scores 0.998 and 0.993.
//
//   - heldout23.jsonl (300 posts, written after .22 the same way, every
//     caption by hand, while .23 was written from heldout21; notes in
//     heldout23-notes.md). Its writer labelled 124 posts improvable and used 31 benefit
//     wordings of their own, five with a giver neither tagged nor called
//     "the brand". Out of sample, 2026-11-28.23 scores commercial F1 0.943
//     (P 0.985, R 0.905) and disclosure accuracy 0.903 over all posts,
//     0.882 over commercial posts (.21 0.887, .22 0.903): twenty improvable
//     posts read as not commercial. Sectors cosmetic_surgery 0.96,
//     crypto_finance 0.89, gambling 0.83, nicotine 0.93,
//     sports_prognostics 0.88, therapeutic_abstention 0.82, wild_animals
//     0.96. Over heldout22 and heldout23 together, .23's disclosure
//     accuracy is 0.925. Out of sample, .24 (from heldout22) scored 0.946
//     and 0.907 on it. Its misses were then read, at the same time as
//     heldout22's, to write the families of 2026-11-28.25 (about 1,075
//     patterns: the thing given as "en", passives of bringing and
//     lending, givers named without a handle by their trade, a fee
//     waived by a maker, copies in exchange for a review, treatments
//     dropped, race meetings…): a tuning set, on which .25 scores 0.998
//     and 0.993.
//
//   - heldout24.jsonl (300 posts, written after .23 the same way, every
//     caption by hand, while .24 was written from heldout22; notes in
//     heldout24-notes.md), never read: 95 improvable posts, payment stated
//     in plain words, 293 different creators. Out of sample, commercial F1
//     / disclosure accuracy: .23 0.959 / 0.883, .24 0.959 / 0.890, .25
//     0.964 / 0.900 (0.877 over commercial posts; sectors 0.83
//     therapeutic_abstention to 1.00 wild_animals). Sixteen improvable
//     posts still read as non-compliant and eleven as not commercial.
//
//   - heldout25.jsonl (300 posts, written after .24 the same way by a
//     writer asked for less covered niches: gardening, DIY, cars, pets,
//     board games, pharmacists, streamers, podcasts; notes in
//     heldout25-notes.md), the held-out set [evaluation] names now, never
//     read. Out of sample: .23 and .24 0.958 / 0.937, .25 0.962 / 0.943
//     (0.960 over commercial posts; sectors 0.87 sports_prognostics to
//     1.00). Over heldout24 and heldout25 together, .25's disclosure
//     accuracy is 0.922. The disclosure target is missed on both, so
//     their floors are their measures, until their misses are read.
//
// posts.jsonl holds both targets (TestEvaluationSet).
// The tuning sets' floors only stop a regression.
var heldOutSets = []struct {
	file                     string
	minPosts                 int
	commercialF1, disclosure float64
}{
	{"heldout.jsonl", 250, 0.90, 0.88},
	{"posts2.jsonl", 320, 0.95, 0.95},
	{"heldout3.jsonl", 320, 0.95, 0.95},
	{"heldout4.jsonl", 320, 0.95, 0.95},
	{"heldout5.jsonl", 300, 0.95, 0.95},
	{"heldout6.jsonl", 260, 0.99, 0.99},
	{"heldout7.jsonl", 260, 0.99, 0.99},
	{"heldout8.jsonl", 300, 0.99, 0.99},
	{"heldout9.jsonl", 300, 0.99, 0.99},
	{"heldout10.jsonl", 300, 0.99, 0.99},
	{"heldout11.jsonl", 300, 0.98, 0.98},
	{"heldout12.jsonl", 300, 0.98, 0.98},
	{"heldout13.jsonl", 300, 0.99, 0.99},
	{"heldout14.jsonl", 300, 0.99, 0.99},
	{"heldout15.jsonl", 300, 0.99, 0.99},
	{"heldout16.jsonl", 300, 0.99, 0.99},
	{"heldout17.jsonl", 300, 0.99, 0.99},
	{"heldout18.jsonl", 300, 0.99, 0.99},
	{"heldout19.jsonl", 300, 0.99, 0.99},
	{"heldout20.jsonl", 300, 0.99, 0.99},
	{"heldout21.jsonl", 300, 0.99, 0.99},
	{"heldout22.jsonl", 300, 0.99, 0.99},
	{"heldout23.jsonl", 300, 0.99, 0.99},
	{"heldout24.jsonl", 300, targetCommercialF1, 0.90},
	{"heldout25.jsonl", 300, targetCommercialF1, 0.94},
}

func TestHeldOutSet(t *testing.T) {
	for _, set := range heldOutSets {
		t.Run(set.file, func(t *testing.T) {
			rep := evaluateSet(t, DefaultRules(), set.file)
			if rep.Posts < set.minPosts {
				t.Errorf("%s has %d posts, fewer than %d", set.file, rep.Posts, set.minPosts)
			}
			if f1 := rep.Score("commercial").F1; f1 < set.commercialF1 {
				t.Errorf("F1 for commercial is %.3f, below the floor %.2f", f1, set.commercialF1)
			}
			if rep.DisclosureAccuracy < set.disclosure {
				t.Errorf("disclosure accuracy is %.3f, below the floor %.2f", rep.DisclosureAccuracy, set.disclosure)
			}
		})
	}
}

// TestRulesEvaluationIsTrue measures the built-in rules again on the set
// their file names in [evaluation]: the figures reports state must be the
// ones the rules get.
func TestRulesEvaluationIsTrue(t *testing.T) {
	rs := DefaultRules()
	e := rs.Evaluation()
	if e == nil {
		t.Fatal("the built-in rule file records no evaluation")
	}
	rep := evaluateSet(t, rs, e.Set)
	near := func(a, b float64) bool { return a-b < 0.0005 && b-a < 0.0005 }
	if rep.Posts != e.Posts || !near(rep.Score("commercial").F1, e.CommercialF1) || !near(rep.DisclosureAccuracy, e.DisclosureAccuracy) {
		t.Errorf("rules %s on %s: %d posts, commercial F1 %.3f, disclosure accuracy %.3f; the rule file says %d, %.3f, %.3f: update its [evaluation]",
			rs.Version(), e.Set, rep.Posts, rep.Score("commercial").F1, rep.DisclosureAccuracy, e.Posts, e.CommercialF1, e.DisclosureAccuracy)
	}
	// Every sector of the rules, with its F1 and its support.
	sectors := map[string]bool{}
	for _, r := range rs.file.Rules {
		if r.Kind == KindSector {
			sectors[r.Sector] = true
		}
	}
	for sector := range sectors {
		sc := rep.Score("sector." + sector)
		f1, ok := e.SectorF1[sector]
		if !ok || !near(sc.F1, f1) || e.SectorPosts[sector] != sc.Support {
			t.Errorf("rules %s on %s: sector %s has F1 %.3f over %d posts; the rule file says %.3f over %d: update its [evaluation]",
				rs.Version(), e.Set, sector, sc.F1, sc.Support, f1, e.SectorPosts[sector])
		}
	}
	if len(e.SectorF1) != len(sectors) || len(e.SectorPosts) != len(sectors) {
		t.Errorf("[evaluation] names %d and %d sectors, not the %d of the rules", len(e.SectorF1), len(e.SectorPosts), len(sectors))
	}
}
