package sqldb_test

import (
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

// newCall opens a call for applications from now0 for a week with seats seats.
func newCall(t *testing.T, db *sqldb.DB, seats int) *creatorclub.CommitteeCall {
	t.Helper()
	staff := &creatorclub.User{Email: fmt.Sprintf("staff%d@club.example", time.Now().UnixNano()), Role: creatorclub.RoleModerator}
	if err := db.CreateUser(ctx, staff); err != nil {
		t.Fatal(err)
	}
	c := &creatorclub.CommitteeCall{Title: "Comité de suivi 2027", OpensAt: now0.Add(-time.Hour), ClosesAt: now0.AddDate(0, 0, 7),
		Seats: seats, TermMonths: 24, CreatedBy: staff.ID}
	if err := db.SaveCall(ctx, c, nil); err != nil {
		t.Fatal(err)
	}
	return c
}

func application(callID, userID int64) *creatorclub.CommitteeApplication {
	return &creatorclub.CommitteeApplication{CallID: callID, UserID: userID, Motivation: "Je veux contribuer à une influence plus responsable.",
		Platforms: []string{"instagram", "tiktok"}, AudienceSize: 120000, Conflicts: ""}
}

func mustApply(t *testing.T, db *sqldb.DB, callID, userID int64) *creatorclub.CommitteeApplication {
	t.Helper()
	a := application(callID, userID)
	if err := db.Apply(ctx, a); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestApplicationCycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		setClock := fixClock(db, now0)
		c := newCall(t, db, 1)
		ms := members(t, db, 3)
		a := mustApply(t, db, c.ID, ms[0].ID)
		if a.Status != creatorclub.ApplicationSubmitted {
			t.Fatalf("status %q", a.Status)
		}
		// Once per call: the second application is refused, the first kept.
		second := application(c.ID, ms[0].ID)
		second.Motivation = "Une autre motivation, plus longue que vingt caractères."
		if err := db.Apply(ctx, second); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT || creatorclub.ErrorMessage(err) != "committee_already_applied" {
			t.Fatalf("second application: %v", err)
		}
		if got, _ := db.FindApplicationFor(ctx, c.ID, ms[0].ID); got.Motivation != a.Motivation {
			t.Fatalf("first application changed: %q", got.Motivation)
		}
		// Bad input: nothing written.
		bad := application(c.ID, ms[1].ID)
		bad.Motivation = "court"
		if err := db.Apply(ctx, bad); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Fatalf("short motivation: %v", err)
		}
		bad = application(c.ID, ms[1].ID)
		bad.Platforms = []string{"myspace"}
		if err := db.Apply(ctx, bad); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Fatalf("unknown platform: %v", err)
		}
		if _, err := db.FindApplicationFor(ctx, c.ID, ms[1].ID); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Fatalf("a refused application was stored: %v", err)
		}
		// Editing until the close date, by its author only.
		a.Conflicts = "Partenariat en cours avec une marque de cosmétiques."
		if err := db.UpdateApplication(ctx, a); err != nil {
			t.Fatal(err)
		}
		other := *a
		other.UserID = ms[1].ID
		if err := db.UpdateApplication(ctx, &other); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Fatalf("edit by another member: %v", err)
		}
		b := mustApply(t, db, c.ID, ms[1].ID)
		setClock(c.ClosesAt)
		a.Motivation = "Modifiée après la clôture : ne doit pas être enregistrée."
		if err := db.UpdateApplication(ctx, a); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT || creatorclub.ErrorMessage(err) != "committee_call_closed" {
			t.Fatalf("edit after close: %v", err)
		}
		if err := db.Apply(ctx, application(c.ID, ms[2].ID)); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT || creatorclub.ErrorMessage(err) != "committee_call_closed" {
			t.Fatalf("apply after close: %v", err)
		}
		if got, _ := db.FindApplicationFor(ctx, c.ID, ms[0].ID); got.Conflicts == "" || strings.Contains(got.Motivation, "clôture") {
			t.Fatalf("application after edits: %+v", got)
		}
		// Reviews.
		rev := &creatorclub.CommitteeReview{ApplicationID: a.ID, ReviewerID: c.CreatedBy, Score: 4, Comment: "Solide."}
		if err := db.SaveReview(ctx, rev); err != nil {
			t.Fatal(err)
		}
		rev.Score = 5
		if err := db.SaveReview(ctx, rev); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveReview(ctx, &creatorclub.CommitteeReview{ApplicationID: a.ID, ReviewerID: c.CreatedBy, Score: 9}); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Fatalf("score 9: %v", err)
		}
		if rs, _ := db.ListReviews(ctx, a.ID); len(rs) != 1 || rs[0].Score != 5 {
			t.Fatalf("reviews: %+v", rs)
		}
		// Decisions: one seat.
		ch, err := db.DecideApplication(ctx, a.ID, creatorclub.ApplicationAccepted, "Bienvenue au comité.", c.CreatedBy, nil)
		if err != nil {
			t.Fatal(err)
		}
		if ch.Term == nil || !ch.Term.StartsOn.Equal(day("2026-12-04")) || !ch.Term.EndsOn.Equal(day("2028-12-03")) {
			t.Fatalf("term: %+v", ch.Term)
		}
		if ok, _ := db.IsCommitteeMember(ctx, ms[0].ID); !ok {
			t.Fatal("accepted member is not on the committee")
		}
		if _, err := db.DecideApplication(ctx, b.ID, creatorclub.ApplicationAccepted, "", c.CreatedBy, nil); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Fatalf("accept beyond the seats: %v", err)
		}
		if _, err := db.DecideApplication(ctx, a.ID, creatorclub.ApplicationDeclined, "", c.CreatedBy, nil); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Fatalf("decide twice: %v", err)
		}
		if _, err := db.DecideApplication(ctx, b.ID, creatorclub.ApplicationWaitlisted, "Vous êtes sur liste d'attente.", c.CreatedBy, nil); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindApplication(ctx, b.ID); got.WaitlistPosition != 1 || got.DecisionMessage == "" {
			t.Fatalf("waitlisted: %+v", got)
		}
		// The accepted member resigns: the waiting list gets the seat.
		term, err := db.CurrentTerm(ctx, ms[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		ch, err = db.EndTerm(ctx, term.ID, creatorclub.TermEndResigned, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(ch.Promoted) != 1 || ch.Promoted[0].ID != b.ID || ch.Terms[b.ID] == nil {
			t.Fatalf("promotion: %+v", ch)
		}
		if ok, _ := db.IsCommitteeMember(ctx, ms[0].ID); ok {
			t.Fatal("a resigned member is still on the committee")
		}
		if ok, _ := db.IsCommitteeMember(ctx, ms[1].ID); !ok {
			t.Fatal("the promoted member is not on the committee")
		}
		if ns, _ := db.ListNotifications(ctx, ms[1].ID, true, 10); len(ns) != 1 || ns[0].Link != "/comite/espace" {
			t.Fatalf("promotion notice: %+v", ns)
		}
		if _, err := db.EndTerm(ctx, term.ID, creatorclub.TermEndResigned, nil); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Fatalf("end twice: %v", err)
		}
	})
}

func TestTermEndsAndRenewal(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		setClock := fixClock(db, now0)
		c := newCall(t, db, 2)
		c.TermMonths = 1
		if err := db.SaveCall(ctx, c, nil); err != nil {
			t.Fatal(err)
		}
		m := members(t, db, 1)[0]
		a := mustApply(t, db, c.ID, m.ID)
		ch, err := db.DecideApplication(ctx, a.ID, creatorclub.ApplicationAccepted, "", c.CreatedBy, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetTermRole(ctx, ch.Term.ID, creatorclub.CommitteeChair); err != nil {
			t.Fatal(err)
		}
		if err := db.SetTermRole(ctx, ch.Term.ID, "king"); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Fatalf("bad role: %v", err)
		}
		// The last day of the term is still in office; the day after is not.
		setClock(ch.Term.EndsOn.Add(12 * time.Hour))
		if ok, _ := db.IsCommitteeMember(ctx, m.ID); !ok {
			t.Fatal("not in office on the last day")
		}
		setClock(ch.Term.EndsOn.AddDate(0, 0, 1).Add(time.Hour))
		if ok, _ := db.IsCommitteeMember(ctx, m.ID); ok {
			t.Fatal("still in office after the end date")
		}
		// A renewal continues the term from the next day, same role.
		setClock(ch.Term.EndsOn.Add(12 * time.Hour))
		next, err := db.RenewTerm(ctx, ch.Term.ID, 12)
		if err != nil {
			t.Fatal(err)
		}
		if !next.StartsOn.Equal(ch.Term.EndsOn.AddDate(0, 0, 1)) || next.Role != creatorclub.CommitteeChair {
			t.Fatalf("renewal: %+v", next)
		}
		if _, err := db.RenewTerm(ctx, ch.Term.ID, 12); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Fatalf("renew twice: %v", err)
		}
		setClock(ch.Term.EndsOn.AddDate(0, 0, 1).Add(time.Hour))
		if ok, _ := db.IsCommitteeMember(ctx, m.ID); !ok {
			t.Fatal("not in office on the renewal's first day")
		}
		terms, err := db.ListTerms(ctx, true, false)
		if err != nil || len(terms) != 1 || terms[0].ID != next.ID || terms[0].Renewals != 1 || terms[0].User.ID != m.ID {
			t.Fatalf("current terms: %+v %v", terms, err)
		}
		// The public list holds only those who agree.
		if pub, _ := db.ListTerms(ctx, true, true); len(pub) != 0 {
			t.Fatalf("listed without consent: %+v", pub)
		}
		if err := db.SetCommitteePrefs(ctx, m.ID, true, false); err != nil {
			t.Fatal(err)
		}
		if pub, _ := db.ListTerms(ctx, true, true); len(pub) != 1 {
			t.Fatalf("public list: %+v", pub)
		}
		// Resigning before a renewal begins ends the renewal too.
		setClock(ch.Term.EndsOn.Add(12 * time.Hour))
		if _, err := db.EndTerm(ctx, ch.Term.ID, creatorclub.TermEndResigned, nil); err != nil {
			t.Fatal(err)
		}
		setClock(next.StartsOn.Add(36 * time.Hour))
		if ok, _ := db.IsCommitteeMember(ctx, m.ID); ok {
			t.Fatal("the renewal survived the resignation")
		}
	})
}

func TestCommitteeFollowsCertification(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		c := newCall(t, db, 1)
		entries := []creatorclub.RosterEntry{
			entry(2, "C-1", "Léa", "Martin", "lea@example.fr", "active", "2027-06-30"),
			entry(3, "C-2", "Théo", "Dubois", "theo@example.fr", "active", "2027-06-30"),
		}
		if _, err := db.ImportRoster(ctx, entries, creatorclub.RosterImportOptions{}); err != nil {
			t.Fatal(err)
		}
		lea, _ := db.FindUserByEmail(ctx, "lea@example.fr")
		theo, _ := db.FindUserByEmail(ctx, "theo@example.fr")
		a := mustApply(t, db, c.ID, lea.ID)
		b := mustApply(t, db, c.ID, theo.ID)
		if _, err := db.DecideApplication(ctx, a.ID, creatorclub.ApplicationAccepted, "", c.CreatedBy, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := db.DecideApplication(ctx, b.ID, creatorclub.ApplicationWaitlisted, "", c.CreatedBy, nil); err != nil {
			t.Fatal(err)
		}
		// Access follows the certification at once, before any term is closed.
		tx, _ := db.Write.Begin()
		if _, err := tx.Exec(`UPDATE users SET cert_status = 'suspended' WHERE id = $1`, lea.ID); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if ok, _ := db.IsCommitteeMember(ctx, lea.ID); ok {
			t.Fatal("a suspended member keeps committee access")
		}
		// The roster import that revokes the certificate ends the term and
		// gives the seat to the waiting list.
		entries[0].Status = creatorclub.CertRevoked
		if _, err := db.ImportRoster(ctx, entries, creatorclub.RosterImportOptions{}); err != nil {
			t.Fatal(err)
		}
		terms, _ := db.ListTerms(ctx, false, false)
		var leaTerm *creatorclub.CommitteeTerm
		for _, tm := range terms {
			if tm.UserID == lea.ID {
				leaTerm = tm
			}
		}
		if leaTerm == nil || leaTerm.EndedAt == nil || leaTerm.EndReason != creatorclub.TermEndCertification {
			t.Fatalf("lea's term: %+v", leaTerm)
		}
		if ok, _ := db.IsCommitteeMember(ctx, theo.ID); !ok {
			t.Fatal("the waiting list did not get the freed seat")
		}
		// Reinstated, Léa has no seat back by herself: the seat went on.
		entries[0].Status = creatorclub.CertActive
		if _, err := db.ImportRoster(ctx, entries, creatorclub.RosterImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if ok, _ := db.IsCommitteeMember(ctx, lea.ID); ok {
			t.Fatal("an ended term came back")
		}
		// A certification that expires by date: access ends that day, the
		// daily sweep records the end.
		tx2, _ := db.Write.Begin()
		if _, err := tx2.Exec(`UPDATE users SET cert_expires_on = $1 WHERE id = $2`, day("2026-11-26"), theo.ID); err != nil {
			t.Fatal(err)
		}
		tx2.Commit()
		if ok, _ := db.IsCommitteeMember(ctx, theo.ID); ok {
			t.Fatal("an expired member keeps committee access")
		}
		ch, err := db.EndTermsOfUncertified(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if cur, _ := db.ListTerms(ctx, true, false); len(cur) != 0 {
			t.Fatalf("current terms: %+v", cur)
		}
		_ = ch
	})
}

func TestCommitteeEventsRegistration(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		ev := newEvent(t, db, 0)
		ev.Audience = creatorclub.AudienceCommittee
		if _, err := db.UpdateEvent(ctx, ev, nil); err != nil {
			t.Fatal(err)
		}
		c := newCall(t, db, 3)
		ms := members(t, db, 2)
		a := mustApply(t, db, c.ID, ms[0].ID)
		if _, err := db.DecideApplication(ctx, a.ID, creatorclub.ApplicationAccepted, "", c.CreatedBy, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RegisterForEvent(ctx, ev.ID, ms[0].ID, nil); err != nil {
			t.Fatalf("committee member: %v", err)
		}
		if _, err := db.RegisterForEvent(ctx, ev.ID, ms[1].ID, nil); creatorclub.ErrorCode(err) != creatorclub.EFORBIDDEN {
			t.Fatalf("outsider: %v", err)
		}
	})
}

func TestCommitteeDocumentsAndThreads(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		m := members(t, db, 1)[0]
		d := &creatorclub.CommitteeDocument{Title: "Ordre du jour", CreatedBy: m.ID}
		v1 := &creatorclub.DocumentVersion{Name: "odj.pdf", ContentType: "application/pdf", Size: 10, Key: "k1", SHA256: "h1", UploadedBy: m.ID}
		if err := db.CreateDocument(ctx, d, v1, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateDocument(ctx, &creatorclub.CommitteeDocument{Title: " ", CreatedBy: m.ID}, &creatorclub.DocumentVersion{}, nil); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Fatalf("untitled: %v", err)
		}
		// A failing hook rolls the upload back.
		failing := &creatorclub.DocumentVersion{DocumentID: d.ID, Name: "odj-v2.pdf", ContentType: "application/pdf", Size: 11, Key: "k2", SHA256: "h2", UploadedBy: m.ID}
		if err := db.AddDocumentVersion(ctx, failing, func(*sql.Tx) error { return fmt.Errorf("mail down") }); err == nil {
			t.Fatal("hook error ignored")
		}
		v2 := &creatorclub.DocumentVersion{DocumentID: d.ID, Name: "odj-v2.pdf", ContentType: "application/pdf", Size: 11, Key: "k2", SHA256: "h2", UploadedBy: m.ID, Note: "Point 3 ajouté"}
		if err := db.AddDocumentVersion(ctx, v2, nil); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindDocument(ctx, d.ID)
		if err != nil || got.Versions != 2 || got.Current.Number != 2 || got.Current.Key != "k2" {
			t.Fatalf("document: %+v %v", got, err)
		}
		vs, _ := db.ListVersions(ctx, d.ID)
		if len(vs) != 2 || vs[1].Key != "k1" || vs[0].Note != "Point 3 ajouté" {
			t.Fatalf("history: %+v", vs)
		}
		if _, err := db.FindVersion(ctx, d.ID+1, vs[0].ID); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Fatalf("version of another document: %v", err)
		}
		p := &creatorclub.CommitteePost{ThreadKind: creatorclub.ThreadDocument, ThreadID: d.ID, AuthorID: m.ID, Body: "  Relu, d'accord.  "}
		if err := db.AddPost(ctx, p, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.AddPost(ctx, &creatorclub.CommitteePost{ThreadKind: creatorclub.ThreadDocument, ThreadID: d.ID, AuthorID: m.ID, Body: "  "}, nil); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Fatalf("empty post: %v", err)
		}
		posts, _ := db.ListPosts(ctx, creatorclub.ThreadDocument, d.ID)
		if len(posts) != 1 || posts[0].Body != "Relu, d'accord." || posts[0].AuthorName != "Membre 0" {
			t.Fatalf("posts: %+v", posts)
		}
	})
}

func TestNotificationCentre(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		ms := members(t, db, 2)
		err := db.WithTx(ctx, func(tx *sql.Tx) error {
			if err := db.Notify(ctx, tx, ms[0].ID, "course", "Module obligatoire à suivre", "/cours/1"); err != nil {
				return err
			}
			return db.Notify(ctx, tx, ms[0].ID, "help", "Votre demande a une réponse", "/aide/demandes/2")
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.WithTx(ctx, func(tx *sql.Tx) error { return db.Notify(ctx, tx, ms[0].ID, "x", "t", "https://evil.example") })
		if creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Fatalf("external link: %v", err)
		}
		if n, _ := db.CountUnread(ctx, ms[0].ID); n != 2 {
			t.Fatalf("unread %d", n)
		}
		ns, _ := db.ListNotifications(ctx, ms[0].ID, false, 10)
		if len(ns) != 2 || ns[0].Kind != "help" {
			t.Fatalf("list: %+v", ns)
		}
		if _, err := db.MarkNotificationRead(ctx, ms[1].ID, ns[0].ID); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Fatalf("another user's notification: %v", err)
		}
		if _, err := db.MarkNotificationRead(ctx, ms[0].ID, ns[0].ID); err != nil {
			t.Fatal(err)
		}
		if n, _ := db.CountUnread(ctx, ms[0].ID); n != 1 {
			t.Fatalf("unread after one read: %d", n)
		}
		if err := db.MarkAllNotificationsRead(ctx, ms[0].ID); err != nil {
			t.Fatal(err)
		}
		if n, _ := db.CountUnread(ctx, ms[0].ID); n != 0 {
			t.Fatalf("unread after all read: %d", n)
		}
		if seen, _ := db.LegalSeenAt(ctx, ms[0].ID); !seen.IsZero() {
			t.Fatal("legal seen before any visit")
		}
		if err := db.MarkLegalSeen(ctx, ms[0].ID); err != nil {
			t.Fatal(err)
		}
		if seen, _ := db.LegalSeenAt(ctx, ms[0].ID); !seen.Equal(now0) {
			t.Fatalf("legal seen at %v", seen)
		}
	})
}

func TestCertReminders(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		setClock := fixClock(db, now0)
		m := members(t, db, 1)[0]
		tx0, _ := db.Write.Begin()
		tx0.Exec(`UPDATE users SET cert_expires_on = $1 WHERE id = $2`, now0.AddDate(0, 0, 45).Truncate(24*time.Hour), m.ID)
		tx0.Commit()
		due := func() []sqldb.CertReminderDue {
			t.Helper()
			var out []sqldb.CertReminderDue
			err := db.WithTx(ctx, func(tx *sql.Tx) error {
				var err error
				out, err = db.DueCertReminders(ctx, tx)
				for _, d := range out {
					if err == nil {
						err = db.MarkCertReminderSent(ctx, tx, d.User.ID, d.User.Cert.ExpiresOn, d.Threshold)
					}
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		if d := due(); len(d) != 1 || d[0].Threshold != 60 {
			t.Fatalf("45 days left: %+v", d)
		}
		if d := due(); len(d) != 0 {
			t.Fatalf("sent twice: %+v", d)
		}
		setClock(now0.AddDate(0, 0, 20))
		if d := due(); len(d) != 1 || d[0].Threshold != 30 {
			t.Fatalf("25 days left: %+v", d)
		}
		setClock(now0.AddDate(0, 0, 40))
		if d := due(); len(d) != 1 || d[0].Threshold != 7 {
			t.Fatalf("5 days left: %+v", d)
		}
		setClock(now0.AddDate(0, 0, 41))
		if d := due(); len(d) != 0 {
			t.Fatalf("after the last reminder: %+v", d)
		}
		if err := db.SetRenewalProcedure(ctx, "Écrivez à certification@arpp.example."); err != nil {
			t.Fatal(err)
		}
		if p, _ := db.RenewalProcedure(ctx); p != "Écrivez à certification@arpp.example." {
			t.Fatalf("procedure %q", p)
		}
	})
}

func TestDeleteUserErasesApplications(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		c := newCall(t, db, 1)
		m := members(t, db, 1)[0]
		a := mustApply(t, db, c.ID, m.ID)
		if _, err := db.DecideApplication(ctx, a.ID, creatorclub.ApplicationAccepted, "", c.CreatedBy, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.WithTx(ctx, func(tx *sql.Tx) error { return db.Notify(ctx, tx, m.ID, "committee", "Bienvenue", "/comite") }); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteUser(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
		got, _ := db.FindApplication(ctx, a.ID)
		if got.Motivation != "" || len(got.Platforms) != 0 || got.AudienceSize != 0 {
			t.Fatalf("application after deletion: %+v", got)
		}
		if ok, _ := db.IsCommitteeMember(ctx, m.ID); ok {
			t.Fatal("a deleted account sits on the committee")
		}
		if ns, _ := db.ListNotifications(ctx, m.ID, false, 10); len(ns) != 0 {
			t.Fatalf("notifications kept: %+v", ns)
		}
	})
}

func TestConcurrentDecisionsNeverOverfillSeats(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		c := newCall(t, db, 2)
		ms := members(t, db, 6)
		var apps []*creatorclub.CommitteeApplication
		for _, m := range ms {
			apps = append(apps, mustApply(t, db, c.ID, m.ID))
		}
		var wg sync.WaitGroup
		for _, a := range apps {
			wg.Add(1)
			go func() {
				defer wg.Done()
				db.DecideApplication(ctx, a.ID, creatorclub.ApplicationAccepted, "", c.CreatedBy, nil)
			}()
		}
		wg.Wait()
		got, _ := db.FindCall(ctx, c.ID)
		if got.Accepted != 2 {
			t.Fatalf("%d accepted for 2 seats", got.Accepted)
		}
		if terms, _ := db.ListTerms(ctx, true, false); len(terms) != 2 {
			t.Fatalf("%d terms for 2 seats", len(terms))
		}
	})
}
