package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/files"
	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/observatory/analysis"
	"github.com/creatorclub/creatorclub/observatory/ingest"
	"github.com/creatorclub/creatorclub/observatory/report"
)

// The observatory's staff pages: moderators and admins upload a corpus of
// influencer posts (streamed to the file store, never held in memory),
// which is analysed by a background job; staff follow its progress, open
// the report with its charts and download its files; a finished report can
// be published on the public page /observatoire, without the posts behind
// its figures.

// maxCorpusBytes bounds an uploaded corpus (compress large ones with gzip).
const maxCorpusBytes = 4 << 30

// uploadTimeout bounds the upload of a corpus (4 GiB at 10 Mbit/s is
// about an hour).
const uploadTimeout = 2 * time.Hour

// CorpusQueue queues the analysis of a corpus in the transaction that
// stores it; the job queue implements it.
type CorpusQueue interface {
	EnqueueCorpusAnalysis(ctx context.Context, tx *sql.Tx, analysisID int64) error
}

func (s *Server) observatoryRoutes() []route {
	return []route{
		{"GET", "/observatoire", public, s.handlePublicReports},
		{"GET", "/observatoire/{report}", public, s.handlePublicReport},
		{"GET", "/gestion/observatoire", staff, s.handleObservatory},
		{"POST", "/gestion/observatoire", eventStaff, s.handleUploadCorpus},
		{"GET", "/gestion/observatoire/comparaison", staff, s.handleCompareAnalyses},
		{"GET", "/gestion/observatoire/{report}", staff, s.handleAnalysis},
		{"GET", "/gestion/observatoire/{report}/rapport", staff, s.handleAnalysisReport},
		{"GET", "/gestion/observatoire/{report}/verification", staff, s.handleReviewSample},
		{"POST", "/gestion/observatoire/{report}/verification", eventStaff, s.handleSavePostReview},
		{"GET", "/gestion/observatoire/{report}/verification.csv", staff, s.handleReviewCSV},
		{"GET", "/gestion/observatoire/{report}/verification.jsonl", staff, s.handleReviewEvalSet},
		{"POST", "/gestion/observatoire/{report}/verification/rapport", eventStaff, s.handleReviewToReport},
		{"GET", "/gestion/observatoire/{report}/fichiers/{file}", staff, s.handleAnalysisFile},
		{"POST", "/gestion/observatoire/{report}/publication", eventStaff, s.handlePublishReport},
		{"POST", "/gestion/observatoire/{report}/relancer", eventStaff, s.handleRerunAnalysis},
		{"POST", "/gestion/observatoire/{report}/suppression", eventStaff, s.handleDeleteAnalysis},
	}
}

// corpusForm is the upload form's state, kept when it is shown again.
type corpusForm struct {
	Title   string
	Format  string
	Mapping string
	Cutoff  string
	Error   string
}

// analysisView is an analysis with its figures formatted for a page.
type analysisView struct {
	*creatorclub.CorpusAnalysis
	Percent                                         int // progress
	Commercial, Compliant, Improvable, NonCompliant string
	Size                                            string
	Failure                                         string // why it failed, in the reader's language
}

func (s *Server) viewAnalysis(r *http.Request, a *creatorclub.CorpusAnalysis) analysisView {
	lang := localeFrom(r.Context())
	pct := func(v float64) string { return formatShare(lang, v) }
	failure := a.Error
	if key, v, ok := creatorclub.ParseAnalysisFailure(a.Error); ok {
		failure = s.t(r, key, "After", v["after"], "Unit", s.t(r, "observatory_unit_"+v["unit"]), "Detail", v["detail"])
	}
	return analysisView{CorpusAnalysis: a, Percent: int(100 * a.Progress), Commercial: pct(a.Commercial), Compliant: pct(a.Compliant),
		Improvable: pct(a.Improvable), NonCompliant: pct(a.NonCompliant), Size: humanSize(a.Corpus.Size), Failure: failure}
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f Gio", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f Mio", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f Kio", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d o", n)
}

func (s *Server) handleObservatory(w http.ResponseWriter, r *http.Request) {
	s.renderObservatory(w, r, http.StatusOK, corpusForm{Cutoff: analysis.DefaultCutoff.Format(time.DateOnly)})
}

func (s *Server) renderObservatory(w http.ResponseWriter, r *http.Request, status int, form corpusForm) {
	list, err := s.DB.ListCorpusAnalyses(r.Context(), false)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	views := make([]analysisView, len(list))
	for i, a := range list {
		views[i] = s.viewAnalysis(r, a)
	}
	u := userFrom(r.Context())
	s.render(w, r, status, "observatory", "observatory_staff_title", map[string]any{
		"Analyses": views, "Form": form, "Formats": ingest.Formats, "Enabled": s.Config.Observatory != nil,
		"CanUpload": eventStaff.allows(u),
	})
}

// handleUploadCorpus streams the uploaded corpus to the file store, checks
// the form, and stores the corpus and its analysis with the job that runs
// it, in one transaction. On error the file is removed from the store and
// the form is shown again with what was typed.
func (s *Server) handleUploadCorpus(w http.ResponseWriter, r *http.Request) {
	obs := s.Config.Observatory
	if obs == nil {
		s.renderError(w, r, http.StatusServiceUnavailable, s.t(r, "observatory_disabled"))
		return
	}
	// A large corpus takes longer to arrive than the server's read and write
	// timeouts allow other requests.
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(uploadTimeout))  // not supported by every ResponseWriter
	_ = rc.SetWriteDeadline(time.Now().Add(uploadTimeout)) // idem
	r.Body = http.MaxBytesReader(w, r.Body, maxCorpusBytes+1<<20)
	form := corpusForm{Cutoff: analysis.DefaultCutoff.Format(time.DateOnly)}
	fail := func(status int, msg string) { form.Error = msg; s.renderObservatory(w, r, status, form) }
	mr, err := r.MultipartReader()
	if err != nil {
		fail(http.StatusBadRequest, s.t(r, "observatory_no_file"))
		return
	}
	var up *uploadedCorpus
	defer func() {
		if up != nil && up.key != "" { // not kept: remove it
			if err := obs.Store.Delete(up.key); err != nil {
				s.Logger.Warn("observatory: remove a refused corpus from the file store", "key", up.key, "err", err)
			}
		}
	}()
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				fail(http.StatusRequestEntityTooLarge, s.t(r, "observatory_too_large"))
				return
			}
			fail(http.StatusBadRequest, s.t(r, "observatory_upload_broken"))
			return
		}
		switch name := part.FormName(); name {
		case "file":
			if part.FileName() == "" || up != nil {
				part.Close()
				continue
			}
			up, err = s.saveCorpus(r.Context(), part)
			part.Close()
			if err != nil {
				var mbe *http.MaxBytesError
				switch {
				case errors.As(err, &mbe), errors.Is(err, files.ErrTooLarge):
					fail(http.StatusRequestEntityTooLarge, s.t(r, "observatory_too_large"))
				case creatorclub.ErrorCode(err) == creatorclub.EINVALID:
					fail(http.StatusBadRequest, s.t(r, creatorclub.ErrorMessage(err)))
				default:
					s.serverError(w, r, err)
				}
				return
			}
		case "title", "format", "mapping", "cutoff":
			v, _ := io.ReadAll(io.LimitReader(part, 2000))
			part.Close()
			value := strings.TrimSpace(string(v))
			switch name {
			case "title":
				form.Title = value
			case "format":
				form.Format = value
			case "mapping":
				form.Mapping = value
			case "cutoff":
				form.Cutoff = value
			}
		default:
			part.Close()
		}
	}
	if up == nil {
		fail(http.StatusBadRequest, s.t(r, "observatory_no_file"))
		return
	}
	if form.Title == "" {
		form.Title = strings.TrimSuffix(up.name, filepath.Ext(up.name))
	}
	var format ingest.Format
	if form.Format != "" {
		if format, err = ingest.ParseFormat(form.Format); err != nil {
			fail(http.StatusBadRequest, s.t(r, "observatory_format_invalid"))
			return
		}
	}
	cutoff, err := parseDateInput(form.Cutoff, time.UTC)
	if err != nil {
		fail(http.StatusBadRequest, s.t(r, "observatory_cutoff_invalid"))
		return
	}
	mapping, err := ingest.ParseCSVMapping(form.Mapping)
	if err != nil {
		fail(http.StatusBadRequest, s.t(r, "observatory_mapping_error", "Error", err.Error()))
		return
	}
	// Reading the start of the file now catches a wrong format or a CSV
	// header without the needed columns while the analyst is still here.
	if err := checkCorpusStart(obs.Store, up.key, ingest.Options{Format: format, CSV: mapping}); err != nil {
		fail(http.StatusBadRequest, s.t(r, "observatory_unreadable", "Error", err.Error()))
		return
	}
	u := userFrom(r.Context())
	c := &creatorclub.Corpus{Title: form.Title, FileName: up.name, Key: up.key, ContentType: up.ctype, Size: up.size, SHA256: up.sha256,
		Format: string(format), Mapping: form.Mapping, UploadedBy: u.ID}
	a := &creatorclub.CorpusAnalysis{Cutoff: cutoff, ReportKey: newKey(), CreatedBy: u.ID}
	audit := &creatorclub.AuditEntry{ActorID: u.ID, ActorEmail: u.Email, Action: creatorclub.AuditCorpusUpload, IP: s.clientIP(r),
		Detail: fmt.Sprintf("%s (%d bytes, sha256 %s), cut-off %s", up.name, up.size, up.sha256, form.Cutoff)}
	queue, queued := s.Mailer.(CorpusQueue)
	err = s.DB.CreateCorpusAnalysis(r.Context(), c, a, audit, func(tx *sql.Tx, id int64) error {
		if queued {
			return queue.EnqueueCorpusAnalysis(r.Context(), tx, id)
		}
		return nil
	})
	if creatorclub.ErrorCode(err) == creatorclub.EINVALID {
		fail(http.StatusBadRequest, s.t(r, creatorclub.ErrorMessage(err)))
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	up.key = "" // kept
	if !queued {
		// Without a job queue (tests, tools embedding the server) the
		// analysis runs in the server process.
		go func() {
			if err := obs.Analyze(context.WithoutCancel(r.Context()), a.ID); err != nil {
				s.Logger.Warn("observatory analysis failed", "analysis", a.ID, "err", err)
			}
		}()
	}
	s.flash(r, "observatory_uploaded")
	http.Redirect(w, r, fmt.Sprintf("/gestion/observatoire/%d", a.ID), http.StatusSeeOther)
}

// uploadedCorpus is a corpus file saved in the file store under its key.
type uploadedCorpus struct {
	key, name, ctype, sha256 string
	size                     int64
}

func newKey() string { return strings.ToLower(rand.Text()) }

// corpusLimits are those of an uploaded corpus: up to maxCorpusBytes of
// gzip or text (JSON, CSV).
var corpusLimits = files.Limits{MaxBytes: maxCorpusBytes, Detect: func(name string, head []byte) (string, error) {
	switch {
	case len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		return jobs.CorpusTypeGzip, nil
	case looksLikeText(head):
		return jobs.CorpusTypeText, nil
	}
	return "", files.ErrTypeNotAllowed
}}

// saveCorpus streams an uploaded file to the file store; the store hashes
// it on the way and puts it in place only once complete. It refuses empty
// files and files that are neither gzip nor text (JSON, CSV) with EINVALID,
// and files larger than maxCorpusBytes with an error wrapping
// files.ErrTooLarge.
func (s *Server) saveCorpus(ctx context.Context, part *multipart.Part) (*uploadedCorpus, error) {
	st, err := s.Config.Observatory.Store.Save(ctx, part.FileName(), part, corpusLimits)
	switch {
	case errors.Is(err, files.ErrEmpty):
		return nil, creatorclub.Errorf(creatorclub.EINVALID, "observatory_file_empty")
	case errors.Is(err, files.ErrTypeNotAllowed):
		return nil, creatorclub.Errorf(creatorclub.EINVALID, "observatory_file_type")
	case err != nil:
		return nil, err
	}
	return &uploadedCorpus{key: st.Key, name: st.Name, ctype: st.ContentType, sha256: st.SHA256, size: st.Size}, nil
}

// looksLikeText accepts text without NUL bytes.
func looksLikeText(head []byte) bool {
	if bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	// The sniffed bytes may end inside a character.
	for i := 0; i < 4 && len(head) > 0 && !utf8.Valid(head); i++ {
		head = head[:len(head)-1]
	}
	return utf8.Valid(head)
}

// checkCorpusStart opens the corpus kept under key and reads its first
// batch.
func checkCorpusStart(store *files.Store, key string, opts ingest.Options) error {
	f, err := store.Open(key)
	if err != nil {
		return err
	}
	defer f.Close()
	opts.BatchSize = 64
	rd, err := ingest.NewReader(f, opts)
	if err != nil {
		return err
	}
	var b ingest.Batch
	if err := rd.ReadBatch(&b); err != nil && !errors.Is(err, io.EOF) {
		var fe *ingest.FatalError
		if errors.As(err, &fe) && errors.Is(err, ingest.ErrTruncatedGzip) {
			return nil // caught by the analysis, with the line it stopped at
		}
		return err
	}
	return nil
}

// analysisFromPath loads the analysis of the request's {report}.
func (s *Server) analysisFromPath(w http.ResponseWriter, r *http.Request) *creatorclub.CorpusAnalysis {
	id, err := strconv.ParseInt(r.PathValue("report"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return nil
	}
	a, err := s.DB.FindCorpusAnalysis(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return nil
	}
	return a
}

func (s *Server) handleAnalysis(w http.ResponseWriter, r *http.Request) {
	a := s.analysisFromPath(w, r)
	if a == nil {
		return
	}
	s.renderAnalysis(w, r, a, http.StatusOK, "")
}

// renderAnalysis renders the page of an analysis, with an error message
// about a form of the page when errMsg is not "".
func (s *Server) renderAnalysis(w http.ResponseWriter, r *http.Request, a *creatorclub.CorpusAnalysis, status int, errMsg string) {
	running := a.Status == creatorclub.AnalysisQueued || a.Status == creatorclub.AnalysisRunning
	if running && errMsg == "" {
		// Browsers reload the page while the job runs, without script.
		w.Header().Set("Refresh", "2")
	}
	var tables, warnings []string
	if a.Status == creatorclub.AnalysisDone {
		stored, err := s.DB.ListReportFiles(r.Context(), a.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, name := range reportDownloads {
			if slices.ContainsFunc(stored, func(rf creatorclub.ReportFile) bool { return rf.Name == name }) {
				tables = append(tables, name)
			}
		}
		warnings = s.reportWarnings(r.Context(), a, localeFrom(r.Context()))
	}
	reviewed := 0
	if a.Status == creatorclub.AnalysisDone {
		stored, err := s.DB.ListPostReviews(r.Context(), a.CorpusID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		reviewed = len(stored)
	}
	// Deleting the corpus's last analysis deletes the corpus: the page says so.
	siblings, err := s.DB.CountAnalysesOfCorpus(r.Context(), a.CorpusID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, status, "observatory_analysis", "observatory_staff_title", map[string]any{
		"A": s.viewAnalysis(r, a), "Running": running, "Files": tables, "Warnings": warnings, "CanPublish": eventStaff.allows(userFrom(r.Context())),
		"LastOfCorpus": siblings <= 1, "Error": errMsg, "Reviewed": reviewed,
	})
}

// handleDeleteAnalysis deletes a finished or failed analysis and its
// report and, with the corpus's last analysis, the corpus, once staff have
// ticked the confirmation. The database forgets the files first, so that no
// row names a missing file; the files follow. One the store fails to delete
// is left as an orphan, which `creatorclub files sweep` finds.
func (s *Server) handleDeleteAnalysis(w http.ResponseWriter, r *http.Request) {
	a, obs := s.analysisToChange(w, r)
	if a == nil {
		return
	}
	if r.PostFormValue("confirm") != "on" {
		s.renderAnalysis(w, r, a, http.StatusBadRequest, s.t(r, "observatory_delete_confirm_required"))
		return
	}
	u := userFrom(r.Context())
	audit := &creatorclub.AuditEntry{ActorID: u.ID, ActorEmail: u.Email, Action: creatorclub.AuditAnalysisDelete, IP: s.clientIP(r),
		Detail: fmt.Sprintf("corpus %d (%s, %s), cut-off %s", a.CorpusID, a.Corpus.Title, a.Corpus.FileName, a.Cutoff.Format(time.DateOnly))}
	del, err := s.DB.DeleteAnalysis(r.Context(), a.ID, audit)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	keys := del.ReportKeys
	if del.CorpusKey != "" {
		keys = append(keys, del.CorpusKey)
	}
	for _, k := range keys {
		if err := obs.Store.Delete(k); err != nil {
			s.Logger.Warn("observatory: a deleted analysis's file stays in the file store", "analysis", a.ID, "key", k, "err", err)
		}
	}
	if del.CorpusKey != "" {
		s.flash(r, "observatory_deleted_with_corpus")
	} else {
		s.flash(r, "observatory_deleted")
	}
	http.Redirect(w, r, "/gestion/observatoire", http.StatusSeeOther)
}

// reportWarnings reads the warnings of a finished report (a cut-off
// outside the corpus's dates, unreadable records…) from its summary.
func (s *Server) reportWarnings(ctx context.Context, a *creatorclub.CorpusAnalysis, lang string) []string {
	if s.Config.Observatory == nil {
		return nil
	}
	f, err := s.openReportFile(ctx, a, report.SummaryFile)
	if err != nil {
		if creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			s.Logger.Warn("observatory: read summary", "analysis", a.ID, "err", err)
		}
		return nil
	}
	defer f.Close()
	// Only the head of the summary is needed; warnings come before the tables.
	var head struct {
		Warnings []analysis.Warning `json:"warnings"`
	}
	if err := json.NewDecoder(f).Decode(&head); err != nil {
		s.Logger.Warn("observatory: read summary", "analysis", a.ID, "err", err)
		return nil
	}
	out := make([]string, len(head.Warnings))
	for i, w := range head.Warnings {
		out[i] = report.WarningText(lang, w)
	}
	return out
}

// reportDownloads are the files of a report staff may download.
var reportDownloads = append([]string{report.HTMLFile, "report.en.html", report.SummaryFile, "findings.jsonl", report.SamplesFile}, report.Tables...)

// openReportFile opens the file called name of the report of a, from the
// file store. It returns ENOTFOUND when the report has no such file (or is
// not finished), and when the database names a file the store lacks.
func (s *Server) openReportFile(ctx context.Context, a *creatorclub.CorpusAnalysis, name string) (io.ReadSeekCloser, error) {
	rf, err := s.DB.FindReportFile(ctx, a.ID, name)
	if err != nil {
		return nil, err
	}
	f, err := s.Config.Observatory.Store.Open(rf.Key)
	if errors.Is(err, files.ErrNotFound) {
		s.Logger.Warn("observatory: a report file named by the database is not in the file store", "analysis", a.ID, "file", name, "key", rf.Key)
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("web: open %s of analysis %d: %w", name, a.ID, err)
	}
	return f, nil
}

// serveReportFile serves a file of a finished report from the file store.
// HTML reports carry their own styles and SVG charts: they get a policy
// that allows only those.
func (s *Server) serveReportFile(w http.ResponseWriter, r *http.Request, a *creatorclub.CorpusAnalysis, name string, download bool) {
	if s.Config.Observatory == nil || a.Status != creatorclub.AnalysisDone {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "observatory_report_not_ready"))
		return
	}
	f, err := s.openReportFile(r.Context(), a, name)
	if creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	} else if err != nil {
		s.serverError(w, r, err)
		return
	}
	defer f.Close()
	h := w.Header()
	// The type follows the name the club gave the file, not what the
	// store says.
	h.Set("Content-Type", jobs.ReportContentType(name))
	if filepath.Ext(name) == ".html" {
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
	}
	if download {
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="rapport-%d-%s"`, a.ID, name))
	}
	h.Set("Cache-Control", "no-store")
	var modified time.Time
	if a.FinishedAt != nil {
		modified = *a.FinishedAt
	}
	http.ServeContent(w, r, "", modified, f)
}

func (s *Server) handleAnalysisReport(w http.ResponseWriter, r *http.Request) {
	if a := s.analysisFromPath(w, r); a != nil {
		name := "report.html"
		if localeFrom(r.Context()) == "en" {
			name = "report.en.html"
		}
		s.serveReportFile(w, r, a, name, false)
	}
}

func (s *Server) handleAnalysisFile(w http.ResponseWriter, r *http.Request) {
	a := s.analysisFromPath(w, r)
	if a == nil {
		return
	}
	name := r.PathValue("file")
	if !slices.Contains(reportDownloads, name) {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	s.serveReportFile(w, r, a, name, true)
}

// handleCompareAnalyses sets one finished analysis's shares against
// another's (this year's corpus against last year's, say): without a and b
// it shows the form to choose them; with both it answers the comparison
// page, self-contained like a report.
func (s *Server) handleCompareAnalyses(w http.ResponseWriter, r *http.Request) {
	list, err := s.DB.ListCorpusAnalyses(r.Context(), false)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var done []analysisView
	for _, a := range list {
		if a.Status == creatorclub.AnalysisDone {
			done = append(done, s.viewAnalysis(r, a))
		}
	}
	q := r.URL.Query()
	form := map[string]any{"Analyses": done, "A": q.Get("a"), "B": q.Get("b"), "Enabled": s.Config.Observatory != nil}
	fail := func(status int, key string, args ...any) {
		form["Error"] = s.t(r, key, args...)
		s.render(w, r, status, "observatory_compare", "observatory_compare_title", form)
	}
	if q.Get("a") == "" || q.Get("b") == "" {
		// The form, with the one already chosen (from an analysis's page).
		s.render(w, r, http.StatusOK, "observatory_compare", "observatory_compare_title", form)
		return
	}
	if s.Config.Observatory == nil {
		fail(http.StatusNotFound, "observatory_disabled")
		return
	}
	if q.Get("a") == q.Get("b") {
		fail(http.StatusBadRequest, "observatory_compare_same")
		return
	}
	var sums [2]*analysis.Summary
	for i, param := range []string{"a", "b"} {
		id, err := strconv.ParseInt(q.Get(param), 10, 64)
		if err != nil {
			fail(http.StatusNotFound, "observatory_compare_unknown")
			return
		}
		a, err := s.DB.FindCorpusAnalysis(r.Context(), id)
		if creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND {
			fail(http.StatusNotFound, "observatory_compare_unknown")
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if a.Status != creatorclub.AnalysisDone {
			fail(http.StatusConflict, "observatory_compare_not_done", "Title", a.Corpus.Title)
			return
		}
		if sums[i], err = s.readSummary(r.Context(), a); err != nil {
			s.serverError(w, r, err)
			return
		}
		// The page names each corpus as staff titled it.
		if a.Corpus.Title != "" {
			sums[i].Corpus = a.Corpus.Title
		}
	}
	c := analysis.CompareCorpora(sums[0], sums[1])
	var page bytes.Buffer
	if err := report.CompareHTML(&page, c, localeFrom(r.Context())); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(page.Bytes())
}

// readSummary reads the whole summary of a finished analysis.
func (s *Server) readSummary(ctx context.Context, a *creatorclub.CorpusAnalysis) (*analysis.Summary, error) {
	f, err := s.openReportFile(ctx, a, report.SummaryFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sum, err := analysis.ReadSummary(f)
	if err != nil {
		return nil, fmt.Errorf("web: read the summary of analysis %d: %w", a.ID, err)
	}
	return sum, nil
}

// analysisToChange returns the analysis of the path and the observatory
// that runs it, or answers (not found, observatory off) and returns nil.
func (s *Server) analysisToChange(w http.ResponseWriter, r *http.Request) (*creatorclub.CorpusAnalysis, *jobs.Observatory) {
	a := s.analysisFromPath(w, r)
	if a == nil {
		return nil, nil
	}
	obs := s.Config.Observatory
	if obs == nil {
		s.renderError(w, r, http.StatusServiceUnavailable, s.t(r, "observatory_disabled"))
		return nil, nil
	}
	return a, obs
}

// handleRerunAnalysis analyses the same corpus again, with another cut-off
// (or rules updated since), as a new report.
func (s *Server) handleRerunAnalysis(w http.ResponseWriter, r *http.Request) {
	a, obs := s.analysisToChange(w, r)
	if a == nil {
		return
	}
	cutoff, err := parseDateInput(r.PostFormValue("cutoff"), time.UTC)
	if err != nil {
		s.renderError(w, r, http.StatusBadRequest, s.t(r, "observatory_cutoff_invalid"))
		return
	}
	u := userFrom(r.Context())
	next := &creatorclub.CorpusAnalysis{Cutoff: cutoff, ReportKey: newKey(), CreatedBy: u.ID}
	audit := &creatorclub.AuditEntry{ActorID: u.ID, ActorEmail: u.Email, Action: creatorclub.AuditAnalysisRerun, IP: s.clientIP(r),
		Detail: fmt.Sprintf("corpus %d (%s), cut-off %s, after analysis %d", a.CorpusID, a.Corpus.Title, cutoff.Format(time.DateOnly), a.ID)}
	queue, queued := s.Mailer.(CorpusQueue)
	err = s.DB.CreateAnalysis(r.Context(), a.CorpusID, next, audit, func(tx *sql.Tx, id int64) error {
		if queued {
			return queue.EnqueueCorpusAnalysis(r.Context(), tx, id)
		}
		return nil
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if !queued {
		go func() {
			if err := obs.Analyze(context.WithoutCancel(r.Context()), next.ID); err != nil {
				s.Logger.Warn("observatory analysis failed", "analysis", next.ID, "err", err)
			}
		}()
	}
	s.flash(r, "observatory_uploaded")
	http.Redirect(w, r, fmt.Sprintf("/gestion/observatoire/%d", next.ID), http.StatusSeeOther)
}

// handlePublishReport publishes or withdraws a finished report; the
// decision is written to the audit log.
func (s *Server) handlePublishReport(w http.ResponseWriter, r *http.Request) {
	a := s.analysisFromPath(w, r)
	if a == nil {
		return
	}
	publish := r.PostFormValue("action") != "withdraw"
	u := userFrom(r.Context())
	action := creatorclub.AuditReportPublish
	if !publish {
		action = creatorclub.AuditReportUnpublish
	}
	audit := &creatorclub.AuditEntry{ActorID: u.ID, ActorEmail: u.Email, Action: action, IP: s.clientIP(r), Detail: a.Corpus.Title}
	if err := s.DB.PublishAnalysis(r.Context(), a.ID, publish, audit); err != nil {
		s.Error(w, r, err)
		return
	}
	if publish {
		s.flash(r, "observatory_published")
	} else {
		s.flash(r, "observatory_withdrawn")
	}
	http.Redirect(w, r, fmt.Sprintf("/gestion/observatoire/%d", a.ID), http.StatusSeeOther)
}

func (s *Server) handlePublicReports(w http.ResponseWriter, r *http.Request) {
	list, err := s.DB.ListCorpusAnalyses(r.Context(), true)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	views := make([]analysisView, len(list))
	for i, a := range list {
		views[i] = s.viewAnalysis(r, a)
	}
	s.render(w, r, http.StatusOK, "observatory_public", "observatory_public_title", map[string]any{"Analyses": views})
}

// handlePublicReport serves a published report, without the posts behind
// its figures. An unpublished one does not exist for the public.
func (s *Server) handlePublicReport(w http.ResponseWriter, r *http.Request) {
	a := s.analysisFromPath(w, r)
	if a == nil {
		return
	}
	if a.PublishedAt == nil {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	name := "report.public.html"
	if localeFrom(r.Context()) == "en" {
		name = "report.public.en.html"
	}
	s.serveReportFile(w, r, a, name, false)
}
