package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

func legalForm(extra map[string]string) url.Values {
	v := url.Values{"title": {"Ordonnance n° 2024-978 du 6 novembre 2024"}, "summary": {"La mention **« Publicité »** peut être remplacée par une formulation équivalente.\n\n<script>alert(1)</script>"},
		"source_url": {"https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000050472869"}, "published_on": {"2024-11-07"}, "effective_on": {"2024-11-08"},
		"topics": {"influence_law", "advertising_rules"}, "status": {"published"}, "important": {"on"}}
	for k, x := range extra {
		if x == "" {
			v.Del(k)
		} else {
			v.Set(k, x)
		}
	}
	return v
}

func TestLegalWatchPublishAlertUnsubscribe(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		mod := e.signIn(e.user(creatorclub.RoleModerator))
		a, b := e.user(creatorclub.RoleMember), e.user(creatorclub.RoleMember)
		if _, err := db.UpdateProfile(ctx, b.ID, creatorclub.ProfileUpdate{Locale: "fr", LegalAlerts: false}); err != nil {
			t.Fatal(err)
		}
		// Bad input is refused and stores nothing.
		for want, extra := range map[string]map[string]string{
			"Indiquez un titre":    {"title": " "},
			"adresse web complète": {"source_url": "javascript:alert(1)"},
			"au moins un thème":    {"topics": ""},
			"Indiquez la date":     {"published_on": "hier"},
			"Thème inconnu":        {"topics": "astrologie"},
		} {
			if r := e.post(mod, "/gestion/veille", legalForm(extra)); r.code != 400 || !strings.Contains(r.body, want) {
				t.Errorf("%v: %d", extra, r.code)
			}
		}
		if items, n, _ := db.ListLegalItems(ctx, creatorclub.LegalFilter{}); n != 0 {
			t.Fatalf("%d items stored from bad input: %+v", n, items)
		}
		if len(e.box.all()) != 0 {
			t.Fatal("mail sent for a refused item")
		}
		// A published important item alerts subscribed members once.
		r := e.post(mod, "/gestion/veille", legalForm(nil))
		if r.code != 303 {
			t.Fatalf("publish: %d %s", r.code, r.body)
		}
		alerts := mailTo(e.box.all(), a.Email)
		if len(alerts) != 1 || len(mailTo(e.box.all(), b.Email)) != 0 {
			t.Fatalf("alerts: %d to A, %d to B (opted out)", len(alerts), len(mailTo(e.box.all(), b.Email)))
		}
		m := alerts[0]
		if m.Headers["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" || !strings.HasPrefix(m.Headers["List-Unsubscribe"], "<"+e.ts.URL+"/desabonnement/") {
			t.Fatalf("headers %v", m.Headers)
		}
		// Saving it again does not send the alert again.
		items, _, _ := db.ListLegalItems(ctx, creatorclub.LegalFilter{})
		e.post(mod, fmt.Sprintf("/gestion/veille/%d", items[0].ID), legalForm(map[string]string{"title": "Ordonnance du 6 novembre 2024 (corrigée)"}))
		if n := len(mailTo(e.box.all(), a.Email)); n != 1 {
			t.Fatalf("%d alerts after a second save", n)
		}
		// The public page renders the Markdown without the script.
		page := e.get(e.client(), fmt.Sprintf("/veille/%d", items[0].ID))
		if page.code != 200 || !strings.Contains(page.body, "<strong>« Publicité »</strong>") || strings.Contains(page.body, "<script>alert") {
			t.Fatalf("item page: %d", page.code)
		}
		if r := e.get(e.client(), "/veille?theme=influence_law"); !strings.Contains(r.body, "corrigée") {
			t.Fatal("topic filter lost the item")
		}
		if r := e.get(e.client(), "/veille?theme=tax"); strings.Contains(r.body, "corrigée") {
			t.Fatal("topic filter kept an item of another topic")
		}
		atom := e.get(e.client(), "/veille.atom")
		if atom.code != 200 || !strings.Contains(atom.hdr.Get("Content-Type"), "atom+xml") || !strings.Contains(atom.body, "<entry>") || !strings.Contains(atom.body, "corrigée") {
			t.Fatalf("atom: %d %s", atom.code, atom.body)
		}
		// One-click unsubscribe: a GET only asks; the provider's POST (no
		// cookies, no Origin) unsubscribes.
		link := strings.Trim(m.Headers["List-Unsubscribe"], "<>")
		path := strings.TrimPrefix(link, e.ts.URL)
		if r := e.get(e.client(), path); r.code != 200 || !strings.Contains(r.body, `id="confirm-unsubscribe"`) {
			t.Fatalf("unsubscribe page: %d", r.code)
		}
		if u, _ := db.FindUserByID(ctx, a.ID); !u.LegalAlerts {
			t.Fatal("a GET unsubscribed")
		}
		res, err := http.Post(link, "application/x-www-form-urlencoded", bytes.NewBufferString("List-Unsubscribe=One-Click"))
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("one-click: %v %v", res.StatusCode, err)
		}
		res.Body.Close()
		if u, _ := db.FindUserByID(ctx, a.ID); u.LegalAlerts {
			t.Fatal("one-click POST did not unsubscribe")
		}
		// A forged token is refused.
		forged := regexp.MustCompile(`\.[A-Za-z0-9_-]+$`).ReplaceAllString(path, ".AAAAAAAAAAAAAAAAAAAAAAAA")
		if r := e.post(e.client(), forged, nil); r.code != 404 {
			t.Fatalf("forged token: %d", r.code)
		}
	})
}

const sampleRSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>JORF</title><link>https://www.legifrance.gouv.fr/</link><description>Journal officiel</description>
<item><title>Décret n° 2025-1137 relatif aux contrats d'influence commerciale</title><link>https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000052000001</link>
<guid>JORFTEXT000052000001</guid><pubDate>Thu, 27 Nov 2025 08:00:00 +0100</pubDate><description>Fixe le seuil à 1 000 &amp;euro; HT.</description></item>
<item><title>Sans lien</title><guid>x2</guid><pubDate>Thu, 27 Nov 2025 08:00:00 +0100</pubDate></item>
</channel></rss>`

func TestLegalImportReviewQueue(t *testing.T) {
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/pas-un-flux" {
			w.Write([]byte("<html><body>Maintenance</body></html>"))
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(sampleRSS))
	}))
	defer feed.Close()
	db := sqldbtest.Open(t, sqldb.SQLite)
	e := newEnvWith(t, db, func(c *webConfig) { c.LegalFeeds = []string{feed.URL + "/jorf.xml", feed.URL + "/pas-un-flux"} })
	mod := e.signIn(e.user(creatorclub.RoleModerator))
	r := e.post(mod, "/gestion/veille/import/relever", nil)
	if r.code != 200 || !strings.Contains(r.body, "1 nouvelle") || !strings.Contains(r.body, "no link") {
		t.Fatalf("poll: %d %s", r.code, r.body)
	}
	if !strings.Contains(r.body, "pas-un-flux") || !strings.Contains(r.body, "not an RSS or Atom feed") {
		t.Fatal("the bad feed's error is not shown")
	}
	// Polling again adds nothing new.
	if r := e.post(mod, "/gestion/veille/import/relever", nil); !strings.Contains(r.body, "0 nouvelle entrée") {
		t.Fatal("duplicate entries queued")
	}
	// Nothing reaches members unreviewed.
	if r := e.get(e.client(), "/veille"); strings.Contains(r.body, "Décret n° 2025-1137") {
		t.Fatal("an unreviewed entry is public")
	}
	pending, _ := db.ListImports(ctx, creatorclub.ImportPending, 10)
	if len(pending) != 1 {
		t.Fatalf("%d pending", len(pending))
	}
	form := e.post(mod, fmt.Sprintf("/gestion/veille/import/%d/accepter", pending[0].ID), nil)
	if form.code != 200 || !strings.Contains(form.body, "Décret n° 2025-1137") || !strings.Contains(form.body, `name="import_id"`) {
		t.Fatalf("accept form: %d", form.code)
	}
	v := legalForm(map[string]string{"title": "Décret n° 2025-1137 relatif aux contrats d'influence commerciale", "important": "", "import_id": fmt.Sprint(pending[0].ID)})
	if r := e.post(mod, "/gestion/veille", v); r.code != 303 {
		t.Fatalf("save accepted: %d %s", r.code, r.body)
	}
	if got, _ := db.FindImport(ctx, pending[0].ID); got.Status != creatorclub.ImportAccepted || got.LegalItemID == 0 {
		t.Fatalf("import after accept: %+v", got)
	}
	if r := e.post(mod, fmt.Sprintf("/gestion/veille/import/%d/ecarter", pending[0].ID), nil); r.code != 409 {
		t.Fatalf("discard a reviewed entry: %d", r.code)
	}
	_ = time.Second
}
