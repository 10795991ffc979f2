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
		Commercial  bool     `json:"commercial"`
		Disclosure  string   `json:"disclosure"`
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
		for _, s := range sectorNames(rs) {
			w, g := slices.Contains(ep.Expect.Sectors, s), slices.Contains(res.Sectors, s)
			tally("sector."+s, w, g)
			if w != g {
				miss("sector", boolLabel(w, s), boolLabel(g, s))
			}
		}
		got := res.ImageLabels()
		for _, l := range []string{"retouched", "virtual"} {
			w, g := slices.Contains(ep.Expect.ImageLabels, l), slices.Contains(got, l)
			tally("image."+l, w, g)
			if w != g {
				miss("image", boolLabel(w, l), boolLabel(g, l))
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
func sectorNames(rs *RuleSet) []string {
	var out []string
	for _, r := range rs.file.Rules {
		if r.Kind == KindSector && !slices.Contains(out, r.Sector) {
			out = append(out, r.Sector)
		}
	}
	return out
}

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
	_, err := fmt.Fprintf(w, "%d disagreements\n", len(r.Misses))
	return err
}

// RunEvalCommand runs `creatorclub observatory eval [flags] [FILE]`: it
// scores a rule file against a hand-labelled evaluation set and prints
// precision, recall and F1 per label. Without FILE it reads the set
// embedded in the repository's testdata when run from the repository,
// else it needs FILE.
func RunEvalCommand(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("observatory eval", flag.ContinueOnError)
	fs.SetOutput(stdout)
	rulesPath := fs.String("rules", "", "rule file (TOML); default: the rules built into the binary")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	misses := fs.Bool("misses", false, "list every post where the engine and the hand label disagree")
	minF1 := fs.Float64("min-commercial-f1", 0, "exit with an error if F1 of the commercial label is below this")
	minAcc := fs.Float64("min-disclosure-accuracy", 0, "exit with an error if the disclosure accuracy is below this")
	fs.Usage = func() {
		fmt.Fprintf(stdout, "Usage: creatorclub observatory eval [flags] [FILE.jsonl]\n\nScores the rules against a hand-labelled evaluation set (default %s).\n\n", defaultEvalPath)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	rs := DefaultRules()
	if *rulesPath != "" {
		f, err := os.Open(*rulesPath)
		if err != nil {
			return fmt.Errorf("observatory eval: %w", err)
		}
		rs, err = LoadRules(*rulesPath, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	path := defaultEvalPath
	if fs.NArg() > 1 {
		return errors.New("observatory eval: give at most one evaluation file")
	}
	if fs.NArg() == 1 {
		path = fs.Arg(0)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("observatory eval: %w (give the evaluation set as an argument)", err)
	}
	defer f.Close()
	rep, err := Evaluate(rs, f)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		if err := rep.WriteText(stdout); err != nil {
			return err
		}
		if *misses {
			for _, m := range rep.Misses {
				fmt.Fprintf(stdout, "line %d %s %s: want %q got %q — %s\n", m.Line, m.ID, m.Field, m.Want, m.Got, m.Note)
			}
		}
	}
	if f1 := rep.Score("commercial").F1; f1 < *minF1 {
		return fmt.Errorf("observatory eval: F1 for commercial is %.3f, below %.3f", f1, *minF1)
	}
	if rep.DisclosureAccuracy < *minAcc {
		return fmt.Errorf("observatory eval: disclosure accuracy is %.3f, below %.3f", rep.DisclosureAccuracy, *minAcc)
	}
	return nil
}

// defaultEvalPath is where the evaluation set lives in the repository.
const defaultEvalPath = "observatory/testdata/eval/posts.jsonl"
