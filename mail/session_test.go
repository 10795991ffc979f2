package mail_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/mail/smtptest"
)

// messageIDs returns the Message-ID of each message ts accepted, in order.
func messageIDs(ts *smtptest.Server) []string {
	var ids []string
	for _, d := range ts.Deliveries() {
		ids = append(ids, d.MessageID())
	}
	return ids
}

func bulkMessage(to string) *mail.Message {
	return &mail.Message{To: to, ToName: "Membre", Subject: "Lettre du club", Text: "Bonjour,\n\nLes nouvelles du mois.\n"}
}

// TestSession_oneConnection sends several messages through one session and
// checks that the server saw one connection and the Message-IDs we chose.
func TestSession_oneConnection(t *testing.T) {
	t.Parallel()
	ss := smtptest.Start(t, smtptest.Options{})
	s := newSMTPSender(t, plainConfig(ss))
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
	if n := ss.Connections(); n != 1 {
		t.Errorf("server saw %d connections, want 1", n)
	}
	if got := messageIDs(ss); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Message-IDs = %v, want %v", got, want)
	}
}

// TestSession_replies checks the classification of the server's replies and
// that the session stays usable after a refused recipient.
func TestSession_replies(t *testing.T) {
	t.Parallel()
	replies := map[string]*smtp.SMTPError{
		"full@example.org":     {Code: 452, EnhancedCode: smtp.EnhancedCode{4, 2, 2}, Message: "Mailbox full"},
		"greylist@example.org": {Code: 451, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "Try again later"},
		"nobody@example.org":   {Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"},
	}
	ss := smtptest.Start(t, smtptest.Options{RcptReply: func(rcpt string, _ int) *smtp.SMTPError { return replies[rcpt] }})
	s := newSMTPSender(t, plainConfig(ss))
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
	if n := ss.Connections(); n != 1 {
		t.Errorf("server saw %d connections, want 1", n)
	}
	if ids := messageIDs(ss); len(ids) != 1 || !strings.HasSuffix(ids[0], "@example.org>") {
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
	ss := smtptest.Start(t, smtptest.Options{DropAtData: 2})
	s := newSMTPSender(t, plainConfig(ss))
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
	if got := messageIDs(ss); strings.Join(got, " ") != "<a@club.example> <b@club.example>" {
		t.Errorf("Message-IDs = %v", got)
	}
	if n := ss.Connections(); n != 2 {
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
	if got := parseMail(t, raw).Header.Get("Message-Id"); got != "<c1.u2.abc@club.example>" {
		t.Errorf("Message-ID = %q", got)
	}
}
