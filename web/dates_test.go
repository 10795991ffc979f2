package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
	"github.com/creatorclub/creatorclub/web"
)

var (
	dateInputRE = regexp.MustCompile(`<input id="([^"]+)"[^>]*\stype="(date|datetime-local)"`)
	labelRE     = regexp.MustCompile(`(?s)<label for="([^"]+)">(.*?)</label>`)
)

// dateHints are the hints a date field's label carries, by page language
// and input type (no-break spaces keep the format on one line).
var dateHints = map[string]map[string]string{
	"fr": {"date": `<span class="hint">Format attendu` + "\u00a0" + `: JJ/MM/AAAA</span>`,
		"datetime-local": `<span class="hint">Format attendu` + "\u00a0" + `: JJ/MM/AAAA` + "\u00a0" + `HH:MM</span>`},
	"en": {"date": `<span class="hint">Expected format: DD/MM/YYYY</span>`,
		"datetime-local": `<span class="hint">Expected format: DD/MM/YYYY` + "\u00a0" + `HH:MM</span>`},
}

// wantDateHints checks that every date and date-and-time field of the page
// has a label that says, in the page's language, the format it expects,
// and returns how many fields it checked.
func wantDateHints(t *testing.T, name, lang string, r resp) int {
	t.Helper()
	if r.code != http.StatusOK || !strings.Contains(r.body, `<html lang="`+lang+`"`) {
		t.Fatalf("%s (%s): %d, want 200 in %s", name, lang, r.code, lang)
	}
	labels := map[string]string{}
	for _, m := range labelRE.FindAllStringSubmatch(r.body, -1) {
		labels[m[1]] = m[2]
	}
	inputs := dateInputRE.FindAllStringSubmatch(r.body, -1)
	if len(inputs) == 0 {
		t.Errorf("%s (%s): no date field", name, lang)
	}
	for _, m := range inputs {
		id, typ := m[1], m[2]
		label, ok := labels[id]
		if !ok {
			t.Errorf("%s (%s): the %s field #%s has no label", name, lang, typ, id)
		} else if !strings.Contains(label, dateHints[lang][typ]) {
			t.Errorf("%s (%s): the label of the %s field #%s does not give the format: %q", name, lang, typ, id, label)
		}
	}
	return len(inputs)
}

// TestDateFieldsSayTheirFormat: every date field the club asks for — the
// event, committee call, question box, newsletter, legal watch, course
// requirement, observatory, self-check, sanction, transparency report and
// audit log forms — says in its label the format it expects, in French and
// in English (a finished analysis's cut-off, in French); and the server
// takes what such a field sends (ISO, with seconds or not) as well as what
// a person types as the hint says.
func TestDateFieldsSayTheirFormat(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e, _ := observatoryEnv(t, db, observatoryStores[0].new(t))
		mod := e.signIn(e.user(creatorclub.RoleModerator))
		admin := e.signIn(e.user(creatorclub.RoleAdmin))
		member := e.signIn(e.user(creatorclub.RoleMember))
		f := newSafetyFixture(t, e)
		officer := e.signIn(f.officer)
		course := publishedCourse(t, db, 0)
		if r := e.post(mod, "/gestion/lettres", campaignValues(nil)); r.code != http.StatusSeeOther {
			t.Fatalf("create a newsletter: %d", r.code)
		}
		campaigns, _ := db.ListCampaigns(ctx, nil, 1)
		pages := []struct {
			c    *http.Client
			path string
		}{
			{mod, "/gestion/evenements/nouveau"},
			{mod, fmt.Sprintf("/gestion/evenements/%d", f.ev.ID)},
			{mod, fmt.Sprintf("/evenements/%d/questions", f.ev.ID)},
			{mod, "/gestion/comite/appels/nouveau"},
			{mod, fmt.Sprintf("/gestion/lettres/%d", campaigns[0].ID)},
			{mod, "/gestion/veille/nouveau"},
			{mod, fmt.Sprintf("/gestion/formations/%d", course.ID)},
			{mod, "/gestion/observatoire"},
			{member, "/autocontrole"},
			{officer, fmt.Sprintf("/securite/dossiers/%d", f.caseID)},
			{officer, "/transparence"},
			{admin, "/admin/journal"},
		}
		fields := 0
		for _, lang := range []string{"fr", "en"} {
			for _, c := range []*http.Client{mod, admin, member, officer} {
				e.post(c, "/langue", url.Values{"lang": {lang}, "next": {"/"}})
			}
			for _, p := range pages {
				fields += wantDateHints(t, p.path, lang, e.get(p.c, p.path))
			}
		}
		// 3 on the event form and on the edit form, 6 in the event's three
		// question boxes (the whole event's and two speakers'), 2 on the
		// call, 1 newsletter, 2 legal, 1 course, 1 observatory, 1
		// self-check, 1 sanction, 2 transparency, 2 audit.
		if fields != 2*25 {
			t.Errorf("%d date fields checked, want %d", fields, 2*25)
		}
		for _, c := range []*http.Client{mod, admin, member, officer} {
			e.post(c, "/langue", url.Values{"lang": {"fr"}, "next": {"/"}})
		}

		// What the server takes. An event: 18:30 in Paris, typed as the
		// hint says; the end as a datetime-local input sends it with seconds.
		day := time.Now().In(web.Paris).AddDate(0, 2, 0)
		start := time.Date(day.Year(), day.Month(), day.Day(), 18, 30, 0, 0, web.Paris)
		r := e.post(mod, "/gestion/evenements", eventForm(start, map[string]string{"title": "Rendez-vous saisi à la main",
			"starts_at": start.Format("02/01/2006 15:04"), "ends_at": start.Add(time.Hour).Format("2006-01-02T15:04:05"),
			"deadline": start.Add(-24 * time.Hour).Format("02/01/2006 15h04")}))
		if r.code != http.StatusSeeOther {
			t.Fatalf("an event with typed dates: %d %s", r.code, r.body)
		}
		id, _ := strconv.ParseInt(strings.TrimPrefix(r.loc, "/gestion/evenements/"), 10, 64)
		ev, err := db.FindEvent(ctx, id)
		if err != nil || !ev.StartsAt.Equal(start) || !ev.EndsAt.Equal(start.Add(time.Hour)) || ev.RegistrationDeadline == nil || !ev.RegistrationDeadline.Equal(start.Add(-24*time.Hour)) {
			t.Fatalf("the event %d: %+v %v", id, ev, err)
		}
		// A course's due date, typed: the end of that day in Paris.
		r = e.post(mod, fmt.Sprintf("/gestion/formations/%d/obligations", course.ID), url.Values{"segment": {"all"}, "due_on": {day.Format("02/01/2006")}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("a requirement with a typed date: %d %s", r.code, r.body)
		}
		reqs, err := db.ListRequirements(ctx)
		if err != nil || len(reqs) != 1 || !reqs[0].DueAt.Equal(time.Date(day.Year(), day.Month(), day.Day(), 23, 59, 59, 0, web.Paris)) {
			t.Fatalf("requirements: %+v %v", reqs, err)
		}
		// A committee call, typed.
		opens := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, web.Paris)
		r = e.post(mod, "/gestion/comite/appels", url.Values{"title": {"Comité 2027"}, "opens_at": {opens.Format("02/01/2006 15:04")},
			"closes_at": {opens.AddDate(0, 1, 0).Format("02/01/2006 15:04")}, "seats": {"12"}, "term_months": {"24"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("a call with typed dates: %d %s", r.code, r.body)
		}
		// A legal-watch item, typed.
		r = e.post(mod, "/gestion/veille", legalForm(map[string]string{"published_on": "07/11/2024", "effective_on": "08/11/2024", "important": ""}))
		if r.code != http.StatusSeeOther {
			t.Fatalf("a legal item with typed dates: %d %s", r.code, r.body)
		}
		items, _, err := db.ListLegalItems(ctx, creatorclub.LegalFilter{})
		if err != nil || len(items) != 1 || !items[0].PublishedOn.Equal(time.Date(2024, 11, 7, 0, 0, 0, 0, time.UTC)) ||
			items[0].EffectiveOn == nil || !items[0].EffectiveOn.Equal(time.Date(2024, 11, 8, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("legal items: %+v %v", items, err)
		}
		// The self-check reads the law on a typed date; a date that does
		// not exist gets the error, which gives the format.
		if r := e.post(member, "/autocontrole", url.Values{"text": {"Merci à la marque Lumi pour ce cadeau"}, "date": {"14/03/2025"}}); r.code != http.StatusOK || strings.Contains(r.body, "selfcheck-error") {
			t.Errorf("self-check on a typed date: %d", r.code)
		}
		wantStatus(t, e.post(member, "/autocontrole", url.Values{"text": {"Merci à la marque Lumi"}, "date": {"31/02/2025"}}), http.StatusBadRequest,
			"utilisez le format JJ/MM/AAAA")
		// The transparency report over a typed period.
		wantStatus(t, e.get(e.client(), "/transparence?du=01/01/2026&au=31/12/2026"), http.StatusOK, `value="2026-01-01"`, `value="2026-12-31"`)
		// An observatory corpus with a typed cut-off.
		r = e.upload(mod, map[string]string{"title": "Coupure saisie", "cutoff": "09/06/2023"}, "c.jsonl.gz", smallCorpus(t, 200))
		if r.code != http.StatusSeeOther {
			t.Fatalf("a corpus with a typed cut-off: %d %s", r.code, r.body)
		}
		aid := analysisID(r.loc)
		if a, err := db.FindCorpusAnalysis(ctx, aid); err != nil || !a.Cutoff.Equal(time.Date(2023, 6, 9, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("the analysis: %+v %v", a, err)
		}
		// Once done, the analysis offers to run again with another cut-off.
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			a, err := db.FindCorpusAnalysis(ctx, aid)
			if err != nil || a.Status == creatorclub.AnalysisFailed || time.Now().After(deadline) {
				t.Fatalf("the analysis did not finish: %+v %v", a, err)
			}
			if a.Status == creatorclub.AnalysisDone {
				break
			}
		}
		if n := wantDateHints(t, r.loc, "fr", e.get(mod, r.loc)); n != 1 {
			t.Errorf("%d date fields on the finished analysis, want its cut-off", n)
		}
	})
}
