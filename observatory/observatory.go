// Package observatory measures whether commercial influence is disclosed in
// corpora of influencer posts: ingestion of platform exports, text
// normalisation, a declarative rules engine based on French law, statistics
// and reports.
//
// The types in this file are shared by the rules engine (engine.go, rules.go,
// normalize.go) and the analysis pipeline (ingest*.go, stats.go, report*.go).
package observatory

import "time"

// Post is one item of a corpus, whatever format it was read from.
type Post struct {
	ID          string
	Platform    string // "instagram", "tiktok", "youtube", … lower case
	Author      string // handle without "@"
	PublishedAt time.Time
	Text        string
	Hashtags    []string // without "#"; may also appear inside Text
	Mentions    []string // without "@"
	Links       []string
	// PaidPartnership is the platform's own paid-partnership flag; nil when
	// the export does not say.
	PaidPartnership *bool
	URL             string
	ImageText       string // text read on the image (OCR) or a transcript
	// Certified says whether the author is a certified creator; nil when
	// unknown (then joined with the club's roster by handle).
	Certified *bool
	// Line is the line (JSON Lines, CSV) or record number (JSON arrays) the
	// post was read from, for error reports and the posts behind a figure.
	Line int
}

// Disclosure is the class of a commercial post's disclosure, judged by the
// reading of the law in force on the post's date.
type Disclosure string

const (
	DisclosureNone         Disclosure = ""              // not commercial
	DisclosureCompliant    Disclosure = "compliant"     // clear, immediate, explicit
	DisclosureImprovable   Disclosure = "improvable"    // ambiguous or not immediately visible
	DisclosureNonCompliant Disclosure = "non_compliant" // commercial, no disclosure
)

// Span is a stretch of a post's text that triggered a finding. Offsets are
// bytes of the field's original text, never of the normalised text, so
// Text == field[Start:End]. For "links" the field is the links joined by
// newlines; for "hashtags" it is the export's hashtags that the text does not
// show, written "#a #b"; for "paid_partnership" it is "true".
type Span struct {
	Field string `json:"field"` // "text", "hashtags", "links", "image_text", "paid_partnership"
	Start int    `json:"start"` // byte offsets in the field's original (not normalised) text
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Finding is one rule that matched a post.
type Finding struct {
	Rule  string `json:"rule"`  // rule id from the rule file
	Label string `json:"label"` // the label it sets, e.g. "commercial.promo_code"
	Spans []Span `json:"spans"`
}

// Result is what the engine says about one post.
type Result struct {
	PostID     string     `json:"id"`
	Commercial bool       `json:"commercial"`
	Disclosure Disclosure `json:"disclosure"`
	// Sectors are the prohibited or restricted sectors promoted
	// ("cosmetic_surgery", "gambling", …).
	Sectors []string `json:"sectors"`
	// Labels are every label set, including signals and image labels.
	Labels   []string  `json:"labels"`
	Findings []Finding `json:"findings"`
	// spans holds the findings' spans, for AnalyzeInto to reuse.
	spans []Span
}
