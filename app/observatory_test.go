package app_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creatorclub/creatorclub/app"
)

func run(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := app.Run(ctx, args, &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestObservatoryGenerateAndAnalyze(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl.gz")
	if out, _, err := run(t, "observatory", "generate", "-n", "3000", "-o", corpus); err != nil || !strings.Contains(out, "3000 posts written") {
		t.Fatalf("generate: %q %v", out, err)
	}
	// A roster given as a list of handles.
	roster := filepath.Join(dir, "handles.txt")
	os.WriteFile(roster, []byte("@lea_1\nmax_2\n"), 0o600)
	outDir := filepath.Join(dir, "out")
	out, errOut, err := run(t, "observatory", "analyze", corpus, "--cutoff", "2023-06-09", "--out", outDir, "--roster", roster)
	if err != nil || !strings.Contains(out, "3000 posts analysed") || !strings.Contains(out, "report.html") {
		t.Fatalf("analyze: %q %q %v", out, errOut, err)
	}
	for _, name := range []string{"report.html", "summary.json", "findings.jsonl", "samples.csv", "overview.csv", "months.csv", "did.csv"} {
		if st, err := os.Stat(filepath.Join(outDir, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	f, _ := os.Open(filepath.Join(outDir, "findings.jsonl"))
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		var line struct {
			ID         string   `json:"id"`
			Commercial *bool    `json:"commercial"`
			Disclosure *string  `json:"disclosure"`
			Sectors    []string `json:"sectors"`
			Labels     []string `json:"labels"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil || line.ID == "" || line.Commercial == nil || line.Disclosure == nil {
			t.Fatalf("findings line %q: %v", sc.Text(), err)
		}
		n++
	}
	if n != 3000 {
		t.Errorf("findings.jsonl has %d lines, want 3000", n)
	}
	var s struct {
		Posts  int    `json:"posts"`
		Cutoff string `json:"cutoff"`
		Review *struct {
			Strata []struct {
				Verdict string            `json:"verdict"`
				Sample  []json.RawMessage `json:"sample"`
			} `json:"strata"`
		} `json:"review"`
	}
	data, _ := os.ReadFile(filepath.Join(outDir, "summary.json"))
	if err := json.Unmarshal(data, &s); err != nil || s.Posts != 3000 || s.Cutoff != "2023-06-09" {
		t.Errorf("summary.json: %v %+v", err, s)
	}
	// The review sample: 100 posts of each verdict by default.
	if s.Review == nil || len(s.Review.Strata) != 4 || s.Review.Strata[0].Verdict != "not_commercial" || len(s.Review.Strata[0].Sample) != 100 {
		t.Errorf("summary.json's review sample: %+v", s.Review)
	}
	// --review 0: none; --review 3: three of each.
	for _, tt := range []struct {
		flag string
		want int
	}{{"0", 0}, {"3", 3}} {
		dir := filepath.Join(dir, "review-"+tt.flag)
		if _, errOut, err := run(t, "observatory", "analyze", corpus, "--out", dir, "--review", tt.flag); err != nil {
			t.Fatalf("--review %s: %q %v", tt.flag, errOut, err)
		}
		var got struct {
			Review *struct {
				Strata []struct {
					Sample []json.RawMessage `json:"sample"`
				} `json:"strata"`
			} `json:"review"`
		}
		data, _ := os.ReadFile(filepath.Join(dir, "summary.json"))
		if err := json.Unmarshal(data, &got); err != nil || (tt.want == 0) != (got.Review == nil) || got.Review != nil && len(got.Review.Strata[0].Sample) != tt.want {
			t.Errorf("--review %s: %+v %v", tt.flag, got.Review, err)
		}
	}
	// A cut-off after the corpus is a warning naming the corpus's range.
	_, errOut, err = run(t, "observatory", "analyze", corpus, "--cutoff", "2031-01-01", "--out", filepath.Join(dir, "late"))
	if err != nil || !strings.Contains(errOut, "after the last post") {
		t.Errorf("late cut-off: %q %v", errOut, err)
	}
}

// observatory compare sets one report against another; bad arguments are
// clear errors and write nothing.
func TestObservatoryCompare(t *testing.T) {
	dir := t.TempDir()
	var reports []string
	for i, n := range []string{"2000", "1500"} {
		corpus := filepath.Join(dir, "c"+n+".jsonl")
		if _, _, err := run(t, "observatory", "generate", "-n", n, "--seed", n, "-o", corpus); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "r"+string(rune('a'+i)))
		if _, _, err := run(t, "observatory", "analyze", corpus, "--out", out); err != nil {
			t.Fatal(err)
		}
		reports = append(reports, out)
	}
	page := filepath.Join(dir, "compare.html")
	out, _, err := run(t, "observatory", "compare", reports[0], filepath.Join(reports[1], "summary.json"), "--out", page, "--lang", "en")
	if err != nil || !strings.Contains(out, "c1500.jsonl (1500 posts) against c2000.jsonl (2000 posts)") {
		t.Fatalf("compare: %q %v", out, err)
	}
	b, err := os.ReadFile(page)
	if err != nil || !strings.Contains(string(b), "Two corpora compared") || !strings.Contains(string(b), `id="comparison"`) {
		t.Fatalf("page: %v %.300s", err, b)
	}
	notSummary := filepath.Join(dir, "x.json")
	os.WriteFile(notSummary, []byte(`{"a": 1}`), 0o600)
	for _, args := range [][]string{
		{reports[0], "--out", filepath.Join(dir, "1.html")},
		{reports[0], reports[1]},
		{reports[0], filepath.Join(dir, "missing"), "--out", filepath.Join(dir, "2.html")},
		{reports[0], notSummary, "--out", filepath.Join(dir, "3.html")},
		{reports[0], reports[1], "--out", filepath.Join(dir, "4.html"), "--lang", "de"},
	} {
		_, _, err := run(t, append([]string{"observatory", "compare"}, args...)...)
		if err == nil {
			t.Errorf("%v: no error", args)
		}
	}
	for _, name := range []string{"1.html", "2.html", "3.html", "4.html"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s written despite the error", name)
		}
	}
}

func TestObservatoryBadInput(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "c.jsonl")
	os.WriteFile(good, []byte(`{"id":"1","platform":"instagram","published_at":"2023-07-01","text":"Publicité avec @marque"}`+"\n"+
		`{"id":"2","published_at":"07/01/2023","text":"x"}`+"\n[1]\n"), 0o600)
	truncated := filepath.Join(dir, "c.jsonl.gz")
	if _, _, err := run(t, "observatory", "generate", "-n", "5000", "-o", truncated); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(truncated)
	os.WriteFile(truncated, data[:len(data)/2], 0o600)
	out := filepath.Join(dir, "out")
	badRules := filepath.Join(dir, "regles.toml")
	os.WriteFile(badRules, []byte("version = \"x\"\n[[rule]]\nid = \"broken\"\nlabel = \n"), 0o600)

	// Bad records are reported with their lines and do not stop the run.
	stdout, stderr, err := run(t, "observatory", "analyze", good, "--out", out)
	if err != nil || !strings.Contains(stdout, "1 posts analysed") || !strings.Contains(stderr, "c.jsonl: line 2: published_at") ||
		!strings.Contains(stderr, "line 3: not a JSON object") {
		t.Errorf("bad records: %q %q %v", stdout, stderr, err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"analyze", truncated, "--out", filepath.Join(dir, "t")}, "truncated"},
		{[]string{"analyze", good, "--out", out, "--cutoff", "9 juin 2023"}, "YYYY-MM-DD"},
		{[]string{"analyze", good, "--out", out, "--format", "xml"}, "jsonl, csv"},
		{[]string{"analyze", good, "--out", out, "--map", "txt=caption"}, "unknown field"},
		{[]string{"analyze", filepath.Join(dir, "missing.jsonl"), "--out", out}, "no such file"},
		{[]string{"analyze", good}, "usage"},
		{[]string{"analyze", good, "--out", out, "--rules", badRules}, "regles.toml"},
		{[]string{"analyze", good, "--out", out, "--rules", filepath.Join(dir, "absent.toml")}, "no such file"},
		{[]string{"generate", "-n", "10"}, "usage"},
		{[]string{"frobnicate"}, "unknown subcommand"},
		{[]string{}, "no subcommand"},
	} {
		_, _, err := run(t, append([]string{"observatory"}, c.args...)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "t", "report.html")); err == nil {
		t.Error("a report was written for a truncated corpus")
	}
}

func TestObservatoryBench(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bench.jsonl")
	out, _, err := run(t, "observatory", "bench", "-n", "2000", "--runs", "1", "--file", file)
	if err != nil || !strings.Contains(out, "2000 posts") || !strings.Contains(out, "read+decode only") || !strings.Contains(out, "full analysis") ||
		!strings.Contains(out, "analysis / decode") || !strings.Contains(out, "peak resident memory") {
		t.Fatalf("bench: %q %v", out, err)
	}
}
