package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// BuildMessage turns m into a go-mail message from the given sender, written
// like "Club des créateurs <club@example.org>". The result carries From, To
// with the recipient's name, the UTF-8 subject, a Message-ID in the sender's
// domain, the Date, the text body, the HTML alternative when m.HTML is set,
// the attachments and the extra headers. Its errors wrap ErrInvalidMessage.
func BuildMessage(from string, m *Message) (*gomail.Msg, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	sender, err := parseFrom(from)
	if err != nil {
		return nil, fmt.Errorf("mail: sender %q: %w: %w", from, ErrInvalidMessage, err)
	}

	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(sender)
	msg.ToMailAddress(&mail.Address{Name: m.ToName, Address: m.To})
	msg.Subject(m.Subject)
	if m.ReplyTo != "" {
		if err := msg.ReplyTo(m.ReplyTo); err != nil {
			return nil, fmt.Errorf("mail: reply-to %q: %w: %w", m.ReplyTo, ErrInvalidMessage, err)
		}
	}
	msg.SetDateWithValue(time.Now())
	msg.SetMessageIDWithValue(newMessageID(sender.Address))

	// Sorted so that the same message always renders the same way.
	names := make([]string, 0, len(m.Headers))
	for name := range m.Headers {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		msg.SetGenHeader(gomail.Header(name), m.Headers[name])
	}

	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for _, a := range m.Attachments {
		contentType := a.ContentType
		if contentType == "" {
			contentType = "application/octet-stream"
		}
		msg.AttachReadSeeker(safeFilename(a.Filename), bytes.NewReader(a.Data),
			gomail.WithFileContentType(gomail.ContentType(contentType)))
	}
	return msg, nil
}

// Render returns the raw RFC 5322 bytes of m as sent from the given sender,
// with CRLF line endings. Each call gives a new Message-ID and Date.
func Render(from string, m *Message) ([]byte, error) {
	msg, err := BuildMessage(from, m)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("mail: render message to %s: %w", m.To, err)
	}
	return buf.Bytes(), nil
}

// parseFrom parses the configured sender address.
func parseFrom(from string) (*mail.Address, error) {
	if strings.TrimSpace(from) == "" {
		return nil, errors.New("empty address")
	}
	if hasLineBreak(from) {
		return nil, errors.New("line break in address")
	}
	a, err := mail.ParseAddress(from)
	if err != nil {
		return nil, err
	}
	if i := strings.LastIndexByte(a.Address, '@'); i <= 0 || i == len(a.Address)-1 {
		return nil, errors.New("no domain")
	}
	return a, nil
}

// newMessageID returns a unique Message-ID value (without angle brackets) in
// the domain of the sender address, so that it does not reveal the host name.
func newMessageID(senderAddress string) string {
	domain := senderAddress[strings.LastIndexByte(senderAddress, '@')+1:]
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails since Go 1.24.
	return fmt.Sprintf("%d.%s@%s", time.Now().Unix(), hex.EncodeToString(b[:]), domain)
}
