package web

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/files"
	"github.com/creatorclub/creatorclub/jobs"
	"github.com/creatorclub/creatorclub/sqldb"
)

// committeeRoutes are the monitoring committee's pages: the public page and
// calls for applications, the committee space (members sitting today and
// staff; checked by committeeSpace), and the staff's review pages.
func (s *Server) committeeRoutes() []route {
	return []route{
		{"GET", "/comite", public, s.handleCommittee},
		{"GET", "/comite/appels/{call}", certified, s.handleCallPage},
		{"POST", "/comite/appels/{call}", certified, s.handleApply},
		{"POST", "/comite/preferences", certified, s.handleCommitteePrefs},

		{"GET", "/comite/espace", community, s.handleCommitteeSpace},
		{"POST", "/comite/documents", community, s.handleUploadDocument},
		{"GET", "/comite/documents/{doc}", community, s.handleDocument},
		{"POST", "/comite/documents/{doc}/versions", community, s.handleReplaceDocument},
		{"GET", "/comite/documents/{doc}/versions/{ver}", community, s.handleDocumentFile},
		{"POST", "/comite/documents/{doc}/messages", community, s.handleDocumentPost},
		{"GET", "/comite/reunions/{meeting}", community, s.handleMeetingThread},
		{"POST", "/comite/reunions/{meeting}/messages", community, s.handleMeetingPost},

		{"GET", "/gestion/comite", staff, s.handleManageCommittee},
		{"GET", "/gestion/comite/appels/nouveau", staff, s.handleNewCallForm},
		{"POST", "/gestion/comite/appels", staff, s.handleSaveCall},
		{"GET", "/gestion/comite/appels/{call}", staff, s.handleManageCall},
		{"POST", "/gestion/comite/appels/{call}", staff, s.handleSaveCall},
		{"GET", "/gestion/comite/candidatures/{app}", staff, s.handleReviewApplication},
		{"POST", "/gestion/comite/candidatures/{app}/evaluation", staff, s.handleSaveReview},
		{"POST", "/gestion/comite/candidatures/{app}/decision", staff, s.handleDecide},
		{"POST", "/gestion/comite/mandats/{term}/fin", staff, s.handleEndTerm},
		{"POST", "/gestion/comite/mandats/{term}/renouveler", staff, s.handleRenewTerm},
		{"POST", "/gestion/comite/mandats/{term}/role", staff, s.handleTermRole},
		{"GET", "/admin/renouvellement", adminOnly, s.handleRenewalForm},
		{"POST", "/admin/renouvellement", adminOnly, s.handleRenewalSave},
	}
}

// committeeDocumentLimits are the files of the committee space: agendas,
// minutes and drafts as PDF, Office or OpenDocument files, text and images,
// up to 20 MiB.
var committeeDocumentLimits = files.Limits{
	MaxBytes: 20 << 20,
	AllowedTypes: []string{files.TypePDF, files.TypeDOCX, files.TypeODT, files.TypeXLSX, files.TypeODS,
		files.TypePPTX, files.TypeODP, files.TypeText, files.TypePNG, files.TypeJPEG},
}

// canUseCommitteeSpace reports whether u may see the committee space: the
// members sitting on the committee today, and staff.
func canUseCommitteeSpace(u *creatorclub.User) bool {
	return u != nil && (u.Role.IsStaff() || (u.Role == creatorclub.RoleMember && u.Committee))
}

// committeeSpace answers 403 unless the user may use the committee space.
func (s *Server) committeeSpace(w http.ResponseWriter, r *http.Request) bool {
	if canUseCommitteeSpace(userFrom(r.Context())) {
		return true
	}
	s.renderError(w, r, http.StatusForbidden, s.t(r, "committee_space_forbidden"))
	return false
}

// pathID returns the int64 path value name, answering 404 if it is not one.
func (s *Server) pathID(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return 0, false
	}
	return id, true
}

// handleCommittee is the public page of the committee: what it is, who
// sits on it (those who agreed), the open calls, and a member's own
// applications.
func (s *Server) handleCommittee(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := userFrom(ctx)
	terms, err := s.DB.ListTerms(ctx, true, true)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	calls, err := s.DB.ListCalls(ctx, true)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := map[string]any{"Members": terms, "Calls": calls, "Space": canUseCommitteeSpace(u)}
	if u != nil && u.Role == creatorclub.RoleMember {
		apps, err := s.DB.ListApplicationsOf(ctx, u.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		titles := map[int64]string{}
		for _, a := range apps {
			if c, err := s.DB.FindCall(ctx, a.CallID); err == nil {
				titles[a.CallID] = c.Title
			}
		}
		d["Applications"], d["CallTitles"] = apps, titles
		if u.Committee {
			pub, notices, err := s.DB.CommitteePrefs(ctx, u.ID)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			d["Public"], d["Notices"] = pub, notices
		}
	}
	s.render(w, r, http.StatusOK, "committee", "committee_title", d)
}

// applicationForm is what the application form shows.
type applicationForm struct {
	Motivation   string
	Platforms    []string
	AudienceSize string
	Conflicts    string
}

func (s *Server) callPage(w http.ResponseWriter, r *http.Request, status int, call *creatorclub.CommitteeCall, form *applicationForm, errMsg string) {
	u := userFrom(r.Context())
	app, err := s.DB.FindApplicationFor(r.Context(), call.ID, u.ID)
	if err != nil && creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
		s.serverError(w, r, err)
		return
	}
	if err != nil {
		app = nil
	}
	if form == nil {
		form = &applicationForm{}
		if app != nil {
			form = &applicationForm{Motivation: app.Motivation, Platforms: app.Platforms, AudienceSize: strconv.Itoa(app.AudienceSize), Conflicts: app.Conflicts}
		} else {
			for _, h := range u.Handles {
				form.Platforms = append(form.Platforms, h.Platform)
			}
		}
	}
	open := call.OpenAt(s.DB.Now())
	s.render(w, r, status, "committee_call", "committee_call_title", map[string]any{"Call": call, "Application": app, "Form": form,
		"Open": open, "CanEdit": open && (app == nil || app.Status == creatorclub.ApplicationSubmitted), "Error": errMsg,
		"Description": s.markdown.Render(call.Description)})
}

func (s *Server) callFromPath(w http.ResponseWriter, r *http.Request) *creatorclub.CommitteeCall {
	id, ok := s.pathID(w, r, "call")
	if !ok {
		return nil
	}
	c, err := s.DB.FindCall(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return nil
	}
	return c
}

func (s *Server) handleCallPage(w http.ResponseWriter, r *http.Request) {
	if c := s.callFromPath(w, r); c != nil {
		s.callPage(w, r, http.StatusOK, c, nil, "")
	}
}

// handleApply records or changes the member's application. Errors re-render
// the form with what was typed.
func (s *Server) handleApply(w http.ResponseWriter, r *http.Request) {
	c := s.callFromPath(w, r)
	if c == nil {
		return
	}
	u := userFrom(r.Context())
	r.ParseForm()
	form := &applicationForm{Motivation: r.FormValue("motivation"), Platforms: r.Form["platforms"], AudienceSize: strings.TrimSpace(r.FormValue("audience_size")),
		Conflicts: r.FormValue("conflicts")}
	a := &creatorclub.CommitteeApplication{CallID: c.ID, UserID: u.ID, Motivation: form.Motivation, Platforms: form.Platforms, Conflicts: form.Conflicts}
	size, err := strconv.Atoi(strings.ReplaceAll(strings.ReplaceAll(form.AudienceSize, " ", ""), "\u202f", ""))
	if err != nil && form.AudienceSize != "" {
		s.callPage(w, r, http.StatusBadRequest, c, form, s.t(r, "committee_audience_invalid"))
		return
	}
	a.AudienceSize = size
	existing, err := s.DB.FindApplicationFor(r.Context(), c.ID, u.ID)
	switch {
	case creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND || r.FormValue("edit") == "":
		err = s.DB.Apply(r.Context(), a)
	case err == nil:
		a.ID = existing.ID
		err = s.DB.UpdateApplication(r.Context(), a)
	}
	if code := creatorclub.ErrorCode(err); code == creatorclub.EINVALID || code == creatorclub.ECONFLICT || code == creatorclub.ENOTFOUND {
		s.callPage(w, r, errorStatus(code), c, form, s.message(r, creatorclub.ErrorMessage(err)))
		return
	} else if err != nil {
		s.serverError(w, r, err)
		return
	}
	if a.CreatedAt.Equal(a.UpdatedAt) {
		s.flash(r, "committee_applied")
	} else {
		s.flash(r, "committee_application_saved")
	}
	http.Redirect(w, r, fmt.Sprintf("/comite/appels/%d", c.ID), http.StatusSeeOther)
}

// handleCommitteePrefs saves a committee member's choices: appear on the
// public list, receive mail about documents and replies.
func (s *Server) handleCommitteePrefs(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	if !u.Committee {
		s.renderError(w, r, http.StatusForbidden, s.t(r, "committee_space_forbidden"))
		return
	}
	if err := s.DB.SetCommitteePrefs(r.Context(), u.ID, r.FormValue("public") == "on", r.FormValue("notices") == "on"); err != nil {
		s.Error(w, r, err)
		return
	}
	s.flash(r, "committee_prefs_saved")
	http.Redirect(w, r, "/comite", http.StatusSeeOther)
}

// Committee space.

// committeeMeetings returns the committee's meetings: upcoming first (by
// date), then the past ones, latest first.
func (s *Server) committeeMeetings(r *http.Request) (upcoming, past []*creatorclub.Event, err error) {
	now := s.DB.Now()
	statuses := []creatorclub.EventStatus{creatorclub.EventPublished, creatorclub.EventCancelled, creatorclub.EventDone}
	upcoming, err = s.DB.ListEvents(r.Context(), creatorclub.EventFilter{From: now, Audiences: []creatorclub.Audience{creatorclub.AudienceCommittee},
		Statuses: statuses, Limit: 20})
	if err != nil {
		return nil, nil, err
	}
	past, err = s.DB.ListEvents(r.Context(), creatorclub.EventFilter{To: now, Audiences: []creatorclub.Audience{creatorclub.AudienceCommittee},
		Statuses: statuses, Limit: 20, Desc: true})
	if err != nil {
		return nil, nil, err
	}
	// An event under way is in both lists (it ends after now): keep it upcoming.
	var done []*creatorclub.Event
	for _, e := range past {
		if !e.EndsAt.After(now) {
			done = append(done, e)
		}
	}
	return upcoming, done, nil
}

type documentForm struct {
	Title, Description string
	MeetingID          int64
}

func (s *Server) spacePage(w http.ResponseWriter, r *http.Request, status int, form *documentForm, errMsg string) {
	ctx := r.Context()
	upcoming, past, err := s.committeeMeetings(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	docs, err := s.DB.ListDocuments(ctx, 0, 100)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	members, err := s.DB.ListTerms(ctx, true, false)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if form == nil {
		form = &documentForm{}
	}
	s.render(w, r, status, "committee_space", "committee_space_title", map[string]any{"Upcoming": upcoming, "Past": past,
		"Documents": docs, "Members": members, "Form": form, "Error": errMsg, "Zone": userFrom(ctx).Zone(),
		"Staff": userFrom(ctx).Role.IsStaff(), "CanCreateMeeting": canManageEvent(userFrom(ctx), &creatorclub.Event{})})
}

func (s *Server) handleCommitteeSpace(w http.ResponseWriter, r *http.Request) {
	if !s.committeeSpace(w, r) {
		return
	}
	s.spacePage(w, r, http.StatusOK, nil, "")
}

// saveUpload stores the "file" of a multipart form with the committee's
// limits; on error it returns the message to show and the status.
func (s *Server) saveUpload(w http.ResponseWriter, r *http.Request) (*files.Stored, int, string, error) {
	return s.saveFormFile(w, r, committeeDocumentLimits, s.t(r, "committee_file_too_large"), s.t(r, "committee_file_type"))
}

// handleUploadDocument adds a document to the committee space and tells
// the committee by mail (those who want it) and in-app.
func (s *Server) handleUploadDocument(w http.ResponseWriter, r *http.Request) {
	if !s.committeeSpace(w, r) {
		return
	}
	u := userFrom(r.Context())
	stored, status, msg, err := s.saveUpload(w, r)
	form := &documentForm{Title: r.FormValue("title"), Description: r.FormValue("description")}
	form.MeetingID, _ = strconv.ParseInt(r.FormValue("meeting"), 10, 64)
	if err != nil {
		s.serverError(w, r, err)
		return
	} else if msg != "" {
		s.spacePage(w, r, status, form, msg)
		return
	}
	d := &creatorclub.CommitteeDocument{Title: form.Title, Description: form.Description, MeetingID: form.MeetingID, CreatedBy: u.ID}
	v := &creatorclub.DocumentVersion{Name: stored.Name, ContentType: stored.ContentType, Size: stored.Size, Key: stored.Key, SHA256: stored.SHA256,
		UploadedBy: u.ID, UploaderName: u.Name()}
	err = s.DB.CreateDocument(r.Context(), d, v, func(tx *sql.Tx) error { return s.tellCommitteeDocument(r, tx, d, v) })
	if err != nil {
		s.Files.Delete(stored.Key)
		if creatorclub.ErrorCode(err) == creatorclub.EINVALID {
			s.spacePage(w, r, http.StatusBadRequest, form, s.message(r, creatorclub.ErrorMessage(err)))
			return
		}
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "committee_document_added")
	http.Redirect(w, r, fmt.Sprintf("/comite/documents/%d", d.ID), http.StatusSeeOther)
}

// tellCommitteeDocument notifies the committee of a new document or version, in tx.
func (s *Server) tellCommitteeDocument(r *http.Request, tx *sql.Tx, d *creatorclub.CommitteeDocument, v *creatorclub.DocumentVersion) error {
	ctx := r.Context()
	author := userFrom(ctx)
	ids, err := s.DB.CommitteeMemberIDs(ctx, tx)
	if err != nil {
		return err
	}
	link := fmt.Sprintf("/comite/documents/%d", d.ID)
	for _, id := range ids {
		if id == author.ID {
			continue
		}
		if err := s.DB.Notify(ctx, tx, id, "committee", d.Title, link); err != nil {
			return err
		}
	}
	users, err := s.DB.CommitteeRecipients(ctx, tx, author.ID)
	if err != nil {
		return err
	}
	for _, m := range users {
		msg, err := s.notify.CommitteeDocument(m, d, v, author.Name())
		if err != nil {
			return err
		}
		if err := s.Mailer.EnqueueMail(ctx, tx, msg); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) documentFromPath(w http.ResponseWriter, r *http.Request) *creatorclub.CommitteeDocument {
	if !s.committeeSpace(w, r) {
		return nil
	}
	id, ok := s.pathID(w, r, "doc")
	if !ok {
		return nil
	}
	d, err := s.DB.FindDocument(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return nil
	}
	return d
}

func (s *Server) documentPage(w http.ResponseWriter, r *http.Request, status int, d *creatorclub.CommitteeDocument, errMsg, post string) {
	versions, err := s.DB.ListVersions(r.Context(), d.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	posts, err := s.DB.ListPosts(r.Context(), creatorclub.ThreadDocument, d.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var meeting *creatorclub.Event
	if d.MeetingID != 0 {
		if meeting, err = s.DB.FindEvent(r.Context(), d.MeetingID); err != nil {
			meeting = nil
		}
	}
	s.render(w, r, status, "committee_document", "committee_document_title", map[string]any{"Document": d, "Versions": versions,
		"Posts": posts, "Meeting": meeting, "Error": errMsg, "Post": post, "Zone": userFrom(r.Context()).Zone()})
}

func (s *Server) handleDocument(w http.ResponseWriter, r *http.Request) {
	if d := s.documentFromPath(w, r); d != nil {
		s.documentPage(w, r, http.StatusOK, d, "", "")
	}
}

// handleReplaceDocument uploads a new version of a document; the earlier
// ones stay in its history.
func (s *Server) handleReplaceDocument(w http.ResponseWriter, r *http.Request) {
	d := s.documentFromPath(w, r)
	if d == nil {
		return
	}
	u := userFrom(r.Context())
	stored, status, msg, err := s.saveUpload(w, r)
	if err != nil {
		s.serverError(w, r, err)
		return
	} else if msg != "" {
		s.documentPage(w, r, status, d, msg, "")
		return
	}
	v := &creatorclub.DocumentVersion{DocumentID: d.ID, Name: stored.Name, ContentType: stored.ContentType, Size: stored.Size, Key: stored.Key,
		SHA256: stored.SHA256, Note: r.FormValue("note"), UploadedBy: u.ID, UploaderName: u.Name()}
	if err := s.DB.AddDocumentVersion(r.Context(), v, func(tx *sql.Tx) error { return s.tellCommitteeDocument(r, tx, d, v) }); err != nil {
		s.Files.Delete(stored.Key)
		if creatorclub.ErrorCode(err) == creatorclub.EINVALID {
			s.documentPage(w, r, http.StatusBadRequest, d, s.message(r, creatorclub.ErrorMessage(err)), "")
			return
		}
		s.Error(w, r, err)
		return
	}
	s.flash(r, "committee_version_added")
	http.Redirect(w, r, fmt.Sprintf("/comite/documents/%d", d.ID), http.StatusSeeOther)
}

// handleDocumentFile sends one version of a document, as an attachment.
func (s *Server) handleDocumentFile(w http.ResponseWriter, r *http.Request) {
	d := s.documentFromPath(w, r)
	if d == nil {
		return
	}
	vid, ok := s.pathID(w, r, "ver")
	if !ok {
		return
	}
	v, err := s.DB.FindVersion(r.Context(), d.ID, vid)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f, err := s.Files.Open(v.Key)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", v.ContentType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(v.Name))
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Header().Set("Cache-Control", "private, no-store")
	http.ServeContent(w, r, "", v.CreatedAt, f)
}

// addPost adds a message to a thread and tells the committee; it returns
// the message to show when the input is refused.
func (s *Server) addPost(r *http.Request, kind string, threadID int64, title, link string) (string, error) {
	u := userFrom(r.Context())
	p := &creatorclub.CommitteePost{ThreadKind: kind, ThreadID: threadID, AuthorID: u.ID, AuthorName: u.Name(), Body: r.FormValue("body")}
	err := s.DB.AddPost(r.Context(), p, func(tx *sql.Tx) error {
		ids, err := s.DB.CommitteeMemberIDs(r.Context(), tx)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if id != u.ID {
				if err := s.DB.Notify(r.Context(), tx, id, "committee", title, link); err != nil {
					return err
				}
			}
		}
		users, err := s.DB.CommitteeRecipients(r.Context(), tx, u.ID)
		if err != nil {
			return err
		}
		for _, m := range users {
			msg, err := s.notify.CommitteeReply(m, title, link, p)
			if err != nil {
				return err
			}
			if err := s.Mailer.EnqueueMail(r.Context(), tx, msg); err != nil {
				return err
			}
		}
		return nil
	})
	if creatorclub.ErrorCode(err) == creatorclub.EINVALID {
		return s.message(r, creatorclub.ErrorMessage(err)), nil
	}
	return "", err
}

func (s *Server) handleDocumentPost(w http.ResponseWriter, r *http.Request) {
	d := s.documentFromPath(w, r)
	if d == nil {
		return
	}
	link := fmt.Sprintf("/comite/documents/%d", d.ID)
	msg, err := s.addPost(r, creatorclub.ThreadDocument, d.ID, d.Title, link)
	if err != nil {
		s.serverError(w, r, err)
		return
	} else if msg != "" {
		s.documentPage(w, r, http.StatusBadRequest, d, msg, r.FormValue("body"))
		return
	}
	s.flash(r, "committee_post_added")
	http.Redirect(w, r, link+"#discussion", http.StatusSeeOther)
}

// meetingFromPath loads a committee meeting: an event of the committee
// audience (any other event is not found here).
func (s *Server) meetingFromPath(w http.ResponseWriter, r *http.Request) *creatorclub.Event {
	if !s.committeeSpace(w, r) {
		return nil
	}
	id, ok := s.pathID(w, r, "meeting")
	if !ok {
		return nil
	}
	ev, err := s.DB.FindEvent(r.Context(), id)
	if creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND || (err == nil && (ev.Audience != creatorclub.AudienceCommittee || ev.Status == creatorclub.EventDraft)) {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return nil
	} else if err != nil {
		s.serverError(w, r, err)
		return nil
	}
	return ev
}

func (s *Server) meetingPage(w http.ResponseWriter, r *http.Request, status int, ev *creatorclub.Event, errMsg, post string) {
	posts, err := s.DB.ListPosts(r.Context(), creatorclub.ThreadMeeting, ev.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	docs, err := s.DB.ListDocuments(r.Context(), ev.ID, 100)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, status, "committee_meeting", "committee_meeting_title", map[string]any{"Event": ev, "Posts": posts, "Documents": docs,
		"Error": errMsg, "Post": post, "Zone": userFrom(r.Context()).Zone()})
}

func (s *Server) handleMeetingThread(w http.ResponseWriter, r *http.Request) {
	if ev := s.meetingFromPath(w, r); ev != nil {
		s.meetingPage(w, r, http.StatusOK, ev, "", "")
	}
}

func (s *Server) handleMeetingPost(w http.ResponseWriter, r *http.Request) {
	ev := s.meetingFromPath(w, r)
	if ev == nil {
		return
	}
	link := fmt.Sprintf("/comite/reunions/%d", ev.ID)
	msg, err := s.addPost(r, creatorclub.ThreadMeeting, ev.ID, ev.Title, link)
	if err != nil {
		s.serverError(w, r, err)
		return
	} else if msg != "" {
		s.meetingPage(w, r, http.StatusBadRequest, ev, msg, r.FormValue("body"))
		return
	}
	s.flash(r, "committee_post_added")
	http.Redirect(w, r, link+"#discussion", http.StatusSeeOther)
}

// Staff pages.

func (s *Server) handleManageCommittee(w http.ResponseWriter, r *http.Request) {
	calls, err := s.DB.ListCalls(r.Context(), false)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	terms, err := s.DB.ListTerms(r.Context(), false, false)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	now := s.DB.Now()
	var current, ended []*creatorclub.CommitteeTerm
	for _, t := range terms {
		if t.ActiveOn(now) || (t.EndedAt == nil && t.StartsOn.After(now)) {
			current = append(current, t)
		} else {
			ended = append(ended, t)
		}
	}
	s.render(w, r, http.StatusOK, "committee_manage", "committee_manage_title", map[string]any{"Calls": calls, "Current": current, "Ended": ended})
}

// callForm holds the call form's fields as typed.
type callForm struct {
	ID                                int64
	Title, Description, Opens, Closes string
	Seats, TermMonths                 string
}

func (s *Server) callFormPage(w http.ResponseWriter, r *http.Request, status int, f callForm, errMsg string) {
	s.render(w, r, status, "committee_call_form", "committee_call_form_title", map[string]any{"Form": f, "Error": errMsg})
}

func (s *Server) handleNewCallForm(w http.ResponseWriter, r *http.Request) {
	now := s.DB.Now().In(Paris)
	s.callFormPage(w, r, http.StatusOK, callForm{Opens: now.Format(localLayout), Closes: now.AddDate(0, 1, 0).Format(localLayout), Seats: "12", TermMonths: "24"}, "")
}

func (s *Server) handleManageCall(w http.ResponseWriter, r *http.Request) {
	c := s.callFromPath(w, r)
	if c == nil {
		return
	}
	apps, err := s.DB.ListApplications(r.Context(), c.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f := callForm{ID: c.ID, Title: c.Title, Description: c.Description, Opens: c.OpensAt.In(Paris).Format(localLayout),
		Closes: c.ClosesAt.In(Paris).Format(localLayout), Seats: strconv.Itoa(c.Seats), TermMonths: strconv.Itoa(c.TermMonths)}
	s.render(w, r, http.StatusOK, "committee_call_manage", "committee_call_manage_title", map[string]any{"Call": c, "Applications": apps, "Form": f})
}

// handleSaveCall creates or updates a call for applications.
func (s *Server) handleSaveCall(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	f := callForm{Title: r.FormValue("title"), Description: r.FormValue("description"), Opens: r.FormValue("opens_at"),
		Closes: r.FormValue("closes_at"), Seats: r.FormValue("seats"), TermMonths: r.FormValue("term_months")}
	c := &creatorclub.CommitteeCall{Title: f.Title, Description: f.Description, CreatedBy: u.ID}
	if r.PathValue("call") != "" {
		old := s.callFromPath(w, r)
		if old == nil {
			return
		}
		c.ID, f.ID = old.ID, old.ID
	}
	var err1, err2, err3, err4 error
	c.OpensAt, err1 = parseDateTimeInput(f.Opens, Paris)
	c.ClosesAt, err2 = parseDateTimeInput(f.Closes, Paris)
	c.Seats, err3 = strconv.Atoi(strings.TrimSpace(f.Seats))
	c.TermMonths, err4 = strconv.Atoi(strings.TrimSpace(f.TermMonths))
	var err error
	switch {
	case err1 != nil || err2 != nil:
		err = creatorclub.Errorf(creatorclub.EINVALID, "committee_call_dates_invalid")
	case err3 != nil:
		err = creatorclub.Errorf(creatorclub.EINVALID, "committee_call_seats_invalid")
	case err4 != nil:
		err = creatorclub.Errorf(creatorclub.EINVALID, "committee_call_term_invalid")
	default:
		err = s.DB.SaveCall(r.Context(), c, func(tx *sql.Tx, ch *sqldb.CommitteeChange) error { return s.tellPromoted(r, tx, ch) })
	}
	if creatorclub.ErrorCode(err) == creatorclub.EINVALID {
		s.callFormPage(w, r, http.StatusBadRequest, f, s.message(r, creatorclub.ErrorMessage(err)))
		return
	} else if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.audit(r, u, creatorclub.AuditCommitteeCall, "committee_call", c.ID, fmt.Sprintf("seats=%d", c.Seats)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "committee_call_saved")
	http.Redirect(w, r, fmt.Sprintf("/gestion/comite/appels/%d", c.ID), http.StatusSeeOther)
}

// tellPromoted mails the members the waiting list gave a seat to, in tx.
func (s *Server) tellPromoted(r *http.Request, tx *sql.Tx, ch *sqldb.CommitteeChange) error {
	return jobs.TellPromoted(r.Context(), tx, s.DB, s.notify, s.Mailer, ch)
}

func (s *Server) applicationFromPath(w http.ResponseWriter, r *http.Request) (*creatorclub.CommitteeApplication, *creatorclub.CommitteeCall) {
	id, ok := s.pathID(w, r, "app")
	if !ok {
		return nil, nil
	}
	a, err := s.DB.FindApplication(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return nil, nil
	}
	c, err := s.DB.FindCall(r.Context(), a.CallID)
	if err != nil {
		s.Error(w, r, err)
		return nil, nil
	}
	return a, c
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request, status int, a *creatorclub.CommitteeApplication, c *creatorclub.CommitteeCall, errMsg string) {
	applicant, err := s.DB.FindUserByID(r.Context(), a.UserID)
	if err != nil && creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
		s.serverError(w, r, err)
		return
	}
	reviews, err := s.DB.ListReviews(r.Context(), a.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var mine *creatorclub.CommitteeReview
	for _, rv := range reviews {
		if rv.ReviewerID == userFrom(r.Context()).ID {
			mine = rv
		}
	}
	s.render(w, r, status, "committee_review", "committee_review_title", map[string]any{"Application": a, "Call": c, "Applicant": applicant,
		"Reviews": reviews, "Mine": mine, "Error": errMsg, "Decidable": a.Status == creatorclub.ApplicationSubmitted || a.Status == creatorclub.ApplicationWaitlisted})
}

// handleReviewApplication shows an application to staff; viewing a member's
// application (conflicts of interest) is written to the audit log.
func (s *Server) handleReviewApplication(w http.ResponseWriter, r *http.Request) {
	a, c := s.applicationFromPath(w, r)
	if a == nil {
		return
	}
	if err := s.audit(r, nil, creatorclub.AuditCommitteeView, "committee_application", a.ID, ""); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.reviewPage(w, r, http.StatusOK, a, c, "")
}

func (s *Server) handleSaveReview(w http.ResponseWriter, r *http.Request) {
	a, c := s.applicationFromPath(w, r)
	if a == nil {
		return
	}
	u := userFrom(r.Context())
	score, _ := strconv.Atoi(r.FormValue("score"))
	rv := &creatorclub.CommitteeReview{ApplicationID: a.ID, ReviewerID: u.ID, Score: score, Comment: r.FormValue("comment")}
	if err := s.DB.SaveReview(r.Context(), rv); creatorclub.ErrorCode(err) == creatorclub.EINVALID {
		s.reviewPage(w, r, http.StatusBadRequest, a, c, s.message(r, creatorclub.ErrorMessage(err)))
		return
	} else if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.audit(r, u, creatorclub.AuditCommitteeReview, "committee_application", a.ID, fmt.Sprintf("score=%d", score)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "committee_review_saved")
	http.Redirect(w, r, fmt.Sprintf("/gestion/comite/candidatures/%d", a.ID), http.StatusSeeOther)
}

// handleDecide accepts, waitlists or declines an application and mails the
// applicant the decision with the staff's message, in one transaction.
func (s *Server) handleDecide(w http.ResponseWriter, r *http.Request) {
	a, c := s.applicationFromPath(w, r)
	if a == nil {
		return
	}
	u := userFrom(r.Context())
	status := r.FormValue("decision")
	_, err := s.DB.DecideApplication(r.Context(), a.ID, status, r.FormValue("message"), u.ID, func(tx *sql.Tx, ch *sqldb.CommitteeChange) error {
		applicant, err := s.DB.FindUserTx(r.Context(), tx, a.UserID)
		if creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		msg, err := s.notify.CommitteeDecision(applicant, c, ch.Application, ch.Term)
		if err != nil {
			return err
		}
		if err := s.Mailer.EnqueueMail(r.Context(), tx, msg); err != nil {
			return err
		}
		link := fmt.Sprintf("/comite/appels/%d", c.ID)
		if status == creatorclub.ApplicationAccepted {
			link = "/comite/espace"
		}
		return s.DB.Notify(r.Context(), tx, applicant.ID, "committee", "notif_committee_decision", link)
	})
	if code := creatorclub.ErrorCode(err); code == creatorclub.EINVALID || code == creatorclub.ECONFLICT {
		s.reviewPage(w, r, errorStatus(code), a, c, s.message(r, creatorclub.ErrorMessage(err)))
		return
	} else if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.audit(r, u, creatorclub.AuditCommitteeDecision, "committee_application", a.ID, "decision="+status); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "committee_decided")
	http.Redirect(w, r, fmt.Sprintf("/gestion/comite/appels/%d", c.ID), http.StatusSeeOther)
}

func (s *Server) termFromPath(w http.ResponseWriter, r *http.Request) *creatorclub.CommitteeTerm {
	id, ok := s.pathID(w, r, "term")
	if !ok {
		return nil
	}
	t, err := s.DB.FindTerm(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return nil
	}
	return t
}

func (s *Server) handleEndTerm(w http.ResponseWriter, r *http.Request) {
	t := s.termFromPath(w, r)
	if t == nil {
		return
	}
	reason := r.FormValue("reason")
	if _, err := s.DB.EndTerm(r.Context(), t.ID, reason, func(tx *sql.Tx, ch *sqldb.CommitteeChange) error { return s.tellPromoted(r, tx, ch) }); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.audit(r, nil, creatorclub.AuditCommitteeTerm, "committee_term", t.ID, "end="+reason); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "committee_term_ended")
	http.Redirect(w, r, "/gestion/comite", http.StatusSeeOther)
}

func (s *Server) handleRenewTerm(w http.ResponseWriter, r *http.Request) {
	t := s.termFromPath(w, r)
	if t == nil {
		return
	}
	months, _ := strconv.Atoi(r.FormValue("months"))
	next, err := s.DB.RenewTerm(r.Context(), t.ID, months)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.audit(r, nil, creatorclub.AuditCommitteeTerm, "committee_term", next.ID, fmt.Sprintf("renewal_of=%d months=%d", t.ID, months)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "committee_term_renewed")
	http.Redirect(w, r, "/gestion/comite", http.StatusSeeOther)
}

func (s *Server) handleTermRole(w http.ResponseWriter, r *http.Request) {
	t := s.termFromPath(w, r)
	if t == nil {
		return
	}
	role := r.FormValue("role")
	if err := s.DB.SetTermRole(r.Context(), t.ID, role); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.audit(r, nil, creatorclub.AuditCommitteeTerm, "committee_term", t.ID, "role="+role); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "committee_role_saved")
	http.Redirect(w, r, "/gestion/comite", http.StatusSeeOther)
}

// handleRenewalForm edits the renewal procedure sent with the certification
// expiry reminders.
func (s *Server) handleRenewalForm(w http.ResponseWriter, r *http.Request) {
	text, err := s.DB.RenewalProcedure(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "committee_renewal", "renewal_title", map[string]any{"Text": text})
}

func (s *Server) handleRenewalSave(w http.ResponseWriter, r *http.Request) {
	text := r.FormValue("text")
	if err := s.DB.SetRenewalProcedure(r.Context(), text); creatorclub.ErrorCode(err) == creatorclub.EINVALID {
		s.render(w, r, http.StatusBadRequest, "committee_renewal", "renewal_title", map[string]any{"Text": text, "Error": s.message(r, creatorclub.ErrorMessage(err))})
		return
	} else if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.audit(r, nil, creatorclub.AuditRenewalProcedure, "setting", "cert_renewal_procedure", ""); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "renewal_saved")
	http.Redirect(w, r, "/admin/renouvellement", http.StatusSeeOther)
}

// addCommitteeExport adds to a member's data export their applications to
// the committee, their terms and their notifications.
func (s *Server) addCommitteeExport(r *http.Request, export map[string]any) error {
	u := userFrom(r.Context())
	apps, err := s.DB.ListApplicationsOf(r.Context(), u.ID)
	if err != nil {
		return err
	}
	type application struct {
		Call            int64      `json:"call_id"`
		Motivation      string     `json:"motivation"`
		Platforms       []string   `json:"platforms"`
		AudienceSize    int        `json:"audience_size"`
		Conflicts       string     `json:"conflicts_of_interest"`
		Status          string     `json:"status"`
		DecisionMessage string     `json:"decision_message,omitempty"`
		DecidedAt       *time.Time `json:"decided_at,omitempty"`
		CreatedAt       time.Time  `json:"created_at"`
	}
	out := []application{}
	for _, a := range apps {
		out = append(out, application{a.CallID, a.Motivation, a.Platforms, a.AudienceSize, a.Conflicts, a.Status, a.DecisionMessage, a.DecidedAt, a.CreatedAt})
	}
	notes, err := s.DB.ListNotifications(r.Context(), u.ID, false, 200)
	if err != nil {
		return err
	}
	export["committee_applications"], export["notifications"] = out, notes
	return nil
}
