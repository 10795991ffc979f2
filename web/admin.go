package web

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/sqldb"
)

// maxRosterSize bounds a roster upload: 1,300 creators take about 200 KB.
const maxRosterSize = 10 << 20

func (s *Server) handleAdminHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	counts := map[string]int{}
	for _, role := range creatorclub.Roles {
		_, n, err := s.DB.ListUsers(ctx, "", role, 1, 0)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		counts[string(role)] = n
	}
	_, listed, err := s.DB.ListDirectory(ctx, creatorclub.DirectoryFilter{Limit: 1})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin", "admin_title", map[string]any{"Counts": counts, "Listed": listed})
}

func (s *Server) handleRosterForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "roster", "roster_title", nil)
}

// handleRosterPreview parses an uploaded roster, keeps it, and shows what
// importing it would change, with a button to confirm.
func (s *Server) handleRosterPreview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	r.Body = http.MaxBytesReader(w, r.Body, maxRosterSize+1<<20)
	file, header, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		msg := s.t(r, "roster_no_file")
		if errors.As(err, &tooBig) {
			msg = s.t(r, "roster_too_big")
		}
		s.render(w, r, http.StatusBadRequest, "roster", "roster_title", map[string]any{"Error": msg})
		return
	}
	defer file.Close()
	content, err := io.ReadAll(io.LimitReader(file, maxRosterSize+1))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if len(content) > maxRosterSize {
		s.render(w, r, http.StatusBadRequest, "roster", "roster_title", map[string]any{"Error": s.t(r, "roster_too_big")})
		return
	}
	entries, err := creatorclub.ParseRoster(bytes.NewReader(content))
	var fileErr *creatorclub.RosterFileError
	if errors.As(err, &fileErr) {
		s.render(w, r, http.StatusUnprocessableEntity, "roster", "roster_title", map[string]any{"Filename": header.Filename, "RowErrors": fileErr.Rows})
		return
	} else if err != nil {
		s.serverError(w, r, err)
		return
	}
	u := userFrom(ctx)
	up, err := s.DB.SaveRosterUpload(ctx, u.ID, header.Filename, content)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	report, err := s.DB.ImportRoster(ctx, entries, creatorclub.RosterImportOptions{DryRun: true})
	if errors.As(err, &fileErr) {
		s.render(w, r, http.StatusUnprocessableEntity, "roster", "roster_title", map[string]any{"Filename": header.Filename, "RowErrors": fileErr.Rows})
		return
	} else if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.audit(r, u, creatorclub.AuditRosterPreview, "roster_upload", up.ID, fmt.Sprintf("file=%q sha256=%s", header.Filename, up.SHA256)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "roster_report", "roster_preview_title", map[string]any{"Upload": up, "Report": report})
}

// handleRosterApply imports a previewed upload. The file is parsed again from
// what was stored, so what is applied is exactly what was previewed.
func (s *Server) handleRosterApply(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("upload"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	up, err := s.DB.FindRosterUpload(ctx, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	reportPath := fmt.Sprintf("/admin/registre/%d", up.ID)
	if up.AppliedAt != nil {
		// Posted twice (a second click, a form posted again): the import
		// is not run again, the page says so and shows what it did.
		s.flash(r, "roster_already_applied")
		http.Redirect(w, r, reportPath, http.StatusSeeOther)
		return
	}
	entries, err := creatorclub.ParseRoster(strings.NewReader(up.Content))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	u := userFrom(ctx)
	audit := &creatorclub.AuditEntry{ActorID: u.ID, ActorEmail: u.Email, Action: creatorclub.AuditRosterImport, TargetType: "roster_upload",
		TargetID: strconv.FormatInt(up.ID, 10), IP: s.clientIP(r), Detail: fmt.Sprintf("file=%q sha256=%s", up.Filename, up.SHA256)}
	// Members the committee's waiting list promotes are mailed, as when a
	// term ends any other way.
	_, err = s.DB.ImportRosterHook(ctx, entries, creatorclub.RosterImportOptions{UploadID: up.ID, Audit: audit},
		func(tx *sql.Tx, ch *sqldb.CommitteeChange) error { return s.tellPromoted(r, tx, ch) })
	var fileErr *creatorclub.RosterFileError
	if errors.As(err, &fileErr) {
		s.render(w, r, http.StatusUnprocessableEntity, "roster", "roster_title", map[string]any{"Filename": up.Filename, "RowErrors": fileErr.Rows})
		return
	} else if creatorclub.ErrorCode(err) == creatorclub.ECONFLICT {
		s.flash(r, "roster_already_applied") // applied meanwhile by another request
	} else if err != nil {
		s.Error(w, r, err)
		return
	}
	// The report is a page of its own: reloading it does not post again.
	http.Redirect(w, r, reportPath, http.StatusSeeOther)
}

// handleRosterReport shows what applying an upload did, as stored with it.
func (s *Server) handleRosterReport(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("upload"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	up, err := s.DB.FindRosterUpload(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if up.AppliedAt == nil {
		// Not applied: its preview is made from the file, on the form.
		http.Redirect(w, r, "/admin/registre", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "roster_report", "roster_done_title", map[string]any{"Upload": up, "Report": up.Report, "Applied": true})
}

const usersPerPage = 50

func (s *Server) handleAdminUsers(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	role := creatorclub.Role(q.Get("role"))
	if _, err := creatorclub.ParseRole(string(role)); err != nil {
		role = ""
	}
	page := pageParam(r)
	users, total, err := s.DB.ListUsers(ctx, q.Get("q"), role, usersPerPage, (page-1)*usersPerPage)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ids := make([]int64, 0, len(users))
	for _, u := range users {
		ids = append(ids, u.ID)
	}
	restrictions, err := s.DB.AccessRestrictions(ctx, ids)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.audit(r, nil, creatorclub.AuditAdminUsersView, "users", "", fmt.Sprintf("q=%q role=%q page=%d", q.Get("q"), role, page)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "users", "users_title", map[string]any{"Users": users, "Query": q.Get("q"), "Role": role,
		"Pager": newPager(r, page, usersPerPage, total), "Now": s.DB.Now(), "Restrictions": restrictions})
}

// handleAdminCreateUser creates a speaker, partner or staff account. Members
// come from the certification roster only.
func (s *Server) handleAdminCreateUser(w http.ResponseWriter, r *http.Request) {
	role, err := creatorclub.ParseRole(r.FormValue("role"))
	if err != nil || role == creatorclub.RoleMember {
		s.renderError(w, r, http.StatusBadRequest, s.t(r, "users_role_invalid"))
		return
	}
	u := &creatorclub.User{Email: r.FormValue("email"), FirstName: strings.TrimSpace(r.FormValue("first_name")),
		LastName: strings.TrimSpace(r.FormValue("last_name")), Organisation: strings.TrimSpace(r.FormValue("organisation")), Role: role}
	if err := s.DB.CreateUser(r.Context(), u); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.audit(r, nil, creatorclub.AuditUserCreate, "user", u.ID, fmt.Sprintf("email=%s role=%s", u.Email, role)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "users_created")
	http.Redirect(w, r, "/admin/utilisateurs", http.StatusSeeOther)
}

func (s *Server) targetUser(w http.ResponseWriter, r *http.Request) *creatorclub.User {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return nil
	}
	u, err := s.DB.FindUserByID(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return nil
	}
	return u
}

func (s *Server) handleAdminSetRole(w http.ResponseWriter, r *http.Request) {
	target := s.targetUser(w, r)
	if target == nil {
		return
	}
	role, err := creatorclub.ParseRole(r.FormValue("role"))
	if err != nil {
		s.renderError(w, r, http.StatusBadRequest, s.t(r, "users_role_invalid"))
		return
	}
	if target.ID == userFrom(r.Context()).ID {
		s.renderError(w, r, http.StatusConflict, s.t(r, "users_own_role"))
		return
	}
	if err := s.DB.SetRole(r.Context(), target.ID, role); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.audit(r, nil, creatorclub.AuditRoleChange, "user", target.ID, fmt.Sprintf("from=%s to=%s", target.Role, role)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "users_role_changed")
	http.Redirect(w, r, "/admin/utilisateurs", http.StatusSeeOther)
}

func (s *Server) handleAdminEndSessions(w http.ResponseWriter, r *http.Request) {
	target := s.targetUser(w, r)
	if target == nil {
		return
	}
	if err := s.DB.EndSessions(r.Context(), target.ID); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.audit(r, nil, creatorclub.AuditSessionsEnded, "user", target.ID, ""); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "users_sessions_ended")
	http.Redirect(w, r, "/admin/utilisateurs", http.StatusSeeOther)
}

const auditPerPage = 100

func (s *Server) handleAuditLog(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	f := creatorclub.AuditFilter{Action: strings.TrimSpace(q.Get("action")), Target: strings.TrimSpace(q.Get("cible")), Limit: auditPerPage}
	if a, err := strconv.ParseInt(q.Get("acteur"), 10, 64); err == nil {
		f.ActorID = a
	}
	if t, err := parseDateInput(q.Get("depuis"), time.UTC); err == nil {
		f.Since = t
	}
	if t, err := parseDateInput(q.Get("jusqu"), time.UTC); err == nil {
		f.Until = t.AddDate(0, 0, 1)
	}
	page := pageParam(r)
	f.Offset = (page - 1) * auditPerPage
	entries, total, err := s.DB.ListAudit(ctx, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.audit(r, nil, creatorclub.AuditViewAudit, "audit_log", "", r.URL.RawQuery); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "audit", "audit_title", map[string]any{"Entries": entries, "Filter": f,
		"Query": q, "Pager": newPager(r, page, auditPerPage, total)})
}
