package mail_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/mail/smtptest"
)

const (
	testFrom    = "Club des créateurs <club@example.org>"
	testSubject = "Votre lien de connexion – Club des créateurs"
)

// signInMessage returns the sign-in mail used across the tests, with an
// invitation attached when withAttachment is set.
func signInMessage(withAttachment bool) *mail.Message {
	m := &mail.Message{
		To:      "ada@example.org",
		ToName:  "Adèle Créatrice",
		Subject: testSubject,
		Text:    "Bonjour Adèle,\n\nVoici votre lien : https://club.example.org/connexion/abc123\n\nÀ bientôt !\n",
		HTML:    "<p>Bonjour Adèle,</p>\n<p><a href=\"https://club.example.org/connexion/abc123\">Se connecter</a></p>\n",
		Headers: map[string]string{"X-Creatorclub-Kind": "sign-in"},
	}
	if withAttachment {
		m.Attachments = []mail.Attachment{{
			Filename:    "atelier.ics",
			ContentType: "text/calendar; method=REQUEST",
			Data:        []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"),
		}}
	}
	return m
}

// plainConfig returns a config for the test server without TLS.
func plainConfig(ts *smtptest.Server) mail.Config {
	return mail.Config{Host: ts.Host(), Port: ts.Port(), TLS: mail.TLSNone, From: testFrom, Timeout: 5 * time.Second}
}

func newSMTPSender(t *testing.T, cfg mail.Config) *mail.SMTPSender {
	t.Helper()
	s, err := mail.NewSMTPSender(cfg)
	if err != nil {
		t.Fatalf("NewSMTPSender: %v", err)
	}
	return s
}

// checkSignInMail asserts that p is the message built from signInMessage.
func checkSignInMail(t *testing.T, p parsedMail, withAttachment bool) {
	t.Helper()
	want := signInMessage(withAttachment)
	if p.From.Name != "Club des créateurs" || p.From.Address != "club@example.org" {
		t.Errorf("From = %q <%s>, want Club des créateurs <club@example.org>", p.From.Name, p.From.Address)
	}
	if len(p.To) != 1 || p.To[0].Name != want.ToName || p.To[0].Address != want.To {
		t.Errorf("To = %v, want %s <%s>", p.To, want.ToName, want.To)
	}
	if p.Subject != testSubject {
		t.Errorf("Subject = %q, want %q", p.Subject, testSubject)
	}
	if raw := p.Header.Get("Subject"); raw == testSubject || !strings.HasPrefix(raw, "=?") {
		t.Errorf("raw Subject %q is not RFC 2047 encoded", raw)
	}
	if id := p.Header.Get("Message-Id"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@example.org>") {
		t.Errorf("Message-ID = %q, want <…@example.org>", id)
	}
	if d, err := p.Header.Date(); err != nil || time.Since(d) > time.Minute {
		t.Errorf("Date = %q (%v), want now", p.Header.Get("Date"), err)
	}
	if got := p.Header.Get("X-Creatorclub-Kind"); got != "sign-in" {
		t.Errorf("X-Creatorclub-Kind = %q, want sign-in", got)
	}
	if p.Text != want.Text {
		t.Errorf("text body = %q, want %q", p.Text, want.Text)
	}
	if p.HTML != want.HTML {
		t.Errorf("html body = %q, want %q", p.HTML, want.HTML)
	}
	if !p.InAlternative {
		t.Errorf("text and html are not inside one multipart/alternative part")
	}
	if !withAttachment {
		if p.MediaType != "multipart/alternative" {
			t.Errorf("top-level type = %s, want multipart/alternative", p.MediaType)
		}
		if len(p.Attachments) != 0 {
			t.Errorf("unexpected attachments: %+v", p.Attachments)
		}
		return
	}
	if p.MediaType != "multipart/mixed" {
		t.Errorf("top-level type = %s, want multipart/mixed", p.MediaType)
	}
	if len(p.Attachments) != 1 {
		t.Fatalf("attachments = %+v, want one", p.Attachments)
	}
	a := p.Attachments[0]
	if a.MediaType != "text/calendar" || a.Filename != "atelier.ics" || a.Disposition != "attachment" {
		t.Errorf("attachment = %s %q %s, want text/calendar \"atelier.ics\" attachment", a.MediaType, a.Filename, a.Disposition)
	}
	if !bytes.Equal(a.Data, want.Attachments[0].Data) {
		t.Errorf("attachment data = %q, want %q", a.Data, want.Attachments[0].Data)
	}
}

func TestSMTPSender_Send(t *testing.T) {
	for _, withAttachment := range []bool{false, true} {
		name := "text and html"
		if withAttachment {
			name += " and calendar attachment"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ts := smtptest.Start(t, smtptest.Options{})
			s := newSMTPSender(t, plainConfig(ts))
			if err := s.Send(context.Background(), signInMessage(withAttachment)); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := ts.Deliveries()
			if len(got) != 1 {
				t.Fatalf("server received %d messages, want 1", len(got))
			}
			if got[0].From != "club@example.org" {
				t.Errorf("MAIL FROM = %q, want club@example.org", got[0].From)
			}
			if len(got[0].To) != 1 || got[0].To[0] != "ada@example.org" {
				t.Errorf("RCPT TO = %q, want [ada@example.org]", got[0].To)
			}
			checkSignInMail(t, parseMail(t, got[0].Data), withAttachment)
		})
	}
}

func TestSMTPSender_Send_textOnly(t *testing.T) {
	t.Parallel()
	ts := smtptest.Start(t, smtptest.Options{})
	s := newSMTPSender(t, plainConfig(ts))
	m := &mail.Message{To: "ada@example.org", Subject: "Bienvenue", Text: "Bienvenue au club.\n"}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := ts.Deliveries()
	if len(got) != 1 {
		t.Fatalf("server received %d messages, want 1", len(got))
	}
	p := parseMail(t, got[0].Data)
	if p.MediaType != "text/plain" || p.Text != m.Text || p.HTML != "" {
		t.Errorf("got %s text=%q html=%q, want a single text/plain part %q", p.MediaType, p.Text, p.HTML, m.Text)
	}
}

func TestSMTPSender_Auth(t *testing.T) {
	t.Parallel()
	ts := smtptest.Start(t, smtptest.Options{Username: "club", Password: "s3cret", AllowInsecureAuth: true})

	t.Run("right password", func(t *testing.T) {
		cfg := plainConfig(ts)
		cfg.Username, cfg.Password = "club", "s3cret"
		if err := newSMTPSender(t, cfg).Send(context.Background(), signInMessage(false)); err != nil {
			t.Fatalf("Send: %v", err)
		}
		got := ts.Deliveries()
		if len(got) != 1 || got[0].AuthUser != "club" {
			t.Fatalf("deliveries = %+v, want one authenticated as club", got)
		}
	})

	t.Run("wrong password", func(t *testing.T) {
		cfg := plainConfig(ts)
		cfg.Username, cfg.Password = "club", "wrong"
		err := newSMTPSender(t, cfg).Send(context.Background(), signInMessage(false))
		if err == nil {
			t.Fatal("Send with a wrong password succeeded")
		}
		if !strings.Contains(err.Error(), "535") {
			t.Errorf("error %q does not carry the server's 535 reply", err)
		}
		if mail.IsPermanent(err) {
			t.Errorf("an authentication failure should be retried once the configuration is fixed: %v", err)
		}
		if n := len(ts.Deliveries()); n != 1 {
			t.Errorf("server has %d messages, want only the one from the right password", n)
		}
		if ts.AuthFailures() != 1 {
			t.Errorf("server saw %d failed AUTH, want 1", ts.AuthFailures())
		}
	})

	t.Run("no credentials", func(t *testing.T) {
		err := newSMTPSender(t, plainConfig(ts)).Send(context.Background(), signInMessage(false))
		if err == nil {
			t.Fatal("Send without credentials to a server requiring them succeeded")
		}
	})
}

func TestSMTPSender_StartTLSRequired(t *testing.T) {
	t.Parallel()
	ts := smtptest.Start(t, smtptest.Options{})
	for _, mode := range []string{"", mail.TLSStartTLS} {
		cfg := plainConfig(ts)
		cfg.TLS = mode
		err := newSMTPSender(t, cfg).Send(context.Background(), signInMessage(false))
		if err == nil {
			t.Fatalf("TLS %q: Send to a server without STARTTLS succeeded", mode)
		}
		if !strings.Contains(err.Error(), "STARTTLS") {
			t.Errorf("TLS %q: error %q does not mention STARTTLS", mode, err)
		}
	}
	if n := len(ts.Deliveries()); n != 0 {
		t.Errorf("server received %d messages, want 0", n)
	}
}

func TestSMTPSender_Opportunistic_withoutTLS(t *testing.T) {
	t.Parallel()
	ts := smtptest.Start(t, smtptest.Options{})
	cfg := plainConfig(ts)
	cfg.TLS = mail.TLSOpportunistic
	if err := newSMTPSender(t, cfg).Send(context.Background(), signInMessage(false)); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if n := len(ts.Deliveries()); n != 1 {
		t.Errorf("server received %d messages, want 1", n)
	}
}

func TestSMTPSender_TLS(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{mail.TLSStartTLS, mail.TLSImplicit} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			serverTLS, pool := smtptest.SelfSignedTLS(t)
			// Without AllowInsecureAuth the server only offers AUTH over TLS.
			ts := smtptest.Start(t, smtptest.Options{
				Username: "club", Password: "s3cret",
				TLS: serverTLS, ImplicitTLS: mode == mail.TLSImplicit,
			})
			cfg := plainConfig(ts)
			cfg.TLS, cfg.Username, cfg.Password = mode, "club", "s3cret"

			untrusting := newSMTPSender(t, cfg)
			if err := untrusting.Send(context.Background(), signInMessage(false)); err == nil {
				t.Fatal("Send succeeded with an untrusted certificate")
			}

			s := newSMTPSender(t, cfg)
			mail.SetRootCAs(s, pool)
			if err := s.Send(context.Background(), signInMessage(true)); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := ts.Deliveries()
			if len(got) != 1 || got[0].AuthUser != "club" {
				t.Fatalf("deliveries = %+v, want one authenticated as club", got)
			}
			checkSignInMail(t, parseMail(t, got[0].Data), true)
		})
	}
}

func TestSMTPSender_RecipientRejected(t *testing.T) {
	t.Parallel()
	ts := smtptest.Start(t, smtptest.Options{RcptReply: func(rcpt string, _ int) *smtp.SMTPError {
		if rcpt == "nobody@example.org" {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
		}
		return nil
	}})
	m := signInMessage(false)
	m.To = "nobody@example.org"
	err := newSMTPSender(t, plainConfig(ts)).Send(context.Background(), m)
	if !errors.Is(err, mail.ErrRecipientRejected) || !mail.IsPermanent(err) {
		t.Fatalf("Send = %v, want a permanent ErrRecipientRejected", err)
	}
}

func TestSMTPSender_InvalidMessage(t *testing.T) {
	t.Parallel()
	ts := smtptest.Start(t, smtptest.Options{})
	s := newSMTPSender(t, plainConfig(ts))
	for name, m := range map[string]*mail.Message{
		"bad address":       {To: "not an address", Text: "x"},
		"empty text":        {To: "ada@example.org", Subject: "x"},
		"subject injection": {To: "ada@example.org", Subject: "x\r\nBcc: eve@example.org", Text: "x"},
		"reserved header":   {To: "ada@example.org", Text: "x", Headers: map[string]string{"Bcc": "eve@example.org"}},
	} {
		err := s.Send(context.Background(), m)
		if !errors.Is(err, mail.ErrInvalidMessage) || !mail.IsPermanent(err) {
			t.Errorf("%s: Send = %v, want ErrInvalidMessage", name, err)
		}
	}
	if n := len(ts.Deliveries()); n != 0 {
		t.Errorf("server received %d messages, want 0", n)
	}
}

func TestSMTPSender_ContextCancelled(t *testing.T) {
	t.Parallel()
	ts := smtptest.Start(t, smtptest.Options{HoldData: true})
	cfg := plainConfig(ts)
	cfg.Timeout = time.Minute
	s := newSMTPSender(t, cfg)

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	err := s.Send(ctx, signInMessage(false))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Send = %v, want context.Canceled", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("Send returned after %s, want soon after cancellation", elapsed)
	}
}
