package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

// TestHomeShowsCoursesAndHelpRequests checks the two home sources added with
// the courses and the safety desk: an overdue mandatory course comes first,
// a help request waiting for the member's answer next, and nobody else sees
// either.
func TestHomeShowsCoursesAndHelpRequests(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		member := e.user(creatorclub.RoleMember)
		other := e.user(creatorclub.RoleMember)
		officer := e.user(creatorclub.RoleSafety)
		c := publishedCourse(t, db, 0)
		mod := e.signIn(e.user(creatorclub.RoleModerator))
		due := time.Now().In(time.UTC).AddDate(0, 0, 3).Format("2006-01-02")
		wantStatus(t, e.post(mod, "/gestion/formations/"+strconv.FormatInt(c.ID, 10)+"/obligations",
			map[string][]string{"segment": {"all"}, "due_on": {due}}), http.StatusSeeOther)

		st := safetyDB(t, db)
		cs, err := st.OpenCase(ctx, member, &creatorclub.NewCase{Kind: creatorclub.KindRequest, Category: creatorclub.CategoryTechnical,
			Description: "Je ne reçois plus les liens de connexion"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		waiting := creatorclub.StatusWaiting
		if err := st.UpdateCase(ctx, cs.ID, officer, sqldb.CaseUpdate{Status: &waiting}); err != nil {
			t.Fatal(err)
		}

		mc := e.signIn(member)
		home := e.get(mc, "/accueil")
		wantStatus(t, home, http.StatusOK, c.Title, "Demande n° "+strconv.FormatInt(cs.ID, 10), "Problème technique", "Réponse attendue",
			`href="/aide/demandes/`+strconv.FormatInt(cs.ID, 10)+`"`)
		// Due in three days and waiting for the member: both "soon"; the
		// course, dated, comes before the undated request.
		if i, j := strings.Index(home.body, c.Title), strings.Index(home.body, "Demande n°"); i < 0 || j < 0 || i > j {
			t.Errorf("home order: course at %d, request at %d", i, j)
		}

		// Past the due date the course is overdue, at the top.
		db.Now = func() time.Time { return time.Now().UTC().AddDate(0, 0, 5) }
		defer func() { db.Now = func() time.Time { return time.Now().UTC() } }()
		wantStatus(t, e.get(mc, "/accueil"), http.StatusOK, "Formation en retard")

		// Another member sees the course duty (it applies to all) but not
		// the request.
		oh := e.get(e.signIn(other), "/accueil")
		if strings.Contains(oh.body, "Demande n° "+strconv.FormatInt(cs.ID, 10)) || strings.Contains(oh.body, "liens de connexion") {
			t.Error("another member's home shows the member's help request")
		}
	})
}
