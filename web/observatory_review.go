package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/observatory"
	"github.com/creatorclub/creatorclub/observatory/analysis"
	"github.com/creatorclub/creatorclub/observatory/report"
	"github.com/creatorclub/creatorclub/observatory/stats"
)

// The review of an analysis: staff label by hand, without seeing the
// engine's verdict, the posts drawn at random for each verdict
// (analysis.ReviewSample), and the page measures the engine on this corpus
// and corrects its shares from their verdicts. Verdicts belong to the
// corpus: another analysis of the same corpus finds them.

// reviewRowView is one of the engine's verdicts in the results table.
type reviewRowView struct {
	Verdict, Label         string
	Posts                  int64
	Drawn, Reviewed        int
	Agreed, AgreedInterval string
	ByReviewer             [4]int
}

// reviewEstimateView is one corrected share.
type reviewEstimateView struct {
	Name, Label, Engine, Corrected, Interval string
	OK                                       bool
}

// reviewedView is a reviewed post whose verdict differs from the engine's,
// or whose two readings differ.
type reviewedView struct {
	ID, Engine, Reviewer, Note string
	Second, SecondNote         string
	Settled, SettledNote       string
	Spans                      []string
}

// verdictOption is a choice of the review form.
type verdictOption struct{ Value, Label, Help string }

// sectorOption is a restricted sector the review form asks about.
type sectorOption struct {
	Value, Label string
	Checked      bool
}

// sectorResultView is a restricted sector measured against the reviewers.
type sectorResultView struct {
	Sector, Label, Engine, Corrected, Interval string
	OK                                         bool
	Reviewed, Both, EngineOnly, ReviewerOnly   int
}

// reviewForm is the state of the review form: the post asked for ("" the
// next to read), a refused form's values and error, and the reading
// (second: another analyst's blind second reading).
type reviewForm struct {
	PostID, Verdict, Note, Error string
	Sectors                      []string
	Second, Settle               bool
}

// agreementView is how far analysts agree, on the posts read twice.
type agreementView struct {
	Posts            int
	Agreed, Interval string
	Kappa            string // "" when undefined
	Differ           []reviewedView
	// SectorPosts counts the posts read twice whose sectors both readings
	// asked; SectorAgreed how many got the same sectors, with SectorInterval.
	SectorPosts                  int
	SectorAgreed, SectorInterval string
}

// reviewPage is what the review page shows.
type reviewPage struct {
	A               *creatorclub.CorpusAnalysis
	Status          string // done, none (no sample: analysed before reviews existed), running
	Rows            []reviewRowView
	Estimates       []reviewEstimateView
	Drawn, Reviewed int
	Post            *analysis.ReviewPost // the post to review; nil when all are
	Prior, Note     string               // the post's stored verdict and note, when reviewed again
	Verdicts        []verdictOption
	Disagreements   []reviewedView
	CanReview       bool
	Error           string
	PaidYes, PaidNo bool
	GroupLabel      string
	// InReport says when the report last took the review's results, and
	// how many verdicts it counted ("" and 0: never).
	InReport         string
	InReportReviewed int
	// Second is the second-reading mode; SecondDone the readings made.
	Second     bool
	SecondDone int
	Agreement  *agreementView
	// Settle is the mode that settles a post whose two readings differ:
	// Readings shows them.
	Settle   bool
	Readings *reviewedView
	// Sectors are the form's restricted sectors; SectorResults the
	// engine's sectors measured against the reviewers' ticks, and
	// SectorsReviewed the reviewed posts whose sectors were asked.
	Sectors         []sectorOption
	SectorResults   []sectorResultView
	SectorsReviewed int
}

// formatShare writes a share as a percentage with one decimal, the
// decimal comma in French.
func formatShare(lang string, v float64) string {
	out := strconv.FormatFloat(100*v, 'f', 1, 64) + "\u00a0%"
	if lang == "fr" {
		out = strings.Replace(out, ".", ",", 1)
	}
	return out
}

// formatInterval writes a 95 % interval.
func formatInterval(lang string, low, high float64) string {
	sep := ", "
	if lang == "fr" {
		sep = " ; "
	}
	return "[" + formatShare(lang, low) + sep + formatShare(lang, high) + "]"
}

// handleReviewSample shows the review page: the next post to review, or the one
// asked for (?post=ID, to change a verdict), and the results so far.
func (s *Server) handleReviewSample(w http.ResponseWriter, r *http.Request) {
	a := s.analysisFromPath(w, r)
	if a == nil {
		return
	}
	q := r.URL.Query()
	f := reviewForm{PostID: q.Get("post"), Second: q.Get("lecture") == "2"}
	f.Settle = f.PostID != "" && !f.Second && q.Get("regler") == "1"
	s.renderReview(w, r, a, http.StatusOK, f)
}

// renderReview renders the review page of a with the form's state f.
func (s *Server) renderReview(w http.ResponseWriter, r *http.Request, a *creatorclub.CorpusAnalysis, status int, f reviewForm) {
	lang := localeFrom(r.Context())
	me := userFrom(r.Context())
	page := reviewPage{A: a, CanReview: eventStaff.allows(me), Error: f.Error, Second: f.Second, Settle: f.Settle}
	show := func(status int) {
		s.render(w, r, status, "observatory_review", "observatory_review_title", page)
	}
	if a.Status != creatorclub.AnalysisDone {
		page.Status = "running"
		show(http.StatusConflict)
		return
	}
	st, err := s.loadReview(r.Context(), a)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	sum, sample, stored, seconds, settled := st.sum, st.sum.Review, st.stored, st.seconds, st.settled
	if sample == nil {
		page.Status = "none"
		show(status)
		return
	}
	page.Status = "done"
	if rr := sum.ReviewResults; rr != nil {
		page.InReport, page.InReportReviewed = formatDateTime(lang, rr.At), rr.Reviewed
	}
	verdicts := st.final()
	label := func(v string) string { return s.t(r, "observatory_verdict_"+v) }
	for _, v := range analysis.ReviewVerdicts {
		page.Verdicts = append(page.Verdicts, verdictOption{Value: v, Label: label(v), Help: s.t(r, "observatory_verdict_help_"+v)})
	}

	res := sample.Results(verdicts)
	page.Drawn, page.Reviewed = res.Drawn, res.Reviewed
	sectorLabels := st.finalSectors()
	page.SectorsReviewed = len(sectorLabels)
	for _, sr := range sample.SectorResults(sectorNames(sum), engineSectorShares(sum), sectorLabels) {
		v := sectorResultView{Sector: sr.Sector, Label: report.SectorName(lang, sr.Sector), Engine: formatShare(lang, sr.Engine), OK: sr.OK,
			Reviewed: sr.Reviewed, Both: sr.Both, EngineOnly: sr.EngineOnly, ReviewerOnly: sr.ReviewerOnly}
		if sr.OK {
			v.Corrected = formatShare(lang, sr.Corrected.Value)
			v.Interval = formatInterval(lang, sr.Corrected.Low, sr.Corrected.High)
		}
		page.SectorResults = append(page.SectorResults, v)
	}
	for _, row := range res.Rows {
		v := reviewRowView{Verdict: row.Verdict, Label: label(row.Verdict), Posts: row.Posts, Drawn: row.Drawn, Reviewed: row.Reviewed, ByReviewer: row.ByReviewer}
		if row.Reviewed > 0 {
			v.Agreed = fmt.Sprintf("%d / %d (%s)", row.Agreed.K, row.Agreed.N, formatShare(lang, row.Agreed.Rate))
			v.AgreedInterval = formatInterval(lang, row.Agreed.Low, row.Agreed.High)
		}
		page.Rows = append(page.Rows, v)
	}
	for _, e := range res.Estimates {
		v := reviewEstimateView{Name: e.Name, Label: s.t(r, "observatory_review_estimate_"+e.Name), OK: e.OK}
		if e.Name != "accuracy" {
			v.Engine = formatShare(lang, e.Engine)
		}
		if e.OK {
			v.Corrected = formatShare(lang, e.Corrected.Value)
			v.Interval = formatInterval(lang, e.Corrected.Low, e.Corrected.High)
		}
		page.Estimates = append(page.Estimates, v)
	}

	// The post to read: the one asked for, or the next in review order
	// not read yet (in the second reading, the next read once by someone
	// else).
	reading := stored
	switch {
	case f.Second:
		reading = seconds
	case f.Settle:
		reading = settled
	}
	if f.PostID != "" {
		page.Post = sample.Post(f.PostID)
		if page.Post == nil {
			s.renderError(w, r, http.StatusNotFound, s.t(r, "observatory_review_post_unknown"))
			return
		}
	} else {
		for _, p := range sample.Order() {
			_, read := reading[p.ID]
			first, once := stored[p.ID]
			if !read && (!f.Second || once && (me == nil || first.ReviewerID != me.ID)) {
				page.Post = p
				break
			}
		}
	}
	if p := page.Post; p != nil {
		page.Prior, page.Note = reading[p.ID].Verdict(), reading[p.ID].Note
		if _, ok := reading[p.ID]; !ok {
			page.Prior = ""
		}
		prior := reading[p.ID].Sectors
		if _, ok := settled[p.ID]; f.Settle && !ok {
			prior = stored[p.ID].Sectors // settling starts from the first reading's sectors
		}
		if f.Verdict != "" || f.Error != "" {
			page.Prior, page.Note, prior = f.Verdict, f.Note, f.Sectors
		}
		for _, sector := range sectorNames(sum) {
			page.Sectors = append(page.Sectors, sectorOption{Value: sector, Label: report.SectorName(lang, sector), Checked: slices.Contains(prior, sector)})
		}
		page.PaidYes = p.PaidPartnership != nil && *p.PaidPartnership
		page.PaidNo = p.PaidPartnership != nil && !*p.PaidPartnership
		page.GroupLabel = s.t(r, "observatory_review_group_"+p.Group)
		first, once := stored[p.ID]
		second, twice := seconds[p.ID]
		if f.Settle && once && twice && first.Verdict() != second.Verdict() {
			page.Readings = &reviewedView{ID: p.ID, Reviewer: label(first.Verdict()), Note: first.Note, Second: label(second.Verdict()), SecondNote: second.Note}
		}
	}

	// Where the reviewers and the engine differ, with what the engine saw.
	for _, p := range sample.Order() {
		rv, ok := verdicts[p.ID]
		if !ok || rv == p.Verdict {
			continue
		}
		d := reviewedView{ID: p.ID, Engine: label(p.Verdict), Reviewer: label(rv), Note: stored[p.ID].Note}
		if sv, ok := settled[p.ID]; ok {
			d.Note = sv.Note
		}
		for _, sp := range p.Spans {
			d.Spans = append(d.Spans, sp.Text)
		}
		page.Disagreements = append(page.Disagreements, d)
	}

	// How far analysts agree, on the posts read twice.
	page.SecondDone = len(seconds)
	second := verdictsOf(seconds)
	if ag := sample.Agreement(verdictsOf(stored), second); ag != nil {
		v := &agreementView{Posts: ag.Posts, Agreed: fmt.Sprintf("%d / %d (%s)", ag.Agreed.K, ag.Agreed.N, formatShare(lang, ag.Agreed.Rate)),
			Interval: formatInterval(lang, ag.Agreed.Low, ag.Agreed.High)}
		if ag.KappaOK {
			v.Kappa = strconv.FormatFloat(ag.Kappa, 'f', 2, 64)
			if lang == "fr" {
				v.Kappa = strings.Replace(v.Kappa, ".", ",", 1)
			}
		}
		if n, same := sectorAgreement(stored, seconds); n > 0 {
			rate := stats.NewRate(same, n)
			v.SectorPosts = n
			v.SectorAgreed = fmt.Sprintf("%d / %d (%s)", same, n, formatShare(lang, rate.Rate))
			v.SectorInterval = formatInterval(lang, rate.Low, rate.High)
		}
		for _, id := range ag.Differ {
			d := reviewedView{ID: id, Engine: label(sample.Post(id).Verdict), Reviewer: label(stored[id].Verdict()),
				Second: label(second[id]), Note: stored[id].Note, SecondNote: seconds[id].Note}
			if sv, ok := settled[id]; ok {
				d.Settled, d.SettledNote = label(sv.Verdict()), sv.Note
			}
			v.Differ = append(v.Differ, d)
		}
		page.Agreement = v
	}
	show(status)
}

// reviewState is what the review's pages read: the summary of a finished
// analysis, whose Review is the drawn sample, and the corpus's first and
// second readings.
type reviewState struct {
	sum                      *analysis.Summary
	stored, seconds, settled map[string]creatorclub.PostReview
}

// finalReviews returns each reviewed post's review: the one that settled
// it when its two readings differed, else the first reading.
func (st *reviewState) finalReviews() map[string]creatorclub.PostReview {
	out := maps.Clone(st.stored)
	for id, rv := range st.settled {
		if _, ok := out[id]; ok {
			out[id] = rv
		}
	}
	return out
}

// finalSectors returns, for the reviewed posts whose final review asked
// about sectors, the sectors ticked (an empty list: none).
func (st *reviewState) finalSectors() map[string][]string {
	out := map[string][]string{}
	for id, rv := range st.finalReviews() {
		if rv.SectorsReviewed {
			out[id] = append([]string{}, rv.Sectors...)
		}
	}
	return out
}

// sectorNames returns the restricted sectors the review asks about: those
// of the rules the server analyses with, in their order, and any other
// the analysis found (made with other rules).
func sectorNames(sum *analysis.Summary) []string {
	out := observatory.DefaultRules().Sectors()
	for _, r := range sum.Sectors {
		if !slices.Contains(out, r.Label) {
			out = append(out, r.Label)
		}
	}
	return out
}

// engineSectorShares returns the engine's share of the corpus's posts
// promoting each sector.
func engineSectorShares(sum *analysis.Summary) map[string]float64 {
	out := make(map[string]float64, len(sum.Sectors))
	for _, r := range sum.Sectors {
		out[r.Label] = r.All.Rate
	}
	return out
}

// final returns each reviewed post's verdict: the one that settled it when
// its two readings differed, else the first reading.
func (st *reviewState) final() map[string]string { return verdictsOf(st.finalReviews()) }

// sectorAgreement counts the posts whose two readings both asked about
// sectors, and those of them given the same sectors.
func sectorAgreement(first, second map[string]creatorclub.PostReview) (n, same int) {
	for id, b := range second {
		a, ok := first[id]
		if !ok || !a.SectorsReviewed || !b.SectorsReviewed {
			continue
		}
		n++
		if slices.Equal(a.Sectors, b.Sectors) {
			same++
		}
	}
	return n, same
}

// pendingSeconds returns the second readings of the posts not settled.
func (st *reviewState) pendingSeconds() map[string]string {
	out := verdictsOf(st.seconds)
	for id := range st.settled {
		delete(out, id)
	}
	return out
}

// loadReview reads the review state of a finished analysis; the readings
// are left nil when the analysis was made before reviews existed
// (sum.Review nil).
func (s *Server) loadReview(ctx context.Context, a *creatorclub.CorpusAnalysis) (*reviewState, error) {
	sum, err := s.readSummary(ctx, a)
	if err != nil {
		return nil, err
	}
	st := &reviewState{sum: sum}
	if sum.Review == nil {
		return st, nil
	}
	if st.stored, err = s.DB.ListPostReviews(ctx, a.CorpusID); err != nil {
		return nil, err
	}
	if st.seconds, err = s.DB.ListSecondReviews(ctx, a.CorpusID); err != nil {
		return nil, err
	}
	if st.settled, err = s.DB.ListSettledReviews(ctx, a.CorpusID); err != nil {
		return nil, err
	}
	return st, nil
}

// handleSavePostReview stores a verdict on a post of the review sample, a
// first reading or a second (second=1), then shows the next post. A verdict
// that is not one of the four, a post that is not in the sample or a note
// too long is refused, and so is a second reading by the first reader or
// of a post never read; nothing is stored then.
func (s *Server) handleSavePostReview(w http.ResponseWriter, r *http.Request) {
	a := s.analysisFromPath(w, r)
	if a == nil {
		return
	}
	f := reviewForm{PostID: r.PostFormValue("post"), Verdict: r.PostFormValue("verdict"), Note: r.PostFormValue("note"),
		Second: r.PostFormValue("second") == "1", Settle: r.PostFormValue("settle") == "1", Sectors: r.PostForm["sector"]}
	if a.Status != creatorclub.AnalysisDone {
		s.renderReview(w, r, a, http.StatusConflict, reviewForm{Second: f.Second})
		return
	}
	sum, err := s.readSummary(r.Context(), a)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if sum.Review.Post(f.PostID) == nil {
		s.renderError(w, r, http.StatusBadRequest, s.t(r, "observatory_review_post_unknown"))
		return
	}
	u := userFrom(r.Context())
	rv := &creatorclub.PostReview{CorpusID: a.CorpusID, PostID: f.PostID, Note: f.Note, ReviewerID: u.ID, Second: f.Second, Settled: f.Settle,
		Sectors: slices.Clone(f.Sectors), SectorsReviewed: true}
	for _, sector := range f.Sectors {
		if !slices.Contains(sectorNames(sum), sector) {
			f.Error = s.t(r, "observatory_review_sector_invalid")
			s.renderReview(w, r, a, http.StatusBadRequest, f)
			return
		}
	}
	if err := rv.SetVerdict(f.Verdict); err != nil {
		f.Verdict, f.Error = "", s.t(r, creatorclub.ErrorMessage(err))
		s.renderReview(w, r, a, http.StatusBadRequest, f)
		return
	}
	reading := "first reading"
	switch {
	case f.Second:
		reading = "second reading"
	case f.Settle:
		reading = "settled"
	}
	audit := &creatorclub.AuditEntry{ActorID: u.ID, ActorEmail: u.Email, Action: creatorclub.AuditPostReview, IP: s.clientIP(r),
		Detail: fmt.Sprintf("analysis %d, post %s, %s: %s", a.ID, f.PostID, reading, f.Verdict)}
	if len(f.Sectors) > 0 {
		audit.Detail += " (" + strings.Join(f.Sectors, ", ") + ")"
	}
	if err := s.DB.SavePostReview(r.Context(), rv, audit); err != nil {
		switch creatorclub.ErrorCode(err) {
		case creatorclub.EINVALID:
			f.Error = s.t(r, creatorclub.ErrorMessage(err))
			s.renderReview(w, r, a, http.StatusBadRequest, f)
		case creatorclub.ECONFLICT:
			f.Error = s.t(r, creatorclub.ErrorMessage(err))
			s.renderReview(w, r, a, http.StatusConflict, f)
		default:
			s.Error(w, r, err)
		}
		return
	}
	if f.Settle {
		s.flash(r, "observatory_review_settled")
	} else {
		s.flash(r, "observatory_review_saved")
	}
	next := fmt.Sprintf("/gestion/observatoire/%d/verification", a.ID)
	switch {
	case f.Second:
		next += "?lecture=2#review"
	case f.Settle:
		next += "#review-agreement"
	default:
		next += "#review"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// reviewToDownload returns the analysis of the request's path and its
// review state, for a download; nil, having answered, when the analysis is
// unknown, not finished, or has no review sample.
func (s *Server) reviewToDownload(w http.ResponseWriter, r *http.Request) (*creatorclub.CorpusAnalysis, *reviewState) {
	a := s.analysisFromPath(w, r)
	if a == nil {
		return nil, nil
	}
	if a.Status != creatorclub.AnalysisDone {
		s.renderError(w, r, http.StatusConflict, s.t(r, "observatory_review_not_done"))
		return nil, nil
	}
	st, err := s.loadReview(r.Context(), a)
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil
	}
	if st.sum.Review == nil {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "observatory_review_none"))
		return nil, nil
	}
	return a, st
}

// handleReviewCSV downloads the drawn posts with the engine's verdict and
// the reviewers' (empty for a post not reviewed yet), in review order, for
// a spreadsheet or to turn reviewed posts into an evaluation set.
func (s *Server) handleReviewCSV(w http.ResponseWriter, r *http.Request) {
	a, st := s.reviewToDownload(w, r)
	if st == nil {
		return
	}
	sample, stored, seconds, settled := st.sum.Review, st.stored, st.seconds, st.settled
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Write([]string{"post_id", "line", "platform", "author", "published_at", "engine_verdict", "reviewer_verdict", "agrees", "note", "reviewed_at", "engine_spans", "text", "second_verdict", "second_note", "settled_verdict", "settled_note", "reviewer_sectors"})
	for _, p := range sample.Order() {
		rv, reviewed := stored[p.ID]
		verdict, agrees, at := "", "", ""
		if reviewed {
			verdict, at = rv.Verdict(), rv.ReviewedAt.Format(time.RFC3339)
			agrees = strconv.FormatBool(verdict == p.Verdict)
		}
		var spans []string
		for _, sp := range p.Spans {
			spans = append(spans, sp.Text)
		}
		cw.Write([]string{csvSafe(p.ID), strconv.Itoa(p.Line), csvSafe(p.Platform), csvSafe(p.Author), p.PublishedAt.Format(time.RFC3339),
			p.Verdict, verdict, agrees, csvSafe(rv.Note), at, csvSafe(strings.Join(spans, " | ")), csvSafe(p.Text), secondVerdict(seconds, p.ID), csvSafe(seconds[p.ID].Note),
			secondVerdict(settled, p.ID), csvSafe(settled[p.ID].Note), reviewedSectors(rv)})
	}
	cw.Flush()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="verification-%d.csv"`, a.ID))
	w.Write(buf.Bytes())
}

// handleReviewEvalSet downloads the reviewed posts as an evaluation set
// (JSON Lines, analysis.ReviewSample.WriteEvalSet): `creatorclub
// observatory eval` then scores any rule file on this corpus's verdicts,
// so whoever writes the next rules sees what they fix and what they break
// on real posts. Posts cut for the review, or read twice differently, are
// left out; headers say how many.
func (s *Server) handleReviewEvalSet(w http.ResponseWriter, r *http.Request) {
	a, st := s.reviewToDownload(w, r)
	if st == nil {
		return
	}
	first := make(map[string]analysis.ReviewLabel, len(st.stored))
	for id, rv := range st.stored {
		if sv, ok := st.settled[id]; ok {
			rv = sv
		}
		l := analysis.ReviewLabel{Verdict: rv.Verdict(), Note: rv.Note, At: rv.ReviewedAt}
		if rv.SectorsReviewed {
			l.Sectors = append([]string{}, rv.Sectors...)
		}
		first[id] = l
	}
	var buf bytes.Buffer
	n, err := st.sum.Review.WriteEvalSet(&buf, first, st.pendingSeconds(), fmt.Sprintf("analysis %d (rules %s)", a.ID, st.sum.RulesVersion))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if n.Written == 0 {
		s.renderError(w, r, http.StatusConflict, s.t(r, "observatory_review_evalset_empty", "Truncated", n.Truncated, "Unsettled", n.Unsettled))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/jsonl; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="verification-%d.jsonl"`, a.ID))
	h.Set("X-Posts-Truncated", strconv.Itoa(n.Truncated))
	h.Set("X-Posts-Unsettled", strconv.Itoa(n.Unsettled))
	w.Write(buf.Bytes())
}

// reviewedSectors writes the sectors of a review for the CSV: "none" when
// none was ticked, "" when the review did not ask.
func reviewedSectors(rv creatorclub.PostReview) string {
	switch {
	case !rv.SectorsReviewed:
		return ""
	case len(rv.Sectors) == 0:
		return "none"
	}
	return strings.Join(rv.Sectors, ";")
}

// verdictsOf returns the verdicts of reviews by post id.
func verdictsOf(reviews map[string]creatorclub.PostReview) map[string]string {
	out := make(map[string]string, len(reviews))
	for id, rv := range reviews {
		out[id] = rv.Verdict()
	}
	return out
}

// secondVerdict returns the second reading of post id, or "".
func secondVerdict(seconds map[string]creatorclub.PostReview, id string) string {
	if rv, ok := seconds[id]; ok {
		return rv.Verdict()
	}
	return ""
}

// handleReviewToReport adds the review's results as they stand to the
// analysis's report: its pages (the public ones too) and summary.json are
// written again with a "human review" section. Doing it again after more
// reviews updates the section.
func (s *Server) handleReviewToReport(w http.ResponseWriter, r *http.Request) {
	a, obs := s.analysisToChange(w, r)
	if a == nil {
		return
	}
	if a.Status != creatorclub.AnalysisDone {
		s.renderReview(w, r, a, http.StatusConflict, reviewForm{})
		return
	}
	st, err := s.loadReview(r.Context(), a)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	sum := st.sum
	if sum.Review == nil {
		s.renderError(w, r, http.StatusConflict, s.t(r, "observatory_review_none"))
		return
	}
	res := sum.Review.Results(st.final())
	if res.Reviewed == 0 {
		s.renderReview(w, r, a, http.StatusConflict, reviewForm{Error: s.t(r, "observatory_review_nothing")})
		return
	}
	res.Agreement = sum.Review.Agreement(verdictsOf(st.stored), verdictsOf(st.seconds))
	if labels := st.finalSectors(); len(labels) > 0 {
		res.Sectors, res.SectorsReviewed = sum.Review.SectorResults(sectorNames(sum), engineSectorShares(sum), labels), len(labels)
	}
	res.At = s.DB.Now().UTC().Truncate(time.Second)
	sum.ReviewResults = &res
	u := userFrom(r.Context())
	audit := &creatorclub.AuditEntry{ActorID: u.ID, ActorEmail: u.Email, Action: creatorclub.AuditReviewReport, IP: s.clientIP(r),
		Detail: fmt.Sprintf("%d verdicts of %d drawn", res.Reviewed, res.Drawn)}
	if err := obs.RewriteReport(r.Context(), a.ID, sum, audit); err != nil {
		s.Error(w, r, err)
		return
	}
	s.flash(r, "observatory_review_added")
	http.Redirect(w, r, fmt.Sprintf("/gestion/observatoire/%d/verification#review-results", a.ID), http.StatusSeeOther)
}
