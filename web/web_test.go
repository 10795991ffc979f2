package web_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/files"
	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/room"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
	"github.com/creatorclub/creatorclub/web"
)

var ctx = context.Background()

// outbox records queued mail; the job queue itself is tested in package jobs
// and end to end in package e2e.
type outbox struct {
	mu        sync.Mutex
	msgs      []mail.Message
	sealed    []bool  // msgs[i] was queued sealed (EnqueueSealedMail)
	reminders []int64 // events whose reminders were scheduled
	campaigns []int64 // campaigns queued for sending
}

func (o *outbox) EnqueueMail(_ context.Context, _ *sql.Tx, m mail.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.msgs = append(o.msgs, m)
	o.sealed = append(o.sealed, false)
	return nil
}

func (o *outbox) EnqueueSealedMail(_ context.Context, _ *sql.Tx, m mail.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.msgs = append(o.msgs, m)
	o.sealed = append(o.sealed, true)
	return nil
}

// unsealed returns the mails queued in clear (EnqueueMail).
func (o *outbox) unsealed() []mail.Message {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []mail.Message
	for i, m := range o.msgs {
		if !o.sealed[i] {
			out = append(out, m)
		}
	}
	return out
}

func (o *outbox) ScheduleReminders(_ context.Context, _ *sql.Tx, ev *creatorclub.Event, _ time.Time) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.reminders = append(o.reminders, ev.ID)
	return nil
}

func (o *outbox) EnqueueCampaign(_ context.Context, _ *sql.Tx, id int64) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.campaigns = append(o.campaigns, id)
	return nil
}

func (o *outbox) all() []mail.Message {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]mail.Message(nil), o.msgs...)
}

type env struct {
	t   *testing.T
	db  *sqldb.DB
	srv *web.Server
	ts  *httptest.Server
	box *outbox
}

// webConfig is the server configuration a test may adjust.
type webConfig = web.Config

func newEnv(t *testing.T, db *sqldb.DB) *env {
	t.Helper()
	return newEnvWith(t, db, nil)
}

// newEnvWith is newEnv with a configuration change.
func newEnvWith(t *testing.T, db *sqldb.DB, adjust func(*webConfig)) *env {
	t.Helper()
	box := &outbox{}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	// The base URL is only known once the test server listens.
	var srv *web.Server
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { srv.ServeHTTP(w, r) }))
	ts.Start()
	t.Cleanup(ts.Close)
	var err error
	store, err := files.NewStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cfg := web.Config{BaseURL: ts.URL, OrgName: "ARPP", ClubName: "Club des créateurs",
		OrganizerEmail: "club@club.test", Rooms: room.Config{JitsiBaseURL: "https://visio.club.test"},
		SafetyKey: bytes.Repeat([]byte{42}, 32)}
	if adjust != nil {
		adjust(&cfg)
	}
	srv, err = web.NewServer(db, box, store, logger, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return &env{t: t, db: db, srv: srv, ts: ts, box: box}
}

// client returns an HTTP client with its own cookie jar that does not follow redirects.
func (e *env) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type resp struct {
	code int
	body string
	loc  string
	hdr  http.Header
}

func (e *env) do(c *http.Client, method, path string, form url.Values, hdr ...string) resp {
	e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	reqCtx := context.Background()
	if strings.HasSuffix(strings.Split(path, "?")[0], "/flux") {
		// A live stream never ends: read what comes in half a second.
		c, cancel := context.WithTimeout(reqCtx, 500*time.Millisecond)
		defer cancel()
		reqCtx = c
	}
	req, err := http.NewRequestWithContext(reqCtx, method, e.ts.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{code: res.StatusCode, body: string(b), loc: res.Header.Get("Location"), hdr: res.Header}
}

func (e *env) get(c *http.Client, path string, hdr ...string) resp {
	return e.do(c, "GET", path, nil, hdr...)
}
func (e *env) post(c *http.Client, path string, form url.Values) resp {
	return e.do(c, "POST", path, form)
}

// signIn redeems a fresh sign-in token for u through the real confirm route.
func (e *env) signIn(u *creatorclub.User) *http.Client {
	e.t.Helper()
	token, err := e.db.CreateSignInToken(ctx, u.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	c := e.client()
	r := e.post(c, "/connexion/lien", url.Values{"token": {token}})
	if r.code != http.StatusSeeOther || r.loc != "/accueil" {
		e.t.Fatalf("sign in %s: %d %s %s", u.Email, r.code, r.loc, r.body)
	}
	return c
}

var seq int

// user creates an account of the role; members get a valid certificate.
func (e *env) user(role creatorclub.Role) *creatorclub.User {
	e.t.Helper()
	seq++
	u := &creatorclub.User{Email: strings.ToLower(string(role)) + "-" + itoa(seq) + "@example.fr", FirstName: "Prénom" + itoa(seq), LastName: "Nom", Role: role}
	if role == creatorclub.RolePartner {
		u.Organisation = "UMICC"
	}
	if role == creatorclub.RoleMember {
		u.Cert = &creatorclub.Certification{Number: "T-" + itoa(seq), Status: creatorclub.CertActive,
			CertifiedOn: time.Now().AddDate(-1, 0, 0), ExpiresOn: time.Now().AddDate(1, 0, 0)}
		u.Handles = []creatorclub.Handle{{Platform: "instagram", Handle: "handle" + itoa(seq)}}
	}
	if err := e.db.CreateUser(ctx, u); err != nil {
		e.t.Fatal(err)
	}
	return u
}

// event creates a published event a week ahead with two speaker slots.
func (e *env) event(audience creatorclub.Audience, coOrganisers ...string) *creatorclub.Event {
	e.t.Helper()
	mod := e.user(creatorclub.RoleModerator)
	start := time.Now().UTC().Add(7 * 24 * time.Hour).Truncate(time.Minute)
	ev := &creatorclub.Event{Kind: creatorclub.KindMeeting, Title: "Santé mentale des créateurs", Description: "Un **rendez-vous** visio.",
		StartsAt: start, EndsAt: start.Add(90 * time.Minute), TimeZone: "Europe/Paris", Audience: audience, Status: creatorclub.EventPublished,
		RoomKind: creatorclub.RoomJitsi, Room: "sante-mentale-abcdefghijklmnopqrstuvwxyz", CoOrganisers: coOrganisers, CreatedBy: mod.ID,
		Slots: []creatorclub.Slot{{SpeakerName: "Dr Marc Olivier", SpeakerRole: "psychologue", Topic: "Tenir face à la pression", Minutes: 20},
			{SpeakerName: "Nadia Benali", Topic: "Harcèlement en ligne", Minutes: 25}}}
	if err := e.db.CreateEvent(ctx, ev, nil); err != nil {
		e.t.Fatal(err)
	}
	return ev
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestSignInFlow(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		member := e.user(creatorclub.RoleMember)
		c := e.client()

		known := e.post(c, "/connexion", url.Values{"email": {strings.ToUpper(member.Email)}, "next": {"/annuaire"}})
		unknown := e.post(c, "/connexion", url.Values{"email": {"nobody@example.fr"}})
		if known.code != 200 || unknown.code != 200 {
			t.Fatalf("statuses %d %d", known.code, unknown.code)
		}
		// Same page whatever the address: only the echoed address differs.
		if strings.ReplaceAll(known.body, member.Email, "X") != strings.ReplaceAll(unknown.body, "nobody@example.fr", "X") {
			t.Fatal("the answer reveals whether the address is known")
		}
		msgs := e.box.all()
		if len(msgs) != 1 || msgs[0].To != member.Email || msgs[0].HTML == "" {
			t.Fatalf("queued mail: %+v", msgs)
		}
		// Only the safety desk's mail is sealed in the queue.
		if len(e.box.unsealed()) != 1 {
			t.Fatal("the sign-in mail was not queued as it is")
		}
		link := regexp.MustCompile(`http://\S+/connexion/lien\?\S+`).FindString(msgs[0].Text)
		if link == "" {
			t.Fatalf("no link in %q", msgs[0].Text)
		}
		u, _ := url.Parse(link)
		token, next := u.Query().Get("token"), u.Query().Get("next")
		if next != "/annuaire" {
			t.Fatalf("next = %q", next)
		}
		// Opening the link does not use the token (mail scanners open links).
		page := e.get(c, u.RequestURI())
		if page.code != 200 || !strings.Contains(page.body, token) || page.hdr.Get("Referrer-Policy") != "no-referrer" {
			t.Fatalf("link page: %d %v", page.code, page.hdr)
		}
		r := e.post(c, "/connexion/lien", url.Values{"token": {token}, "next": {next}})
		if r.code != 303 || r.loc != "/annuaire" {
			t.Fatalf("confirm: %d %s", r.code, r.loc)
		}
		if home := e.get(c, "/accueil"); home.code != 200 || !strings.Contains(home.body, member.Cert.Number) {
			t.Fatalf("home: %d", home.code)
		}
		// The token works once.
		again := e.post(e.client(), "/connexion/lien", url.Values{"token": {token}})
		if again.code != http.StatusUnauthorized || !strings.Contains(again.body, "plus valable") {
			t.Fatalf("reused token: %d", again.code)
		}
		// An open redirect through next is refused.
		tok2, _ := db.CreateSignInToken(ctx, member.ID)
		if r := e.post(e.client(), "/connexion/lien", url.Values{"token": {tok2}, "next": {"//evil.example/x"}}); r.loc != "/accueil" {
			t.Fatalf("open redirect: %s", r.loc)
		}
		// Sign out ends the session.
		if r := e.post(c, "/deconnexion", nil); r.code != 303 {
			t.Fatalf("sign out: %d", r.code)
		}
		if r := e.get(c, "/accueil"); r.code != 303 || !strings.HasPrefix(r.loc, "/connexion") {
			t.Fatalf("after sign out: %d %s", r.code, r.loc)
		}
	})
}

func TestSignInBadInput(t *testing.T) {
	e := newEnv(t, sqldbtest.Open(t, sqldb.SQLite))
	c := e.client()
	for _, bad := range []string{"", "not-an-address", "Léa <lea@example.fr>", strings.Repeat("a", 250) + "@example.fr"} {
		if r := e.post(c, "/connexion", url.Values{"email": {bad}}); r.code != 400 || !strings.Contains(r.body, "adresse e-mail valide") {
			t.Errorf("email %q: %d", bad, r.code)
		}
	}
	if len(e.box.all()) != 0 {
		t.Fatal("mail queued for bad input")
	}
	if r := e.post(c, "/connexion/lien", url.Values{"token": {""}}); r.code != 401 {
		t.Fatalf("empty token: %d", r.code)
	}
}

func TestSignInRateLimited(t *testing.T) {
	e := newEnv(t, sqldbtest.Open(t, sqldb.SQLite))
	member := e.user(creatorclub.RoleMember)
	c := e.client()
	codes := []int{}
	for i := 0; i < 5; i++ {
		codes = append(codes, e.post(c, "/connexion", url.Values{"email": {member.Email}}).code)
	}
	if codes[0] != 200 || codes[2] != 200 || codes[3] != 429 || codes[4] != 429 {
		t.Fatalf("codes %v: want 3 accepted then 429", codes)
	}
	if n := len(e.box.all()); n != 3 {
		t.Fatalf("%d mails sent, want 3", n)
	}
}

func TestLostCertificationEndsSessions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		e.user(creatorclub.RoleAdmin)
		entries := []creatorclub.RosterEntry{{Line: 2, Number: "C-1", FirstName: "Léa", LastName: "Martin", Email: "lea@example.fr",
			Status: creatorclub.CertActive, CertifiedOn: time.Now().AddDate(-1, 0, 0), ExpiresOn: time.Now().AddDate(1, 0, 0)}}
		if _, err := db.ImportRoster(ctx, entries, creatorclub.RosterImportOptions{}); err != nil {
			t.Fatal(err)
		}
		lea, _ := db.FindUserByEmail(ctx, "lea@example.fr")
		c := e.signIn(lea)
		if r := e.get(c, "/annuaire"); r.code != 200 {
			t.Fatalf("directory before: %d", r.code)
		}
		entries[0].Status = creatorclub.CertSuspended
		if _, err := db.ImportRoster(ctx, entries, creatorclub.RosterImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if r := e.get(c, "/annuaire"); r.code != 303 || !strings.HasPrefix(r.loc, "/connexion") {
			t.Fatalf("suspended member still has access: %d %s", r.code, r.loc)
		}
		// And cannot get a new link.
		before := len(e.box.all())
		e.post(e.client(), "/connexion", url.Values{"email": {"lea@example.fr"}})
		if len(e.box.all()) != before {
			t.Fatal("a suspended member received a sign-in link")
		}
	})
}

func TestSignOutEverywhere(t *testing.T) {
	e := newEnv(t, sqldbtest.Open(t, sqldb.SQLite))
	m := e.user(creatorclub.RoleMember)
	phone, laptop := e.signIn(m), e.signIn(m)
	if r := e.post(phone, "/deconnexion/partout", nil); r.code != 303 {
		t.Fatalf("sign out everywhere: %d", r.code)
	}
	if r := e.get(laptop, "/accueil"); r.code != 303 {
		t.Fatalf("other session survived: %d", r.code)
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	e := newEnv(t, sqldbtest.Open(t, sqldb.SQLite))
	m := e.user(creatorclub.RoleMember)
	c := e.signIn(m)
	r := e.do(c, "POST", "/profil", url.Values{"display_name": {"Pirate"}, "locale": {"fr"}},
		"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	if r.code != 403 {
		t.Fatalf("cross-site POST: %d", r.code)
	}
	if u, _ := e.db.FindUserByID(ctx, m.ID); u.DisplayName == "Pirate" {
		t.Fatal("cross-site POST changed the profile")
	}
	// The same POST from the site itself works.
	r = e.do(c, "POST", "/profil", url.Values{"display_name": {"Léa M."}, "locale": {"fr"}}, "Origin", e.ts.URL, "Sec-Fetch-Site", "same-origin")
	if r.code != 303 {
		t.Fatalf("same-origin POST: %d %s", r.code, r.body)
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t, sqldbtest.Open(t, sqldb.SQLite))
	r := e.get(e.client(), "/")
	csp := r.hdr.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Fatalf("CSP %q", csp)
	}
	if r.hdr.Get("X-Content-Type-Options") != "nosniff" || r.hdr.Get("X-Frame-Options") != "DENY" {
		t.Fatalf("headers %v", r.hdr)
	}
	if strings.Contains(r.body, "<script>") || strings.Contains(r.body, " style=") || strings.Contains(r.body, " onclick=") {
		t.Fatal("inline script or style in a page")
	}
}

func TestLanguage(t *testing.T) {
	e := newEnv(t, sqldbtest.Open(t, sqldb.SQLite))
	c := e.client()
	if r := e.get(c, "/connexion"); !strings.Contains(r.body, `lang="fr"`) || !strings.Contains(r.body, "Recevoir mon lien") {
		t.Fatal("French is not the default")
	}
	if r := e.get(c, "/connexion", "Accept-Language", "en-GB,en;q=0.9"); !strings.Contains(r.body, `lang="en"`) || !strings.Contains(r.body, "Send me a sign-in link") {
		t.Fatal("Accept-Language en ignored")
	}
	if r := e.get(c, "/connexion", "Accept-Language", "de-DE"); !strings.Contains(r.body, `lang="fr"`) {
		t.Fatal("an unsupported language must fall back to French")
	}
	if r := e.post(c, "/langue", url.Values{"lang": {"en"}, "next": {"/connexion"}}); r.code != 303 || r.loc != "/connexion" {
		t.Fatalf("switch: %d %s", r.code, r.loc)
	}
	if r := e.get(c, "/connexion"); !strings.Contains(r.body, "Send me a sign-in link") {
		t.Fatal("switch to English did not stick")
	}
	if r := e.post(c, "/langue", url.Values{"lang": {"xx"}}); r.code != 400 {
		t.Fatalf("bad language: %d", r.code)
	}
	// A signed-in user's choice is saved in the profile.
	m := e.user(creatorclub.RoleMember)
	mc := e.signIn(m)
	e.post(mc, "/langue", url.Values{"lang": {"en"}, "next": {"/accueil"}})
	if u, _ := e.db.FindUserByID(ctx, m.ID); u.Locale != "en" {
		t.Fatalf("locale saved: %q", u.Locale)
	}
}

func TestProfileAndDirectory(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		lea, theo := e.user(creatorclub.RoleMember), e.user(creatorclub.RoleMember)
		lc, tc := e.signIn(lea), e.signIn(theo)
		if r := e.post(lc, "/profil", url.Values{"display_name": {"Léa Cuisine"}, "bio": {"Recettes de saison"}, "locale": {"fr"}, "in_directory": {"on"}}); r.code != 303 {
			t.Fatalf("save profile: %d %s", r.code, r.body)
		}
		if r := e.get(lc, "/profil"); !strings.Contains(r.body, "Profil enregistré") || !strings.Contains(r.body, "Recettes de saison") {
			t.Fatal("saved profile not shown")
		}
		r := e.get(tc, "/annuaire?q=cuisine")
		if r.code != 200 || !strings.Contains(r.body, "Léa Cuisine") {
			t.Fatalf("directory: %d", r.code)
		}
		if strings.Contains(r.body, lea.Email) {
			t.Fatal("the directory shows email addresses")
		}
		if r := e.get(tc, "/annuaire"); strings.Contains(r.body, theo.FirstName) {
			t.Fatal("a member who did not opt in is listed")
		}
		// Profiles of members not in the directory are hidden from members.
		if r := e.get(lc, "/membres/"+itoa(int(theo.ID))); r.code != 404 {
			t.Fatalf("unlisted profile: %d", r.code)
		}
		if r := e.post(lc, "/profil", url.Values{"display_name": {strings.Repeat("x", 81)}, "locale": {"fr"}}); r.code != 400 {
			t.Fatalf("too long display name: %d", r.code)
		}
		if u, _ := db.FindUserByID(ctx, lea.ID); u.DisplayName != "Léa Cuisine" {
			t.Fatal("a rejected update changed the profile")
		}
	})
}

func TestStaffAccessIsAudited(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		mod, member := e.user(creatorclub.RoleModerator), e.user(creatorclub.RoleMember)
		c := e.signIn(mod)
		if r := e.get(c, "/membres/"+itoa(int(member.ID))); r.code != 200 || !strings.Contains(r.body, member.Email) {
			t.Fatalf("staff view: %d", r.code)
		}
		entries, _, err := db.ListAudit(ctx, creatorclub.AuditFilter{Action: creatorclub.AuditViewMember})
		if err != nil || len(entries) != 1 || entries[0].ActorID != mod.ID || entries[0].TargetID != itoa(int(member.ID)) || entries[0].IP == "" {
			t.Fatalf("audit: %+v %v", entries, err)
		}
	})
}

func TestExportAndDeleteAccount(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		m := e.user(creatorclub.RoleMember)
		c := e.signIn(m)
		r := e.get(c, "/compte/export")
		if r.code != 200 || !strings.Contains(r.hdr.Get("Content-Type"), "json") || !strings.Contains(r.body, m.Email) || !strings.Contains(r.body, m.Cert.Number) {
			t.Fatalf("export: %d %s", r.code, r.body)
		}
		if r := e.post(c, "/compte/supprimer", url.Values{}); r.code != 400 {
			t.Fatalf("delete without confirmation: %d", r.code)
		}
		if r := e.post(c, "/compte/supprimer", url.Values{"confirm": {"on"}}); r.code != 200 {
			t.Fatalf("delete: %d", r.code)
		}
		if _, err := db.FindUserByID(ctx, m.ID); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			t.Fatal("account still there")
		}
		if r := e.get(c, "/accueil"); r.code != 303 {
			t.Fatal("session survived the deletion")
		}
		// The last admin cannot delete themself.
		admin := e.user(creatorclub.RoleAdmin)
		ac := e.signIn(admin)
		if r := e.post(ac, "/compte/supprimer", url.Values{"confirm": {"on"}}); r.code != 409 {
			t.Fatalf("last admin deletion: %d", r.code)
		}
	})
}

func TestPublicCertificationCheck(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		m := e.user(creatorclub.RoleMember)
		c := e.client()
		r := e.get(c, "/verifier-certification?q=%40"+m.Handles[0].Handle)
		if r.code != 200 || !strings.Contains(r.body, m.FirstName) || !strings.Contains(r.body, "certifié depuis") {
			t.Fatalf("check: %d", r.code)
		}
		if strings.Contains(r.body, m.Email) || strings.Contains(r.body, m.Cert.Number) {
			t.Fatal("the public check shows more than the name and date")
		}
		if r := e.get(c, "/verifier-certification?q=inconnu"); !strings.Contains(r.body, "Aucun certificat") {
			t.Fatal("unknown handle")
		}
		if r := e.get(c, "/verifier-certification?q="+strings.Repeat("a", 200)); r.code != 400 {
			t.Fatalf("long query: %d", r.code)
		}
	})
}

func uploadRoster(t *testing.T, e *env, c *http.Client, name, content string) resp {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", name)
	fw.Write([]byte(content))
	w.Close()
	req, _ := http.NewRequest("POST", e.ts.URL+"/admin/registre", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{code: res.StatusCode, body: string(b)}
}

func TestAdminRosterImport(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		admin := e.user(creatorclub.RoleAdmin)
		c := e.signIn(admin)
		bad := "numero_certificat;prenom;nom;email;certifie_le;expire_le;statut\n" +
			"C-1;Léa;Martin;lea@example.fr;2024-01-10;2026-01-10;actif\n" +
			"C-1;Théo;Dubois;theo@example.fr;2024-01-10;2026-01-10;actif\n" +
			"C-3;Inès;Moreau;pas-une-adresse;2024-01-10;2026-01-10;actif\n"
		r := uploadRoster(t, e, c, "mauvais.csv", bad)
		if r.code != 422 || !strings.Contains(r.body, "<td>3</td>") || !strings.Contains(r.body, "<td>4</td>") {
			t.Fatalf("bad file: %d %s", r.code, r.body)
		}
		if _, n, _ := db.ListUsers(ctx, "", creatorclub.RoleMember, 1, 0); n != 0 {
			t.Fatal("a rejected file imported members")
		}
		good := "numero_certificat;prenom;nom;email;instagram;certifie_le;expire_le;statut\n" +
			"C-1;Léa;Martin;lea@example.fr;@lea.cuisine;2024-01-10;2099-01-10;actif\n" +
			"C-2;Théo;Dubois;theo@example.fr;;2024-01-10;2099-01-10;suspendu\n"
		r = uploadRoster(t, e, c, "registre.csv", good)
		if r.code != 200 || !strings.Contains(r.body, `id="count-added">2<`) {
			t.Fatalf("preview: %d %s", r.code, r.body)
		}
		if _, n, _ := db.ListUsers(ctx, "", creatorclub.RoleMember, 1, 0); n != 0 {
			t.Fatal("the preview imported members")
		}
		action := regexp.MustCompile(`action="(/admin/registre/\d+/appliquer)"`).FindStringSubmatch(r.body)
		if action == nil {
			t.Fatal("no confirm form")
		}
		// The report is a page of its own (a reload does not post again).
		r = e.post(c, action[1], nil)
		report := strings.TrimSuffix(action[1], "/appliquer")
		if r.code != 303 || r.loc != report {
			t.Fatalf("apply: %d %s", r.code, r.loc)
		}
		for range 2 {
			if r := e.get(c, report); r.code != 200 || !strings.Contains(r.body, `id="roster-applied"`) || !strings.Contains(r.body, `id="count-added">2<`) {
				t.Fatalf("report: %d %s", r.code, r.body)
			}
		}
		if _, n, _ := db.ListUsers(ctx, "", creatorclub.RoleMember, 1, 0); n != 2 {
			t.Fatalf("%d members after import", n)
		}
		// Posted again: not imported twice, the report says so.
		if r := e.post(c, action[1], nil); r.code != 303 || r.loc != report {
			t.Fatalf("second apply: %d %s", r.code, r.loc)
		}
		if r := e.get(c, report); !strings.Contains(r.body, "Ce fichier a déjà été importé.") || !strings.Contains(r.body, `id="count-added">2<`) {
			t.Fatalf("report after a second apply: %s", r.body)
		}
		// An upload not applied yet has no report.
		other, _ := db.SaveRosterUpload(ctx, admin.ID, "autre.csv", []byte(good))
		if r := e.get(c, fmt.Sprintf("/admin/registre/%d", other.ID)); r.code != 303 || r.loc != "/admin/registre" {
			t.Fatalf("report of an upload not applied: %d %s", r.code, r.loc)
		}
		entries, _, _ := db.ListAudit(ctx, creatorclub.AuditFilter{Action: creatorclub.AuditRosterImport})
		if len(entries) != 1 || entries[0].ActorID != admin.ID || !strings.Contains(entries[0].Detail, "added=2") {
			t.Fatalf("import audit: %+v", entries)
		}
	})
}

func TestHealthAndMetrics(t *testing.T) {
	e := newEnv(t, sqldbtest.Open(t, sqldb.SQLite))
	c := e.client()
	if r := e.get(c, "/healthz"); r.code != 200 || r.body != "ok\n" {
		t.Fatalf("healthz: %d %q", r.code, r.body)
	}
	e.get(c, "/connexion")
	if r := e.get(c, "/metrics"); r.code != 200 || !strings.Contains(r.body, `creatorclub_http_requests_total{code="200",route="GET /connexion"}`) {
		t.Fatalf("metrics: %d", r.code)
	}
	if r := e.get(c, "/nulle-part"); r.code != 404 {
		t.Fatalf("unknown page: %d", r.code)
	}
}

// unsubscribePath returns a member's signed unsubscribe path for the legal alerts.
func (e *env) unsubscribePath(userID int64) string {
	e.t.Helper()
	return strings.TrimPrefix(e.srv.UnsubscribeURLForTest(userID, creatorclub.ListLegalAlerts), e.ts.URL+"/desabonnement/")
}
