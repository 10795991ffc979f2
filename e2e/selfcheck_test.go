package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestSelfCheck: a member pastes a draft caption into the self-check, sees
// why it is not compliant and how to fix it, fixes it, and checks again.
func TestSelfCheck(t *testing.T) {
	t.Parallel()
	m := MustRunMain(t)
	mustImport(t, m, member(2, "CC-2026-0101", "Nina", "Roux", "nina.roux@exemple.fr"))
	b := newBrowser(t)
	signIn(t, b, m, "nina.roux@exemple.fr")
	open(t, b, m, "/accueil")
	follow(t, b, "open the self-check from the menu", chromedp.Click(css(`nav a[href="/autocontrole"]`)))
	wantPath(t, b, "/autocontrole")
	wantText(t, b, "h1", "Autocontrôle")

	// The browser draws the date field itself, in its own order: the
	// "JJ/MM/AAAA" hint meant for a text field is hidden, not contradicted.
	if shown := get(t, b, "is the date hint shown", chromedp.Evaluate[bool](`(() => {
		const h = document.querySelector('label[for="date"] .hint');
		return !!h && h.getClientRects().length > 0;
	})()`)); shown {
		t.Fatalf("the date format hint is shown beside a native date field\n%s", pageState(b))
	}

	const draft = "Mon fond de teint préféré 💄 tenue 12h, code NINA15 pour -15 % #makeup #sp"
	do(t, b, "paste the draft", chromedp.SetValue(css("#text"), draft), chromedp.SetValue(css("#date"), "2025-03-01"))
	if status := click(t, b, "#selfcheck-submit"); status != 200 {
		t.Fatalf("check answered %d\n%s", status, pageState(b))
	}
	wantText(t, b, "#selfcheck-verdict", "la mention peut être améliorée")
	wantText(t, b, "#selfcheck-findings", "Mention ambiguë")
	wantText(t, b, "#selfcheck-findings", "Loi n° 2023-451")
	wantText(t, b, "#selfcheck-findings", "Comment corriger")
	// The caption stays in the form, to be edited.
	if got := get(t, b, "read the caption", chromedp.Value(css("#text"))); got != draft {
		t.Fatalf("caption after the check = %q", got)
	}
	do(t, b, "put the mention first", chromedp.SetValue(css("#text"), "Publicité | "+draft))
	click(t, b, "#selfcheck-submit")
	wantText(t, b, "#selfcheck-verdict", "correctement signalé")
	// With the mention first, the promo code is why it is needed, not a
	// fix to make.
	wantText(t, b, "#selfcheck-findings", "À savoir")
	screenshot(t, b, "selfcheck")
}
