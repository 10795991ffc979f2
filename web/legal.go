package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	gfeeds "github.com/gorilla/feeds"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/feeds"
)

// The legal watch is public: it summarises public texts, and an Atom feed
// must be readable without signing in. Managing it is for moderators and
// admins.

const legalPerPage = 20

func (s *Server) handleLegalFeed(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := creatorclub.LegalFilter{Topic: q.Get("theme"), Important: q.Get("important") == "1", Query: q.Get("q"),
		Statuses: []string{creatorclub.LegalPublished}, Limit: legalPerPage}
	if f.Topic != "" && !creatorclub.IsLegalTopic(f.Topic) {
		f.Topic = ""
	}
	page := pageParam(r)
	f.Offset = (page - 1) * legalPerPage
	items, total, err := s.DB.ListLegalItems(r.Context(), f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "legal", "legal_title", map[string]any{"Items": items, "Filter": f, "Pager": newPager(r, page, legalPerPage, total)})
}

func (s *Server) legalFromPath(w http.ResponseWriter, r *http.Request, published bool) *creatorclub.LegalItem {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return nil
	}
	it, err := s.DB.FindLegalItem(r.Context(), id)
	if err != nil || (published && it.Status != creatorclub.LegalPublished) {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return nil
	}
	return it
}

func (s *Server) handleLegalItem(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	staff := u != nil && (u.Role == creatorclub.RoleModerator || u.Role == creatorclub.RoleAdmin)
	it := s.legalFromPath(w, r, !staff)
	if it == nil {
		return
	}
	s.render(w, r, http.StatusOK, "legal_item", "legal_title", map[string]any{"Item": it, "Summary": s.markdown.Render(it.Summary), "Staff": staff})
}

// handleLegalAtom is the legal watch as an Atom feed (gorilla/feeds).
func (s *Server) handleLegalAtom(w http.ResponseWriter, r *http.Request) {
	items, _, err := s.DB.ListLegalItems(r.Context(), creatorclub.LegalFilter{Statuses: []string{creatorclub.LegalPublished}, Limit: 50})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	feed := &gfeeds.Feed{Title: s.Config.ClubName + " — " + s.t(r, "legal_title"), Link: &gfeeds.Link{Href: s.Config.BaseURL + "/veille"},
		Description: s.t(r, "legal_intro"), Author: &gfeeds.Author{Name: s.Config.OrgName}, Id: s.Config.BaseURL + "/veille", Updated: s.DB.Now()}
	for _, it := range items {
		updated := it.UpdatedAt
		if it.PublishedAt != nil {
			feed.Created = maxTime(feed.Created, *it.PublishedAt)
		}
		feed.Items = append(feed.Items, &gfeeds.Item{Title: it.Title, Link: &gfeeds.Link{Href: fmt.Sprintf("%s/veille/%d", s.Config.BaseURL, it.ID)},
			Source: &gfeeds.Link{Href: it.SourceURL}, Id: fmt.Sprintf("%s/veille/%d", s.Config.BaseURL, it.ID),
			Description: string(s.markdown.Render(it.Summary)), Created: it.PublishedOn, Updated: updated})
	}
	atom, err := feed.ToAtom()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Write([]byte(atom))
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func (s *Server) handleManageLegal(w http.ResponseWriter, r *http.Request) {
	items, _, err := s.DB.ListLegalItems(r.Context(), creatorclub.LegalFilter{Limit: 200})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	pending, err := s.DB.ListImports(r.Context(), creatorclub.ImportPending, 500)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "manage_legal", "manage_legal_title", map[string]any{"Items": items, "Pending": len(pending)})
}

// legalForm is the editor's state.
type legalForm struct {
	Item        *creatorclub.LegalItem
	PublishedOn string
	EffectiveOn string
	ImportID    int64
	Error       string
}

func newLegalForm(it *creatorclub.LegalItem) *legalForm {
	f := &legalForm{Item: it}
	if !it.PublishedOn.IsZero() {
		f.PublishedOn = it.PublishedOn.Format("2006-01-02")
	}
	if it.EffectiveOn != nil {
		f.EffectiveOn = it.EffectiveOn.Format("2006-01-02")
	}
	return f
}

func (s *Server) handleNewLegalForm(w http.ResponseWriter, r *http.Request) {
	it := &creatorclub.LegalItem{Status: creatorclub.LegalDraft, PublishedOn: s.DB.Now()}
	s.render(w, r, http.StatusOK, "legal_form", "legal_new_title", newLegalForm(it))
}

func (s *Server) handleEditLegalForm(w http.ResponseWriter, r *http.Request) {
	it := s.legalFromPath(w, r, false)
	if it == nil {
		return
	}
	s.render(w, r, http.StatusOK, "legal_form", "legal_edit_title", newLegalForm(it))
}

// handleSaveLegal creates or updates an item; publishing an important item
// sends the alert to subscribed members, once, in the same transaction.
func (s *Server) handleSaveLegal(w http.ResponseWriter, r *http.Request) {
	it := &creatorclub.LegalItem{CreatedBy: userFrom(r.Context()).ID}
	title := "legal_new_title"
	if r.PathValue("id") != "" {
		if it = s.legalFromPath(w, r, false); it == nil {
			return
		}
		title = "legal_edit_title"
	}
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, s.t(r, "error_bad_form"))
		return
	}
	it.Title, it.Summary, it.SourceURL = r.FormValue("title"), strings.ReplaceAll(r.FormValue("summary"), "\r\n", "\n"), r.FormValue("source_url")
	it.Topics, it.Important, it.Status = r.Form["topics"], r.FormValue("important") == "on", r.FormValue("status")
	form := &legalForm{Item: it, PublishedOn: r.FormValue("published_on"), EffectiveOn: r.FormValue("effective_on")}
	form.ImportID, _ = strconv.ParseInt(r.FormValue("import_id"), 10, 64)
	var err error
	if it.PublishedOn, err = parseDateInput(form.PublishedOn, time.UTC); err != nil {
		err = creatorclub.Errorf(creatorclub.EINVALID, "legal_date_required")
	}
	it.EffectiveOn = nil
	if err == nil && strings.TrimSpace(form.EffectiveOn) != "" {
		d, perr := parseDateInput(form.EffectiveOn, time.UTC)
		if perr != nil {
			err = creatorclub.Errorf(creatorclub.EINVALID, "legal_effective_invalid")
		}
		it.EffectiveOn = &d
	}
	if err == nil {
		err = s.DB.SaveLegalItem(r.Context(), it, func(tx *sql.Tx, it *creatorclub.LegalItem, alert bool) error {
			if !alert {
				return nil
			}
			return s.sendLegalAlert(r.Context(), tx, it)
		})
	}
	if err != nil {
		if creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			s.Error(w, r, err)
			return
		}
		form.Error = s.message(r, creatorclub.ErrorMessage(err))
		s.render(w, r, http.StatusBadRequest, "legal_form", title, form)
		return
	}
	if form.ImportID != 0 {
		if err := s.DB.ReviewImport(r.Context(), form.ImportID, creatorclub.ImportAccepted, it.ID, userFrom(r.Context()).ID); err != nil && creatorclub.ErrorCode(err) != creatorclub.ECONFLICT {
			s.serverError(w, r, err)
			return
		}
	}
	if err := s.audit(r, nil, "legal.save", "legal_item", it.ID, fmt.Sprintf("status=%s important=%t", it.Status, it.Important)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "legal_saved")
	http.Redirect(w, r, fmt.Sprintf("/gestion/veille/%d", it.ID), http.StatusSeeOther)
}

// sendLegalAlert queues the alert for every subscribed member in tx.
func (s *Server) sendLegalAlert(ctx context.Context, tx *sql.Tx, it *creatorclub.LegalItem) error {
	users, err := s.DB.AlertRecipients(ctx, tx)
	if err != nil {
		return err
	}
	for _, u := range users {
		link, err := s.unsubscribeURL(ctx, u.ID, creatorclub.ListLegalAlerts)
		if err != nil {
			return err
		}
		msg, err := s.notify.LegalAlert(u, it, link)
		if err != nil {
			return err
		}
		if err := s.Mailer.EnqueueMail(ctx, tx, msg); err != nil {
			return err
		}
	}
	return nil
}

// handleImportQueue shows the entries fetched from external feeds, waiting
// for a moderator.
func (s *Server) handleImportQueue(w http.ResponseWriter, r *http.Request) {
	pending, err := s.DB.ListImports(r.Context(), creatorclub.ImportPending, 200)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "legal_imports", "legal_imports_title", map[string]any{"Pending": pending, "Feeds": s.Config.LegalFeeds})
}

// handleAcceptImport opens the editor prefilled from an imported entry; the
// entry is marked accepted when the item is saved.
func (s *Server) handleAcceptImport(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("iid"), 10, 64)
	imp, err := s.DB.FindImport(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if imp.Status != creatorclub.ImportPending {
		s.renderError(w, r, http.StatusConflict, s.t(r, "import_already_reviewed"))
		return
	}
	it := &creatorclub.LegalItem{Title: imp.Title, Summary: imp.Summary, SourceURL: imp.Link, PublishedOn: imp.PublishedAt, Status: creatorclub.LegalDraft}
	form := newLegalForm(it)
	form.ImportID = imp.ID
	s.render(w, r, http.StatusOK, "legal_form", "legal_new_title", form)
}

func (s *Server) handleDiscardImport(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("iid"), 10, 64)
	if err := s.DB.ReviewImport(r.Context(), id, creatorclub.ImportDiscarded, 0, userFrom(r.Context()).ID); err != nil {
		s.Error(w, r, err)
		return
	}
	s.flash(r, "import_discarded")
	http.Redirect(w, r, "/gestion/veille/import", http.StatusSeeOther)
}

// handlePollFeeds fetches the configured feeds now.
func (s *Server) handlePollFeeds(w http.ResponseWriter, r *http.Request) {
	report := PollLegalFeeds(r.Context(), s.DB, s.Config.LegalFeeds, s.Config.FeedClient)
	s.render(w, r, http.StatusOK, "legal_imports", "legal_imports_title", map[string]any{"Report": report, "Feeds": s.Config.LegalFeeds,
		"Pending": mustImports(r.Context(), s)})
}

func mustImports(ctx context.Context, s *Server) []*creatorclub.ImportedItem {
	p, _ := s.DB.ListImports(ctx, creatorclub.ImportPending, 200)
	return p
}

// FeedReport is what polling one feed gave.
type FeedReport struct {
	URL      string
	New      int
	Problems []feeds.Problem
	Err      string
}

// PollLegalFeeds fetches each feed and queues its new entries for review.
// A feed that fails is reported and does not stop the others.
func PollLegalFeeds(ctx context.Context, db interface {
	AddImportedItems(ctx context.Context, feedURL string, items []creatorclub.ImportedItem) (int, error)
}, urls []string, client *http.Client) []FeedReport {
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	var out []FeedReport
	for _, u := range urls {
		rep := FeedReport{URL: u}
		items, problems, err := feeds.Fetch(ctx, client, u)
		rep.Problems = problems
		if err != nil {
			rep.Err = err.Error()
			out = append(out, rep)
			continue
		}
		var queued []creatorclub.ImportedItem
		for _, it := range items {
			queued = append(queued, creatorclub.ImportedItem{GUID: it.GUID, Title: it.Title, Summary: it.Summary, Link: it.Link, PublishedAt: it.PublishedAt})
		}
		if rep.New, err = db.AddImportedItems(ctx, u, queued); err != nil {
			rep.Err = err.Error()
		}
		out = append(out, rep)
	}
	return out
}

// unsubscribeURL returns a member's signed link to leave a list. It needs no
// sign-in: the signature is the credential.
func (s *Server) unsubscribeURL(_ context.Context, userID int64, list string) (string, error) {
	key := s.signingKey
	payload := fmt.Sprintf("%d.%s", userID, list)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("unsubscribe:" + payload))
	sig := base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:18])
	return s.Config.BaseURL + "/desabonnement/" + base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + sig, nil
}

// parseUnsubscribe checks a token and returns its member and list.
func (s *Server) parseUnsubscribe(ctx context.Context, token string) (int64, string, bool) {
	enc, sig, ok := strings.Cut(token, ".")
	if !ok {
		return 0, "", false
	}
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		return 0, "", false
	}
	idStr, list, ok := strings.Cut(string(raw), ".")
	id, err := strconv.ParseInt(idStr, 10, 64)
	if !ok || err != nil {
		return 0, "", false
	}
	want, err := s.unsubscribeURL(ctx, id, list)
	if err != nil || !hmac.Equal([]byte(want[strings.LastIndex(want, ".")+1:]), []byte(sig)) {
		return 0, "", false
	}
	return id, list, true
}

// handleUnsubscribePage asks a person to confirm (a GET never changes
// anything: mail scanners open links).
func (s *Server) handleUnsubscribePage(w http.ResponseWriter, r *http.Request) {
	_, list, ok := s.parseUnsubscribe(r.Context(), r.PathValue("token"))
	if !ok {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "unsubscribe_invalid"))
		return
	}
	s.render(w, r, http.StatusOK, "unsubscribe", "unsubscribe_title", map[string]any{"List": list, "Token": r.PathValue("token")})
}

// handleUnsubscribe leaves the list: the one-click POST from a mail provider
// (RFC 8058) or the confirmation button.
func (s *Server) handleUnsubscribe(w http.ResponseWriter, r *http.Request) {
	id, list, ok := s.parseUnsubscribe(r.Context(), r.PathValue("token"))
	if !ok {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "unsubscribe_invalid"))
		return
	}
	if err := s.DB.SetListSubscription(r.Context(), id, list, false); err != nil && creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "unsubscribe", "unsubscribe_title", map[string]any{"List": list, "Done": true})
}

// UnsubscribeURLForTest exposes a member's signed unsubscribe link to tests
// outside the package.
func (s *Server) UnsubscribeURLForTest(userID int64, list string) string {
	u, _ := s.unsubscribeURL(context.Background(), userID, list)
	return u
}
