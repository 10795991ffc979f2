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
	"github.com/creatorclub/creatorclub/ical"
	"github.com/creatorclub/creatorclub/room"
)

// isSpeakerOf reports whether u has a slot in ev.
func isSpeakerOf(u *creatorclub.User, ev *creatorclub.Event) bool {
	if u == nil {
		return false
	}
	for _, s := range ev.Slots {
		if s.SpeakerID == u.ID {
			return true
		}
	}
	return false
}

// canManageEvent reports whether u may edit ev: staff, and partners whose
// organisation co-organises it.
func canManageEvent(u *creatorclub.User, ev *creatorclub.Event) bool {
	if u == nil {
		return false
	}
	if u.Role == creatorclub.RoleModerator || u.Role == creatorclub.RoleAdmin {
		return true
	}
	return u.Role == creatorclub.RolePartner && ev.CoOrganisedBy(u.Organisation)
}

// canSeeEvent reports whether u (nil for a visitor) may see ev's page.
func canSeeEvent(u *creatorclub.User, ev *creatorclub.Event) bool {
	if u != nil && (u.Role.IsStaff() || canManageEvent(u, ev) || isSpeakerOf(u, ev)) {
		return true
	}
	if ev.Status == creatorclub.EventDraft {
		return false
	}
	switch ev.Audience {
	case creatorclub.AudiencePublic:
		return true
	case creatorclub.AudienceMembers:
		return u != nil && u.Role == creatorclub.RoleMember
	case creatorclub.AudienceCommittee:
		// Committee meetings: the members sitting on the committee today
		// (staff and speakers are let in above).
		return u != nil && u.Role == creatorclub.RoleMember && u.Committee
	}
	return false
}

// visibleAudiences are the audiences whose published events u may list.
func visibleAudiences(u *creatorclub.User) []creatorclub.Audience {
	switch {
	case u == nil:
		return []creatorclub.Audience{creatorclub.AudiencePublic}
	case u.Role.IsStaff():
		return creatorclub.Audiences
	case u.Role == creatorclub.RoleMember && u.Committee:
		return []creatorclub.Audience{creatorclub.AudienceMembers, creatorclub.AudienceCommittee, creatorclub.AudiencePublic}
	case u.Role == creatorclub.RoleMember:
		return []creatorclub.Audience{creatorclub.AudienceMembers, creatorclub.AudiencePublic}
	}
	return []creatorclub.Audience{creatorclub.AudiencePublic}
}

func (s *Server) zoneOf(r *http.Request) *time.Location {
	loc, err := time.LoadLocation(userFrom(r.Context()).Zone())
	if err != nil {
		return Paris
	}
	return loc
}

// eventView is an event with what the page needs about the viewer.
type eventView struct {
	*creatorclub.Event
	Zone         string
	Registration *creatorclub.Registration
	CanRegister  bool
	CanJoin      bool
	JoinOpen     bool
	JoinSoon     bool
	CanManage    bool
	IsSpeaker    bool
	Past         bool
	Materials    []*creatorclub.Material
	ShowAfter    bool
}

func (s *Server) handleAgenda(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	now := s.DB.Now()
	f := creatorclub.EventFilter{From: now, Statuses: []creatorclub.EventStatus{creatorclub.EventPublished, creatorclub.EventCancelled},
		Audiences: visibleAudiences(u), Limit: 100}
	events, err := s.DB.ListEvents(r.Context(), f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	past, err := s.DB.ListEvents(r.Context(), creatorclub.EventFilter{To: now, Statuses: []creatorclub.EventStatus{creatorclub.EventPublished, creatorclub.EventDone},
		Audiences: visibleAudiences(u), Limit: 12, Desc: true})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var mine map[int64]*creatorclub.Registration
	if u != nil {
		mine = map[int64]*creatorclub.Registration{}
		for _, e := range events {
			if reg, err := s.DB.FindRegistration(r.Context(), e.ID, u.ID); err == nil && reg.Status != creatorclub.RegCancelled {
				mine[e.ID] = reg
			}
		}
	}
	s.render(w, r, http.StatusOK, "agenda", "agenda_title", map[string]any{"Events": events, "Past": past, "Mine": mine,
		"Zone": u.Zone(), "Month": now.In(s.zoneOf(r)).Format("2006-01")})
}

// monthDay is one cell of the month view.
type monthDay struct {
	Date    time.Time
	InMonth bool
	Today   bool
	Events  []*creatorclub.Event
}

func (s *Server) handleAgendaMonth(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	loc := s.zoneOf(r)
	now := s.DB.Now().In(loc)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc)
	if m := r.URL.Query().Get("m"); m != "" {
		t, err := time.ParseInLocation("2006-01", m, loc)
		if err != nil || t.Year() < 2000 || t.Year() > 2100 {
			s.renderError(w, r, http.StatusBadRequest, s.t(r, "agenda_month_invalid"))
			return
		}
		month = t
	}
	// Weeks start on Monday.
	start := month.AddDate(0, 0, -((int(month.Weekday()) + 6) % 7))
	end := month.AddDate(0, 1, 0)
	end = end.AddDate(0, 0, (7-int(end.Weekday()))%7+1)
	events, err := s.DB.ListEvents(r.Context(), creatorclub.EventFilter{From: start, To: end,
		Statuses: []creatorclub.EventStatus{creatorclub.EventPublished, creatorclub.EventCancelled, creatorclub.EventDone}, Audiences: visibleAudiences(u), Limit: 500})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var weeks [][]monthDay
	for d := start; d.Before(end); d = d.AddDate(0, 0, 7) {
		var week []monthDay
		for i := 0; i < 7; i++ {
			day := d.AddDate(0, 0, i)
			md := monthDay{Date: day, InMonth: day.Month() == month.Month(), Today: day.Format("2006-01-02") == now.Format("2006-01-02")}
			for _, e := range events {
				if e.StartsAt.In(loc).Format("2006-01-02") == day.Format("2006-01-02") {
					md.Events = append(md.Events, e)
				}
			}
			week = append(week, md)
		}
		weeks = append(weeks, week)
	}
	s.render(w, r, http.StatusOK, "agenda_month", "agenda_month_title", map[string]any{"Weeks": weeks, "Month": month, "Zone": u.Zone(),
		"Prev": month.AddDate(0, -1, 0).Format("2006-01"), "Next": month.AddDate(0, 1, 0).Format("2006-01")})
}

// eventFromPath loads the event of the {id} path value, answering 404 when
// it does not exist or u may not see it.
func (s *Server) eventFromPath(w http.ResponseWriter, r *http.Request) *creatorclub.Event {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return nil
	}
	ev, err := s.DB.FindEvent(r.Context(), id)
	if creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND || (err == nil && !canSeeEvent(userFrom(r.Context()), ev)) {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return nil
	} else if err != nil {
		s.serverError(w, r, err)
		return nil
	}
	return ev
}

func (s *Server) viewEvent(r *http.Request, ev *creatorclub.Event) (*eventView, error) {
	u := userFrom(r.Context())
	now := s.DB.Now()
	v := &eventView{Event: ev, Zone: u.Zone(), CanManage: canManageEvent(u, ev), IsSpeaker: isSpeakerOf(u, ev), Past: !now.Before(ev.EndsAt)}
	if u != nil && u.Role == creatorclub.RoleMember {
		reg, err := s.DB.FindRegistration(r.Context(), ev.ID, u.ID)
		if err == nil && reg.Status != creatorclub.RegCancelled {
			v.Registration = reg
		} else if err != nil && creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			return nil, err
		}
		v.CanRegister = v.Registration == nil && ev.RegistrationOpen(now)
	}
	seated := v.Registration != nil && v.Registration.Status == creatorclub.RegRegistered
	v.CanJoin = seated || v.IsSpeaker || (u != nil && u.Role.IsStaff())
	v.JoinOpen = ev.JoinOpen(now)
	v.JoinSoon = !v.JoinOpen && ev.Status == creatorclub.EventPublished && now.Before(ev.StartsAt)
	// Replays and materials: for staff and speakers at once, for members
	// once the event has started.
	v.ShowAfter = v.CanManage || v.IsSpeaker || (u != nil && u.Role.IsStaff()) || (u != nil && u.Role == creatorclub.RoleMember && !now.Before(ev.StartsAt))
	if v.ShowAfter {
		ms, err := s.DB.ListMaterials(r.Context(), ev.ID)
		if err != nil {
			return nil, err
		}
		v.Materials = ms
	}
	return v, nil
}

func (s *Server) handleEventPage(w http.ResponseWriter, r *http.Request) {
	ev := s.eventFromPath(w, r)
	if ev == nil {
		return
	}
	v, err := s.viewEvent(r, ev)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "event", "event_title", map[string]any{"Event": v, "Description": s.markdown.Render(ev.Description)})
}

// handleRegister registers the member, or puts them on the waitlist, and
// queues the confirmation in the same transaction.
func (s *Server) handleRegister(w http.ResponseWriter, r *http.Request) {
	ev := s.eventFromPath(w, r)
	if ev == nil {
		return
	}
	u := userFrom(r.Context())
	if u.Role != creatorclub.RoleMember {
		s.renderError(w, r, http.StatusForbidden, s.t(r, "event_members_only"))
		return
	}
	res, err := s.DB.RegisterForEvent(r.Context(), ev.ID, u.ID, func(tx *sql.Tx, res *creatorclub.RegistrationResult) error {
		fresh, err := s.DB.FindEventTx(r.Context(), tx, ev.ID)
		if err != nil {
			return err
		}
		ics, err := s.eventICS(fresh, ical.MethodRequest, u)
		if err != nil {
			return err
		}
		msg, err := s.notify.Registered(u, fresh, res.Registration, ics)
		if err != nil {
			return err
		}
		return s.Mailer.EnqueueMail(r.Context(), tx, msg)
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if res.Registration.Status == creatorclub.RegWaitlisted {
		s.flash(r, "event_waitlisted")
	} else {
		s.flash(r, "event_registered")
	}
	http.Redirect(w, r, fmt.Sprintf("/evenements/%d", ev.ID), http.StatusSeeOther)
}

func (s *Server) handleCancelRegistration(w http.ResponseWriter, r *http.Request) {
	ev := s.eventFromPath(w, r)
	if ev == nil {
		return
	}
	u := userFrom(r.Context())
	_, err := s.DB.CancelRegistration(r.Context(), ev.ID, u.ID, func(tx *sql.Tx, res *creatorclub.RegistrationResult) error {
		return s.notifyPromoted(r, tx, ev.ID, res.Promoted)
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.flash(r, "event_cancelled_registration")
	http.Redirect(w, r, fmt.Sprintf("/evenements/%d", ev.ID), http.StatusSeeOther)
}

// notifyPromoted tells promoted members they have a seat, in tx.
func (s *Server) notifyPromoted(r *http.Request, tx *sql.Tx, eventID int64, promoted ...*creatorclub.Registration) error {
	for _, p := range promoted {
		if p == nil {
			continue
		}
		ev, err := s.DB.FindEventTx(r.Context(), tx, eventID)
		if err != nil {
			return err
		}
		pu, err := s.DB.FindUserTx(r.Context(), tx, p.UserID)
		if creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		ics, err := s.eventICS(ev, ical.MethodRequest, pu)
		if err != nil {
			return err
		}
		msg, err := s.notify.Promoted(pu, ev, ics)
		if err != nil {
			return err
		}
		if err := s.Mailer.EnqueueMail(r.Context(), tx, msg); err != nil {
			return err
		}
	}
	return nil
}

// joinURL returns the room URL for u, or "" when the event has no room.
func (s *Server) joinURL(ev *creatorclub.Event, u *creatorclub.User) (string, error) {
	moderator := u.Role.IsStaff() || isSpeakerOf(u, ev)
	return s.Config.Rooms.JoinURL(ev.RoomKind, ev.Room, room.Participant{ID: u.ID, Name: u.Name(), Email: u.Email, Moderator: moderator}, s.DB.Now())
}

// handleJoin sends a registered member, a speaker or staff to the video room
// and records the member's attendance.
func (s *Server) handleJoin(w http.ResponseWriter, r *http.Request) {
	ev := s.eventFromPath(w, r)
	if ev == nil {
		return
	}
	v, err := s.viewEvent(r, ev)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !v.CanJoin {
		s.renderError(w, r, http.StatusForbidden, s.t(r, "event_join_not_registered"))
		return
	}
	if !v.JoinOpen {
		s.renderError(w, r, http.StatusConflict, s.t(r, "event_join_not_open"))
		return
	}
	s.redirectToRoom(w, r, ev, userFrom(r.Context()), v.Registration)
}

func (s *Server) redirectToRoom(w http.ResponseWriter, r *http.Request, ev *creatorclub.Event, u *creatorclub.User, reg *creatorclub.Registration) {
	target, err := s.joinURL(ev, u)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if reg != nil {
		if err := s.DB.MarkAttended(r.Context(), reg.ID); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// registrationFromToken resolves a personal join link.
func (s *Server) registrationFromToken(w http.ResponseWriter, r *http.Request) (*creatorclub.Registration, *creatorclub.Event, *creatorclub.User) {
	reg, err := s.DB.FindRegistrationByJoinToken(r.Context(), r.PathValue("token"))
	if err != nil {
		s.Error(w, r, err)
		return nil, nil, nil
	}
	ev, err := s.DB.FindEvent(r.Context(), reg.EventID)
	if err != nil {
		s.Error(w, r, err)
		return nil, nil, nil
	}
	u, err := s.DB.FindUserByID(r.Context(), reg.UserID)
	if err != nil {
		s.Error(w, r, err)
		return nil, nil, nil
	}
	return reg, ev, u
}

// handlePersonalJoinPage shows the personal join link's page; the room
// opens with a click (POST), which is when attendance is recorded.
func (s *Server) handlePersonalJoinPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	reg, ev, _ := s.registrationFromToken(w, r)
	if reg == nil {
		return
	}
	s.render(w, r, http.StatusOK, "join", "join_title", map[string]any{"Event": ev, "Registration": reg,
		"Open": ev.JoinOpen(s.DB.Now()), "Token": r.PathValue("token")})
}

func (s *Server) handlePersonalJoin(w http.ResponseWriter, r *http.Request) {
	reg, ev, u := s.registrationFromToken(w, r)
	if reg == nil {
		return
	}
	switch {
	case reg.Status != creatorclub.RegRegistered || !u.CanSignIn(s.DB.Now()):
		s.renderError(w, r, http.StatusForbidden, s.t(r, "event_join_not_registered"))
	case !ev.JoinOpen(s.DB.Now()):
		s.renderError(w, r, http.StatusConflict, s.t(r, "event_join_not_open"))
	default:
		s.redirectToRoom(w, r, ev, u, reg)
	}
}

// handleMaterial sends a file of an event to those who may see it.
func (s *Server) handleMaterial(w http.ResponseWriter, r *http.Request) {
	ev := s.eventFromPath(w, r)
	if ev == nil {
		return
	}
	v, err := s.viewEvent(r, ev)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	mid, err := strconv.ParseInt(r.PathValue("mid"), 10, 64)
	if err != nil || !v.ShowAfter {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	m, err := s.DB.FindMaterial(r.Context(), ev.ID, mid)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f, err := s.Files.Open(m.Key)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", m.ContentType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(m.Name))
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeContent(w, r, "", m.CreatedAt, f)
}

// eventICS returns an event as a calendar file for method ("" for a feed
// entry); attendee, if set, is the member the invitation is for.
func (s *Server) eventICS(ev *creatorclub.Event, method string, attendee *creatorclub.User) ([]byte, error) {
	cal := ical.Calendar{Method: method, TimeZone: ev.TimeZone, Stamp: s.DB.Now(), Events: []ical.Event{s.icalEvent(ev)}}
	if attendee != nil {
		cal.Events[0].Attendee = &ical.Attendee{Name: attendee.Name(), Email: attendee.Email}
	}
	if method == ical.MethodCancel {
		cal.Events[0].Cancelled = true
	}
	return cal.Bytes()
}

func (s *Server) icalEvent(ev *creatorclub.Event) ical.Event {
	host := strings.TrimPrefix(strings.TrimPrefix(originOf(s.Config.BaseURL), "https://"), "http://")
	var desc strings.Builder
	for _, sl := range ev.Slots {
		fmt.Fprintf(&desc, "• %s — %s", sl.SpeakerName, sl.Topic)
		if sl.Minutes > 0 {
			fmt.Fprintf(&desc, " (%d min)", sl.Minutes)
		}
		desc.WriteString("\n")
	}
	if desc.Len() > 0 {
		desc.WriteString("\n")
	}
	desc.WriteString(ev.Description)
	link := fmt.Sprintf("%s/evenements/%d", s.Config.BaseURL, ev.ID)
	desc.WriteString("\n\n" + link)
	e := ical.Event{UID: fmt.Sprintf("event-%d@%s", ev.ID, host), Sequence: ev.Sequence, Title: ev.Title, Description: desc.String(),
		Location: s.Config.ClubName + " — " + link, URL: link, Start: ev.StartsAt, End: ev.EndsAt,
		Cancelled: ev.Status == creatorclub.EventCancelled, Updated: ev.UpdatedAt}
	if s.Config.OrganizerEmail != "" {
		e.Organizer = ical.Organizer{Name: s.Config.ClubName, Email: s.Config.OrganizerEmail}
	}
	return e
}

func (s *Server) writeCalendar(w http.ResponseWriter, r *http.Request, name string, events []*creatorclub.Event) {
	cal := ical.Calendar{Name: name, TimeZone: creatorclub.DefaultTimeZone, Stamp: s.DB.Now()}
	for _, e := range events {
		cal.Events = append(cal.Events, s.icalEvent(e))
	}
	data, err := cal.Bytes()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Write(data)
}

func (s *Server) handleEventICS(w http.ResponseWriter, r *http.Request) {
	ev := s.eventFromPath(w, r)
	if ev == nil {
		return
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="evenement-%d.ics"`, ev.ID))
	s.writeCalendar(w, r, ev.Title, []*creatorclub.Event{ev})
}

// handlePublicFeed is the calendar of public announcements.
func (s *Server) handlePublicFeed(w http.ResponseWriter, r *http.Request) {
	events, err := s.DB.ListEvents(r.Context(), creatorclub.EventFilter{From: s.DB.Now().AddDate(0, -3, 0),
		Statuses:  []creatorclub.EventStatus{creatorclub.EventPublished, creatorclub.EventCancelled, creatorclub.EventDone},
		Audiences: []creatorclub.Audience{creatorclub.AudiencePublic}, Limit: 500})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.writeCalendar(w, r, s.Config.ClubName, events)
}

// handlePrivateFeed is a member's own calendar: every event they registered
// for. The unguessable token in the URL is the credential; resetting it
// revokes the old URL.
func (s *Server) handlePrivateFeed(w http.ResponseWriter, r *http.Request) {
	token := strings.TrimSuffix(r.PathValue("token"), ".ics")
	u, err := s.DB.FindUserByFeedToken(r.Context(), token)
	if err != nil || !u.CanSignIn(s.DB.Now()) {
		http.NotFound(w, r)
		return
	}
	f := creatorclub.EventFilter{From: s.DB.Now().AddDate(0, -3, 0), Limit: 500,
		Statuses: []creatorclub.EventStatus{creatorclub.EventPublished, creatorclub.EventCancelled, creatorclub.EventDone}}
	if u.Role == creatorclub.RoleSpeaker {
		f.SpeakerID = u.ID
	} else {
		f.RegisteredUserID = u.ID
	}
	events, err := s.DB.ListEvents(r.Context(), f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.writeCalendar(w, r, s.Config.ClubName, events)
}

func (s *Server) handleResetFeed(w http.ResponseWriter, r *http.Request) {
	if _, err := s.DB.ResetFeedToken(r.Context(), userFrom(r.Context()).ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "feed_reset")
	http.Redirect(w, r, "/compte", http.StatusSeeOther)
}
