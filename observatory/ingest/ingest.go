// Package ingest reads corpora of influencer posts, streaming and in constant
// memory, from plain or gzip-compressed files (detected by their magic bytes,
// whatever the file name says).
//
// # Formats
//
// jsonl — JSON Lines, one object per line, the observatory's own schema:
//
//	id               string (a number is accepted)      required
//	platform         string, lower-cased; "unknown" when missing
//	author           the author's handle, a leading "@" is dropped
//	published_at     RFC 3339 ("2023-06-09T14:30:00Z"), a date ("2023-06-09"),
//	                 or a date and time without zone (read as UTC)  required
//	text             the caption, description or transcript shown to viewers
//	hashtags         array of strings, "#" optional
//	mentions         array of strings, "@" optional
//	links            array of strings
//	paid_partnership boolean, the platform's own paid-partnership flag
//	url              string
//	image_text       text read on the image (OCR) or a video transcript
//	certified        boolean; when missing, the author is joined with the roster
//
// Unknown fields are ignored. Blank lines are skipped.
//
// csv — a header row then one post per row, comma or semicolon separated
// (detected from the header). Columns are found by the field names above; a
// CSVMapping maps a field to another column name ("text=caption"). List
// columns (hashtags, mentions, links) are split on spaces, commas, semicolons
// and "|". Booleans read true/false, yes/no, oui/non, vrai/faux, 1/0; an empty
// cell means unknown.
//
// youtube — responses of the YouTube Data API v3 videos.list method (part
// snippet and paidProductPlacementDetails), one response per line, several
// responses one after the other, or an array of responses. Read per item:
// id; snippet.publishedAt; snippet.title and snippet.description (the text,
// title first); snippet.channelTitle (the author); snippet.channelId (kept in
// the URL when the video has no id); paidProductPlacementDetails
// .hasPaidProductPlacement (the paid flag). snippet.tags are read but not
// used as hashtags: viewers do not see them, so they cannot disclose anything.
// The platform is "youtube" and the URL https://www.youtube.com/watch?v=ID.
//
// instagram — the JSON export of the widely used Instagram post scraper (an
// array of post objects, or one object per line). Read per post: id (else
// shortCode); caption; hashtags; mentions; timestamp (RFC 3339 or Unix
// seconds or milliseconds); ownerUsername; url (else built from shortCode);
// isSponsored, paidPartnership, isPaidPartnership and sponsors (a boolean or
// the sponsor itself: any of them true or non-empty sets the paid flag). The
// platform is "instagram". Other fields (likes, comments, images…) are
// ignored.
//
// # Bad records
//
// A record that cannot be read (a line that is not a JSON object, a date in an
// unknown format, a missing id…) is returned as a *RecordError naming its line
// or record number and does not stop the reading. Errors that make the rest of
// the file unreadable (a truncated gzip stream, a syntax error inside a JSON
// array, an I/O error) end the reading with a clear error.
package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub/observatory"
)

// Format is the format of a corpus file.
type Format string

const (
	JSONLines Format = "jsonl"
	CSV       Format = "csv"
	YouTube   Format = "youtube"
	Instagram Format = "instagram"
)

// Formats lists the formats this package reads.
var Formats = []Format{JSONLines, CSV, YouTube, Instagram}

// ParseFormat returns the format named s, or an error listing the known ones.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == strings.ToLower(strings.TrimSpace(s)) {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown corpus format %q: use jsonl, csv, youtube or instagram", s)
}

// Options configure a Reader.
type Options struct {
	Format Format // empty: guessed from the first bytes (see Detect)
	// CSV maps observatory fields to CSV column names; fields not mapped are
	// looked up by their own name.
	CSV CSVMapping
	// BatchSize is the number of records per batch (default 512).
	BatchSize int
}

// RecordError is a record that could not be read. Line is its line (JSON
// Lines, CSV) or record number (JSON arrays, API responses), from 1.
type RecordError struct {
	Unit string // "line" or "record"
	Line int
	Msg  string
}

func (e *RecordError) Error() string { return fmt.Sprintf("%s %d: %s", e.Unit, e.Line, e.Msg) }

// Record is one record of a batch. Records of JSON Lines files are decoded by
// Decode, so that decoding runs on the workers that analyse the posts; the
// other formats are decoded while reading.
type Record struct {
	Line    int
	Post    observatory.Post
	Err     *RecordError // the record is bad
	raw     []byte       // a JSON line not yet decoded
	decoded bool
}

// Decode decodes the record if it is not decoded yet and reports whether it
// holds a post; if not, r.Err says why.
func (r *Record) Decode() bool {
	if !r.decoded {
		r.decoded = true
		if err := decodeJSONLine(r.raw, r.Line, &r.Post); err != nil {
			r.Err = err
		}
		r.raw = nil
	}
	return r.Err == nil
}

// Batch is a reusable set of records; a Reader fills it.
type Batch struct {
	Records []Record
	arena   []byte
}

func (b *Batch) reset() {
	clear(b.Records)
	b.Records = b.Records[:0]
	b.arena = b.arena[:0]
}

// Reader reads a corpus in batches.
type Reader struct {
	opts   Options
	src    *bufio.Reader
	gz     bool
	next   func(b *Batch, max int) error
	err    error
	unit   string
	lastOK int // the last line or record reached, for error messages
}

// maxLine is the longest JSON line accepted; longer lines are bad records.
const maxLine = 16 << 20

// NewReader returns a Reader of r, which may be gzip-compressed.
func NewReader(r io.Reader, opts Options) (*Reader, error) {
	if opts.BatchSize <= 0 {
		opts.BatchSize = 512
	}
	br := bufio.NewReaderSize(r, 1<<20)
	rd := &Reader{opts: opts, unit: "line"}
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("the file looks gzip-compressed but its header is unreadable: %w", err)
		}
		rd.gz = true
		br = bufio.NewReaderSize(&gzipErrors{r: gz, rd: rd}, 1<<20)
	}
	rd.src = br
	if opts.Format == "" {
		peek, err := br.Peek(4096)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			return nil, rd.fatal(err)
		}
		rd.opts.Format = Detect(peek)
	}
	switch rd.opts.Format {
	case JSONLines:
		rd.next = rd.nextJSONLines
	case CSV:
		c, err := newCSVReader(rd, opts.CSV)
		if err != nil {
			return nil, err
		}
		rd.next = c.next
	case YouTube:
		rd.unit = "record"
		rd.next = newValueStream(rd, youtubeValue).next
	case Instagram:
		rd.unit = "record"
		rd.next = newValueStream(rd, instagramValue).next
	default:
		return nil, fmt.Errorf("unknown corpus format %q: use jsonl, csv, youtube or instagram", opts.Format)
	}
	return rd, nil
}

// Format returns the format being read (detected when Options.Format was empty).
func (rd *Reader) Format() Format { return rd.opts.Format }

// Detect guesses the format of a corpus from its first bytes: an array or a
// line with "ownerUsername" is an Instagram export, "youtube#video" a YouTube
// response, a first line starting with "{" JSON Lines, anything else CSV.
func Detect(peek []byte) Format {
	peek = bytes.TrimPrefix(peek, []byte("\uFEFF"))
	trimmed := bytes.TrimLeft(peek, " \t\r\n")
	switch {
	case bytes.Contains(peek, []byte(`"youtube#video`)):
		return YouTube
	case len(trimmed) > 0 && trimmed[0] == '[':
		return Instagram
	case len(trimmed) > 0 && trimmed[0] == '{' && bytes.Contains(peek, []byte(`"ownerUsername"`)):
		return Instagram
	case len(trimmed) > 0 && trimmed[0] == '{':
		return JSONLines
	}
	return CSV
}

// ReadBatch fills b with up to Options.BatchSize records. It returns io.EOF
// after the last record (b may hold records then), or an error that ends the
// reading (a truncated gzip stream, an I/O error).
func (rd *Reader) ReadBatch(b *Batch) error {
	b.reset()
	if rd.err != nil {
		return rd.err
	}
	err := rd.next(b, rd.opts.BatchSize)
	if err != nil {
		if !errors.Is(err, io.EOF) {
			err = rd.fatal(err)
		}
		rd.err = err
	}
	return err
}

// fatal turns an error that ends the reading into a message saying where.
func (rd *Reader) fatal(err error) error {
	var fe *FatalError
	if errors.As(err, &fe) {
		return fe
	}
	return &FatalError{Unit: rd.unit, After: rd.lastOK, Err: err}
}

// FatalError ends the reading of a corpus: what was read before After is
// valid, the rest could not be read.
type FatalError struct {
	Unit  string
	After int
	Err   error
}

func (e *FatalError) Error() string {
	return fmt.Sprintf("reading stopped after %s %d: %v", e.Unit, e.After, e.Err)
}

func (e *FatalError) Unwrap() error { return e.Err }

// ErrTruncatedGzip is returned when a gzip stream ends in the middle.
var ErrTruncatedGzip = errors.New("the gzip stream is truncated (the file ends in the middle of compressed data): the file is incomplete, copy or download it again")

// ErrCorruptGzip is returned when gzip data fails its checksum or is invalid.
var ErrCorruptGzip = errors.New("the gzip data is corrupt (checksum or format error): the file is damaged, copy or download it again")

// gzipErrors turns the gzip reader's errors into clear ones.
type gzipErrors struct {
	r  io.Reader
	rd *Reader
}

func (g *gzipErrors) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	switch {
	case err == nil, errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF):
	case errors.Is(err, io.ErrUnexpectedEOF):
		err = ErrTruncatedGzip
	case errors.Is(err, gzip.ErrChecksum), errors.Is(err, gzip.ErrHeader):
		err = ErrCorruptGzip
	default:
		var ce interface{ Error() string }
		if errors.As(err, &ce) && strings.Contains(err.Error(), "flate") {
			err = fmt.Errorf("%w (%v)", ErrCorruptGzip, err)
		}
	}
	return n, err
}

// nextJSONLines reads lines into b without decoding them.
func (rd *Reader) nextJSONLines(b *Batch, max int) error {
	for len(b.Records) < max {
		line, err := rd.readLine()
		if err != nil && !errors.Is(err, io.EOF) {
			return err // a partial line before a fatal error is not a record
		}
		if line != nil {
			rd.lastOK++
			n := rd.lastOK
			line = bytes.TrimSpace(line)
			if len(line) == 0 && err == nil {
				continue
			}
			if len(line) > 0 {
				if len(line) > maxLine {
					b.Records = append(b.Records, Record{Line: n, decoded: true, Err: &RecordError{Unit: "line", Line: n, Msg: fmt.Sprintf("the line is longer than %d MB", maxLine>>20)}})
				} else {
					start := len(b.arena)
					b.arena = append(b.arena, line...)
					b.Records = append(b.Records, Record{Line: n, raw: b.arena[start:len(b.arena):len(b.arena)]})
				}
			}
		}
		if err != nil {
			return err
		}
	}
	// The arena may have been reallocated while appending: point the raw
	// slices at its final copy.
	rebase(b)
	return nil
}

// rebase makes every raw slice of b point into b.arena, in order.
func rebase(b *Batch) {
	off := 0
	for i := range b.Records {
		r := &b.Records[i]
		if r.raw == nil {
			continue
		}
		n := len(r.raw)
		r.raw = b.arena[off : off+n : off+n]
		off += n
	}
}

// readLine returns the next line without its newline; it returns the last
// line with io.EOF when the file does not end with a newline. Lines longer
// than maxLine are returned truncated to maxLine+1 bytes.
func (rd *Reader) readLine() ([]byte, error) {
	line, err := rd.src.ReadSlice('\n')
	if err == nil {
		return line[:len(line)-1], nil
	}
	if errors.Is(err, bufio.ErrBufferFull) {
		long := append([]byte(nil), line...)
		for {
			more, err := rd.src.ReadSlice('\n')
			if len(long) <= maxLine {
				long = append(long, more...)
			}
			if err == nil {
				if long[len(long)-1] == '\n' {
					long = long[:len(long)-1]
				}
				return long, nil
			}
			if !errors.Is(err, bufio.ErrBufferFull) {
				return long, err
			}
		}
	}
	if len(line) == 0 {
		return nil, err
	}
	return line, err
}

// ParseTime reads a publication date: RFC 3339, a date and time without zone
// (UTC), or a date (midnight UTC).
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	if s == "" {
		return time.Time{}, errors.New("the publication date is missing")
	}
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return time.Time{}, fmt.Errorf("the publication date %q is in an unknown format: use RFC 3339 (2023-06-09T14:30:00Z) or YYYY-MM-DD", s)
}

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02",
}

// Each reads every record of r in order, calling post for each post read
// and bad (when not nil) for each bad record. It stops at the first error
// post returns, or at an error that ends the reading.
func Each(r io.Reader, opts Options, post func(*observatory.Post) error, bad func(*RecordError)) error {
	rd, err := NewReader(r, opts)
	if err != nil {
		return err
	}
	var b Batch
	for {
		err := rd.ReadBatch(&b)
		for i := range b.Records {
			rec := &b.Records[i]
			if !rec.Decode() {
				if bad != nil {
					bad(rec.Err)
				}
				continue
			}
			if err := post(&rec.Post); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
