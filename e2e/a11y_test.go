package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/app"
	"github.com/creatorclub/creatorclub/demo"
	"github.com/creatorclub/creatorclub/sqldb"
)

// axeVersion is the release of axe-core that scripts/test.sh installs into
// .cache/axe-core/VERSION; CREATORCLUB_E2E_AXE names its axe.min.js.
const axeVersion = "4.14.1"

// a11yTimeout bounds the browser work of the accessibility test, which
// audits about a hundred pages in sequence (some 30 seconds on two cores).
const a11yTimeout = 5 * time.Minute

// axeTags are the rules axe runs: WCAG 2.0 and 2.1, levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeAllowance excuses one rule on the elements a selector matches, for a
// violation judged a false positive; Why says why. Keep this list short.
type axeAllowance struct {
	Rule     string `json:"rule"`
	Selector string `json:"selector"`
	Why      string `json:"-"`
}

// axeAllowances are the false positives the accessibility test accepts.
var axeAllowances = []axeAllowance{}

// axeNode is an element that fails a rule.
type axeNode struct {
	Target  string `json:"target"`
	Summary string `json:"summary"`
}

// axeViolation is a rule a page fails, with the elements that fail it.
type axeViolation struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	URL    string    `json:"helpUrl"`
	Nodes  []axeNode `json:"nodes"`
}

// axeResult is what axe finds on a page: the violations, and the checks it
// could not decide ("incomplete"), to review by hand.
type axeResult struct {
	Version    string         `json:"version"`
	Violations []axeViolation `json:"violations"`
	Review     []string       `json:"review"`
}

// axeSource returns the code of axe-core, or skips the test with a message
// saying how to get it; on CI, or when scripts/test.sh asked for the
// accessibility tests (CREATORCLUB_E2E_A11Y=required), a missing axe-core
// fails the test instead.
func axeSource(t *testing.T) string {
	t.Helper()
	skipIfDisabled(t)
	path := os.Getenv("CREATORCLUB_E2E_AXE")
	if path == "" {
		path = filepath.Join("..", ".cache", "axe-core", axeVersion, "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		msg := fmt.Sprintf("axe-core is missing (%v): the accessibility tests need it. Run ./scripts/test.sh, which installs it, "+
			"or `npm install --prefix .cache/axe-core/%s --no-save axe-core@%s` at the root of the repository, "+
			"or point CREATORCLUB_E2E_AXE at an axe.min.js", err, axeVersion, axeVersion)
		if os.Getenv("CI") == "true" || os.Getenv("CREATORCLUB_E2E_A11Y") == "required" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return string(b)
}

// auditor runs axe on the pages a browser shows and keeps what it finds.
type auditor struct {
	t     *testing.T
	m     *app.Main
	axe   string
	run   string        // the expression that runs axe and returns the violations
	pages int           // pages audited
	spent time.Duration // time spent in axe
	// byRule counts, per rule, the pages that fail it.
	byRule map[string][]string
}

// newAuditor returns an auditor of pages of m that runs the axe-core code
// src.
func newAuditor(t *testing.T, m *app.Main, src string) *auditor {
	t.Helper()
	allow, err := json.Marshal(axeAllowances)
	if err != nil {
		t.Fatal(err)
	}
	tags, err := json.Marshal(axeTags)
	if err != nil {
		t.Fatal(err)
	}
	run := `(async () => {
  const allow = ` + string(allow) + `;
  const r = await axe.run(document, {
    runOnly: {type: 'tag', values: ` + string(tags) + `},
    resultTypes: ['violations', 'incomplete'],
    elementRef: true,
  });
  const target = n => n.target.flat(Infinity).join(' >>> ');
  return {
    version: axe.version,
    violations: r.violations.map(v => ({
      id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes
        .filter(n => !(n.element && allow.some(a => a.rule === v.id && n.element.matches(a.selector))))
        .map(n => ({target: target(n), summary: n.failureSummary || ''})),
    })).filter(v => v.nodes.length > 0),
    review: r.incomplete.flatMap(v => v.nodes.map(n =>
      v.id + ': ' + target(n) + ' (' + n.any.concat(n.all, n.none).map(c => c.message).join('; ') + ')')),
  };
})()`
	return &auditor{t: t, m: m, axe: src, run: run, byRule: map[string][]string{}}
}

// audit runs axe on the page ctx shows, named name in the report, and fails
// the test listing every violation.
func (a *auditor) audit(ctx context.Context, name string) {
	t := a.t
	t.Helper()
	start := time.Now()
	stepCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(stepCtx, chromedp.Evaluate[chromedp.Void](a.axe)); err != nil {
		t.Fatalf("%s: inject axe-core: %v\n%s", name, err, pageState(ctx))
	}
	res, err := chromedp.Run(stepCtx, chromedp.Evaluate[axeResult](a.run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: run axe-core: %v\n%s", name, err, pageState(ctx))
	}
	a.pages++
	a.spent += time.Since(start)
	if a.pages == 1 && res.Version != axeVersion {
		t.Logf("axe-core %s, not %s: results may differ from CI's", res.Version, axeVersion)
	}
	// CREATORCLUB_E2E_AXE_REVIEW=1 lists what axe could not decide.
	if len(res.Review) > 0 && os.Getenv("CREATORCLUB_E2E_AXE_REVIEW") != "" {
		t.Logf("%s: to review by hand:\n    %s", name, strings.Join(res.Review, "\n    "))
	}
	vs := res.Violations
	if len(vs) == 0 {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %d accessibility violation(s)", name, pagePath(t, ctx), len(vs))
	for _, v := range vs {
		a.byRule[v.ID] = append(a.byRule[v.ID], name)
		fmt.Fprintf(&b, "\n  [%s] %s: %s (%s)", v.Impact, v.ID, v.Help, v.URL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    %s", n.Target)
			if n.Summary != "" {
				fmt.Fprintf(&b, "\n      %s", strings.ReplaceAll(n.Summary, "\n", "\n      "))
			}
		}
	}
	t.Error(b.String())
}

// page opens path, checks that it answers 200 without sending elsewhere
// (to sign in, say), and audits it.
func (a *auditor) page(ctx context.Context, name, path string) {
	t := a.t
	t.Helper()
	if status := open(t, ctx, a.m, path); status != 200 {
		t.Fatalf("%s: %s answered %d\n%s", name, path, status, pageState(ctx))
	}
	if got := pagePath(t, ctx); got != path {
		t.Fatalf("%s: opening %s led to %s\n%s", name, path, got, pageState(ctx))
	}
	a.audit(ctx, name)
}

// reflow fails the test when content of the page ctx shows is wider than
// the window: at 320 CSS pixels, content must reflow (WCAG 1.4.10). Data
// tables scroll inside their own box (.table-wrap, the report's .scroll),
// so that the page never does; a table outside such a box fails. It lists
// the outermost elements that stick out.
func (a *auditor) reflow(ctx context.Context, name string) {
	t := a.t
	t.Helper()
	out := get(t, ctx, "look for content wider than the window", chromedp.Evaluate[[]string](`(() => {
  const w = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= w) return [];
  const path = e => { const p = []; for (; e && e !== document.body; e = e.parentElement) p.unshift(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '')); return p.join(' > '); };
  // A data table scrolls inside its box: what the box clips is not wider.
  const wide = [...document.body.querySelectorAll('*')].filter(e => !e.parentElement.closest('.table-wrap, .scroll') && e.getBoundingClientRect().right > w + 1);
  // Only the outermost: the elements whose parent fits.
  return wide.filter(e => !wide.includes(e.parentElement)).map(e => path(e) + ' (' + Math.round(e.getBoundingClientRect().right) + ' px)');
})()`))
	if len(out) > 0 {
		a.byRule["reflow"] = append(a.byRule["reflow"], name)
		t.Errorf("%s (%s): the page scrolls sideways at %d px (WCAG 1.4.10 reflow); too wide:\n    %s", name, pagePath(t, ctx), 320, strings.Join(out, "\n    "))
	}
}

// stacked fails the test when, in the form sel of the page ctx shows, a
// field's label is not above its field or two labels or fields share a
// line: on a phone, a form reflows into one column (WCAG 1.4.10), not into
// lines where a field and the next field's label run together. Checkbox
// and radio rows (.check), whose label sits beside its box, are left out.
func (a *auditor) stacked(ctx context.Context, name, sel string) {
	t := a.t
	t.Helper()
	out := get(t, ctx, "look for fields sharing a line in "+sel, chromedp.Evaluate[[]string](`((sel) => {
  const form = document.querySelector(sel);
  if (!form) return ['no form ' + sel];
  const fields = [...form.querySelectorAll('label, input, select, textarea')]
    .filter(e => !e.closest('.check') && e.type !== 'hidden' && e.getClientRects().length > 0);
  const box = e => e.getBoundingClientRect();
  const id = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.htmlFor ? '[for=' + e.htmlFor + ']' : '');
  const out = [];
  for (let i = 0; i < fields.length; i++) for (let j = i + 1; j < fields.length; j++) {
    const p = box(fields[i]), q = box(fields[j]);
    if (p.top < q.bottom - 1 && q.top < p.bottom - 1) out.push(id(fields[i]) + ' and ' + id(fields[j]) + ' share a line');
  }
  for (const l of fields.filter(e => e.tagName === 'LABEL' && e.control && fields.includes(e.control)))
    if (box(l).bottom > box(l.control).top + 1) out.push(id(l) + ' is not above its field');
  return out;
})(`+strconv.Quote(sel)+`)`))
	if len(out) > 0 {
		a.byRule["stacked form"] = append(a.byRule["stacked form"], name)
		t.Errorf("%s (%s): the form %s does not reflow into one column:\n    %s", name, pagePath(t, ctx), sel, strings.Join(out, "\n    "))
	}
}

// summary reports, per rule, the pages that fail it.
func (a *auditor) summary() string {
	rules := make([]string, 0, len(a.byRule))
	for r := range a.byRule {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	var b strings.Builder
	for _, r := range rules {
		fmt.Fprintf(&b, "\n  %s: %d page(s): %s", r, len(a.byRule[r]), strings.Join(a.byRule[r], "; "))
	}
	return b.String()
}

// href returns the href of the first element sel of the page ctx shows.
func href(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	h := get(t, ctx, "read the link "+sel, chromedp.Evaluate[string](fmt.Sprintf(
		`(() => { const a = document.querySelector(%q); return a ? a.getAttribute('href') : ''; })()`, sel)))
	if h == "" {
		t.Fatalf("no link %s\n%s", sel, pageState(ctx))
	}
	return h
}

// compareChoice reads the first two analyses the comparison form offers,
// from the page in ctx: the older as A, the newer as B.
func compareChoice(t *testing.T, ctx context.Context) [2]string {
	t.Helper()
	v := get(t, ctx, "read the analyses to compare", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('#a option')].map(o => o.value).filter(Boolean)`))
	if len(v) < 2 {
		t.Fatalf("the comparison form offers %d analyses, want 2\n%s", len(v), pageState(ctx))
	}
	return [2]string{v[1], v[0]}
}

// submitUnchecked presses the button sel of a form without the browser's
// own checks (required fields and the like), for the page the server
// answers to a form with mistakes; it returns that page's HTTP status.
func submitUnchecked(t *testing.T, ctx context.Context, sel string) int64 {
	t.Helper()
	do(t, ctx, "turn off the browser's form checks", chromedp.Evaluate[chromedp.Void](
		`document.querySelectorAll('form').forEach(f => f.noValidate = true)`))
	return click(t, ctx, sel)
}

// switchLanguage presses the language switch in the header.
func switchLanguage(t *testing.T, ctx context.Context) {
	t.Helper()
	if status := click(t, ctx, `header form[action="/langue"] button[name=lang]`); status != 200 {
		t.Fatalf("switching the language answered %d\n%s", status, pageState(ctx))
	}
}

// newA11yBrowser is newBrowser with the accessibility test's longer timeout.
func newA11yBrowser(t *testing.T) context.Context {
	t.Helper()
	return newBrowserFor(t, a11yTimeout)
}

// askA11yQuestions fills the first question box of the event: a member's
// question answered, an anonymous one pinned with a vote, a private one, and
// one waiting for moderation.
func askA11yQuestions(t *testing.T, m *app.Main, eventID int64) {
	t.Helper()
	bg := context.Background()
	boxes, err := m.DB.ListBoxes(bg, eventID)
	if err != nil || len(boxes) == 0 {
		t.Fatalf("the boxes of event %d: %v (%d boxes)", eventID, err, len(boxes))
	}
	box := boxes[0].ID
	lea := mustFindUser(t, m, "lea.martin@exemple-createurs.fr")
	yanis := mustFindUser(t, m, "yanis.haddad@exemple-createurs.fr")
	chloe := mustFindUser(t, m, "chloe.nguyen@exemple-createurs.fr")
	ask := func(who *creatorclub.User, text, visibility string, flagged bool) *creatorclub.Question {
		t.Helper()
		q, err := m.DB.AskQuestion(bg, box, who.ID, text, visibility, flagged)
		if err != nil {
			t.Fatalf("ask %q: %v", text, err)
		}
		return q
	}
	answered := ask(lea, "Comment répondre aux commentaires blessants sans y passer mes soirées ?", creatorclub.VisibilityNamed, false)
	pinned := ask(yanis, "Que faire quand un autre créateur me menace en message privé ?", creatorclub.VisibilityAnonymous, false)
	ask(chloe, "Puis-je parler de mon burn-out sans perdre mes partenaires ?", creatorclub.VisibilityPrivate, false)
	ask(yanis, "Une question qui attend la modération.", creatorclub.VisibilityNamed, true)
	for _, step := range []struct {
		id     int64
		action string
	}{{answered.ID, sqldb.ActAnswer}, {pinned.ID, sqldb.ActPin}} {
		if _, err := m.DB.ModerateQuestion(bg, step.id, step.action, ""); err != nil {
			t.Fatalf("%s question %d: %v", step.action, step.id, err)
		}
	}
	if _, _, err := m.DB.ToggleVote(bg, pinned, lea.ID); err != nil {
		t.Fatalf("vote: %v", err)
	}
}

// TestAccessibility runs axe-core (WCAG 2.0 and 2.1, A and AA) on the main
// pages of every capability of the demo club, as a visitor, a member, a
// moderator, an admin who also analyses the observatory (there is no analyst
// role: the observatory's pages are for staff), and a safety officer; in
// French, and the home and form pages in English; forms answered with
// mistakes as well as empty; and a dozen pages again at a phone's width of
// 320 CSS pixels, where nothing but data tables may stick out (WCAG 1.4.10).
// It fails listing every violation: page, rule, impact, help and elements.
func TestAccessibility(t *testing.T) {
	t.Parallel()
	src := axeSource(t) // skips before starting anything if axe-core is missing
	m := MustRunDemoMain(t)
	a := newAuditor(t, m, src)
	started := time.Now()
	bg := context.Background()

	// Content the demo does not seed: a published legal-watch item and a
	// draft newsletter.
	mod := mustFindUser(t, m, "moderation@club-demo.fr")
	effective := time.Now().UTC().AddDate(0, 1, 0).Truncate(24 * time.Hour)
	item := &creatorclub.LegalItem{Title: "Ordonnance n° 2024-978 : mention équivalente adaptée au format",
		Summary:   "La mention **« Publicité »** peut désormais être remplacée par une mention **équivalente**, adaptée au format du contenu.",
		SourceURL: "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000050475398", PublishedOn: time.Date(2024, 11, 7, 0, 0, 0, 0, time.UTC),
		EffectiveOn: &effective, Topics: []string{"influence_law"}, Status: creatorclub.LegalPublished, CreatedBy: mod.ID}
	if err := m.DB.SaveLegalItem(bg, item, nil); err != nil {
		t.Fatalf("save a legal item: %v", err)
	}
	letter := &creatorclub.Campaign{Kind: creatorclub.CampaignNewsletter, Subject: "La lettre du club — juin",
		Body: "Bonjour,\n\nCe mois-ci : **la santé mentale** des créateurs et les nouveautés de la loi.", CreatedBy: mod.ID,
		Audience: creatorclub.CampaignAudience{Kind: creatorclub.AudienceAllMembers}}
	if err := m.DB.CreateCampaign(bg, letter); err != nil {
		t.Fatalf("create a newsletter: %v", err)
	}

	visitor := newA11yBrowser(t)
	member := newSession(t, visitor)
	moderator := newSession(t, visitor)
	admin := newSession(t, visitor)
	safety := newSession(t, visitor)

	// The visitor, in French then in English.
	a.page(visitor, "visitor: home", "/")
	a.page(visitor, "visitor: sign-in", "/connexion")
	do(t, visitor, "type a wrong address", chromedp.SendKeys(css("#email"), "pas-une-adresse"))
	submitUnchecked(t, visitor, `form[action="/connexion"] button[type=submit]`)
	do(t, visitor, "see the error", chromedp.WaitVisible(css("#signin-error")))
	a.audit(visitor, "visitor: sign-in with a mistake")
	a.page(visitor, "visitor: agenda", "/agenda")
	event := href(t, visitor, `main a[href^="/evenements/"]`)
	eventID, err := strconv.ParseInt(strings.TrimPrefix(event, "/evenements/"), 10, 64)
	if err != nil {
		t.Fatalf("event link %q: %v", event, err)
	}
	askA11yQuestions(t, m, eventID)
	a.page(visitor, "visitor: agenda month", "/agenda/mois")
	a.page(visitor, "visitor: event", event)
	a.page(visitor, "visitor: legal watch", "/veille")
	a.page(visitor, "visitor: legal item", fmt.Sprintf("/veille/%d", item.ID))
	a.page(visitor, "visitor: certification check", "/verifier-certification")
	lea := mustFindUser(t, m, "lea.martin@exemple-createurs.fr")
	if lea.Cert == nil {
		t.Fatalf("the demo member has no certificate: %+v", lea)
	}
	a.page(visitor, "visitor: certification check result", "/verifier-certification?q="+lea.Cert.Number)
	a.page(visitor, "visitor: help", "/aide")
	a.page(visitor, "visitor: transparency report", "/transparence")
	a.page(visitor, "visitor: committee", "/comite")
	a.page(visitor, "visitor: certificate check", "/certificats")
	a.page(visitor, "visitor: observatory", "/observatoire")
	a.page(visitor, "visitor: observatory report", href(t, visitor, "#public-reports a"))
	open(t, visitor, m, "/connexion")
	switchLanguage(t, visitor)
	wantText(t, visitor, "html", "Sign in")
	a.audit(visitor, "visitor (en): sign-in")
	a.page(visitor, "visitor (en): home", "/")
	a.page(visitor, "visitor (en): help", "/aide")

	signInAll(t, m,
		signInSession{member, "lea.martin@exemple-createurs.fr"},
		signInSession{moderator, "moderation@club-demo.fr"},
		signInSession{admin, "admin@club-demo.fr"},
		signInSession{safety, "securite@club-demo.fr"})

	// The member.
	a.page(member, "member: home", "/accueil")
	a.page(member, "member: profile", "/profil")
	click(t, member, "#save-profile")
	do(t, member, "see the message", chromedp.WaitVisible(css("main .flash")))
	a.audit(member, "member: profile saved")
	a.page(member, "member: account", "/compte")
	a.page(member, "member: notifications", "/notifications")
	a.page(member, "member: agenda", "/agenda")
	a.page(member, "member: event", event)
	a.page(member, "member: question box", event+"/questions")
	a.page(member, "member: directory", "/annuaire")
	a.page(member, "member: member profile", href(t, member, `main a[href^="/membres/"]`))
	a.page(member, "member: report form", href(t, member, "#report-member"))
	a.page(member, "member: courses", "/formations")
	courses, err := m.DB.ListCourses(bg, true)
	if err != nil {
		t.Fatalf("list the courses: %v", err)
	}
	var course string
	for _, c := range courses {
		if c.Title == demo.LawCourseTitle {
			course = fmt.Sprintf("/formations/%d", c.ID)
		}
	}
	if course == "" {
		t.Fatalf("the demo has no course %q", demo.LawCourseTitle)
	}
	a.page(member, "member: course", course)
	a.page(member, "member: lesson", href(t, member, `#lessons a[href*="/lecons/"]`))
	a.page(member, "member: quiz", course+"/quiz")
	if status := click(t, member, "#start-quiz"); status != 200 {
		t.Fatalf("starting the quiz answered %d\n%s", status, pageState(member))
	}
	a.audit(member, "member: quiz questions")
	do(t, member, "tick the first answer of each question", chromedp.Evaluate[chromedp.Void](
		`document.querySelectorAll('#quiz-form fieldset').forEach(f => f.querySelector('input').checked = true)`))
	if status := click(t, member, "#submit-quiz"); status != 200 {
		t.Fatalf("submitting the quiz answered %d\n%s", status, pageState(member))
	}
	a.audit(member, "member: quiz result")
	a.page(member, "member: newsletters", "/lettres")
	a.page(member, "member: legal watch", "/veille")
	a.page(member, "member: help", "/aide")
	submitUnchecked(t, member, "#send-help")
	do(t, member, "see the error", chromedp.WaitVisible(css("#form-error")))
	a.audit(member, "member: help form with mistakes")
	a.page(member, "member: my help requests", "/aide/demandes")
	a.page(member, "member: help request", href(t, member, `main a[href^="/aide/demandes/"]`))
	a.page(member, "member: committee", "/comite")
	a.page(member, "member: committee call", href(t, member, "#open-calls a"))
	submitUnchecked(t, member, "#submit-application")
	do(t, member, "see the error", chromedp.WaitVisible(css("#form-error")))
	a.audit(member, "member: committee application with mistakes")
	a.page(member, "member: self-check", "/autocontrole")
	do(t, member, "paste a draft", chromedp.SetValue(css("#text"), "Mon fond de teint préféré 💄 code NINA15 pour -15 % #makeup #sp"))
	if status := click(t, member, "#selfcheck-submit"); status != 200 {
		t.Fatalf("self-check answered %d\n%s", status, pageState(member))
	}
	wantText(t, member, "#selfcheck-findings", "Loi n° 2023-451")
	a.audit(member, "member: self-check result")
	open(t, member, m, "/accueil")
	switchLanguage(t, member)
	wantText(t, member, "h1", "Hello")
	a.audit(member, "member (en): home")
	a.page(member, "member (en): profile", "/profil")
	a.page(member, "member (en): self-check", "/autocontrole")
	switchLanguage(t, member) // back to French, as the member had it

	// The moderator.
	a.page(moderator, "moderator: home", "/accueil")
	a.page(moderator, "moderator: events", "/gestion/evenements")
	a.page(moderator, "moderator: new event", "/gestion/evenements/nouveau")
	id := strconv.FormatInt(eventID, 10)
	a.page(moderator, "moderator: edit event", "/gestion/evenements/"+id)
	a.page(moderator, "moderator: attendees", "/gestion/evenements/"+id+"/inscrits")
	a.page(moderator, "moderator: question box", event+"/questions")
	a.page(moderator, "moderator: presenter view", event+"/questions/presentateur")
	a.page(moderator, "moderator: legal watch", "/gestion/veille")
	a.page(moderator, "moderator: new legal item", "/gestion/veille/nouveau")
	a.page(moderator, "moderator: legal imports", "/gestion/veille/import")
	a.page(moderator, "moderator: newsletters", "/gestion/lettres")
	a.page(moderator, "moderator: new newsletter", "/gestion/lettres/nouvelle")
	a.page(moderator, "moderator: newsletter", fmt.Sprintf("/gestion/lettres/%d", letter.ID))
	a.page(moderator, "moderator: courses", "/gestion/formations")
	a.page(moderator, "moderator: course", href(t, moderator, `main a[href^="/gestion/formations/"]`))
	a.page(moderator, "moderator: committee", "/gestion/comite")
	a.page(moderator, "moderator: committee call", href(t, moderator, "#calls a"))
	a.page(moderator, "moderator: committee application", href(t, moderator, "#applications a"))
	a.page(moderator, "moderator: committee space", "/comite/espace")

	// The admin, who is also the analyst of the observatory.
	a.page(admin, "admin: administration", "/admin")
	a.page(admin, "admin: users", "/admin/utilisateurs")
	a.page(admin, "admin: audit log", "/admin/journal")
	a.page(admin, "admin: roster", "/admin/registre")
	today := time.Now().UTC()
	day := func(years int) string { return today.AddDate(years, 0, 0).Format("02/01/2006") }
	const header = "Numéro de certificat;Prénom;Nom;Courriel;Certifié le;Expire le;Statut\n"
	bad := writeFile(t, "registre-erreurs.csv", header+"CC-2026-0102;Hugo;Bernard;pas-une-adresse;"+day(-1)+";"+day(1)+";Actif\n")
	do(t, admin, "choose a bad roster", chromedp.SetUploadFiles(css("#file"), []string{bad}))
	if status := click(t, admin, "#preview-roster"); status != 422 {
		t.Fatalf("previewing a bad roster answered %d\n%s", status, pageState(admin))
	}
	a.audit(admin, "admin: roster errors")
	good := writeFile(t, "registre.csv", header+"CC-2026-0102;Hugo;Bernard;hugo.bernard@exemple.fr;"+day(-1)+";"+day(1)+";Actif\n")
	do(t, admin, "choose a roster", chromedp.SetUploadFiles(css("#file"), []string{good}))
	if status := click(t, admin, "#preview-roster"); status != 200 {
		t.Fatalf("previewing a roster answered %d\n%s", status, pageState(admin))
	}
	a.audit(admin, "admin: roster preview")
	a.page(admin, "analyst: observatory", "/gestion/observatoire")
	analysis := href(t, admin, `#analyses a[href^="/gestion/observatoire/"]`)
	a.page(admin, "analyst: analysis", analysis)
	a.page(admin, "analyst: report", analysis+"/rapport")
	a.page(admin, "analyst: review", analysis+"/verification")
	a.page(admin, "analyst: second reading", analysis+"/verification?lecture=2")
	// Two readings that differ, each given with the form: the admin's
	// first, the moderator's second; then the page that settles the post.
	open(t, admin, a.m, analysis+"/verification")
	drawn := get(t, admin, "the post shown", chromedp.Evaluate[string](`document.querySelector('#review-post').dataset.post`))
	do(t, admin, "give a first verdict", chromedp.Click(css(`label[for="verdict-compliant"]`)))
	if status := click(t, admin, "#review-submit"); status != 200 {
		t.Fatalf("first reading answered %d\n%s", status, pageState(admin))
	}
	// (The demo's own verdicts come first in the second reading's order:
	// the moderator asks for the admin's post.)
	open(t, moderator, a.m, analysis+"/verification?lecture=2&post="+drawn)
	if got := get(t, moderator, "the post to read again", chromedp.Evaluate[string](`document.querySelector('#review-post').dataset.post`)); got != drawn {
		t.Fatalf("the second reading shows %q, want %q\n%s", got, drawn, pageState(moderator))
	}
	do(t, moderator, "give a second verdict", chromedp.Click(css(`label[for="verdict-improvable"]`)))
	if status := click(t, moderator, "#review-submit"); status != 200 {
		t.Fatalf("second reading answered %d\n%s", status, pageState(moderator))
	}
	open(t, admin, a.m, analysis+"/verification")
	if status := click(t, admin, `#review-to-settle tr[data-post="`+drawn+`"] a`); status != 200 {
		t.Fatalf("the link to settle answered %d\n%s", status, pageState(admin))
	}
	wantText(t, admin, `#review-readings [data-reading="2"]`, "Commercial, améliorable")
	a.audit(admin, "analyst: settle a post")
	do(t, admin, "settle", chromedp.Click(css(`label[for="verdict-improvable"]`)))
	if status := click(t, admin, "#review-submit"); status != 200 {
		t.Fatalf("settling answered %d\n%s", status, pageState(admin))
	}
	wantText(t, admin, `#review-to-settle tr[data-post="`+drawn+`"] td[data-settled]`, "Commercial, améliorable")
	// The analyst compares the demo's two samples with the form.
	a.page(admin, "analyst: compare", "/gestion/observatoire/comparaison")
	choice := compareChoice(t, admin)
	do(t, admin, "choose the two analyses", chromedp.SetValue(css("#a"), choice[0]), chromedp.SetValue(css("#b"), choice[1]))
	if status := click(t, admin, "#compare-submit"); status != 200 {
		t.Fatalf("the comparison answered %d\n%s", status, pageState(admin))
	}
	if n := get(t, admin, "count the comparison's charts", chromedp.Evaluate[int](`[...document.querySelectorAll('svg.chart')].filter(s => s.getBoundingClientRect().width > 100 && s.querySelectorAll('rect').length > 3).length`)); n != 2 {
		t.Fatalf("the comparison draws %d charts, want 2\n%s", n, pageState(admin))
	}
	wantText(t, admin, "#comparison", "Conforme")
	a.audit(admin, "analyst: comparison")

	// The safety officer.
	a.page(safety, "safety: queue", "/securite")
	a.page(safety, "safety: case", href(t, safety, `#queue a[href^="/securite/dossiers/"]`))
	a.page(safety, "safety: appeals", "/securite/recours")

	// The safety officer sees the question box with the reveal action.
	a.page(safety, "safety: question box", event+"/questions")

	// A phone's width: 320 CSS pixels, where content must reflow.
	do(t, member, "narrow the window", chromedp.EmulateViewport(320, 640))
	for _, p := range []string{"/accueil", "/agenda", event, event + "/questions", "/aide", "/autocontrole", "/profil", "/formations", "/veille", "/comite", "/annuaire", "/observatoire"} {
		a.page(member, "member (320 px): "+p, p)
		a.reflow(member, "member (320 px): "+p)
		if p == "/aide" {
			a.stacked(member, "member (320 px): "+p, "#help-form")
		}
	}
	// The help form at 320 px, its fields for content on another platform
	// filled (a long address, a platform, a long account name) and sent
	// with a mistake, so that it comes back with the values and the error.
	open(t, member, m, "/aide")
	do(t, member, "describe the content on another platform",
		chromedp.Click(css("#cat-illicit")),
		chromedp.SetValue(css("#description"), "Une vidéo reprend mon contenu sans mention et me prête des propos que je n'ai jamais tenus."),
		chromedp.SetValue(css("#url"), "www.plateforme-video.example/"+strings.Repeat("watch-this-very-long-address-", 4)),
		chromedp.SetValue(css("#platform"), "tiktok"),
		chromedp.SetValue(css("#handle"), "@"+strings.Repeat("un_compte_au_nom_tres_long_", 3)))
	if status := submitUnchecked(t, member, "#send-help"); status != 400 {
		t.Fatalf("a help request with a bad address answered %d\n%s", status, pageState(member))
	}
	do(t, member, "see the error", chromedp.WaitVisible(css("#form-error")))
	if got := get(t, member, "read the platform", chromedp.Evaluate[string](`document.querySelector('#platform').value`)); got != "tiktok" {
		t.Fatalf("the form came back without the platform (%q)\n%s", got, pageState(member))
	}
	a.audit(member, "member (320 px): help form, another platform, with a mistake")
	a.reflow(member, "member (320 px): help form, another platform, with a mistake")
	a.stacked(member, "member (320 px): help form, another platform, with a mistake", "#help-form")
	do(t, moderator, "narrow the window", chromedp.EmulateViewport(320, 640))
	for _, p := range []string{"/gestion/evenements", "/gestion/evenements/" + id + "/inscrits", "/gestion/lettres", "/gestion/comite", "/gestion/formations", "/gestion/veille"} {
		a.page(moderator, "moderator (320 px): "+p, p)
		a.reflow(moderator, "moderator (320 px): "+p)
	}
	do(t, admin, "narrow the window", chromedp.EmulateViewport(320, 640))
	for _, p := range []string{"/admin/utilisateurs", "/admin/journal", "/admin/registre", "/gestion/observatoire"} {
		a.page(admin, "admin (320 px): "+p, p)
		a.reflow(admin, "admin (320 px): "+p)
	}

	t.Logf("axe-core %s: %d pages audited in %s (%s in axe)", axeVersion, a.pages, time.Since(started).Round(time.Millisecond), a.spent.Round(time.Millisecond))
	if len(a.byRule) > 0 {
		t.Errorf("rules failed, with the pages that fail them:%s", a.summary())
	}
}

// TestKeyboardSignIn signs in from the keyboard alone: from the top of the
// sign-in page, Tab reaches the skip link, then the address field and the
// button that sends the link, each showing a visible focus indicator, and
// Enter sends the form.
func TestKeyboardSignIn(t *testing.T) {
	t.Parallel()
	m := MustRunMain(t)
	mustImport(t, m, member(2, "CC-2026-0101", "Léa", "Martin", "lea.martin@exemple.fr"))
	ctx := newBrowser(t)
	open(t, ctx, m, "/connexion")

	// focused describes the element that has the focus, whether a focus
	// indicator shows (an outline or a box shadow), and the best contrast
	// between the indicator's colours and the background around the element.
	const focused = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {id: '', tag: 'body'};
  const rgb = c => { const m = c.match(/rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/); return m && (m[4] === undefined || +m[4] > 0) ? [+m[1], +m[2], +m[3]] : null; };
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  let bg = [255, 255, 255];
  for (let p = e.parentElement; p; p = p.parentElement) { const c = rgb(getComputedStyle(p).backgroundColor); if (c) { bg = c; break; } }
  const s = getComputedStyle(e);
  const colours = [];
  if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) colours.push(rgb(s.outlineColor));
  if (s.boxShadow !== 'none') for (const m of s.boxShadow.matchAll(/rgba?\([^)]*\)/g)) colours.push(rgb(m[0]));
  return {id: e.id, tag: e.tagName.toLowerCase(), type: e.type || '', text: (e.textContent || '').trim(),
    focusVisible: e.matches(':focus-visible'), indicators: colours.filter(c => c).length,
    contrast: Math.max(0, ...colours.filter(c => c).map(c => ratio(c, bg)))};
})()`
	type focus struct {
		ID, Tag, Type, Text string
		FocusVisible        bool
		Indicators          int
		Contrast            float64
	}
	var order []focus
	tab := func() focus {
		t.Helper()
		do(t, ctx, "press Tab", chromedp.KeyEvent(kb.Tab))
		f := get(t, ctx, "read the focus", chromedp.Evaluate[focus](focused))
		order = append(order, f)
		return f
	}
	// The skip link comes first and shows itself.
	if f := tab(); f.Tag != "a" || !strings.Contains(f.Text, "contenu") {
		t.Fatalf("the first Tab focuses %+v, want the skip link", f)
	}
	if !get(t, ctx, "is the skip link on screen", chromedp.Evaluate[bool](
		`(() => { const r = document.activeElement.getBoundingClientRect(); return r.width > 1 && r.height > 1 && r.top >= 0; })()`)) {
		t.Error("the focused skip link is not on screen")
	}
	var email, submit focus
	for i := 0; i < 30 && submit.Tag == ""; i++ {
		f := tab()
		switch {
		case f.ID == "email":
			email = f
		case email.ID != "" && f.Tag == "button" && f.Type == "submit":
			submit = f
		}
	}
	if email.ID == "" || submit.Tag == "" {
		t.Fatalf("Tab never reached the address field and then the submit button; focus order: %+v", order)
	}
	// WCAG 2.4.7 asks for a visible focus, and 1.4.11 for a 3:1 contrast
	// between the indicator and what is around it.
	for _, f := range []focus{order[0], email, submit} {
		if !f.FocusVisible || f.Indicators == 0 || f.Contrast < 3 {
			t.Errorf("%s#%s %q has the focus without a visible indicator of 3:1 contrast (:focus-visible %v, %d outline or shadow colour(s), best contrast %.2f:1)",
				f.Tag, f.ID, f.Text, f.FocusVisible, f.Indicators, f.Contrast)
		}
	}

	// Type the address in the field and send the form with Enter.
	before := outboxFiles(t, m)
	do(t, ctx, "focus the field again", chromedp.Focus(css("#email")))
	follow(t, ctx, "type the address and press Enter", chromedp.KeyEvent("lea.martin@exemple.fr"), chromedp.KeyEvent(kb.Enter))
	wantText(t, ctx, "#signin-sent", "lea.martin@exemple.fr")
	waitForMail(t, m, "lea.martin@exemple.fr", before)
}

// TestCoreFlowsWithoutJavaScript runs a member's core flows in a browser
// whose JavaScript is off: signing in, registering for an event, asking a
// question in its box, checking a draft and asking for help. Each is a plain
// form; the scripts only enhance them.
func TestCoreFlowsWithoutJavaScript(t *testing.T) {
	t.Parallel()
	m := MustRunDemoMain(t)
	bg := context.Background()
	const email = "lea.martin@exemple-createurs.fr"
	lea := mustFindUser(t, m, email)
	events, err := m.DB.ListEvents(bg, creatorclub.EventFilter{Limit: 100})
	if err != nil {
		t.Fatalf("list the events: %v", err)
	}
	var workshop *creatorclub.Event
	for _, e := range events {
		if strings.HasPrefix(e.Title, "Atelier ouvert") {
			workshop = e
		}
	}
	if workshop == nil {
		t.Fatal("the demo has no open workshop")
	}
	if _, err := m.DB.FindRegistration(bg, workshop.ID, lea.ID); creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
		t.Fatalf("the demo member's registration for the workshop: %v, want none", err)
	}

	ctx := newBrowser(t)
	do(t, ctx, "turn JavaScript off", chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	// JavaScript is off: app.js, which makes a form's error focusable once
	// the page is loaded, does not run.
	open(t, ctx, m, "/connexion")
	do(t, ctx, "type a wrong address", chromedp.SendKeys(css("#email"), "pas-une-adresse"))
	submitUnchecked(t, ctx, `form[action="/connexion"] button[type=submit]`)
	if tabindex := get(t, ctx, "read the error's tabindex", chromedp.Evaluate[string](
		`document.querySelector('#signin-error').getAttribute('tabindex') || ''`)); tabindex != "" {
		t.Fatalf("JavaScript ran: the error has tabindex %q", tabindex)
	}
	signIn(t, ctx, m, email)

	page := fmt.Sprintf("/evenements/%d", workshop.ID)
	open(t, ctx, m, page)
	if status := click(t, ctx, "#register"); status != 200 {
		t.Fatalf("registering answered %d\n%s", status, pageState(ctx))
	}
	wantText(t, ctx, "#registration-status", "Vous êtes inscrit")

	open(t, ctx, m, page+"/questions")
	boxes, err := m.DB.ListBoxes(bg, workshop.ID)
	if err != nil || len(boxes) == 0 {
		t.Fatalf("the workshop's boxes: %v (%d)", err, len(boxes))
	}
	box := strconv.FormatInt(boxes[0].ID, 10)
	const question = "Comment signaler une collaboration dans une story de quinze secondes ?"
	do(t, ctx, "write a question", chromedp.SendKeys(css("#text-"+box), question))
	if status := click(t, ctx, fmt.Sprintf(`section.box[data-box="%s"] .ask-btn`, box)); status != 200 {
		t.Fatalf("asking answered %d\n%s", status, pageState(ctx))
	}
	wantPath(t, ctx, page+"/questions")
	wantText(t, ctx, fmt.Sprintf(`section.box[data-box="%s"] ol.questions`, box), question)

	open(t, ctx, m, "/autocontrole")
	do(t, ctx, "paste a draft", chromedp.SendKeys(css("#text"), "Ma nouvelle routine avec la crème Lumi, code LEA10 #collab"))
	if status := click(t, ctx, "#selfcheck-submit"); status != 200 {
		t.Fatalf("the self-check answered %d\n%s", status, pageState(ctx))
	}
	wantText(t, ctx, "#selfcheck-findings", "Loi n° 2023-451")

	open(t, ctx, m, "/aide")
	do(t, ctx, "describe what happens",
		chromedp.Click(css("#cat-harassment")),
		chromedp.SendKeys(css("#description"), "Depuis ma dernière vidéo, un compte m'envoie des messages insultants chaque soir."))
	if status := click(t, ctx, "#send-help"); status != 200 {
		t.Fatalf("asking for help answered %d\n%s", status, pageState(ctx))
	}
	if p := pagePath(t, ctx); !strings.HasPrefix(p, "/aide/demandes/") {
		t.Fatalf("after asking for help the browser is on %s\n%s", p, pageState(ctx))
	}
}
