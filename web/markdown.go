package web

import (
	"bytes"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// markdown renders member- or staff-written Markdown to HTML that is safe to
// embed: goldmark renders, bluemonday keeps only user-content markup (no
// script, style, event handlers or iframes; links get rel=nofollow noopener).
type markdown struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

func newMarkdown() *markdown {
	p := bluemonday.UGCPolicy()
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	return &markdown{md: goldmark.New(goldmark.WithExtensions(extension.Linkify, extension.Strikethrough, extension.Table)), policy: p}
}

// Render returns the sanitised HTML of src.
func (m *markdown) Render(src string) template.HTML {
	var buf bytes.Buffer
	if err := m.md.Convert([]byte(src), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(m.policy.SanitizeBytes(buf.Bytes()))
}
