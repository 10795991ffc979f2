package sqldb_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

func boxes(t *testing.T, db *sqldb.DB, ev *creatorclub.Event) []*creatorclub.Box {
	t.Helper()
	bs, err := db.ListBoxes(ctx, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	return bs
}

func TestQuestionBoxesFollowTheAgenda(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		ev := newEvent(t, db, 0)
		bs := boxes(t, db, ev)
		if len(bs) != 3 || bs[0].SlotID != 0 || bs[1].Title != "Pression des marques" || bs[2].Title != "Harcèlement" {
			t.Fatalf("boxes: %+v", bs)
		}
		// Editing the agenda keeps slot ids, hence boxes and their questions.
		q, err := db.AskQuestion(ctx, bs[1].ID, members(t, db, 1)[0].ID, "Comment refuser une marque insistante ?", creatorclub.VisibilityAnonymous, false)
		if err != nil {
			t.Fatal(err)
		}
		ev.Slots[0].Topic = "Pression des marques et contrats"
		if _, err := db.UpdateEvent(ctx, ev, nil); err != nil {
			t.Fatal(err)
		}
		bs2 := boxes(t, db, ev)
		if bs2[1].ID != bs[1].ID || bs2[1].Title != "Pression des marques et contrats" {
			t.Fatalf("box moved: %+v", bs2[1])
		}
		if got, _ := db.FindQuestion(ctx, q.ID); got.BoxID != bs[1].ID {
			t.Fatal("question lost its box")
		}
	})
}

func TestAskAndModerate(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		ev := newEvent(t, db, 0)
		bs := boxes(t, db, ev)
		ms := members(t, db, 2)
		for _, bad := range []string{"", "   ", strings.Repeat("é", creatorclub.MaxQuestionLength+1)} {
			if _, err := db.AskQuestion(ctx, bs[0].ID, ms[0].ID, bad, creatorclub.VisibilityNamed, false); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
				t.Errorf("bad text %q: %v", bad[:min(len(bad), 10)], err)
			}
		}
		if _, err := db.AskQuestion(ctx, bs[0].ID, ms[0].ID, "ok", "secret", false); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Fatalf("bad visibility: %v", err)
		}
		if _, err := db.AskQuestion(ctx, 99999, ms[0].ID, "ok", creatorclub.VisibilityNamed, false); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Fatalf("forged box: %v", err)
		}
		if qs, _ := db.ListQuestions(ctx, ev.ID, 0); len(qs) != 0 {
			t.Fatal("refused questions were stored")
		}
		named, _ := db.AskQuestion(ctx, bs[0].ID, ms[0].ID, "Première question", creatorclub.VisibilityNamed, false)
		anon, _ := db.AskQuestion(ctx, bs[0].ID, ms[1].ID, "Question anonyme", creatorclub.VisibilityAnonymous, false)
		flagged, _ := db.AskQuestion(ctx, bs[0].ID, ms[1].ID, "Question signalée", creatorclub.VisibilityNamed, true)
		if named.Status != creatorclub.QuestionVisible || named.AuthorName == "" || anon.AuthorName != "" || flagged.Status != creatorclub.QuestionPending {
			t.Fatalf("asked: %+v %+v %+v", named, anon, flagged)
		}
		// A pre-moderated box holds questions until approved.
		bs[1].Moderation = creatorclub.ModerationPre
		if err := db.UpdateBox(ctx, bs[1]); err != nil {
			t.Fatal(err)
		}
		pre, _ := db.AskQuestion(ctx, bs[1].ID, ms[0].ID, "En attente", creatorclub.VisibilityNamed, false)
		if pre.Status != creatorclub.QuestionPending {
			t.Fatalf("pre-moderated: %s", pre.Status)
		}
		if q, _ := db.ModerateQuestion(ctx, pre.ID, sqldb.ActApprove, ""); q.Status != creatorclub.QuestionVisible {
			t.Fatal("approve")
		}
		// Pinning one unpins the other.
		db.ModerateQuestion(ctx, named.ID, sqldb.ActPin, "")
		db.ModerateQuestion(ctx, anon.ID, sqldb.ActPin, "")
		if q, _ := db.FindQuestion(ctx, named.ID); q.Pinned {
			t.Fatal("two pinned questions")
		}
		// An edit keeps the original.
		q, err := db.ModerateQuestion(ctx, anon.ID, sqldb.ActEdit, "Question anonyme, reformulée")
		if err != nil || q.Text != "Question anonyme, reformulée" || q.OriginalText != "Question anonyme" {
			t.Fatalf("edit: %+v %v", q, err)
		}
		q, _ = db.ModerateQuestion(ctx, anon.ID, sqldb.ActEdit, "Deuxième retouche")
		if q.OriginalText != "Question anonyme" {
			t.Fatal("a second edit lost the original")
		}
		if q, _ := db.ModerateQuestion(ctx, named.ID, sqldb.ActAnswer, ""); !q.Answered {
			t.Fatal("answer")
		}
		if _, err := db.ModerateQuestion(ctx, named.ID, "explode", ""); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Fatalf("bad action: %v", err)
		}
		// Only the author may withdraw.
		if err := db.WithdrawQuestion(ctx, named.ID, ms[1].ID); creatorclub.ErrorCode(err) != creatorclub.EFORBIDDEN {
			t.Fatalf("withdraw by another: %v", err)
		}
		if err := db.WithdrawQuestion(ctx, named.ID, ms[0].ID); err != nil {
			t.Fatal(err)
		}
		// Every change is in the log, in order.
		log, _ := db.QuestionLog(ctx, ev.ID, 0, 0)
		for i := 1; i < len(log); i++ {
			if log[i].ID <= log[i-1].ID {
				t.Fatal("log out of order")
			}
		}
		if len(log) < 10 {
			t.Fatalf("%d log entries", len(log))
		}
		if err := db.ReportQuestion(ctx, anon.ID, ms[0].ID, "Propos déplacés"); err != nil {
			t.Fatal(err)
		}
		if err := db.ReportQuestion(ctx, anon.ID, ms[0].ID, "Encore"); creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			t.Fatalf("double report: %v", err)
		}
	})
}

// TestConcurrentVotes toggles votes from many goroutines: no vote is lost or
// counted twice.
func TestConcurrentVotes(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		ev := newEvent(t, db, 0)
		bs := boxes(t, db, ev)
		ms := members(t, db, 30)
		q, _ := db.AskQuestion(ctx, bs[0].ID, ms[0].ID, "Votez", creatorclub.VisibilityNamed, false)
		var wg sync.WaitGroup
		// Each member toggles 3 times (ends voted), members 0-9 a 4th time (ends not voted).
		for i, m := range ms {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n := 3
				if i < 10 {
					n = 4
				}
				for k := 0; k < n; k++ {
					if _, _, err := db.ToggleVote(ctx, q, m.ID); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		got, _ := db.FindQuestion(ctx, q.ID)
		if got.Votes != 20 {
			t.Fatalf("votes = %d, want 20", got.Votes)
		}
		voted, count, err := db.ToggleVote(ctx, q, ms[0].ID)
		if err != nil || !voted || count != 21 {
			t.Fatalf("toggle: %v %d %v", voted, count, err)
		}
		// A forged question, or one of another event, is not found and
		// nothing is written.
		last, _ := db.LastQuestionLogID(ctx, q.EventID)
		for _, forged := range []*creatorclub.Question{{ID: q.ID + 1000, EventID: q.EventID}, {ID: q.ID, EventID: q.EventID + 1000}} {
			if _, _, err := db.ToggleVote(ctx, forged, ms[0].ID); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
				t.Fatalf("vote for %+v: %v", forged, err)
			}
		}
		if after, _ := db.LastQuestionLogID(ctx, q.EventID); after != last {
			t.Fatal("a refused vote was logged")
		}
		if got, _ := db.FindQuestion(ctx, q.ID); got.Votes != 21 {
			t.Fatalf("votes = %d after refused votes", got.Votes)
		}
	})
}

func TestMergeCombinesVotes(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixClock(db, now0)
		ev := newEvent(t, db, 0)
		bs := boxes(t, db, ev)
		ms := members(t, db, 5)
		a, _ := db.AskQuestion(ctx, bs[0].ID, ms[0].ID, "Comment gérer le harcèlement ?", creatorclub.VisibilityNamed, false)
		b, _ := db.AskQuestion(ctx, bs[0].ID, ms[1].ID, "Que faire face au harcèlement ?", creatorclub.VisibilityAnonymous, false)
		for _, m := range ms[2:4] {
			db.ToggleVote(ctx, a, m.ID)
		}
		for _, m := range ms[3:5] { // ms[3] voted for both
			db.ToggleVote(ctx, b, m.ID)
		}
		if err := db.MergeQuestion(ctx, b.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		got, _ := db.FindQuestion(ctx, a.ID)
		// ms[2], ms[3], ms[4], and b's author ms[1].
		if got.Votes != 4 {
			t.Fatalf("merged votes = %d, want 4", got.Votes)
		}
		if dup, _ := db.FindQuestion(ctx, b.ID); dup.Status != creatorclub.QuestionMerged || dup.MergedInto != a.ID {
			t.Fatalf("duplicate: %+v", dup)
		}
		if err := db.MergeQuestion(ctx, a.ID, a.ID); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Fatalf("self merge: %v", err)
		}
	})
}
