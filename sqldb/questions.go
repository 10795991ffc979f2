package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
)

// ensureBoxes gives an event a question box for the whole event and one per
// slot, keeping the boxes that exist.
func ensureBoxes(ctx context.Context, tx *sql.Tx, eventID int64, slots []creatorclub.Slot, now time.Time) error {
	ids := []int64{0}
	for _, s := range slots {
		ids = append(ids, s.ID)
	}
	for _, slotID := range ids {
		_, err := tx.ExecContext(ctx, `INSERT INTO question_boxes (event_id, slot_id, moderation, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (event_id, slot_id) DO NOTHING`, eventID, slotID, creatorclub.ModerationPost, now)
		if err != nil {
			return fmt.Errorf("sqldb: ensure question box: %w", err)
		}
	}
	return nil
}

const boxColumns = `b.id, b.event_id, b.slot_id, b.moderation, b.opens_at, b.closes_at, b.created_at,
	COALESCE(s.topic, e.title)`

func scanBox(s rowScanner) (*creatorclub.Box, error) {
	var b creatorclub.Box
	var opens, closes sql.NullTime
	if err := s.Scan(&b.ID, &b.EventID, &b.SlotID, &b.Moderation, &opens, &closes, &b.CreatedAt, &b.Title); err != nil {
		return nil, err
	}
	b.OpensAt, b.ClosesAt = nullTime(opens), nullTime(closes)
	return &b, nil
}

// ListBoxes returns an event's boxes: the whole event's first, then the
// slots' in agenda order. Boxes of slots removed from the agenda are left out.
func (db *DB) ListBoxes(ctx context.Context, eventID int64) ([]*creatorclub.Box, error) {
	rows, err := db.Read.QueryContext(ctx, `SELECT `+boxColumns+` FROM question_boxes b JOIN events e ON e.id = b.event_id
		LEFT JOIN event_slots s ON s.id = b.slot_id
		WHERE b.event_id = $1 AND (b.slot_id = 0 OR s.id IS NOT NULL) ORDER BY COALESCE(s.position, 0), b.id`, eventID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list boxes: %w", err)
	}
	defer rows.Close()
	var out []*creatorclub.Box
	for rows.Next() {
		b, err := scanBox(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan box: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// FindBox returns a box, or ENOTFOUND.
func (db *DB) FindBox(ctx context.Context, id int64) (*creatorclub.Box, error) {
	b, err := scanBox(queryRowPrepared(ctx, db.Read, `SELECT `+boxColumns+` FROM question_boxes b JOIN events e ON e.id = b.event_id
		LEFT JOIN event_slots s ON s.id = b.slot_id WHERE b.id = $1`, id))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "box_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find box: %w", err)
	}
	return b, nil
}

// UpdateBox sets a box's moderation mode and opening times.
func (db *DB) UpdateBox(ctx context.Context, b *creatorclub.Box) error {
	if b.Moderation != creatorclub.ModerationPost && b.Moderation != creatorclub.ModerationPre {
		return creatorclub.Errorf(creatorclub.EINVALID, "box_moderation_invalid")
	}
	if b.OpensAt != nil && b.ClosesAt != nil && !b.ClosesAt.After(*b.OpensAt) {
		return creatorclub.Errorf(creatorclub.EINVALID, "box_times_invalid")
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE question_boxes SET moderation = $1, opens_at = $2, closes_at = $3 WHERE id = $4`,
			b.Moderation, utcPtr(b.OpensAt), utcPtr(b.ClosesAt), b.ID)
		if err != nil {
			return fmt.Errorf("sqldb: update box: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "box_not_found")
		}
		return nil
	})
}

const questionColumns = `q.id, q.box_id, q.event_id, q.author_id, q.visibility, q.text, q.original_text, q.status, q.answered,
	q.pinned, q.merged_into, q.votes, q.flagged, q.created_at, q.updated_at,
	CASE WHEN q.visibility IN ('named', 'private') THEN COALESCE(NULLIF(u.display_name, ''), TRIM(u.first_name || ' ' || u.last_name)) ELSE '' END`

func scanQuestion(s rowScanner) (*creatorclub.Question, error) {
	var q creatorclub.Question
	err := s.Scan(&q.ID, &q.BoxID, &q.EventID, &q.AuthorID, &q.Visibility, &q.Text, &q.OriginalText, &q.Status, &q.Answered,
		&q.Pinned, &q.MergedInto, &q.Votes, &q.Flagged, &q.CreatedAt, &q.UpdatedAt, &q.AuthorName)
	if err != nil {
		return nil, err
	}
	q.CreatedAt, q.UpdatedAt = q.CreatedAt.UTC(), q.UpdatedAt.UTC()
	return &q, nil
}

// lockQuestions orders the changes to one event's questions so that log ids
// are committed in increasing order: a reader that has seen id N never
// later finds a smaller one. SQLite's single writer does this already.
func (db *DB) lockQuestions(ctx context.Context, tx *sql.Tx, eventID int64) error {
	if db.Engine != Postgres {
		return nil
	}
	if _, err := db.txExec(ctx, tx, `SELECT pg_advisory_xact_lock(7041976, $1::int)`, eventID); err != nil {
		return fmt.Errorf("sqldb: lock questions of event %d: %w", eventID, err)
	}
	return nil
}

func (db *DB) appendLog(ctx context.Context, tx *sql.Tx, eventID, questionID int64, kind string) (int64, error) {
	var id int64
	err := db.txQueryRow(ctx, tx, `INSERT INTO question_log (event_id, question_id, kind, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		eventID, questionID, kind, db.now()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("sqldb: append question log: %w", err)
	}
	return id, nil
}

// AskQuestion adds a question to a box. It is pending when the box is
// pre-moderated or flagged is true, visible otherwise.
func (db *DB) AskQuestion(ctx context.Context, boxID, authorID int64, text, visibility string, flagged bool) (*creatorclub.Question, error) {
	text, err := creatorclub.ValidateQuestion(text, visibility)
	if err != nil {
		return nil, err
	}
	box, err := db.FindBox(ctx, boxID)
	if err != nil {
		return nil, err
	}
	var q *creatorclub.Question
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		if err := db.lockQuestions(ctx, tx, box.EventID); err != nil {
			return err
		}
		status := creatorclub.QuestionVisible
		if flagged || box.Moderation == creatorclub.ModerationPre {
			status = creatorclub.QuestionPending
		}
		now := db.now()
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO questions (box_id, event_id, author_id, visibility, text, status, flagged, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`, boxID, box.EventID, authorID, visibility, text, status, flagged, now).Scan(&id)
		if err != nil {
			return fmt.Errorf("sqldb: ask question: %w", err)
		}
		if _, err := db.appendLog(ctx, tx, box.EventID, id, "question"); err != nil {
			return err
		}
		q, err = findQuestion(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return q, nil
}

const findQuestionQuery = `SELECT ` + questionColumns + ` FROM questions q JOIN users u ON u.id = q.author_id WHERE q.id = $1`

func findQuestion(ctx context.Context, qr queryer, id int64) (*creatorclub.Question, error) {
	q, err := scanQuestion(qr.QueryRowContext(ctx, findQuestionQuery, id))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "question_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find question %d: %w", id, err)
	}
	return q, nil
}

// FindQuestion returns a question, or ENOTFOUND.
func (db *DB) FindQuestion(ctx context.Context, id int64) (*creatorclub.Question, error) {
	q, err := scanQuestion(queryRowPrepared(ctx, db.Read, findQuestionQuery, id))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "question_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find question %d: %w", id, err)
	}
	return q, nil
}

// FindQuestions returns the questions with the given ids, by id.
func (db *DB) FindQuestions(ctx context.Context, ids []int64) (map[int64]*creatorclub.Question, error) {
	out := map[int64]*creatorclub.Question{}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		marks := make([]string, len(chunk))
		args := make([]any, len(chunk))
		for i, id := range chunk {
			marks[i], args[i] = fmt.Sprintf("$%d", i+1), id
		}
		rows, err := db.Read.QueryContext(ctx, `SELECT `+questionColumns+` FROM questions q JOIN users u ON u.id = q.author_id
			WHERE q.id IN (`+strings.Join(marks, ",")+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("sqldb: find questions: %w", err)
		}
		for rows.Next() {
			q, err := scanQuestion(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqldb: scan question: %w", err)
			}
			out[q.ID] = q
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ListQuestions returns all questions of an event (every status), with
// Voted and Mine set for viewerID.
func (db *DB) ListQuestions(ctx context.Context, eventID, viewerID int64) ([]*creatorclub.Question, error) {
	rows, err := db.Read.QueryContext(ctx, `SELECT `+questionColumns+`,
		EXISTS (SELECT 1 FROM question_votes v WHERE v.question_id = q.id AND v.user_id = $2)
		FROM questions q JOIN users u ON u.id = q.author_id WHERE q.event_id = $1 ORDER BY q.id`, eventID, viewerID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list questions: %w", err)
	}
	defer rows.Close()
	var out []*creatorclub.Question
	for rows.Next() {
		var voted bool
		q, err := scanQuestion(scanPlus{rows, &voted})
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan question: %w", err)
		}
		q.Voted, q.Mine = voted, q.AuthorID == viewerID && viewerID != 0
		out = append(out, q)
	}
	return out, rows.Err()
}

// ToggleVote adds the member's vote to question q, as the caller loaded it
// (its id and event), or removes it if they had voted, and returns whether
// they now vote for it and the new count. The primary key on (question,
// member) makes a double vote impossible. A question that does not exist is
// ENOTFOUND, and nothing is written.
func (db *DB) ToggleVote(ctx context.Context, q *creatorclub.Question, userID int64) (bool, int, error) {
	var voted bool
	var count int
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		if err := db.lockQuestions(ctx, tx, q.EventID); err != nil {
			return err
		}
		res, err := db.txExec(ctx, tx, `DELETE FROM question_votes WHERE question_id = $1 AND user_id = $2`, q.ID, userID)
		if err != nil {
			return fmt.Errorf("sqldb: unvote: %w", err)
		}
		n, _ := res.RowsAffected()
		voted = n == 0
		add := 0
		if voted {
			add = 1
		}
		// The count first, with the vote about to be added: a question that
		// is not there stops here, before the vote would break its key.
		err = db.txQueryRow(ctx, tx, `UPDATE questions SET votes = (SELECT COUNT(*) FROM question_votes WHERE question_id = $1) + $3
			WHERE id = $1 AND event_id = $2 RETURNING votes`, q.ID, q.EventID, add).Scan(&count)
		if errors.Is(err, sql.ErrNoRows) {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "question_not_found")
		} else if err != nil {
			return fmt.Errorf("sqldb: count votes: %w", err)
		}
		if voted {
			if _, err := db.txExec(ctx, tx, `INSERT INTO question_votes (question_id, user_id, created_at) VALUES ($1, $2, $3)`,
				q.ID, userID, db.now()); err != nil {
				return fmt.Errorf("sqldb: vote: %w", err)
			}
		}
		_, err = db.appendLog(ctx, tx, q.EventID, q.ID, "votes")
		return err
	})
	if err != nil {
		return false, 0, err
	}
	return voted, count, nil
}

// Moderation actions.
const (
	ActApprove  = "approve"
	ActHide     = "hide"
	ActAnswer   = "answer"
	ActUnanswer = "unanswer"
	ActPin      = "pin"
	ActUnpin    = "unpin"
	ActEdit     = "edit"
)

// ModerateQuestion applies a moderator's action. Pinning a question unpins
// the event's other pinned question. An edit keeps the original text.
func (db *DB) ModerateQuestion(ctx context.Context, questionID int64, action, text string) (*creatorclub.Question, error) {
	q, err := db.FindQuestion(ctx, questionID)
	if err != nil {
		return nil, err
	}
	if q.Status == creatorclub.QuestionWithdrawn || q.Status == creatorclub.QuestionMerged {
		return nil, creatorclub.Errorf(creatorclub.ECONFLICT, "question_closed")
	}
	if action == ActEdit {
		if text, err = creatorclub.ValidateQuestion(text, q.Visibility); err != nil {
			return nil, err
		}
	}
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		if err := db.lockQuestions(ctx, tx, q.EventID); err != nil {
			return err
		}
		now := db.now()
		var stmt string
		args := []any{now, questionID}
		switch action {
		case ActApprove:
			stmt = `UPDATE questions SET status = 'visible', updated_at = $1 WHERE id = $2`
		case ActHide:
			stmt = `UPDATE questions SET status = 'hidden', pinned = FALSE, updated_at = $1 WHERE id = $2`
		case ActAnswer:
			stmt = `UPDATE questions SET answered = TRUE, pinned = FALSE, updated_at = $1 WHERE id = $2`
		case ActUnanswer:
			stmt = `UPDATE questions SET answered = FALSE, updated_at = $1 WHERE id = $2`
		case ActPin:
			rows, err := tx.QueryContext(ctx, `SELECT id FROM questions WHERE event_id = $1 AND pinned = $2 AND id <> $3`, q.EventID, true, questionID)
			if err != nil {
				return fmt.Errorf("sqldb: find pinned: %w", err)
			}
			var others []int64
			for rows.Next() {
				var id int64
				rows.Scan(&id)
				others = append(others, id)
			}
			rows.Close()
			for _, id := range others {
				if _, err := tx.ExecContext(ctx, `UPDATE questions SET pinned = FALSE, updated_at = $1 WHERE id = $2`, now, id); err != nil {
					return fmt.Errorf("sqldb: unpin: %w", err)
				}
				if _, err := db.appendLog(ctx, tx, q.EventID, id, "question"); err != nil {
					return err
				}
			}
			stmt = `UPDATE questions SET pinned = TRUE, status = 'visible', updated_at = $1 WHERE id = $2`
		case ActUnpin:
			stmt = `UPDATE questions SET pinned = FALSE, updated_at = $1 WHERE id = $2`
		case ActEdit:
			stmt = `UPDATE questions SET text = $3, original_text = CASE WHEN original_text = '' THEN text ELSE original_text END,
				updated_at = $1 WHERE id = $2`
			args = append(args, text)
		default:
			return creatorclub.Errorf(creatorclub.EINVALID, "question_action_invalid")
		}
		if _, err := tx.ExecContext(ctx, stmt, args...); err != nil {
			return fmt.Errorf("sqldb: moderate question %d (%s): %w", questionID, action, err)
		}
		_, err := db.appendLog(ctx, tx, q.EventID, questionID, "question")
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.FindQuestion(ctx, questionID)
}

// MergeQuestion merges a duplicate into another question of the same event:
// the duplicate disappears, and its voters are counted on the target (a
// member who voted for both counts once).
func (db *DB) MergeQuestion(ctx context.Context, dupID, intoID int64) error {
	if dupID == intoID {
		return creatorclub.Errorf(creatorclub.EINVALID, "question_merge_self")
	}
	dup, err := db.FindQuestion(ctx, dupID)
	if err != nil {
		return err
	}
	into, err := db.FindQuestion(ctx, intoID)
	if err != nil {
		return err
	}
	if dup.EventID != into.EventID {
		return creatorclub.Errorf(creatorclub.EINVALID, "question_merge_other_event")
	}
	if into.Status == creatorclub.QuestionMerged || into.Status == creatorclub.QuestionWithdrawn || dup.Status == creatorclub.QuestionMerged {
		return creatorclub.Errorf(creatorclub.ECONFLICT, "question_closed")
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		if err := db.lockQuestions(ctx, tx, dup.EventID); err != nil {
			return err
		}
		now := db.now()
		// The duplicate's author counts as a voter for the target.
		if _, err := tx.ExecContext(ctx, `INSERT INTO question_votes (question_id, user_id, created_at)
			SELECT CAST($1 AS BIGINT), user_id, created_at FROM question_votes WHERE question_id = $2
			UNION SELECT CAST($1 AS BIGINT), author_id, $3 FROM questions WHERE id = $2
			ON CONFLICT (question_id, user_id) DO NOTHING`, intoID, dupID, now); err != nil {
			return fmt.Errorf("sqldb: merge votes: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE questions SET votes = (SELECT COUNT(*) FROM question_votes WHERE question_id = $1), updated_at = $2 WHERE id = $1`, intoID, now); err != nil {
			return fmt.Errorf("sqldb: recount votes: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE questions SET status = 'merged', merged_into = $1, pinned = FALSE, updated_at = $2 WHERE id = $3`, intoID, now, dupID); err != nil {
			return fmt.Errorf("sqldb: merge question: %w", err)
		}
		if _, err := db.appendLog(ctx, tx, dup.EventID, dupID, "question"); err != nil {
			return err
		}
		_, err := db.appendLog(ctx, tx, dup.EventID, intoID, "question")
		return err
	})
}

// WithdrawQuestion lets the author take back their question.
func (db *DB) WithdrawQuestion(ctx context.Context, questionID, authorID int64) error {
	q, err := db.FindQuestion(ctx, questionID)
	if err != nil {
		return err
	}
	if q.AuthorID != authorID {
		return creatorclub.Errorf(creatorclub.EFORBIDDEN, "question_not_yours")
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		if err := db.lockQuestions(ctx, tx, q.EventID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE questions SET status = 'withdrawn', pinned = FALSE, updated_at = $1 WHERE id = $2`, db.now(), questionID); err != nil {
			return fmt.Errorf("sqldb: withdraw question: %w", err)
		}
		_, err := db.appendLog(ctx, tx, q.EventID, questionID, "question")
		return err
	})
}

// QuestionLog returns an event's log entries after afterID, oldest first.
func (db *DB) QuestionLog(ctx context.Context, eventID, afterID int64, limit int) ([]creatorclub.QuestionLogEntry, error) {
	if limit <= 0 || limit > 10000 {
		limit = 10000
	}
	st, err := prepared(ctx, db.Read, fmt.Sprintf(`SELECT id, event_id, question_id, kind, created_at FROM question_log
		WHERE event_id = $1 AND id > $2 ORDER BY id LIMIT %d`, limit))
	if err != nil {
		return nil, fmt.Errorf("sqldb: question log: %w", err)
	}
	rows, err := st.QueryContext(ctx, eventID, afterID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: question log: %w", err)
	}
	defer rows.Close()
	var out []creatorclub.QuestionLogEntry
	for rows.Next() {
		var e creatorclub.QuestionLogEntry
		if err := rows.Scan(&e.ID, &e.EventID, &e.QuestionID, &e.Kind, &e.CreatedAt); err != nil {
			return nil, fmt.Errorf("sqldb: scan question log: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// LastQuestionLogID returns the newest log id of an event (0 if none).
func (db *DB) LastQuestionLogID(ctx context.Context, eventID int64) (int64, error) {
	var id sql.NullInt64
	if err := db.Read.QueryRowContext(ctx, `SELECT MAX(id) FROM question_log WHERE event_id = $1`, eventID).Scan(&id); err != nil {
		return 0, fmt.Errorf("sqldb: last question log id: %w", err)
	}
	return id.Int64, nil
}

// QuestionAuthor returns the author of a question, for a safety officer's
// explicit reveal (the caller audits it).
func (db *DB) QuestionAuthor(ctx context.Context, questionID int64) (*creatorclub.User, error) {
	q, err := db.FindQuestion(ctx, questionID)
	if err != nil {
		return nil, err
	}
	return db.FindUserByID(ctx, q.AuthorID)
}

// ReportQuestion stores a member's report about a question for the safety
// desk; reporting the same question twice returns ECONFLICT.
func (db *DB) ReportQuestion(ctx context.Context, questionID, reporterID int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" || len([]rune(reason)) > 2000 {
		return creatorclub.Errorf(creatorclub.EINVALID, "report_reason_invalid")
	}
	if _, err := db.FindQuestion(ctx, questionID); err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO question_reports (question_id, reporter_id, reason, created_at) VALUES ($1, $2, $3, $4)`,
			questionID, reporterID, reason, db.now())
		if isUniqueViolation(err) {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "report_already_sent")
		} else if err != nil {
			return fmt.Errorf("sqldb: report question: %w", err)
		}
		return nil
	})
}
