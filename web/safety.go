package web

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/files"
	"github.com/creatorclub/creatorclub/notify"
	"github.com/creatorclub/creatorclub/sqldb"
)

// The safety desk: "I need help" for members, the case queue for safety
// officers. Cases, their messages and attachments are seen only by the
// member who opened them and the safety officers; every staff view is
// written to the audit log.

// Audit actions of the safety desk.
const (
	AuditSafetyQueue      = "safety.queue_view"
	AuditSafetyCaseView   = "safety.case_view"
	AuditSafetyFileView   = "safety.attachment_view"
	AuditSafetyReply      = "safety.reply"
	AuditSafetyUpdate     = "safety.case_update"
	AuditSafetyMerge      = "safety.merge"
	AuditSafetyDecision   = "safety.decision"
	AuditSafetyUnfounded  = "safety.unfounded"
	AuditSafetyAppeal     = "safety.appeal_review"
	AuditSafetyAppealList = "safety.appeals_view"
)

const restrictionKey ctxKey = 100

func (s *Server) safetyRoutes() []route {
	return []route{
		// Members: help lines, help requests, reports, their cases and the
		// decisions concerning them.
		{"GET", "/aide", public, s.handleSafetyHelp},
		{"POST", "/aide/demandes", signedIn, s.handleSafetyRequest},
		{"GET", "/aide/demandes", signedIn, s.handleSafetyMine},
		{"GET", "/aide/demandes/{case}", signedIn, s.handleSafetyCase},
		{"POST", "/aide/demandes/{case}/messages", signedIn, s.handleSafetyMemberMessage},
		{"GET", "/aide/demandes/{case}/pieces/{file}", signedIn, s.handleSafetyAttachment},
		{"GET", "/aide/signaler", signedIn, s.handleSafetyReportForm},
		{"POST", "/aide/signaler", signedIn, s.handleSafetyReport},
		{"POST", "/questions/{qid}/signaler", certified, s.handleSafetyReportQuestion},
		{"GET", "/aide/decisions/{decision}", signedIn, s.handleSafetyDecision},
		{"POST", "/aide/decisions/{decision}/recours", signedIn, s.handleSafetyAppeal},
		{"GET", "/transparence", public, s.handleTransparency},
		{"GET", "/transparence.csv", public, s.handleTransparencyCSV},

		// Safety officers.
		{"GET", "/securite", safetyOnly, s.handleSafetyQueue},
		{"GET", "/securite/dossiers/{case}", safetyOnly, s.handleSafetyStaffCase},
		{"POST", "/securite/dossiers/{case}/messages", safetyOnly, s.handleSafetyStaffMessage},
		{"POST", "/securite/dossiers/{case}/suivi", safetyOnly, s.handleSafetyUpdate},
		{"POST", "/securite/dossiers/{case}/fusion", safetyOnly, s.handleSafetyMerge},
		{"POST", "/securite/dossiers/{case}/decisions", safetyOnly, s.handleSafetyDecide},
		{"POST", "/securite/dossiers/{case}/infonde", safetyOnly, s.handleSafetyUnfounded},
		{"GET", "/securite/recours", safetyOnly, s.handleSafetyAppeals},
		{"POST", "/securite/recours/{appeal}", safetyOnly, s.handleSafetyReview},
	}
}

// safety returns the desk's store, or an error when no key is configured.
func (s *Server) safety() (*sqldb.SafetyStore, error) {
	if len(s.Config.SafetyKey) == 0 {
		return nil, errors.New("web: the safety desk has no encryption key (CREATORCLUB_SAFETY_KEY)")
	}
	sealer, err := creatorclub.NewSealer(s.Config.SafetyKey)
	if err != nil {
		return nil, fmt.Errorf("web: safety key: %w", err)
	}
	return s.DB.Safety(sealer), nil
}

// adoptQuestionReports turns the question box's earlier reports into notices
// of the desk, once at start.
func (s *Server) adoptQuestionReports() {
	st, err := s.safety()
	if err != nil {
		return
	}
	if n, err := st.AdoptQuestionReports(context.Background()); err != nil {
		s.Logger.Error("adopt question reports", "err", err)
	} else if n > 0 {
		s.Logger.Info("question reports moved to the safety desk", "count", n)
	}
}

// withRestriction puts the user's access restriction in the context.
func (s *Server) withRestriction(ctx context.Context, u *creatorclub.User) (context.Context, error) {
	r, err := s.DB.AccessRestriction(ctx, u.ID)
	if err != nil {
		return ctx, err
	}
	if r.Kind == "" {
		return ctx, nil
	}
	return context.WithValue(ctx, restrictionKey, r), nil
}

// restrictionFrom returns the signed-in user's restriction in force (empty
// Kind when none).
func restrictionFrom(ctx context.Context) creatorclub.Restriction {
	r, _ := ctx.Value(restrictionKey).(creatorclub.Restriction)
	return r
}

// restrictionAllows reports whether a restricted member may use the route.
// A suspension or withdrawal takes away everything membership gives (member
// and community pages, events, question boxes, materials) and leaves the
// help desk, the account (to read the statement of reasons and appeal), the
// home page, the profile and signing out; a ban leaves the same but the
// profile. Public pages stay open to everyone.
func restrictionAllows(ctx context.Context, rt route) bool {
	r := restrictionFrom(ctx)
	if r.Kind == "" || rt.Access == public {
		return true
	}
	if rt.Access == certified || rt.Access == community {
		return false
	}
	open := []string{"/aide", "/compte", "/deconnexion", "/accueil"}
	if r.Kind != creatorclub.RestrictionBanned {
		open = append(open, "/profil")
	}
	for _, p := range open {
		if rt.Path == p || strings.HasPrefix(rt.Path, p+"/") {
			return true
		}
	}
	return false
}

func pathInt(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}

// safetyData is the common data of the desk's pages.
func (s *Server) categoryLabel(r *http.Request, c creatorclub.CaseCategory) string {
	return s.t(r, "safety_category_"+string(c))
}

// handleSafetyHelp is "I need help": the urgent numbers first, then what is
// happening and the form for a signed-in member.
func (s *Server) handleSafetyHelp(w http.ResponseWriter, r *http.Request) {
	s.renderHelp(w, r, http.StatusOK, map[string]any{"Category": r.URL.Query().Get("categorie")})
}

func (s *Server) renderHelp(w http.ResponseWriter, r *http.Request, status int, form map[string]any) {
	d := map[string]any{"Lines": s.Config.HelpLines, "Categories": creatorclub.CaseCategories, "Form": form,
		"MaxFiles": creatorclub.MaxCaseAttachments, "MaxMiB": files.EvidenceLimits.MaxBytes >> 20}
	if u := userFrom(r.Context()); u != nil {
		st, err := s.safety()
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		until, err := st.ReportingSuspendedUntil(r.Context(), u.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		d["ReportingSuspendedUntil"] = until
	}
	s.render(w, r, status, "safety_help", "help_title", d)
}

// readEvidence reads the attachments of a multipart form and checks each
// from its bytes. It returns a message id on bad input.
func readEvidence(r *http.Request) ([]*creatorclub.NewAttachment, string) {
	if r.MultipartForm == nil {
		return nil, ""
	}
	var out []*creatorclub.NewAttachment
	for _, fh := range r.MultipartForm.File["files"] {
		if fh.Filename == "" && fh.Size == 0 {
			continue
		}
		if len(out) == creatorclub.MaxCaseAttachments {
			return nil, "safety_too_many_attachments"
		}
		if fh.Size > files.EvidenceLimits.MaxBytes {
			return nil, "file_too_large"
		}
		f, err := fh.Open()
		if err != nil {
			return nil, "file_empty"
		}
		data, err := io.ReadAll(io.LimitReader(f, files.EvidenceLimits.MaxBytes+1))
		f.Close()
		if err != nil {
			return nil, "file_empty"
		}
		ctype, err := files.Check(fh.Filename, data, files.EvidenceLimits)
		if err != nil {
			var ce *creatorclub.Error
			if errors.As(err, &ce) {
				return nil, ce.Message
			}
			return nil, "file_type_not_allowed"
		}
		out = append(out, &creatorclub.NewAttachment{Name: files.SanitizeName(fh.Filename), ContentType: ctype, Data: data})
	}
	return out, ""
}

// parseCaseForm reads a form that may carry files, refusing a body larger
// than the attachments allowed.
func parseCaseForm(w http.ResponseWriter, r *http.Request) string {
	r.Body = http.MaxBytesReader(w, r.Body, creatorclub.MaxCaseAttachments*files.EvidenceLimits.MaxBytes+1<<20)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return "file_too_large"
			}
			return "safety_form_invalid"
		}
		return ""
	}
	if err := r.ParseForm(); err != nil {
		return "safety_form_invalid"
	}
	return ""
}

// handleSafetyRequest opens a help request.
func (s *Server) handleSafetyRequest(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	bad := parseCaseForm(w, r)
	form := map[string]any{"Category": r.FormValue("category"), "Description": r.FormValue("description"), "Urgent": r.FormValue("urgent") != "",
		"URL": r.FormValue("url"), "Handle": r.FormValue("handle"), "Platform": r.FormValue("platform")}
	fail := func(msg string) {
		form["Error"] = s.message(r, msg)
		s.renderHelp(w, r, http.StatusBadRequest, form)
	}
	if bad != "" {
		fail(bad)
		return
	}
	atts, bad := readEvidence(r)
	if bad != "" {
		fail(bad)
		return
	}
	n := &creatorclub.NewCase{Kind: creatorclub.KindRequest, Category: creatorclub.CaseCategory(r.FormValue("category")), Urgent: r.FormValue("urgent") != "",
		Description: r.FormValue("description"), ExternalURL: r.FormValue("url"), ExternalHandle: r.FormValue("handle"),
		ExternalPlatform: r.FormValue("platform"), Attachments: atts}
	c, err := s.openCase(r, u, n)
	if err != nil {
		if code := creatorclub.ErrorCode(err); code == creatorclub.EINVALID || code == creatorclub.EFORBIDDEN || code == creatorclub.ECONFLICT || code == creatorclub.ERATELIMIT {
			fail(creatorclub.ErrorMessage(err))
			return
		}
		s.Error(w, r, err)
		return
	}
	s.flash(r, "safety_request_sent")
	http.Redirect(w, r, fmt.Sprintf("/aide/demandes/%d", c.ID), http.StatusSeeOther)
}

// openCase stores a case and queues the acknowledgement to the member and
// the alert to the safety officers in the same transaction.
func (s *Server) openCase(r *http.Request, u *creatorclub.User, n *creatorclub.NewCase) (*creatorclub.Case, error) {
	// A flood of requests or reports is refused; a member in distress is
	// never turned away.
	if n.Category != creatorclub.CategoryDistress && !s.caseLimiter.Allow(u.ID) {
		return nil, creatorclub.Errorf(creatorclub.ERATELIMIT, "safety_rate_limited")
	}
	st, err := s.safety()
	if err != nil {
		return nil, err
	}
	officers, _, err := s.DB.ListUsers(r.Context(), "", creatorclub.RoleSafety, 100, 0)
	if err != nil {
		return nil, err
	}
	return st.OpenCase(r.Context(), u, n, func(tx *sql.Tx, c *creatorclub.Case) error {
		msg, err := s.notify.CaseReceived(u, c)
		if err != nil {
			return err
		}
		if err := s.Mailer.EnqueueSealedMail(r.Context(), tx, msg); err != nil {
			return err
		}
		for _, o := range officers {
			msg, err := s.notify.NewCaseForOfficer(o, c, s.i18n.T(o.Locale, "safety_category_"+string(c.Category)))
			if err != nil {
				return err
			}
			if err := s.Mailer.EnqueueSealedMail(r.Context(), tx, msg); err != nil {
				return err
			}
		}
		return nil
	})
}

// handleSafetyMine lists the member's cases and the decisions concerning them.
func (s *Server) handleSafetyMine(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	st, err := s.safety()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	cases, err := st.ListCasesByReporter(r.Context(), u.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	decisions, err := st.DecisionsForUser(r.Context(), u.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "safety_mine", "safety_mine_title", map[string]any{"Cases": cases, "Decisions": decisions,
		"Restriction": restrictionFrom(r.Context())})
}

// caseFromPath loads the case of the URL for its reporter or a safety
// officer (audited); anyone else gets 403.
func (s *Server) caseFromPath(w http.ResponseWriter, r *http.Request, audit string) (*creatorclub.Case, *sqldb.SafetyStore, bool) {
	id, ok := pathInt(r, "case")
	if !ok {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return nil, nil, false
	}
	st, err := s.safety()
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil, false
	}
	c, err := st.FindCase(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return nil, nil, false
	}
	u := userFrom(r.Context())
	if u.Role == creatorclub.RoleSafety {
		if audit != "" {
			if err := s.audit(r, nil, audit, "safety_case", c.ID, r.URL.Path); err != nil {
				s.serverError(w, r, err)
				return nil, nil, false
			}
		}
		return c, st, true
	}
	if c.ReporterID != u.ID || c.ReporterID == 0 {
		s.renderError(w, r, http.StatusForbidden, s.t(r, "error_forbidden"))
		return nil, nil, false
	}
	return c, st, false
}

// handleSafetyCase is the member's view of their case: the thread without
// the internal notes.
func (s *Server) handleSafetyCase(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	if u.Role == creatorclub.RoleSafety {
		http.Redirect(w, r, "/securite/dossiers/"+r.PathValue("case"), http.StatusSeeOther)
		return
	}
	c, st, _ := s.caseFromPath(w, r, "")
	if c == nil {
		return
	}
	s.renderMemberCase(w, r, st, c, http.StatusOK, nil)
}

func (s *Server) renderMemberCase(w http.ResponseWriter, r *http.Request, st *sqldb.SafetyStore, c *creatorclub.Case, status int, form map[string]any) {
	msgs, err := st.Messages(r.Context(), c.ID, false)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, status, "safety_case", "safety_case_title", map[string]any{"Case": c, "Messages": msgs, "Form": form,
		"MaxFiles": creatorclub.MaxCaseAttachments})
}

// handleSafetyMemberMessage adds the reporter's message to their case.
func (s *Server) handleSafetyMemberMessage(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	if u.Role == creatorclub.RoleSafety {
		s.renderError(w, r, http.StatusForbidden, s.t(r, "error_forbidden"))
		return
	}
	c, st, _ := s.caseFromPath(w, r, "")
	if c == nil {
		return
	}
	fail := func(msg string) {
		s.renderMemberCase(w, r, st, c, http.StatusBadRequest, map[string]any{"Body": r.FormValue("body"), "Error": s.message(r, msg)})
	}
	if bad := parseCaseForm(w, r); bad != "" {
		fail(bad)
		return
	}
	atts, bad := readEvidence(r)
	if bad != "" {
		fail(bad)
		return
	}
	if _, err := st.AddMessage(r.Context(), c.ID, u, false, false, r.FormValue("body"), atts, nil); err != nil {
		if code := creatorclub.ErrorCode(err); code == creatorclub.EINVALID || code == creatorclub.ECONFLICT {
			fail(creatorclub.ErrorMessage(err))
			return
		}
		s.Error(w, r, err)
		return
	}
	s.flash(r, "safety_message_sent")
	http.Redirect(w, r, fmt.Sprintf("/aide/demandes/%d", c.ID), http.StatusSeeOther)
}

// handleSafetyAttachment serves an evidence file to the reporter or a safety
// officer, always as a download.
func (s *Server) handleSafetyAttachment(w http.ResponseWriter, r *http.Request) {
	c, st, staff := s.caseFromPath(w, r, "")
	if c == nil {
		return
	}
	id, ok := pathInt(r, "file")
	if !ok {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	a, data, err := st.Attachment(r.Context(), c.ID, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if staff {
		if err := s.audit(r, nil, AuditSafetyFileView, "safety_case", c.ID, fmt.Sprintf("attachment=%d sha256=%s", a.ID, a.SHA256)); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename*=UTF-8''%s", url.PathEscape(a.Name)))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Write(data)
}

// reportTarget describes what a member is reporting, for the form.
type reportTarget struct {
	Type    string
	ID      int64
	Summary string
}

func (s *Server) findReportTarget(r *http.Request, typ string, id int64) (*reportTarget, error) {
	switch typ {
	case creatorclub.TargetQuestion:
		q, err := s.DB.FindQuestion(r.Context(), id)
		if err != nil {
			return nil, err
		}
		ev, err := s.DB.FindEvent(r.Context(), q.EventID)
		if err != nil {
			return nil, err
		}
		u := userFrom(r.Context())
		if !canSeeQuestions(u, ev) || (!visibleTo(q, viewerClass(u, ev)) && q.AuthorID != u.ID) {
			return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "error_not_found")
		}
		return &reportTarget{Type: typ, ID: id, Summary: q.Text}, nil
	case creatorclub.TargetMember:
		m, err := s.DB.FindUserByID(r.Context(), id)
		if err != nil {
			return nil, err
		}
		return &reportTarget{Type: typ, ID: id, Summary: m.Name()}, nil
	}
	return nil, creatorclub.Errorf(creatorclub.EINVALID, "safety_target_invalid")
}

// handleSafetyReportForm is the form to report content or a profile of the
// club (DSA art. 16): what, why, and the member's explanation.
func (s *Server) handleSafetyReportForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	id, _ := strconv.ParseInt(q.Get("id"), 10, 64)
	target, err := s.findReportTarget(r, q.Get("type"), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "safety_report", "safety_report_title", map[string]any{"Target": target, "Form": map[string]any{},
		"Categories": []creatorclub.CaseCategory{creatorclub.CategoryHarassment, creatorclub.CategoryThreat, creatorclub.CategoryIllicit, creatorclub.CategoryOther}})
}

// handleSafetyReport opens a notice about content or a profile of the club.
func (s *Server) handleSafetyReport(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.FormValue("id"), 10, 64)
	s.reportContent(w, r, r.FormValue("type"), id, r.FormValue("description"))
}

// handleSafetyReportQuestion is the question box's "report" button: it now
// opens a notice on the desk.
func (s *Server) handleSafetyReportQuestion(w http.ResponseWriter, r *http.Request) {
	q, ev := s.questionFromPath(w, r)
	if q == nil {
		return
	}
	u := userFrom(r.Context())
	n := &creatorclub.NewCase{Kind: creatorclub.KindNotice, Category: reportCategory(r.FormValue("category")), Description: r.FormValue("reason"),
		TargetType: creatorclub.TargetQuestion, TargetID: q.ID}
	if _, err := s.openCase(r, u, n); err != nil {
		s.Error(w, r, err)
		return
	}
	s.backToQuestions(w, r, ev.ID, "question_reported")
}

func reportCategory(v string) creatorclub.CaseCategory {
	c, err := creatorclub.ParseCaseCategory(v)
	if err != nil || !c.IsReport() {
		return creatorclub.CategoryOther
	}
	return c
}

func (s *Server) reportContent(w http.ResponseWriter, r *http.Request, typ string, id int64, description string) {
	target, err := s.findReportTarget(r, typ, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	n := &creatorclub.NewCase{Kind: creatorclub.KindNotice, Category: reportCategory(r.FormValue("category")), Description: description,
		TargetType: typ, TargetID: id}
	c, err := s.openCase(r, userFrom(r.Context()), n)
	if err != nil {
		if code := creatorclub.ErrorCode(err); code == creatorclub.EINVALID || code == creatorclub.EFORBIDDEN || code == creatorclub.ECONFLICT || code == creatorclub.ERATELIMIT {
			s.render(w, r, errorStatus(code), "safety_report", "safety_report_title", map[string]any{"Target": target,
				"Form":       map[string]any{"Description": description, "Category": r.FormValue("category"), "Error": s.message(r, creatorclub.ErrorMessage(err))},
				"Categories": []creatorclub.CaseCategory{creatorclub.CategoryHarassment, creatorclub.CategoryThreat, creatorclub.CategoryIllicit, creatorclub.CategoryOther}})
			return
		}
		s.Error(w, r, err)
		return
	}
	s.flash(r, "safety_report_sent")
	http.Redirect(w, r, fmt.Sprintf("/aide/demandes/%d", c.ID), http.StatusSeeOther)
}

// decisionFromPath loads a decision for the member it concerns or a safety
// officer.
func (s *Server) decisionFromPath(w http.ResponseWriter, r *http.Request) (*creatorclub.Decision, *sqldb.SafetyStore) {
	id, ok := pathInt(r, "decision")
	if !ok {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return nil, nil
	}
	st, err := s.safety()
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil
	}
	d, err := st.FindDecision(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return nil, nil
	}
	if u := userFrom(r.Context()); d.TargetUserID != u.ID {
		s.renderError(w, r, http.StatusForbidden, s.t(r, "error_forbidden"))
		return nil, nil
	}
	return d, st
}

// handleSafetyDecision is the statement of reasons in the member's account,
// with the appeal form. It never shows who reported.
func (s *Server) handleSafetyDecision(w http.ResponseWriter, r *http.Request) {
	d, st := s.decisionFromPath(w, r)
	if d == nil {
		return
	}
	s.renderDecision(w, r, st, d, http.StatusOK, nil)
}

func (s *Server) renderDecision(w http.ResponseWriter, r *http.Request, st *sqldb.SafetyStore, d *creatorclub.Decision, status int, form map[string]any) {
	appeal, err := st.AppealFor(r.Context(), d.ID)
	if err != nil && creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
		s.serverError(w, r, err)
		return
	}
	lang := localeFrom(r.Context())
	s.render(w, r, status, "safety_decision", "safety_decision_title", map[string]any{"Decision": d, "Appeal": appeal, "Form": form,
		"Action": notify.ActionLabel(lang, d.Action), "Ground": notify.GroundLabel(lang, d.Ground),
		"CanAppeal": appeal == nil && d.ReversedAt == nil && d.Action != creatorclub.ActionRestore && !s.DB.Now().After(d.AppealDeadline())})
}

// handleSafetyAppeal records the member's appeal.
func (s *Server) handleSafetyAppeal(w http.ResponseWriter, r *http.Request) {
	d, st := s.decisionFromPath(w, r)
	if d == nil {
		return
	}
	u := userFrom(r.Context())
	officers, _, err := s.DB.ListUsers(r.Context(), "", creatorclub.RoleSafety, 100, 0)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	_, err = st.Appeal(r.Context(), d.ID, u, r.FormValue("text"), func(tx *sql.Tx, d *creatorclub.Decision, a *creatorclub.Appeal) error {
		for _, o := range officers {
			if o.ID == d.DecidedBy {
				continue
			}
			msg, err := s.notify.AppealReceived(o, a)
			if err != nil {
				return err
			}
			if err := s.Mailer.EnqueueSealedMail(r.Context(), tx, msg); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if code := creatorclub.ErrorCode(err); code == creatorclub.EINVALID || code == creatorclub.ECONFLICT {
			s.renderDecision(w, r, st, d, errorStatus(code), map[string]any{"Text": r.FormValue("text"), "Error": s.message(r, creatorclub.ErrorMessage(err))})
			return
		}
		s.Error(w, r, err)
		return
	}
	s.flash(r, "safety_appeal_sent")
	http.Redirect(w, r, fmt.Sprintf("/aide/decisions/%d", d.ID), http.StatusSeeOther)
}

// handleSafetyQueue is the officers' queue with its filters.
func (s *Server) handleSafetyQueue(w http.ResponseWriter, r *http.Request) {
	st, err := s.safety()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	q := r.URL.Query()
	f := creatorclub.CaseFilter{Status: q.Get("statut"), Overdue: q.Get("retard") != ""}
	if c, err := creatorclub.ParseCaseCategory(q.Get("categorie")); err == nil {
		f.Category = c
	}
	if k := creatorclub.CaseKind(q.Get("type")); k == creatorclub.KindNotice || k == creatorclub.KindRequest {
		f.Kind = k
	}
	switch a := q.Get("assigne"); a {
	case "":
	case "aucun":
		f.AssigneeID = -1
	case "moi":
		f.AssigneeID = userFrom(r.Context()).ID
	}
	cases, err := st.ListCases(r.Context(), f)
	if creatorclub.ErrorCode(err) == creatorclub.EINVALID {
		f.Status = ""
		cases, err = st.ListCases(r.Context(), f)
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	overdue, err := st.ListCases(r.Context(), creatorclub.CaseFilter{Overdue: true})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.audit(r, nil, AuditSafetyQueue, "safety_queue", "", r.URL.RawQuery); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "safety_queue", "safety_queue_title", map[string]any{"Cases": cases, "Overdue": len(overdue),
		"Filter": q, "Categories": creatorclub.CaseCategories, "Statuses": creatorclub.CaseStatuses, "Now": s.DB.Now()})
}

// handleSafetyStaffCase is the officer's view of a case: thread with notes,
// evidence, history, decisions, actions. Each view is audited.
func (s *Server) handleSafetyStaffCase(w http.ResponseWriter, r *http.Request) {
	c, st, _ := s.caseFromPath(w, r, AuditSafetyCaseView)
	if c == nil {
		return
	}
	s.renderStaffCase(w, r, st, c, http.StatusOK, "")
}

func (s *Server) renderStaffCase(w http.ResponseWriter, r *http.Request, st *sqldb.SafetyStore, c *creatorclub.Case, status int, errMsg string) {
	ctx := r.Context()
	msgs, err := st.Messages(ctx, c.ID, true)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	events, err := st.Events(ctx, c.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	decisions, err := st.DecisionsForCase(ctx, c.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	officers, _, err := s.DB.ListUsers(ctx, "", creatorclub.RoleSafety, 100, 0)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := map[string]any{"Case": c, "Messages": msgs, "Events": events, "Decisions": decisions, "Officers": officers, "Error": errMsg,
		"Statuses": creatorclub.CaseStatuses, "Actions": creatorclub.Actions, "Grounds": creatorclub.Grounds, "Now": s.DB.Now(),
		"Priorities": []int{creatorclub.PriorityLow, creatorclub.PriorityNormal, creatorclub.PriorityHigh, creatorclub.PriorityUrgent}}
	if c.ReporterID != 0 {
		if rep, err := s.DB.FindUserByID(ctx, c.ReporterID); err == nil {
			d["Reporter"] = rep
		}
	}
	if c.TargetUserID != 0 {
		if tu, err := s.DB.FindUserByID(ctx, c.TargetUserID); err == nil {
			d["Target"] = tu
			rst, err := s.DB.AccessRestriction(ctx, tu.ID)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			d["TargetRestriction"] = rst
		}
	}
	if c.TargetType == creatorclub.TargetQuestion {
		if q, err := s.DB.FindQuestion(ctx, c.TargetID); err == nil {
			d["Question"] = q
		}
	}
	s.render(w, r, status, "safety_staff_case", "safety_case_title", d)
}

// staffFail re-renders the case with a message on bad input, or shows the error.
func (s *Server) staffFail(w http.ResponseWriter, r *http.Request, st *sqldb.SafetyStore, c *creatorclub.Case, err error) {
	if code := creatorclub.ErrorCode(err); code == creatorclub.EINVALID || code == creatorclub.ECONFLICT || code == creatorclub.EFORBIDDEN {
		if fresh, ferr := st.FindCase(r.Context(), c.ID); ferr == nil {
			c = fresh
		}
		s.renderStaffCase(w, r, st, c, errorStatus(code), s.message(r, creatorclub.ErrorMessage(err)))
		return
	}
	s.Error(w, r, err)
}

func (s *Server) backToCase(w http.ResponseWriter, r *http.Request, id int64, flash string) {
	s.flash(r, flash)
	http.Redirect(w, r, fmt.Sprintf("/securite/dossiers/%d", id), http.StatusSeeOther)
}

// handleSafetyStaffMessage adds a reply to the member (who gets an email
// without its content) or an internal note.
func (s *Server) handleSafetyStaffMessage(w http.ResponseWriter, r *http.Request) {
	c, st, _ := s.caseFromPath(w, r, "")
	if c == nil {
		return
	}
	if bad := parseCaseForm(w, r); bad != "" {
		s.staffFail(w, r, st, c, creatorclub.Errorf(creatorclub.EINVALID, "%s", bad))
		return
	}
	atts, bad := readEvidence(r)
	if bad != "" {
		s.staffFail(w, r, st, c, creatorclub.Errorf(creatorclub.EINVALID, "%s", bad))
		return
	}
	officer := userFrom(r.Context())
	internal := r.FormValue("internal") != "" || c.ReporterID == 0
	var reporter *creatorclub.User
	if !internal {
		var err error
		if reporter, err = s.DB.FindUserByID(r.Context(), c.ReporterID); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	_, err := st.AddMessage(r.Context(), c.ID, officer, true, internal, r.FormValue("body"), atts, func(tx *sql.Tx, c *creatorclub.Case) error {
		if reporter == nil {
			return nil
		}
		msg, err := s.notify.CaseReply(reporter, c)
		if err != nil {
			return err
		}
		return s.Mailer.EnqueueSealedMail(r.Context(), tx, msg)
	})
	if err != nil {
		s.staffFail(w, r, st, c, err)
		return
	}
	kind := "reply"
	if internal {
		kind = "note"
	}
	if err := s.audit(r, nil, AuditSafetyReply, "safety_case", c.ID, kind); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.backToCase(w, r, c.ID, "safety_message_sent")
}

// handleSafetyUpdate changes status, priority and assignment.
func (s *Server) handleSafetyUpdate(w http.ResponseWriter, r *http.Request) {
	c, st, _ := s.caseFromPath(w, r, "")
	if c == nil {
		return
	}
	var upd sqldb.CaseUpdate
	if v := r.FormValue("status"); v != "" {
		status, err := creatorclub.ParseCaseStatus(v)
		if err != nil {
			s.staffFail(w, r, st, c, err)
			return
		}
		upd.Status = &status
	}
	if v := r.FormValue("priority"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil {
			s.staffFail(w, r, st, c, creatorclub.Errorf(creatorclub.EINVALID, "safety_priority_invalid"))
			return
		}
		upd.Priority = &p
	}
	if v := r.FormValue("assignee"); v != "" {
		a, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.staffFail(w, r, st, c, creatorclub.Errorf(creatorclub.EINVALID, "safety_assignee_invalid"))
			return
		}
		upd.AssigneeID = &a
	}
	if err := st.UpdateCase(r.Context(), c.ID, userFrom(r.Context()), upd); err != nil {
		s.staffFail(w, r, st, c, err)
		return
	}
	if err := s.audit(r, nil, AuditSafetyUpdate, "safety_case", c.ID, fmt.Sprintf("status=%s priority=%s assignee=%s",
		r.FormValue("status"), r.FormValue("priority"), r.FormValue("assignee"))); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.backToCase(w, r, c.ID, "safety_case_updated")
}

// handleSafetyMerge merges this case into another one.
func (s *Server) handleSafetyMerge(w http.ResponseWriter, r *http.Request) {
	c, st, _ := s.caseFromPath(w, r, "")
	if c == nil {
		return
	}
	into, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(r.FormValue("into")), "#"), 10, 64)
	if err != nil {
		s.staffFail(w, r, st, c, creatorclub.Errorf(creatorclub.EINVALID, "safety_merge_target_invalid"))
		return
	}
	if err := st.MergeCase(r.Context(), c.ID, into, userFrom(r.Context())); err != nil {
		if creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND {
			err = creatorclub.Errorf(creatorclub.EINVALID, "safety_merge_target_invalid")
		}
		s.staffFail(w, r, st, c, err)
		return
	}
	if err := s.audit(r, nil, AuditSafetyMerge, "safety_case", c.ID, fmt.Sprintf("into=%d", into)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.backToCase(w, r, into, "safety_case_merged_ok")
}

// handleSafetyDecide takes an action with its ground and statement of
// reasons, emailed to the member concerned.
func (s *Server) handleSafetyDecide(w http.ResponseWriter, r *http.Request) {
	c, st, _ := s.caseFromPath(w, r, "")
	if c == nil {
		return
	}
	n := creatorclub.NewDecision{Action: creatorclub.Action(r.FormValue("action")), Ground: r.FormValue("ground"), Facts: r.FormValue("facts")}
	if v := strings.TrimSpace(r.FormValue("until")); v != "" {
		t, err := parseDateInput(v, Paris)
		if err != nil {
			s.staffFail(w, r, st, c, creatorclub.Errorf(creatorclub.EINVALID, "safety_until_required"))
			return
		}
		t = t.Add(24 * time.Hour) // through the end of that day
		n.Until = &t
	}
	var target *creatorclub.User
	if c.TargetUserID != 0 {
		var err error
		if target, err = s.DB.FindUserByID(r.Context(), c.TargetUserID); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	d, err := st.Decide(r.Context(), c.ID, userFrom(r.Context()), n, func(tx *sql.Tx, c *creatorclub.Case, d *creatorclub.Decision) error {
		msg, err := s.notify.Statement(target, d)
		if err != nil {
			return err
		}
		return s.Mailer.EnqueueSealedMail(r.Context(), tx, msg)
	})
	if err != nil {
		s.staffFail(w, r, st, c, err)
		return
	}
	if c.TargetType == creatorclub.TargetQuestion && (d.Action == creatorclub.ActionRemoveContent || d.Action == creatorclub.ActionRestore) {
		if q, err := s.DB.FindQuestion(r.Context(), c.TargetID); err == nil {
			s.publish(r.Context(), q.EventID)
		}
	}
	if err := s.audit(r, nil, AuditSafetyDecision, "safety_case", c.ID, fmt.Sprintf("decision=%d action=%s ground=%s user=%d", d.ID, d.Action, d.Ground, d.TargetUserID)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.backToCase(w, r, c.ID, "safety_decision_taken")
}

// handleSafetyUnfounded closes a notice as manifestly unfounded and applies
// the misuse rule.
func (s *Server) handleSafetyUnfounded(w http.ResponseWriter, r *http.Request) {
	c, st, _ := s.caseFromPath(w, r, "")
	if c == nil {
		return
	}
	var reporter *creatorclub.User
	if c.ReporterID != 0 {
		var err error
		if reporter, err = s.DB.FindUserByID(r.Context(), c.ReporterID); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	outcome, err := st.MarkUnfounded(r.Context(), c.ID, userFrom(r.Context()), func(tx *sql.Tx, c *creatorclub.Case, outcome string, until *time.Time) error {
		if outcome == creatorclub.MisuseNone || reporter == nil {
			return nil
		}
		msg, err := s.notify.Misuse(reporter, outcome, until)
		if err != nil {
			return err
		}
		return s.Mailer.EnqueueSealedMail(r.Context(), tx, msg)
	})
	if err != nil {
		s.staffFail(w, r, st, c, err)
		return
	}
	if err := s.audit(r, nil, AuditSafetyUnfounded, "safety_case", c.ID, "misuse="+outcome); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.backToCase(w, r, c.ID, "safety_marked_unfounded")
}

// appealView is an appeal with its decision for the officers' list.
type appealView struct {
	*creatorclub.Appeal
	Decision    *creatorclub.Decision
	SameOfficer bool
}

// handleSafetyAppeals lists the appeals; the officer who decided cannot review.
func (s *Server) handleSafetyAppeals(w http.ResponseWriter, r *http.Request) {
	st, err := s.safety()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	appeals, err := st.ListAppeals(r.Context(), r.URL.Query().Get("tous") == "")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	me := userFrom(r.Context())
	var views []appealView
	for _, a := range appeals {
		d, err := st.FindDecision(r.Context(), a.DecisionID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		views = append(views, appealView{Appeal: a, Decision: d, SameOfficer: d.DecidedBy == me.ID})
	}
	if err := s.audit(r, nil, AuditSafetyAppealList, "safety_appeals", "", ""); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "safety_appeals", "safety_appeals_title", map[string]any{"Appeals": views})
}

// handleSafetyReview records the outcome of an appeal by another officer.
func (s *Server) handleSafetyReview(w http.ResponseWriter, r *http.Request) {
	id, ok := pathInt(r, "appeal")
	if !ok {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	st, err := s.safety()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	reverse := r.FormValue("outcome") == "reverse"
	var decision *creatorclub.Decision
	a, err := st.ReviewAppeal(r.Context(), id, userFrom(r.Context()), reverse, r.FormValue("reasons"), func(tx *sql.Tx, d *creatorclub.Decision, a *creatorclub.Appeal) error {
		decision = d
		member, err := s.DB.FindUserByID(r.Context(), a.UserID)
		if err != nil {
			return err
		}
		msg, err := s.notify.AppealDecided(member, d, a)
		if err != nil {
			return err
		}
		return s.Mailer.EnqueueSealedMail(r.Context(), tx, msg)
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if reverse {
		if c, err := st.FindCase(r.Context(), decision.CaseID); err == nil && c.TargetType == creatorclub.TargetQuestion {
			if q, err := s.DB.FindQuestion(r.Context(), c.TargetID); err == nil {
				s.publish(r.Context(), q.EventID)
			}
		}
	}
	if err := s.audit(r, nil, AuditSafetyAppeal, "safety_appeal", a.ID, fmt.Sprintf("decision=%d outcome=%s", a.DecisionID, a.Status)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "safety_appeal_reviewed")
	http.Redirect(w, r, "/securite/recours", http.StatusSeeOther)
}

// transparencyPeriod reads ?du=YYYY-MM-DD&au=YYYY-MM-DD (the last day
// included); the default is the current calendar year.
func (s *Server) transparencyPeriod(r *http.Request) (time.Time, time.Time, error) {
	now := s.DB.Now().In(Paris)
	from := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, Paris)
	until := from.AddDate(1, 0, 0)
	q := r.URL.Query()
	if v := strings.TrimSpace(q.Get("du")); v != "" {
		t, err := parseDateInput(v, Paris)
		if err != nil {
			return from, until, creatorclub.Errorf(creatorclub.EINVALID, "safety_period_invalid")
		}
		from = t
	}
	if v := strings.TrimSpace(q.Get("au")); v != "" {
		t, err := parseDateInput(v, Paris)
		if err != nil {
			return from, until, creatorclub.Errorf(creatorclub.EINVALID, "safety_period_invalid")
		}
		until = t.AddDate(0, 0, 1)
	}
	if !until.After(from) {
		return from, until, creatorclub.Errorf(creatorclub.EINVALID, "safety_period_invalid")
	}
	return from, until, nil
}

// transparencyReport computes the transparency report of the period the
// request asks for; on error it answers and returns false.
func (s *Server) transparencyReport(w http.ResponseWriter, r *http.Request) (rep *creatorclub.TransparencyReport, from, until time.Time, ok bool) {
	from, until, err := s.transparencyPeriod(r)
	if err != nil {
		s.Error(w, r, err)
		return nil, from, until, false
	}
	st, err := s.safety()
	if err != nil {
		s.serverError(w, r, err)
		return nil, from, until, false
	}
	if rep, err = st.Transparency(r.Context(), from, until); err != nil {
		s.serverError(w, r, err)
		return nil, from, until, false
	}
	return rep, from, until, true
}

// handleTransparency is the public transparency report for a period:
// numbers only, nobody named.
func (s *Server) handleTransparency(w http.ResponseWriter, r *http.Request) {
	rep, from, until, ok := s.transparencyReport(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "safety_transparency", "safety_transparency_title", map[string]any{"Report": rep,
		"Categories": creatorclub.CaseCategories, "Actions": creatorclub.Actions,
		"From": from.Format("2006-01-02"), "Until": until.AddDate(0, 0, -1).Format("2006-01-02"),
		"FirstAnswer": roundHours(rep.MedianFirstAnswer), "Resolution": roundHours(rep.MedianResolution)})
}

func roundHours(d time.Duration) string {
	return strconv.FormatFloat(d.Hours(), 'f', 1, 64)
}

// handleTransparencyCSV is the same report as CSV: one line per figure.
func (s *Server) handleTransparencyCSV(w http.ResponseWriter, r *http.Request) {
	rep, from, until, ok := s.transparencyReport(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="transparence-%s-%s.csv"`, from.Format("2006-01-02"), until.AddDate(0, 0, -1).Format("2006-01-02")))
	cw := csv.NewWriter(w)
	cw.Write([]string{"section", "item", "value"})
	cw.Write([]string{"period", "from", from.Format("2006-01-02")})
	cw.Write([]string{"period", "until", until.AddDate(0, 0, -1).Format("2006-01-02")})
	for _, c := range creatorclub.CaseCategories {
		cw.Write([]string{"requests", string(c), strconv.Itoa(rep.Requests[c])})
	}
	for _, c := range creatorclub.CaseCategories {
		cw.Write([]string{"notices", string(c), strconv.Itoa(rep.Notices[c])})
	}
	for _, a := range creatorclub.Actions {
		cw.Write([]string{"actions", string(a), strconv.Itoa(rep.Actions[a])})
	}
	cw.Write([]string{"times", "median_first_response_hours", roundHours(rep.MedianFirstAnswer)})
	cw.Write([]string{"times", "median_resolution_hours", roundHours(rep.MedianResolution)})
	cw.Write([]string{"appeals", "received", strconv.Itoa(rep.Appeals)})
	cw.Write([]string{"appeals", "reversed", strconv.Itoa(rep.Reversals)})
	cw.Write([]string{"misuse", "manifestly_unfounded_notices", strconv.Itoa(rep.Unfounded)})
	cw.Flush()
}

// exportSafety adds to a member's data export the cases they opened, with
// their threads as they see them (no internal notes), and the decisions
// concerning them — never who reported them.
func (s *Server) exportSafety(r *http.Request, u *creatorclub.User, export map[string]any) error {
	st, err := s.safety()
	if err != nil {
		return err
	}
	cases, err := st.ListCasesByReporter(r.Context(), u.ID)
	if err != nil {
		return err
	}
	type caseExport struct {
		ID          int64                    `json:"id"`
		Kind        creatorclub.CaseKind     `json:"kind"`
		Category    creatorclub.CaseCategory `json:"category"`
		Status      creatorclub.CaseStatus   `json:"status"`
		ExternalURL string                   `json:"external_url,omitempty"`
		Handle      string                   `json:"external_handle,omitempty"`
		CreatedAt   time.Time                `json:"created_at"`
		Messages    []map[string]any         `json:"messages"`
	}
	var out []caseExport
	for _, c := range cases {
		msgs, err := st.Messages(r.Context(), c.ID, false)
		if err != nil {
			return err
		}
		ce := caseExport{ID: c.ID, Kind: c.Kind, Category: c.Category, Status: c.Status, ExternalURL: c.ExternalURL, Handle: c.ExternalHandle, CreatedAt: c.CreatedAt}
		for _, m := range msgs {
			var files []string
			for _, a := range m.Attachments {
				files = append(files, a.Name+" sha256:"+a.SHA256)
			}
			ce.Messages = append(ce.Messages, map[string]any{"from_safety_team": m.FromStaff, "text": m.Body, "at": m.CreatedAt, "files": files})
		}
		out = append(out, ce)
	}
	decisions, err := st.DecisionsForUser(r.Context(), u.ID)
	if err != nil {
		return err
	}
	var ds []map[string]any
	for _, d := range decisions {
		ds = append(ds, map[string]any{"id": d.ID, "action": d.Action, "ground": d.Ground, "facts": d.Facts, "content": d.Content,
			"until": d.Until, "decided_at": d.DecidedAt, "reversed_at": d.ReversedAt})
	}
	export["safety_requests"] = out
	export["safety_decisions"] = ds
	return nil
}
