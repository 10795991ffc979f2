package ingest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// lineParser decodes one line of the JSON Lines schema. encoding/json's
// reflection-based decoder made decoding the bottleneck of the analysis
// (about 85 MB/s per core); this strict, schema-specific parser converts
// the line to a string once and slices the field values out of it, so a
// post costs one allocation plus its lists. Every value, including the
// fields it ignores, is checked against the JSON grammar.
type lineParser struct {
	s   string
	i   int
	err error
}

const maxDepth = 64

func (p *lineParser) failf(format string, args ...any) {
	if p.err == nil {
		p.err = fmt.Errorf("invalid JSON at byte %d: %s", p.i+1, fmt.Sprintf(format, args...))
	}
}

func (p *lineParser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		default:
			return
		}
	}
}

func (p *lineParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *lineParser) found() string {
	if p.i >= len(p.s) {
		return "the end of the line"
	}
	r, _ := utf8.DecodeRuneInString(p.s[p.i:])
	return strconv.QuoteRune(r)
}

// str reads a JSON string; the cursor is on its opening quote.
func (p *lineParser) str() string {
	if p.peek() != '"' {
		p.failf("expected a string, found %s", p.found())
		return ""
	}
	p.i++
	start := p.i
	nonASCII := false
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			v := p.s[start:p.i]
			p.i++
			if nonASCII && !utf8.ValidString(v) {
				v = strings.ToValidUTF8(v, "\uFFFD")
			}
			return v
		case c == '\\':
			return p.escaped(start)
		case c < 0x20:
			p.failf("control character in a string (write it as \\n or \\u00XX)")
			return ""
		case c >= utf8.RuneSelf:
			nonASCII = true
		}
		p.i++
	}
	p.failf("unterminated string")
	return ""
}

// escaped finishes a string that holds escapes, from its start.
func (p *lineParser) escaped(start int) string {
	var b strings.Builder
	b.WriteString(p.s[start:p.i])
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return strings.ToValidUTF8(b.String(), "\uFFFD")
		case c < 0x20:
			p.failf("control character in a string (write it as \\n or \\u00XX)")
			return ""
		case c != '\\':
			b.WriteByte(c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.s) {
			break
		}
		e := p.s[p.i+1]
		p.i += 2
		switch e {
		case '"', '\\', '/':
			b.WriteByte(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r := p.hex4()
			if p.err != nil {
				return ""
			}
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if strings.HasPrefix(p.s[p.i:], `\u`) {
					save := p.i
					p.i += 2
					r2 = p.hex4()
					if p.err != nil {
						return ""
					}
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						b.WriteRune(dec)
						continue
					}
					p.i = save
				}
				r = utf8.RuneError
			}
			b.WriteRune(r)
		default:
			p.i--
			p.failf("invalid escape \\%c in a string", e)
			return ""
		}
	}
	p.failf("unterminated string")
	return ""
}

func (p *lineParser) hex4() rune {
	if p.i+4 > len(p.s) {
		p.failf("incomplete \\u escape")
		return 0
	}
	v, err := strconv.ParseUint(p.s[p.i:p.i+4], 16, 32)
	if err != nil || strings.ContainsAny(p.s[p.i:p.i+4], "+-") {
		p.failf("invalid \\u escape")
		return 0
	}
	p.i += 4
	return rune(v)
}

// number reads a JSON number and returns its text.
func (p *lineParser) number() string {
	start := p.i
	if p.peek() == '-' {
		p.i++
	}
	digits := func() int {
		n := 0
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.peek() == '0' {
		p.i++
	} else if digits() == 0 {
		p.failf("expected a value, found %s", p.found())
		return ""
	}
	if p.peek() == '.' {
		p.i++
		if digits() == 0 {
			p.failf("expected digits after the decimal point")
			return ""
		}
	}
	if c := p.peek(); c == 'e' || c == 'E' {
		p.i++
		if c := p.peek(); c == '+' || c == '-' {
			p.i++
		}
		if digits() == 0 {
			p.failf("expected digits in the exponent")
			return ""
		}
	}
	return p.s[start:p.i]
}

// literal reads true, false or null.
func (p *lineParser) literal(word string) bool {
	if strings.HasPrefix(p.s[p.i:], word) {
		p.i += len(word)
		return true
	}
	p.failf("expected a value, found %s", p.found())
	return false
}

// skip reads and discards any value.
func (p *lineParser) skip(depth int) {
	if depth > maxDepth {
		p.failf("values nested more than %d deep", maxDepth)
		return
	}
	p.ws()
	switch c := p.peek(); {
	case c == '"':
		p.str()
	case c == '{':
		p.i++
		p.ws()
		if p.peek() == '}' {
			p.i++
			return
		}
		for p.err == nil {
			p.ws()
			p.str()
			p.ws()
			if p.peek() != ':' {
				p.failf("expected : after a field name, found %s", p.found())
				return
			}
			p.i++
			p.skip(depth + 1)
			p.ws()
			if p.peek() == ',' {
				p.i++
				continue
			}
			if p.peek() == '}' {
				p.i++
				return
			}
			p.failf("expected , or } in an object, found %s", p.found())
		}
	case c == '[':
		p.i++
		p.ws()
		if p.peek() == ']' {
			p.i++
			return
		}
		for p.err == nil {
			p.skip(depth + 1)
			p.ws()
			if p.peek() == ',' {
				p.i++
				continue
			}
			if p.peek() == ']' {
				p.i++
				return
			}
			p.failf("expected , or ] in an array, found %s", p.found())
		}
	case c == 't':
		p.literal("true")
	case c == 'f':
		p.literal("false")
	case c == 'n':
		p.literal("null")
	default:
		p.number()
	}
}

// errType is a value of the wrong type for a field.
type errType struct{ field, want string }

func (e *errType) Error() string { return fmt.Sprintf("the field %q must be %s", e.field, e.want) }

// stringField reads a string, or null (""), into a field.
func (p *lineParser) stringField(name string) string {
	switch p.peek() {
	case '"':
		return p.str()
	case 'n':
		p.literal("null")
		return ""
	}
	p.typeError(name, "a string")
	return ""
}

func (p *lineParser) typeError(name, want string) {
	if p.err == nil {
		p.err = &errType{name, want}
	}
}

// boolField reads true, false or null (nil).
func (p *lineParser) boolField(name string) *bool {
	switch p.peek() {
	case 't':
		p.literal("true")
		v := true
		return &v
	case 'f':
		p.literal("false")
		v := false
		return &v
	case 'n':
		p.literal("null")
		return nil
	}
	p.typeError(name, "true or false")
	return nil
}

// listField reads an array of strings, or null.
func (p *lineParser) listField(name string) []string {
	switch p.peek() {
	case 'n':
		p.literal("null")
		return nil
	case '[':
	default:
		p.typeError(name, "an array of strings")
		return nil
	}
	p.i++
	p.ws()
	if p.peek() == ']' {
		p.i++
		return nil
	}
	var out []string
	for p.err == nil {
		p.ws()
		if p.peek() != '"' {
			p.typeError(name, "an array of strings")
			return nil
		}
		out = append(out, p.str())
		p.ws()
		if p.peek() == ',' {
			p.i++
			continue
		}
		if p.peek() == ']' {
			p.i++
			return out
		}
		p.failf("expected , or ] in an array, found %s", p.found())
	}
	return nil
}

// idField reads a string or a number.
func (p *lineParser) idField() string {
	switch c := p.peek(); {
	case c == '"':
		return p.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 'n':
		p.literal("null")
		return ""
	}
	p.typeError("id", "a string or a number")
	return ""
}

// parse reads the line's object into j.
func (p *lineParser) parse(j *jsonPost) error {
	p.ws()
	if p.peek() != '{' {
		p.failf("expected an object")
		return p.err
	}
	p.i++
	p.ws()
	if p.peek() == '}' {
		p.i++
	} else {
		for p.err == nil {
			p.ws()
			key := p.str()
			p.ws()
			if p.err == nil && p.peek() != ':' {
				p.failf("expected : after a field name, found %s", p.found())
			}
			if p.err != nil {
				break
			}
			p.i++
			p.ws()
			switch key {
			case "id":
				j.ID = flexString(p.idField())
			case "platform":
				j.Platform = p.stringField(key)
			case "author":
				j.Author = p.stringField(key)
			case "published_at":
				j.PublishedAt = p.stringField(key)
			case "text":
				j.Text = p.stringField(key)
			case "hashtags":
				j.Hashtags = p.listField(key)
			case "mentions":
				j.Mentions = p.listField(key)
			case "links":
				j.Links = p.listField(key)
			case "paid_partnership":
				j.PaidPartnership = p.boolField(key)
			case "url":
				j.URL = p.stringField(key)
			case "image_text":
				j.ImageText = p.stringField(key)
			case "certified":
				j.Certified = p.boolField(key)
			default:
				p.skip(1)
			}
			p.ws()
			if p.err != nil {
				break
			}
			if p.peek() == ',' {
				p.i++
				continue
			}
			if p.peek() == '}' {
				p.i++
				break
			}
			p.failf("expected , or } after a field, found %s", p.found())
		}
	}
	if p.err == nil {
		p.ws()
		if p.i < len(p.s) {
			p.failf("unexpected %s after the object (one object per line)", p.found())
		}
	}
	var te *errType
	if errors.As(p.err, &te) {
		return te
	}
	return p.err
}
