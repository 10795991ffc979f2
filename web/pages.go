package web

import (
	"encoding/json"

	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
)

func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	if userFrom(r.Context()) != nil {
		http.Redirect(w, r, "/accueil", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "index", "index_title", nil)
}

// handleCheckCertification is the public certificate check: whether a creator
// is certified now, and since when — nothing more.
func (s *Server) handleCheckCertification(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	d := map[string]any{"Query": q}
	status := http.StatusOK
	if q != "" {
		res, err := s.DB.CheckCertification(r.Context(), q)
		if creatorclub.ErrorCode(err) == creatorclub.EINVALID {
			d["Error"] = s.t(r, "check_query_invalid")
			status = http.StatusBadRequest
		} else if err != nil {
			s.serverError(w, r, err)
			return
		} else {
			d["Result"] = res
		}
	}
	s.render(w, r, status, "check", "check_title", d)
}

// handleSetLanguage switches the interface language: for a signed-in user it
// is saved in the profile, for a visitor in a cookie.
func (s *Server) handleSetLanguage(w http.ResponseWriter, r *http.Request) {
	lang := r.FormValue("lang")
	if !creatorclub.IsLanguage(lang) {
		s.renderError(w, r, http.StatusBadRequest, s.t(r, "error_bad_language"))
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.Sessions.Cookie.Secure})
	if u := userFrom(r.Context()); u != nil {
		upd := creatorclub.ProfileUpdate{DisplayName: u.DisplayName, Bio: u.Bio, Locale: lang, InDirectory: u.InDirectory,
			TimeZone: u.TimeZone, Reminders: u.Reminders, Newsletter: u.Newsletter, LegalAlerts: u.LegalAlerts}
		if _, err := s.DB.UpdateProfile(r.Context(), u.ID, upd); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	next := localPath(r.FormValue("next"))
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) handleProfileForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "profile", "profile_title", map[string]any{"Form": userFrom(r.Context())})
}

func (s *Server) handleProfileSave(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	upd := creatorclub.ProfileUpdate{
		DisplayName: r.FormValue("display_name"),
		Bio:         r.FormValue("bio"),
		Locale:      r.FormValue("locale"),
		InDirectory: r.FormValue("in_directory") == "on",
		TimeZone:    r.FormValue("time_zone"),
		Reminders:   r.FormValue("reminders") == "on",
		Newsletter:  r.FormValue("newsletter") == "on",
		LegalAlerts: r.FormValue("legal_alerts") == "on",
	}
	if upd.TimeZone == creatorclub.DefaultTimeZone {
		upd.TimeZone = ""
	}
	if u.Role != creatorclub.RoleMember {
		upd.InDirectory = false // the directory lists certified members only
	}
	updated, err := s.DB.UpdateProfile(r.Context(), u.ID, upd)
	if creatorclub.ErrorCode(err) == creatorclub.EINVALID {
		form := *u
		form.DisplayName, form.Bio, form.InDirectory, form.Reminders = upd.DisplayName, upd.Bio, upd.InDirectory, upd.Reminders
		form.Newsletter, form.LegalAlerts = upd.Newsletter, upd.LegalAlerts
		s.render(w, r, http.StatusBadRequest, "profile", "profile_title", map[string]any{"Form": &form,
			"Error": s.t(r, creatorclub.ErrorMessage(err))})
		return
	} else if err != nil {
		s.serverError(w, r, err)
		return
	}
	if updated.Locale != u.Locale {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: updated.Locale, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true,
			SameSite: http.SameSiteLaxMode, Secure: s.Sessions.Cookie.Secure})
	}
	s.flash(r, "profile_saved")
	http.Redirect(w, r, "/profil", http.StatusSeeOther)
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) {
	feed, err := s.DB.FeedToken(r.Context(), userFrom(r.Context()).ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "account", "account_title", map[string]any{"Feed": feed})
}

// handleExportData sends the user everything the club holds about them, as JSON.
func (s *Server) handleExportData(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	export := map[string]any{
		"exported_at": s.DB.Now().Format(time.RFC3339),
		"club":        s.Config.ClubName,
		"account":     u,
	}
	if err := s.exportSafety(r, u, export); err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.addCommitteeExport(r, export); err != nil {
		s.serverError(w, r, err)
		return
	}
	body, err := json.MarshalIndent(export, "", "  ")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="mes-donnees-club.json"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(body)
}

func (s *Server) handleDeleteAccount(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := userFrom(ctx)
	if r.FormValue("confirm") != "on" {
		s.render(w, r, http.StatusBadRequest, "account", "account_title", map[string]any{"Error": s.t(r, "account_delete_confirm_required")})
		return
	}
	if u.Role == creatorclub.RoleAdmin {
		if _, n, err := s.DB.ListUsers(ctx, "", creatorclub.RoleAdmin, 1, 0); err != nil {
			s.serverError(w, r, err)
			return
		} else if n <= 1 {
			s.render(w, r, http.StatusConflict, "account", "account_title", map[string]any{"Error": s.t(r, "account_delete_last_admin")})
			return
		}
	}
	if err := s.audit(r, u, creatorclub.AuditUserDelete, "user", u.ID, "self"); err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.DB.DeleteUser(ctx, u.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.Sessions.Destroy(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "deleted", "deleted_title", nil)
}

func pageParam(r *http.Request) int {
	p, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || p < 1 {
		return 1
	}
	return p
}

// pager describes the pages of a list.
type pager struct {
	Page, Pages, Total int
	Prev, Next         string
}

func newPager(r *http.Request, page, perPage, total int) pager {
	p := pager{Page: page, Total: total, Pages: (total + perPage - 1) / perPage}
	link := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page < p.Pages {
		p.Next = link(page + 1)
	}
	return p
}

const directoryPerPage = 24

func (s *Server) handleDirectory(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := creatorclub.DirectoryFilter{Query: q.Get("q"), Platform: q.Get("plateforme"), Limit: directoryPerPage}
	if f.Platform != "" && !creatorclub.IsPlatform(f.Platform) {
		f.Platform = ""
	}
	page := pageParam(r)
	f.Offset = (page - 1) * directoryPerPage
	users, total, err := s.DB.ListDirectory(r.Context(), f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "directory", "directory_title", map[string]any{"Filter": f, "Members": users, "Pager": newPager(r, page, directoryPerPage, total)})
}

// handleMemberProfile shows a member's profile: to members if the member is
// in the directory, to staff always (and the access is audited).
func (s *Server) handleMemberProfile(w http.ResponseWriter, r *http.Request) {
	viewer := userFrom(r.Context())
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	m, err := s.DB.FindUserByID(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	listed := m.Role == creatorclub.RoleMember && m.InDirectory && m.CanSignIn(s.DB.Now())
	if !viewer.Role.IsStaff() && !listed && m.ID != viewer.ID {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	if viewer.Role.IsStaff() && m.ID != viewer.ID {
		if err := s.audit(r, viewer, creatorclub.AuditViewMember, "user", m.ID, ""); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	d := map[string]any{"Member": m, "Staff": viewer.Role.IsStaff()}
	if viewer.Role.IsStaff() || viewer.ID == m.ID {
		if err := s.addCourseDuties(r, m.ID, d); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "member", "member_title", d)
}
