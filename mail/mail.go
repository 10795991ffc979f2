// Package mail composes and sends the club's e-mail: an SMTP sender built on
// go-mail, an outbox that writes each message as an .eml file for local
// development, and a recorder that keeps messages in memory for tests. All
// three build the same RFC 5322 message through BuildMessage.
package mail

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/mail"
	"strings"
)

// Message is one e-mail to one recipient. It is stored as a job argument, so it
// must stay JSON-serialisable.
type Message struct {
	// To is the bare address of the recipient, e.g. "ada@example.org".
	To string `json:"to"`
	// ToName is the display name of the recipient; it may be empty.
	ToName string `json:"to_name,omitempty"`
	// ReplyTo, if set, is the bare address replies go to (newsletters: the
	// club's team rather than the sending system).
	ReplyTo string `json:"reply_to,omitempty"`
	// Subject is the subject in UTF-8; it is encoded on the wire as needed.
	Subject string `json:"subject"`
	// Text is the plain-text body. It is required.
	Text string `json:"text"`
	// HTML is an optional HTML body; when set the mail is multipart/alternative.
	HTML string `json:"html,omitempty"`
	// Attachments are added after the bodies, making the mail multipart/mixed.
	Attachments []Attachment `json:"attachments,omitempty"`
	// Headers are extra header fields such as List-Unsubscribe. They cannot
	// replace the fields that BuildMessage writes itself.
	Headers map[string]string `json:"headers,omitempty"`
}

// Attachment is a file attached to a Message.
type Attachment struct {
	// Filename is the name shown to the recipient, without any directory.
	Filename string `json:"filename"`
	// ContentType is a MIME type such as "text/calendar; method=REQUEST";
	// empty means application/octet-stream.
	ContentType string `json:"content_type,omitempty"`
	// Data is the content of the file; JSON stores it as base64.
	Data []byte `json:"data"`
}

// Sender sends a Message.
type Sender interface {
	// Send delivers m or returns an error. An error for which IsPermanent
	// reports true will fail again if retried as is.
	Send(ctx context.Context, m *Message) error
}

// ErrInvalidMessage is wrapped by the errors returned for a message that cannot
// be sent as it is: a missing or malformed address, an empty text body, a
// header that is not allowed.
var ErrInvalidMessage = errors.New("invalid message")

// ErrRecipientRejected is wrapped by the errors returned when the SMTP server
// refuses the recipient with a permanent (5xx) reply.
var ErrRecipientRejected = errors.New("recipient rejected")

// IsPermanent reports whether err says that sending the same message again
// cannot succeed, so a job queue should give up rather than retry.
func IsPermanent(err error) bool {
	return errors.Is(err, ErrInvalidMessage) || errors.Is(err, ErrRecipientRejected)
}

// reservedHeaders are the fields BuildMessage writes itself; Message.Headers
// may not set them, so that a caller cannot add recipients or break the MIME
// structure through them.
var reservedHeaders = map[string]bool{
	"bcc": true, "cc": true, "content-disposition": true, "content-id": true,
	"content-transfer-encoding": true, "content-type": true, "date": true,
	"from": true, "message-id": true, "mime-version": true, "reply-to": true,
	"return-path": true, "sender": true, "subject": true, "to": true,
}

// Validate reports whether m can be sent. Its errors wrap ErrInvalidMessage.
func (m *Message) Validate() error {
	if m == nil {
		return fmt.Errorf("mail: nil message: %w", ErrInvalidMessage)
	}
	if _, err := parseBareAddress(m.To); err != nil {
		return fmt.Errorf("mail: recipient %q: %w: %w", m.To, ErrInvalidMessage, err)
	}
	if hasLineBreak(m.ToName) {
		return fmt.Errorf("mail: recipient name contains a line break: %w", ErrInvalidMessage)
	}
	if hasLineBreak(m.Subject) {
		return fmt.Errorf("mail: subject contains a line break: %w", ErrInvalidMessage)
	}
	if strings.TrimSpace(m.Text) == "" {
		return fmt.Errorf("mail: text body is required: %w", ErrInvalidMessage)
	}
	for name, value := range m.Headers {
		if !isFieldName(name) {
			return fmt.Errorf("mail: header name %q: %w", name, ErrInvalidMessage)
		}
		if reservedHeaders[strings.ToLower(name)] {
			return fmt.Errorf("mail: header %q is set by the mailer: %w", name, ErrInvalidMessage)
		}
		if hasLineBreak(value) {
			return fmt.Errorf("mail: header %q contains a line break: %w", name, ErrInvalidMessage)
		}
	}
	for i, a := range m.Attachments {
		if safeFilename(a.Filename) == "" {
			return fmt.Errorf("mail: attachment %d has no usable file name: %w", i, ErrInvalidMessage)
		}
		if a.ContentType != "" {
			if _, _, err := mime.ParseMediaType(a.ContentType); err != nil || hasLineBreak(a.ContentType) {
				return fmt.Errorf("mail: attachment %q content type %q: %w", a.Filename, a.ContentType, ErrInvalidMessage)
			}
		}
	}
	return nil
}

// parseBareAddress parses an address written without a display name, as
// Message.To must be.
func parseBareAddress(s string) (*mail.Address, error) {
	if s == "" {
		return nil, errors.New("empty address")
	}
	if hasLineBreak(s) || strings.ContainsAny(s, "<>,;\" ") {
		return nil, errors.New("not a bare address")
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(a.Address, "@") || strings.HasSuffix(a.Address, "@") {
		return nil, errors.New("no domain")
	}
	return a, nil
}

// isFieldName reports whether s is a valid RFC 5322 header field name.
func isFieldName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < 33 || r > 126 || r == ':' {
			return false
		}
	}
	return true
}

func hasLineBreak(s string) bool {
	return strings.ContainsAny(s, "\r\n")
}

// safeFilename keeps the last path element of name and drops characters that
// do not belong in a quoted MIME parameter.
func safeFilename(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 32 || r == 127 || r == '"' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "." || name == ".." {
		return ""
	}
	return name
}
