package e2e

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/app"
)

// campaignTimeout bounds the wait for a campaign's mails: the sending job
// starts within a second or two of « Envoyer maintenant ».
const campaignTimeout = 15 * time.Second

// mailHeader returns the top-level headers of the .eml file at path.
func mailHeader(t *testing.T, path string) mail.Header {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	msg, err := mail.ReadMessage(f)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return msg.Header
}

// waitForMails waits until each address in to has a mail in m's outbox,
// written since before, whose subject is subject, and returns them by
// address.
func waitForMails(t *testing.T, m *app.Main, subject string, before []string, to ...string) map[string]*sentMail {
	t.Helper()
	deadline := time.Now().Add(campaignTimeout)
	got := map[string]*sentMail{}
	for {
		names := outboxFiles(t, m)
		for _, name := range names {
			if slices.Contains(before, name) {
				continue
			}
			msg, err := readMail(filepath.Join(m.Outbox, name))
			if err != nil {
				t.Fatalf("outbox: %v", err)
			}
			if msg.Subject != subject {
				continue
			}
			for _, addr := range to {
				if msg.sentTo(addr) {
					if prev, ok := got[addr]; ok && prev.Path != msg.Path {
						t.Errorf("%s got the newsletter twice: %s and %s", addr, prev.Path, msg.Path)
					}
					got[addr] = msg
				}
			}
		}
		if len(got) == len(to) {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v, the newsletter %q reached %d of %q; the outbox holds %q", campaignTimeout, subject, len(got), to, names)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// messageIDPattern is an RFC 5322 msg-id: <local@domain>.
var messageIDPattern = regexp.MustCompile(`^<([^<>@\s]+)@([^<>@\s]+)>$`)

// wantNewsletterMail checks one member's copy of the newsletter: a
// multipart/alternative message with a text and a sanitised HTML part, and
// the list headers of RFC 2369 and RFC 8058. It returns the unsubscribe link
// and the Message-ID.
func wantNewsletterMail(t *testing.T, m *app.Main, msg *sentMail, bold, link string) (unsubscribe, messageID string) {
	t.Helper()
	h := mailHeader(t, msg.Path)
	if mt, _, err := mime.ParseMediaType(h.Get("Content-Type")); err != nil || mt != "multipart/alternative" {
		t.Errorf("mail %s: Content-Type %q (%v), want multipart/alternative", msg.Path, h.Get("Content-Type"), err)
	}
	var types []string
	for _, p := range msg.Parts {
		types = append(types, p.MediaType)
	}
	if !slices.Equal(types, []string{"text/plain", "text/html"}) {
		t.Errorf("mail %s: parts %q, want text/plain then text/html", msg.Path, types)
	}
	if !strings.Contains(msg.Text, bold) {
		t.Errorf("mail %s: the text part lacks %q:\n%s", msg.Path, bold, msg.Text)
	}
	if !strings.Contains(msg.HTML, "<strong>"+bold+"</strong>") {
		t.Errorf("mail %s: the HTML part lacks <strong>%s</strong>:\n%s", msg.Path, bold, msg.HTML)
	}
	if strings.Contains(strings.ToLower(msg.HTML), "<script") {
		t.Errorf("mail %s: the HTML part carries a <script> element:\n%s", msg.Path, msg.HTML)
	}
	if !strings.Contains(msg.HTML, `href="`+link+`"`) {
		t.Errorf("mail %s: the HTML part lacks the link to %s:\n%s", msg.Path, link, msg.HTML)
	}

	lu := h.Get("List-Unsubscribe")
	if !strings.HasPrefix(lu, "<") || !strings.HasSuffix(lu, ">") {
		t.Fatalf("mail %s: List-Unsubscribe = %q, want <URL>", msg.Path, lu)
	}
	unsubscribe = lu[1 : len(lu)-1]
	u, err := url.Parse(unsubscribe)
	if err != nil || !(u.Scheme == "https" || strings.HasPrefix(unsubscribe, m.URL+"/")) ||
		!strings.HasPrefix(u.Path, "/desabonnement/") || len(u.Path) <= len("/desabonnement/") {
		t.Errorf("mail %s: List-Unsubscribe = %q (%v), want <https://…/desabonnement/TOKEN> or <%s/desabonnement/TOKEN>", msg.Path, lu, err, m.URL)
	}
	if got := h.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("mail %s: List-Unsubscribe-Post = %q, want List-Unsubscribe=One-Click", msg.Path, got)
	}
	if h.Get("List-Id") == "" {
		t.Errorf("mail %s: no List-Id", msg.Path)
	}
	if !strings.Contains(msg.Text, unsubscribe) {
		t.Errorf("mail %s: the text part does not give the unsubscribe link %s:\n%s", msg.Path, unsubscribe, msg.Text)
	}
	if !strings.Contains(msg.HTML, unsubscribe) {
		t.Errorf("mail %s: the HTML part does not give the unsubscribe link %s", msg.Path, unsubscribe)
	}
	messageID = strings.TrimSpace(h.Get("Message-ID"))
	if !messageIDPattern.MatchString(messageID) {
		t.Errorf("mail %s: Message-ID %q, want <local@domain>", msg.Path, messageID)
	}
	return unsubscribe, messageID
}

// TestNewsletterSendArchiveUnsubscribe sends a newsletter from end to end: a
// moderator writes it in the editor (Markdown with a script that must not
// survive), sends it to the two certified members, who each get a
// multipart/alternative mail with one-click unsubscribe headers; a member
// reads it in the archive, and the other leaves the list from the mailed
// link, without signing in; the first then leaves it by the one-click POST
// a mail provider makes (RFC 8058).
func TestNewsletterSendArchiveUnsubscribe(t *testing.T) {
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
	memberA := mustFindUser(t, m, "lea.martin@exemple.fr")
	memberB := mustFindUser(t, m, "hugo.bernard@exemple.fr")
	if !memberA.Newsletter || !memberB.Newsletter {
		t.Fatalf("imported members: newsletter A %v, B %v; want both subscribed by default", memberA.Newsletter, memberB.Newsletter)
	}

	const (
		subject = "La lettre du club — décembre"
		bold    = "nouveauté"
		link    = "https://exemple.fr/veille/decembre"
	)
	body := "Bonjour à toutes et à tous,\n\nUne **" + bold + "** ce mois-ci : la [veille juridique](" + link + ") de décembre.\n\n" +
		"<script>window.__pwned = 1</script>\n\nÀ bientôt !\n"

	// 1. The moderator writes the newsletter.
	modCtx := newBrowser(t)
	signIn(t, modCtx, m, moderator.Email)
	if status := open(t, modCtx, m, "/gestion/lettres/nouvelle"); status != 200 {
		t.Fatalf("the new newsletter form answered %d\n%s", status, pageState(modCtx))
	}
	if !get(t, modCtx, "read the kind", chromedp.Evaluate[bool](`document.querySelector("#kind-newsletter").checked`)) {
		t.Errorf("the editor does not check « newsletter » by default\n%s", pageState(modCtx))
	}
	if got := get(t, modCtx, "read the audience", chromedp.Value(css("#audience"))); got != "all" {
		t.Errorf("the editor's audience is %q, want all by default", got)
	}
	do(t, modCtx, "write the newsletter",
		chromedp.SendKeys(css("#subject"), subject),
		chromedp.SetValue(css("#body"), body),
	)
	if got := get(t, modCtx, "read the subject", chromedp.Value(css("#subject"))); got != subject {
		t.Fatalf("the subject field holds %q after typing, want %q", got, subject)
	}
	if status := click(t, modCtx, "#save-campaign"); status != 200 {
		t.Fatalf("saving the newsletter answered %d\n%s", status, pageState(modCtx))
	}
	match := regexp.MustCompile(`^/gestion/lettres/(\d+)$`).FindStringSubmatch(pagePath(t, modCtx))
	if match == nil {
		t.Fatalf("after saving, the browser is on %s, want /gestion/lettres/{id}\n%s", pagePath(t, modCtx), pageState(modCtx))
	}
	id, _ := strconv.ParseInt(match[1], 10, 64)
	editPath := fmt.Sprintf("/gestion/lettres/%d", id)
	wantText(t, modCtx, ".flash", "Lettre enregistrée.")
	wantText(t, modCtx, "#campaign-status", "brouillon")

	// The preview renders the Markdown and drops the script.
	wantText(t, modCtx, "#preview h3", subject)
	if n := get(t, modCtx, "find the bold word", chromedp.Evaluate[int](fmt.Sprintf(
		`Array.from(document.querySelectorAll("#preview strong")).filter(e => e.textContent === %q).length`, bold))); n != 1 {
		t.Errorf("the preview has %d <strong>%s</strong>, want 1:\n%s", n, bold,
			get(t, modCtx, "read the preview", chromedp.Evaluate[string](`document.querySelector("#preview").innerHTML`)))
	}
	wantAbsent(t, modCtx, "#preview script")
	do(t, modCtx, "see the link", chromedp.WaitReady(css(fmt.Sprintf(`#preview a[href=%q]`, link))))
	if get(t, modCtx, "look for the script's effect", chromedp.Evaluate[bool](`window.__pwned === 1`)) {
		t.Errorf("the script in the newsletter's body ran in the moderator's page")
	}
	if html := get(t, modCtx, "read the preview", chromedp.Evaluate[string](`document.querySelector("#preview").innerHTML`)); strings.Contains(html, "__pwned = 1</script") {
		t.Errorf("the preview carries the script:\n%s", html)
	}
	wantText(t, modCtx, "main", "2 destinataires")

	c, err := m.DB.FindCampaign(bg, id)
	if err != nil {
		t.Fatalf("find campaign %d: %v", id, err)
	}
	if c.Kind != creatorclub.CampaignNewsletter || c.Subject != subject || c.Body != body ||
		c.Audience.Kind != creatorclub.AudienceAllMembers || c.Status != creatorclub.CampaignDraft {
		t.Errorf("stored campaign: kind %s, subject %q, audience %+v, status %s, body %q; want a draft newsletter to all with the body typed",
			c.Kind, c.Subject, c.Audience, c.Status, c.Body)
	}

	// 2. « Envoyer maintenant »: each member gets one copy.
	before := outboxFiles(t, m)
	if status := click(t, modCtx, "#send-campaign"); status != 200 {
		t.Fatalf("sending answered %d\n%s", status, pageState(modCtx))
	}
	wantPath(t, modCtx, editPath)
	wantText(t, modCtx, ".flash", "Envoi lancé.")
	if st := text(t, modCtx, "#campaign-status"); st != "en cours d'envoi" && st != "envoyée" {
		t.Errorf("#campaign-status after sending = %q, want « en cours d'envoi » or « envoyée »", st)
	}
	wantAbsent(t, modCtx, "#send-campaign")

	mails := waitForMails(t, m, subject, before, memberA.Email, memberB.Email)
	unsubA, idA := wantNewsletterMail(t, m, mails[memberA.Email], bold, link)
	unsubB, idB := wantNewsletterMail(t, m, mails[memberB.Email], bold, link)
	if unsubA == unsubB {
		t.Errorf("both members got the same unsubscribe link %s", unsubA)
	}
	if idA == idB {
		t.Errorf("both copies have the Message-ID %s, want one each", idA)
	}
	if a, b := messageIDPattern.FindStringSubmatch(idA), messageIDPattern.FindStringSubmatch(idB); a != nil && b != nil &&
		(a[2] != b[2] || len(a[1]) != len(b[1])) {
		t.Errorf("Message-IDs %s and %s are not of the same format", idA, idB)
	}
	for _, name := range outboxFiles(t, m) {
		if slices.Contains(before, name) {
			continue
		}
		if msg, err := readMail(filepath.Join(m.Outbox, name)); err == nil && msg.Subject == subject && msg.sentTo(moderator.Email) {
			t.Errorf("the moderator, who has no certificate, got the newsletter (%s)", name)
		}
	}

	// The moderator's page says it is sent, two of two.
	deadline := time.Now().Add(campaignTimeout)
	for {
		reload(t, modCtx)
		if text(t, modCtx, "#campaign-status") == "envoyée" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the campaign is not « envoyée » %v after both mails went out\n%s", campaignTimeout, pageState(modCtx))
		}
		time.Sleep(200 * time.Millisecond)
	}
	if sent, total := text(t, modCtx, "#p-sent"), text(t, modCtx, "#p-total"); sent != "2" || total != "2" {
		t.Errorf("progress shows %s sent of %s, want 2 of 2\n%s", sent, total, pageState(modCtx))
	}
	if failed := text(t, modCtx, "#p-failed"); failed != "0" {
		t.Errorf("progress shows %s failed, want 0", failed)
	}
	screenshot(t, modCtx, "newsletter.png")

	// 3. Member A reads it in the archive.
	aCtx := newSession(t, modCtx)
	signIn(t, aCtx, m, memberA.Email)
	if status := open(t, aCtx, m, "/lettres"); status != 200 {
		t.Fatalf("the archive answered %d\n%s", status, pageState(aCtx))
	}
	archived := fmt.Sprintf("/lettres/%d", id)
	wantText(t, aCtx, fmt.Sprintf(`a[href=%q]`, archived), subject)
	if status := click(t, aCtx, fmt.Sprintf(`a[href=%q]`, archived)); status != 200 {
		t.Fatalf("the archived newsletter answered %d\n%s", status, pageState(aCtx))
	}
	wantPath(t, aCtx, archived)
	wantText(t, aCtx, "h1", subject)
	wantText(t, aCtx, "article .description", "Une "+bold+" ce mois-ci")
	wantText(t, aCtx, "article .description strong", bold)
	wantAbsent(t, aCtx, "article script")
	if get(t, aCtx, "look for the script's effect", chromedp.Evaluate[bool](`window.__pwned === 1`)) {
		t.Errorf("the script in the newsletter's body ran in the archive")
	}

	// 4. Member B leaves the list from the mail, not signed in.
	anonCtx := newSession(t, modCtx)
	target := unsubB
	if !strings.HasPrefix(target, m.URL+"/") {
		u, _ := url.Parse(unsubB)
		target = m.URL + u.RequestURI() // a production https link, on this server
	}
	if status := get(t, anonCtx, "open the unsubscribe link", chromedp.NavigateResponse(target)).Status; status != 200 {
		t.Fatalf("the unsubscribe link answered %d\n%s", status, pageState(anonCtx))
	}
	wantAbsent(t, anonCtx, "#signout")
	wantText(t, anonCtx, "h1", "Désabonnement")
	wantText(t, anonCtx, "main", "la lettre d'information")
	if u, err := m.DB.FindUserByID(bg, memberB.ID); err != nil || !u.Newsletter {
		t.Fatalf("after only opening the link, B: %+v (%v), want still subscribed (a GET changes nothing)", u, err)
	}
	if status := click(t, anonCtx, "#confirm-unsubscribe"); status != 200 {
		t.Fatalf("confirming answered %d\n%s", status, pageState(anonCtx))
	}
	wantText(t, anonCtx, "#unsubscribed", "la lettre d'information")
	if u, err := m.DB.FindUserByID(bg, memberB.ID); err != nil || u.Newsletter {
		t.Errorf("after unsubscribing, B: newsletter %v (%v), want false", u != nil && u.Newsletter, err)
	}
	if u, err := m.DB.FindUserByID(bg, memberA.ID); err != nil || !u.Newsletter {
		t.Errorf("after B unsubscribed, A: newsletter %v (%v), want still true", u != nil && u.Newsletter, err)
	}

	// 5. A's mail provider uses the one-click header (RFC 8058): a POST from
	// its own server, without cookies nor Origin.
	target = unsubA
	if !strings.HasPrefix(target, m.URL+"/") {
		u, _ := url.Parse(unsubA)
		target = m.URL + u.RequestURI()
	}
	resp, err := http.Post(target, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		t.Fatalf("one-click POST %s: %v", target, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("one-click POST %s answered %d, want 200", target, resp.StatusCode)
	}
	if u, err := m.DB.FindUserByID(bg, memberA.ID); err != nil || u.Newsletter {
		t.Errorf("after the one-click POST, A: newsletter %v (%v), want false", u != nil && u.Newsletter, err)
	}
}
