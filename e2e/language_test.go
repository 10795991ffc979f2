package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestSwitchLanguage switches a signed-in member's interface to English and
// back with the switch in the header.
func TestSwitchLanguage(t *testing.T) {
	t.Parallel()
	m := MustRunDemoMain(t)
	const email = "lea.martin@exemple-createurs.fr" // the demo member
	ctx := newBrowser(t)
	signIn(t, ctx, m, email)

	const langButton = `header form[action="/langue"] button[name=lang]`
	wantLang := func(want string) {
		t.Helper()
		got := get(t, ctx, "read html lang", chromedp.AttributeValue(css("html"), "lang"))
		if got.Value != want {
			t.Fatalf("html lang = %q, want %q\n%s", got.Value, want, pageState(ctx))
		}
	}

	wantLang("fr")
	wantText(t, ctx, "h1", "Bonjour Léa Martin")
	wantText(t, ctx, "#signout", "Se déconnecter")
	wantText(t, ctx, "header nav.account", "Mon profil")
	wantText(t, ctx, langButton, "English")

	click(t, ctx, langButton)
	wantPath(t, ctx, "/accueil")
	wantLang("en")
	wantText(t, ctx, "h1", "Hello Léa Martin")
	wantText(t, ctx, "#signout", "Sign out")
	wantText(t, ctx, "header nav.account", "My profile")
	wantText(t, ctx, "main", "Certificate no. CIR-")
	wantText(t, ctx, langButton, "Français")
	if u := mustFindUser(t, m, email); u.Locale != "en" {
		t.Errorf("stored locale = %q after switching to English, want en", u.Locale)
	}

	// The choice holds on the next pages.
	open(t, ctx, m, "/profil")
	wantLang("en")
	wantText(t, ctx, "h1", "My profile")

	click(t, ctx, langButton)
	wantPath(t, ctx, "/profil")
	wantLang("fr")
	wantText(t, ctx, "h1", "Mon profil")
	wantText(t, ctx, "#signout", "Se déconnecter")
	wantText(t, ctx, langButton, "English")
	if u := mustFindUser(t, m, email); u.Locale != "fr" {
		t.Errorf("stored locale = %q after switching back, want fr", u.Locale)
	}
}
