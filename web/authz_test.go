package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

// who may use each route. This table is written independently of routes.go:
// a route added there without a line here fails the test.
var expectedAccess = map[string]string{
	"GET /healthz":                              "all",
	"GET /metrics":                              "all",
	"GET /static/{hash}/{name}":                 "all",
	"GET /{$}":                                  "all",
	"GET /verifier-certification":               "all",
	"GET /aide":                                 "all",
	"POST /langue":                              "all",
	"GET /connexion":                            "all",
	"POST /connexion":                           "all",
	"GET /connexion/lien":                       "all",
	"POST /connexion/lien":                      "all",
	"POST /deconnexion":                         "signed-in",
	"POST /deconnexion/partout":                 "signed-in",
	"GET /accueil":                              "signed-in",
	"GET /profil":                               "signed-in",
	"POST /profil":                              "signed-in",
	"GET /compte":                               "signed-in",
	"GET /compte/export":                        "signed-in",
	"POST /compte/supprimer":                    "signed-in",
	"GET /agenda":                               "all",
	"GET /agenda/mois":                          "all",
	"GET /agenda.ics":                           "all",
	"GET /calendrier/{token}":                   "all",
	"POST /compte/calendrier":                   "signed-in",
	"GET /evenements/{id}":                      "all",
	"GET /evenements/{id}/invitation.ics":       "all",
	"POST /evenements/{id}/inscription":         "member",
	"POST /evenements/{id}/annulation":          "member",
	"POST /evenements/{id}/rejoindre":           "moderator safety admin",
	"GET /evenements/{id}/supports/{mid}":       "signed-in",
	"GET /rejoindre/{token}":                    "all",
	"POST /rejoindre/{token}":                   "all",
	"GET /gestion/evenements":                   "moderator admin partner",
	"GET /gestion/evenements/nouveau":           "moderator admin",
	"POST /gestion/evenements":                  "moderator admin",
	"GET /gestion/evenements/{id}":              "moderator admin partner",
	"POST /gestion/evenements/{id}":             "moderator admin partner",
	"POST /gestion/evenements/{id}/annuler":     "moderator admin",
	"GET /gestion/evenements/{id}/inscrits":     "moderator admin",
	"GET /gestion/evenements/{id}/inscrits.csv": "moderator admin",
	"POST /gestion/evenements/{id}/supports":    "moderator admin partner",
	"POST /gestion/evenements/{id}/supports/{mid}/supprimer": "moderator admin partner",
	"GET /evenements/{id}/questions":                         "signed-in",
	"GET /evenements/{id}/questions/flux":                    "signed-in",
	"GET /evenements/{id}/questions/presentateur":            "moderator safety admin",
	"POST /questions/boites/{box}/poser":                     "member",
	"POST /questions/boites/{box}/reglages":                  "moderator admin",
	"POST /questions/{qid}/vote":                             "member",
	"POST /questions/{qid}/retirer":                          "none", /* the author only: tested in questions_test.go */
	"POST /questions/{qid}/signaler":                         "member",
	"POST /questions/{qid}/moderer":                          "moderator admin",
	"POST /questions/{qid}/fusionner":                        "moderator admin",
	"POST /questions/{qid}/reveler":                          "safety",
	"GET /gestion/evenements/{id}/export/{format}":           "moderator admin",
	"GET /veille":                                "all",
	"GET /veille.atom":                           "all",
	"GET /veille/{id}":                           "all",
	"GET /gestion/veille":                        "moderator admin",
	"GET /gestion/veille/nouveau":                "moderator admin",
	"POST /gestion/veille":                       "moderator admin",
	"GET /gestion/veille/{id}":                   "moderator admin",
	"POST /gestion/veille/{id}":                  "moderator admin",
	"GET /gestion/veille/import":                 "moderator admin",
	"POST /gestion/veille/import/relever":        "moderator admin",
	"POST /gestion/veille/import/{iid}/accepter": "moderator admin",
	"POST /gestion/veille/import/{iid}/ecarter":  "moderator admin",
	"GET /desabonnement/{token}":                 "all",
	"POST /desabonnement/{token}":                "all",
	"GET /lettres":                               "member moderator safety admin",
	"GET /lettres/{id}":                          "member moderator safety admin",
	"GET /gestion/lettres":                       "moderator admin",
	"GET /gestion/lettres/nouvelle":              "moderator admin",
	"POST /gestion/lettres":                      "moderator admin",
	"GET /gestion/lettres/{id}":                  "moderator admin",
	"POST /gestion/lettres/{id}":                 "moderator admin",
	"POST /gestion/lettres/{id}/veille":          "moderator admin",
	"POST /gestion/lettres/{id}/test":            "moderator admin",
	"POST /gestion/lettres/{id}/envoyer":         "moderator admin",
	"POST /gestion/lettres/{id}/programmer":      "moderator admin",
	"POST /gestion/lettres/{id}/etat/{action}":   "moderator admin",
	"GET /gestion/lettres/{id}/progression":      "moderator admin",
	"GET /gestion/lettres/{id}/envois":           "moderator admin",
	"GET /annuaire":                              "member moderator safety admin",
	"GET /membres/{id}":                          "member moderator safety admin",
	"GET /admin":                                 "admin",
	"GET /admin/registre":                        "admin",
	"POST /admin/registre":                       "admin",
	"GET /admin/registre/{upload}":               "admin",
	"POST /admin/registre/{upload}/appliquer":    "admin",
	"GET /admin/utilisateurs":                    "admin",
	"POST /admin/utilisateurs":                   "admin",
	"POST /admin/utilisateurs/{id}/role":         "admin",
	"POST /admin/utilisateurs/{id}/deconnecter":  "admin",
	"GET /admin/journal":                         "admin",
}

// authzFixtures lets a feature's test file create the objects its routes
// point at and return placeholder/value pairs ("{case}", "12", …) for the
// walk below. Register from an init function together with the feature's
// entries of expectedAccess.
var authzFixtures []func(t *testing.T, e *env, db *sqldb.DB) []string

func allowedFor(rule string, role string) bool {
	switch rule {
	case "all":
		return true
	case "signed-in":
		return role != "visitor"
	}
	for _, r := range strings.Fields(rule) {
		if r == role {
			return true
		}
	}
	return false
}

// TestEveryRouteEveryRole walks every route with a visitor and each role and
// checks the server allows or refuses it: a refused visitor is sent to the
// sign-in page, a refused user gets 403.
func TestEveryRouteEveryRole(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		routes := e.srv.Routes()
		seen := map[string]bool{}
		for _, rt := range routes {
			key := rt.Method + " " + rt.Path
			seen[key] = true
			if _, ok := expectedAccess[key]; !ok {
				t.Errorf("route %s has no expected access in this test", key)
			}
		}
		for key := range expectedAccess {
			if !seen[key] {
				t.Errorf("expected route %s is not served", key)
			}
		}
		roles := append([]string{"visitor"}, func() []string {
			var out []string
			for _, r := range creatorclub.Roles {
				out = append(out, string(r))
			}
			return out
		}()...)
		// A member whose profile and an upload the routes can point at.
		target := e.user(creatorclub.RoleMember)
		adminForUpload := e.user(creatorclub.RoleAdmin)
		up, err := db.SaveRosterUpload(ctx, adminForUpload.ID, "x.csv", []byte("numero_certificat;prenom;nom;email;certifie_le;expire_le;statut\n"))
		if err != nil {
			t.Fatal(err)
		}
		// A public event co-organised by the partners' organisation, with a
		// file, and a member's personal join link.
		ev := e.event(creatorclub.AudiencePublic, "UMICC")
		mat := &creatorclub.Material{EventID: ev.ID, Name: "x.pdf", ContentType: "application/pdf", Key: "aaaaaaaaaaaaaaaaaaaaaaaaaa", SHA256: "x", UploadedBy: adminForUpload.ID}
		if err := db.AddMaterial(ctx, mat); err != nil {
			t.Fatal(err)
		}
		reg, err := db.RegisterForEvent(ctx, ev.ID, e.user(creatorclub.RoleMember).ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		feed, _ := db.FeedToken(ctx, target.ID)
		evBoxes, err := db.ListBoxes(ctx, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		question, err := db.AskQuestion(ctx, evBoxes[0].ID, target.ID, "Une question ?", creatorclub.VisibilityAnonymous, false)
		if err != nil {
			t.Fatal(err)
		}
		legalItem := &creatorclub.LegalItem{Title: "Loi du 9 juin 2023", Summary: "Résumé", SourceURL: "https://www.legifrance.gouv.fr/", PublishedOn: time.Now(),
			Topics: []string{"influence_law"}, Status: creatorclub.LegalPublished, CreatedBy: adminForUpload.ID}
		if err := db.SaveLegalItem(ctx, legalItem, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddImportedItems(ctx, "https://example.org/feed", []creatorclub.ImportedItem{{GUID: "g", Title: "T", Link: "https://example.org/a", PublishedAt: time.Now()}}); err != nil {
			t.Fatal(err)
		}
		imports, _ := db.ListImports(ctx, creatorclub.ImportPending, 1)
		camp := &creatorclub.Campaign{Kind: creatorclub.CampaignNewsletter, Subject: "Lettre", Body: "Texte", Status: creatorclub.CampaignDraft,
			Audience: creatorclub.CampaignAudience{Kind: creatorclub.AudienceAllMembers}, CreatedBy: adminForUpload.ID}
		if err := db.CreateCampaign(ctx, camp); err != nil {
			t.Fatal(err)
		}
		unsub := e.unsubscribePath(target.ID)
		// Placeholders of the features' own routes ({case}, {course}, …),
		// filled by fixtures each feature registers in its own test file.
		var extra []string
		for _, f := range authzFixtures {
			extra = append(extra, f(t, e, db)...)
		}
		for _, rt := range routes {
			key := rt.Method + " " + rt.Path
			id := target.ID
			if strings.Contains(rt.Path, "evenements/") {
				id = ev.ID
			}
			if strings.Contains(rt.Path, "veille/") {
				id = legalItem.ID
			}
			if strings.Contains(rt.Path, "lettres/") {
				id = camp.ID
			}

			token := reg.Registration.JoinToken
			if strings.HasPrefix(rt.Path, "/calendrier/") {
				token = feed
			}
			if strings.HasPrefix(rt.Path, "/desabonnement/") {
				token = unsub
			}
			path := strings.NewReplacer("{id}", strconv.FormatInt(id, 10), "{upload}", strconv.FormatInt(up.ID, 10),
				"{mid}", strconv.FormatInt(mat.ID, 10), "{token}", token, "{box}", strconv.FormatInt(evBoxes[0].ID, 10),
				"{qid}", strconv.FormatInt(question.ID, 10), "{format}", "questions.csv", "{iid}", strconv.FormatInt(imports[0].ID, 10), "{action}", "pause",
				"{hash}", "x", "{name}", "style.css", "{$}", "").Replace(strings.NewReplacer(extra...).Replace(rt.Path))
			for _, role := range roles {
				// A fresh user and session for each try: some routes sign
				// out or delete the account.
				c := e.client()
				if role != "visitor" {
					c = e.signIn(e.user(creatorclub.Role(role)))
				}
				var r resp
				if rt.Method == "GET" {
					r = e.get(c, path)
				} else {
					r = e.post(c, path, url.Values{})
				}
				refused := r.code == http.StatusForbidden || (r.code == http.StatusSeeOther && strings.HasPrefix(r.loc, "/connexion?")) ||
					(r.code == http.StatusSeeOther && r.loc == "/connexion")
				want := allowedFor(expectedAccess[key], role)
				switch {
				case want && refused:
					t.Errorf("%s as %s: refused (%d %s), want allowed", key, role, r.code, r.loc)
				case !want && role == "visitor" && !(r.code == http.StatusSeeOther && strings.HasPrefix(r.loc, "/connexion")):
					t.Errorf("%s as visitor: %d %s, want a redirect to sign in", key, r.code, r.loc)
				case !want && role != "visitor" && r.code != http.StatusForbidden:
					t.Errorf("%s as %s: %d, want 403", key, role, r.code)
				}
			}
		}
	})
}
