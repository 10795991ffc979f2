package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestEditProfile changes a member's profile, checks it is kept, and that
// another member then finds it in the directory.
func TestEditProfile(t *testing.T) {
	t.Parallel()
	m := MustRunMain(t)
	mustImport(t, m,
		member(2, "CC-2026-0001", "Léa", "Martin", "lea.martin@exemple.fr"),
		member(3, "CC-2026-0002", "Hugo", "Bernard", "hugo.bernard@exemple.fr"))
	// The markup must come out as text, not as HTML.
	const name, bio = "Léa Cuisine", "Recettes de saison & <b>zéro</b> gaspillage, testées en famille."

	// Hugo does not see Léa in the directory yet.
	hugo := newBrowser(t)
	signIn(t, hugo, m, "hugo.bernard@exemple.fr")
	open(t, hugo, m, "/annuaire")
	wantText(t, hugo, "h1", "Annuaire des membres")
	wantText(t, hugo, "main", "0 membre")
	if got := text(t, hugo, "main"); strings.Contains(got, "Léa") {
		t.Fatalf("Léa is in the directory before she chose to be:\n%s", got)
	}

	lea := newSession(t, hugo) // her own cookies
	signIn(t, lea, m, "lea.martin@exemple.fr")
	open(t, lea, m, "/profil")
	wantText(t, lea, "h1", "Mon profil")
	if get(t, lea, "read the directory box", chromedp.JavascriptAttribute[bool](css("#in_directory"), "checked")) {
		t.Fatal("a new member is in the directory without having asked")
	}
	do(t, lea, "fill in the profile",
		chromedp.SetValue(css("#display_name"), name),
		chromedp.SetValue(css("#bio"), bio),
		chromedp.Click(css("#in_directory")),
	)
	if status := click(t, lea, "#save-profile"); status != 200 {
		t.Fatalf("saving the profile answered %d\n%s", status, pageState(lea))
	}
	wantPath(t, lea, "/profil")
	wantText(t, lea, "p.flash", "Profil enregistré.")

	// After a reload the form shows what was saved, and the message is gone.
	do(t, lea, "reload the profile", chromedp.Reload())
	if got := get(t, lea, "read the display name", chromedp.Value(css("#display_name"))); got != name {
		t.Errorf("display name after reload = %q, want %q", got, name)
	}
	if got := get(t, lea, "read the bio", chromedp.Value(css("#bio"))); got != bio {
		t.Errorf("bio after reload = %q, want %q", got, bio)
	}
	if !get(t, lea, "read the directory box", chromedp.JavascriptAttribute[bool](css("#in_directory"), "checked")) {
		t.Error("directory box unticked after reload")
	}
	if get(t, lea, "look for the flash", chromedp.Evaluate[bool](`document.querySelector("p.flash") !== null`)) {
		t.Error("the \"Profil enregistré.\" message is shown again after a reload")
	}
	u := mustFindUser(t, m, "lea.martin@exemple.fr")
	if u.DisplayName != name || u.Bio != bio || !u.InDirectory {
		t.Errorf("stored profile = %q, %q, in directory %v; want %q, %q, true", u.DisplayName, u.Bio, u.InDirectory, name, bio)
	}
	open(t, lea, m, "/accueil")
	wantText(t, lea, "h1", "Bonjour "+name)

	// Hugo now finds her, under her display name, with her bio as text.
	open(t, hugo, m, "/annuaire")
	wantText(t, hugo, "main", "1 membre")
	wantText(t, hugo, ".members .member h2", name)
	wantText(t, hugo, ".members .member", bio)
	if n := get(t, hugo, "count bold text in the directory", chromedp.Evaluate[int](`document.querySelectorAll(".members b").length`)); n != 0 {
		t.Errorf("the bio's markup was rendered as HTML (%d <b> elements)", n)
	}
}
