package web_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/observatory"
	"github.com/creatorclub/creatorclub/observatory/analysis"
	"github.com/creatorclub/creatorclub/sqldb"
)

// TestObservatoryReview: staff review the drawn posts one by one without
// seeing the engine's verdict; the page counts agreement by verdict, lists
// the disagreements and, once each verdict has two reviews, corrects the
// shares; a verdict can be changed; bad input is refused with nothing
// stored; another analysis of the same corpus finds the verdicts; only
// moderators and admins record verdicts.
func TestObservatoryReview(t *testing.T) {
	eachObservatory(t, func(t *testing.T, db *sqldb.DB, st obsStore) {
		e, _ := observatoryEnv(t, db, st)
		mod := e.user(creatorclub.RoleModerator)
		c := e.signIn(mod)
		r := e.upload(c, map[string]string{"title": "TikTok 2024", "cutoff": "2023-06-09"}, "posts.jsonl.gz", smallCorpus(t, 1500))
		if r.code != http.StatusSeeOther {
			t.Fatalf("upload: %d %s", r.code, r.body)
		}
		id := analysisID(r.loc)
		a := waitAnalysis(t, db, id)
		if a.Status != creatorclub.AnalysisDone {
			t.Fatalf("analysis %+v", a)
		}
		page := fmt.Sprintf("/gestion/observatoire/%d/verification", id)
		if r := e.get(c, fmt.Sprintf("/gestion/observatoire/%d", id)); !strings.Contains(r.body, `href="`+page+`"`) {
			t.Error("the analysis page has no link to the review")
		}
		// The sample, as the analysis wrote it.
		r = e.get(c, fmt.Sprintf("/gestion/observatoire/%d/fichiers/summary.json", id))
		sum, err := analysis.ReadSummary(strings.NewReader(r.body))
		if err != nil || sum.Review == nil {
			t.Fatalf("summary: %v %v", sum, err)
		}
		order := sum.Review.Order()
		if len(order) < 12 {
			t.Fatalf("only %d posts drawn", len(order))
		}
		shown := func(r resp) string {
			const attr = `id="review-post" data-post="`
			i := strings.Index(r.body, attr)
			if i < 0 {
				return ""
			}
			rest := r.body[i+len(attr):]
			return rest[:strings.IndexByte(rest, '"')]
		}
		r = e.get(c, page)
		if r.code != 200 || shown(r) != order[0].ID || !strings.Contains(r.body, `id="review-form"`) || !strings.Contains(r.body, `id="review-no-disagreement"`) ||
			!strings.Contains(r.body, fmt.Sprintf("Publications vérifiées : 0 sur %d", len(order))) || strings.Contains(r.body, "checked") {
			t.Fatalf("first page: %d %s", r.code, r.body)
		}
		// Blind: the engine's spans for the post shown are not on the page.
		for _, sp := range order[0].Spans {
			if sp.Text != "" && strings.Contains(html.UnescapeString(r.body[strings.Index(r.body, `id="review-results"`):]), "« "+sp.Text+" »") {
				t.Errorf("the engine's span %q is shown before the review", sp.Text)
			}
		}
		// Nothing reviewed yet: nothing to add to the report.
		if r := e.post(c, page+"/rapport", nil); r.code != http.StatusConflict || !strings.Contains(html.UnescapeString(r.body), "rien à ajouter au rapport") {
			t.Errorf("add an empty review to the report: %d", r.code)
		}
		if r := e.get(c, page+".jsonl"); r.code != http.StatusConflict || !strings.Contains(html.UnescapeString(r.body), "Aucune publication vérifiée à exporter") {
			t.Errorf("an evaluation set of no review: %d", r.code)
		}
		if strings.Contains(r.body, `id="review-evalset"`) {
			t.Error("a link to an evaluation set of no review")
		}
		other := func(v string) string {
			if v == analysis.ReviewVerdicts[0] {
				return analysis.ReviewVerdicts[3]
			}
			return analysis.ReviewVerdicts[0]
		}
		// The reviewers tick the sectors the engine found, unless a test
		// says otherwise.
		engineSectors := func(postID string) []string {
			if p := sum.Review.Post(postID); p != nil {
				return p.Sectors
			}
			return nil
		}
		post := func(postID, verdict, note string) resp {
			return e.post(c, page, url.Values{"post": {postID}, "verdict": {verdict}, "note": {note}, "sector": engineSectors(postID)})
		}
		// The first: the reviewer disagrees.
		if r := post(order[0].ID, other(order[0].Verdict), "pas de marque"); r.code != http.StatusSeeOther || r.loc != page+"#review" {
			t.Fatalf("save: %d %s %s", r.code, r.loc, r.body)
		}
		r = e.get(c, page)
		if shown(r) != order[1].ID || !strings.Contains(r.body, `<tr data-post="`+order[0].ID+`">`) || !strings.Contains(r.body, "pas de marque") ||
			!strings.Contains(r.body, page+"?post="+order[0].ID) || !strings.Contains(r.body, "Verdict enregistré") {
			t.Fatalf("after one review: %s", r.body)
		}
		if !strings.Contains(r.body, "pas encore assez de vérifications") {
			t.Error("shares corrected from one review")
		}
		// Eight more, agreeing: two reviews of each verdict at least.
		verdicts := map[string]string{order[0].ID: other(order[0].Verdict)}
		for _, p := range order[1:9] {
			if r := post(p.ID, p.Verdict, ""); r.code != http.StatusSeeOther {
				t.Fatalf("save %s: %d %s", p.ID, r.code, r.body)
			}
			verdicts[p.ID] = p.Verdict
		}
		if r := e.get(c, fmt.Sprintf("/gestion/observatoire/%d", id)); !strings.Contains(r.body, "verdicts enregistrés pour ce corpus : 9") {
			t.Error("the analysis page does not count the verdicts")
		}
		r = e.get(c, page)
		want := sum.Review.Results(verdicts)
		if !strings.Contains(r.body, fmt.Sprintf("Publications vérifiées : 9 sur %d", len(order))) || shown(r) != order[9].ID {
			t.Fatalf("after nine reviews: %s", r.body)
		}
		for _, est := range want.Estimates {
			row := r.body[strings.Index(r.body, `data-estimate="`+est.Name+`"`):]
			row = row[:strings.Index(row, "</tr>")]
			if !est.OK || !strings.Contains(row, frShare(est.Corrected.Value)) || !strings.Contains(row, "["+frShare(est.Corrected.Low)+" ; "+frShare(est.Corrected.High)+"]") {
				t.Errorf("estimate %s: %+v, row %s", est.Name, est, row)
			}
		}
		// A second reading, by another analyst who does not see the first
		// verdict: the first reader has nothing to read again; a
		// disagreement is listed to settle, and the first verdict stays.
		admin := e.user(creatorclub.RoleAdmin)
		ac := e.signIn(admin)
		second := page + "?lecture=2"
		if r := e.get(c, second); shown(r) != "" || !strings.Contains(r.body, "Aucune publication à relire") {
			t.Errorf("second reading for the first reader: post %q", shown(r))
		}
		r = e.get(ac, second)
		if shown(r) != order[0].ID || !strings.Contains(r.body, `name="second" value="1"`) || strings.Contains(r.body, "checked") || strings.Contains(r.body, "pas de marque") {
			t.Fatalf("second reading: post %q %s", shown(r), r.body)
		}
		if !strings.Contains(r.body, `id="review-no-agreement"`) {
			t.Error("agreement shown before any second reading")
		}
		secondPost := func(cl *http.Client, postID, verdict string) resp {
			return e.post(cl, page, url.Values{"post": {postID}, "verdict": {verdict}, "second": {"1"}, "sector": engineSectors(postID)})
		}
		if r := secondPost(ac, order[0].ID, order[0].Verdict); r.code != http.StatusSeeOther || r.loc != second+"#review" {
			t.Fatalf("second reading saved: %d %s", r.code, r.loc)
		}
		if r := secondPost(ac, order[1].ID, order[1].Verdict); r.code != http.StatusSeeOther {
			t.Fatalf("second reading saved: %d", r.code)
		}
		if r := secondPost(c, order[2].ID, order[2].Verdict); r.code != http.StatusConflict || !strings.Contains(html.UnescapeString(r.body), "doit venir d'un autre analyste") {
			t.Errorf("second reading by the first reader: %d", r.code)
		}
		if r := secondPost(ac, order[20].ID, order[20].Verdict); r.code != http.StatusConflict || !strings.Contains(html.UnescapeString(r.body), "pas encore de première lecture") {
			t.Errorf("second reading of a post never read: %d", r.code)
		}
		r = e.get(ac, second)
		if shown(r) != order[2].ID || !strings.Contains(html.UnescapeString(r.body), "Publications lues deux fois : 2") || strings.Contains(r.body, `<table id="review-to-settle">`) {
			t.Fatalf("after two second readings: post %q %s", shown(r), r.body)
		}
		// Out of the second reading, the post to settle is listed.
		if r := e.get(ac, page); !strings.Contains(r.body, `<table id="review-to-settle">`) || !strings.Contains(r.body, `<tr data-post="`+order[0].ID+`"><td>`+order[0].ID) {
			t.Errorf("no post to settle: %s", r.body)
		}
		if firsts, _ := db.ListPostReviews(ctx, a.CorpusID); firsts[order[0].ID].Verdict() != other(order[0].Verdict) {
			t.Error("a second reading changed the first")
		}
		// The results go into the report, the public one too.
		if !strings.Contains(r.body, `id="review-not-in-report"`) && !strings.Contains(r.body, "ne montre pas encore") {
			t.Error("the page does not say the report lacks the review")
		}
		before, _ := db.ListReportFiles(ctx, id)
		heldBefore := len(st.held(t))
		if r := e.post(c, page+"/rapport", nil); r.code != http.StatusSeeOther || r.loc != page+"#review-results" {
			t.Fatalf("add to the report: %d %s %s", r.code, r.loc, r.body)
		}
		if r := e.get(c, page); !strings.Contains(r.body, "verdicts comptés : 9") || !strings.Contains(r.body, "Le rapport montre maintenant la vérification") {
			t.Errorf("after adding to the report: %s", r.body)
		}
		var commercial analysis.ReviewEstimate
		for _, est := range want.Estimates {
			if est.Name == "commercial" {
				commercial = est
			}
		}
		full := html.UnescapeString(e.get(c, fmt.Sprintf("/gestion/observatoire/%d/rapport", id)).body)
		if !strings.Contains(full, `id="h-review"`) || !strings.Contains(full, "sur 9 publications tirées au hasard") || !strings.Contains(full, frShare(commercial.Corrected.Value)+" ["+frShare(commercial.Corrected.Low)) {
			t.Errorf("the report has no review section with the corrected share %s", frShare(commercial.Corrected.Value))
		}
		if !strings.Contains(full, `<table id="review-sectors">`) || !strings.Contains(full, "cochés sur 9 publications vérifiées") {
			t.Error("the report's review section does not measure the sectors")
		}
		if !strings.Contains(full, "Un second analyste a relu 2 de ces publications") {
			t.Error("the report does not state the agreement between analysts")
		}
		if r := e.post(c, fmt.Sprintf("/gestion/observatoire/%d/publication", id), url.Values{"action": {"publish"}}); r.code != http.StatusSeeOther {
			t.Fatalf("publish: %d", r.code)
		}
		if r := e.get(e.client(), fmt.Sprintf("/observatoire/%d", id)); r.code != 200 || !strings.Contains(r.body, `id="h-review"`) {
			t.Errorf("the public report has no review section: %d", r.code)
		}
		after, _ := db.ListReportFiles(ctx, id)
		if len(after) != len(before) {
			t.Errorf("%d report files, then %d", len(before), len(after))
		}
		changed := 0
		for i := range after {
			if after[i].Key != before[i].Key {
				changed++
			}
		}
		if changed != 5 || len(st.held(t)) != heldBefore {
			t.Errorf("%d files replaced (want the 4 pages and summary.json); the store held %d files, now %d", changed, heldBefore, len(st.held(t)))
		}
		if entries, _, _ := db.ListAudit(ctx, creatorclub.AuditFilter{Action: creatorclub.AuditReviewReport}); len(entries) != 1 || entries[0].ActorID != mod.ID {
			t.Errorf("audit of the report's update: %+v", entries)
		}
		// In English: the same page, English words and number formats.
		reader := e.user(creatorclub.RoleSafety)
		if _, err := db.Write.ExecContext(ctx, `UPDATE users SET locale = 'en' WHERE id = $1`, reader.ID); err != nil {
			t.Fatal(err)
		}
		if r := e.get(e.signIn(reader), page); !strings.Contains(r.body, "Human review") || !strings.Contains(r.body, "Your verdict") ||
			!strings.Contains(r.body, "Posts reviewed: 9 of") || !strings.Contains(r.body, strings.Replace(frShare(commercial.Corrected.Value), ",", ".", 1)) {
			t.Errorf("English page: %s", r.body)
		}
		// The reviewed posts as an evaluation set: the rules score it as the
		// reviewers did, the unsettled post left out.
		evalSet := func(wantPosts int, wantUnsettled string) *observatory.EvalReport {
			t.Helper()
			r := e.get(c, page+".jsonl")
			if r.code != 200 || r.hdr.Get("Content-Type") != "application/jsonl; charset=utf-8" || r.hdr.Get("X-Posts-Unsettled") != wantUnsettled ||
				!strings.Contains(r.hdr.Get("Content-Disposition"), fmt.Sprintf("verification-%d.jsonl", id)) {
				t.Fatalf("evaluation set: %d %v", r.code, r.hdr)
			}
			rep, err := observatory.Evaluate(observatory.DefaultRules(), strings.NewReader(r.body))
			if err != nil || rep.Posts != wantPosts {
				t.Fatalf("evaluation set: %v, %d posts, want %d:\n%s", err, rep.Posts, wantPosts, r.body)
			}
			return rep
		}
		if r := e.get(c, page); !strings.Contains(r.body, `href="`+page+`.jsonl"`) {
			t.Error("no link to the evaluation set")
		}
		if rep := evalSet(8, "1"); len(rep.Misses) != 0 || rep.SectorsLabelled != 8 {
			t.Errorf("the eight settled verdicts agree with the engine; misses %+v", rep.Misses)
		}
		r = e.get(c, page+"?post="+order[0].ID)
		if shown(r) != order[0].ID || !strings.Contains(r.body, `value="`+other(order[0].Verdict)+`" required aria-describedby="verdict-`+other(order[0].Verdict)+`-help" checked`) {
			t.Fatalf("review again: %s", r.body)
		}
		if r := post(order[0].ID, order[0].Verdict, ""); r.code != http.StatusSeeOther {
			t.Fatalf("change: %d", r.code)
		}
		if r := e.get(c, page); !strings.Contains(r.body, `id="review-no-disagreement"`) {
			t.Error("the changed verdict still disagrees")
		}
		if rep := evalSet(9, "0"); len(rep.Misses) != 0 {
			t.Errorf("settled: misses %+v", rep.Misses)
		}
		// The CSV: every drawn post in review order, the verdicts given.
		r = e.get(c, page+".csv")
		if r.code != 200 || !strings.HasPrefix(r.hdr.Get("Content-Type"), "text/csv") {
			t.Fatalf("csv: %d %s", r.code, r.hdr)
		}
		rows, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
		if err != nil || len(rows) != len(order)+1 || rows[0][0] != "post_id" || rows[0][6] != "reviewer_verdict" {
			t.Fatalf("csv: %d rows, %v", len(rows), err)
		}
		for i, p := range order {
			row := rows[i+1]
			want, reviewed := verdicts[p.ID]
			if i == 0 {
				want = p.Verdict // changed above
			}
			if row[0] != p.ID || row[5] != p.Verdict || row[6] != want || (row[7] == "true") != (reviewed && want == p.Verdict) || (row[9] == "") == reviewed {
				t.Errorf("csv row %d: %v", i+1, row[:10])
			}
			if wantSecond := map[bool]string{true: p.Verdict}[i < 2]; row[12] != wantSecond {
				t.Errorf("csv row %d: second reading %q, want %q", i+1, row[12], wantSecond)
			}
		}
		stored, _ := db.ListPostReviews(ctx, a.CorpusID)
		if len(stored) != 9 || stored[order[0].ID].Verdict() != order[0].Verdict || stored[order[0].ID].ReviewerID != mod.ID {
			t.Fatalf("stored %v", stored)
		}
		// Bad input: refused, nothing stored or changed.
		for _, tt := range []struct {
			form url.Values
			code int
			want string
		}{
			{url.Values{"post": {order[9].ID}, "verdict": {"perfect"}}, http.StatusBadRequest, "l'un des quatre verdicts"},
			{url.Values{"post": {order[9].ID}}, http.StatusBadRequest, "l'un des quatre verdicts"},
			{url.Values{"post": {"not-drawn"}, "verdict": {"compliant"}}, http.StatusBadRequest, "ne fait pas partie de l'échantillon"},
			{url.Values{"post": {order[9].ID}, "verdict": {"compliant"}, "note": {strings.Repeat("x", 2001)}}, http.StatusBadRequest, "2 000 caractères"},
		} {
			r := e.post(c, page, tt.form)
			if r.code != tt.code || !strings.Contains(html.UnescapeString(r.body), tt.want) {
				t.Errorf("%v: %d, want %d with %q", tt.form, r.code, tt.code, tt.want)
			}
		}
		if r := e.get(c, page+"?post=not-drawn"); r.code != http.StatusNotFound {
			t.Errorf("unknown post: %d", r.code)
		}
		if r := e.get(c, "/gestion/observatoire/999999/verification"); r.code != http.StatusNotFound {
			t.Errorf("unknown analysis: %d", r.code)
		}
		if after, _ := db.ListPostReviews(ctx, a.CorpusID); len(after) != 9 {
			t.Errorf("refused input stored something: %d verdicts", len(after))
		}
		entries, _, _ := db.ListAudit(ctx, creatorclub.AuditFilter{Action: creatorclub.AuditPostReview})
		if len(entries) != 12 || entries[0].ActorID != mod.ID || !strings.Contains(entries[0].Detail, order[0].ID) {
			t.Errorf("audit: %d entries, %+v", len(entries), entries[0])
		}
		// Settling: a post whose two readings differ gets a verdict that
		// replaces the first in the results and the evaluation set, while
		// both readings, and the agreement measured on them, stay.
		p2 := order[2]
		label := func(v string) string {
			return map[string]string{"not_commercial": "Non commercial", "compliant": "Commercial, conforme",
				"improvable": "Commercial, améliorable", "non_compliant": "Commercial, non conforme"}[v]
		}
		safety0 := func() *http.Client { return e.signIn(e.user(creatorclub.RoleSafety)) }
		// Its second reader also ticks one sector more than the first.
		moreSectors := slices.Clone(p2.Sectors)
		for _, n := range observatory.DefaultRules().Sectors() {
			if !slices.Contains(moreSectors, n) {
				moreSectors = append(moreSectors, n)
				break
			}
		}
		if r := e.post(ac, page, url.Values{"post": {p2.ID}, "verdict": {other(p2.Verdict)}, "second": {"1"}, "sector": moreSectors}); r.code != http.StatusSeeOther {
			t.Fatalf("second reading of %s: %d", p2.ID, r.code)
		}
		kappaOf := func(body string) string {
			i := strings.Index(body, `id="review-agreement-figures"`)
			return body[i : i+strings.Index(body[i:], "</p>")]
		}
		before2 := e.get(c, page)
		if !strings.Contains(before2.body, `id="review-sector-agreement"`) || !strings.Contains(before2.body, "les 3 publications dont les deux lectures les ont demandés : mêmes secteurs cochés 2 / 3") {
			t.Errorf("no agreement on sectors: %s", kappaOf(before2.body))
		}
		if !strings.Contains(before2.body, `href="`+page+`?post=`+p2.ID+`&amp;regler=1#review"`) || !strings.Contains(before2.body, "pas encore tranché") {
			t.Fatalf("no link to settle %s: %s", p2.ID, before2.body)
		}
		evalSet(8, "1")
		r = e.get(c, page+"?post="+p2.ID+"&regler=1")
		if shown(r) != p2.ID || !strings.Contains(r.body, `name="settle" value="1"`) || !strings.Contains(r.body, "Trancher une publication") ||
			!strings.Contains(r.body, `<dd data-reading="1">`+label(p2.Verdict)) || !strings.Contains(r.body, `<dd data-reading="2">`+label(other(p2.Verdict))) {
			t.Fatalf("settle page: %s", r.body)
		}
		if r := e.get(c, page+"?post="+order[1].ID+"&regler=1"); !strings.Contains(r.body, `id="review-nothing-to-settle"`) || strings.Contains(r.body, `name="settle"`) {
			t.Errorf("settle page of a post the readings agree on: %s", r.body)
		}
		settle := func(cl *http.Client, postID, verdict string) resp {
			return e.post(cl, page, url.Values{"post": {postID}, "verdict": {verdict}, "note": {"tranché à deux"}, "settle": {"1"}, "sector": engineSectors(postID)})
		}
		if r := settle(c, order[1].ID, order[1].Verdict); r.code != http.StatusConflict || !strings.Contains(html.UnescapeString(r.body), "concordent : il n'y a rien à trancher") {
			t.Errorf("settling a post the readings agree on: %d", r.code)
		}
		if r := settle(safety0(), p2.ID, other(p2.Verdict)); r.code != http.StatusForbidden {
			t.Errorf("a safety officer settles: %d", r.code)
		}
		if r := settle(c, p2.ID, other(p2.Verdict)); r.code != http.StatusSeeOther || r.loc != page+"#review-agreement" {
			t.Fatalf("settle: %d %s %s", r.code, r.loc, r.body)
		}
		after2 := e.get(c, page)
		if !strings.Contains(after2.body, `data-settled="`+label(other(p2.Verdict))+`"`) || !strings.Contains(after2.body, "Verdict qui tranche enregistré") {
			t.Errorf("the settled verdict is not shown: %s", after2.body)
		}
		if kappaOf(after2.body) != kappaOf(before2.body) || !strings.Contains(kappaOf(after2.body), "Publications lues deux fois : 3") {
			t.Errorf("agreement after settling: %s", kappaOf(after2.body))
		}
		final := maps.Clone(verdicts)
		final[order[0].ID] = order[0].Verdict
		final[p2.ID] = other(p2.Verdict)
		for _, est := range sum.Review.Results(final).Estimates {
			row := after2.body[strings.Index(after2.body, `data-estimate="`+est.Name+`"`):]
			row = row[:strings.Index(row, "</tr>")]
			if est.OK && !strings.Contains(row, frShare(est.Corrected.Value)) {
				t.Errorf("estimate %s after settling: want %s, row %s", est.Name, frShare(est.Corrected.Value), row)
			}
		}
		if firsts, _ := db.ListPostReviews(ctx, a.CorpusID); firsts[p2.ID].Verdict() != p2.Verdict {
			t.Error("settling changed the first reading")
		}
		if rep := evalSet(9, "0"); len(rep.Misses) == 0 || rep.Misses[0].ID != p2.ID || !strings.Contains(rep.Misses[0].Note, "reviewer: tranché à deux") {
			t.Errorf("evaluation set after settling: misses %+v", rep.Misses)
		}
		rows, _ = csv.NewReader(strings.NewReader(e.get(c, page+".csv").body)).ReadAll()
		if rows[0][14] != "settled_verdict" || rows[3][0] != p2.ID || rows[3][6] != p2.Verdict || rows[3][14] != other(p2.Verdict) || rows[3][15] != "tranché à deux" {
			t.Errorf("csv after settling: %v / %v", rows[0], rows[3])
		}
		if entries, _, _ := db.ListAudit(ctx, creatorclub.AuditFilter{Action: creatorclub.AuditPostReview}); !strings.Contains(entries[0].Detail, p2.ID+", settled: "+other(p2.Verdict)) {
			t.Errorf("audit of the settling: %+v", entries[0])
		}
		// Sectors: the form asks about each of the rules' sectors, the
		// engine's unseen; a sector ticked that the engine did not find
		// shows in the table, the evaluation set and the CSV; a sector the
		// rules do not know is refused.
		names := observatory.DefaultRules().Sectors()
		p3 := order[3]
		var extra string
		for _, n := range names {
			if !slices.Contains(p3.Sectors, n) {
				extra = n
				break
			}
		}
		r = e.get(c, page+"?post="+p3.ID)
		if n := strings.Count(r.body, `name="sector"`); len(names) != 7 || n != 7 || strings.Count(r.body, `name="sector" value="`) != 7 {
			t.Fatalf("%d sectors asked, the rules have %v", n, names)
		}
		for _, n := range names {
			if checked := strings.Contains(r.body, `value="`+n+`" checked`); checked != slices.Contains(p3.Sectors, n) {
				t.Errorf("sector %s checked %v on a post reviewed with %v", n, checked, p3.Sectors)
			}
		}
		ticked := append(slices.Clone(p3.Sectors), extra)
		if r := e.post(c, page, url.Values{"post": {p3.ID}, "verdict": {p3.Verdict}, "sector": {extra, "astrology"}}); r.code != http.StatusBadRequest ||
			!strings.Contains(html.UnescapeString(r.body), "n'est pas l'un des secteurs") {
			t.Errorf("an unknown sector: %d", r.code)
		}
		if firsts, _ := db.ListPostReviews(ctx, a.CorpusID); slices.Contains(firsts[p3.ID].Sectors, extra) {
			t.Error("a refused form stored its sectors")
		}
		if r := e.post(c, page, url.Values{"post": {p3.ID}, "verdict": {p3.Verdict}, "sector": ticked}); r.code != http.StatusSeeOther {
			t.Fatalf("sectors: %d %s", r.code, r.body)
		}
		labels := map[string][]string{}
		for id := range final {
			labels[id] = engineSectors(id)
		}
		labels[p3.ID] = ticked
		shares := map[string]float64{}
		for _, row := range sum.Sectors {
			shares[row.Label] = row.All.Rate
		}
		body := e.get(c, page).body
		for _, sr := range sum.Review.SectorResults(names, shares, labels) {
			i := strings.Index(body, `<tr data-sector="`+sr.Sector+`">`)
			if i < 0 {
				t.Fatalf("no row for sector %s", sr.Sector)
			}
			row := body[i : i+strings.Index(body[i:], "</tr>")]
			if want := fmt.Sprintf("<td>%d</td><td>%d</td><td>%d</td>", sr.Both, sr.EngineOnly, sr.ReviewerOnly); !strings.HasSuffix(row, want) {
				t.Errorf("sector %s: row %s, want %s", sr.Sector, row, want)
			}
			if sr.Sector == extra && (sr.ReviewerOnly != 1 || sr.Reviewed != 9) {
				t.Errorf("sector %s: %+v", extra, sr)
			}
		}
		rep := evalSet(9, "0")
		found := false
		for _, m := range rep.Misses {
			if m.ID == p3.ID && m.Field == "sector" && m.Want == extra && m.Got == "-" {
				found = true
			}
		}
		if !found {
			t.Errorf("the evaluation set does not label %s with %s: misses %+v", p3.ID, extra, rep.Misses)
		}
		rows, _ = csv.NewReader(strings.NewReader(e.get(c, page+".csv").body)).ReadAll()
		if rows[0][16] != "reviewer_sectors" || rows[4][0] != p3.ID || !strings.Contains(rows[4][16], extra) {
			t.Errorf("csv sectors: %v / %v", rows[0][16], rows[4])
		}
		// Roles: a safety officer reads, does not record; a member is refused.
		safety := e.signIn(e.user(creatorclub.RoleSafety))
		if r := e.get(safety, page); r.code != 200 || strings.Contains(r.body, `id="review-form"`) {
			t.Errorf("safety officer: %d, form shown %v", r.code, strings.Contains(r.body, `id="review-form"`))
		}
		if r := e.post(safety, page, url.Values{"post": {order[9].ID}, "verdict": {"compliant"}}); r.code != http.StatusForbidden {
			t.Errorf("safety officer saves: %d", r.code)
		}
		member := e.signIn(e.user(creatorclub.RoleMember))
		if r := e.get(member, page); r.code != http.StatusForbidden {
			t.Errorf("member: %d", r.code)
		}
		if r := e.get(member, page+".csv"); r.code != http.StatusForbidden {
			t.Errorf("member, csv: %d", r.code)
		}
		if r := e.get(member, page+".jsonl"); r.code != http.StatusForbidden || strings.Contains(r.body, order[1].ID) {
			t.Errorf("member, evaluation set: %d", r.code)
		}
		// Another analysis of the corpus finds the verdicts.
		r = e.post(c, fmt.Sprintf("/gestion/observatoire/%d/relancer", id), url.Values{"cutoff": {"2024-11-07"}})
		next := analysisID(r.loc)
		if next == 0 || waitAnalysis(t, db, next).Status != creatorclub.AnalysisDone {
			t.Fatalf("rerun: %d %s", r.code, r.loc)
		}
		if r := e.get(c, fmt.Sprintf("/gestion/observatoire/%d/verification", next)); !strings.Contains(r.body, fmt.Sprintf("Publications vérifiées : 9 sur %d", len(order))) {
			t.Errorf("the rerun does not find the verdicts: %s", r.body)
		}
		// An analysis made before reviews existed has no sample: the page
		// says to run it again, the CSV is not found.
		rf, err := db.FindReportFile(ctx, next, "summary.json")
		if err != nil {
			t.Fatal(err)
		}
		old := e.get(c, fmt.Sprintf("/gestion/observatoire/%d/fichiers/summary.json", next)).body
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(old), &raw); err != nil || raw["review"] == nil {
			t.Fatalf("summary: %v", err)
		}
		delete(raw, "review")
		stripped, _ := json.Marshal(raw)
		if _, err := st.Store.Put(ctx, rf.Key, "summary.json", "application/json", bytes.NewReader(stripped)); err != nil {
			t.Fatal(err)
		}
		nextPage := fmt.Sprintf("/gestion/observatoire/%d/verification", next)
		if r := e.get(c, nextPage); r.code != 200 || !strings.Contains(r.body, `id="review-none"`) || strings.Contains(r.body, `id="review-form"`) {
			t.Errorf("no sample: %d %s", r.code, r.body)
		}
		if r := e.get(c, nextPage+".csv"); r.code != http.StatusNotFound {
			t.Errorf("no sample, csv: %d", r.code)
		}
		if r := e.get(c, nextPage+".jsonl"); r.code != http.StatusNotFound {
			t.Errorf("no sample, evaluation set: %d", r.code)
		}
		if r := e.post(c, nextPage, url.Values{"post": {order[9].ID}, "verdict": {"compliant"}}); r.code != http.StatusBadRequest {
			t.Errorf("no sample, save: %d", r.code)
		}
		// Not finished: nothing to review.
		if _, err := db.Write.ExecContext(ctx, `UPDATE observatory_analyses SET status = 'running' WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		if r := e.get(c, page); r.code != http.StatusConflict || !strings.Contains(r.body, `id="review-not-done"`) {
			t.Errorf("running: %d", r.code)
		}
		if r := e.get(c, page+".csv"); r.code != http.StatusConflict {
			t.Errorf("csv while running: %d", r.code)
		}
		if r := e.get(c, page+".jsonl"); r.code != http.StatusConflict {
			t.Errorf("evaluation set while running: %d", r.code)
		}
		if r := post(order[9].ID, "compliant", ""); r.code != http.StatusConflict {
			t.Errorf("save while running: %d", r.code)
		}
	})
}

// frShare writes a share as the French pages do: "26,8 %".
func frShare(v float64) string {
	return strings.Replace(strconv.FormatFloat(100*v, 'f', 1, 64), ".", ",", 1) + "\u00a0%"
}
