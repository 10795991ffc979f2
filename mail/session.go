package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Session sends several messages over one connection, for bulk mail such as
// a newsletter: one SMTP handshake (and TLS and AUTH) for many messages
// instead of one per message. A Session is not safe for concurrent use; open
// one per goroutine.
type Session interface {
	// Send delivers m with the given Message-ID, written with or without
	// angle brackets ("<c1.u2.ab12@club.example>"), instead of a random
	// one, so that a message sent again after a crash carries the same
	// identifier. An error wrapping ErrConnection means the session is no
	// longer usable: close it, open a new one and send again. IsTemporary
	// tells the other errors apart.
	Send(ctx context.Context, m *Message, messageID string) error
	// Close ends the session politely (QUIT) and releases the connection.
	Close() error
}

// Opener opens sessions. SMTPSender and OutboxSender implement it.
type Opener interface {
	// Open returns a new session, or an error wrapping ErrConnection if the
	// server cannot be reached or refuses the handshake.
	Open(ctx context.Context) (Session, error)
}

var (
	_ Opener = (*SMTPSender)(nil)
	_ Opener = (*OutboxSender)(nil)
)

// ErrConnection is wrapped by the errors of a session whose connection could
// not be opened or broke (network error, timeout, a 421 reply, a cancelled
// context). Such errors are temporary: open a new session and try again.
var ErrConnection = errors.New("smtp connection failed")

// ErrSenderRejected is wrapped by the errors returned when the SMTP server
// refuses the sender address with a permanent (5xx) reply to MAIL FROM: every
// other message would fail the same way, so a bulk sender should stop rather
// than count the failure against the recipient.
var ErrSenderRejected = errors.New("sender rejected")

// IsTemporary reports whether sending the same message again later may
// succeed: a 4xx reply, a network error or timeout, a broken session. It is
// false for nil, for a 5xx reply (the recipient, the sender or the content
// was refused for good) and for a message that cannot be built. An error it
// does not recognise counts as temporary, so that a bug in classification
// delays a message rather than writing off a member's address.
func IsTemporary(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrInvalidMessage) || errors.Is(err, ErrRecipientRejected) || errors.Is(err, ErrSenderRejected) {
		return false
	}
	if errors.Is(err, ErrConnection) {
		return true
	}
	var sendErr *gomail.SendError
	if errors.As(err, &sendErr) {
		switch sendErr.Reason {
		case gomail.ErrGetSender, gomail.ErrGetRcpts, gomail.ErrNoUnencoded:
			return false
		}
		return sendErr.ErrorCode() < 500
	}
	return true
}

// Open dials the SMTP server once, with the TLS mode, credentials and timeout
// of the configuration, and returns a session that sends many messages over
// that connection. The Timeout of the configuration bounds the dial and each
// command, not the life of the session.
func (s *SMTPSender) Open(ctx context.Context) (Session, error) {
	timeout := s.cfg.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	ss := &smtpSession{sender: s}
	dial := func(dialCtx context.Context, network, addr string) (net.Conn, error) {
		dialer := &net.Dialer{Timeout: timeout}
		var c net.Conn
		var err error
		if s.cfg.tlsMode() == TLSImplicit {
			c, err = (&tls.Dialer{NetDialer: dialer, Config: s.tlsConfig.Clone()}).DialContext(dialCtx, network, addr)
		} else {
			c, err = dialer.DialContext(dialCtx, network, addr)
		}
		if err != nil {
			return nil, err
		}
		ss.mu.Lock()
		ss.conn = c
		ss.mu.Unlock()
		return c, nil
	}
	// No NOOP before each message and no RSET after it: after a completed
	// DATA the server has already reset the transaction, and a broken
	// connection shows at MAIL FROM, before anything is sent. Above all, an
	// RSET that fails after the server accepted the message would make the
	// message look failed, and then sent twice.
	opts := append(s.clientOptions(timeout, dial), gomail.WithoutNoop(), gomail.WithoutRset())
	client, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("mail: smtp client for %s: %w", s.Addr(), err)
	}
	// As in Send, go-mail watches the context only while dialling: close
	// the connection if ctx ends during the handshake.
	stop := context.AfterFunc(ctx, ss.closeConn)
	err = client.DialWithContext(ctx)
	stop()
	if err != nil {
		ss.closeConn()
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("mail: open session with %s: %w: %w: %w", s.Addr(), ErrConnection, ctxErr, err)
		}
		return nil, fmt.Errorf("mail: open session with %s: %w: %w", s.Addr(), ErrConnection, err)
	}
	ss.client = client
	return ss, nil
}

// smtpSession is an open SMTP connection.
type smtpSession struct {
	sender *SMTPSender
	client *gomail.Client

	mu     sync.Mutex
	conn   net.Conn
	broken error // set once the connection is unusable
}

// closeConn drops the connection at once, without QUIT.
func (ss *smtpSession) closeConn() {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.conn != nil {
		_ = ss.conn.Close()
	}
}

// Send delivers m over the session's connection.
func (ss *smtpSession) Send(ctx context.Context, m *Message, messageID string) error {
	msg, err := BuildMessage(ss.sender.cfg.From, m)
	if err != nil {
		return err
	}
	if err := setMessageID(msg, messageID); err != nil {
		return err
	}
	if ss.broken != nil {
		return fmt.Errorf("mail: send to %s: %w: %w", m.To, ErrConnection, ss.broken)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("mail: send to %s: %w: %w", m.To, ErrConnection, err)
	}
	stop := context.AfterFunc(ctx, ss.closeConn)
	err = ss.client.Send(msg)
	stop()
	if err == nil {
		return nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		ss.broken = ctxErr
		return fmt.Errorf("mail: send to %s via %s: %w: %w: %w", m.To, ss.sender.Addr(), ErrConnection, ctxErr, err)
	}
	var sendErr *gomail.SendError
	if !errors.As(err, &sendErr) {
		ss.broken = err
		return fmt.Errorf("mail: send to %s via %s: %w: %w", m.To, ss.sender.Addr(), ErrConnection, err)
	}
	code := sendErr.ErrorCode()
	switch {
	case msg.IsDelivered():
		// The server accepted the message; what failed came after.
		ss.broken = err
		return nil
	case sendErr.Reason == gomail.ErrGetSender || sendErr.Reason == gomail.ErrGetRcpts || sendErr.Reason == gomail.ErrNoUnencoded:
		return fmt.Errorf("mail: send to %s: %w: %w", m.To, ErrInvalidMessage, err)
	case code == 0 || code == 421:
		// No reply at all (the connection broke or timed out), or the
		// server is closing the connection.
		ss.broken = err
		return fmt.Errorf("mail: send to %s via %s: %w: %w", m.To, ss.sender.Addr(), ErrConnection, err)
	case code >= 500 && sendErr.Reason == gomail.ErrSMTPRcptTo:
		return fmt.Errorf("mail: send to %s via %s: %w: %w", m.To, ss.sender.Addr(), ErrRecipientRejected, err)
	case code >= 500 && sendErr.Reason == gomail.ErrSMTPMailFrom:
		return fmt.Errorf("mail: send to %s via %s: %w: %w", m.To, ss.sender.Addr(), ErrSenderRejected, err)
	}
	return fmt.Errorf("mail: send to %s via %s: %w", m.To, ss.sender.Addr(), err)
}

// Close sends QUIT and closes the connection.
func (ss *smtpSession) Close() error {
	if ss.broken != nil {
		ss.closeConn()
		return nil
	}
	ss.broken = errors.New("session closed")
	err := ss.client.Close()
	ss.closeConn()
	if err != nil {
		return fmt.Errorf("mail: close session with %s: %w", ss.sender.Addr(), err)
	}
	return nil
}

// setMessageID replaces the random Message-ID of msg by id, given with or
// without angle brackets. An empty id keeps the random one.
func setMessageID(msg *gomail.Msg, id string) error {
	if id == "" {
		return nil
	}
	bare := strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">")
	at := strings.IndexByte(bare, '@')
	if at <= 0 || at == len(bare)-1 || strings.Count(bare, "@") != 1 || strings.ContainsAny(bare, "<>()[],;:\\\" \t\r\n") {
		return fmt.Errorf("mail: message id %q: %w", id, ErrInvalidMessage)
	}
	msg.SetMessageIDWithValue(bare)
	return nil
}

// Open returns a session that writes each message into the outbox, with the
// Message-ID it is given. It never fails on an existing outbox.
func (o *OutboxSender) Open(ctx context.Context) (Session, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("mail: outbox: %w: %w", ErrConnection, err)
	}
	return outboxSession{o}, nil
}

// outboxSession writes .eml files into an outbox.
type outboxSession struct{ o *OutboxSender }

// Send writes m as a new .eml file, whole or not at all.
func (s outboxSession) Send(ctx context.Context, m *Message, messageID string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("mail: outbox: %w: %w", ErrConnection, err)
	}
	msg, err := BuildMessage(s.o.from, m)
	if err != nil {
		return err
	}
	if err := setMessageID(msg, messageID); err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return fmt.Errorf("mail: render message to %s: %w", m.To, err)
	}
	// Named after the Message-ID when there is one, so that writing the same
	// message again replaces the file instead of adding a copy.
	name := fmt.Sprintf("%s-%s.eml", time.Now().UTC().Format("20060102T150405.000000Z"), sanitiseForFilename(m.To))
	if messageID != "" {
		name = sanitiseForFilename(strings.Trim(messageID, "<>")) + ".eml"
	}
	return writeFileAtomic(filepath.Join(s.o.dir, name), buf.Bytes())
}

// Close does nothing.
func (outboxSession) Close() error { return nil }

// writeFileAtomic writes data to path through a synced temporary file and a
// rename, so that a reader never sees a partial file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".outbox-*.tmp")
	if err != nil {
		return fmt.Errorf("mail: outbox: %w", err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("mail: outbox: write %s: %w", tmp.Name(), err)
	}
	if err := tmp.Chmod(0o640); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("mail: outbox: chmod %s: %w", tmp.Name(), err)
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("mail: outbox: sync %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("mail: outbox: close %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("mail: outbox: %w", err)
	}
	return nil
}
