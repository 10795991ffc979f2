package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
)

// Purposes bound to each sealed column, so a sealed value copied into
// another column does not open.
const (
	sealMessage  = "safety.message"
	sealAttName  = "safety.attachment.name"
	sealAttData  = "safety.attachment.data"
	sealFacts    = "safety.decision.facts"
	sealContent  = "safety.decision.content"
	sealPrevious = "safety.decision.previous"
	sealAppeal   = "safety.appeal"
	sealOutcome  = "safety.appeal.outcome"
)

// SafetyStore is the safety desk's store: the database and the key that
// seals message bodies, attachments, statements and appeals.
type SafetyStore struct {
	db   *DB
	seal *creatorclub.Sealer
}

// Safety returns the safety desk's store using sealer for the confidential
// columns.
func (db *DB) Safety(sealer *creatorclub.Sealer) *SafetyStore {
	return &SafetyStore{db: db, seal: sealer}
}

func (s *SafetyStore) open(b []byte, purpose string) (string, error) {
	if len(b) == 0 {
		return "", nil
	}
	p, err := s.seal.Open(b, purpose)
	if err != nil {
		return "", fmt.Errorf("sqldb: open %s: %w", purpose, err)
	}
	return string(p), nil
}

const caseColumns = `c.id, c.kind, c.category, c.status, c.priority, c.urgent, c.reporter_id, c.target_type, c.target_id, c.target_user_id,
	c.external_url, c.external_handle, c.external_platform, c.assignee_id, c.merged_into, c.unfounded, c.created_at, c.updated_at, c.due_at,
	c.first_response_at, c.closed_at`

func scanCase(sc rowScanner, extra ...any) (*creatorclub.Case, error) {
	var c creatorclub.Case
	var first, closed sql.NullTime
	dest := []any{&c.ID, &c.Kind, &c.Category, &c.Status, &c.Priority, &c.Urgent, &c.ReporterID, &c.TargetType, &c.TargetID, &c.TargetUserID,
		&c.ExternalURL, &c.ExternalHandle, &c.ExternalPlatform, &c.AssigneeID, &c.MergedInto, &c.Unfounded, &c.CreatedAt, &c.UpdatedAt, &c.DueAt,
		&first, &closed}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt, c.DueAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC(), c.DueAt.UTC()
	c.FirstResponseAt, c.ClosedAt = nullTime(first), nullTime(closed)
	return &c, nil
}

func findCase(ctx context.Context, q queryer, id int64) (*creatorclub.Case, error) {
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM safety_cases c WHERE c.id = $1`, id))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "safety_case_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find case %d: %w", id, err)
	}
	return c, nil
}

// FindCase returns the case, or ENOTFOUND.
func (s *SafetyStore) FindCase(ctx context.Context, id int64) (*creatorclub.Case, error) {
	return findCase(ctx, s.db.Read, id)
}

// ReportingSuspendedUntil returns the end of the member's suspension of
// reporting for misuse, or nil when they may report.
func (s *SafetyStore) ReportingSuspendedUntil(ctx context.Context, userID int64) (*time.Time, error) {
	return reportingSuspendedUntil(ctx, s.db.Read, userID, s.db.now())
}

func reportingSuspendedUntil(ctx context.Context, q queryer, userID int64, now time.Time) (*time.Time, error) {
	var until sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT until FROM safety_misuse WHERE user_id = $1 AND kind = $2 AND until > $3 ORDER BY until DESC LIMIT 1`,
		userID, creatorclub.MisuseSuspended, now).Scan(&until)
	if err != nil && !isNoRows(err) {
		return nil, fmt.Errorf("sqldb: reporting suspension: %w", err)
	}
	return nullTime(until), nil
}

// OpenCase stores a member's help request or notice with its first message
// and attachments, all in one transaction, and runs then inside it (to queue
// mail). It refuses a report from a member whose reporting is suspended
// (EFORBIDDEN) and a second open report of the same object by the same
// member (ECONFLICT).
func (s *SafetyStore) OpenCase(ctx context.Context, reporter *creatorclub.User, n *creatorclub.NewCase, then func(tx *sql.Tx, c *creatorclub.Case) error) (*creatorclub.Case, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var c *creatorclub.Case
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = s.openCase(ctx, tx, reporter.ID, n, 0)
		if err != nil {
			return err
		}
		if then != nil {
			return then(tx, c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (s *SafetyStore) openCase(ctx context.Context, tx *sql.Tx, reporterID int64, n *creatorclub.NewCase, questionReportID int64) (*creatorclub.Case, error) {
	now := s.db.now()
	if n.Kind == creatorclub.KindNotice || n.Category.IsReport() {
		until, err := reportingSuspendedUntil(ctx, tx, reporterID, now)
		if err != nil {
			return nil, err
		}
		if until != nil {
			return nil, creatorclub.Errorf(creatorclub.EFORBIDDEN, "safety_reporting_suspended")
		}
	}
	c := &creatorclub.Case{Kind: n.Kind, Category: n.Category, Status: creatorclub.StatusNew, Urgent: n.Urgent, ReporterID: reporterID,
		TargetType: n.TargetType, TargetID: n.TargetID, ExternalURL: n.ExternalURL, ExternalHandle: n.ExternalHandle,
		ExternalPlatform: n.ExternalPlatform, CreatedAt: now, UpdatedAt: now, DueAt: now.Add(n.Category.DueWithin(n.Urgent))}
	switch n.TargetType {
	case creatorclub.TargetQuestion:
		q, err := findQuestion(ctx, tx, n.TargetID)
		if err != nil {
			return nil, err
		}
		c.TargetUserID = q.AuthorID
	case creatorclub.TargetMember:
		u, err := findUser(ctx, tx, "id = $1", n.TargetID)
		if err != nil {
			return nil, err
		}
		c.TargetUserID = u.ID
	case "":
	default:
		return nil, creatorclub.Errorf(creatorclub.EINVALID, "safety_target_invalid")
	}
	if c.TargetUserID != 0 && c.TargetUserID == reporterID {
		return nil, creatorclub.Errorf(creatorclub.EINVALID, "safety_target_self")
	}
	if c.TargetType != "" && reporterID != 0 {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM safety_cases WHERE reporter_id = $1 AND target_type = $2 AND target_id = $3
			AND status NOT IN ('resolved', 'rejected')`, reporterID, c.TargetType, c.TargetID).Scan(&n); err != nil {
			return nil, fmt.Errorf("sqldb: check duplicate report: %w", err)
		}
		if n > 0 {
			return nil, creatorclub.Errorf(creatorclub.ECONFLICT, "report_already_sent")
		}
	}
	switch {
	case n.Urgent:
		c.Priority = creatorclub.PriorityUrgent
	case n.Category == creatorclub.CategoryThreat || n.Category == creatorclub.CategoryDistress:
		c.Priority = creatorclub.PriorityHigh
	case n.Category == creatorclub.CategoryTechnical:
		c.Priority = creatorclub.PriorityLow
	default:
		c.Priority = creatorclub.PriorityNormal
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO safety_cases (kind, category, status, priority, urgent, reporter_id, target_type, target_id,
		target_user_id, external_url, external_handle, external_platform, question_report_id, created_at, updated_at, due_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
		string(c.Kind), string(c.Category), string(c.Status), c.Priority, c.Urgent, c.ReporterID, c.TargetType, c.TargetID,
		c.TargetUserID, c.ExternalURL, c.ExternalHandle, c.ExternalPlatform, questionReportID, now, now, c.DueAt).Scan(&c.ID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: open case: %w", err)
	}
	if _, err := s.addMessage(ctx, tx, c.ID, reporterID, false, false, n.Description, n.Attachments, now); err != nil {
		return nil, err
	}
	if err := addCaseEvent(ctx, tx, c.ID, reporterID, "opened", string(c.Kind)+" "+string(c.Category), now); err != nil {
		return nil, err
	}
	return c, nil
}

func addCaseEvent(ctx context.Context, tx *sql.Tx, caseID, actorID int64, kind, detail string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO safety_case_events (case_id, actor_id, kind, detail, created_at) VALUES ($1, $2, $3, $4, $5)`,
		caseID, actorID, kind, detail, now)
	if err != nil {
		return fmt.Errorf("sqldb: case event: %w", err)
	}
	return nil
}

func (s *SafetyStore) addMessage(ctx context.Context, tx *sql.Tx, caseID, authorID int64, fromStaff, internal bool, body string,
	atts []*creatorclub.NewAttachment, now time.Time) (*creatorclub.CaseMessage, error) {
	m := &creatorclub.CaseMessage{CaseID: caseID, AuthorID: authorID, FromStaff: fromStaff, Internal: internal, Body: body, CreatedAt: now}
	err := tx.QueryRowContext(ctx, `INSERT INTO safety_messages (case_id, author_id, from_staff, internal, body, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, caseID, authorID, fromStaff, internal, s.seal.Seal([]byte(body), sealMessage), now).Scan(&m.ID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: add case message: %w", err)
	}
	for _, a := range atts {
		if len(a.Data) == 0 {
			return nil, creatorclub.Errorf(creatorclub.EINVALID, "file_empty")
		}
		if len(a.Data) > creatorclub.MaxAttachmentBytes {
			return nil, creatorclub.Errorf(creatorclub.EINVALID, "file_too_large")
		}
		sum := sha256.Sum256(a.Data)
		att := &creatorclub.Attachment{CaseID: caseID, MessageID: m.ID, UploadedBy: authorID, Name: a.Name, ContentType: a.ContentType,
			Size: int64(len(a.Data)), SHA256: hex.EncodeToString(sum[:]), ReceivedAt: now}
		err := tx.QueryRowContext(ctx, `INSERT INTO safety_attachments (case_id, message_id, uploaded_by, name, content_type, size, sha256, received_at, data)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, caseID, m.ID, authorID, s.seal.Seal([]byte(a.Name), sealAttName),
			a.ContentType, att.Size, att.SHA256, now, s.seal.Seal(a.Data, sealAttData)).Scan(&att.ID)
		if err != nil {
			return nil, fmt.Errorf("sqldb: add attachment: %w", err)
		}
		m.Attachments = append(m.Attachments, att)
	}
	return m, nil
}

// AddMessage adds a message to a case's thread: from the reporter, a reply
// of the safety team (fromStaff), or an internal note (internal, staff only).
// A reply stamps the first response; the reporter writing back moves a case
// waiting for them to in progress. Nobody but staff notes may write on a
// closed case (ECONFLICT). then runs in the transaction.
func (s *SafetyStore) AddMessage(ctx context.Context, caseID int64, author *creatorclub.User, fromStaff, internal bool, body string,
	atts []*creatorclub.NewAttachment, then func(tx *sql.Tx, c *creatorclub.Case) error) (*creatorclub.CaseMessage, error) {
	body = strings.TrimSpace(body)
	if body == "" && len(atts) == 0 {
		return nil, creatorclub.Errorf(creatorclub.EINVALID, "safety_message_required")
	}
	if len([]rune(body)) > creatorclub.MaxCaseText {
		return nil, creatorclub.Errorf(creatorclub.EINVALID, "safety_description_too_long")
	}
	if len(atts) > creatorclub.MaxCaseAttachments {
		return nil, creatorclub.Errorf(creatorclub.EINVALID, "safety_too_many_attachments")
	}
	internal = internal && fromStaff
	var m *creatorclub.CaseMessage
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		c, err := findCase(ctx, tx, caseID)
		if err != nil {
			return err
		}
		if c.Status.Closed() && !internal {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "safety_case_closed")
		}
		now := s.db.now()
		if m, err = s.addMessage(ctx, tx, caseID, author.ID, fromStaff, internal, body, atts, now); err != nil {
			return err
		}
		kind := "message"
		switch {
		case internal:
			kind = "note"
		case fromStaff:
			kind = "reply"
			if c.FirstResponseAt == nil {
				c.FirstResponseAt = &now
			}
			if c.Status == creatorclub.StatusNew || c.Status == creatorclub.StatusTriaged {
				c.Status = creatorclub.StatusInProgress
			}
		case c.Status == creatorclub.StatusWaiting:
			c.Status = creatorclub.StatusInProgress
		}
		if _, err := tx.ExecContext(ctx, `UPDATE safety_cases SET status = $1, first_response_at = $2, updated_at = $3 WHERE id = $4`,
			string(c.Status), c.FirstResponseAt, now, c.ID); err != nil {
			return fmt.Errorf("sqldb: update case: %w", err)
		}
		if err := addCaseEvent(ctx, tx, c.ID, author.ID, kind, "", now); err != nil {
			return err
		}
		if then != nil {
			return then(tx, c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// Messages returns the case's thread oldest first, with the internal notes
// only when withInternal, each with its attachments (without their bytes).
func (s *SafetyStore) Messages(ctx context.Context, caseID int64, withInternal bool) ([]*creatorclub.CaseMessage, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT m.id, m.case_id, m.author_id, m.from_staff, m.internal, m.body, m.created_at,
		COALESCE(u.first_name, ''), COALESCE(u.last_name, ''), COALESCE(u.display_name, '')
		FROM safety_messages m LEFT JOIN users u ON u.id = m.author_id WHERE m.case_id = $1 AND (m.internal = $2 OR m.internal = $3) ORDER BY m.id`,
		caseID, false, withInternal)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list case messages: %w", err)
	}
	defer rows.Close()
	var out []*creatorclub.CaseMessage
	byID := map[int64]*creatorclub.CaseMessage{}
	for rows.Next() {
		var m creatorclub.CaseMessage
		var body []byte
		var first, last, display string
		if err := rows.Scan(&m.ID, &m.CaseID, &m.AuthorID, &m.FromStaff, &m.Internal, &body, &m.CreatedAt, &first, &last, &display); err != nil {
			return nil, fmt.Errorf("sqldb: scan case message: %w", err)
		}
		m.CreatedAt = m.CreatedAt.UTC()
		if m.Body, err = s.open(body, sealMessage); err != nil {
			return nil, err
		}
		m.AuthorName = (&creatorclub.User{FirstName: first, LastName: last, DisplayName: display}).Name()
		out = append(out, &m)
		byID[m.ID] = &m
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: list case messages: %w", err)
	}
	atts, err := s.Attachments(ctx, caseID)
	if err != nil {
		return nil, err
	}
	for _, a := range atts {
		if m := byID[a.MessageID]; m != nil {
			m.Attachments = append(m.Attachments, a)
		}
	}
	return out, nil
}

// Attachments returns the case's attachments (without their bytes).
func (s *SafetyStore) Attachments(ctx context.Context, caseID int64) ([]*creatorclub.Attachment, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, case_id, message_id, uploaded_by, name, content_type, size, sha256, received_at
		FROM safety_attachments WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list attachments: %w", err)
	}
	defer rows.Close()
	var out []*creatorclub.Attachment
	for rows.Next() {
		var a creatorclub.Attachment
		var name []byte
		if err := rows.Scan(&a.ID, &a.CaseID, &a.MessageID, &a.UploadedBy, &name, &a.ContentType, &a.Size, &a.SHA256, &a.ReceivedAt); err != nil {
			return nil, fmt.Errorf("sqldb: scan attachment: %w", err)
		}
		a.ReceivedAt = a.ReceivedAt.UTC()
		if a.Name, err = s.open(name, sealAttName); err != nil {
			return nil, err
		}
		out = append(out, &a)
	}
	return out, rows.Err()
}

// Attachment returns an attachment of a case and its clear bytes, or
// ENOTFOUND. The bytes are checked against the recorded SHA-256.
func (s *SafetyStore) Attachment(ctx context.Context, caseID, id int64) (*creatorclub.Attachment, []byte, error) {
	var a creatorclub.Attachment
	var name, data []byte
	err := s.db.Read.QueryRowContext(ctx, `SELECT id, case_id, message_id, uploaded_by, name, content_type, size, sha256, received_at, data
		FROM safety_attachments WHERE id = $1 AND case_id = $2`, id, caseID).
		Scan(&a.ID, &a.CaseID, &a.MessageID, &a.UploadedBy, &name, &a.ContentType, &a.Size, &a.SHA256, &a.ReceivedAt, &data)
	if isNoRows(err) {
		return nil, nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "file_not_found")
	} else if err != nil {
		return nil, nil, fmt.Errorf("sqldb: find attachment %d: %w", id, err)
	}
	a.ReceivedAt = a.ReceivedAt.UTC()
	if a.Name, err = s.open(name, sealAttName); err != nil {
		return nil, nil, err
	}
	clear, err := s.seal.Open(data, sealAttData)
	if err != nil {
		return nil, nil, fmt.Errorf("sqldb: open attachment %d: %w", id, err)
	}
	if sum := sha256.Sum256(clear); hex.EncodeToString(sum[:]) != a.SHA256 {
		return nil, nil, fmt.Errorf("sqldb: attachment %d does not match its recorded SHA-256", id)
	}
	return &a, clear, nil
}

// Events returns the case's history oldest first.
func (s *SafetyStore) Events(ctx context.Context, caseID int64) ([]*creatorclub.CaseEvent, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT e.id, e.case_id, e.actor_id, e.kind, e.detail, e.created_at,
		COALESCE(u.first_name, ''), COALESCE(u.last_name, ''), COALESCE(u.display_name, '')
		FROM safety_case_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.case_id = $1 ORDER BY e.id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: case history: %w", err)
	}
	defer rows.Close()
	var out []*creatorclub.CaseEvent
	for rows.Next() {
		var e creatorclub.CaseEvent
		var first, last, display string
		if err := rows.Scan(&e.ID, &e.CaseID, &e.ActorID, &e.Kind, &e.Detail, &e.CreatedAt, &first, &last, &display); err != nil {
			return nil, fmt.Errorf("sqldb: scan case event: %w", err)
		}
		e.CreatedAt = e.CreatedAt.UTC()
		e.ActorName = (&creatorclub.User{FirstName: first, LastName: last, DisplayName: display}).Name()
		out = append(out, &e)
	}
	return out, rows.Err()
}

// CaseUpdate is an officer's change of a case's handling; nil fields stay.
type CaseUpdate struct {
	Status     *creatorclub.CaseStatus
	Priority   *int
	AssigneeID *int64 // 0 to unassign; must be a safety officer
}

// UpdateCase changes status, priority or assignment and records each change
// in the case's history.
func (s *SafetyStore) UpdateCase(ctx context.Context, caseID int64, actor *creatorclub.User, upd CaseUpdate) error {
	return s.db.withTx(ctx, func(tx *sql.Tx) error {
		c, err := findCase(ctx, tx, caseID)
		if err != nil {
			return err
		}
		now := s.db.now()
		if upd.Status != nil && *upd.Status != c.Status {
			if _, err := creatorclub.ParseCaseStatus(string(*upd.Status)); err != nil {
				return err
			}
			if c.MergedInto != 0 {
				return creatorclub.Errorf(creatorclub.ECONFLICT, "safety_case_merged")
			}
			var closed any
			if upd.Status.Closed() {
				closed = now
			}
			if _, err := tx.ExecContext(ctx, `UPDATE safety_cases SET status = $1, closed_at = $2, updated_at = $3 WHERE id = $4`,
				string(*upd.Status), closed, now, c.ID); err != nil {
				return fmt.Errorf("sqldb: set case status: %w", err)
			}
			if err := addCaseEvent(ctx, tx, c.ID, actor.ID, "status", string(c.Status)+" → "+string(*upd.Status), now); err != nil {
				return err
			}
		}
		if upd.Priority != nil && *upd.Priority != c.Priority {
			if *upd.Priority < creatorclub.PriorityLow || *upd.Priority > creatorclub.PriorityUrgent {
				return creatorclub.Errorf(creatorclub.EINVALID, "safety_priority_invalid")
			}
			if _, err := tx.ExecContext(ctx, `UPDATE safety_cases SET priority = $1, updated_at = $2 WHERE id = $3`, *upd.Priority, now, c.ID); err != nil {
				return fmt.Errorf("sqldb: set case priority: %w", err)
			}
			if err := addCaseEvent(ctx, tx, c.ID, actor.ID, "priority", fmt.Sprintf("%d → %d", c.Priority, *upd.Priority), now); err != nil {
				return err
			}
		}
		if upd.AssigneeID != nil && *upd.AssigneeID != c.AssigneeID {
			if *upd.AssigneeID != 0 {
				u, err := findUser(ctx, tx, "id = $1", *upd.AssigneeID)
				if err != nil || u.Role != creatorclub.RoleSafety {
					return creatorclub.Errorf(creatorclub.EINVALID, "safety_assignee_invalid")
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE safety_cases SET assignee_id = $1, updated_at = $2 WHERE id = $3`, *upd.AssigneeID, now, c.ID); err != nil {
				return fmt.Errorf("sqldb: assign case: %w", err)
			}
			if err := addCaseEvent(ctx, tx, c.ID, actor.ID, "assigned", fmt.Sprint(*upd.AssigneeID), now); err != nil {
				return err
			}
		}
		return nil
	})
}

// MergeCase merges case dupID into intoID: the duplicate is closed as
// resolved and points at the case that goes on. Both must be open.
func (s *SafetyStore) MergeCase(ctx context.Context, dupID, intoID int64, actor *creatorclub.User) error {
	if dupID == intoID {
		return creatorclub.Errorf(creatorclub.EINVALID, "safety_merge_self")
	}
	return s.db.withTx(ctx, func(tx *sql.Tx) error {
		dup, err := findCase(ctx, tx, dupID)
		if err != nil {
			return err
		}
		into, err := findCase(ctx, tx, intoID)
		if err != nil {
			return err
		}
		if dup.Status.Closed() || into.Status.Closed() {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "safety_case_closed")
		}
		now := s.db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE safety_cases SET merged_into = $1, status = $2, closed_at = $3, updated_at = $3 WHERE id = $4`,
			into.ID, string(creatorclub.StatusResolved), now, dup.ID); err != nil {
			return fmt.Errorf("sqldb: merge case: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE safety_cases SET merged_into = $1 WHERE merged_into = $2`, into.ID, dup.ID); err != nil {
			return fmt.Errorf("sqldb: merge case: %w", err)
		}
		if err := addCaseEvent(ctx, tx, dup.ID, actor.ID, "merged_into", fmt.Sprint(into.ID), now); err != nil {
			return err
		}
		return addCaseEvent(ctx, tx, into.ID, actor.ID, "merged_from", fmt.Sprint(dup.ID), now)
	})
}

// ListCases returns the cases of the officers' queue: most urgent first,
// then by due time, with the number of open notices about the same object.
func (s *SafetyStore) ListCases(ctx context.Context, f creatorclub.CaseFilter) ([]*creatorclub.Case, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	switch f.Status {
	case "", "open":
		where = append(where, "c.status NOT IN ('resolved', 'rejected')")
	case "closed":
		where = append(where, "c.status IN ('resolved', 'rejected')")
	case "all":
	default:
		st, err := creatorclub.ParseCaseStatus(f.Status)
		if err != nil {
			return nil, err
		}
		add("c.status = $%d", string(st))
	}
	if f.Category != "" {
		add("c.category = $%d", string(f.Category))
	}
	if f.Kind != "" {
		add("c.kind = $%d", string(f.Kind))
	}
	if f.AssigneeID == -1 {
		where = append(where, "c.assignee_id = 0")
	} else if f.AssigneeID > 0 {
		add("c.assignee_id = $%d", f.AssigneeID)
	}
	if f.Overdue {
		where = append(where, "c.first_response_at IS NULL AND c.status NOT IN ('resolved', 'rejected')")
		add("c.due_at < $%d", s.db.now())
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 200
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+caseColumns+`,
		COALESCE(r.first_name, ''), COALESCE(r.last_name, ''), COALESCE(r.display_name, ''),
		COALESCE(a.first_name, ''), COALESCE(a.last_name, ''), COALESCE(a.display_name, ''),
		(SELECT COUNT(*) FROM safety_cases o WHERE o.target_type <> '' AND o.target_type = c.target_type AND o.target_id = c.target_id
			AND o.status NOT IN ('resolved', 'rejected'))
		FROM safety_cases c LEFT JOIN users r ON r.id = c.reporter_id LEFT JOIN users a ON a.id = c.assignee_id`+cond+
		fmt.Sprintf(` ORDER BY CASE WHEN c.status IN ('resolved', 'rejected') THEN 1 ELSE 0 END, c.priority DESC, c.due_at, c.id LIMIT %d`, limit), args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list cases: %w", err)
	}
	defer rows.Close()
	out := []*creatorclub.Case{}
	for rows.Next() {
		var rf, rl, rd, af, al, ad string
		var notices int
		c, err := scanCase(rows, &rf, &rl, &rd, &af, &al, &ad, &notices)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan case: %w", err)
		}
		c.ReporterName = (&creatorclub.User{FirstName: rf, LastName: rl, DisplayName: rd}).Name()
		c.AssigneeName = (&creatorclub.User{FirstName: af, LastName: al, DisplayName: ad}).Name()
		c.Notices = notices
		out = append(out, c)
	}
	return out, rows.Err()
}

// ListCasesByReporter returns the cases a member opened, newest first.
func (s *SafetyStore) ListCasesByReporter(ctx context.Context, reporterID int64) ([]*creatorclub.Case, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+caseColumns+` FROM safety_cases c WHERE c.reporter_id = $1 ORDER BY c.id DESC`, reporterID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list my cases: %w", err)
	}
	defer rows.Close()
	out := []*creatorclub.Case{}
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan case: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

const decisionColumns = `id, case_id, target_user_id, action, ground, facts, content, until, decided_by, decided_at, reversed_at`

func (s *SafetyStore) scanDecision(sc rowScanner) (*creatorclub.Decision, error) {
	var d creatorclub.Decision
	var facts, content []byte
	var until, reversed sql.NullTime
	if err := sc.Scan(&d.ID, &d.CaseID, &d.TargetUserID, &d.Action, &d.Ground, &facts, &content, &until, &d.DecidedBy, &d.DecidedAt, &reversed); err != nil {
		return nil, err
	}
	d.DecidedAt = d.DecidedAt.UTC()
	d.Until, d.ReversedAt = nullTime(until), nullTime(reversed)
	var err error
	if d.Facts, err = s.open(facts, sealFacts); err != nil {
		return nil, err
	}
	if d.Content, err = s.open(content, sealContent); err != nil {
		return nil, err
	}
	return &d, nil
}

func (s *SafetyStore) findDecision(ctx context.Context, q queryer, id int64) (*creatorclub.Decision, error) {
	d, err := s.scanDecision(q.QueryRowContext(ctx, `SELECT `+decisionColumns+` FROM safety_decisions WHERE id = $1`, id))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "safety_decision_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find decision %d: %w", id, err)
	}
	return d, nil
}

// FindDecision returns the decision, or ENOTFOUND.
func (s *SafetyStore) FindDecision(ctx context.Context, id int64) (*creatorclub.Decision, error) {
	return s.findDecision(ctx, s.db.Read, id)
}

func (s *SafetyStore) listDecisions(ctx context.Context, where string, arg any) ([]*creatorclub.Decision, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+decisionColumns+` FROM safety_decisions WHERE `+where+` ORDER BY id DESC`, arg)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list decisions: %w", err)
	}
	defer rows.Close()
	out := []*creatorclub.Decision{}
	for rows.Next() {
		d, err := s.scanDecision(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan decision: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DecisionsForUser returns the decisions concerning a member, newest first:
// their statements of reasons.
func (s *SafetyStore) DecisionsForUser(ctx context.Context, userID int64) ([]*creatorclub.Decision, error) {
	return s.listDecisions(ctx, "target_user_id = $1", userID)
}

// DecisionsForCase returns the decisions taken on a case, newest first.
func (s *SafetyStore) DecisionsForCase(ctx context.Context, caseID int64) ([]*creatorclub.Decision, error) {
	return s.listDecisions(ctx, "case_id = $1", caseID)
}

// Decide records a safety officer's decision on an open case and applies it
// in the same transaction: content removed (the question hidden, or the
// profile text cleared, kept sealed to be restored), a restriction of access
// put in place with the member's sessions ended at once, or, for restore,
// every earlier decision of the case undone. then runs in the transaction
// (to queue the statement of reasons).
func (s *SafetyStore) Decide(ctx context.Context, caseID int64, officer *creatorclub.User, n creatorclub.NewDecision,
	then func(tx *sql.Tx, c *creatorclub.Case, d *creatorclub.Decision) error) (*creatorclub.Decision, error) {
	now := s.db.now()
	if err := n.Validate(now); err != nil {
		return nil, err
	}
	var d *creatorclub.Decision
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		c, err := findCase(ctx, tx, caseID)
		if err != nil {
			return err
		}
		if c.Status.Closed() {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "safety_case_closed")
		}
		if c.TargetUserID == 0 {
			return creatorclub.Errorf(creatorclub.EINVALID, "safety_no_target")
		}
		d = &creatorclub.Decision{CaseID: c.ID, TargetUserID: c.TargetUserID, Action: n.Action, Ground: n.Ground, Facts: n.Facts,
			Until: n.Until, DecidedBy: officer.ID, DecidedAt: now}
		previous := ""
		switch n.Action {
		case creatorclub.ActionRemoveContent:
			if previous, d.Content, err = s.removeContent(ctx, tx, c, now); err != nil {
				return err
			}
		case creatorclub.ActionSuspend, creatorclub.ActionWithdraw, creatorclub.ActionBan:
			// The restriction row is written once the decision has its id.
		case creatorclub.ActionRestore:
			olds, err := s.listDecisionsTx(ctx, tx, c.ID)
			if err != nil {
				return err
			}
			for _, old := range olds {
				if old.ReversedAt == nil && old.Action != creatorclub.ActionRestore {
					if err := s.reverse(ctx, tx, old, now); err != nil {
						return err
					}
				}
			}
		}
		var until any
		if n.Until != nil && n.Action == creatorclub.ActionSuspend {
			until = n.Until.UTC()
		} else {
			d.Until = nil
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO safety_decisions (case_id, target_user_id, action, ground, facts, content, previous, until, decided_by, decided_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, c.ID, d.TargetUserID, string(d.Action), d.Ground,
			s.seal.Seal([]byte(d.Facts), sealFacts), s.seal.Seal([]byte(d.Content), sealContent), previous, until, officer.ID, now).Scan(&d.ID)
		if err != nil {
			return fmt.Errorf("sqldb: record decision: %w", err)
		}
		if n.Action.Restricts() {
			kind := map[creatorclub.Action]string{creatorclub.ActionSuspend: creatorclub.RestrictionSuspended,
				creatorclub.ActionWithdraw: creatorclub.RestrictionWithdrawn, creatorclub.ActionBan: creatorclub.RestrictionBanned}[n.Action]
			if _, err := tx.ExecContext(ctx, `DELETE FROM safety_restrictions WHERE user_id = $1`, d.TargetUserID); err != nil {
				return fmt.Errorf("sqldb: replace restriction: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO safety_restrictions (user_id, kind, until, decision_id, created_at) VALUES ($1, $2, $3, $4, $5)`,
				d.TargetUserID, kind, until, d.ID, now); err != nil {
				return fmt.Errorf("sqldb: restrict access: %w", err)
			}
			// End the member's sessions at once: every cookie issued before is refused.
			if _, err := tx.ExecContext(ctx, `UPDATE users SET session_epoch = session_epoch + 1, updated_at = $1 WHERE id = $2`, now, d.TargetUserID); err != nil {
				return fmt.Errorf("sqldb: end sessions: %w", err)
			}
		}
		if c.FirstResponseAt == nil {
			if _, err := tx.ExecContext(ctx, `UPDATE safety_cases SET first_response_at = $1 WHERE id = $2`, now, c.ID); err != nil {
				return fmt.Errorf("sqldb: stamp first response: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE safety_cases SET updated_at = $1 WHERE id = $2`, now, c.ID); err != nil {
			return fmt.Errorf("sqldb: touch case: %w", err)
		}
		if err := addCaseEvent(ctx, tx, c.ID, officer.ID, "decision", fmt.Sprintf("%s (%s) #%d", d.Action, d.Ground, d.ID), now); err != nil {
			return err
		}
		if then != nil {
			return then(tx, c, d)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

func (s *SafetyStore) listDecisionsTx(ctx context.Context, tx *sql.Tx, caseID int64) ([]*creatorclub.Decision, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+decisionColumns+` FROM safety_decisions WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list decisions: %w", err)
	}
	defer rows.Close()
	var out []*creatorclub.Decision
	for rows.Next() {
		d, err := s.scanDecision(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan decision: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// removeContent takes the reported content down and returns how to put it
// back and what it said (for the statement of reasons).
func (s *SafetyStore) removeContent(ctx context.Context, tx *sql.Tx, c *creatorclub.Case, now time.Time) (previous, content string, err error) {
	switch c.TargetType {
	case creatorclub.TargetQuestion:
		q, err := findQuestion(ctx, tx, c.TargetID)
		if err != nil {
			return "", "", err
		}
		if q.Status == creatorclub.QuestionHidden {
			return "", "", creatorclub.Errorf(creatorclub.ECONFLICT, "safety_content_already_removed")
		}
		if err := s.db.lockQuestions(ctx, tx, q.EventID); err != nil {
			return "", "", err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE questions SET status = $1, pinned = $2, updated_at = $3 WHERE id = $4`,
			creatorclub.QuestionHidden, false, now, q.ID); err != nil {
			return "", "", fmt.Errorf("sqldb: remove question: %w", err)
		}
		if _, err := s.db.appendLog(ctx, tx, q.EventID, q.ID, "question"); err != nil {
			return "", "", err
		}
		return "question:" + q.Status, q.Text, nil
	case creatorclub.TargetMember:
		u, err := findUser(ctx, tx, "id = $1", c.TargetID)
		if err != nil {
			return "", "", err
		}
		if u.Bio == "" {
			return "", "", creatorclub.Errorf(creatorclub.ECONFLICT, "safety_content_already_removed")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET bio = '', updated_at = $1 WHERE id = $2`, now, u.ID); err != nil {
			return "", "", fmt.Errorf("sqldb: remove profile text: %w", err)
		}
		return "bio:" + base64.StdEncoding.EncodeToString(s.seal.Seal([]byte(u.Bio), sealPrevious)), u.Bio, nil
	}
	return "", "", creatorclub.Errorf(creatorclub.EINVALID, "safety_no_content")
}

// reverse undoes a decision: content put back, the restriction it set lifted.
func (s *SafetyStore) reverse(ctx context.Context, tx *sql.Tx, d *creatorclub.Decision, now time.Time) error {
	var previous string
	var caseTargetID int64
	if err := tx.QueryRowContext(ctx, `SELECT d.previous, c.target_id FROM safety_decisions d JOIN safety_cases c ON c.id = d.case_id WHERE d.id = $1`,
		d.ID).Scan(&previous, &caseTargetID); err != nil {
		return fmt.Errorf("sqldb: read decision %d: %w", d.ID, err)
	}
	switch {
	case strings.HasPrefix(previous, "question:"):
		q, err := findQuestion(ctx, tx, caseTargetID)
		if err != nil {
			return err
		}
		if err := s.db.lockQuestions(ctx, tx, q.EventID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE questions SET status = $1, updated_at = $2 WHERE id = $3`,
			strings.TrimPrefix(previous, "question:"), now, q.ID); err != nil {
			return fmt.Errorf("sqldb: restore question: %w", err)
		}
		if _, err := s.db.appendLog(ctx, tx, q.EventID, q.ID, "question"); err != nil {
			return err
		}
	case strings.HasPrefix(previous, "bio:"):
		sealed, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(previous, "bio:"))
		if err != nil {
			return fmt.Errorf("sqldb: decode previous profile text: %w", err)
		}
		bio, err := s.open(sealed, sealPrevious)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET bio = $1, updated_at = $2 WHERE id = $3`, bio, now, caseTargetID); err != nil {
			return fmt.Errorf("sqldb: restore profile text: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM safety_restrictions WHERE decision_id = $1`, d.ID); err != nil {
		return fmt.Errorf("sqldb: lift restriction: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE safety_decisions SET reversed_at = $1 WHERE id = $2`, now, d.ID); err != nil {
		return fmt.Errorf("sqldb: reverse decision: %w", err)
	}
	return addCaseEvent(ctx, tx, d.CaseID, 0, "reversed", fmt.Sprintf("#%d", d.ID), now)
}

// AccessRestriction returns the member's restriction in force, or a zero
// Restriction (empty Kind) when they have none.
func (db *DB) AccessRestriction(ctx context.Context, userID int64) (creatorclub.Restriction, error) {
	var r creatorclub.Restriction
	var until sql.NullTime
	err := queryRowPrepared(ctx, db.Read, `SELECT user_id, kind, until, decision_id, created_at FROM safety_restrictions WHERE user_id = $1`, userID).
		Scan(&r.UserID, &r.Kind, &until, &r.DecisionID, &r.CreatedAt)
	if isNoRows(err) {
		return creatorclub.Restriction{}, nil
	} else if err != nil {
		return creatorclub.Restriction{}, fmt.Errorf("sqldb: access restriction of %d: %w", userID, err)
	}
	r.Until = nullTime(until)
	if !r.ActiveAt(db.now()) {
		return creatorclub.Restriction{}, nil
	}
	return r, nil
}

// AccessRestrictions returns the restrictions in force among the given
// users, by user id (for the admin list of users).
func (db *DB) AccessRestrictions(ctx context.Context, userIDs []int64) (map[int64]creatorclub.Restriction, error) {
	out := map[int64]creatorclub.Restriction{}
	if len(userIDs) == 0 {
		return out, nil
	}
	args := []any{db.now()}
	marks := make([]string, 0, len(userIDs))
	for _, id := range userIDs {
		args = append(args, id)
		marks = append(marks, fmt.Sprintf("$%d", len(args)))
	}
	rows, err := db.Read.QueryContext(ctx, `SELECT user_id, kind, until, decision_id, created_at FROM safety_restrictions
		WHERE (until IS NULL OR until > $1) AND user_id IN (`+strings.Join(marks, ",")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: access restrictions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r creatorclub.Restriction
		var until sql.NullTime
		if err := rows.Scan(&r.UserID, &r.Kind, &until, &r.DecisionID, &r.CreatedAt); err != nil {
			return nil, fmt.Errorf("sqldb: scan restriction: %w", err)
		}
		r.Until = nullTime(until)
		out[r.UserID] = r
	}
	return out, rows.Err()
}

func (s *SafetyStore) scanAppeal(sc rowScanner) (*creatorclub.Appeal, error) {
	var a creatorclub.Appeal
	var text, outcome []byte
	var reviewed sql.NullTime
	if err := sc.Scan(&a.ID, &a.DecisionID, &a.UserID, &text, &a.Status, &a.ReviewerID, &outcome, &a.CreatedAt, &reviewed); err != nil {
		return nil, err
	}
	a.CreatedAt = a.CreatedAt.UTC()
	a.ReviewedAt = nullTime(reviewed)
	var err error
	if a.Text, err = s.open(text, sealAppeal); err != nil {
		return nil, err
	}
	if a.Outcome, err = s.open(outcome, sealOutcome); err != nil {
		return nil, err
	}
	return &a, nil
}

const appealColumns = `id, decision_id, user_id, text, status, reviewer_id, outcome, created_at, reviewed_at`

// AppealFor returns the appeal against a decision, or ENOTFOUND.
func (s *SafetyStore) AppealFor(ctx context.Context, decisionID int64) (*creatorclub.Appeal, error) {
	a, err := s.scanAppeal(s.db.Read.QueryRowContext(ctx, `SELECT `+appealColumns+` FROM safety_appeals WHERE decision_id = $1`, decisionID))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "safety_appeal_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find appeal: %w", err)
	}
	return a, nil
}

// ListAppeals returns appeals, pending ones only if pendingOnly, oldest first.
func (s *SafetyStore) ListAppeals(ctx context.Context, pendingOnly bool) ([]*creatorclub.Appeal, error) {
	cond := ""
	if pendingOnly {
		cond = " WHERE status = 'pending'"
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+appealColumns+` FROM safety_appeals`+cond+` ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list appeals: %w", err)
	}
	defer rows.Close()
	out := []*creatorclub.Appeal{}
	for rows.Next() {
		a, err := s.scanAppeal(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan appeal: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Appeal records a member's appeal against a decision concerning them. It
// returns ENOTFOUND for a decision about someone else, EINVALID after the
// six-month deadline or for an empty text, ECONFLICT for a second appeal.
func (s *SafetyStore) Appeal(ctx context.Context, decisionID int64, member *creatorclub.User, text string,
	then func(tx *sql.Tx, d *creatorclub.Decision, a *creatorclub.Appeal) error) (*creatorclub.Appeal, error) {
	text = strings.TrimSpace(text)
	var a *creatorclub.Appeal
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		d, err := s.findDecision(ctx, tx, decisionID)
		if err != nil {
			return err
		}
		if d.TargetUserID != member.ID {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "safety_decision_not_found")
		}
		now := s.db.now()
		switch {
		case d.Action == creatorclub.ActionRestore:
			return creatorclub.Errorf(creatorclub.EINVALID, "safety_appeal_not_needed")
		case d.ReversedAt != nil:
			return creatorclub.Errorf(creatorclub.ECONFLICT, "safety_appeal_not_needed")
		case now.After(d.AppealDeadline()):
			return creatorclub.Errorf(creatorclub.EINVALID, "safety_appeal_too_late")
		case text == "":
			return creatorclub.Errorf(creatorclub.EINVALID, "safety_appeal_text_required")
		case len([]rune(text)) > creatorclub.MaxCaseText:
			return creatorclub.Errorf(creatorclub.EINVALID, "safety_description_too_long")
		}
		a = &creatorclub.Appeal{DecisionID: d.ID, UserID: member.ID, Text: text, Status: creatorclub.AppealPending, CreatedAt: now}
		err = tx.QueryRowContext(ctx, `INSERT INTO safety_appeals (decision_id, user_id, text, status, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			d.ID, member.ID, s.seal.Seal([]byte(text), sealAppeal), a.Status, now).Scan(&a.ID)
		if isUniqueViolation(err) {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "safety_appeal_already_sent")
		} else if err != nil {
			return fmt.Errorf("sqldb: record appeal: %w", err)
		}
		if err := addCaseEvent(ctx, tx, d.CaseID, member.ID, "appeal", fmt.Sprintf("#%d", d.ID), now); err != nil {
			return err
		}
		if then != nil {
			return then(tx, d, a)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// ReviewAppeal records the outcome of an appeal, reviewed by a safety officer
// who did not take the decision (EFORBIDDEN otherwise). Reversing undoes the
// decision: content back, access restored. then runs in the transaction.
func (s *SafetyStore) ReviewAppeal(ctx context.Context, appealID int64, reviewer *creatorclub.User, reverse bool, outcome string,
	then func(tx *sql.Tx, d *creatorclub.Decision, a *creatorclub.Appeal) error) (*creatorclub.Appeal, error) {
	outcome = strings.TrimSpace(outcome)
	if outcome == "" {
		return nil, creatorclub.Errorf(creatorclub.EINVALID, "safety_outcome_required")
	}
	var a *creatorclub.Appeal
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = s.scanAppeal(tx.QueryRowContext(ctx, `SELECT `+appealColumns+` FROM safety_appeals WHERE id = $1`, appealID))
		if isNoRows(err) {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "safety_appeal_not_found")
		} else if err != nil {
			return fmt.Errorf("sqldb: find appeal: %w", err)
		}
		if a.Status != creatorclub.AppealPending {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "safety_appeal_already_reviewed")
		}
		d, err := s.findDecision(ctx, tx, a.DecisionID)
		if err != nil {
			return err
		}
		if d.DecidedBy == reviewer.ID {
			return creatorclub.Errorf(creatorclub.EFORBIDDEN, "safety_appeal_same_officer")
		}
		now := s.db.now()
		a.Status, a.ReviewerID, a.Outcome, a.ReviewedAt = creatorclub.AppealUpheld, reviewer.ID, outcome, &now
		if reverse {
			a.Status = creatorclub.AppealReversed
			if err := s.reverse(ctx, tx, d, now); err != nil {
				return err
			}
			d.ReversedAt = &now
		}
		if _, err := tx.ExecContext(ctx, `UPDATE safety_appeals SET status = $1, reviewer_id = $2, outcome = $3, reviewed_at = $4 WHERE id = $5`,
			a.Status, reviewer.ID, s.seal.Seal([]byte(outcome), sealOutcome), now, a.ID); err != nil {
			return fmt.Errorf("sqldb: review appeal: %w", err)
		}
		if err := addCaseEvent(ctx, tx, d.CaseID, reviewer.ID, "appeal_"+a.Status, fmt.Sprintf("#%d", d.ID), now); err != nil {
			return err
		}
		if then != nil {
			return then(tx, d, a)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// MarkUnfounded closes a notice as manifestly unfounded and applies the
// misuse rule to its reporter (DSA art. 23): after MisuseWarnAfter such
// notices within a year the reporter is warned; after a warning, one more
// suspends their reporting for MisuseSuspension. It returns the outcome
// (MisuseNone, MisuseWarning or MisuseSuspended) and runs then in the
// transaction with it.
func (s *SafetyStore) MarkUnfounded(ctx context.Context, caseID int64, officer *creatorclub.User,
	then func(tx *sql.Tx, c *creatorclub.Case, outcome string, until *time.Time) error) (string, error) {
	outcome := creatorclub.MisuseNone
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		c, err := findCase(ctx, tx, caseID)
		if err != nil {
			return err
		}
		if c.Status.Closed() {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "safety_case_closed")
		}
		if c.ReporterID == 0 || !(c.Kind == creatorclub.KindNotice || c.Category.IsReport()) {
			return creatorclub.Errorf(creatorclub.EINVALID, "safety_not_a_report")
		}
		now := s.db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE safety_cases SET status = $1, unfounded = $2, closed_at = $3, updated_at = $3 WHERE id = $4`,
			string(creatorclub.StatusRejected), true, now, c.ID); err != nil {
			return fmt.Errorf("sqldb: mark unfounded: %w", err)
		}
		if err := addCaseEvent(ctx, tx, c.ID, officer.ID, "unfounded", "", now); err != nil {
			return err
		}
		yearAgo := now.AddDate(-1, 0, 0)
		var unfounded, warnings int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM safety_cases WHERE reporter_id = $1 AND unfounded = $2 AND closed_at > $3`,
			c.ReporterID, true, yearAgo).Scan(&unfounded); err != nil {
			return fmt.Errorf("sqldb: count unfounded: %w", err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM safety_misuse WHERE user_id = $1 AND kind = $2 AND created_at > $3`,
			c.ReporterID, creatorclub.MisuseWarning, yearAgo).Scan(&warnings); err != nil {
			return fmt.Errorf("sqldb: count warnings: %w", err)
		}
		var until *time.Time
		switch {
		case warnings > 0 && unfounded > creatorclub.MisuseWarnAfter:
			outcome = creatorclub.MisuseSuspended
			u := now.Add(creatorclub.MisuseSuspension)
			until = &u
		case warnings == 0 && unfounded >= creatorclub.MisuseWarnAfter:
			outcome = creatorclub.MisuseWarning
		}
		if outcome != creatorclub.MisuseNone {
			var untilArg any
			if until != nil {
				untilArg = *until
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO safety_misuse (user_id, kind, case_id, until, created_at) VALUES ($1, $2, $3, $4, $5)`,
				c.ReporterID, outcome, c.ID, untilArg, now); err != nil {
				return fmt.Errorf("sqldb: record misuse: %w", err)
			}
			if err := addCaseEvent(ctx, tx, c.ID, officer.ID, "misuse_"+outcome, "", now); err != nil {
				return err
			}
		}
		if then != nil {
			return then(tx, c, outcome, until)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return outcome, nil
}

// Transparency counts the desk's activity for cases opened in [from, until):
// requests and notices by category, decisions by action, median times to
// first response and to resolution, appeals and reversals.
func (s *SafetyStore) Transparency(ctx context.Context, from, until time.Time) (*creatorclub.TransparencyReport, error) {
	rep := &creatorclub.TransparencyReport{From: from, Until: until, Requests: map[creatorclub.CaseCategory]int{},
		Notices: map[creatorclub.CaseCategory]int{}, Actions: map[creatorclub.Action]int{}}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT kind, category, unfounded, created_at, first_response_at, closed_at, merged_into
		FROM safety_cases WHERE created_at >= $1 AND created_at < $2`, from.UTC(), until.UTC())
	if err != nil {
		return nil, fmt.Errorf("sqldb: transparency: %w", err)
	}
	var firsts, resolutions []time.Duration
	for rows.Next() {
		var kind, category string
		var unfounded bool
		var created time.Time
		var first, closed sql.NullTime
		var merged int64
		if err := rows.Scan(&kind, &category, &unfounded, &created, &first, &closed, &merged); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqldb: scan transparency: %w", err)
		}
		if kind == string(creatorclub.KindNotice) {
			rep.Notices[creatorclub.CaseCategory(category)]++
		} else {
			rep.Requests[creatorclub.CaseCategory(category)]++
		}
		if unfounded {
			rep.Unfounded++
		}
		if first.Valid {
			firsts = append(firsts, first.Time.Sub(created))
		}
		if closed.Valid && merged == 0 {
			resolutions = append(resolutions, closed.Time.Sub(created))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqldb: transparency: %w", err)
	}
	rep.MedianFirstAnswer, rep.MedianResolution = creatorclub.Median(firsts), creatorclub.Median(resolutions)
	arows, err := s.db.Read.QueryContext(ctx, `SELECT action, COUNT(*) FROM safety_decisions WHERE decided_at >= $1 AND decided_at < $2 GROUP BY action`,
		from.UTC(), until.UTC())
	if err != nil {
		return nil, fmt.Errorf("sqldb: transparency actions: %w", err)
	}
	for arows.Next() {
		var a string
		var n int
		if err := arows.Scan(&a, &n); err != nil {
			arows.Close()
			return nil, fmt.Errorf("sqldb: scan transparency: %w", err)
		}
		rep.Actions[creatorclub.Action(a)] = n
	}
	arows.Close()
	err = s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'reversed' THEN 1 ELSE 0 END), 0)
		FROM safety_appeals WHERE created_at >= $1 AND created_at < $2`, from.UTC(), until.UTC()).Scan(&rep.Appeals, &rep.Reversals)
	if err != nil {
		return nil, fmt.Errorf("sqldb: transparency appeals: %w", err)
	}
	return rep, nil
}

// PurgeClosedCases deletes the cases closed before cutoff, with their
// messages, attachments, history, decisions and appeals, except cases with
// an appeal still pending. It returns the number of cases deleted.
func (db *DB) PurgeClosedCases(ctx context.Context, cutoff time.Time) (int, error) {
	var n int64
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM safety_cases WHERE closed_at IS NOT NULL AND closed_at < $1
			AND id NOT IN (SELECT d.case_id FROM safety_decisions d JOIN safety_appeals a ON a.decision_id = d.id WHERE a.status = 'pending')`, cutoff.UTC())
		if err != nil {
			return fmt.Errorf("sqldb: purge cases: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// AdoptQuestionReports turns the reports stored by the question box before
// the desk existed into notices, sealing their text and clearing it from
// question_reports. It is idempotent and returns the number adopted.
func (s *SafetyStore) AdoptQuestionReports(ctx context.Context) (int, error) {
	type report struct {
		id, questionID, reporterID int64
		reason                     string
	}
	var n int
	err := s.db.withTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, question_id, reporter_id, reason FROM question_reports
			WHERE reason <> '' AND id NOT IN (SELECT question_report_id FROM safety_cases) ORDER BY id`)
		if err != nil {
			return fmt.Errorf("sqldb: list question reports: %w", err)
		}
		var reports []report
		for rows.Next() {
			var r report
			if err := rows.Scan(&r.id, &r.questionID, &r.reporterID, &r.reason); err != nil {
				rows.Close()
				return fmt.Errorf("sqldb: scan question report: %w", err)
			}
			reports = append(reports, r)
		}
		rows.Close()
		for _, r := range reports {
			text := strings.TrimSpace(r.reason)
			if text == "" {
				text = "—"
			}
			_, err := s.openCase(ctx, tx, r.reporterID, &creatorclub.NewCase{Kind: creatorclub.KindNotice, Category: creatorclub.CategoryOther,
				Description: text, TargetType: creatorclub.TargetQuestion, TargetID: r.questionID}, r.id)
			if code := creatorclub.ErrorCode(err); code == creatorclub.ECONFLICT || code == creatorclub.EFORBIDDEN || code == creatorclub.ENOTFOUND || code == creatorclub.EINVALID {
				// Already reported through the desk, or the reporter may no
				// longer report: link the row so it is not tried again.
				if _, err := tx.ExecContext(ctx, `UPDATE question_reports SET reason = '' WHERE id = $1`, r.id); err != nil {
					return fmt.Errorf("sqldb: clear question report: %w", err)
				}
				continue
			} else if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE question_reports SET reason = '' WHERE id = $1`, r.id); err != nil {
				return fmt.Errorf("sqldb: clear question report: %w", err)
			}
			n++
		}
		return nil
	})
	return n, err
}
