package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/creatorclub/creatorclub"
)

// writeFile writes content to name in a temporary directory and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestAdminImportsRoster has an admin upload a roster with an error, then a
// good one, preview it and apply it.
func TestAdminImportsRoster(t *testing.T) {
	t.Parallel()
	m := MustRunMain(t)
	mustCreateAdmin(t, m, "admin@exemple.fr", "Claire", "Vasseur")

	today := time.Now().UTC()
	day := func(years int) string { return today.AddDate(years, 0, 0).Format("02/01/2006") }
	const header = "Numéro de certificat;Prénom;Nom;Courriel;Certifié le;Expire le;Statut;Compte Instagram\n"
	bad := writeFile(t, "registre-erreurs.csv", header+
		"CC-2026-0101;Chloé;Girard;chloe.girard@exemple.fr;"+day(-1)+";"+day(1)+";Actif;@Chloe.Girard\n"+
		"CC-2026-0102;Hugo;Bernard;pas-une-adresse;"+day(-1)+";"+day(1)+";Actif;\n")
	good := writeFile(t, "registre.csv", header+
		"CC-2026-0101;Chloé;Girard;chloe.girard@exemple.fr;"+day(-1)+";"+day(1)+";Actif;@Chloe.Girard\n"+
		"CC-2026-0102;Hugo;Bernard;hugo.bernard@exemple.fr;"+day(-1)+";"+day(1)+";Actif;\n"+
		"CC-2026-0103;Inès;Moreau;ines.moreau@exemple.fr;"+day(-2)+";"+day(1)+";Suspendu;ines.moreau\n")

	ctx := newBrowser(t)
	signIn(t, ctx, m, "admin@exemple.fr")
	open(t, ctx, m, "/admin/registre")
	wantText(t, ctx, "h1", "Registre des certifiés")

	// A file with a bad line is refused as a whole, naming the line.
	do(t, ctx, "choose the bad file", chromedp.SetUploadFiles(css("#file"), []string{bad}))
	if status := click(t, ctx, "#preview-roster"); status != 422 {
		t.Errorf("previewing a bad file answered %d, want 422", status)
	}
	wantText(t, ctx, "#roster-errors", "registre-erreurs.csv")
	wantText(t, ctx, "#roster-errors", "Rien n'a été importé")
	if n := get(t, ctx, "count error rows", chromedp.Evaluate[int](`document.querySelectorAll("#roster-errors tbody tr").length`)); n != 1 {
		t.Errorf("%d error rows, want 1\n%s", n, pageState(ctx))
	}
	if line := text(t, ctx, "#roster-errors tbody tr td:first-child"); line != "3" {
		t.Errorf("error names line %q, want 3", line)
	}
	wantText(t, ctx, "#roster-errors tbody tr td:nth-child(2)", "pas-une-adresse")
	if _, err := m.DB.FindUserByEmail(context.Background(), "chloe.girard@exemple.fr"); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
		t.Fatalf("after a refused file, finding its good line's member gives %v, want ENOTFOUND", err)
	}

	// A good file is previewed first; nothing changes until it is applied.
	do(t, ctx, "choose the good file", chromedp.SetUploadFiles(css("#file"), []string{good}))
	if status := click(t, ctx, "#preview-roster"); status != 200 {
		t.Fatalf("previewing the good file answered %d\n%s", status, pageState(ctx))
	}
	wantText(t, ctx, "h1", "Aperçu de l'import")
	wantText(t, ctx, "main", "registre.csv")
	if got := text(t, ctx, "#count-added"); got != "3" {
		t.Errorf("preview: %s added, want 3", got)
	}
	if got := text(t, ctx, "#count-removed"); got != "0" {
		t.Errorf("preview: %s removed, want 0", got)
	}
	wantText(t, ctx, "table.changes", "Inès Moreau")
	if _, err := m.DB.FindUserByEmail(context.Background(), "chloe.girard@exemple.fr"); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
		t.Fatalf("the preview imported members: finding one gives %v, want ENOTFOUND", err)
	}

	if status := click(t, ctx, "#apply-roster"); status != 200 {
		t.Fatalf("applying the roster answered %d\n%s", status, pageState(ctx))
	}
	wantText(t, ctx, "#roster-applied", "Import terminé")
	if got := text(t, ctx, "#count-added"); got != "3" {
		t.Errorf("report: %s added, want 3", got)
	}
	screenshot(t, ctx, "roster-report.png")

	// The report is a page of its own: reloading it shows it again, and
	// posting the same upload again does not import it twice.
	reportPath := pagePath(t, ctx)
	if !strings.HasPrefix(reportPath, "/admin/registre/") {
		t.Fatalf("after applying, the page is %s, want the upload's report", reportPath)
	}
	if status := follow(t, ctx, "reload the report", chromedp.Reload()); status != 200 {
		t.Errorf("reloading the report answered %d", status)
	}
	wantText(t, ctx, "#roster-applied", "Import terminé")
	resubmit := chromedp.Evaluate[chromedp.Void](`(() => {
		const f = document.createElement("form");
		f.method = "post";
		f.action = location.pathname + "/appliquer";
		document.body.append(f);
		f.submit();
	})()`)
	if status := follow(t, ctx, "post the applied upload again", resubmit); status != 200 {
		t.Errorf("posting an applied upload again answered %d, want the report (200)", status)
	}
	wantPath(t, ctx, reportPath)
	wantText(t, ctx, "main .flash", "Ce fichier a déjà été importé.")
	if got := text(t, ctx, "#count-added"); got != "3" {
		t.Errorf("report after posting again: %s added, want 3", got)
	}

	for _, want := range []struct {
		email, number string
		status        creatorclub.CertStatus
		instagram     string
	}{
		{"chloe.girard@exemple.fr", "CC-2026-0101", creatorclub.CertActive, "chloe.girard"},
		{"hugo.bernard@exemple.fr", "CC-2026-0102", creatorclub.CertActive, ""},
		{"ines.moreau@exemple.fr", "CC-2026-0103", creatorclub.CertSuspended, "ines.moreau"},
	} {
		u := mustFindUser(t, m, want.email)
		if u.Role != creatorclub.RoleMember || u.Cert == nil || u.Cert.Number != want.number || u.Cert.Status != want.status {
			t.Errorf("%s: role %s, certificate %+v; want member %s %s", want.email, u.Role, u.Cert, want.number, want.status)
		}
		var instagram []string
		for _, h := range u.Handles {
			if h.Platform == "instagram" {
				instagram = append(instagram, h.Handle)
			}
		}
		if got := strings.Join(instagram, ","); got != want.instagram {
			t.Errorf("%s: instagram %q, want %q", want.email, got, want.instagram)
		}
	}
}

// TestRevokedMemberLosesAccess checks that a member whose certificate a roster
// import revokes is signed out at their next page.
func TestRevokedMemberLosesAccess(t *testing.T) {
	t.Parallel()
	m := MustRunMain(t)
	lea := member(2, "CC-2026-0001", "Léa", "Martin", "lea.martin@exemple.fr")
	hugo := member(3, "CC-2026-0002", "Hugo", "Bernard", "hugo.bernard@exemple.fr")
	mustImport(t, m, lea, hugo)

	ctx := newBrowser(t)
	signIn(t, ctx, m, "lea.martin@exemple.fr")
	open(t, ctx, m, "/annuaire")
	wantText(t, ctx, "h1", "Annuaire des membres")

	lea.Status = creatorclub.CertRevoked
	if r := mustImport(t, m, lea, hugo); r.Status != 1 || r.LostAccess != 1 {
		t.Fatalf("import report: %d status changed, %d lose access; want 1 and 1", r.Status, r.LostAccess)
	}

	open(t, ctx, m, "/accueil")
	wantPath(t, ctx, "/connexion?next=%2Faccueil")
	wantText(t, ctx, "h1", "Connexion")
	if n := get(t, ctx, "look for the sign-out button", chromedp.Evaluate[int](`document.querySelectorAll("#signout").length`)); n != 0 {
		t.Error("the sign-in page still offers to sign out: the session survived the revocation")
	}
	// The session is gone, not just hidden: the directory is closed too.
	open(t, ctx, m, "/annuaire")
	wantPath(t, ctx, "/connexion?next=%2Fannuaire")
}
