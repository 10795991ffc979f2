package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/creatorclub/creatorclub/observatory"
)

// jsonPost is a line of the JSON Lines schema.
type jsonPost struct {
	ID              flexString `json:"id"`
	Platform        string     `json:"platform"`
	Author          string     `json:"author"`
	PublishedAt     string     `json:"published_at"`
	Text            string     `json:"text"`
	Hashtags        []string   `json:"hashtags"`
	Mentions        []string   `json:"mentions"`
	Links           []string   `json:"links"`
	PaidPartnership *bool      `json:"paid_partnership"`
	URL             string     `json:"url"`
	ImageText       string     `json:"image_text"`
	Certified       *bool      `json:"certified"`
}

// flexString accepts a JSON string or number (ids are sometimes numbers).
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if _, err := strconv.ParseFloat(string(b), 64); err != nil {
		return errors.New("must be a string or a number")
	}
	*f = flexString(b)
	return nil
}

// decodeJSONLine decodes one line of the JSON Lines schema into p.
func decodeJSONLine(line []byte, n int, p *observatory.Post) *RecordError {
	bad := func(format string, args ...any) *RecordError {
		return &RecordError{Unit: "line", Line: n, Msg: fmt.Sprintf(format, args...)}
	}
	if len(line) == 0 || line[0] != '{' {
		return bad("not a JSON object (each line must be one object {…}; this one starts with %s)", describeStart(line))
	}
	var j jsonPost
	lp := lineParser{s: string(line)}
	if err := lp.parse(&j); err != nil {
		return bad("%s", err.Error())
	}
	if err := j.post(p); err != nil {
		return bad("%s", err.Error())
	}
	p.Line = n
	return nil
}

func (j *jsonPost) post(p *observatory.Post) error {
	id := strings.TrimSpace(string(j.ID))
	if id == "" {
		return errors.New(`the field "id" is missing or empty`)
	}
	t, err := ParseTime(j.PublishedAt)
	if err != nil {
		return fmt.Errorf("published_at: %w", err)
	}
	*p = observatory.Post{
		ID:              id,
		Platform:        platformName(j.Platform),
		Author:          handle(j.Author),
		PublishedAt:     t,
		Text:            j.Text,
		Hashtags:        trimAll(j.Hashtags, "#"),
		Mentions:        trimAll(j.Mentions, "@"),
		Links:           j.Links,
		PaidPartnership: j.PaidPartnership,
		URL:             j.URL,
		ImageText:       j.ImageText,
		Certified:       j.Certified,
	}
	return nil
}

// describeStart names the first character of a line for error messages.
func describeStart(b []byte) string {
	if len(b) == 0 {
		return "nothing"
	}
	r := []rune(string(b[:min(len(b), 8)]))
	if len(r) == 0 {
		return "an invalid byte"
	}
	return strconv.QuoteRune(r[0])
}

// jsonMessage turns encoding/json errors into messages naming the field.
func jsonMessage(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		if te.Field != "" {
			return fmt.Sprintf("the field %q must be %s, not %s", te.Field, jsonKind(te.Type.Kind().String()), te.Value)
		}
		return fmt.Sprintf("expected %s, found %s", jsonKind(te.Type.Kind().String()), te.Value)
	case errors.As(err, &se):
		return fmt.Sprintf("invalid JSON at byte %d: %v", se.Offset, se)
	}
	return "invalid JSON: " + err.Error()
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "slice":
		return "an array"
	case "bool", "ptr":
		return "true or false"
	case "struct":
		return "an object"
	}
	return k
}

func platformName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "unknown"
	}
	return s
}

func handle(s string) string {
	return strings.TrimPrefix(strings.TrimSpace(s), "@")
}

// trimAll removes a leading prefix ("#", "@") and spaces from each item and
// drops empty ones; it reuses s.
func trimAll(s []string, prefix string) []string {
	out := s[:0]
	for _, v := range s {
		v = strings.TrimPrefix(strings.TrimSpace(v), prefix)
		if v != "" {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
