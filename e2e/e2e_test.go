// Package e2e drives the real club in a real browser: each test starts a Main
// on 127.0.0.1:0 with a SQLite database and a mail outbox in a temporary
// directory, and a headless Chromium with a fresh profile.
//
// Chromium is required: set CREATORCLUB_E2E=off to skip these tests, and
// CREATORCLUB_E2E_CHROMIUM to use a browser other than /usr/bin/chromium.
// The accessibility tests also need axe-core, which scripts/test.sh installs
// with npm; CREATORCLUB_E2E_AXE names its axe.min.js (see a11y_test.go).
package e2e

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/app"
	"github.com/creatorclub/creatorclub/files"
)

// testTimeout bounds the browser work of one test.
const testTimeout = 60 * time.Second

// stepTimeout bounds one browser step, so that waiting for an element that
// never comes fails the test in seconds, not at testTimeout.
const stepTimeout = 10 * time.Second

// skipIfDisabled skips the test when CREATORCLUB_E2E=off.
func skipIfDisabled(t *testing.T) {
	t.Helper()
	if os.Getenv("CREATORCLUB_E2E") == "off" {
		t.Skip("browser tests disabled by CREATORCLUB_E2E=off")
	}
}

// MustRunMain starts the club on a free port with an empty SQLite database in
// a temporary directory and mail written to the outbox, and closes it when
// the test ends.
func MustRunMain(t *testing.T) *app.Main {
	t.Helper()
	return mustRunMain(t, false)
}

// MustRunDemoMain is MustRunMain with the demo data seeded (package demo).
func MustRunDemoMain(t *testing.T) *app.Main {
	t.Helper()
	return mustRunMain(t, true)
}

// MustRunMainWith is MustRunMain with setup called on the Main just before
// Run, for what must be in place before the server starts (a test clock).
func MustRunMainWith(t *testing.T, setup func(m *app.Main)) *app.Main {
	t.Helper()
	return mustRunMain(t, false, setup)
}

func mustRunMain(t *testing.T, demo bool, setup ...func(m *app.Main)) *app.Main {
	t.Helper()
	skipIfDisabled(t)
	m := app.NewMain()
	m.Config = app.DefaultConfig()
	m.Config.Addr = "127.0.0.1:0"
	m.Config.DataDir = t.TempDir()
	// Whatever the environment says: SQLite, the outbox, files in the data
	// directory, links to m.URL.
	m.Config.DatabaseURL = ""
	m.Config.SMTP.Host = ""
	m.Config.S3 = files.S3Config{}
	m.Config.BaseURL = ""
	m.Config.Demo = demo
	m.Stdout = io.Discard
	m.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, f := range setup {
		f(m)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := m.Run(ctx); err != nil {
		m.Close()
		cancel()
		t.Fatalf("start the club: %v", err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("close the club: %v", err)
		}
		cancel()
	})
	return m
}

// chromiumPath returns the browser the tests drive.
func chromiumPath() string {
	if p := os.Getenv("CREATORCLUB_E2E_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// newBrowser starts a headless Chromium with a fresh profile whose preferred
// language is French, as a member's browser in France, and returns its
// context. The browser gets testTimeout for the whole test and stepTimeout
// for each step, and is closed when the test ends. Each call starts a separate
// browser; newSession is cheaper for a second person in the same test.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	return newBrowserFor(t, testTimeout)
}

// newBrowserFor is newBrowser for a test whose browser work takes up to
// timeout rather than testTimeout.
func newBrowserFor(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	skipIfDisabled(t)
	path := chromiumPath()
	if _, err := exec.LookPath(path); err != nil {
		t.Fatalf("Chromium not found at %s (%v). The browser tests need it: on Debian or Ubuntu run "+
			"`apt-get update && apt-get install -y chromium`, or point CREATORCLUB_E2E_CHROMIUM at a Chrome or Chromium binary; "+
			"set CREATORCLUB_E2E=off to skip these tests.", path, err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // root in containers and CI
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter"),
		chromedp.Flag("lang", "fr-FR"),
		chromedp.Flag("accept-lang", "fr-FR,fr"),
		chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(t.TempDir()),
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc() // waits for the browser to exit, before its profile is removed
		cancel()
	})
	if err := chromedp.Do(browserCtx); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return browserCtx
}

// newSession opens a tab in a new browser context of the browser of ctx: its
// own cookies and storage, like a second person on another device, without
// the cost of starting another browser. It is closed when the test ends.
func newSession(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	sessionCtx, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(sessionCtx); err != nil {
		t.Fatalf("open a new browser context: %v", err)
	}
	return sessionCtx
}

// pageState describes the page the browser shows, for failure messages.
func pageState(ctx context.Context) string {
	if ctx.Err() != nil {
		return "(browser context ended: " + ctx.Err().Error() + ")"
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "(page unknown: " + err.Error() + ")"
	}
	body, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	if err != nil {
		body = "(" + err.Error() + ")"
	}
	if len(body) > 1500 {
		body = body[:1500] + "…"
	}
	return "page " + loc + ":\n" + body
}

// do runs browser steps and fails the test, describing the page, if one fails.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	stepCtx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(stepCtx, steps...); err != nil {
		t.Fatalf("%s: %v\n%s", what, err, pageState(ctx))
	}
}

// get runs a browser action that returns a value and fails the test if it fails.
func get[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	stepCtx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(stepCtx, a)
	if err != nil {
		t.Fatalf("%s: %v\n%s", what, err, pageState(ctx))
	}
	return v
}

// css is a CSS selector for the first matching element.
func css(sel string) chromedp.CSS { return chromedp.CSS(sel) }

// open loads the page at path on m and returns its HTTP status.
func open(t *testing.T, ctx context.Context, m *app.Main, path string) int64 {
	t.Helper()
	resp := get(t, ctx, "open "+path, chromedp.NavigateResponse(m.URL+path))
	return resp.Status
}

// click clicks the element sel, which must lead to another page, waits for
// that page and returns its HTTP status.
func click(t *testing.T, ctx context.Context, sel string) int64 {
	t.Helper()
	return follow(t, ctx, "click "+sel, chromedp.Click(css(sel)))
}

// follow runs steps that lead to another page, waits for that page and
// returns its HTTP status.
func follow(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) int64 {
	t.Helper()
	stepCtx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(stepCtx, steps...)
	if err != nil {
		t.Fatalf("%s: %v\n%s", what, err, pageState(ctx))
	}
	return resp.Status
}

// text returns the visible text of the element sel, waiting for it to exist.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return strings.TrimSpace(get(t, ctx, "read "+sel, chromedp.Text(css(sel))))
}

// pagePath returns the path and query of the page the browser shows.
func pagePath(t *testing.T, ctx context.Context) string {
	t.Helper()
	loc := get(t, ctx, "read the location", chromedp.Location())
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatalf("location %q: %v", loc, err)
	}
	return u.RequestURI()
}

// wantText fails the test unless the element sel contains want.
func wantText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	if got := text(t, ctx, sel); !strings.Contains(got, want) {
		t.Fatalf("%s = %q, want it to contain %q\n%s", sel, got, want, pageState(ctx))
	}
}

// wantPath fails the test unless the browser shows the page at want.
func wantPath(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	if got := pagePath(t, ctx); got != want {
		t.Fatalf("browser is on %s, want %s\n%s", got, want, pageState(ctx))
	}
}

// member returns a roster entry for an active certificate issued a year ago
// and valid for another year.
func member(line int, number, first, last, email string) creatorclub.RosterEntry {
	today := time.Now().UTC().Truncate(24 * time.Hour)
	return creatorclub.RosterEntry{Line: line, Number: number, FirstName: first, LastName: last, Email: email,
		CertifiedOn: today.AddDate(-1, 0, 0), ExpiresOn: today.AddDate(1, 0, 0), Status: creatorclub.CertActive}
}

// mustImport imports a roster straight into m's database, as the command line
// does. Like any import it marks the members it does not list as removed.
func mustImport(t *testing.T, m *app.Main, entries ...creatorclub.RosterEntry) *creatorclub.RosterReport {
	t.Helper()
	report, err := m.DB.ImportRoster(context.Background(), entries, creatorclub.RosterImportOptions{})
	if err != nil {
		t.Fatalf("import roster: %v", err)
	}
	return report
}

// mustCreateAdmin creates an admin account.
func mustCreateAdmin(t *testing.T, m *app.Main, email, first, last string) *creatorclub.User {
	t.Helper()
	u := &creatorclub.User{Email: email, FirstName: first, LastName: last, Role: creatorclub.RoleAdmin}
	if err := m.DB.CreateUser(context.Background(), u); err != nil {
		t.Fatalf("create admin %s: %v", email, err)
	}
	return u
}

// mustFindUser returns the account with that address.
func mustFindUser(t *testing.T, m *app.Main, email string) *creatorclub.User {
	t.Helper()
	u, err := m.DB.FindUserByEmail(context.Background(), email)
	if err != nil {
		t.Fatalf("find %s: %v", email, err)
	}
	return u
}

// requestSignIn asks for a sign-in link for email on the sign-in page, checks
// the page that answers, and returns the mail that then arrives in the outbox.
func requestSignIn(t *testing.T, ctx context.Context, m *app.Main, email string) *sentMail {
	t.Helper()
	before := outboxFiles(t, m)
	open(t, ctx, m, "/connexion")
	do(t, ctx, "type the address", chromedp.SendKeys(css("#email"), email))
	if status := click(t, ctx, `form[action="/connexion"] button[type=submit]`); status != 200 {
		t.Fatalf("sign-in request answered %d\n%s", status, pageState(ctx))
	}
	wantText(t, ctx, "h1", "Vérifiez votre messagerie")
	wantText(t, ctx, "#signin-sent", email)
	return waitForMail(t, m, email, before)
}

// confirmSignIn opens a sign-in link and presses the button that signs in;
// it returns the HTTP status of the page that follows.
func confirmSignIn(t *testing.T, ctx context.Context, link string) int64 {
	t.Helper()
	if status := get(t, ctx, "open the sign-in link", chromedp.NavigateResponse(link)).Status; status != 200 {
		t.Fatalf("sign-in link answered %d\n%s", status, pageState(ctx))
	}
	return click(t, ctx, "#confirm-signin")
}

// signIn signs email in through the mailed link and checks that the browser
// lands on the home page.
func signIn(t *testing.T, ctx context.Context, m *app.Main, email string) {
	t.Helper()
	link := signInLink(t, m, requestSignIn(t, ctx, m, email))
	if status := confirmSignIn(t, ctx, link); status != 200 {
		t.Fatalf("signing in answered %d\n%s", status, pageState(ctx))
	}
	wantPath(t, ctx, "/accueil")
	do(t, ctx, "see the sign-out button", chromedp.WaitVisible(css("#signout")))
}

// wantPNG fails the test unless b is a non-empty PNG image, writes it to a
// temporary file named name and returns the file's path.
func wantPNG(t *testing.T, b []byte, name string) string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("screenshot %s is not a PNG (%d bytes)", name, len(b))
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if r := img.Bounds(); r.Dx() < 100 || r.Dy() < 100 {
		t.Fatalf("screenshot %s is %dx%d pixels", name, r.Dx(), r.Dy())
	}
	// CREATORCLUB_SCREENSHOTS=DIR keeps the screenshots there, to look at.
	dir := os.Getenv("CREATORCLUB_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// screenshot takes a full-page PNG screenshot and checks it.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	b := get(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100))
	p := wantPNG(t, b, name)
	t.Logf("screenshot %s: %d bytes", p, len(b))
}
