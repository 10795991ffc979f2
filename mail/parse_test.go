package mail_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"testing"
)

// parsedMail is a received message taken apart with the standard library only,
// so that the tests check the wire format rather than go-mail's own view.
type parsedMail struct {
	Header  mail.Header
	From    *mail.Address
	To      []*mail.Address
	Subject string
	// MediaType is the top-level media type.
	MediaType string
	// Text and HTML are the decoded bodies, with CRLF turned into LF.
	Text, HTML string
	// InAlternative reports that Text and HTML came from one
	// multipart/alternative part.
	InAlternative bool
	Attachments   []parsedAttachment
}

type parsedAttachment struct {
	MediaType   string
	Filename    string
	Disposition string
	Data        []byte
}

// parseMail parses raw with net/mail and mime/multipart and fails the test if
// it is malformed.
func parseMail(t *testing.T, raw []byte) parsedMail {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("net/mail cannot read the message: %v\n%s", err, raw)
	}
	var p parsedMail
	p.Header = msg.Header
	if p.From, err = mail.ParseAddress(msg.Header.Get("From")); err != nil {
		t.Fatalf("From %q: %v", msg.Header.Get("From"), err)
	}
	if p.To, err = msg.Header.AddressList("To"); err != nil {
		t.Fatalf("To %q: %v", msg.Header.Get("To"), err)
	}
	if p.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatalf("Subject %q: %v", msg.Header.Get("Subject"), err)
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	p.MediaType = mediaType
	p.walk(t, textproto.MIMEHeader(msg.Header), mediaType, params, msg.Body, false)
	return p
}

func (p *parsedMail) walk(t *testing.T, h textproto.MIMEHeader, mediaType string, params map[string]string, body io.Reader, inAlternative bool) {
	t.Helper()
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatalf("multipart %s: %v", mediaType, err)
			}
			pt, pp, err := mime.ParseMediaType(part.Header.Get("Content-Type"))
			if err != nil {
				t.Fatalf("part Content-Type %q: %v", part.Header.Get("Content-Type"), err)
			}
			p.walk(t, part.Header, pt, pp, part, mediaType == "multipart/alternative")
		}
	}

	data := decodeBody(t, h, body)
	disposition, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	switch {
	case disposition != "attachment" && mediaType == "text/plain" && p.Text == "":
		p.Text = strings.ReplaceAll(string(data), "\r\n", "\n")
		p.InAlternative = inAlternative
	case disposition != "attachment" && mediaType == "text/html" && p.HTML == "":
		p.HTML = strings.ReplaceAll(string(data), "\r\n", "\n")
		p.InAlternative = p.InAlternative && inAlternative
	default:
		p.Attachments = append(p.Attachments, parsedAttachment{
			MediaType: mediaType, Filename: dparams["filename"], Disposition: disposition, Data: data,
		})
	}
}

// decodeBody undoes the Content-Transfer-Encoding; mime/multipart already
// undoes quoted-printable in parts and removes the header.
func decodeBody(t *testing.T, h textproto.MIMEHeader, body io.Reader) []byte {
	t.Helper()
	switch strings.ToLower(h.Get("Content-Transfer-Encoding")) {
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	}
	data, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("decode body: %v", err)
	}
	return data
}
