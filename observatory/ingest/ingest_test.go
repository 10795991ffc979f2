package ingest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub/observatory"
)

// readAll reads a corpus and returns its posts and bad records.
func readAll(t *testing.T, data string, opts Options) ([]observatory.Post, []*RecordError, error) {
	t.Helper()
	var posts []observatory.Post
	var bad []*RecordError
	err := Each(strings.NewReader(data), opts, func(p *observatory.Post) error {
		posts = append(posts, *p)
		return nil
	}, func(e *RecordError) { bad = append(bad, e) })
	return posts, bad, err
}

func TestJSONLines(t *testing.T) {
	data := `{"id":"p1","platform":"Instagram","author":"@lea","published_at":"2023-05-01T10:00:00+02:00","text":"Merci @marque #sp","hashtags":["#sp"],"mentions":["@marque"],"links":["https://x.io/a"],"paid_partnership":true,"url":"https://i.g/p1","image_text":"PROMO","certified":false,"likes":12,"extra":{"a":[1]}}

{"id":42,"platform":"tiktok","author":"max","published_at":"2024-01-02","text":"hello"}
[1,2,3]
{"id":"p3","published_at":"12/06/2023","text":"x"}
{"platform":"x","published_at":"2023-01-01"}
{"id":"p5","published_at":"2023-01-01","hashtags":"sp"}
{"id":"p6","published_at":"2023-01-01T08:30:00","text":"no zone"}
{"id":"p7", broken
{"id":"p8","published_at":"2023-01-01"}`
	posts, bad, err := readAll(t, data, Options{Format: JSONLines})
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 4 {
		t.Fatalf("got %d posts, want 4: %+v", len(posts), posts)
	}
	p := posts[0]
	if p.ID != "p1" || p.Platform != "instagram" || p.Author != "lea" || p.Text != "Merci @marque #sp" ||
		p.Hashtags[0] != "sp" || p.Mentions[0] != "marque" || p.Links[0] != "https://x.io/a" ||
		p.PaidPartnership == nil || !*p.PaidPartnership || p.Certified == nil || *p.Certified ||
		p.URL != "https://i.g/p1" || p.ImageText != "PROMO" || p.Line != 1 {
		t.Errorf("post 1 = %+v", p)
	}
	if !p.PublishedAt.Equal(time.Date(2023, 5, 1, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("published_at = %v", p.PublishedAt)
	}
	if q := posts[1]; q.ID != "42" || q.Line != 3 || q.Certified != nil || q.PaidPartnership != nil || !q.PublishedAt.Equal(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("post 2 = %+v", q)
	}
	if q := posts[2]; q.ID != "p6" || q.Platform != "unknown" || q.PublishedAt.Hour() != 8 {
		t.Errorf("post p6 = %+v", q)
	}
	want := []struct {
		line int
		msg  string
	}{
		{4, "not a JSON object"},
		{5, "unknown format"},
		{6, `"id" is missing`},
		{7, `"hashtags" must be an array`},
		{9, "invalid JSON"},
	}
	if len(bad) != len(want) {
		t.Fatalf("bad records = %v", bad)
	}
	for i, w := range want {
		if bad[i].Line != w.line || !strings.Contains(bad[i].Error(), w.msg) || !strings.HasPrefix(bad[i].Error(), "line ") {
			t.Errorf("bad[%d] = %q, want line %d containing %q", i, bad[i], w.line, w.msg)
		}
	}
}

func TestJSONLinesBatchesKeepLines(t *testing.T) {
	// Many small batches: the raw bytes of each record must stay intact
	// when the arena grows.
	var sb strings.Builder
	for i := range 1000 {
		sb.WriteString(`{"id":"p` + itoa(i) + `","published_at":"2023-01-01","text":"` + strings.Repeat("x", i%50) + `"}` + "\n")
	}
	posts, bad, err := readAll(t, sb.String(), Options{Format: JSONLines, BatchSize: 7})
	if err != nil || len(bad) != 0 || len(posts) != 1000 {
		t.Fatalf("posts %d bad %v err %v", len(posts), bad, err)
	}
	for i, p := range posts {
		if p.ID != "p"+itoa(i) || len(p.Text) != i%50 || p.Line != i+1 {
			t.Fatalf("post %d = %+v", i, p)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write([]byte(s))
	w.Close()
	return buf.Bytes()
}

func TestGzipDetectedByMagicBytes(t *testing.T) {
	data := gz(t, `{"id":"a","published_at":"2023-01-01"}`+"\n"+`{"id":"b","published_at":"2023-01-02"}`+"\n")
	posts, bad, err := readAll(t, string(data), Options{}) // format detected too
	if err != nil || len(bad) != 0 || len(posts) != 2 || posts[1].ID != "b" {
		t.Fatalf("posts %v bad %v err %v", posts, bad, err)
	}
}

func TestTruncatedGzip(t *testing.T) {
	var sb strings.Builder
	for i := range 5000 {
		sb.WriteString(`{"id":"p` + itoa(i%1000) + `","published_at":"2023-01-01","text":"some caption text here"}` + "\n")
	}
	data := gz(t, sb.String())
	cut := data[:len(data)/2]
	n := 0
	err := Each(bytes.NewReader(cut), Options{Format: JSONLines}, func(*observatory.Post) error { n++; return nil }, nil)
	if !errors.Is(err, ErrTruncatedGzip) {
		t.Fatalf("err = %v, want ErrTruncatedGzip", err)
	}
	var fe *FatalError
	if !errors.As(err, &fe) || fe.After != n || n == 0 {
		t.Errorf("err = %v after %d posts", err, n)
	}
	if !strings.Contains(err.Error(), "truncated") || !strings.Contains(err.Error(), "after line") {
		t.Errorf("message %q", err)
	}
	// Corrupt data (a flipped byte in the middle) is reported too.
	bad := bytes.Clone(data)
	bad[len(bad)/2] ^= 0xff
	err = Each(bytes.NewReader(bad), Options{Format: JSONLines}, func(*observatory.Post) error { return nil }, nil)
	if err == nil {
		t.Fatal("corrupt gzip read without error")
	}
}

func TestCSV(t *testing.T) {
	data := "\uFEFFpost_id;network;handle;date;caption;tags;sponsored;certified\n" +
		"1;Instagram;@lea;2023-06-10;Merci @marque;#sp #collab;oui;\n" +
		"2;tiktok;max;2023-06-11T10:00:00Z;\"multi\nline; text\";;non;1\n" +
		"3;tiktok;max;10 juin;x;;;\n" +
		"4;tiktok;max;2023-06-11;x;;peut-être;\n" +
		"5;youtube;\"bad;2023-01-01\n"
	m, err := ParseCSVMapping("id=post_id, platform=network,author=handle,published_at=date,text=caption,hashtags=tags,paid_partnership=sponsored")
	if err != nil {
		t.Fatal(err)
	}
	posts, bad, err := readAll(t, data, Options{Format: CSV, CSV: m})
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 2 {
		t.Fatalf("posts = %+v", posts)
	}
	if p := posts[0]; p.ID != "1" || p.Platform != "instagram" || p.Author != "lea" || len(p.Hashtags) != 2 || p.Hashtags[1] != "collab" ||
		p.PaidPartnership == nil || !*p.PaidPartnership || p.Certified != nil || p.Line != 2 {
		t.Errorf("post 1 = %+v", p)
	}
	if p := posts[1]; p.Text != "multi\nline; text" || p.Certified == nil || !*p.Certified || p.Line != 3 {
		t.Errorf("post 2 = %+v", p)
	}
	if len(bad) != 3 || bad[0].Line != 5 || !strings.Contains(bad[0].Msg, "unknown format") || bad[1].Line != 6 || !strings.Contains(bad[1].Msg, "yes/no") ||
		bad[2].Line != 7 || !strings.Contains(bad[2].Msg, "quoted-field") {
		t.Errorf("bad = %v", bad)
	}
}

func TestCSVHeaderErrors(t *testing.T) {
	_, _, err := readAll(t, "id,text\n1,x\n", Options{Format: CSV})
	if err == nil || !strings.Contains(err.Error(), "published_at") || !strings.Contains(err.Error(), "id, text") {
		t.Errorf("missing column: %v", err)
	}
	_, _, err = readAll(t, "id,date\n1,2023-01-01\n", Options{Format: CSV, CSV: CSVMapping{"text": "caption"}})
	if err == nil || !strings.Contains(err.Error(), `"caption"`) {
		t.Errorf("mapped column absent: %v", err)
	}
	if _, err := ParseCSVMapping("txt=caption"); err == nil {
		t.Error("unknown field accepted")
	}
	if _, err := ParseCSVMapping("text"); err == nil {
		t.Error("mapping without = accepted")
	}
	_, _, err = readAll(t, "", Options{Format: CSV})
	if err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty file: %v", err)
	}
}

const youtubeSample = `{
 "kind": "youtube#videoListResponse",
 "etag": "x",
 "items": [
  {"kind": "youtube#video", "id": "dQw4w9WgXcQ",
   "snippet": {"publishedAt": "2023-07-01T12:00:00Z", "channelId": "UC1", "title": "Ma routine", "description": "Code LEA10 #ad",
     "tags": ["routine", "publicité"], "channelTitle": "Léa"},
   "paidProductPlacementDetails": {"hasPaidProductPlacement": true}},
  {"kind": "youtube#video", "id": "v2", "snippet": {"publishedAt": "yesterday", "title": "t", "channelId": "UC2"}},
  {"kind": "youtube#video", "id": "v3", "snippet": {"publishedAt": "2022-01-01T00:00:00Z", "title": "t", "channelId": "UC2"}}
 ],
 "pageInfo": {"totalResults": 3, "resultsPerPage": 50}
}
{"kind": "youtube#videoListResponse", "items": [{"id": "v4"}]}
{"error": {"code": 403, "message": "quotaExceeded"}}
`

func TestYouTube(t *testing.T) {
	posts, bad, err := readAll(t, youtubeSample, Options{}) // detected
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 2 {
		t.Fatalf("posts = %+v", posts)
	}
	p := posts[0]
	if p.ID != "dQw4w9WgXcQ" || p.Platform != "youtube" || p.Author != "Léa" || p.Text != "Ma routine\n\nCode LEA10 #ad" ||
		p.PaidPartnership == nil || !*p.PaidPartnership || p.URL != "https://www.youtube.com/watch?v=dQw4w9WgXcQ" || len(p.Hashtags) != 0 || p.Line != 1 {
		t.Errorf("video 1 = %+v", p)
	}
	if q := posts[1]; q.Author != "UC2" || q.PaidPartnership != nil || q.Line != 3 {
		t.Errorf("video 3 = %+v", q)
	}
	if len(bad) != 3 || bad[0].Line != 2 || !strings.Contains(bad[0].Msg, "snippet.publishedAt") ||
		!strings.Contains(bad[1].Msg, "no snippet") || !strings.Contains(bad[2].Msg, "quotaExceeded") || bad[2].Unit != "record" {
		t.Errorf("bad = %v", bad)
	}
	// An array of responses reads the same.
	posts, _, err = readAll(t, "["+strings.Replace(youtubeSample[:strings.Index(youtubeSample, "\n{")], "\n", " ", -1)+"]", Options{Format: YouTube})
	if err != nil || len(posts) != 2 {
		t.Errorf("array of responses: %d posts, %v", len(posts), err)
	}
}

const instagramSample = `[
 {"id": "3141", "type": "Image", "shortCode": "Cabc", "caption": "Collaboration commerciale avec @brand #ad", "hashtags": ["ad"], "mentions": ["brand"],
  "url": "https://www.instagram.com/p/Cabc/", "timestamp": "2023-08-02T09:10:11.000Z", "ownerUsername": "lea", "isSponsored": true, "likesCount": 10},
 {"shortCode": "Cdef", "caption": "no flag", "timestamp": 1690000000, "ownerUsername": "max"},
 {"id": "bad", "timestamp": "le 3 août"},
 "oops",
 {"shortCode": "Cghi", "caption": "x", "timestamp": "2023-01-01", "ownerUsername": "max", "isSponsored": false, "paidPartnership": false},
 {"shortCode": "Cjkl", "caption": "ms", "timestamp": 1690000000123, "ownerUsername": "max", "isSponsored": false, "sponsors": [{"username": "brand"}]}
]`

func TestInstagram(t *testing.T) {
	posts, bad, err := readAll(t, instagramSample, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 4 {
		t.Fatalf("posts = %+v", posts)
	}
	if p := posts[3]; !p.PublishedAt.Equal(time.UnixMilli(1690000000123)) || p.PaidPartnership == nil || !*p.PaidPartnership {
		t.Errorf("milliseconds: %v", p.PublishedAt)
	}
	if p := posts[0]; p.ID != "3141" || p.Platform != "instagram" || p.Author != "lea" || p.Text != "Collaboration commerciale avec @brand #ad" ||
		p.Hashtags[0] != "ad" || p.Mentions[0] != "brand" || p.PaidPartnership == nil || !*p.PaidPartnership || p.Line != 1 {
		t.Errorf("post 1 = %+v", p)
	}
	if p := posts[1]; p.ID != "Cdef" || p.URL != "https://www.instagram.com/p/Cdef/" || p.PaidPartnership != nil ||
		!p.PublishedAt.Equal(time.Unix(1690000000, 0)) {
		t.Errorf("post 2 = %+v", p)
	}
	if p := posts[2]; p.PaidPartnership == nil || *p.PaidPartnership || p.Line != 5 {
		t.Errorf("post 5 = %+v", p)
	}
	if len(bad) != 2 || bad[0].Line != 3 || !strings.Contains(bad[0].Msg, "unknown format") || bad[1].Line != 4 || !strings.Contains(bad[1].Msg, "not a post object") {
		t.Errorf("bad = %v", bad)
	}
	// A syntax error inside the array ends the reading with a clear error,
	// after the records before it.
	posts, _, err = readAll(t, `[{"id":"1","timestamp":"2023-01-01"}, {"id": ]`, Options{Format: Instagram})
	if err == nil || !strings.Contains(err.Error(), "after record 1") || len(posts) != 1 {
		t.Errorf("syntax error: %d posts, %v", len(posts), err)
	}
	// An array cut short.
	_, _, err = readAll(t, `[{"id":"1","timestamp":"2023-01-01"}, {"id": "2"`, Options{Format: Instagram})
	if err == nil || !strings.Contains(err.Error(), "incomplete") {
		t.Errorf("cut array: %v", err)
	}
	// One object per line works too.
	posts, _, err = readAll(t, `{"id":"1","timestamp":"2023-01-01","ownerUsername":"a"}`+"\n"+`{"id":"2","timestamp":"2023-01-01"}`, Options{})
	if err != nil || len(posts) != 2 {
		t.Errorf("jsonl export: %d posts, %v", len(posts), err)
	}
}

func TestDetectAndParseFormat(t *testing.T) {
	for in, want := range map[string]Format{
		`{"id":"1"}`:                          JSONLines,
		" [{\"id\":1}]":                       Instagram,
		`{"ownerUsername":"x"}`:               Instagram,
		`{"kind":"youtube#videoListResponse"`: YouTube,
		"id,published_at\n":                   CSV,
	} {
		if got := Detect([]byte(in)); got != want {
			t.Errorf("Detect(%q) = %s, want %s", in, got, want)
		}
	}
	if _, err := ParseFormat("xml"); err == nil || !strings.Contains(err.Error(), "jsonl, csv") {
		t.Errorf("ParseFormat(xml) = %v", err)
	}
	if f, err := ParseFormat("YouTube"); err != nil || f != YouTube {
		t.Errorf("ParseFormat(YouTube) = %v %v", f, err)
	}
}

func TestLongLineIsABadRecord(t *testing.T) {
	long := `{"id":"x","published_at":"2023-01-01","text":"` + strings.Repeat("a", maxLine+10) + `"}`
	posts, bad, err := readAll(t, long+"\n"+`{"id":"y","published_at":"2023-01-01"}`, Options{Format: JSONLines})
	if err != nil || len(posts) != 1 || posts[0].ID != "y" || len(bad) != 1 || bad[0].Line != 1 {
		t.Errorf("posts %d bad %v err %v", len(posts), bad, err)
	}
}

// fuzzRead reads arbitrary bytes in format f and checks that every record is
// either a post or a bad record with a line number.
func fuzzRead(t *testing.T, data []byte, f Format) {
	rd, err := NewReader(bytes.NewReader(data), Options{Format: f, BatchSize: 3})
	if err != nil {
		return
	}
	var b Batch
	for range 1 << 20 {
		err := rd.ReadBatch(&b)
		for i := range b.Records {
			r := &b.Records[i]
			if !r.Decode() {
				if r.Err == nil || r.Err.Line <= 0 || r.Err.Msg == "" {
					t.Fatalf("bad record without a reason: %+v", r)
				}
			} else if r.Post.ID == "" || r.Post.PublishedAt.IsZero() {
				t.Fatalf("post without id or date: %+v", r.Post)
			}
		}
		if err != nil {
			if !errors.Is(err, io.EOF) && err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
	}
	t.Fatal("the reader does not end")
}

func FuzzJSONLines(f *testing.F) {
	f.Add([]byte(`{"id":"p1","platform":"instagram","published_at":"2023-05-01","text":"x","hashtags":["a"]}` + "\n[1]\n{\"id\":1}"))
	f.Add(gz(&testing.T{}, `{"id":"a","published_at":"2023-01-01"}`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, JSONLines) })
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte("id;published_at;text\n1;2023-01-01;\"a\"\"b\"\n2;x;y\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, CSV) })
}

func FuzzYouTube(f *testing.F) {
	f.Add([]byte(youtubeSample))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, YouTube) })
}

func FuzzInstagram(f *testing.F) {
	f.Add([]byte(instagramSample))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, Instagram) })
}
