package observatory

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// The rule file is declarative: what the law says lives in
// rules/france.toml, with its sources and the dates each reading applies
// from, not in Go code. The engine only knows the kinds of rules below.
//
//go:embed rules/france.toml
var defaultRuleFile []byte

// Rule kinds.
const (
	// KindSignal marks a post as commercial (a promo code, an affiliate
	// link, gifted wording next to a brand's handle…), with a weight.
	KindSignal = "signal"
	// KindDisclosure is a mention that discloses commercial intent, with
	// the class it earns when visible ("compliant" or "improvable") under
	// the reading of the law in force on the post's date.
	KindDisclosure = "disclosure"
	// KindNotSponsored is a statement that the post is not sponsored; it
	// cancels weak signals.
	KindNotSponsored = "not_sponsored"
	// KindSector is a prohibited or restricted sector.
	KindSector = "sector"
	// KindImageLabel is a label for retouched or virtual images.
	KindImageLabel = "image_label"
	// KindVerdict is a conclusion the engine draws (no disclosure, a
	// mention not visible…); it has no patterns, only its explanation.
	KindVerdict = "verdict"
)

// Verdict rule ids the engine emits; the rule file must define them.
const (
	VerdictNonCompliant = "verdict.non_compliant"
	VerdictNotVisible   = "verdict.not_visible"
	VerdictBuried       = "verdict.buried_in_hashtags"
	VerdictObfuscated   = "verdict.obfuscated"
)

var verdictIDs = []string{VerdictNonCompliant, VerdictNotVisible, VerdictBuried, VerdictObfuscated}

// Source is a legal text or recommendation the rules cite.
type Source struct {
	ID    string `toml:"id" json:"id"`
	Title string `toml:"title" json:"title"`
	URL   string `toml:"url" json:"url"`
	Date  string `toml:"date" json:"date"`
}

// Rule is one entry of the rule file.
type Rule struct {
	ID    string `toml:"id"`
	Kind  string `toml:"kind"`
	Label string `toml:"label"`

	// When the rule applies, by the post's publication date (inclusive);
	// zero means no bound.
	From  time.Time `toml:"from"`
	Until time.Time `toml:"until"`

	// Patterns, normalised like the text before matching.
	Phrases   []string `toml:"phrases"`    // words or phrases, whole words
	Hashtags  []string `toml:"hashtags"`   // whole hashtags only, without "#"
	Domains   []string `toml:"domains"`    // link domains, in links and text
	URLParams []string `toml:"url_params"` // substrings of links ("utm_source=")
	// CodeAfter are phrases followed by a promo code: a token of 3 to 24
	// letters and digits written in capitals in the original text.
	CodeAfter      []string `toml:"code_after"`
	CodeNeedsDigit bool     `toml:"code_needs_digit"`
	// PatternsFrom reuses the patterns of another rule (the same wording
	// read differently before and after a change of the law).
	PatternsFrom string `toml:"patterns_from"`
	// HashtagSuffixes match the end of a longer hashtag (#brandpartner).
	HashtagSuffixes []string `toml:"hashtag_suffixes"`
	// HandleParts match inside an @handle, at its start or after other
	// letters (@tipsterking, @goalbet.fr): brands named after what they sell.
	HandleParts []string `toml:"handle_parts"`
	// PlatformFlag fires on the platform's own paid-partnership flag.
	PlatformFlag bool `toml:"platform_flag"`

	// Conditions.
	Mention      string   `toml:"mention"` // "after": an @handle follows; "before": one ends right before; "near": one within NearWindow bytes
	Near         []string `toml:"near"`    // one of these words within NearWindow bytes
	NearWindow   int      `toml:"near_window"`
	UnlessBefore []string `toml:"unless_before"` // negations cancelling the match when within unless_window bytes before it
	// UnlessJustBefore: words cancelling the match when right before it
	// ("la publicité", "mon partner").
	UnlessJustBefore []string `toml:"unless_just_before"`
	// UnlessJustAfter: words cancelling the match when right after it,
	// which make a sector's word a look-alike ("poker face", "filler
	// arc", "puff-sleeve", "trading cards").
	UnlessJustAfter []string `toml:"unless_just_after"`
	// Standalone: a short word ("Ad", "Pub") counts only as a label: first
	// word of the text, or followed by ":", "|", "-", or in brackets.
	Standalone bool `toml:"standalone"`
	// Cues: a sector counts when the post is commercial or one of these
	// words of promotion (booking, code, link…) is in the same field.
	Cues []string `toml:"cues"`
	// NeedsCommercial makes a sector or image rule count only on a post
	// found commercial.
	NeedsCommercial bool `toml:"needs_commercial"`
	// CuesRequired makes a sector rule count only with one of its cues in
	// the same field, even on a commercial post (a free tip with a betting
	// site's link is no prognostics subscription).
	CuesRequired bool `toml:"cues_required"`
	// Cancels: labels, or ids, of the weaker signals that a not_sponsored
	// statement cancels ("je l'ai acheté" cancels a thank-you to the brand).
	Cancels []string `toml:"cancels"`

	Weight   float64 `toml:"weight"`   // signals and disclosures: weight toward "commercial"
	Class    string  `toml:"class"`    // disclosures: "compliant" or "improvable"
	Sector   string  `toml:"sector"`   // sectors
	Image    string  `toml:"image"`    // image labels: "retouched" or "virtual"
	Severity string  `toml:"severity"` // "info", "warning", "error"

	Law       string   `toml:"law"`
	LawURL    string   `toml:"law_url"`
	Sources   []string `toml:"sources"`
	TitleFR   string   `toml:"title_fr"`
	TitleEN   string   `toml:"title_en"`
	ExplainFR string   `toml:"explain_fr"`
	ExplainEN string   `toml:"explain_en"`
	FixFR     string   `toml:"fix_fr"`
	FixEN     string   `toml:"fix_en"`

	line int // line of the rule's [[rule]] header in the file
}

// RuleSet is a parsed, validated rule file ready to be compiled by
// NewEngine.
type RuleSet struct {
	name string
	file ruleFile
	byID map[string]*Rule
}

type ruleFile struct {
	Version string `toml:"version"`
	Title   string `toml:"title"`
	// CommercialThreshold is the total weight of signals that makes a
	// post commercial.
	CommercialThreshold float64 `toml:"commercial_threshold"`
	// VisibleRunes is how many characters a platform shows before "more".
	VisibleRunes int `toml:"visible_runes"`
	// BuriedAfter: a disclosure hashtag with at least this many hashtags
	// before it in the closing block of hashtags is buried; 0: any
	// disclosure in the closing block is (absent: 2).
	BuriedAfter *int `toml:"buried_after"`
	// UnlessWindow is how many bytes before a match negations are looked
	// for.
	UnlessWindow int      `toml:"unless_window"`
	Sources      []Source `toml:"source"`
	Rules        []Rule   `toml:"rule"`
	// Evaluation is how well this version of the rules did on a
	// hand-labelled set it was not tuned on, if measured.
	Evaluation *RulesEvaluation `toml:"evaluation"`
	// Published are figures other studies published, which reports set
	// beside the corpus's own estimate.
	Published []PublishedFigure `toml:"published_figure"`
	// SelfCheck holds what the self-check says instead of a finding's fix
	// when the caption already carries a clear, immediate mention.
	SelfCheck SelfCheckTexts `toml:"self_check"`
}

// SelfCheckTexts are the self-check's words for findings that need no fix
// because the caption is already disclosed compliantly: the commercial
// signals (a promo code, a brand's handle…) that make the mention
// necessary, and weaker mentions (#sp, #collab) that add nothing to it.
type SelfCheckTexts struct {
	SignalDisclosedFR  string `toml:"signal_disclosed_fr"`
	SignalDisclosedEN  string `toml:"signal_disclosed_en"`
	MentionRedundantFR string `toml:"mention_redundant_fr"`
	MentionRedundantEN string `toml:"mention_redundant_en"`
}

// PublishedFigure is a share another study published (the organisation's
// own observatory, a regulator's sweep) for some months and a group of
// creators. A report sets the corpus's estimate for the same months and
// group beside it, with an exact test of whether the corpus could come
// from that share: the studies' corpora and methods differ, so the figure
// is a landmark, not a ground truth.
type PublishedFigure struct {
	ID string `toml:"id" json:"id"`
	// Metric is "compliant", "improvable" or "non_compliant" (shares of
	// the commercial posts) or "commercial" (a share of all posts).
	Metric string `toml:"metric" json:"metric"`
	// Group is "all", "certified" or "non_certified".
	Group string `toml:"group" json:"group"`
	// From and Until bound the posts' publication dates, whole months.
	From    time.Time `toml:"from" json:"from"`
	Until   time.Time `toml:"until" json:"until"`
	Value   float64   `toml:"value" json:"value"`   // 0.59 for 59 %
	Source  string    `toml:"source" json:"source"` // a [[source]] id
	TitleFR string    `toml:"title_fr" json:"title_fr"`
	TitleEN string    `toml:"title_en" json:"title_en"`
	line    int
}

// PublishedMetrics are the metrics a published figure may give.
var PublishedMetrics = []string{"commercial", "compliant", "improvable", "non_compliant"}

// PublishedGroups are the groups of creators a published figure may be
// about.
var PublishedGroups = []string{"all", "certified", "non_certified"}

// RulesEvaluation records the accuracy of a rule file measured out of
// sample, so that reports can state it. The test suite checks it against a
// new measurement.
type RulesEvaluation struct {
	Set                string  `toml:"set" json:"set"` // file name in observatory/testdata/eval
	Posts              int     `toml:"posts" json:"posts"`
	CommercialF1       float64 `toml:"commercial_f1" json:"commercial_f1"`
	DisclosureAccuracy float64 `toml:"disclosure_accuracy" json:"disclosure_accuracy"`
	// SectorF1 is the F1 of each sector's label ("gambling": 0.79), and
	// SectorPosts the number of posts of the set that carry it: sectors
	// are found less surely than commercial content, and on few posts.
	SectorF1    map[string]float64 `toml:"sector_f1" json:"sector_f1,omitempty"`
	SectorPosts map[string]int     `toml:"sector_posts" json:"sector_posts,omitempty"`
	Measured    string             `toml:"measured" json:"measured"` // YYYY-MM-DD
}

// Version returns the version string declared in the rule file.
func (rs *RuleSet) Version() string { return rs.file.Version }

// Evaluation returns the rule file's measured accuracy, or nil.
func (rs *RuleSet) Evaluation() *RulesEvaluation { return rs.file.Evaluation }

// Name returns the name the rule set was loaded under.
func (rs *RuleSet) Name() string { return rs.name }

// Rules returns the rules in file order.
func (rs *RuleSet) Rules() []Rule { return rs.file.Rules }

// Sources returns the legal texts the rules cite.
func (rs *RuleSet) Sources() []Source { return rs.file.Sources }

// Source returns the source with the given id, or nil.
func (rs *RuleSet) Source(id string) *Source {
	for i := range rs.file.Sources {
		if rs.file.Sources[i].ID == id {
			return &rs.file.Sources[i]
		}
	}
	return nil
}

// Published returns the figures other studies published, in file order.
func (rs *RuleSet) Published() []PublishedFigure { return rs.file.Published }

// Sectors returns the restricted sectors the rules recognise, in file
// order.
func (rs *RuleSet) Sectors() []string {
	var out []string
	for _, r := range rs.file.Rules {
		if r.Kind == KindSector && !slices.Contains(out, r.Sector) {
			out = append(out, r.Sector)
		}
	}
	return out
}

// Rule returns the rule with the given id, or nil.
func (rs *RuleSet) Rule(id string) *Rule { return rs.byID[id] }

var defaultRules = func() *RuleSet {
	rs, err := LoadRules("rules/france.toml", bytes.NewReader(defaultRuleFile))
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return rs
}()

// DefaultRules returns the rule set embedded in the binary.
func DefaultRules() *RuleSet { return defaultRules }

// RuleError is a syntax or semantic error in a rule file.
type RuleError struct {
	File string
	Line int    // 0 when unknown
	Rule string // rule id, "" when the error is not about one rule
	Msg  string
}

func (e *RuleError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Rule != "" {
		fmt.Fprintf(&b, ": rule %q", e.Rule)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

var typeErrPrefix = regexp.MustCompile(`^line \d+ \(last key ("[^"]*")\): `)

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$`)

// LoadRules parses and validates a rule file. name is used in error
// messages, which give the file, the line and the rule id at fault; the
// error is a *RuleError.
func LoadRules(name string, r io.Reader) (*RuleSet, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("observatory: read rule file %s: %w", name, err)
	}
	rs := &RuleSet{name: name, byID: map[string]*Rule{}}
	md, err := toml.Decode(string(data), &rs.file)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line := pe.Position.Line
			return nil, &RuleError{File: name, Line: line, Rule: ruleAtLine(data, line), Msg: pe.Message}
		}
		// Type mismatches ("toml: line 12 (last key …): incompatible types…").
		msg := err.Error()
		line := 0
		if _, e := fmt.Sscanf(msg, "toml: line %d", &line); e != nil {
			line = 0
		}
		msg = strings.TrimPrefix(msg, "toml: ")
		if m := typeErrPrefix.FindStringSubmatch(msg); m != nil {
			msg = "key " + m[1] + ": " + msg[len(m[0]):]
		}
		return nil, &RuleError{File: name, Line: line, Rule: ruleAtLine(data, line), Msg: msg}
	}
	headers := headerLines(data, "[[rule]]")
	for i := range rs.file.Rules {
		if i < len(headers) {
			rs.file.Rules[i].line = headers[i]
		}
	}
	headers = headerLines(data, "[[published_figure]]")
	for i := range rs.file.Published {
		if i < len(headers) {
			rs.file.Published[i].line = headers[i]
		}
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		key := k[len(k)-1]
		line := keyLine(data, key, 1)
		return nil, &RuleError{File: name, Line: line, Rule: ruleAtLine(data, line), Msg: fmt.Sprintf("unknown key %q", k.String())}
	}
	if err := rs.validate(data); err != nil {
		return nil, err
	}
	return rs, nil
}

func (rs *RuleSet) validate(data []byte) error {
	f := &rs.file
	fail := func(line int, rule, format string, args ...any) error {
		return &RuleError{File: rs.name, Line: line, Rule: rule, Msg: fmt.Sprintf(format, args...)}
	}
	if strings.TrimSpace(f.Version) == "" {
		return fail(0, "", "the rule file needs a version (version = \"…\")")
	}
	if f.CommercialThreshold <= 0 {
		f.CommercialThreshold = 1
	}
	if f.VisibleRunes <= 0 {
		f.VisibleRunes = 125
	}
	if f.BuriedAfter == nil || *f.BuriedAfter < 0 {
		two := 2
		f.BuriedAfter = &two
	}
	if f.UnlessWindow <= 0 {
		f.UnlessWindow = 16
	}
	sources := map[string]bool{}
	for _, s := range f.Sources {
		if s.ID == "" || s.Title == "" {
			return fail(keyLine(data, "id", 1), "", "every [[source]] needs an id and a title")
		}
		sources[s.ID] = true
	}
	for i := range f.Rules {
		r := &f.Rules[i]
		line := r.line
		if r.ID == "" {
			return fail(line, "", "rule %d has no id", i+1)
		}
		if !idPattern.MatchString(r.ID) {
			return fail(line, r.ID, "a rule id is lower-case words separated by dots")
		}
		if rs.byID[r.ID] != nil {
			return fail(line, r.ID, "duplicate rule id (first at line %d)", rs.byID[r.ID].line)
		}
		rs.byID[r.ID] = r
		if r.Label == "" {
			return fail(line, r.ID, "the rule has no label")
		}
		if r.ExplainFR == "" || r.ExplainEN == "" {
			return fail(line, r.ID, "the rule needs explain_fr and explain_en")
		}
		if r.Law == "" {
			return fail(line, r.ID, "the rule needs the article of law or recommendation it enforces (law = \"…\")")
		}
		for _, s := range r.Sources {
			if !sources[s] {
				return fail(line, r.ID, "unknown source %q (declare it in a [[source]])", s)
			}
		}
		if !r.From.IsZero() && !r.Until.IsZero() && r.Until.Before(r.From) {
			return fail(line, r.ID, "until (%s) is before from (%s)", r.Until.Format(time.DateOnly), r.From.Format(time.DateOnly))
		}
		switch r.Mention {
		case "", "after", "before", "near":
		default:
			return fail(line, r.ID, "mention must be \"after\", \"before\" or \"near\", not %q", r.Mention)
		}
		if r.NearWindow <= 0 {
			r.NearWindow = 80
		}
		switch r.Severity {
		case "":
			r.Severity = "warning"
		case "info", "warning", "error":
		default:
			return fail(line, r.ID, "severity must be info, warning or error, not %q", r.Severity)
		}
		hasPatterns := len(r.Phrases)+len(r.Hashtags)+len(r.HashtagSuffixes)+len(r.HandleParts)+len(r.Domains)+len(r.URLParams)+len(r.CodeAfter) > 0 || r.PatternsFrom != "" || r.PlatformFlag
		switch r.Kind {
		case KindSignal, KindNotSponsored:
			if r.Weight == 0 && r.Kind == KindSignal {
				r.Weight = 1
			}
		case KindDisclosure:
			if r.Class != string(DisclosureCompliant) && r.Class != string(DisclosureImprovable) {
				return fail(line, r.ID, "a disclosure rule needs class = \"compliant\" or \"improvable\"")
			}
			if r.Weight == 0 {
				r.Weight = 1
			}
		case KindSector:
			if r.Sector == "" {
				return fail(line, r.ID, "a sector rule needs sector = \"…\"")
			}
		case KindImageLabel:
			if r.Image != "retouched" && r.Image != "virtual" {
				return fail(line, r.ID, "an image_label rule needs image = \"retouched\" or \"virtual\"")
			}
		case KindVerdict:
			if hasPatterns {
				return fail(line, r.ID, "a verdict rule has no patterns: the engine draws it")
			}
			continue
		default:
			return fail(line, r.ID, "unknown kind %q (signal, disclosure, not_sponsored, sector, image_label, verdict)", r.Kind)
		}
		if !hasPatterns {
			return fail(line, r.ID, "the rule has no patterns")
		}
		for _, lists := range [][]string{r.Phrases, r.Hashtags, r.HashtagSuffixes, r.HandleParts, r.CodeAfter, r.Near, r.UnlessBefore, r.UnlessJustBefore, r.UnlessJustAfter, r.Cues} {
			for _, p := range lists {
				if Normalize(strings.TrimPrefix(p, "#")) == "" {
					return fail(keyLineFrom(data, p, line), r.ID, "pattern %q is empty once normalised", p)
				}
			}
		}
	}
	for i := range f.Rules {
		r := &f.Rules[i]
		if r.PatternsFrom == "" {
			continue
		}
		src := rs.byID[r.PatternsFrom]
		if src == nil {
			return fail(r.line, r.ID, "patterns_from names unknown rule %q", r.PatternsFrom)
		}
		if src.PatternsFrom != "" {
			return fail(r.line, r.ID, "patterns_from must name a rule with its own patterns")
		}
		r.Phrases = slices.Concat(src.Phrases, r.Phrases)
		r.Hashtags = slices.Concat(src.Hashtags, r.Hashtags)
		r.HashtagSuffixes = slices.Concat(src.HashtagSuffixes, r.HashtagSuffixes)
		r.HandleParts = slices.Concat(src.HandleParts, r.HandleParts)
		r.CodeAfter = slices.Concat(src.CodeAfter, r.CodeAfter)
		r.Domains = slices.Concat(src.Domains, r.Domains)
		r.URLParams = slices.Concat(src.URLParams, r.URLParams)
		r.PlatformFlag = r.PlatformFlag || src.PlatformFlag
		if len(r.UnlessBefore) == 0 {
			r.UnlessBefore = src.UnlessBefore
		}
		if len(r.UnlessJustBefore) == 0 {
			r.UnlessJustBefore = src.UnlessJustBefore
		}
		if len(r.UnlessJustAfter) == 0 {
			r.UnlessJustAfter = src.UnlessJustAfter
		}
	}
	for _, id := range verdictIDs {
		if r := rs.byID[id]; r == nil || r.Kind != KindVerdict {
			return fail(0, id, "the rule file must define this verdict rule (kind = \"verdict\")")
		}
	}
	return rs.validatePublished(sources)
}

// validatePublished checks the [[published_figure]] entries; an error names
// the figure and its line.
func (rs *RuleSet) validatePublished(sources map[string]bool) error {
	seen := map[string]int{}
	for i := range rs.file.Published {
		f := &rs.file.Published[i]
		fail := func(format string, args ...any) error {
			name := f.ID
			if name == "" {
				name = fmt.Sprintf("#%d", i+1)
			}
			return &RuleError{File: rs.name, Line: f.line, Msg: fmt.Sprintf("published figure %s: ", name) + fmt.Sprintf(format, args...)}
		}
		switch {
		case f.ID == "":
			return fail("it needs an id")
		case !idPattern.MatchString(f.ID):
			return fail("an id is lower-case words separated by dots")
		case seen[f.ID] > 0:
			return fail("duplicate id (first at line %d)", seen[f.ID])
		case !slices.Contains(PublishedMetrics, f.Metric):
			return fail("metric must be one of %s, not %q", strings.Join(PublishedMetrics, ", "), f.Metric)
		case f.Group == "":
			f.Group = "all"
		case !slices.Contains(PublishedGroups, f.Group):
			return fail("group must be one of %s, not %q", strings.Join(PublishedGroups, ", "), f.Group)
		}
		seen[f.ID] = max(f.line, 1)
		switch {
		case f.From.IsZero() || f.Until.IsZero():
			return fail("it needs from and until (dates such as 2023-01-01 and 2023-06-30)")
		case f.From.Day() != 1:
			return fail("from (%s) must be the first day of a month: a report counts whole months", f.From.Format(time.DateOnly))
		case f.Until.AddDate(0, 0, 1).Day() != 1:
			return fail("until (%s) must be the last day of a month: a report counts whole months", f.Until.Format(time.DateOnly))
		case f.Until.Before(f.From):
			return fail("until (%s) is before from (%s)", f.Until.Format(time.DateOnly), f.From.Format(time.DateOnly))
		case !(f.Value >= 0 && f.Value <= 1):
			return fail("value must be a share between 0 and 1 (0.59 for 59 %%), not %v", f.Value)
		case f.Source == "":
			return fail("it needs the source that published it (source = \"…\", a [[source]] id)")
		case !sources[f.Source]:
			return fail("unknown source %q (declare it in a [[source]])", f.Source)
		case f.TitleFR == "" || f.TitleEN == "":
			return fail("it needs title_fr and title_en")
		}
	}
	return nil
}

// headerLines returns the line numbers of the headers of an array of
// tables ("[[rule]]").
func headerLines(data []byte, header string) []int {
	var lines []int
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == header {
			lines = append(lines, n)
		}
	}
	return lines
}

// ruleAtLine returns the id of the rule whose block holds line, if any.
func ruleAtLine(data []byte, line int) string {
	if line <= 0 {
		return ""
	}
	id := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan() && n <= line; n++ {
		t := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(t, "[["):
			id = ""
		case strings.HasPrefix(t, "id") && id == "":
			if _, v, ok := strings.Cut(t, "="); ok {
				id = strings.Trim(strings.TrimSpace(v), `"'`)
			}
		}
	}
	return id
}

// keyLine returns the first line at or after from where key is assigned.
func keyLine(data []byte, key string, from int) int {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if n < from {
			continue
		}
		t := strings.TrimSpace(sc.Text())
		if k, _, ok := strings.Cut(t, "="); ok && strings.TrimSpace(k) == key {
			return n
		}
	}
	return 0
}

// keyLineFrom returns the first line at or after from containing s.
func keyLineFrom(data []byte, s string, from int) int {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if n >= from && strings.Contains(sc.Text(), s) {
			return n
		}
	}
	return from
}
