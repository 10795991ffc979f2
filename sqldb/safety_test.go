package sqldb_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

var testSafetyKey = bytes.Repeat([]byte{7}, 32)

func safetyStore(t *testing.T, db *sqldb.DB) *sqldb.SafetyStore {
	t.Helper()
	sealer, err := creatorclub.NewSealer(testSafetyKey)
	if err != nil {
		t.Fatal(err)
	}
	return db.Safety(sealer)
}

func officer(t *testing.T, db *sqldb.DB, name string) *creatorclub.User {
	t.Helper()
	u := &creatorclub.User{Email: name + "@club.example", FirstName: name, Role: creatorclub.RoleSafety}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	return u
}

// pngBytes is a tiny PNG-looking payload with a recognisable marker.
var pngBytes = append([]byte("\x89PNG\r\n\x1a\n"), []byte("EVIDENCE-PIXELS-0123456789-capture-d-ecran")...)

func TestSafetyCaseIsSealedAtRest(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		st := safetyStore(t, db)
		ms := members(t, db, 1)
		const secret = "Il m'a menacée de publier mon adresse personnelle"
		const marker = "https://example.org/visible-url-marker"
		c, err := st.OpenCase(ctx, ms[0], &creatorclub.NewCase{Kind: creatorclub.KindRequest, Category: creatorclub.CategoryHarassment,
			Description: secret, ExternalURL: marker, ExternalHandle: "@harceleur", ExternalPlatform: "instagram",
			Attachments: []*creatorclub.NewAttachment{{Name: "capture-secrete.png", ContentType: "image/png", Data: pngBytes}}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != creatorclub.StatusNew || c.Priority != creatorclub.PriorityNormal || !c.DueAt.Equal(now0.Add(48*time.Hour)) {
			t.Fatalf("case: %+v", c)
		}
		off := officer(t, db, "agathe")
		if _, err := st.AddMessage(ctx, c.ID, off, true, true, "Note interne: appeler la plateforme", nil, nil); err != nil {
			t.Fatal(err)
		}
		msgs, err := st.Messages(ctx, c.ID, false)
		if err != nil || len(msgs) != 1 || msgs[0].Body != secret || len(msgs[0].Attachments) != 1 {
			t.Fatalf("member thread: %+v %v", msgs, err)
		}
		all, _ := st.Messages(ctx, c.ID, true)
		if len(all) != 2 || !all[1].Internal {
			t.Fatalf("staff thread: %+v", all)
		}
		a, data, err := st.Attachment(ctx, c.ID, msgs[0].Attachments[0].ID)
		sum := sha256.Sum256(pngBytes)
		if err != nil || !bytes.Equal(data, pngBytes) || a.SHA256 != hex.EncodeToString(sum[:]) || !a.ReceivedAt.Equal(now0) || a.Name != "capture-secrete.png" {
			t.Fatalf("attachment: %+v %v", a, err)
		}
		if _, _, err := st.Attachment(ctx, c.ID+1, a.ID); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Fatalf("attachment through another case: %v", err)
		}
		// Another key cannot read the thread.
		other, _ := creatorclub.NewSealer(bytes.Repeat([]byte{8}, 32))
		if _, err := db.Safety(other).Messages(ctx, c.ID, false); err == nil {
			t.Fatal("another key opened the messages")
		}

		clearText := [][]byte{[]byte(secret), []byte("Note interne"), pngBytes[8:], []byte("capture-secrete")}
		if db.Engine == sqldb.SQLite {
			// The raw files, as a copy would take them.
			var raw []byte
			for _, p := range []string{db.Path, db.Path + "-wal"} {
				b, err := os.ReadFile(p)
				if err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
				raw = append(raw, b...)
			}
			if !bytes.Contains(raw, []byte(marker)) {
				t.Fatal("the raw read does not even find the clear URL: the check would prove nothing")
			}
			for _, c := range clearText {
				if bytes.Contains(raw, c) {
					t.Errorf("database file contains %q in clear", c)
				}
			}
		} else {
			var dump string
			for _, table := range []string{"safety_messages", "safety_attachments", "safety_cases"} {
				var s string
				if err := db.Read.QueryRowContext(ctx, `SELECT COALESCE(string_agg(t::text, '|'), '') FROM `+table+` t`).Scan(&s); err != nil {
					t.Fatal(err)
				}
				dump += s
			}
			if !strings.Contains(dump, marker) {
				t.Fatal("the dump does not find the clear URL")
			}
			for _, c := range clearText {
				if strings.Contains(dump, string(c)) || strings.Contains(dump, hex.EncodeToString(c)) {
					t.Errorf("table dump contains %q in clear", c)
				}
			}
		}
	})
}

func TestSafetyBadInput(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		st := safetyStore(t, db)
		ms := members(t, db, 2)
		bad := []*creatorclub.NewCase{
			{Kind: creatorclub.KindRequest, Category: creatorclub.CategoryHarassment, Description: "   "},
			{Kind: creatorclub.KindRequest, Category: "spam", Description: "x"},
			{Kind: creatorclub.KindRequest, Category: creatorclub.CategoryIllicit, Description: "x", ExternalURL: "javascript:alert(1)"},
			{Kind: creatorclub.KindNotice, Category: creatorclub.CategoryOther, Description: "x"},
			{Kind: creatorclub.KindNotice, Category: creatorclub.CategoryOther, Description: "x", TargetType: creatorclub.TargetMember, TargetID: ms[0].ID},
			{Kind: creatorclub.KindRequest, Category: creatorclub.CategoryOther, Description: strings.Repeat("a", creatorclub.MaxCaseText+1)},
		}
		want := []string{"safety_description_required", "safety_category_invalid", "safety_url_invalid", "safety_target_invalid", "safety_target_self", "safety_description_too_long"}
		for i, n := range bad {
			_, err := st.OpenCase(ctx, ms[0], n, nil)
			wantCode(t, err, creatorclub.EINVALID, want[i])
		}
		big := &creatorclub.NewCase{Kind: creatorclub.KindRequest, Category: creatorclub.CategoryOther, Description: "x",
			Attachments: []*creatorclub.NewAttachment{{Name: "a.png", ContentType: "image/png", Data: make([]byte, creatorclub.MaxAttachmentBytes+1)}}}
		_, err := st.OpenCase(ctx, ms[0], big, nil)
		wantCode(t, err, creatorclub.EINVALID, "file_too_large")
		// Nothing half-written.
		if cs, _ := st.ListCases(ctx, creatorclub.CaseFilter{Status: "all"}); len(cs) != 0 {
			t.Fatalf("cases left behind: %d", len(cs))
		}
		var n int
		db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM safety_messages`).Scan(&n)
		if n != 0 {
			t.Fatalf("messages left behind: %d", n)
		}
		// The same object reported twice by the same member.
		notice := &creatorclub.NewCase{Kind: creatorclub.KindNotice, Category: creatorclub.CategoryOther, Description: "profil insultant",
			TargetType: creatorclub.TargetMember, TargetID: ms[1].ID}
		if _, err := st.OpenCase(ctx, ms[0], notice, nil); err != nil {
			t.Fatal(err)
		}
		_, err = st.OpenCase(ctx, ms[0], notice, nil)
		wantCode(t, err, creatorclub.ECONFLICT, "report_already_sent")
	})
}

func TestSafetyQueueFiltersMergeAndHistory(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		setClock := fixClock(db, now0)
		st := safetyStore(t, db)
		ms := members(t, db, 3)
		off := officer(t, db, "bruno")
		urgent, err := st.OpenCase(ctx, ms[0], &creatorclub.NewCase{Kind: creatorclub.KindRequest, Category: creatorclub.CategoryDistress, Urgent: true, Description: "je n'en peux plus"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		tech, _ := st.OpenCase(ctx, ms[1], &creatorclub.NewCase{Kind: creatorclub.KindRequest, Category: creatorclub.CategoryTechnical, Description: "bug"}, nil)
		n1, _ := st.OpenCase(ctx, ms[0], &creatorclub.NewCase{Kind: creatorclub.KindNotice, Category: creatorclub.CategoryHarassment, Description: "a", TargetType: creatorclub.TargetMember, TargetID: ms[2].ID}, nil)
		n2, _ := st.OpenCase(ctx, ms[1], &creatorclub.NewCase{Kind: creatorclub.KindNotice, Category: creatorclub.CategoryHarassment, Description: "b", TargetType: creatorclub.TargetMember, TargetID: ms[2].ID}, nil)
		cs, err := st.ListCases(ctx, creatorclub.CaseFilter{})
		if err != nil || len(cs) != 4 || cs[0].ID != urgent.ID || cs[len(cs)-1].ID != tech.ID {
			t.Fatalf("queue order: %v %v", ids(cs), err)
		}
		for _, c := range cs {
			if c.ID == n1.ID && c.Notices != 2 {
				t.Fatalf("notices about the same member: %d", c.Notices)
			}
		}
		// Four hours later the urgent distress case (due in 2 h) is overdue.
		setClock(now0.Add(4 * time.Hour))
		over, _ := st.ListCases(ctx, creatorclub.CaseFilter{Overdue: true})
		if len(over) != 1 || over[0].ID != urgent.ID {
			t.Fatalf("overdue: %v", ids(over))
		}
		// A reply is a first response: no longer overdue.
		if _, err := st.AddMessage(ctx, urgent.ID, off, true, false, "Nous sommes là. Appelez le 3114.", nil, nil); err != nil {
			t.Fatal(err)
		}
		if over, _ := st.ListCases(ctx, creatorclub.CaseFilter{Overdue: true}); len(over) != 0 {
			t.Fatalf("still overdue: %v", ids(over))
		}
		if c, _ := st.FindCase(ctx, urgent.ID); c.Status != creatorclub.StatusInProgress || c.FirstResponseAt == nil {
			t.Fatalf("after reply: %+v", c)
		}
		// Filters, assignment and priority.
		id := off.ID
		prio := creatorclub.PriorityHigh
		waiting := creatorclub.StatusWaiting
		if err := st.UpdateCase(ctx, tech.ID, off, sqldb.CaseUpdate{AssigneeID: &id, Priority: &prio, Status: &waiting}); err != nil {
			t.Fatal(err)
		}
		member := ms[0].ID
		err = st.UpdateCase(ctx, tech.ID, off, sqldb.CaseUpdate{AssigneeID: &member})
		wantCode(t, err, creatorclub.EINVALID, "safety_assignee_invalid")
		if mine, _ := st.ListCases(ctx, creatorclub.CaseFilter{AssigneeID: off.ID}); len(mine) != 1 || mine[0].ID != tech.ID || mine[0].AssigneeName != "bruno" {
			t.Fatalf("assigned: %+v", mine)
		}
		if ws, _ := st.ListCases(ctx, creatorclub.CaseFilter{Status: "waiting"}); len(ws) != 1 {
			t.Fatalf("waiting: %v", ids(ws))
		}
		if hs, _ := st.ListCases(ctx, creatorclub.CaseFilter{Category: creatorclub.CategoryHarassment, Kind: creatorclub.KindNotice}); len(hs) != 2 {
			t.Fatalf("category: %v", ids(hs))
		}
		// The member writing back moves the case on.
		if _, err := st.AddMessage(ctx, tech.ID, ms[1], false, false, "voici la capture", nil, nil); err != nil {
			t.Fatal(err)
		}
		if c, _ := st.FindCase(ctx, tech.ID); c.Status != creatorclub.StatusInProgress {
			t.Fatalf("after member reply: %s", c.Status)
		}
		// Merge two notices about the same member.
		if err := st.MergeCase(ctx, n2.ID, n1.ID, off); err != nil {
			t.Fatal(err)
		}
		if c, _ := st.FindCase(ctx, n2.ID); c.MergedInto != n1.ID || !c.Status.Closed() {
			t.Fatalf("merged: %+v", c)
		}
		wantCode(t, st.MergeCase(ctx, n2.ID, n1.ID, off), creatorclub.ECONFLICT, "safety_case_closed")
		// Writing on a closed case is refused; staff notes are kept.
		_, err = st.AddMessage(ctx, n2.ID, ms[1], false, false, "encore", nil, nil)
		wantCode(t, err, creatorclub.ECONFLICT, "safety_case_closed")
		_, err = st.AddMessage(ctx, n2.ID, ms[1], false, false, "  ", nil, nil)
		wantCode(t, err, creatorclub.EINVALID, "safety_message_required")
		hist, _ := st.Events(ctx, tech.ID)
		var kinds []string
		for _, e := range hist {
			kinds = append(kinds, e.Kind)
		}
		if strings.Join(kinds, ",") != "opened,status,priority,assigned,message" {
			t.Fatalf("history: %v", kinds)
		}
		mine, _ := st.ListCasesByReporter(ctx, ms[0].ID)
		if len(mine) != 2 {
			t.Fatalf("my cases: %v", ids(mine))
		}
	})
}

func ids(cs []*creatorclub.Case) []int64 {
	var out []int64
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func TestSafetyDecisionsAndAppeals(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		setClock := fixClock(db, now0)
		st := safetyStore(t, db)
		ms := members(t, db, 2)
		reporter, author := ms[0], ms[1]
		first, second := officer(t, db, "chloe"), officer(t, db, "david")
		ev := newEvent(t, db, 0)
		q, err := db.AskQuestion(ctx, boxes(t, db, ev)[0].ID, author.ID, "Je sais où tu habites, fais attention", creatorclub.VisibilityNamed, false)
		if err != nil {
			t.Fatal(err)
		}
		c, err := st.OpenCase(ctx, reporter, &creatorclub.NewCase{Kind: creatorclub.KindNotice, Category: creatorclub.CategoryThreat,
			Description: "menace", TargetType: creatorclub.TargetQuestion, TargetID: q.ID}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.TargetUserID != author.ID || c.Priority != creatorclub.PriorityHigh {
			t.Fatalf("notice: %+v", c)
		}
		before, _ := db.FindUserByID(ctx, author.ID)
		_, err = st.Decide(ctx, c.ID, first, creatorclub.NewDecision{Action: creatorclub.ActionRemoveContent, Facts: "menace"}, nil)
		wantCode(t, err, creatorclub.EINVALID, "safety_ground_required")
		_, err = st.Decide(ctx, c.ID, first, creatorclub.NewDecision{Action: creatorclub.ActionSuspend, Ground: "law_threats", Facts: "x"}, nil)
		wantCode(t, err, creatorclub.EINVALID, "safety_until_required")
		rm, err := st.Decide(ctx, c.ID, first, creatorclub.NewDecision{Action: creatorclub.ActionRemoveContent, Ground: "law_threats",
			Facts: "Question menaçant une autre membre pendant la rencontre."}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindQuestion(ctx, q.ID); got.Status != creatorclub.QuestionHidden {
			t.Fatalf("question not removed: %s", got.Status)
		}
		if rm.Content != q.Text {
			t.Fatalf("statement content: %q", rm.Content)
		}
		wd, err := st.Decide(ctx, c.ID, first, creatorclub.NewDecision{Action: creatorclub.ActionWithdraw, Ground: "charter_no_threats", Facts: "Menace."}, nil)
		if err != nil {
			t.Fatal(err)
		}
		after, _ := db.FindUserByID(ctx, author.ID)
		if after.SessionEpoch != before.SessionEpoch+1 {
			t.Fatalf("sessions not ended: %d → %d", before.SessionEpoch, after.SessionEpoch)
		}
		if r, _ := db.AccessRestriction(ctx, author.ID); r.Kind != creatorclub.RestrictionWithdrawn || r.DecisionID != wd.ID {
			t.Fatalf("restriction: %+v", r)
		}
		if rs, _ := db.AccessRestrictions(ctx, []int64{author.ID, reporter.ID}); len(rs) != 1 {
			t.Fatalf("restrictions: %+v", rs)
		}
		mine, _ := st.DecisionsForUser(ctx, author.ID)
		if len(mine) != 2 || mine[0].Facts != "Menace." {
			t.Fatalf("decisions: %+v", mine)
		}
		// Appeals: only the member concerned, once, within six months.
		_, err = st.Appeal(ctx, wd.ID, reporter, "pas moi", nil)
		wantCode(t, err, creatorclub.ENOTFOUND, "safety_decision_not_found")
		_, err = st.Appeal(ctx, wd.ID, author, "  ", nil)
		wantCode(t, err, creatorclub.EINVALID, "safety_appeal_text_required")
		setClock(now0.Add(creatorclub.AppealWindow + time.Hour))
		_, err = st.Appeal(ctx, rm.ID, author, "trop tard", nil)
		wantCode(t, err, creatorclub.EINVALID, "safety_appeal_too_late")
		setClock(now0.Add(24 * time.Hour))
		ap, err := st.Appeal(ctx, wd.ID, author, "C'était une plaisanterie maladroite, je m'excuse.", nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = st.Appeal(ctx, wd.ID, author, "encore", nil)
		wantCode(t, err, creatorclub.ECONFLICT, "safety_appeal_already_sent")
		// The officer who decided may not review.
		_, err = st.ReviewAppeal(ctx, ap.ID, first, true, "ok", nil)
		wantCode(t, err, creatorclub.EFORBIDDEN, "safety_appeal_same_officer")
		if r, _ := db.AccessRestriction(ctx, author.ID); r.Kind == "" {
			t.Fatal("the refused review lifted the restriction")
		}
		_, err = st.ReviewAppeal(ctx, ap.ID, second, true, "", nil)
		wantCode(t, err, creatorclub.EINVALID, "safety_outcome_required")
		got, err := st.ReviewAppeal(ctx, ap.ID, second, true, "Accès rétabli après examen.", nil)
		if err != nil || got.Status != creatorclub.AppealReversed {
			t.Fatalf("review: %+v %v", got, err)
		}
		if r, _ := db.AccessRestriction(ctx, author.ID); r.Kind != "" {
			t.Fatalf("restriction still there: %+v", r)
		}
		_, err = st.ReviewAppeal(ctx, ap.ID, second, false, "x", nil)
		wantCode(t, err, creatorclub.ECONFLICT, "safety_appeal_already_reviewed")
		// Restore puts the question back; the case can then be closed, and
		// no action is possible on a closed case.
		if _, err := st.Decide(ctx, c.ID, second, creatorclub.NewDecision{Action: creatorclub.ActionRestore}, nil); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindQuestion(ctx, q.ID); got.Status != creatorclub.QuestionVisible {
			t.Fatalf("question not restored: %s", got.Status)
		}
		resolved := creatorclub.StatusResolved
		if err := st.UpdateCase(ctx, c.ID, second, sqldb.CaseUpdate{Status: &resolved}); err != nil {
			t.Fatal(err)
		}
		_, err = st.Decide(ctx, c.ID, second, creatorclub.NewDecision{Action: creatorclub.ActionBan, Ground: "law_threats", Facts: "x"}, nil)
		wantCode(t, err, creatorclub.ECONFLICT, "safety_case_closed")
		if r, _ := db.AccessRestriction(ctx, author.ID); r.Kind != "" {
			t.Fatalf("refused action restricted anyway: %+v", r)
		}
		// A suspension ends by itself.
		c2, _ := st.OpenCase(ctx, reporter, &creatorclub.NewCase{Kind: creatorclub.KindNotice, Category: creatorclub.CategoryHarassment,
			Description: "encore", TargetType: creatorclub.TargetMember, TargetID: author.ID}, nil)
		until := now0.Add(72 * time.Hour)
		if _, err := st.Decide(ctx, c2.ID, first, creatorclub.NewDecision{Action: creatorclub.ActionSuspend, Ground: "charter_respect", Facts: "x", Until: &until}, nil); err != nil {
			t.Fatal(err)
		}
		if r, _ := db.AccessRestriction(ctx, author.ID); r.Kind != creatorclub.RestrictionSuspended {
			t.Fatalf("suspension: %+v", r)
		}
		setClock(until.Add(time.Minute))
		if r, _ := db.AccessRestriction(ctx, author.ID); r.Kind != "" {
			t.Fatalf("suspension did not end: %+v", r)
		}
		// Transparency for the day.
		rep, err := st.Transparency(ctx, now0.Add(-time.Hour), now0.Add(30*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if rep.Notices[creatorclub.CategoryThreat] != 1 || rep.Notices[creatorclub.CategoryHarassment] != 1 || rep.Actions[creatorclub.ActionWithdraw] != 1 ||
			rep.Appeals != 1 || rep.Reversals != 1 || rep.MedianFirstAnswer != 0 {
			t.Fatalf("report: %+v", rep)
		}
	})
}

func TestSafetyMisuseAndRetention(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		setClock := fixClock(db, now0)
		st := safetyStore(t, db)
		ms := members(t, db, 5)
		off := officer(t, db, "emma")
		var outcomes []string
		for i := 1; i <= 3; i++ {
			c, err := st.OpenCase(ctx, ms[0], &creatorclub.NewCase{Kind: creatorclub.KindNotice, Category: creatorclub.CategoryHarassment,
				Description: "il m'a regardé", TargetType: creatorclub.TargetMember, TargetID: ms[i].ID}, nil)
			if err != nil {
				t.Fatal(err)
			}
			out, err := st.MarkUnfounded(ctx, c.ID, off, nil)
			if err != nil {
				t.Fatal(err)
			}
			outcomes = append(outcomes, out)
		}
		if strings.Join(outcomes, ",") != ",warning,suspended" {
			t.Fatalf("misuse outcomes: %q", outcomes)
		}
		_, err := st.OpenCase(ctx, ms[0], &creatorclub.NewCase{Kind: creatorclub.KindNotice, Category: creatorclub.CategoryHarassment,
			Description: "x", TargetType: creatorclub.TargetMember, TargetID: ms[4].ID}, nil)
		wantCode(t, err, creatorclub.EFORBIDDEN, "safety_reporting_suspended")
		// Asking for help is never suspended.
		help, err := st.OpenCase(ctx, ms[0], &creatorclub.NewCase{Kind: creatorclub.KindRequest, Category: creatorclub.CategoryDistress, Description: "ça ne va pas"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		setClock(now0.Add(creatorclub.MisuseSuspension + time.Hour))
		if _, err := st.OpenCase(ctx, ms[0], &creatorclub.NewCase{Kind: creatorclub.KindNotice, Category: creatorclub.CategoryHarassment,
			Description: "x", TargetType: creatorclub.TargetMember, TargetID: ms[4].ID}, nil); err != nil {
			t.Fatalf("after the suspension: %v", err)
		}
		// Retention: the closed cases go, the open ones stay.
		n, err := db.PurgeClosedCases(ctx, now0.Add(time.Hour))
		if err != nil || n != 3 {
			t.Fatalf("purge: %d %v", n, err)
		}
		var left int
		db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM safety_messages`).Scan(&left)
		if left != 2 {
			t.Fatalf("messages left: %d", left)
		}
		if _, err := st.FindCase(ctx, help.ID); err != nil {
			t.Fatal(err)
		}
	})
}

func TestSafetyAdoptsQuestionReports(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		st := safetyStore(t, db)
		ms := members(t, db, 2)
		ev := newEvent(t, db, 0)
		q, _ := db.AskQuestion(ctx, boxes(t, db, ev)[0].ID, ms[1].ID, "question douteuse", creatorclub.VisibilityNamed, false)
		if err := db.ReportQuestion(ctx, q.ID, ms[0].ID, "propos haineux envers une autre créatrice"); err != nil {
			t.Fatal(err)
		}
		n, err := st.AdoptQuestionReports(ctx)
		if err != nil || n != 1 {
			t.Fatalf("adopt: %d %v", n, err)
		}
		if n, _ := st.AdoptQuestionReports(ctx); n != 0 {
			t.Fatalf("adopted twice: %d", n)
		}
		cs, _ := st.ListCasesByReporter(ctx, ms[0].ID)
		if len(cs) != 1 || cs[0].TargetType != creatorclub.TargetQuestion || cs[0].TargetUserID != ms[1].ID {
			t.Fatalf("adopted: %+v", cs)
		}
		msgs, _ := st.Messages(ctx, cs[0].ID, false)
		if msgs[0].Body != "propos haineux envers une autre créatrice" {
			t.Fatalf("reason: %q", msgs[0].Body)
		}
		var reason string
		db.Read.QueryRowContext(ctx, `SELECT reason FROM question_reports`).Scan(&reason)
		if reason != "" {
			t.Fatalf("reason left in clear: %q", reason)
		}
	})
}
