package e2e

import (
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub/app"
)

// sentMail is a message read back from the outbox.
type sentMail struct {
	Path    string
	To      []*mail.Address
	Subject string
	Text    string     // the text/plain parts, decoded
	HTML    string     // the text/html parts, decoded
	Parts   []mailPart // every part that is not multipart, in order
}

// mailPart is one leaf part of a mail, with its transfer encoding undone.
type mailPart struct {
	ContentType string            // the Content-Type header as sent
	MediaType   string            // its media type, lower-case
	Params      map[string]string // its parameters, with lower-case names
	Body        []byte
}

// partsOf returns the parts of s whose media type is mediaType.
func (s *sentMail) partsOf(mediaType string) []mailPart {
	var out []mailPart
	for _, p := range s.Parts {
		if p.MediaType == mediaType {
			out = append(out, p)
		}
	}
	return out
}

// outboxFiles returns the names of the .eml files in m's outbox, sorted; the
// outbox names files by the UTC time they were written, so the last is the
// newest.
func outboxFiles(t *testing.T, m *app.Main) []string {
	t.Helper()
	entries, err := os.ReadDir(m.Outbox)
	if err != nil {
		t.Fatalf("read the outbox: %v", err)
	}
	var names []string
	for _, e := range entries {
		// Files being written have a temporary name starting with a dot.
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".eml") && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names
}

// waitForMail waits for a mail to to appear in m's outbox that is not one of
// the files in before, and returns the newest such mail. The job queue sends
// mail within about a second; waitForMail gives it ten.
func waitForMail(t *testing.T, m *app.Main, to string, before []string) *sentMail {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		names := outboxFiles(t, m)
		for i := len(names) - 1; i >= 0; i-- {
			if slices.Contains(before, names[i]) {
				continue
			}
			msg, err := readMail(filepath.Join(m.Outbox, names[i]))
			if err != nil {
				t.Fatalf("outbox: %v", err)
			}
			if msg.sentTo(to) {
				return msg
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no mail to %s in %s after 10 s; the outbox holds %q", to, m.Outbox, names)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// sentTo reports whether addr is one of the recipients.
func (s *sentMail) sentTo(addr string) bool {
	for _, a := range s.To {
		if strings.EqualFold(a.Address, addr) {
			return true
		}
	}
	return false
}

// readMail parses an .eml file: headers, and every text part of a possibly
// nested multipart body, with its transfer encoding undone.
func readMail(path string) (*sentMail, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	msg, err := mail.ReadMessage(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s := &sentMail{Path: path}
	if s.To, err = msg.Header.AddressList("To"); err != nil {
		return nil, fmt.Errorf("%s: To: %w", path, err)
	}
	if s.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return nil, fmt.Errorf("%s: Subject: %w", path, err)
	}
	if err := s.readPart(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

func (s *sentMail) readPart(contentType, encoding string, body io.Reader) error {
	if contentType == "" {
		contentType = "text/plain; charset=us-ascii"
	}
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("Content-Type %q: %w", contentType, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			// NextRawPart leaves the transfer encoding to us, like any other part.
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			} else if err != nil {
				return fmt.Errorf("%s: %w", mediaType, err)
			}
			if err := s.readPart(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body) // skips line breaks
	case "", "7bit", "8bit", "binary":
	default:
		return fmt.Errorf("unknown Content-Transfer-Encoding %q", encoding)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return fmt.Errorf("%s part: %w", mediaType, err)
	}
	if cs := strings.ToLower(params["charset"]); cs != "" && cs != "utf-8" && cs != "us-ascii" {
		return fmt.Errorf("%s part in charset %s, want UTF-8", mediaType, cs)
	}
	s.Parts = append(s.Parts, mailPart{ContentType: contentType, MediaType: mediaType, Params: params, Body: b})
	switch mediaType {
	case "text/plain":
		s.Text += string(b)
	case "text/html":
		s.HTML += string(b)
	}
	return nil
}

// signInLink returns the sign-in link of a sign-in mail, checking that it
// points at m and carries a token, and that the HTML part has it too.
func signInLink(t *testing.T, m *app.Main, msg *sentMail) string {
	t.Helper()
	prefix := m.URL + "/connexion/lien?"
	var link string
	for _, field := range strings.Fields(msg.Text) {
		if strings.HasPrefix(field, prefix) {
			link = field
			break
		}
	}
	if link == "" {
		t.Fatalf("mail %s: no link starting with %s in the text part:\n%s", msg.Path, prefix, msg.Text)
	}
	u, err := url.Parse(link)
	if err != nil || u.Query().Get("token") == "" {
		t.Fatalf("mail %s: sign-in link %q has no token (%v)", msg.Path, link, err)
	}
	if !strings.Contains(msg.HTML, "/connexion/lien?token="+url.QueryEscape(u.Query().Get("token"))) {
		t.Errorf("mail %s: the HTML part does not carry the sign-in link:\n%s", msg.Path, msg.HTML)
	}
	return link
}
