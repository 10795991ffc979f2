package web

import (
	"fmt"
	"net/http"
	"sort"
	"time"

	"github.com/creatorclub/creatorclub"
)

// homeRoutes are the member home's and the notification centre's routes
// (GET /accueil itself is listed with the user's own pages in routes.go).
func (s *Server) homeRoutes() []route {
	return []route{
		{"GET", "/notifications", signedIn, s.handleNotifications},
		{"POST", "/notifications/tout-lire", signedIn, s.handleReadAllNotifications},
		{"POST", "/notifications/{notif}/ouvrir", signedIn, s.handleOpenNotification},
		{"POST", "/accueil/veille-vue", signedIn, s.handleLegalSeen},
	}
}

// Urgency of a home item, most urgent first.
const (
	urgencyNow   = iota // happening now or overdue
	urgencySoon         // within a day, or a deadline within a week
	urgencyWeek         // within a week, or a deadline within a month
	urgencyLater        // further away
	urgencyNews         // news: nothing to do by a date
)

// homeItem is one line of the member's home: something that matters now,
// linking to its page.
type homeItem struct {
	Kind    string    // names the source, and the label shown (home_kind_<Kind>)
	Title   string    // the thing's own title
	Lang    string    // the language Title is written in when the club knows it (a course's), else ""
	Detail  string    // a translated line under the title, may be empty
	Link    string    // a local path
	At      time.Time // when it happens or is due; zero when not dated
	Urgency int
}

// homeSource produces the home items of one feature for the user. A new
// feature adds its items with one function here and one line in
// homeSources (mandatory courses with their due dates, the status of help
// requests…).
type homeSource func(r *http.Request, u *creatorclub.User, now time.Time) ([]homeItem, error)

// homeSources lists the sources of the home page.
func (s *Server) homeSources() []homeSource {
	return []homeSource{
		s.homeCertification,
		s.homeEvents,
		s.homeQuestionBoxes,
		s.homeCommittee,
		s.homeCommitteeCalls,
		s.homeLegalWatch,
		s.homeCourses,
		s.homeHelpRequests,
	}
}

// urgencyAt ranks something happening or due at at, seen at now.
func urgencyAt(at, now time.Time) int {
	switch d := at.Sub(now); {
	case d <= 0:
		return urgencyNow
	case d <= 24*time.Hour:
		return urgencySoon
	case d <= 7*24*time.Hour:
		return urgencyWeek
	}
	return urgencyLater
}

// sortHome orders items by urgency, then by date (undated last), then title.
func sortHome(items []homeItem) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.Urgency != b.Urgency {
			return a.Urgency < b.Urgency
		}
		if a.At.IsZero() != b.At.IsZero() {
			return !a.At.IsZero()
		}
		if !a.At.Equal(b.At) {
			if a.Urgency == urgencyNews {
				return a.At.After(b.At) // news: newest first
			}
			return a.At.Before(b.At)
		}
		return a.Title < b.Title
	})
}

// homeCertification warns about a certification expiring within 60 days.
func (s *Server) homeCertification(r *http.Request, u *creatorclub.User, now time.Time) ([]homeItem, error) {
	if u.Cert == nil || u.Role != creatorclub.RoleMember {
		return nil, nil
	}
	days := daysLeft(u.Cert.ExpiresOn, now)
	if days > creatorclub.CertReminderDays[0] {
		return nil, nil
	}
	urgency := urgencyLater
	switch {
	case days <= 7:
		urgency = urgencySoon
	case days <= 30:
		urgency = urgencyWeek
	}
	return []homeItem{{Kind: "certification", Title: s.t(r, "home_cert_item", "Count", days),
		Detail: s.t(r, "home_cert_valid_until", "Date", formatDate(localeFrom(r.Context()), u.Cert.ExpiresOn)),
		Link:   "/accueil#certification", At: u.Cert.ExpiresOn, Urgency: urgency}}, nil
}

func daysLeft(expires, now time.Time) int {
	y, m, d := now.UTC().Date()
	return int(expires.Sub(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// homeEvents lists the events the user registered for (a speaker: their
// talks) that have not ended.
func (s *Server) homeEvents(r *http.Request, u *creatorclub.User, now time.Time) ([]homeItem, error) {
	f := creatorclub.EventFilter{From: now, Limit: 10, Statuses: []creatorclub.EventStatus{creatorclub.EventPublished, creatorclub.EventCancelled}}
	if u.Role == creatorclub.RoleSpeaker {
		f.SpeakerID = u.ID
	} else {
		f.RegisteredUserID = u.ID
	}
	events, err := s.DB.ListEvents(r.Context(), f)
	if err != nil {
		return nil, err
	}
	var items []homeItem
	for _, e := range events {
		it := homeItem{Kind: "event", Title: e.Title, Link: fmt.Sprintf("/evenements/%d", e.ID), At: e.StartsAt, Urgency: urgencyAt(e.StartsAt, now)}
		switch {
		case e.Status == creatorclub.EventCancelled:
			it.Kind, it.Urgency = "event_cancelled", urgencyNews
		case e.JoinOpen(now):
			it.Kind, it.Urgency = "event_live", urgencyNow
		}
		items = append(items, it)
	}
	return items, nil
}

// homeQuestionBoxes lists the open question boxes of the events under way
// that the user may see.
func (s *Server) homeQuestionBoxes(r *http.Request, u *creatorclub.User, now time.Time) ([]homeItem, error) {
	events, err := s.DB.ListEvents(r.Context(), creatorclub.EventFilter{From: now, To: now.Add(time.Minute),
		Statuses: []creatorclub.EventStatus{creatorclub.EventPublished}, Audiences: visibleAudiences(u), Limit: 20})
	if err != nil {
		return nil, err
	}
	var items []homeItem
	for _, e := range events {
		if !canSeeQuestions(u, e) {
			continue
		}
		boxes, err := s.DB.ListBoxes(r.Context(), e.ID)
		if err != nil {
			return nil, err
		}
		for _, b := range boxes {
			if b.OpenAt(now, e.EndsAt) {
				items = append(items, homeItem{Kind: "question_box", Title: e.Title, Link: fmt.Sprintf("/evenements/%d/questions", e.ID),
					At: e.StartsAt, Urgency: urgencyNow})
				break
			}
		}
	}
	return items, nil
}

// homeLegalWatch lists the legal watch items published since the user last
// marked them seen (at most 30 days back).
func (s *Server) homeLegalWatch(r *http.Request, u *creatorclub.User, now time.Time) ([]homeItem, error) {
	seen, err := s.DB.LegalSeenAt(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	if month := now.AddDate(0, 0, -30); seen.Before(month) {
		seen = month
	}
	list, _, err := s.DB.ListLegalItems(r.Context(), creatorclub.LegalFilter{Statuses: []string{creatorclub.LegalPublished}, Limit: 20})
	if err != nil {
		return nil, err
	}
	var items []homeItem
	for _, it := range list {
		if it.PublishedAt == nil || !it.PublishedAt.After(seen) {
			continue
		}
		kind := "legal"
		if it.Important {
			kind = "legal_important"
		}
		items = append(items, homeItem{Kind: kind, Title: it.Title, Link: fmt.Sprintf("/veille/%d", it.ID), At: *it.PublishedAt, Urgency: urgencyNews})
	}
	return items, nil
}

// homeCommittee shows committee members (and staff) the next committee
// meeting and the documents changed in the last two weeks.
func (s *Server) homeCommittee(r *http.Request, u *creatorclub.User, now time.Time) ([]homeItem, error) {
	if !canUseCommitteeSpace(u) {
		return nil, nil
	}
	next, err := s.DB.ListEvents(r.Context(), creatorclub.EventFilter{From: now, Audiences: []creatorclub.Audience{creatorclub.AudienceCommittee},
		Statuses: []creatorclub.EventStatus{creatorclub.EventPublished}, Limit: 1})
	if err != nil {
		return nil, err
	}
	var items []homeItem
	for _, e := range next {
		items = append(items, homeItem{Kind: "committee_meeting", Title: e.Title, Link: fmt.Sprintf("/comite/reunions/%d", e.ID),
			At: e.StartsAt, Urgency: urgencyAt(e.StartsAt, now)})
	}
	docs, err := s.DB.ListDocuments(r.Context(), 0, 10)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		if d.UpdatedAt.Before(now.AddDate(0, 0, -14)) {
			break
		}
		items = append(items, homeItem{Kind: "committee_document", Title: d.Title, Link: fmt.Sprintf("/comite/documents/%d", d.ID),
			At: d.UpdatedAt, Urgency: urgencyNews})
	}
	return items, nil
}

// homeCommitteeCalls shows a member the open calls for applications and
// where their applications stand.
func (s *Server) homeCommitteeCalls(r *http.Request, u *creatorclub.User, now time.Time) ([]homeItem, error) {
	if u.Role != creatorclub.RoleMember {
		return nil, nil
	}
	calls, err := s.DB.ListCalls(r.Context(), true)
	if err != nil {
		return nil, err
	}
	apps, err := s.DB.ListApplicationsOf(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	applied := map[int64]*creatorclub.CommitteeApplication{}
	for _, a := range apps {
		applied[a.CallID] = a
	}
	var items []homeItem
	for _, c := range calls {
		if u.Committee && applied[c.ID] == nil {
			continue // already sitting: no need to advertise
		}
		it := homeItem{Kind: "committee_call", Title: c.Title, Link: fmt.Sprintf("/comite/appels/%d", c.ID), At: c.ClosesAt, Urgency: urgencyLater}
		if a := applied[c.ID]; a != nil {
			it.Kind = "committee_application_" + a.Status
		}
		if d := c.ClosesAt.Sub(now); d <= 3*24*time.Hour {
			it.Urgency = urgencyWeek
		}
		items = append(items, it)
	}
	for _, a := range apps {
		if containsCall(calls, a.CallID) {
			continue // listed above with its call
		}
		if a.Status != creatorclub.ApplicationSubmitted && a.Status != creatorclub.ApplicationWaitlisted {
			continue
		}
		c, err := s.DB.FindCall(r.Context(), a.CallID)
		if err != nil {
			return nil, err
		}
		items = append(items, homeItem{Kind: "committee_application_" + a.Status, Title: c.Title, Link: fmt.Sprintf("/comite/appels/%d", c.ID),
			Urgency: urgencyNews, At: a.UpdatedAt})
	}
	return items, nil
}

func containsCall(calls []*creatorclub.CommitteeCall, id int64) bool {
	for _, c := range calls {
		if c.ID == id {
			return true
		}
	}
	return false
}

// handleHome is the member's home: what matters now, most urgent first,
// then the notification centre's latest entries.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	now := s.DB.Now()
	var items []homeItem
	for _, src := range s.homeSources() {
		got, err := src(r, u, now)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		items = append(items, got...)
	}
	sortHome(items)
	notes, err := s.DB.ListNotifications(r.Context(), u.ID, false, 5)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := map[string]any{"Items": items, "Notifications": s.notificationViews(r, notes), "HasLegal": false}
	if err := s.addCourseDuties(r, u.ID, d); err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, it := range items {
		if it.Kind == "legal" || it.Kind == "legal_important" {
			d["HasLegal"] = true
		}
	}
	if u.Cert != nil {
		days := daysLeft(u.Cert.ExpiresOn, now)
		d["DaysLeft"], d["ExpiresSoon"] = days, days <= creatorclub.CertReminderDays[0]
		if days <= creatorclub.CertReminderDays[0] {
			text, err := s.DB.RenewalProcedure(r.Context())
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			d["Renewal"] = s.markdown.Render(text)
		}
	}
	s.render(w, r, http.StatusOK, "home", "home_title", d)
}

// notificationView is a notification with its title translated when it is
// a message id.
type notificationView struct {
	*creatorclub.Notification
	Text string
}

func (s *Server) notificationViews(r *http.Request, notes []*creatorclub.Notification) []notificationView {
	out := make([]notificationView, 0, len(notes))
	for _, n := range notes {
		out = append(out, notificationView{Notification: n, Text: s.message(r, n.Title)})
	}
	return out
}

// unreadCount returns the signed-in user's unread notifications for the
// header; a failure is logged and shows no count rather than failing the page.
func (s *Server) unreadCount(r *http.Request) int {
	u := userFrom(r.Context())
	if u == nil {
		return 0
	}
	n, err := s.DB.CountUnread(r.Context(), u.ID)
	if err != nil {
		s.Logger.Warn("unread notifications not counted", "user", u.ID, "err", err)
		return 0
	}
	return n
}

func (s *Server) handleNotifications(w http.ResponseWriter, r *http.Request) {
	notes, err := s.DB.ListNotifications(r.Context(), userFrom(r.Context()).ID, r.URL.Query().Get("non-lues") != "", 100)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "notifications", "notifications_title", map[string]any{"Notifications": s.notificationViews(r, notes),
		"UnreadOnly": r.URL.Query().Get("non-lues") != ""})
}

// handleOpenNotification marks a notification read and opens its page.
func (s *Server) handleOpenNotification(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r, "notif")
	if !ok {
		return
	}
	n, err := s.DB.MarkNotificationRead(r.Context(), userFrom(r.Context()).ID, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	link := localPath(n.Link)
	if link == "" {
		link = "/notifications"
	}
	http.Redirect(w, r, link, http.StatusSeeOther)
}

func (s *Server) handleReadAllNotifications(w http.ResponseWriter, r *http.Request) {
	if err := s.DB.MarkAllNotificationsRead(r.Context(), userFrom(r.Context()).ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "notifications_all_read")
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
}

func (s *Server) handleLegalSeen(w http.ResponseWriter, r *http.Request) {
	if err := s.DB.MarkLegalSeen(r.Context(), userFrom(r.Context()).ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/accueil", http.StatusSeeOther)
}
