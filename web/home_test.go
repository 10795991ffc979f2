package web_test

import (
	"database/sql"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

func TestMemberHome(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		m := e.user(creatorclub.RoleMember)
		// Next week's event, registered.
		later := e.event(creatorclub.AudienceMembers)
		later.Title = "Masterclass contrats"
		if _, err := db.UpdateEvent(ctx, later, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RegisterForEvent(ctx, later.ID, m.ID, nil); err != nil {
			t.Fatal(err)
		}
		// An event under way, registered: its room and its question box are open.
		live := e.event(creatorclub.AudienceMembers)
		if _, err := db.RegisterForEvent(ctx, live.ID, m.ID, nil); err != nil {
			t.Fatal(err)
		}
		live.Title = "Rendez-vous en direct"
		live.StartsAt, live.EndsAt = time.Now().UTC().Add(-5*time.Minute).Truncate(time.Minute), time.Now().UTC().Add(time.Hour).Truncate(time.Minute)
		if _, err := db.UpdateEvent(ctx, live, nil); err != nil {
			t.Fatal(err)
		}
		// An important legal item just published.
		admin := e.user(creatorclub.RoleAdmin)
		item := &creatorclub.LegalItem{Title: "Ordonnance du 6 novembre 2024", Summary: "Résumé", SourceURL: "https://www.legifrance.gouv.fr/", PublishedOn: time.Now(),
			Topics: []string{"influence_law"}, Status: creatorclub.LegalPublished, Important: true, CreatedBy: admin.ID}
		if err := db.SaveLegalItem(ctx, item, nil); err != nil {
			t.Fatal(err)
		}
		// The certification expires in 20 days; the organisation set its renewal procedure.
		tx, _ := db.Write.Begin()
		tx.Exec(`UPDATE users SET cert_expires_on = $1 WHERE id = $2`, time.Now().UTC().AddDate(0, 0, 20).Truncate(24*time.Hour), m.ID)
		tx.Commit()
		if err := db.SetRenewalProcedure(ctx, "Écrivez à **certification@arpp.example**."); err != nil {
			t.Fatal(err)
		}
		// Two notifications from other features.
		err := db.WithTx(ctx, func(tx *sql.Tx) error {
			if err := db.Notify(ctx, tx, m.ID, "course", "Module obligatoire : loi influenceurs", "/veille"); err != nil {
				return err
			}
			return db.Notify(ctx, tx, m.ID, "help", "Votre demande d'aide a une réponse", "/aide")
		})
		if err != nil {
			t.Fatal(err)
		}

		c := e.signIn(m)
		home := e.get(c, "/accueil")
		if home.code != 200 {
			t.Fatalf("home: %d", home.code)
		}
		kinds := regexp.MustCompile(`data-kind="([a-z_]+)"`).FindAllStringSubmatch(home.body, -1)
		var order []string
		for _, k := range kinds {
			order = append(order, k[1])
		}
		// Same urgency (this week / this month): by date.
		want := []string{"event_live", "question_box", "event", "certification", "legal_important"}
		if strings.Join(order, ",") != strings.Join(want, ",") {
			t.Fatalf("home items %v, want %v", order, want)
		}
		for _, s := range []string{"Rendez-vous en direct", "/evenements/" + id(live.ID) + "/questions", "Masterclass contrats", "Ordonnance du 6 novembre 2024",
			"certification@arpp.example</a></strong>", `id="unread-count"`, "Votre demande d&#39;aide a une réponse", m.Cert.Number} {
			if !strings.Contains(home.body, s) {
				t.Errorf("home lacks %q", s)
			}
		}
		if !strings.Contains(home.body, `aria-label="2 notifications non lues">2<`) {
			t.Error("unread count is not 2")
		}
		// The legal watch, once marked seen, leaves the home.
		if r := e.post(c, "/accueil/veille-vue", nil); r.code != 303 {
			t.Fatalf("legal seen: %d", r.code)
		}
		if r := e.get(c, "/accueil"); strings.Contains(r.body, "Ordonnance du 6 novembre 2024") {
			t.Error("legal item still on the home after being marked seen")
		}
		// Opening a notification marks it read and goes to its page.
		ns, _ := db.ListNotifications(ctx, m.ID, true, 10)
		if r := e.post(c, "/notifications/"+id(ns[0].ID)+"/ouvrir", nil); r.code != 303 || r.loc != "/aide" {
			t.Fatalf("open: %d %s", r.code, r.loc)
		}
		if n, _ := db.CountUnread(ctx, m.ID); n != 1 {
			t.Fatalf("unread after opening one: %d", n)
		}
		// Someone else's notification is not found, and stays unread.
		other := e.signIn(e.user(creatorclub.RoleMember))
		if r := e.post(other, "/notifications/"+id(ns[1].ID)+"/ouvrir", nil); r.code != 404 {
			t.Fatalf("another user's notification: %d", r.code)
		}
		if n, _ := db.CountUnread(ctx, m.ID); n != 1 {
			t.Fatalf("another user changed the count: %d", n)
		}
		if r := e.get(c, "/notifications?non-lues=1"); !strings.Contains(r.body, "Module obligatoire") || strings.Contains(r.body, "demande d&#39;aide") {
			t.Fatal("unread filter")
		}
		if r := e.post(c, "/notifications/tout-lire", url.Values{}); r.code != 303 {
			t.Fatalf("read all: %d", r.code)
		}
		if r := e.get(c, "/accueil"); strings.Contains(r.body, `id="unread-count"`) {
			t.Error("unread count still shown")
		}
	})
}

func TestHomeCommitteeItems(t *testing.T) {
	// A committee member sees the next committee meeting; a speaker and
	// staff get a home without member items.
	e := newEnv(t, sqldbtest.Open(t, sqldb.SQLite))
	f := newCommitteeFixture(t, e, e.db)
	r := e.get(e.signIn(f.member), "/accueil")
	if !strings.Contains(r.body, `data-kind="committee_meeting"`) || !strings.Contains(r.body, f.meeting.Title) || !strings.Contains(r.body, `data-kind="committee_document"`) {
		t.Fatalf("committee items missing: %s", r.body)
	}
	for _, role := range []creatorclub.Role{creatorclub.RoleSpeaker, creatorclub.RolePartner, creatorclub.RoleAdmin} {
		if r := e.get(e.signIn(e.user(role)), "/accueil"); r.code != 200 {
			t.Errorf("%s home: %d", role, r.code)
		}
	}
	if r := e.get(e.signIn(e.user(creatorclub.RoleMember)), "/accueil"); strings.Contains(r.body, f.meeting.Title) {
		t.Error("a member outside the committee sees its meeting")
	}
}

func TestCommitteePagesInEnglish(t *testing.T) {
	e := newEnv(t, sqldbtest.Open(t, sqldb.SQLite))
	f := newCommitteeFixture(t, e, e.db)
	if _, err := e.db.UpdateProfile(ctx, f.member.ID, creatorclub.ProfileUpdate{Locale: "en"}); err != nil {
		t.Fatal(err)
	}
	c := e.signIn(f.member)
	for path, want := range map[string]string{"/accueil": "Next committee meeting", "/comite": "Open calls for applications",
		"/comite/espace": "Committee meetings", "/notifications": "No notification yet."} {
		r := e.get(c, path)
		if r.code != 200 || !strings.Contains(r.body, want) || regexp.MustCompile(`>\s*(committee|home|notifications|notif)_[a-z_]+`).MatchString(r.body) {
			t.Errorf("%s in English: %d, want %q and no message id", path, r.code, want)
		}
	}
}
