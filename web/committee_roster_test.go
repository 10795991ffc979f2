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

// TestRosterImportPromotesByMail: a committee member who loses the
// certification in a roster import leaves the committee, and the member
// the waiting list promotes is told by mail, as when a term ends any other
// way.
func TestRosterImportPromotesByMail(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		admin := e.user(creatorclub.RoleAdmin)
		ac := e.signIn(admin)
		callPath := openCall(t, e, ac, 1)
		lea, theo := e.user(creatorclub.RoleMember), e.user(creatorclub.RoleMember)
		for _, u := range []*creatorclub.User{lea, theo} {
			if r := e.post(e.signIn(u), callPath, applyForm("Je veux contribuer à une influence responsable.", "instagram")); r.code != 303 {
				t.Fatalf("apply: %d %s", r.code, r.body)
			}
		}
		var callID int64
		fmt.Sscanf(strings.TrimPrefix(callPath, "/comite/appels/"), "%d", &callID)
		a, _ := db.FindApplicationFor(ctx, callID, lea.ID)
		b, _ := db.FindApplicationFor(ctx, callID, theo.ID)
		if r := e.post(ac, fmt.Sprintf("/gestion/comite/candidatures/%d/decision", a.ID), url.Values{"decision": {"accepted"}}); r.code != 303 {
			t.Fatalf("accept: %d %s", r.code, r.body)
		}
		if r := e.post(ac, fmt.Sprintf("/gestion/comite/candidatures/%d/decision", b.ID), url.Values{"decision": {"waitlisted"}}); r.code != 303 {
			t.Fatalf("waitlist: %d %s", r.code, r.body)
		}
		// The new roster keeps Théo and no longer lists Léa.
		csv := "Numéro de certificat,Prénom,Nom,Courriel,Certifié le,Expire le,Statut\n" +
			fmt.Sprintf("%s,%s,%s,%s,%s,%s,Actif\n", theo.Cert.Number, theo.FirstName, theo.LastName, theo.Email,
				time.Now().AddDate(-1, 0, 0).Format(time.DateOnly), time.Now().AddDate(1, 0, 0).Format(time.DateOnly))
		up, err := db.SaveRosterUpload(ctx, admin.ID, "registre.csv", []byte(csv))
		if err != nil {
			t.Fatal(err)
		}
		before := len(e.box.all())
		if r := e.post(ac, fmt.Sprintf("/admin/registre/%d/appliquer", up.ID), url.Values{}); r.code != 303 {
			t.Fatalf("apply roster: %d %s", r.code, r.body)
		}
		msgs := e.box.all()[before:]
		if len(msgs) != 1 || msgs[0].To != theo.Email {
			t.Fatalf("promotion mail after the import: %+v", msgs)
		}
		if term, err := db.CurrentTerm(ctx, theo.ID); err != nil || term == nil {
			t.Fatalf("Théo has no term: %v", err)
		}
		if r := e.get(e.signIn(theo), "/comite/espace"); r.code != 200 {
			t.Fatalf("promoted member on the space: %d", r.code)
		}
	})
}
