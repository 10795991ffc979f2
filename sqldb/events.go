package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
)

const eventColumns = `e.id, COALESCE(e.series_id, 0), e.kind, e.title, e.description, e.starts_at, e.ends_at, e.time_zone,
	e.audience, e.capacity, e.status, e.registration_deadline, e.room_kind, e.room, e.replay_url, e.sequence,
	e.co_organisers, e.created_by, e.created_at, e.updated_at,
	(SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'registered'),
	(SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'waitlisted')`

func scanEvent(s rowScanner) (*creatorclub.Event, error) {
	var (
		e                      creatorclub.Event
		kind, audience, status string
		deadline               sql.NullTime
		coOrganisers           string
	)
	err := s.Scan(&e.ID, &e.SeriesID, &kind, &e.Title, &e.Description, &e.StartsAt, &e.EndsAt, &e.TimeZone,
		&audience, &e.Capacity, &status, &deadline, &e.RoomKind, &e.Room, &e.ReplayURL, &e.Sequence,
		&coOrganisers, &e.CreatedBy, &e.CreatedAt, &e.UpdatedAt, &e.Registered, &e.Waitlisted)
	if err != nil {
		return nil, err
	}
	e.Kind, e.Audience, e.Status = creatorclub.EventKind(kind), creatorclub.Audience(audience), creatorclub.EventStatus(status)
	e.StartsAt, e.EndsAt, e.CreatedAt, e.UpdatedAt = e.StartsAt.UTC(), e.EndsAt.UTC(), e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	e.RegistrationDeadline = nullTime(deadline)
	e.CoOrganisers = splitList(coOrganisers)
	e.Slots = []creatorclub.Slot{}
	return &e, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func utcPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return utc(*t)
}

// EventHook runs inside the transaction of a change, after it; an error
// rolls the change back. Callers use it to queue mail atomically.
type EventHook func(tx *sql.Tx) error

// CreateEvent inserts e and its slots and sets its ID.
func (db *DB) CreateEvent(ctx context.Context, e *creatorclub.Event, hook EventHook) error {
	if err := e.Validate(); err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		if err := db.insertEvent(ctx, tx, e); err != nil {
			return err
		}
		if hook != nil {
			return hook(tx)
		}
		return nil
	})
}

func (db *DB) insertEvent(ctx context.Context, tx *sql.Tx, e *creatorclub.Event) error {
	now := db.now()
	e.CreatedAt, e.UpdatedAt = now, now
	var series any
	if e.SeriesID != 0 {
		series = e.SeriesID
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO events (series_id, kind, title, description, starts_at, ends_at, time_zone, audience,
		capacity, status, registration_deadline, room_kind, room, replay_url, sequence, co_organisers, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id`,
		series, string(e.Kind), e.Title, e.Description, utc(e.StartsAt), utc(e.EndsAt), e.TimeZone, string(e.Audience),
		e.Capacity, string(e.Status), utcPtr(e.RegistrationDeadline), e.RoomKind, e.Room, e.ReplayURL, e.Sequence,
		strings.Join(e.CoOrganisers, "\n"), e.CreatedBy, now, now).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("sqldb: insert event: %w", err)
	}
	if err := replaceSlots(ctx, tx, e.ID, e.Slots); err != nil {
		return err
	}
	return ensureBoxes(ctx, tx, e.ID, e.Slots, now)
}

// replaceSlots writes the agenda. Rows keep their id by position, so that
// what hangs on a slot (its question box) stays with the talk in that place.
func replaceSlots(ctx context.Context, tx *sql.Tx, eventID int64, slots []creatorclub.Slot) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, position FROM event_slots WHERE event_id = $1 ORDER BY position`, eventID)
	if err != nil {
		return fmt.Errorf("sqldb: read slots: %w", err)
	}
	existing := map[int]int64{}
	for rows.Next() {
		var id int64
		var pos int
		if err := rows.Scan(&id, &pos); err != nil {
			rows.Close()
			return fmt.Errorf("sqldb: scan slot: %w", err)
		}
		existing[pos] = id
	}
	rows.Close()
	if _, err := tx.ExecContext(ctx, `DELETE FROM event_slots WHERE event_id = $1 AND position > $2`, eventID, len(slots)); err != nil {
		return fmt.Errorf("sqldb: trim slots: %w", err)
	}
	for i := range slots {
		s := &slots[i]
		s.EventID, s.Position = eventID, i+1
		var speaker any
		if s.SpeakerID != 0 {
			speaker = s.SpeakerID
		}
		if id, ok := existing[s.Position]; ok {
			s.ID = id
			_, err := tx.ExecContext(ctx, `UPDATE event_slots SET speaker_name = $1, speaker_role = $2, speaker_org = $3, speaker_email = $4,
				speaker_id = $5, topic = $6, minutes = $7 WHERE id = $8`,
				s.SpeakerName, s.SpeakerRole, s.SpeakerOrg, creatorclub.NormalizeEmail(s.SpeakerEmail), speaker, s.Topic, s.Minutes, id)
			if err != nil {
				return fmt.Errorf("sqldb: update slot: %w", err)
			}
			continue
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO event_slots (event_id, position, speaker_name, speaker_role, speaker_org, speaker_email,
			speaker_id, topic, minutes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			eventID, s.Position, s.SpeakerName, s.SpeakerRole, s.SpeakerOrg, creatorclub.NormalizeEmail(s.SpeakerEmail), speaker, s.Topic, s.Minutes).Scan(&s.ID)
		if err != nil {
			return fmt.Errorf("sqldb: insert slot: %w", err)
		}
	}
	return nil
}

// CreateEventSeries inserts one event per start in starts, copying first
// (its duration and deadline offset kept), all linked to a new series that
// records the rule. Each occurrence can then be changed on its own.
func (db *DB) CreateEventSeries(ctx context.Context, first *creatorclub.Event, rule string, starts []time.Time, hook func(tx *sql.Tx, events []*creatorclub.Event) error) ([]*creatorclub.Event, error) {
	if err := first.Validate(); err != nil {
		return nil, err
	}
	if len(starts) == 0 {
		return nil, creatorclub.Errorf(creatorclub.EINVALID, "rrule_invalid")
	}
	var out []*creatorclub.Event
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		var seriesID int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO event_series (rrule, created_at) VALUES ($1, $2) RETURNING id`, rule, db.now()).Scan(&seriesID); err != nil {
			return fmt.Errorf("sqldb: insert series: %w", err)
		}
		duration := first.EndsAt.Sub(first.StartsAt)
		for _, start := range starts {
			e := *first
			e.SeriesID = seriesID
			e.StartsAt, e.EndsAt = start, start.Add(duration)
			if first.RegistrationDeadline != nil {
				d := start.Add(first.RegistrationDeadline.Sub(first.StartsAt))
				e.RegistrationDeadline = &d
			}
			e.Slots = append([]creatorclub.Slot(nil), first.Slots...)
			if err := db.insertEvent(ctx, tx, &e); err != nil {
				return err
			}
			out = append(out, &e)
		}
		if hook != nil {
			return hook(tx, out)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindEvent returns the event with its slots, or ENOTFOUND.
func (db *DB) FindEvent(ctx context.Context, id int64) (*creatorclub.Event, error) {
	return findEvent(ctx, db.Read, id)
}

func findEvent(ctx context.Context, q queryer, id int64) (*creatorclub.Event, error) {
	e, err := scanEvent(queryRowOn(ctx, q, `SELECT `+eventColumns+` FROM events e WHERE e.id = $1`, id))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "event_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find event %d: %w", id, err)
	}
	if err := loadSlots(ctx, q, e); err != nil {
		return nil, err
	}
	return e, nil
}

func loadSlots(ctx context.Context, q queryer, events ...*creatorclub.Event) error {
	if len(events) == 0 {
		return nil
	}
	byID := map[int64]*creatorclub.Event{}
	marks := make([]string, 0, len(events))
	args := make([]any, 0, len(events))
	for i, e := range events {
		byID[e.ID] = e
		marks = append(marks, fmt.Sprintf("$%d", i+1))
		args = append(args, e.ID)
	}
	rows, err := queryOn(ctx, q, `SELECT id, event_id, position, speaker_name, speaker_role, speaker_org, speaker_email,
		COALESCE(speaker_id, 0), topic, minutes FROM event_slots WHERE event_id IN (`+strings.Join(marks, ",")+`) ORDER BY event_id, position`, args...)
	if err != nil {
		return fmt.Errorf("sqldb: load slots: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s creatorclub.Slot
		if err := rows.Scan(&s.ID, &s.EventID, &s.Position, &s.SpeakerName, &s.SpeakerRole, &s.SpeakerOrg, &s.SpeakerEmail,
			&s.SpeakerID, &s.Topic, &s.Minutes); err != nil {
			return fmt.Errorf("sqldb: scan slot: %w", err)
		}
		byID[s.EventID].Slots = append(byID[s.EventID].Slots, s)
	}
	return rows.Err()
}

// ListEvents returns the events matching f, by start time, with their slots.
func (db *DB) ListEvents(ctx context.Context, f creatorclub.EventFilter) ([]*creatorclub.Event, error) {
	var where []string
	var args []any
	add := func(cond string, v ...any) {
		marks := make([]any, len(v))
		for i, x := range v {
			args = append(args, x)
			marks[i] = len(args)
		}
		where = append(where, fmt.Sprintf(cond, marks...))
	}
	if !f.From.IsZero() {
		add("e.ends_at > $%d", utc(f.From))
	}
	if !f.To.IsZero() {
		add("e.starts_at < $%d", utc(f.To))
	}
	if len(f.Statuses) > 0 {
		var ph []string
		for _, s := range f.Statuses {
			args = append(args, string(s))
			ph = append(ph, fmt.Sprintf("$%d", len(args)))
		}
		where = append(where, "e.status IN ("+strings.Join(ph, ",")+")")
	}
	if len(f.Audiences) > 0 {
		var ph []string
		for _, a := range f.Audiences {
			args = append(args, string(a))
			ph = append(ph, fmt.Sprintf("$%d", len(args)))
		}
		where = append(where, "e.audience IN ("+strings.Join(ph, ",")+")")
	}
	if f.RegisteredUserID != 0 {
		add("EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.id AND r.user_id = $%d AND r.status IN ('registered', 'waitlisted'))", f.RegisteredUserID)
	}
	if f.SpeakerID != 0 {
		add("EXISTS (SELECT 1 FROM event_slots s WHERE s.event_id = e.id AND s.speaker_id = $%d)", f.SpeakerID)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	order := "e.starts_at, e.id"
	if f.Desc {
		order = "e.starts_at DESC, e.id DESC"
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	rows, err := db.Read.QueryContext(ctx, fmt.Sprintf(`SELECT %s FROM events e%s ORDER BY %s LIMIT %d OFFSET %d`,
		eventColumns, cond, order, limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list events: %w", err)
	}
	defer rows.Close()
	events := []*creatorclub.Event{}
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan event: %w", err)
		}
		events = append(events, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: list events: %w", err)
	}
	rows.Close()
	if err := loadSlots(ctx, db.Read, events...); err != nil {
		return nil, err
	}
	return events, nil
}

// EventChange says what an update changed, for notices and reminders.
type EventChange struct {
	Old, New *creatorclub.Event
	// Moved is true when the start or end changed.
	Moved bool
	// Notify is true when registered members should be told (time, room or
	// status changed); the sequence was then incremented.
	Notify bool
	// Promoted lists waitlisted registrations given a seat because the
	// capacity grew.
	Promoted []*creatorclub.Registration
}

// UpdateEvent saves e (found by e.ID). It refuses a capacity below the
// number of members already registered, increments the sequence when members
// must be told, and promotes waitlisted members if seats were added. hook
// runs in the same transaction with the change.
func (db *DB) UpdateEvent(ctx context.Context, e *creatorclub.Event, hook func(tx *sql.Tx, ch *EventChange) error) (*EventChange, error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	var ch *EventChange
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		if err := db.lockEvent(ctx, tx, e.ID); err != nil {
			return err
		}
		old, err := findEvent(ctx, tx, e.ID)
		if err != nil {
			return err
		}
		if e.Capacity > 0 && e.Capacity < old.Registered {
			return creatorclub.Errorf(creatorclub.EINVALID, "event_capacity_below_registered")
		}
		ch = &EventChange{Old: old, New: e}
		ch.Moved = !old.StartsAt.Equal(e.StartsAt) || !old.EndsAt.Equal(e.EndsAt)
		ch.Notify = ch.Moved || old.Status != e.Status || old.Room != e.Room || old.RoomKind != e.RoomKind || old.Title != e.Title
		e.Sequence = old.Sequence
		if ch.Notify {
			e.Sequence++
		}
		e.CreatedBy, e.CreatedAt, e.SeriesID = old.CreatedBy, old.CreatedAt, old.SeriesID
		e.UpdatedAt = db.now()
		_, err = tx.ExecContext(ctx, `UPDATE events SET kind = $1, title = $2, description = $3, starts_at = $4, ends_at = $5, time_zone = $6,
			audience = $7, capacity = $8, status = $9, registration_deadline = $10, room_kind = $11, room = $12, replay_url = $13,
			sequence = $14, co_organisers = $15, updated_at = $16 WHERE id = $17`,
			string(e.Kind), e.Title, e.Description, utc(e.StartsAt), utc(e.EndsAt), e.TimeZone, string(e.Audience), e.Capacity,
			string(e.Status), utcPtr(e.RegistrationDeadline), e.RoomKind, e.Room, e.ReplayURL, e.Sequence,
			strings.Join(e.CoOrganisers, "\n"), e.UpdatedAt, e.ID)
		if err != nil {
			return fmt.Errorf("sqldb: update event %d: %w", e.ID, err)
		}
		if err := replaceSlots(ctx, tx, e.ID, e.Slots); err != nil {
			return err
		}
		if err := ensureBoxes(ctx, tx, e.ID, e.Slots, e.UpdatedAt); err != nil {
			return err
		}
		if e.Status == creatorclub.EventPublished {
			if ch.Promoted, err = db.promoteWaitlist(ctx, tx, e.ID, e.Capacity); err != nil {
				return err
			}
		}
		fresh, err := findEvent(ctx, tx, e.ID)
		if err != nil {
			return err
		}
		*e = *fresh
		if hook != nil {
			return hook(tx, ch)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ch, nil
}

// lockEvent serialises changes to one event's registrations: on PostgreSQL a
// row lock; on SQLite the single writer already does.
func (db *DB) lockEvent(ctx context.Context, tx *sql.Tx, id int64) error {
	if db.Engine != Postgres {
		return nil
	}
	var got int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM events WHERE id = $1 FOR UPDATE`, id).Scan(&got)
	if isNoRows(err) {
		return creatorclub.Errorf(creatorclub.ENOTFOUND, "event_not_found")
	} else if err != nil {
		return fmt.Errorf("sqldb: lock event %d: %w", id, err)
	}
	return nil
}
