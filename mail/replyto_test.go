package mail_test

import (
	"strings"
	"testing"

	"github.com/creatorclub/creatorclub/mail"
)

func TestReplyTo(t *testing.T) {
	raw, err := mail.Render("Club des créateurs <club@example.org>", &mail.Message{To: "lea@example.fr", Subject: "Lettre", Text: "Bonjour", ReplyTo: "equipe@example.org"})
	if err != nil || !strings.Contains(string(raw), "Reply-To: <equipe@example.org>") {
		t.Fatalf("Reply-To missing: %v\n%s", err, raw)
	}
	if _, err := mail.Render("Club <club@example.org>", &mail.Message{To: "lea@example.fr", Subject: "x", Text: "y", ReplyTo: "not an address"}); err == nil {
		t.Fatal("a bad Reply-To was accepted")
	}
}
