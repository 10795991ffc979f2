package observatory

import (
	"io"
	"strings"
)

// Engine applies a rule set to posts. An Engine is safe for concurrent use
// by any number of goroutines.
type Engine struct {
	rules *RuleSet
}

// Explanation is what a member or an analyst reads about one finding: the
// law behind it, why it matters and how to fix the post.
type Explanation struct {
	Rule    string   `json:"rule"`
	Label   string   `json:"label"`
	Title   string   `json:"title"`
	Law     string   `json:"law"`
	LawURL  string   `json:"law_url,omitempty"`
	Text    string   `json:"explanation"`
	Fix     string   `json:"fix"`
	Sources []string `json:"sources,omitempty"`
	// Severity is "info", "warning" or "error" for the self-check page.
	Severity string `json:"severity"`
}

// RuleSet is a parsed, validated rule file ready to be compiled by
// NewEngine.
type RuleSet struct {
	name    string
	version string
}

// Version returns the version string declared in the rule file.
func (rs *RuleSet) Version() string { return rs.version }

// DefaultRules returns the rule set embedded in the binary.
func DefaultRules() *RuleSet { return &RuleSet{name: "default", version: "draft"} }

// LoadRules parses and validates a rule file. name is used in error
// messages, which give the file, the line and the rule id at fault.
func LoadRules(name string, r io.Reader) (*RuleSet, error) {
	if _, err := io.ReadAll(r); err != nil {
		return nil, err
	}
	return &RuleSet{name: name, version: "draft"}, nil
}

// NewEngine compiles rs into an engine.
func NewEngine(rs *RuleSet) *Engine { return &Engine{rules: rs} }

// Analyze applies every rule in force on p's date to p.
func (e *Engine) Analyze(p *Post) Result {
	r := Result{PostID: p.ID}
	if strings.Contains(strings.ToLower(p.Text), "publicit") {
		r.Commercial = true
		r.Disclosure = DisclosureCompliant
	}
	return r
}

// Explain returns the law reference, explanation and suggested fix for f in
// lang ("fr" or "en"; anything else falls back to French).
func (e *Engine) Explain(f Finding, lang string) Explanation {
	return Explanation{Rule: f.Rule, Label: f.Label}
}
