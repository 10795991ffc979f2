package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub/observatory"
)

// valueStream reads a sequence of JSON values, or one array of them, and
// hands each value to a format's decoder. A syntax error ends the reading:
// the decoder cannot find the next value after it.
type valueStream struct {
	rd      *Reader
	dec     *json.Decoder
	started bool
	inArray bool
	done    bool
	decode  func(s *valueStream, raw json.RawMessage, b *Batch)
	n       int // records so far
}

func newValueStream(rd *Reader, decode func(*valueStream, json.RawMessage, *Batch)) *valueStream {
	return &valueStream{rd: rd, dec: json.NewDecoder(rd.src), decode: decode}
}

func (s *valueStream) next(b *Batch, max int) error {
	if s.done {
		return io.EOF
	}
	if !s.started {
		s.started = true
		if c, _ := s.peekByte(); c == '[' {
			if _, err := s.dec.Token(); err != nil {
				return s.syntax(err)
			}
			s.inArray = true
		}
	}
	for len(b.Records) < max {
		if !s.dec.More() {
			if s.inArray {
				if _, err := s.dec.Token(); err != nil {
					return s.syntax(err)
				}
				s.inArray = false
				if s.dec.More() {
					return fmt.Errorf("unexpected data after the closing ] of the array (byte %d)", s.dec.InputOffset())
				}
			}
			// More is false at the end of input and on a stray ] or }.
			if _, err := s.dec.Token(); err != io.EOF {
				if err == nil {
					err = fmt.Errorf("unexpected ] or } at byte %d", s.dec.InputOffset())
				}
				return s.syntax(err)
			}
			s.done = true
			return io.EOF
		}
		var raw json.RawMessage
		if err := s.dec.Decode(&raw); err != nil {
			return s.syntax(err)
		}
		s.decode(s, raw, b)
	}
	return nil
}

func (s *valueStream) peekByte() (byte, error) {
	for {
		c, err := s.rd.src.ReadByte()
		if err != nil {
			return 0, err
		}
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			continue
		}
		if c == 0xEF { // a UTF-8 byte-order mark
			if bom, _ := s.rd.src.Peek(2); bytes.Equal(bom, []byte{0xBB, 0xBF}) {
				s.rd.src.Discard(2)
				continue
			}
		}
		s.rd.src.UnreadByte()
		return c, nil
	}
}

func (s *valueStream) syntax(err error) error {
	if errors.Is(err, ErrTruncatedGzip) || errors.Is(err, ErrCorruptGzip) {
		return err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("the file ends in the middle of a JSON value (after record %d): it is incomplete", s.n)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON near byte %d (after record %d): %v; the rest of the file cannot be read", s.dec.InputOffset(), s.n, se)
	}
	return err
}

// add appends one decoded record (or a bad one) to b.
func (s *valueStream) add(b *Batch, p *observatory.Post, err error) {
	s.n++
	s.rd.lastOK = s.n
	r := Record{Line: s.n, decoded: true}
	if err != nil {
		r.Err = &RecordError{Unit: "record", Line: s.n, Msg: err.Error()}
	} else {
		r.Post = *p
		r.Post.Line = s.n
	}
	b.Records = append(b.Records, r)
}

// YouTube Data API v3 videos.list response.
type youtubeResponse struct {
	Kind  string            `json:"kind"`
	Items []json.RawMessage `json:"items"`
	Error *struct {
		Message string `json:"message"`
	} `json:"error"`
}

type youtubeVideo struct {
	ID      string `json:"id"`
	Snippet *struct {
		PublishedAt  string   `json:"publishedAt"`
		Title        string   `json:"title"`
		Description  string   `json:"description"`
		Tags         []string `json:"tags"`
		ChannelTitle string   `json:"channelTitle"`
		ChannelID    string   `json:"channelId"`
	} `json:"snippet"`
	PaidProductPlacementDetails *struct {
		HasPaidProductPlacement *bool `json:"hasPaidProductPlacement"`
	} `json:"paidProductPlacementDetails"`
}

func youtubeValue(s *valueStream, raw json.RawMessage, b *Batch) {
	if len(raw) > 0 && raw[0] == '[' { // an array of responses inside an array
		var all []json.RawMessage
		if err := json.Unmarshal(raw, &all); err == nil {
			for _, r := range all {
				youtubeValue(s, r, b)
			}
			return
		}
	}
	if len(raw) == 0 || raw[0] != '{' {
		s.add(b, nil, fmt.Errorf("not a videos.list response object (starts with %s)", describeStart(raw)))
		return
	}
	var resp youtubeResponse
	if err := json.Unmarshal(raw, &resp); err != nil {
		s.add(b, nil, fmt.Errorf("not a videos.list response: %s", jsonMessage(err)))
		return
	}
	if resp.Error != nil {
		s.add(b, nil, fmt.Errorf("the API returned an error instead of videos: %s", resp.Error.Message))
		return
	}
	if resp.Kind == "youtube#video" { // a bare video resource
		resp.Items = []json.RawMessage{raw}
	} else if resp.Kind != "" && resp.Kind != "youtube#videoListResponse" {
		s.add(b, nil, fmt.Errorf("kind %q is not a videos.list response (youtube#videoListResponse)", resp.Kind))
		return
	}
	for _, item := range resp.Items {
		p, err := youtubePost(item)
		s.add(b, &p, err)
	}
}

func youtubePost(item json.RawMessage) (observatory.Post, error) {
	var v youtubeVideo
	if err := json.Unmarshal(item, &v); err != nil {
		return observatory.Post{}, fmt.Errorf("video: %s", jsonMessage(err))
	}
	if v.ID == "" {
		return observatory.Post{}, errors.New("the video has no id")
	}
	if v.Snippet == nil {
		return observatory.Post{}, fmt.Errorf("video %s has no snippet: request part=snippet,paidProductPlacementDetails", v.ID)
	}
	t, err := ParseTime(v.Snippet.PublishedAt)
	if err != nil {
		return observatory.Post{}, fmt.Errorf("video %s: snippet.publishedAt: %w", v.ID, err)
	}
	p := observatory.Post{
		ID:          v.ID,
		Platform:    "youtube",
		Author:      v.Snippet.ChannelTitle,
		PublishedAt: t,
		Text:        strings.TrimSpace(v.Snippet.Title + "\n\n" + v.Snippet.Description),
		URL:         "https://www.youtube.com/watch?v=" + v.ID,
	}
	if p.Author == "" {
		p.Author = v.Snippet.ChannelID
	}
	if v.PaidProductPlacementDetails != nil {
		p.PaidPartnership = v.PaidProductPlacementDetails.HasPaidProductPlacement
	}
	return p, nil
}

// instagramPost is a post of the Instagram post scraper's export.
type instagramPost struct {
	ID              flexString      `json:"id"`
	ShortCode       string          `json:"shortCode"`
	Caption         string          `json:"caption"`
	Hashtags        []string        `json:"hashtags"`
	Mentions        []string        `json:"mentions"`
	Timestamp       json.RawMessage `json:"timestamp"`
	OwnerUsername   string          `json:"ownerUsername"`
	URL             string          `json:"url"`
	IsSponsored     json.RawMessage `json:"isSponsored"`
	PaidPartnership json.RawMessage `json:"paidPartnership"`
	IsPaid          json.RawMessage `json:"isPaidPartnership"`
	Sponsors        json.RawMessage `json:"sponsors"`
}

// flag reads a paid-partnership field that exports write in several ways:
// a boolean, or the sponsor (an object, a non-empty array or string) when
// there is one. It returns nil when the field is absent or null.
func flag(raw json.RawMessage) *bool {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil
	}
	v := !(bytes.Equal(raw, []byte("false")) || bytes.Equal(raw, []byte(`""`)) || bytes.Equal(raw, []byte("[]")) ||
		bytes.Equal(raw, []byte("{}")) || bytes.Equal(raw, []byte("0")))
	return &v
}

func instagramValue(s *valueStream, raw json.RawMessage, b *Batch) {
	if len(raw) == 0 || raw[0] != '{' {
		s.add(b, nil, fmt.Errorf("not a post object (starts with %s)", describeStart(raw)))
		return
	}
	var ig instagramPost
	if err := json.Unmarshal(raw, &ig); err != nil {
		s.add(b, nil, errors.New(jsonMessage(err)))
		return
	}
	p, err := ig.post()
	s.add(b, &p, err)
}

func (ig *instagramPost) post() (observatory.Post, error) {
	id := string(ig.ID)
	if id == "" {
		id = ig.ShortCode
	}
	if id == "" {
		return observatory.Post{}, errors.New(`the post has neither "id" nor "shortCode"`)
	}
	t, err := instagramTime(ig.Timestamp)
	if err != nil {
		return observatory.Post{}, fmt.Errorf("post %s: timestamp: %w", id, err)
	}
	p := observatory.Post{
		ID:          id,
		Platform:    "instagram",
		Author:      handle(ig.OwnerUsername),
		PublishedAt: t,
		Text:        ig.Caption,
		Hashtags:    trimAll(ig.Hashtags, "#"),
		Mentions:    trimAll(ig.Mentions, "@"),
		URL:         ig.URL,
	}
	if p.URL == "" && ig.ShortCode != "" {
		p.URL = "https://www.instagram.com/p/" + ig.ShortCode + "/"
	}
	for _, raw := range []json.RawMessage{ig.IsSponsored, ig.PaidPartnership, ig.IsPaid, ig.Sponsors} {
		if f := flag(raw); f != nil && (p.PaidPartnership == nil || *f) {
			p.PaidPartnership = f
		}
	}
	return p, nil
}

// instagramTime reads an RFC 3339 string, Unix seconds or Unix
// milliseconds (values above 10¹¹, which as seconds would be after the
// year 5000).
func instagramTime(raw json.RawMessage) (time.Time, error) {
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return time.Time{}, errors.New("the publication date is missing")
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return time.Time{}, err
		}
		return ParseTime(s)
	}
	n, err := strconv.ParseInt(string(raw), 10, 64)
	switch {
	case err != nil || n < 0 || n > 1e15:
		return time.Time{}, fmt.Errorf("%.40s is neither a date nor Unix seconds or milliseconds", raw)
	case n > 1e11:
		return time.UnixMilli(n).UTC(), nil
	}
	return time.Unix(n, 0).UTC(), nil
}
