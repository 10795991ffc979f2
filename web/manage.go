package web

import (
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/files"
	"github.com/creatorclub/creatorclub/ical"
	"github.com/creatorclub/creatorclub/room"
	"github.com/creatorclub/creatorclub/sqldb"
)

// slotRows is how many agenda rows the event form offers beyond the filled ones.
const slotRows = 3

// eventForm is the event editor's state: what was typed, so a refused form
// comes back as it was.
type eventForm struct {
	Event    *creatorclub.Event
	Start    string // datetime-local, in Event.TimeZone
	End      string
	Deadline string
	RRule    string
	CoOrgs   string
	RoomURL  string // external room URL
	Slots    []creatorclub.Slot
	New      bool
	Error    string
}

const localLayout = "2006-01-02T15:04"

func newEventForm(ev *creatorclub.Event, isNew bool) *eventForm {
	loc, err := time.LoadLocation(ev.TimeZone)
	if err != nil {
		loc = Paris
	}
	f := &eventForm{Event: ev, New: isNew, CoOrgs: strings.Join(ev.CoOrganisers, ", ")}
	if !ev.StartsAt.IsZero() {
		f.Start, f.End = ev.StartsAt.In(loc).Format(localLayout), ev.EndsAt.In(loc).Format(localLayout)
	}
	if ev.RegistrationDeadline != nil {
		f.Deadline = ev.RegistrationDeadline.In(loc).Format(localLayout)
	}
	if ev.RoomKind == creatorclub.RoomExternal {
		f.RoomURL = ev.Room
	}
	f.Slots = append(append([]creatorclub.Slot(nil), ev.Slots...), make([]creatorclub.Slot, slotRows)...)
	return f
}

// parseEventForm reads the editor into ev (a copy of the stored event, or a
// new one). Errors are message ids.
func parseEventForm(r *http.Request, ev *creatorclub.Event) (*eventForm, error) {
	f := &eventForm{Event: ev, Start: r.FormValue("starts_at"), End: r.FormValue("ends_at"), Deadline: r.FormValue("deadline"),
		RRule: strings.TrimSpace(r.FormValue("rrule")), CoOrgs: r.FormValue("co_organisers"), RoomURL: strings.TrimSpace(r.FormValue("room_url"))}
	ev.Kind = creatorclub.EventKind(r.FormValue("kind"))
	ev.Title = r.FormValue("title")
	ev.Description = strings.ReplaceAll(r.FormValue("description"), "\r\n", "\n")
	ev.Audience = creatorclub.Audience(r.FormValue("audience"))
	ev.TimeZone = r.FormValue("time_zone")
	ev.ReplayURL = strings.TrimSpace(r.FormValue("replay_url"))
	if st := creatorclub.EventStatus(r.FormValue("status")); st == creatorclub.EventDraft || st == creatorclub.EventPublished || st == creatorclub.EventDone {
		ev.Status = st
	} else if st != "" {
		return f, creatorclub.Errorf(creatorclub.EINVALID, "event_status_invalid")
	}
	ev.CoOrganisers = nil
	for _, o := range strings.Split(f.CoOrgs, ",") {
		if o = strings.TrimSpace(o); o != "" {
			ev.CoOrganisers = append(ev.CoOrganisers, o)
		}
	}
	capacity := strings.TrimSpace(r.FormValue("capacity"))
	ev.Capacity = 0
	if capacity != "" {
		n, err := strconv.Atoi(capacity)
		if err != nil {
			return f, creatorclub.Errorf(creatorclub.EINVALID, "event_capacity_invalid")
		}
		ev.Capacity = n
	}
	loc, err := time.LoadLocation(ev.TimeZone)
	if err != nil || ev.TimeZone == "" || ev.TimeZone == "Local" {
		return f, creatorclub.Errorf(creatorclub.EINVALID, "event_timezone_invalid")
	}
	parse := func(v string) (time.Time, error) { return parseDateTimeInput(v, loc) }
	if ev.StartsAt, err = parse(f.Start); err != nil {
		return f, creatorclub.Errorf(creatorclub.EINVALID, "event_times_required")
	}
	if ev.EndsAt, err = parse(f.End); err != nil {
		return f, creatorclub.Errorf(creatorclub.EINVALID, "event_times_required")
	}
	ev.RegistrationDeadline = nil
	if strings.TrimSpace(f.Deadline) != "" {
		d, err := parse(f.Deadline)
		if err != nil {
			return f, creatorclub.Errorf(creatorclub.EINVALID, "event_deadline_invalid")
		}
		ev.RegistrationDeadline = &d
	}
	switch kind := r.FormValue("room_kind"); kind {
	case creatorclub.RoomNone:
		ev.RoomKind, ev.Room = creatorclub.RoomNone, ""
	case creatorclub.RoomJitsi:
		if ev.RoomKind != creatorclub.RoomJitsi || ev.Room == "" {
			ev.Room = room.NewRoomName(ev.Title)
		}
		ev.RoomKind = creatorclub.RoomJitsi
	case creatorclub.RoomExternal:
		if err := room.ValidateExternalURL(f.RoomURL); err != nil {
			return f, creatorclub.Errorf(creatorclub.EINVALID, "event_room_url_invalid")
		}
		ev.RoomKind, ev.Room = creatorclub.RoomExternal, f.RoomURL
	default:
		return f, creatorclub.Errorf(creatorclub.EINVALID, "event_room_invalid")
	}
	if ev.ReplayURL != "" {
		if err := room.ValidateExternalURL(ev.ReplayURL); err != nil {
			return f, creatorclub.Errorf(creatorclub.EINVALID, "event_replay_invalid")
		}
	}
	// Agenda rows: empty rows are dropped; ids of existing speakers are kept.
	old := map[string]int64{}
	for _, s := range ev.Slots {
		if s.SpeakerEmail != "" {
			old[s.SpeakerEmail] = s.SpeakerID
		}
	}
	names, topics := r.Form["slot_name"], r.Form["slot_topic"]
	roles, orgs, emails, minutes := r.Form["slot_role"], r.Form["slot_org"], r.Form["slot_email"], r.Form["slot_minutes"]
	at := func(list []string, i int) string {
		if i < len(list) {
			return strings.TrimSpace(list[i])
		}
		return ""
	}
	ev.Slots = nil
	for i := range names {
		s := creatorclub.Slot{SpeakerName: at(names, i), Topic: at(topics, i), SpeakerRole: at(roles, i), SpeakerOrg: at(orgs, i),
			SpeakerEmail: creatorclub.NormalizeEmail(at(emails, i))}
		if s.SpeakerName == "" && s.Topic == "" && s.SpeakerEmail == "" {
			continue
		}
		if m := at(minutes, i); m != "" {
			n, err := strconv.Atoi(m)
			if err != nil {
				return f, creatorclub.Errorf(creatorclub.EINVALID, "slot_invalid")
			}
			s.Minutes = n
		}
		if s.SpeakerEmail != "" && !strings.Contains(s.SpeakerEmail, "@") {
			return f, creatorclub.Errorf(creatorclub.EINVALID, "slot_email_invalid")
		}
		s.SpeakerID = old[s.SpeakerEmail]
		ev.Slots = append(ev.Slots, s)
	}
	f.Slots = append(append([]creatorclub.Slot(nil), ev.Slots...), make([]creatorclub.Slot, slotRows)...)
	return f, nil
}

func (s *Server) handleManageEvents(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	events, err := s.DB.ListEvents(r.Context(), creatorclub.EventFilter{From: s.DB.Now().AddDate(0, -6, 0), Limit: 500})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var mine []*creatorclub.Event
	for _, e := range events {
		if canManageEvent(u, e) {
			mine = append(mine, e)
		}
	}
	s.render(w, r, http.StatusOK, "manage_events", "manage_events_title", map[string]any{"Events": mine, "CanCreate": u.Role.IsStaff() && u.Role != creatorclub.RoleSafety})
}

func (s *Server) handleNewEventForm(w http.ResponseWriter, r *http.Request) {
	loc := Paris
	start := s.DB.Now().In(loc).AddDate(0, 0, 14).Truncate(time.Hour)
	start = time.Date(start.Year(), start.Month(), start.Day(), 18, 30, 0, 0, loc)
	ev := &creatorclub.Event{Kind: creatorclub.KindMeeting, TimeZone: creatorclub.DefaultTimeZone, Audience: creatorclub.AudienceMembers,
		Status: creatorclub.EventDraft, StartsAt: start, EndsAt: start.Add(90 * time.Minute), RoomKind: creatorclub.RoomJitsi}
	s.render(w, r, http.StatusOK, "event_form", "event_new_title", map[string]any{"Form": newEventForm(ev, true), "Staff": true})
}

// handleCreateEvent creates an event, or a series of occurrences from an
// RRULE, inviting the speakers and scheduling reminders.
func (s *Server) handleCreateEvent(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	ev := &creatorclub.Event{CreatedBy: u.ID, Status: creatorclub.EventDraft}
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, s.t(r, "error_bad_form"))
		return
	}
	form, err := parseEventForm(r, ev)
	form.New = true
	if err == nil {
		err = ev.Validate()
	}
	var starts []time.Time
	if err == nil && form.RRule != "" {
		starts, err = ical.Occurrences(form.RRule, ev.StartsAt, ev.TimeZone)
		if err != nil {
			err = creatorclub.Errorf(creatorclub.EINVALID, "rrule_invalid")
		}
	}
	if err == nil {
		err = s.linkSpeakers(r, ev)
	}
	if err != nil {
		s.formError(w, r, form, err, "event_new_title")
		return
	}
	schedule := func(tx *sql.Tx, events []*creatorclub.Event) error {
		for _, e := range events {
			if err := s.Mailer.ScheduleReminders(r.Context(), tx, e, s.DB.Now()); err != nil {
				return err
			}
		}
		return nil
	}
	var created []*creatorclub.Event
	if starts != nil {
		created, err = s.DB.CreateEventSeries(r.Context(), ev, form.RRule, starts, schedule)
	} else {
		created = []*creatorclub.Event{ev}
		err = s.DB.CreateEvent(r.Context(), ev, func(tx *sql.Tx) error { return schedule(tx, created) })
	}
	if err != nil {
		s.formError(w, r, form, err, "event_new_title")
		return
	}
	if err := s.inviteSpeakers(r, created[0], nil); err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.audit(r, u, "event.create", "event", created[0].ID, fmt.Sprintf("title=%q occurrences=%d", ev.Title, len(created))); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "event_saved")
	http.Redirect(w, r, fmt.Sprintf("/gestion/evenements/%d", created[0].ID), http.StatusSeeOther)
}

func (s *Server) formError(w http.ResponseWriter, r *http.Request, form *eventForm, err error, title string) {
	if creatorclub.ErrorCode(err) != creatorclub.EINVALID {
		s.Error(w, r, err)
		return
	}
	form.Error = s.message(r, creatorclub.ErrorMessage(err))
	s.render(w, r, http.StatusBadRequest, "event_form", title, map[string]any{"Form": form, "Staff": userFrom(r.Context()).Role.IsStaff()})
}

// linkSpeakers gives every agenda row with an email a speaker account,
// creating one when the address is unknown.
func (s *Server) linkSpeakers(r *http.Request, ev *creatorclub.Event) error {
	for i := range ev.Slots {
		sl := &ev.Slots[i]
		if sl.SpeakerEmail == "" || sl.SpeakerID != 0 {
			continue
		}
		u, err := s.DB.FindUserByEmail(r.Context(), sl.SpeakerEmail)
		if creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND {
			first, last, _ := strings.Cut(sl.SpeakerName, " ")
			u = &creatorclub.User{Email: sl.SpeakerEmail, FirstName: first, LastName: last, Role: creatorclub.RoleSpeaker, Organisation: sl.SpeakerOrg}
			if err := s.DB.CreateUser(r.Context(), u); err != nil {
				return err
			}
			if err := s.audit(r, nil, creatorclub.AuditUserCreate, "user", u.ID, "speaker invited: "+u.Email); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		sl.SpeakerID = u.ID
	}
	return nil
}

// inviteSpeakers mails a sign-in link to each speaker newly on the agenda.
func (s *Server) inviteSpeakers(r *http.Request, ev *creatorclub.Event, before []creatorclub.Slot) error {
	had := map[int64]bool{}
	for _, sl := range before {
		had[sl.SpeakerID] = true
	}
	for _, sl := range ev.Slots {
		if sl.SpeakerID == 0 || had[sl.SpeakerID] {
			continue
		}
		had[sl.SpeakerID] = true
		u, err := s.DB.FindUserByID(r.Context(), sl.SpeakerID)
		if err != nil {
			return err
		}
		token, err := s.DB.CreateSignInToken(r.Context(), u.ID)
		if err != nil {
			return err
		}
		link := s.Config.BaseURL + "/connexion/lien?token=" + token + "&next=" + fmt.Sprintf("/evenements/%d", ev.ID)
		msg, err := s.notify.SpeakerInvited(u, ev, sl.Topic, link)
		if err != nil {
			return err
		}
		if err := s.Mailer.EnqueueMail(r.Context(), nil, msg); err != nil {
			return err
		}
	}
	return nil
}

// managedEvent loads {id} for the editor: staff, or a co-organising partner.
func (s *Server) managedEvent(w http.ResponseWriter, r *http.Request) *creatorclub.Event {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return nil
	}
	ev, err := s.DB.FindEvent(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return nil
	}
	if !canManageEvent(userFrom(r.Context()), ev) {
		s.renderError(w, r, http.StatusForbidden, s.t(r, "error_forbidden"))
		return nil
	}
	return ev
}

func (s *Server) handleEditEventForm(w http.ResponseWriter, r *http.Request) {
	ev := s.managedEvent(w, r)
	if ev == nil {
		return
	}
	materials, err := s.DB.ListMaterials(r.Context(), ev.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	form := newEventForm(ev, false)
	s.render(w, r, http.StatusOK, "event_form", "event_edit_title", map[string]any{"Form": form, "Materials": materials,
		"Staff": userFrom(r.Context()).Role.IsStaff()})
}

// handleUpdateEvent saves the editor; members are told of a change of time,
// room or status, reminders follow the event, and waitlisted members get the
// seats a larger capacity opens.
func (s *Server) handleUpdateEvent(w http.ResponseWriter, r *http.Request) {
	ev := s.managedEvent(w, r)
	if ev == nil {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, s.t(r, "error_bad_form"))
		return
	}
	before := append([]creatorclub.Slot(nil), ev.Slots...)
	edited := *ev
	edited.Slots = append([]creatorclub.Slot(nil), ev.Slots...)
	form, err := parseEventForm(r, &edited)
	if err == nil && ev.Status == creatorclub.EventCancelled {
		edited.Status = creatorclub.EventCancelled // a cancelled event stays cancelled
	}
	if err == nil {
		err = edited.Validate()
	}
	if err == nil {
		err = s.linkSpeakers(r, &edited)
	}
	if err != nil {
		s.formError(w, r, form, err, "event_edit_title")
		return
	}
	_, err = s.DB.UpdateEvent(r.Context(), &edited, func(tx *sql.Tx, ch *sqldb.EventChange) error { return s.afterEventChange(r, tx, ch) })
	if err != nil {
		s.formError(w, r, form, err, "event_edit_title")
		return
	}
	if err := s.inviteSpeakers(r, &edited, before); err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.audit(r, nil, "event.update", "event", ev.ID, fmt.Sprintf("title=%q status=%s", edited.Title, edited.Status)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "event_saved")
	http.Redirect(w, r, fmt.Sprintf("/gestion/evenements/%d", ev.ID), http.StatusSeeOther)
}

// afterEventChange queues, in the change's transaction, the notices for
// members and the reminders for the event as it now stands.
func (s *Server) afterEventChange(r *http.Request, tx *sql.Tx, ch *sqldb.EventChange) error {
	ev := ch.New
	if err := s.notifyPromoted(r, tx, ev.ID, ch.Promoted...); err != nil {
		return err
	}
	wasVisible := ch.Old.Status == creatorclub.EventPublished
	if ch.Notify && wasVisible {
		users, err := s.DB.SeatedUsers(r.Context(), tx, ev.ID)
		if err != nil {
			return err
		}
		for _, u := range users {
			method, compose := ical.MethodRequest, s.notify.Updated
			if ev.Status == creatorclub.EventCancelled {
				method, compose = ical.MethodCancel, s.notify.Cancelled
			}
			ics, err := s.eventICS(ev, method, u)
			if err != nil {
				return err
			}
			msg, err := compose(u, ev, ics)
			if err != nil {
				return err
			}
			if err := s.Mailer.EnqueueMail(r.Context(), tx, msg); err != nil {
				return err
			}
		}
	}
	if ch.Moved || (ev.Status == creatorclub.EventPublished && !wasVisible) {
		return s.Mailer.ScheduleReminders(r.Context(), tx, ev, s.DB.Now())
	}
	return nil
}

// handleCancelEvent cancels an event: registered members get a
// cancellation (METHOD:CANCEL) and no more reminders.
func (s *Server) handleCancelEvent(w http.ResponseWriter, r *http.Request) {
	ev := s.managedEvent(w, r)
	if ev == nil {
		return
	}
	if ev.Status == creatorclub.EventCancelled {
		s.renderError(w, r, http.StatusConflict, s.t(r, "event_already_cancelled"))
		return
	}
	edited := *ev
	edited.Status = creatorclub.EventCancelled
	if _, err := s.DB.UpdateEvent(r.Context(), &edited, func(tx *sql.Tx, ch *sqldb.EventChange) error { return s.afterEventChange(r, tx, ch) }); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.audit(r, nil, "event.cancel", "event", ev.ID, fmt.Sprintf("title=%q", ev.Title)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "event_cancelled")
	http.Redirect(w, r, fmt.Sprintf("/gestion/evenements/%d", ev.ID), http.StatusSeeOther)
}

// attendance counts an event's registrations.
type attendance struct {
	Registered, Waitlisted, Cancelled, Attended, NoShow int
}

func countAttendance(regs []*creatorclub.Registration, ended bool) attendance {
	var a attendance
	for _, r := range regs {
		switch r.Status {
		case creatorclub.RegRegistered:
			a.Registered++
			if r.AttendedAt != nil {
				a.Attended++
			} else if ended {
				a.NoShow++
			}
		case creatorclub.RegWaitlisted:
			a.Waitlisted++
		case creatorclub.RegCancelled:
			a.Cancelled++
		}
	}
	return a
}

// handleAttendees shows staff who registered, with attendance statistics.
func (s *Server) handleAttendees(w http.ResponseWriter, r *http.Request) {
	ev := s.managedEvent(w, r)
	if ev == nil {
		return
	}
	regs, err := s.DB.ListRegistrations(r.Context(), ev.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.audit(r, nil, "event.attendees_view", "event", ev.ID, ""); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "attendees", "attendees_title", map[string]any{"Event": ev, "Registrations": regs,
		"Stats": countAttendance(regs, !s.DB.Now().Before(ev.EndsAt))})
}

// handleAttendeesCSV exports the attendee list.
func (s *Server) handleAttendeesCSV(w http.ResponseWriter, r *http.Request) {
	ev := s.managedEvent(w, r)
	if ev == nil {
		return
	}
	regs, err := s.DB.ListRegistrations(r.Context(), ev.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.audit(r, nil, "event.attendees_export", "event", ev.ID, fmt.Sprintf("rows=%d", len(regs))); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="inscrits-evenement-%d.csv"`, ev.ID))
	w.Write([]byte("\uFEFF")) // lets spreadsheet software detect UTF-8
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.Write([]string{"statut", "position_attente", "prenom", "nom", "email", "certificat", "inscrit_le", "present_le"})
	for _, reg := range regs {
		var first, last, email, cert, attended string
		if reg.User != nil {
			first, last, email = reg.User.FirstName, reg.User.LastName, reg.User.Email
			if reg.User.Cert != nil {
				cert = reg.User.Cert.Number
			}
		}
		if reg.AttendedAt != nil {
			attended = reg.AttendedAt.Format(time.RFC3339)
		}
		pos := ""
		if reg.WaitlistPosition > 0 {
			pos = strconv.Itoa(reg.WaitlistPosition)
		}
		cw.Write([]string{string(reg.Status), pos, csvSafe(first), csvSafe(last), csvSafe(email), csvSafe(cert), reg.CreatedAt.Format(time.RFC3339), attended})
	}
	cw.Flush()
}

// csvSafe keeps spreadsheet software from reading a cell as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// saveMaterial stores the file of an upload form ("file") with the limits of
// materials; on a refused or missing file it answers and returns nil.
func (s *Server) saveMaterial(w http.ResponseWriter, r *http.Request) *files.Stored {
	lim := files.DefaultMaterialLimits
	stored, status, msg, err := s.saveFormFile(w, r, lim,
		s.t(r, "material_too_large", "MB", lim.MaxBytes>>20), s.t(r, "file_type_not_allowed"))
	if err != nil {
		s.serverError(w, r, err)
		return nil
	}
	if msg != "" {
		s.renderError(w, r, status, msg)
		return nil
	}
	return stored
}

// saveFormFile stores the "file" of a multipart form within lim. A file
// missing, larger than lim (whether the request's limit or the store's
// counting stops it) or of a type lim refuses stores nothing and returns
// the status and the message to show: tooLarge, badType, or the store's
// own; err is for failures that are not the file's fault.
func (s *Server) saveFormFile(w http.ResponseWriter, r *http.Request, lim files.Limits, tooLarge, badType string) (*files.Stored, int, string, error) {
	// The form's other fields and the multipart framing fit in 1 MB.
	r.Body = http.MaxBytesReader(w, r.Body, lim.MaxBytes+1<<20)
	file, header, err := r.FormFile("file")
	if err != nil {
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			return nil, http.StatusRequestEntityTooLarge, tooLarge, nil
		}
		return nil, http.StatusBadRequest, s.t(r, "material_no_file"), nil
	}
	defer file.Close()
	stored, err := s.Files.Save(r.Context(), header.Filename, file, lim)
	if err != nil {
		switch {
		case errors.Is(err, files.ErrTooLarge):
			return nil, http.StatusRequestEntityTooLarge, tooLarge, nil
		case errors.Is(err, files.ErrTypeNotAllowed):
			return nil, http.StatusBadRequest, badType, nil
		}
		var ce *creatorclub.Error
		if errors.As(err, &ce) {
			return nil, errorStatus(ce.Code), s.message(r, ce.Message), nil
		}
		return nil, 0, "", err
	}
	return stored, 0, "", nil
}

// handleUploadMaterial attaches a file to an event.
func (s *Server) handleUploadMaterial(w http.ResponseWriter, r *http.Request) {
	ev := s.managedEvent(w, r)
	if ev == nil {
		return
	}
	stored := s.saveMaterial(w, r)
	if stored == nil {
		return
	}
	m := &creatorclub.Material{EventID: ev.ID, Name: stored.Name, ContentType: stored.ContentType, Size: stored.Size, Key: stored.Key,
		SHA256: stored.SHA256, UploadedBy: userFrom(r.Context()).ID}
	if err := s.DB.AddMaterial(r.Context(), m); err != nil {
		s.Files.Delete(stored.Key)
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "material_added")
	http.Redirect(w, r, fmt.Sprintf("/gestion/evenements/%d", ev.ID), http.StatusSeeOther)
}

func (s *Server) handleDeleteMaterial(w http.ResponseWriter, r *http.Request) {
	ev := s.managedEvent(w, r)
	if ev == nil {
		return
	}
	mid, err := strconv.ParseInt(r.PathValue("mid"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound, s.t(r, "error_not_found"))
		return
	}
	m, err := s.DB.FindMaterial(r.Context(), ev.ID, mid)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.DB.DeleteMaterial(r.Context(), ev.ID, mid); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.Files.Delete(m.Key); err != nil {
		s.Logger.Warn("material file not removed", "key", m.Key, "err", err)
	}
	s.flash(r, "material_deleted")
	http.Redirect(w, r, fmt.Sprintf("/gestion/evenements/%d", ev.ID), http.StatusSeeOther)
}
