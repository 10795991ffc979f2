package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestSignInWithMagicLink signs a certified member in with the link mailed to
// them, and checks that the link works only once.
func TestSignInWithMagicLink(t *testing.T) {
	t.Parallel()
	m := MustRunMain(t)
	mustImport(t, m, member(2, "CC-2026-0001", "Léa", "Martin", "lea.martin@exemple.fr"))
	ctx := newBrowser(t)

	// An unknown address gets the same answer as a member's, and no mail.
	open(t, ctx, m, "/connexion")
	wantText(t, ctx, "h1", "Connexion")
	do(t, ctx, "type an unknown address", chromedp.SendKeys(css("#email"), "inconnu@exemple.fr"))
	if status := click(t, ctx, `form[action="/connexion"] button[type=submit]`); status != 200 {
		t.Errorf("request for an unknown address answered %d, want 200 like a member's", status)
	}
	wantText(t, ctx, "h1", "Vérifiez votre messagerie")
	wantText(t, ctx, "#signin-sent", "inconnu@exemple.fr")

	msg := requestSignIn(t, ctx, m, "lea.martin@exemple.fr")
	if names := outboxFiles(t, m); len(names) != 1 {
		t.Errorf("outbox holds %q, want only the member's mail (none for the unknown address)", names)
	}
	link := signInLink(t, m, msg)
	if !strings.Contains(msg.Subject, "lien de connexion") {
		t.Errorf("mail subject = %q, want the French sign-in subject", msg.Subject)
	}
	if !strings.Contains(msg.Text, "Bonjour Léa Martin") {
		t.Errorf("mail text does not greet the member by name:\n%s", msg.Text)
	}

	// Opening the link alone does not sign in: mail scanners fetch links.
	if status := get(t, ctx, "open the link", chromedp.NavigateResponse(link)).Status; status != 200 {
		t.Fatalf("sign-in link answered %d", status)
	}
	open(t, ctx, m, "/accueil")
	if p := pagePath(t, ctx); !strings.HasPrefix(p, "/connexion") {
		t.Fatalf("opening the link without confirming signed in: /accueil shows %s", p)
	}

	if status := confirmSignIn(t, ctx, link); status != 200 {
		t.Fatalf("confirming the sign-in answered %d\n%s", status, pageState(ctx))
	}
	wantPath(t, ctx, "/accueil")
	wantText(t, ctx, "h1", "Bonjour Léa Martin")
	wantText(t, ctx, "main", "Certificat n° CC-2026-0001")
	screenshot(t, ctx, "home.png")

	// Signed out, the same link is refused.
	click(t, ctx, "#signout")
	if status := confirmSignIn(t, ctx, link); status != 401 {
		t.Fatalf("reusing the link answered %d, want 401\n%s", status, pageState(ctx))
	}
	wantText(t, ctx, "#signin-error", "plus valable")
	open(t, ctx, m, "/accueil")
	wantPath(t, ctx, "/connexion?next=%2Faccueil")
}
