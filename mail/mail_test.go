package mail_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub/mail"
)

func TestConfig_Validate(t *testing.T) {
	t.Parallel()
	valid := mail.Config{Host: "smtp.example.org", Port: 587, Username: "club", Password: "pw", From: testFrom}
	if err := valid.Validate(); err != nil {
		t.Fatalf("valid config: %v", err)
	}
	for _, mode := range []string{"", "starttls", "tls", "none", "opportunistic", "STARTTLS"} {
		c := valid
		c.TLS = mode
		if err := c.Validate(); err != nil {
			t.Errorf("TLS %q: %v", mode, err)
		}
	}

	for name, change := range map[string]func(*mail.Config){
		"empty host":          func(c *mail.Config) { c.Host = "" },
		"host with scheme":    func(c *mail.Config) { c.Host = "smtp://smtp.example.org" },
		"host with port":      func(c *mail.Config) { c.Host = "smtp.example.org:587" },
		"negative port":       func(c *mail.Config) { c.Port = -1 },
		"port too large":      func(c *mail.Config) { c.Port = 70000 },
		"unknown TLS mode":    func(c *mail.Config) { c.TLS = "ssl" },
		"password, no user":   func(c *mail.Config) { c.Username = "" },
		"empty from":          func(c *mail.Config) { c.From = "" },
		"from not an address": func(c *mail.Config) { c.From = "Club des créateurs" },
		"from without domain": func(c *mail.Config) { c.From = "club@" },
		"from with newline":   func(c *mail.Config) { c.From = "club@example.org\r\nBcc: eve@example.org" },
		"negative timeout":    func(c *mail.Config) { c.Timeout = -time.Second },
	} {
		c := valid
		change(&c)
		err := c.Validate()
		if err == nil {
			t.Errorf("%s: Validate accepted %+v", name, c)
			continue
		}
		if !strings.HasPrefix(err.Error(), "mail: config: ") {
			t.Errorf("%s: error %q lacks the package prefix", name, err)
		}
		if _, err := mail.NewSMTPSender(c); err == nil {
			t.Errorf("%s: NewSMTPSender accepted an invalid config", name)
		}
	}
}

func TestSMTPSender_Addr(t *testing.T) {
	t.Parallel()
	for mode, want := range map[string]string{"": "smtp.example.org:587", "tls": "smtp.example.org:465", "none": "smtp.example.org:25"} {
		s, err := mail.NewSMTPSender(mail.Config{Host: "smtp.example.org", TLS: mode, From: testFrom})
		if err != nil {
			t.Fatal(err)
		}
		if s.Addr() != want {
			t.Errorf("TLS %q: Addr = %s, want %s", mode, s.Addr(), want)
		}
	}
}

func TestRender(t *testing.T) {
	t.Parallel()
	raw, err := mail.Render(testFrom, signInMessage(true))
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	checkSignInMail(t, parseMail(t, raw), true)
	if strings.Contains(string(raw), "\n") && strings.Count(string(raw), "\r\n") != strings.Count(string(raw), "\n") {
		t.Error("rendered message has bare LF line endings")
	}

	if _, err := mail.Render("not an address", signInMessage(false)); !errors.Is(err, mail.ErrInvalidMessage) {
		t.Errorf("Render with a bad sender = %v, want ErrInvalidMessage", err)
	}
}

func TestMessage_Validate(t *testing.T) {
	t.Parallel()
	if err := signInMessage(true).Validate(); err != nil {
		t.Fatalf("valid message: %v", err)
	}
	for name, m := range map[string]*mail.Message{
		"nil":                  nil,
		"no recipient":         {Text: "x"},
		"recipient with name":  {To: "Ada <ada@example.org>", Text: "x"},
		"two recipients":       {To: "ada@example.org, eve@example.org", Text: "x"},
		"recipient no domain":  {To: "ada", Text: "x"},
		"name with newline":    {To: "ada@example.org", ToName: "Ada\nBcc: eve@example.org", Text: "x"},
		"blank text":           {To: "ada@example.org", Text: " \n"},
		"header with colon":    {To: "ada@example.org", Text: "x", Headers: map[string]string{"X-A:B": "x"}},
		"header with newline":  {To: "ada@example.org", Text: "x", Headers: map[string]string{"X-A": "x\r\nBcc: eve@example.org"}},
		"reserved header":      {To: "ada@example.org", Text: "x", Headers: map[string]string{"content-type": "text/html"}},
		"attachment no name":   {To: "ada@example.org", Text: "x", Attachments: []mail.Attachment{{Filename: "../", Data: []byte("x")}}},
		"attachment bad ctype": {To: "ada@example.org", Text: "x", Attachments: []mail.Attachment{{Filename: "a", ContentType: "text/", Data: []byte("x")}}},
	} {
		if err := m.Validate(); !errors.Is(err, mail.ErrInvalidMessage) {
			t.Errorf("%s: Validate = %v, want ErrInvalidMessage", name, err)
		}
	}
}

func TestMessage_JSON(t *testing.T) {
	t.Parallel()
	want := signInMessage(true)
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var got mail.Message
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&got, want) {
		t.Errorf("JSON round trip changed the message:\n got %+v\nwant %+v", got, *want)
	}
}

func TestRecorder(t *testing.T) {
	t.Parallel()
	var r mail.Recorder
	if _, ok := r.Last(); ok {
		t.Fatal("Last on an empty recorder reported a message")
	}

	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			m := signInMessage(true)
			m.Subject = fmt.Sprint(i)
			if err := r.Send(context.Background(), m); err != nil {
				t.Errorf("Send: %v", err)
			}
		})
	}
	wg.Wait()
	if n := len(r.Messages()); n != 20 {
		t.Fatalf("recorded %d messages, want 20", n)
	}

	m := signInMessage(true)
	m.Subject = "dernier"
	if err := r.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	// Changing the sent message or a returned copy leaves the record alone.
	m.Attachments[0].Data[0] = 'X'
	m.Headers["X-Creatorclub-Kind"] = "changed"
	last, ok := r.Last()
	if !ok || last.Subject != "dernier" || last.Attachments[0].Data[0] != 'B' || last.Headers["X-Creatorclub-Kind"] != "sign-in" {
		t.Fatalf("Last = %+v, %v; want an unchanged copy of the last message", last, ok)
	}
	last.Headers["X-Creatorclub-Kind"] = "changed again"
	if again, _ := r.Last(); again.Headers["X-Creatorclub-Kind"] != "sign-in" {
		t.Error("changing the result of Last changed the record")
	}

	if err := r.Send(context.Background(), &mail.Message{To: "nope"}); !errors.Is(err, mail.ErrInvalidMessage) {
		t.Errorf("Send of an invalid message = %v, want ErrInvalidMessage", err)
	}
	if n := len(r.Messages()); n != 21 {
		t.Errorf("recorded %d messages, want 21", n)
	}
	r.Reset()
	if n := len(r.Messages()); n != 0 {
		t.Errorf("after Reset, %d messages, want 0", n)
	}
}
