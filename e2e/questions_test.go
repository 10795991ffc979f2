package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/app"
)

// liveTimeout bounds the wait for a change to reach another browser over the
// question stream; the hub batches changes for about 100 ms.
const liveTimeout = 5 * time.Second

// markNoReload sets a marker on the page's window: a navigation or reload
// drops it, so finding it later proves the page changed in place.
func markNoReload(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, "set the no-reload marker", chromedp.Evaluate[chromedp.Void](`window.__noReload = 1`))
}

// wantNoReload fails the test unless the marker set by markNoReload is still
// on the page.
func wantNoReload(t *testing.T, ctx context.Context, who string) {
	t.Helper()
	if !get(t, ctx, "read the no-reload marker", chromedp.Evaluate[bool](`window.__noReload === 1`)) {
		t.Fatalf("%s's page was reloaded or navigated, want it updated in place\n%s", who, pageState(ctx))
	}
}

// waitFor polls the JavaScript predicate js on the page until it is true, for
// up to liveTimeout, and fails the test with what if it never is.
func waitFor(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	stepCtx, cancel := context.WithTimeout(ctx, liveTimeout+2*time.Second)
	defer cancel()
	_, err := chromedp.Run(stepCtx, chromedp.Poll[bool](js,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(liveTimeout)))
	if err != nil {
		t.Fatalf("%s: not within %v: %v\n%s", what, liveTimeout, err, pageState(ctx))
	}
}

// displayed is a JavaScript expression that is true when the element sel
// exists and is rendered (not display: none, nor inside such an element).
func displayed(sel string) string {
	return fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.checkVisibility(); })()`, sel)
}

// signInSession is a browser session and the address to sign it in with.
type signInSession struct {
	ctx   context.Context
	email string
}

// signInAll signs each session in through its mailed link, as signIn does,
// but asks for every link before waiting for the mail, so that the job queue
// sends them together.
func signInAll(t *testing.T, m *app.Main, sessions ...signInSession) {
	t.Helper()
	before := outboxFiles(t, m)
	for _, s := range sessions {
		open(t, s.ctx, m, "/connexion")
		do(t, s.ctx, "type the address", chromedp.SendKeys(css("#email"), s.email))
		if status := click(t, s.ctx, `form[action="/connexion"] button[type=submit]`); status != 200 {
			t.Fatalf("sign-in request for %s answered %d\n%s", s.email, status, pageState(s.ctx))
		}
		wantText(t, s.ctx, "#signin-sent", s.email)
	}
	for _, s := range sessions {
		link := signInLink(t, m, waitForMail(t, m, s.email, before))
		if status := confirmSignIn(t, s.ctx, link); status != 200 {
			t.Fatalf("signing %s in answered %d\n%s", s.email, status, pageState(s.ctx))
		}
		wantPath(t, s.ctx, "/accueil")
	}
}

// pageHTML returns the whole document as the browser now has it.
func pageHTML(t *testing.T, ctx context.Context) string {
	t.Helper()
	return get(t, ctx, "read the page's HTML", chromedp.OuterHTML(css("html")))
}

// TestQuestionBoxLive runs the live question box in three browsers: a member
// asks an anonymous question in a speaker's box, and another member's open
// page shows it without reloading and without the author; that member's vote
// reaches the author's page, and a moderator marking the question answered
// reaches both members' pages, all over the question stream.
func TestQuestionBoxLive(t *testing.T) {
	t.Parallel()
	m := MustRunMain(t)
	bg := context.Background()
	moderator := &creatorclub.User{Email: "modo@exemple.fr", FirstName: "Camille", LastName: "Roux", Role: creatorclub.RoleModerator}
	if err := m.DB.CreateUser(bg, moderator); err != nil {
		t.Fatalf("create the moderator: %v", err)
	}
	mustImport(t, m,
		member(2, "CC-2026-0101", "Léa", "Martin", "lea.martin@exemple.fr"),
		member(3, "CC-2026-0102", "Hugo", "Bernard", "hugo.bernard@exemple.fr"))
	const nameA = "Léa Martin"

	start := time.Now().UTC().Add(3 * 24 * time.Hour).Truncate(time.Minute)
	ev := &creatorclub.Event{Kind: creatorclub.KindMeeting, Title: "Santé mentale des créateurs",
		StartsAt: start, EndsAt: start.Add(90 * time.Minute), TimeZone: "Europe/Paris",
		Audience: creatorclub.AudienceMembers, Status: creatorclub.EventPublished, CreatedBy: moderator.ID,
		Slots: []creatorclub.Slot{
			{SpeakerName: "Dr Marc Olivier", SpeakerRole: "psychologue", Topic: "Tenir face à la pression", Minutes: 20},
			{SpeakerName: "Nadia Benali", Topic: "Harcèlement en ligne", Minutes: 25}}}
	if err := m.DB.CreateEvent(bg, ev, nil); err != nil {
		t.Fatalf("create the event: %v", err)
	}
	boxes, err := m.DB.ListBoxes(bg, ev.ID)
	if err != nil {
		t.Fatalf("list the boxes: %v", err)
	}
	if len(boxes) != 3 || boxes[0].SlotID != 0 || boxes[1].SlotID != ev.Slots[0].ID || boxes[2].SlotID != ev.Slots[1].ID {
		t.Fatalf("boxes = %+v, want the whole event's, then one per slot in agenda order", boxes)
	}
	box := boxes[1] // Dr Marc Olivier's talk
	boxSel := fmt.Sprintf(`section.box[data-box="%d"]`, box.ID)
	page := fmt.Sprintf("/evenements/%d/questions", ev.ID)

	// 1. Two members and a moderator open the questions page.
	aCtx := newBrowser(t)
	bCtx := newSession(t, aCtx)
	modCtx := newSession(t, aCtx)
	people := []signInSession{{aCtx, "lea.martin@exemple.fr"}, {bCtx, "hugo.bernard@exemple.fr"}, {modCtx, moderator.Email}}
	signInAll(t, m, people...)
	for _, s := range people {
		if status := open(t, s.ctx, m, page); status != 200 {
			t.Fatalf("%s: the questions page answered %d\n%s", s.email, status, pageState(s.ctx))
		}
		wantText(t, s.ctx, "h1", "Boîte à questions")
		if n := get(t, s.ctx, "count the boxes", chromedp.Evaluate[int](`document.querySelectorAll("section.box").length`)); n != 3 {
			t.Fatalf("%s sees %d boxes, want 3\n%s", s.email, n, pageState(s.ctx))
		}
		// The page's script is connected to the stream.
		waitFor(t, s.ctx, s.email+" sees the stream connected",
			`document.querySelector("#questions .live-status").textContent.includes("en direct")`)
	}
	wantText(t, aCtx, boxSel+" h2", "Tenir face à la pression")
	wantAbsent(t, modCtx, boxSel+" form.ask") // staff do not ask
	markNoReload(t, bCtx)
	markNoReload(t, modCtx)

	// 2. A asks an anonymous question in the first speaker's box.
	const question = "Comment ne plus lire les commentaires la nuit sans couper le contact avec ma communauté ?"
	do(t, aCtx, "write the question",
		chromedp.SendKeys(css("#text-"+itoa64(box.ID)), question),
		chromedp.Click(css("#v-anon-"+itoa64(box.ID))),
	)
	if status := click(t, aCtx, boxSel+" .ask-btn"); status != 200 {
		t.Fatalf("asking answered %d\n%s", status, pageState(aCtx))
	}
	wantPath(t, aCtx, page)
	wantText(t, aCtx, ".flash", "Question publiée")
	qs, err := m.DB.ListQuestions(bg, ev.ID, 0)
	if err != nil {
		t.Fatalf("list the questions: %v", err)
	}
	if len(qs) != 1 || qs[0].BoxID != box.ID || qs[0].Visibility != creatorclub.VisibilityAnonymous ||
		qs[0].Status != creatorclub.QuestionVisible || qs[0].Text != question {
		t.Fatalf("stored questions = %+v, want one visible anonymous question in box %d", qs, box.ID)
	}
	q := qs[0]
	qSel := fmt.Sprintf("#q-%d", q.ID)
	wantText(t, aCtx, boxSel+" "+qSel+" .q-text", question)
	markNoReload(t, aCtx) // A's page reloaded after posting; from now on it must not

	// B's page shows it, in the right box, without reloading.
	waitFor(t, bCtx, "B sees the new question", fmt.Sprintf(
		`(() => { const li = document.querySelector(%q); return !!li && li.querySelector(".q-text").textContent.trim() === %q; })()`,
		boxSel+" ol.questions "+qSel, question))
	wantNoReload(t, bCtx, "B")
	// Its actions, built from the page's template, are a group named by the
	// question itself, as on a page the server renders.
	for _, s := range []struct {
		who string
		ctx context.Context
	}{{"B", bCtx}, {"the moderator", modCtx}} {
		waitFor(t, s.ctx, s.who+" sees the question's actions named by its text", fmt.Sprintf(
			`(() => { const g = document.querySelector(%q); if (!g || g.getAttribute("role") !== "group") return false;
			   const l = document.getElementById(g.getAttribute("aria-labelledby")); return !!l && l.textContent.trim() === %q; })()`,
			qSel+" .q-actions", question))
	}
	if n := get(t, bCtx, "count B's questions", chromedp.Evaluate[int](`document.querySelectorAll("li.q").length`)); n != 1 {
		t.Errorf("B's page shows %d questions, want 1 (in box %d only)", n, box.ID)
	}
	if author := text(t, bCtx, qSel+" .q-author"); author != "" && author != "Anonyme" {
		t.Errorf("B sees the anonymous question's author as %q, want « Anonyme » or nothing", author)
	}
	if html := pageHTML(t, bCtx); strings.Contains(html, nameA) || strings.Contains(html, "Martin") {
		t.Errorf("B's page names the author of the anonymous question (%q):\n%s", nameA, html)
	}
	// The moderator's page gets it too, without the author either.
	waitFor(t, modCtx, "the moderator sees the new question", fmt.Sprintf(`!!document.querySelector(%q)`, boxSel+" ol.questions "+qSel))
	wantNoReload(t, modCtx, "the moderator")
	if html := pageHTML(t, modCtx); strings.Contains(html, nameA) || strings.Contains(html, "Martin") {
		t.Errorf("the moderator's page names the author of the anonymous question (%q):\n%s", nameA, html)
	}
	if author := text(t, modCtx, qSel+" .q-author"); author != "" && author != "Anonyme" {
		t.Errorf("the moderator sees the anonymous question's author as %q, want « Anonyme » or nothing", author)
	}
	// Nor on A's own page, which A reloaded: anonymous means to everyone.
	if author := text(t, aCtx, qSel+" .q-author"); strings.Contains(author, "Martin") {
		t.Errorf("A's own anonymous question shows the author %q", author)
	}
	wantAbsent(t, aCtx, qSel+" .vote-btn") // no voting for one's own question

	// 3. B votes « Moi aussi »: the count reaches A's page.
	wantText(t, bCtx, qSel+" .vote-btn", "Moi aussi")
	do(t, bCtx, "vote", chromedp.Click(css(qSel+" .vote-btn")))
	waitFor(t, aCtx, "A sees one vote", fmt.Sprintf(`document.querySelector(%q).textContent.trim() === "1"`, qSel+" .q-votes"))
	wantNoReload(t, aCtx, "A")
	waitFor(t, bCtx, "B sees the vote counted and pressed", fmt.Sprintf(
		`document.querySelector(%q).textContent.trim() === "1" && document.querySelector(%q).getAttribute("aria-pressed") === "true"`,
		qSel+" .q-votes", qSel+" .vote-btn"))
	wantNoReload(t, bCtx, "B")
	if got, err := m.DB.FindQuestion(bg, q.ID); err != nil || got.Votes != 1 {
		t.Errorf("stored question after B's vote: %+v (%v), want 1 vote", got, err)
	}
	screenshot(t, bCtx, "questions.png")

	// 4. The moderator marks it answered (a form post that reloads the
	// moderator's page): the badge shows on both members' pages.
	for _, who := range []struct {
		name string
		ctx  context.Context
	}{{"A", aCtx}, {"B", bCtx}} {
		for _, b := range []string{"answered", "pinned"} {
			sel := qSel + " .q-" + b
			if !get(t, who.ctx, "read the "+b+" badge", chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%q).hidden`, sel))) {
				t.Fatalf("%s's page: %s has no hidden attribute before the moderator acted\n%s", who.name, sel, pageState(who.ctx))
			}
			// The attribute is not enough: a stylesheet can display it anyway.
			if get(t, who.ctx, "see the "+b+" badge", chromedp.Evaluate[bool](displayed(sel))) {
				t.Errorf("%s's page displays the %q badge %s although it has the hidden attribute (computed display %q): "+
					"every question looks %s; a CSS display rule overrides [hidden]",
					who.name, text(t, who.ctx, sel), sel,
					get(t, who.ctx, "read the display", chromedp.Evaluate[string](fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).display`, sel))), b)
			}
		}
	}
	wantText(t, modCtx, qSel+` form.mod button[value="answer"]`, "Répondue")
	if status := click(t, modCtx, qSel+` form.mod button[value="answer"]`); status != 200 {
		t.Fatalf("marking the question answered answered %d\n%s", status, pageState(modCtx))
	}
	wantPath(t, modCtx, page)
	do(t, modCtx, "see the answered badge after reloading", chromedp.WaitVisible(css(qSel+" .q-answered")))
	badge := fmt.Sprintf(`(() => { const b = document.querySelector(%q); return !!b && !b.hidden; })() && %s`, qSel+" .q-answered", displayed(qSel+" .q-answered"))
	waitFor(t, aCtx, "A sees the answered badge", badge)
	waitFor(t, bCtx, "B sees the answered badge", badge)
	wantNoReload(t, aCtx, "A")
	wantNoReload(t, bCtx, "B")
	wantText(t, bCtx, qSel+" .q-answered", "répondue") // the badge; the button says « Répondue »
	if got, err := m.DB.FindQuestion(bg, q.ID); err != nil || !got.Answered {
		t.Errorf("stored question after the moderator's answer: %+v (%v), want answered", got, err)
	}
}

func itoa64(n int64) string { return fmt.Sprint(n) }
