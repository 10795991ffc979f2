package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

func campaignValues(extra map[string]string) url.Values {
	v := url.Values{"kind": {"newsletter"}, "subject": {"La lettre de décembre"}, "audience": {"all"},
		"body": {"Bonjour à **toutes et tous** !\n\n<script>alert('x')</script>\n\n[Le programme](https://club.example.org/agenda)"}}
	for k, x := range extra {
		v.Set(k, x)
	}
	return v
}

func TestCampaignComposeAndSend(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		mod := e.signIn(e.user(creatorclub.RoleModerator))
		// Bad input is refused and stores nothing.
		for want, extra := range map[string]map[string]string{
			"Indiquez un objet":       {"subject": " "},
			"Écrivez le texte":        {"body": "  "},
			"choisissez un événement": {"audience": "event"},
			"Type de lettre invalide": {"kind": "spam"},
		} {
			if r := e.post(mod, "/gestion/lettres", campaignValues(extra)); r.code != 400 || !strings.Contains(r.body, want) {
				t.Errorf("%v: %d", extra, r.code)
			}
		}
		if cs, _ := db.ListCampaigns(ctx, nil, 10); len(cs) != 0 {
			t.Fatalf("%d campaigns stored from bad input", len(cs))
		}
		r := e.post(mod, "/gestion/lettres", campaignValues(nil))
		if r.code != 303 {
			t.Fatalf("create: %d %s", r.code, r.body)
		}
		cs, _ := db.ListCampaigns(ctx, nil, 10)
		c := cs[0]
		path := fmt.Sprintf("/gestion/lettres/%d", c.ID)
		// Preview renders the Markdown without the script.
		page := e.get(mod, path)
		if !strings.Contains(page.body, "<strong>toutes et tous</strong>") || strings.Contains(page.body, "<script>alert(") {
			t.Fatal("preview")
		}
		// Nobody to send to yet: refused, nothing sent, still a draft.
		if r := e.post(mod, path+"/envoyer", nil); r.code != 400 || !strings.Contains(r.body, "Aucun destinataire") {
			t.Fatalf("empty audience: %d", r.code)
		}
		if got, _ := db.FindCampaign(ctx, c.ID); got.Status != creatorclub.CampaignDraft || len(e.box.campaigns) != 0 {
			t.Fatal("an empty campaign started")
		}
		// A schedule in the past is refused.
		past := time.Now().Add(-time.Hour).In(parisLoc()).Format("2006-01-02T15:04")
		if r := e.post(mod, path+"/programmer", url.Values{"at": {past}}); r.code != 400 || !strings.Contains(r.body, "déjà passée") {
			t.Fatalf("past schedule: %d", r.code)
		}
		// With members, sending writes one delivery each and queues the job.
		a, b := e.user(creatorclub.RoleMember), e.user(creatorclub.RoleMember)
		if _, err := db.UpdateProfile(ctx, b.ID, creatorclub.ProfileUpdate{Locale: "fr", Newsletter: false}); err != nil {
			t.Fatal(err)
		}
		// The test send goes to the moderator only.
		e.post(mod, path+"/test", nil)
		if msgs := e.box.all(); len(msgs) != 1 || !strings.HasPrefix(msgs[0].Subject, "[TEST]") || !strings.Contains(msgs[0].To, "moderator") {
			t.Fatalf("test send: %+v", msgs)
		}
		if r := e.post(mod, path+"/envoyer", nil); r.code != 303 {
			t.Fatalf("send: %d %s", r.code, r.body)
		}
		if len(e.box.campaigns) != 1 || e.box.campaigns[0] != c.ID {
			t.Fatalf("queued %v", e.box.campaigns)
		}
		p, _ := db.CampaignProgress(ctx, c.ID)
		if p.Total != 1 || p.Pending != 1 {
			t.Fatalf("progress %+v: only A wants the newsletter", p)
		}
		// What A will receive.
		m, err := e.srv.ComposeCampaign(ctx, c, a)
		if err != nil || strings.Contains(m.HTML, "<script") || !strings.Contains(m.HTML, "<strong>toutes et tous</strong>") ||
			m.Headers["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" || strings.Contains(m.HTML, "<img") || m.ReplyTo != "club@club.test" {
			t.Fatalf("composed: %v %+v", err, m.Headers)
		}
		// Members read it in the archive.
		mc := e.signIn(a)
		if r := e.get(mc, "/lettres"); !strings.Contains(r.body, "La lettre de décembre") {
			t.Fatal("archive")
		}
		if r := e.get(mc, fmt.Sprintf("/lettres/%d", c.ID)); r.code != 200 || strings.Contains(r.body, "<script>alert(") {
			t.Fatalf("archived page: %d", r.code)
		}
		prog := e.get(mod, path+"/progression")
		if !strings.Contains(prog.body, `"pending":1`) {
			t.Fatalf("progress JSON: %s", prog.body)
		}
	})
}
