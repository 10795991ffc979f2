package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/creatorclub/creatorclub/observatory"
)

// CSVMapping maps observatory field names (id, platform, author,
// published_at, text, hashtags, mentions, links, paid_partnership, url,
// image_text, certified) to CSV column names.
type CSVMapping map[string]string

// csvFields are the fields a CSV file may carry.
var csvFields = []string{"id", "platform", "author", "published_at", "text", "hashtags", "mentions", "links", "paid_partnership", "url", "image_text", "certified"}

// ParseCSVMapping reads "field=column,field=column".
func ParseCSVMapping(s string) (CSVMapping, error) {
	m := CSVMapping{}
	for _, pair := range strings.Split(s, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		field, column, ok := strings.Cut(pair, "=")
		field, column = strings.TrimSpace(field), strings.TrimSpace(column)
		if !ok || column == "" {
			return nil, fmt.Errorf("column mapping %q: write field=column, e.g. text=caption", pair)
		}
		if !slices.Contains(csvFields, field) {
			return nil, fmt.Errorf("column mapping %q: unknown field %q (fields: %s)", pair, field, strings.Join(csvFields, ", "))
		}
		m[field] = column
	}
	return m, nil
}

type csvReader struct {
	rd   *Reader
	cr   *csv.Reader
	cols map[string]int // field → column index
}

func newCSVReader(rd *Reader, mapping CSVMapping) (*csvReader, error) {
	if bom, _ := rd.src.Peek(3); bytes.Equal(bom, []byte("\uFEFF")) {
		rd.src.Discard(3)
	}
	peek, _ := rd.src.Peek(4096)
	first, _, _ := bytes.Cut(peek, []byte("\n"))
	cr := csv.NewReader(rd.src)
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("the CSV file is empty: it needs a header row naming its columns")
		}
		return nil, fmt.Errorf("the CSV header row is unreadable: %w", err)
	}
	index := map[string]int{}
	for i, h := range header {
		index[strings.ToLower(strings.TrimSpace(h))] = i
	}
	c := &csvReader{rd: rd, cr: cr, cols: map[string]int{}}
	for _, f := range csvFields {
		name := f
		if m, ok := mapping[f]; ok {
			name = m
		}
		if i, ok := index[strings.ToLower(name)]; ok {
			c.cols[f] = i
		} else if _, mapped := mapping[f]; mapped {
			return nil, fmt.Errorf("the CSV header has no column %q (mapped to %s); its columns are: %s", name, f, strings.Join(header, ", "))
		}
	}
	for _, f := range []string{"id", "published_at"} {
		if _, ok := c.cols[f]; !ok {
			return nil, fmt.Errorf("the CSV header has no column for %s; name a column %q or map one with %s=COLUMN (its columns are: %s)", f, f, f, strings.Join(header, ", "))
		}
	}
	rd.lastOK = 1
	return c, nil
}

func (c *csvReader) next(b *Batch, max int) error {
	for len(b.Records) < max {
		rec, err := c.cr.Read()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && !errors.Is(pe.Err, io.ErrUnexpectedEOF) {
				if pe.Line > c.rd.lastOK {
					c.rd.lastOK = pe.Line
				}
				b.Records = append(b.Records, Record{Line: pe.StartLine, decoded: true, Err: &RecordError{Unit: "line", Line: pe.StartLine, Msg: "unreadable CSV row: " + pe.Err.Error()}})
				continue
			}
			if errors.As(err, &pe) {
				return fmt.Errorf("the CSV file ends inside a quoted field opened on line %d", pe.StartLine)
			}
			return err
		}
		line, _ := c.cr.FieldPos(0)
		c.rd.lastOK = line
		r := Record{Line: line, decoded: true}
		if err := c.post(rec, &r.Post); err != nil {
			r.Err = &RecordError{Unit: "line", Line: line, Msg: err.Error()}
		}
		r.Post.Line = line
		b.Records = append(b.Records, r)
	}
	return nil
}

func (c *csvReader) cell(rec []string, field string) string {
	i, ok := c.cols[field]
	if !ok || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

func (c *csvReader) post(rec []string, p *observatory.Post) error {
	if len(rec) == 1 && rec[0] == "" {
		return errors.New("the row is empty")
	}
	id := c.cell(rec, "id")
	if id == "" {
		return errors.New("the id column is empty")
	}
	t, err := ParseTime(c.cell(rec, "published_at"))
	if err != nil {
		return fmt.Errorf("published_at: %w", err)
	}
	paid, err := parseBool(c.cell(rec, "paid_partnership"))
	if err != nil {
		return fmt.Errorf("paid_partnership: %w", err)
	}
	cert, err := parseBool(c.cell(rec, "certified"))
	if err != nil {
		return fmt.Errorf("certified: %w", err)
	}
	*p = observatory.Post{
		ID:              id,
		Platform:        platformName(c.cell(rec, "platform")),
		Author:          handle(c.cell(rec, "author")),
		PublishedAt:     t,
		Text:            c.cell(rec, "text"),
		Hashtags:        splitList(c.cell(rec, "hashtags"), "#"),
		Mentions:        splitList(c.cell(rec, "mentions"), "@"),
		Links:           splitList(c.cell(rec, "links"), ""),
		PaidPartnership: paid,
		URL:             c.cell(rec, "url"),
		ImageText:       c.cell(rec, "image_text"),
		Certified:       cert,
	}
	return nil
}

// splitList splits a cell holding a list.
func splitList(s, prefix string) []string {
	if s == "" {
		return nil
	}
	f := strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == ',' || r == ';' || r == '|' || r == '\t' || r == '\n'
	})
	return trimAll(f, prefix)
}

var (
	yes = true
	no  = false
)

// parseBool reads a boolean cell; empty means unknown (nil).
func parseBool(s string) (*bool, error) {
	switch strings.ToLower(s) {
	case "":
		return nil, nil
	case "true", "yes", "oui", "vrai", "1", "y", "o":
		v := yes
		return &v, nil
	case "false", "no", "non", "faux", "0", "n":
		v := no
		return &v, nil
	}
	if len(s) > 20 {
		s = s[:20] + "…"
	}
	return nil, fmt.Errorf("%q is not a yes/no value (use true/false, oui/non, 1/0 or leave empty)", s)
}
