package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

// TestSafetyRequestsAreRateLimited checks that a flood of help requests is
// refused with the member's text kept and nothing stored, while a request
// saying the member is not feeling well always goes through.
func TestSafetyRequestsAreRateLimited(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		member := e.user(creatorclub.RoleMember)
		c := e.signIn(member)
		send := func(category, text string) resp {
			return e.post(c, "/aide/demandes", url.Values{"category": {category}, "description": {text}})
		}
		for i := 0; i < 10; i++ {
			if r := send("technical", "Le lien de connexion n'arrive pas, essai "+itoa(i)); r.code != http.StatusSeeOther {
				t.Fatalf("request %d: %d %s", i, r.code, r.body)
			}
		}
		r := send("technical", "Onzième demande en une minute")
		if r.code != http.StatusBadRequest || !strings.Contains(r.body, "attendez quelques minutes") || !strings.Contains(r.body, "Onzième demande en une minute") {
			t.Fatalf("11th request: %d, want the form again with the message and the text kept\n%s", r.code, r.body)
		}
		cases, err := safetyDB(t, db).ListCasesByReporter(ctx, member.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(cases) != 10 {
			t.Errorf("%d cases stored, want 10 (the refused one must not be stored)", len(cases))
		}
		if r := send("distress", "Je ne vais pas bien du tout ce soir"); r.code != http.StatusSeeOther {
			t.Errorf("a distress request was refused: %d", r.code)
		}
	})
}
