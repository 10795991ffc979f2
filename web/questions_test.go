package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/files"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
	"github.com/creatorclub/creatorclub/web"
)

// sseEvent is one Server-Sent Event as a client receives it.
type sseEvent struct {
	ID   int64
	Name string
	Data string
}

// stream opens an event's question stream for a client and returns the
// events as they arrive; it stops when the test ends.
func (e *env) stream(c *http.Client, eventID int64, lastID string) <-chan sseEvent {
	e.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	e.t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/evenements/%d/questions/flux", e.ts.URL, eventID), nil)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		e.t.Fatalf("stream: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	out := make(chan sseEvent, 1000)
	go func() {
		defer res.Body.Close()
		defer close(out)
		sc := bufio.NewScanner(res.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.Data != "" {
					out <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "id: "):
				ev.ID, _ = strconv.ParseInt(line[4:], 10, 64)
			case strings.HasPrefix(line, "event: "):
				ev.Name = line[7:]
			case strings.HasPrefix(line, "data: "):
				ev.Data = line[6:]
			}
		}
	}()
	return out
}

// next waits for the next event with a question of text (or any when text is "").
func next(t *testing.T, ch <-chan sseEvent, contains string) sseEvent {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatal("stream closed")
			}
			if strings.Contains(ev.Data, contains) {
				return ev
			}
		case <-deadline:
			t.Fatalf("no event containing %q within 5 s", contains)
		}
	}
}

func boxOf(t *testing.T, db *sqldb.DB, ev *creatorclub.Event, i int) *creatorclub.Box {
	t.Helper()
	bs, err := db.ListBoxes(ctx, ev.ID)
	if err != nil || len(bs) <= i {
		t.Fatalf("boxes: %v %v", bs, err)
	}
	return bs[i]
}

func ask(e *env, c *http.Client, box *creatorclub.Box, text, visibility string) resp {
	return e.post(c, fmt.Sprintf("/questions/boites/%d/poser", box.ID), url.Values{"text": {text}, "visibility": {visibility}})
}

// TestAnonymityNeverLeaks renders every view a non-safety user can reach —
// member page, speaker's presenter view, moderator page, exports, the live
// stream — and checks that nothing identifies the author of an anonymous
// question: not the name, handle, id or email.
func TestAnonymityNeverLeaks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ev := e.event(creatorclub.AudienceMembers)
		author := &creatorclub.User{Email: "ines.secret@exemple.fr", FirstName: "Inès", LastName: "Discrète", DisplayName: "Inès D.", Role: creatorclub.RoleMember,
			Cert:    &creatorclub.Certification{Number: "SECRET-4242", Status: creatorclub.CertActive, CertifiedOn: time.Now().AddDate(-1, 0, 0), ExpiresOn: time.Now().AddDate(1, 0, 0)},
			Handles: []creatorclub.Handle{{Platform: "instagram", Handle: "ines.cachee"}}}
		if err := db.CreateUser(ctx, author); err != nil {
			t.Fatal(err)
		}
		speakerUser := e.user(creatorclub.RoleSpeaker)
		ev.Slots[0].SpeakerID = speakerUser.ID
		if _, err := db.UpdateEvent(ctx, ev, nil); err != nil {
			t.Fatal(err)
		}
		member, mod := e.signIn(e.user(creatorclub.RoleMember)), e.signIn(e.user(creatorclub.RoleModerator))
		speaker := e.signIn(speakerUser)
		streams := map[string]<-chan sseEvent{
			"member": e.stream(member, ev.ID, ""), "moderator": e.stream(mod, ev.ID, ""), "speaker": e.stream(speaker, ev.ID, ""),
		}
		ac := e.signIn(author)
		box := boxOf(t, db, ev, 1)
		if r := ask(e, ac, box, "On me harcèle après une collaboration, que faire ?", creatorclub.VisibilityAnonymous); r.code != 303 {
			t.Fatalf("ask: %d %s", r.code, r.body)
		}
		q, _ := db.ListQuestions(ctx, ev.ID, 0)
		qid := q[0].ID
		// Votes, answer and pin produce more stream traffic about it.
		e.post(member, fmt.Sprintf("/questions/%d/vote", qid), nil)
		e.post(mod, fmt.Sprintf("/questions/%d/moderer", qid), url.Values{"action": {"pin"}})
		secrets := []string{"Inès", "Discr", "ines.secret", "ines.cachee", "SECRET-4242", fmt.Sprintf(`"author_id":%d`, author.ID),
			fmt.Sprintf("/membres/%d", author.ID), fmt.Sprintf("user:%d", author.ID)}
		check := func(where, body string) {
			t.Helper()
			for _, s := range secrets {
				if strings.Contains(body, s) {
					t.Errorf("%s shows %q about the anonymous author", where, s)
				}
			}
		}
		views := map[string]resp{
			"member page":     e.get(member, fmt.Sprintf("/evenements/%d/questions", ev.ID)),
			"moderator page":  e.get(mod, fmt.Sprintf("/evenements/%d/questions", ev.ID)),
			"speaker page":    e.get(speaker, fmt.Sprintf("/evenements/%d/questions", ev.ID)),
			"presenter view":  e.get(speaker, fmt.Sprintf("/evenements/%d/questions/presentateur", ev.ID)),
			"CSV export":      e.get(mod, fmt.Sprintf("/gestion/evenements/%d/export/questions.csv", ev.ID)),
			"Markdown export": e.get(mod, fmt.Sprintf("/gestion/evenements/%d/export/questions.md", ev.ID)),
		}
		for where, r := range views {
			if r.code != 200 || !strings.Contains(r.body, "On me harcèle") {
				t.Errorf("%s: %d, question missing", where, r.code)
			}
			check(where, r.body)
		}
		for who, ch := range streams {
			ev := next(t, ch, `"pinned":true`)
			check(who+" stream", ev.Data)
		}
		// The audit log and the logs see ids of actions, never who asked.
		entries, _, _ := db.ListAudit(ctx, creatorclub.AuditFilter{Action: "question."})
		for _, en := range entries {
			check("audit entry", en.Detail+en.TargetID)
		}
		// A safety officer can reveal, with a reason, and it is audited.
		safety := e.user(creatorclub.RoleSafety)
		sc := e.signIn(safety)
		if r := e.post(sc, fmt.Sprintf("/questions/%d/reveler", qid), url.Values{"reason": {"court"}}); r.code != 400 {
			t.Fatalf("reveal without a real reason: %d", r.code)
		}
		r := e.post(sc, fmt.Sprintf("/questions/%d/reveler", qid), url.Values{"reason": {"Menaces graves signalées par l'intervenant"}})
		if r.code != 200 || !strings.Contains(r.body, "ines.secret@exemple.fr") {
			t.Fatalf("reveal: %d", r.code)
		}
		audit, _, _ := db.ListAudit(ctx, creatorclub.AuditFilter{Action: "question.reveal_author"})
		if len(audit) != 1 || audit[0].ActorID != safety.ID || !strings.Contains(audit[0].Detail, "Menaces graves") {
			t.Fatalf("reveal audit: %+v", audit)
		}
		// Moderators cannot reveal.
		if r := e.post(mod, fmt.Sprintf("/questions/%d/reveler", qid), url.Values{"reason": {"Je veux savoir qui c'est"}}); r.code != 403 {
			t.Fatalf("moderator reveal: %d", r.code)
		}
	})
}

// TestLiveStreamReplay checks that a client reconnecting with Last-Event-ID
// gets exactly what it missed, in order, then live changes.
func TestLiveStreamReplay(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ev := e.event(creatorclub.AudienceMembers)
		box := boxOf(t, db, ev, 0)
		asker, viewer := e.signIn(e.user(creatorclub.RoleMember)), e.signIn(e.user(creatorclub.RoleMember))
		asker2 := e.signIn(e.user(creatorclub.RoleMember)) // three questions in a row is the rate limit
		ch := e.stream(viewer, ev.ID, "")
		ask(e, asker, box, "Question 1", "named")
		first := next(t, ch, "Question 1")
		// The viewer goes away; three questions are asked meanwhile.
		for i := 2; i <= 4; i++ {
			c := asker
			if i == 4 {
				c = asker2
			}
			if r := ask(e, c, box, fmt.Sprintf("Question %d", i), "named"); r.code != 303 {
				t.Fatalf("ask %d: %d", i, r.code)
			}
		}
		// It comes back with the id of the last event it saw.
		ch2 := e.stream(viewer, ev.ID, strconv.FormatInt(first.ID, 10))
		var got []string
		var last int64 = first.ID
		for len(got) < 3 {
			ev := next(t, ch2, "Question")
			if ev.ID <= last {
				t.Fatalf("id %d after %d: duplicate or out of order", ev.ID, last)
			}
			last = ev.ID
			var q struct{ Text string }
			json.Unmarshal([]byte(ev.Data), &q)
			got = append(got, q.Text)
		}
		if strings.Join(got, ",") != "Question 2,Question 3,Question 4" {
			t.Fatalf("replayed %v", got)
		}
		// Then live: a vote arrives once.
		q1, _ := db.ListQuestions(ctx, ev.ID, 0)
		e.post(asker, fmt.Sprintf("/questions/%d/vote", q1[1].ID), nil)
		vote := next(t, ch2, `"votes":1`)
		if vote.ID <= last {
			t.Fatal("live event older than the replay")
		}
		select {
		case extra := <-ch2:
			if extra.ID <= vote.ID {
				t.Fatalf("duplicate event %d", extra.ID)
			}
		case <-time.After(400 * time.Millisecond):
		}
	})
}

// TestTwoInstances runs two servers on one PostgreSQL database: a question
// posted through one reaches a viewer connected to the other.
func TestTwoInstances(t *testing.T) {
	engines := sqldbtest.Engines(t)
	if len(engines) < 2 {
		t.Skip("PostgreSQL not reachable: cross-instance delivery needs it")
	}
	url := sqldbtest.DatabaseURL(t)
	open := func() *sqldb.DB {
		db, err := sqldb.Open(ctx, "", url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		return db
	}
	dbA, dbB := open(), open()
	a := newEnv(t, dbA)
	b := newEnvOn(t, dbB)
	ev := a.event(creatorclub.AudienceMembers)
	viewer := a.user(creatorclub.RoleMember)
	asker := a.user(creatorclub.RoleMember)
	ch := b.stream(b.signIn(viewer), ev.ID, "")
	time.Sleep(300 * time.Millisecond) // B's LISTEN is in place
	if r := ask(a, a.signIn(asker), boxOf(t, dbA, ev, 0), "Posée sur l'instance A", "named"); r.code != 303 {
		t.Fatalf("ask on A: %d", r.code)
	}
	got := next(t, ch, "Posée sur l'instance A")
	if got.ID == 0 {
		t.Fatal("no id on the cross-instance event")
	}
}

// newEnvOn is newEnv for a second server on the same database.
func newEnvOn(t *testing.T, db *sqldb.DB) *env {
	t.Helper()
	box := &outbox{}
	var srv *web.Server
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { srv.ServeHTTP(w, r) }))
	t.Cleanup(ts.Close)
	store, _ := files.NewStore(t.TempDir())
	var err error
	srv, err = web.NewServer(db, box, store, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{BaseURL: ts.URL})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return &env{t: t, db: db, srv: srv, ts: ts, box: box}
}

func TestQuestionBadInput(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clk := useClock(db)
		e := newEnv(t, db)
		ev := e.event(creatorclub.AudienceMembers)
		committee := e.event(creatorclub.AudienceCommittee)
		box, hidden := boxOf(t, db, ev, 0), boxOf(t, db, committee, 0)
		m := e.signIn(e.user(creatorclub.RoleMember))
		cases := []struct {
			name string
			r    resp
			code int
		}{
			{"empty", ask(e, m, box, "   ", "named"), 400},
			{"too long", ask(e, m, box, strings.Repeat("x", 501), "named"), 400},
			{"bad visibility", ask(e, m, box, "ok", "public"), 400},
			{"forged box", e.post(m, "/questions/boites/999999/poser", url.Values{"text": {"ok"}, "visibility": {"named"}}), 404},
			{"box of an event the member cannot see", ask(e, m, hidden, "ok", "named"), 404},
			{"stream of an event the member cannot see", e.get(m, fmt.Sprintf("/evenements/%d/questions/flux", committee.ID)), 404},
			{"vote on a forged question", e.post(m, "/questions/999999/vote", nil), 404},
		}
		for _, c := range cases {
			if c.r.code != c.code {
				t.Errorf("%s: %d, want %d", c.name, c.r.code, c.code)
			}
		}
		if qs, _ := db.ListQuestions(ctx, ev.ID, 0); len(qs) != 0 {
			t.Fatalf("%d questions stored from bad input", len(qs))
		}
		// Votes on a closed box are refused.
		ask(e, m, box, "Avant la fermeture", "named")
		qs, _ := db.ListQuestions(ctx, ev.ID, 0)
		other := e.signIn(e.user(creatorclub.RoleMember))
		clk.Set(ev.EndsAt.Add(creatorclub.BoxClosesAfterEnd + time.Minute))
		if r := e.post(other, fmt.Sprintf("/questions/%d/vote", qs[0].ID), nil); r.code != 409 {
			t.Fatalf("vote on a closed box: %d", r.code)
		}
		if r := ask(e, other, box, "Trop tard", "named"); r.code != 409 {
			t.Fatalf("ask in a closed box: %d", r.code)
		}
		if got, _ := db.FindQuestion(ctx, qs[0].ID); got.Votes != 0 {
			t.Fatal("a refused vote was counted")
		}
	})
}

func TestFlagRateLimitAndPreModeration(t *testing.T) {
	e := newEnv(t, sqldbtest.Open(t, sqldb.SQLite))
	ev := e.event(creatorclub.AudienceMembers)
	box := boxOf(t, e.db, ev, 0)
	author, viewer := e.user(creatorclub.RoleMember), e.signIn(e.user(creatorclub.RoleMember))
	ac := e.signIn(author)
	if r := ask(e, ac, box, "Ce connard m'insulte en commentaire", "named"); r.code != 303 {
		t.Fatalf("flagged ask: %d", r.code)
	}
	if r := e.get(viewer, fmt.Sprintf("/evenements/%d/questions", ev.ID)); strings.Contains(r.body, "connard") {
		t.Fatal("a flagged question is shown before moderation")
	}
	if r := e.get(ac, fmt.Sprintf("/evenements/%d/questions", ev.ID)); !strings.Contains(r.body, "connard") || !strings.Contains(r.body, "en attente") {
		t.Fatal("the author does not see their pending question")
	}
	ask(e, ac, box, "Deux", "named")
	ask(e, ac, box, "Trois", "named")
	if r := ask(e, ac, box, "Quatre", "named"); r.code != 429 {
		t.Fatalf("fourth question in a row: %d, want 429", r.code)
	}
	// Reports are stored for the safety desk; the author cannot see who.
	qs, _ := e.db.ListQuestions(ctx, ev.ID, 0)
	if r := e.post(viewer, fmt.Sprintf("/questions/%d/signaler", qs[1].ID), url.Values{"reason": {"Hors sujet et agressif"}}); r.code != 303 {
		t.Fatalf("report: %d", r.code)
	}
	if r := e.post(viewer, fmt.Sprintf("/questions/%d/signaler", qs[1].ID), url.Values{"reason": {"Encore"}}); r.code != 409 {
		t.Fatalf("second report: %d", r.code)
	}
}

func TestModeratorActionsUpdateBothViews(t *testing.T) {
	e := newEnv(t, sqldbtest.Open(t, sqldb.SQLite))
	ev := e.event(creatorclub.AudienceMembers)
	box := boxOf(t, e.db, ev, 0)
	a, b := e.signIn(e.user(creatorclub.RoleMember)), e.signIn(e.user(creatorclub.RoleMember))
	mod := e.signIn(e.user(creatorclub.RoleModerator))
	cha, chb := e.stream(a, ev.ID, ""), e.stream(b, ev.ID, "")
	ask(e, a, box, "Comment dire non à une marque ?", "anonymous")
	next(t, chb, "dire non")
	qs, _ := e.db.ListQuestions(ctx, ev.ID, 0)
	e.post(b, fmt.Sprintf("/questions/%d/vote", qs[0].ID), nil)
	next(t, cha, `"votes":1`)
	e.post(mod, fmt.Sprintf("/questions/%d/moderer", qs[0].ID), url.Values{"action": {"answer"}})
	next(t, cha, `"answered":true`)
	next(t, chb, `"answered":true`)
	ask(e, b, box, "Et les contrats oraux ?", "named")
	if r := e.get(mod, fmt.Sprintf("/evenements/%d/questions?filtre=sans-reponse", ev.ID)); strings.Contains(r.body, "dire non") || !strings.Contains(r.body, "contrats oraux") {
		t.Fatal("the follow-up list must hold only unanswered questions")
	}
	e.post(mod, fmt.Sprintf("/questions/%d/moderer", qs[0].ID), url.Values{"action": {"hide"}})
	next(t, chb, `"removed":true`)
	// Withdrawing is for the author only.
	if r := e.post(b, fmt.Sprintf("/questions/%d/retirer", qs[0].ID), nil); r.code != 404 && r.code != 403 {
		t.Fatalf("withdraw by another member: %d", r.code)
	}
}
