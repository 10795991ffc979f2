package mail_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/creatorclub/creatorclub/mail"
)

// sessionServer is a go-smtp server on 127.0.0.1:0 that counts connections,
// records the Message-ID of each message it accepts, and answers chosen
// recipients with a chosen reply.
type sessionServer struct {
	Host  string
	Port  int
	conns atomic.Int64

	mu      sync.Mutex
	ids     []string
	replies map[string]*smtp.SMTPError // RCPT TO address -> reply
	dropAt  int                        // close the connection at the n-th DATA (1-based), 0 never
	datas   int
}

// countingListener counts accepted connections.
type countingListener struct {
	net.Listener
	n *atomic.Int64
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.n.Add(1)
	}
	return c, err
}

func startSessionServer(t *testing.T, replies map[string]*smtp.SMTPError) *sessionServer {
	t.Helper()
	ss := &sessionServer{replies: replies}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &recordingSession{server: ss, conn: c}, nil
	}))
	srv.Domain = "localhost"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().(*net.TCPAddr)
	ss.Host, ss.Port = addr.IP.String(), addr.Port
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(countingListener{l, &ss.conns})
	}()
	t.Cleanup(func() {
		_ = srv.Close()
		_ = l.Close()
		<-done
	})
	return ss
}

func (ss *sessionServer) MessageIDs() []string {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return append([]string(nil), ss.ids...)
}

type recordingSession struct {
	server *sessionServer
	conn   *smtp.Conn
}

func (s *recordingSession) Mail(string, *smtp.MailOptions) error { return nil }

func (s *recordingSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.server.mu.Lock()
	defer s.server.mu.Unlock()
	if r := s.server.replies[to]; r != nil {
		return r
	}
	return nil
}

func (s *recordingSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.server.mu.Lock()
	defer s.server.mu.Unlock()
	s.server.datas++
	if s.server.datas == s.server.dropAt {
		_ = s.conn.Close()
		return errors.New("dropped")
	}
	s.server.ids = append(s.server.ids, headerValue(data, "Message-ID"))
	return nil
}

func (s *recordingSession) Reset()        {}
func (s *recordingSession) Logout() error { return nil }

// headerValue returns the first value of the named header field of a raw message.
func headerValue(raw []byte, name string) string {
	head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	for _, line := range strings.Split(string(head), "\r\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(k, name) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func sessionConfig(ss *sessionServer) mail.Config {
	return mail.Config{Host: ss.Host, Port: ss.Port, TLS: mail.TLSNone, From: testFrom, Timeout: 5 * time.Second}
}

func bulkMessage(to string) *mail.Message {
	return &mail.Message{To: to, ToName: "Membre", Subject: "Lettre du club", Text: "Bonjour,\n\nLes nouvelles du mois.\n"}
}

// TestSession_oneConnection sends several messages through one session and
// checks that the server saw one connection and the Message-IDs we chose.
func TestSession_oneConnection(t *testing.T) {
	t.Parallel()
	ss := startSessionServer(t, nil)
	s := newSMTPSender(t, sessionConfig(ss))
	ctx := context.Background()
	sess, err := s.Open(ctx)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	var want []string
	for i := range 5 {
		id := fmt.Sprintf("<c7.u%d.abcdef@club.example>", i)
		if i == 4 {
			id = "c7.u4.abcdef@club.example" // brackets are optional
		}
		if err := sess.Send(ctx, bulkMessage(fmt.Sprintf("m%d@example.org", i)), id); err != nil {
			t.Fatalf("Send %d: %v", i, err)
		}
		want = append(want, fmt.Sprintf("<c7.u%d.abcdef@club.example>", i))
	}
	if err := sess.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if n := ss.conns.Load(); n != 1 {
		t.Errorf("server saw %d connections, want 1", n)
	}
	if got := ss.MessageIDs(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Message-IDs = %v, want %v", got, want)
	}
}

// TestSession_replies checks the classification of the server's replies and
// that the session stays usable after a refused recipient.
func TestSession_replies(t *testing.T) {
	t.Parallel()
	ss := startSessionServer(t, map[string]*smtp.SMTPError{
		"full@example.org":     {Code: 452, EnhancedCode: smtp.EnhancedCode{4, 2, 2}, Message: "Mailbox full"},
		"greylist@example.org": {Code: 451, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "Try again later"},
		"nobody@example.org":   {Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"},
	})
	s := newSMTPSender(t, sessionConfig(ss))
	ctx := context.Background()
	sess, err := s.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	for _, c := range []struct {
		to        string
		temporary bool
		rejected  bool
	}{
		{"full@example.org", true, false},
		{"greylist@example.org", true, false},
		{"nobody@example.org", false, true},
	} {
		err := sess.Send(ctx, bulkMessage(c.to), "<x."+c.to+">")
		if err == nil {
			t.Fatalf("%s: Send succeeded", c.to)
		}
		if mail.IsTemporary(err) != c.temporary {
			t.Errorf("%s: IsTemporary(%v) = %v, want %v", c.to, err, !c.temporary, c.temporary)
		}
		if errors.Is(err, mail.ErrRecipientRejected) != c.rejected {
			t.Errorf("%s: errors.Is(%v, ErrRecipientRejected) = %v", c.to, err, !c.rejected)
		}
		if errors.Is(err, mail.ErrConnection) {
			t.Errorf("%s: a reply is not a connection error: %v", c.to, err)
		}
	}
	if err := sess.Send(ctx, bulkMessage("ok@example.org"), ""); err != nil {
		t.Fatalf("Send after refusals: %v", err)
	}
	if n := ss.conns.Load(); n != 1 {
		t.Errorf("server saw %d connections, want 1", n)
	}
	if ids := ss.MessageIDs(); len(ids) != 1 || !strings.HasSuffix(ids[0], "@example.org>") {
		t.Errorf("Message-IDs = %v, want one random id in the sender's domain", ids)
	}
	if mail.IsTemporary(nil) {
		t.Error("IsTemporary(nil) = true")
	}
	if err := sess.Send(ctx, &mail.Message{To: "bad address"}, ""); err == nil || mail.IsTemporary(err) {
		t.Errorf("invalid message: %v, want a permanent error", err)
	}
	if err := sess.Send(ctx, bulkMessage("ok@example.org"), "<no at sign>"); !errors.Is(err, mail.ErrInvalidMessage) {
		t.Errorf("invalid Message-ID: %v, want ErrInvalidMessage", err)
	}
}

// TestSession_broken checks that a connection the server drops is reported
// as ErrConnection, temporary, and that a new session works.
func TestSession_broken(t *testing.T) {
	t.Parallel()
	ss := startSessionServer(t, nil)
	ss.dropAt = 2
	s := newSMTPSender(t, sessionConfig(ss))
	ctx := context.Background()
	sess, err := s.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Send(ctx, bulkMessage("a@example.org"), "<a@club.example>"); err != nil {
		t.Fatal(err)
	}
	err = sess.Send(ctx, bulkMessage("b@example.org"), "<b@club.example>")
	if !errors.Is(err, mail.ErrConnection) || !mail.IsTemporary(err) {
		t.Fatalf("Send on a dropped connection: %v, want a temporary ErrConnection", err)
	}
	if err := sess.Send(ctx, bulkMessage("c@example.org"), "<c@club.example>"); !errors.Is(err, mail.ErrConnection) {
		t.Fatalf("Send on a broken session: %v, want ErrConnection", err)
	}
	_ = sess.Close()
	sess, err = s.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if err := sess.Send(ctx, bulkMessage("b@example.org"), "<b@club.example>"); err != nil {
		t.Fatalf("Send on a new session: %v", err)
	}
	if got := ss.MessageIDs(); strings.Join(got, " ") != "<a@club.example> <b@club.example>" {
		t.Errorf("Message-IDs = %v", got)
	}
	if n := ss.conns.Load(); n != 2 {
		t.Errorf("server saw %d connections, want 2", n)
	}
}

// TestSession_openFails checks that an unreachable server gives a temporary
// ErrConnection.
func TestSession_openFails(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	s := newSMTPSender(t, mail.Config{Host: "127.0.0.1", Port: port, TLS: mail.TLSNone, From: testFrom, Timeout: time.Second})
	_, err = s.Open(context.Background())
	if !errors.Is(err, mail.ErrConnection) || !mail.IsTemporary(err) {
		t.Fatalf("Open: %v, want a temporary ErrConnection", err)
	}
}

// TestOutboxSession checks that the outbox writes one file per message,
// with the given Message-ID, and replaces it when the same message is
// written again.
func TestOutboxSession(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	o, err := mail.NewOutboxSender(dir, testFrom)
	if err != nil {
		t.Fatal(err)
	}
	var opener mail.Opener = o
	ctx := context.Background()
	sess, err := opener.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := sess.Send(ctx, bulkMessage("ada@example.org"), "<c1.u2.abc@club.example>"); err != nil {
			t.Fatal(err)
		}
	}
	if err := sess.Send(ctx, bulkMessage("bob@example.org"), "<c1.u3.def@club.example>"); err != nil {
		t.Fatal(err)
	}
	_ = sess.Close()
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 2 {
		t.Fatalf("outbox has %v, want 2 files", files)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "c1.u2.abc@club.example.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if got := headerValue(raw, "Message-ID"); got != "<c1.u2.abc@club.example>" {
		t.Errorf("Message-ID = %q", got)
	}
}
