package sqldb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"encoding/json"
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/creatorclub/creatorclub"
)

// RenewalWindow is how long before a certificate expires its holder may
// take the course again (and is reminded to).
const RenewalWindow = 30 * 24 * time.Hour

// CreateCourse stores a new course (without lessons) and sets its ID.
func (db *DB) CreateCourse(ctx context.Context, c *creatorclub.Course) error {
	if err := c.Validate(); err != nil {
		return err
	}
	now := db.now()
	c.CreatedAt, c.UpdatedAt = now, now
	if c.Status == creatorclub.CoursePublished {
		c.PublishedAt = &now
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		var createdBy any
		if c.CreatedBy != 0 {
			createdBy = c.CreatedBy
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO courses (title, summary, language, status, refresher_months, created_by, created_at, updated_at, published_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING id`, c.Title, c.Summary, c.Language, c.Status, c.RefresherMonths, createdBy, now, utcPtr(c.PublishedAt)).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("sqldb: create course: %w", err)
		}
		return nil
	})
}

// UpdateCourse saves a course's title, summary, language, state and
// refresher period.
// Publishing needs at least one lesson.
func (db *DB) UpdateCourse(ctx context.Context, c *creatorclub.Course) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		if c.Status == creatorclub.CoursePublished {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM course_lessons WHERE course_id = $1`, c.ID).Scan(&n); err != nil {
				return fmt.Errorf("sqldb: count lessons: %w", err)
			}
			if n == 0 {
				return creatorclub.Errorf(creatorclub.EINVALID, "course_publish_no_lessons")
			}
		}
		now := db.now()
		var pub any
		if c.Status == creatorclub.CoursePublished {
			pub = now
		}
		res, err := tx.ExecContext(ctx, `UPDATE courses SET title = $1, summary = $2, language = $3, status = $4, refresher_months = $5, updated_at = $6,
			published_at = COALESCE(published_at, $7) WHERE id = $8`,
			c.Title, c.Summary, c.Language, c.Status, c.RefresherMonths, now, pub, c.ID)
		if n := affected(res, err); err == nil && n == 0 {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "course_not_found")
		} else if err != nil {
			return fmt.Errorf("sqldb: update course: %w", err)
		}
		return nil
	})
}

const courseColumns = `id, title, summary, language, status, refresher_months, COALESCE(created_by, 0), created_at, updated_at, published_at`

func scanCourse(s rowScanner) (*creatorclub.Course, error) {
	var c creatorclub.Course
	var pub sql.NullTime
	if err := s.Scan(&c.ID, &c.Title, &c.Summary, &c.Language, &c.Status, &c.RefresherMonths, &c.CreatedBy, &c.CreatedAt, &c.UpdatedAt, &pub); err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt, c.PublishedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC(), nullTime(pub)
	return &c, nil
}

// ListCourses returns the courses, newest first; only published ones when
// publishedOnly is true.
func (db *DB) ListCourses(ctx context.Context, publishedOnly bool) ([]*creatorclub.Course, error) {
	q := `SELECT ` + courseColumns + ` FROM courses`
	if publishedOnly {
		q += ` WHERE status = 'published'`
	}
	rows, err := db.Read.QueryContext(ctx, q+` ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list courses: %w", err)
	}
	defer rows.Close()
	var out []*creatorclub.Course
	for rows.Next() {
		c, err := scanCourse(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan course: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// FindCourse returns a course with its lessons (in order, with their
// materials) and its current quiz version, or ENOTFOUND.
func (db *DB) FindCourse(ctx context.Context, id int64) (*creatorclub.Course, error) {
	return findCourse(ctx, db.Read, id)
}

func findCourse(ctx context.Context, q queryer, id int64) (*creatorclub.Course, error) {
	c, err := scanCourse(q.QueryRowContext(ctx, `SELECT `+courseColumns+` FROM courses WHERE id = $1`, id))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "course_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find course %d: %w", id, err)
	}
	rows, err := q.QueryContext(ctx, `SELECT id, course_id, position, title, body, video_url, event_id, minutes FROM course_lessons
		WHERE course_id = $1 ORDER BY position, id`, id)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list lessons: %w", err)
	}
	byID := map[int64]*creatorclub.Lesson{}
	for rows.Next() {
		var l creatorclub.Lesson
		if err := rows.Scan(&l.ID, &l.CourseID, &l.Position, &l.Title, &l.Body, &l.VideoURL, &l.EventID, &l.Minutes); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqldb: scan lesson: %w", err)
		}
		c.Lessons = append(c.Lessons, &l)
		byID[l.ID] = &l
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	mrows, err := q.QueryContext(ctx, `SELECT m.id, m.lesson_id, m.name, m.content_type, m.size, m.file_key, m.sha256, m.created_at
		FROM lesson_materials m JOIN course_lessons l ON l.id = m.lesson_id WHERE l.course_id = $1 ORDER BY m.id`, id)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list lesson materials: %w", err)
	}
	for mrows.Next() {
		var m creatorclub.LessonMaterial
		if err := mrows.Scan(&m.ID, &m.LessonID, &m.Name, &m.ContentType, &m.Size, &m.Key, &m.SHA256, &m.CreatedAt); err != nil {
			mrows.Close()
			return nil, fmt.Errorf("sqldb: scan lesson material: %w", err)
		}
		m.CreatedAt = m.CreatedAt.UTC()
		if l := byID[m.LessonID]; l != nil {
			l.Materials = append(l.Materials, &m)
		}
	}
	mrows.Close()
	if err := mrows.Err(); err != nil {
		return nil, err
	}
	quiz, err := currentQuiz(ctx, q, id)
	if err != nil && creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
		return nil, err
	}
	c.Quiz = quiz
	return c, nil
}

// DeleteCourse removes a draft course that nobody has started, with its
// lessons and quiz, and returns the file keys of its materials for the
// caller to delete once the change is committed. A published course, or
// one with progress or certificates, is ECONFLICT: unpublish it instead.
func (db *DB) DeleteCourse(ctx context.Context, id int64) ([]string, error) {
	var keys []string
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		c, err := findCourse(ctx, tx, id)
		if err != nil {
			return err
		}
		if c.Status != creatorclub.CourseDraft {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "course_delete_published")
		}
		var used int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM course_progress WHERE course_id = $1)
			+ (SELECT COUNT(*) FROM course_certificates WHERE course_id = $1) + (SELECT COUNT(*) FROM quiz_attempts WHERE course_id = $1)`, id).Scan(&used); err != nil {
			return fmt.Errorf("sqldb: course use: %w", err)
		}
		if used > 0 {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "course_delete_used")
		}
		for _, l := range c.Lessons {
			for _, m := range l.Materials {
				keys = append(keys, m.Key)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM courses WHERE id = $1`, id); err != nil {
			return fmt.Errorf("sqldb: delete course: %w", err)
		}
		return nil
	})
	return keys, err
}

// SaveLesson creates a lesson at the end of its course (ID 0) or updates one.
func (db *DB) SaveLesson(ctx context.Context, l *creatorclub.Lesson) error {
	if err := l.Validate(); err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		if l.EventID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM events WHERE id = $1`, l.EventID).Scan(&n); err != nil {
				return fmt.Errorf("sqldb: check replay event: %w", err)
			}
			if n == 0 {
				return creatorclub.Errorf(creatorclub.EINVALID, "lesson_event_not_found")
			}
		}
		if l.ID == 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM courses WHERE id = $1`, l.CourseID).Scan(&n); err != nil {
				return fmt.Errorf("sqldb: check course: %w", err)
			}
			if n == 0 {
				return creatorclub.Errorf(creatorclub.ENOTFOUND, "course_not_found")
			}
			err := tx.QueryRowContext(ctx, `INSERT INTO course_lessons (course_id, position, title, body, video_url, event_id, minutes)
				VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM course_lessons WHERE course_id = $1), $2, $3, $4, $5, $6)
				RETURNING id, position`, l.CourseID, l.Title, l.Body, l.VideoURL, l.EventID, l.Minutes).Scan(&l.ID, &l.Position)
			if err != nil {
				return fmt.Errorf("sqldb: add lesson: %w", err)
			}
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE course_lessons SET title = $1, body = $2, video_url = $3, event_id = $4, minutes = $5
				WHERE id = $6 AND course_id = $7`, l.Title, l.Body, l.VideoURL, l.EventID, l.Minutes, l.ID, l.CourseID)
			if n := affected(res, err); err == nil && n == 0 {
				return creatorclub.Errorf(creatorclub.ENOTFOUND, "lesson_not_found")
			} else if err != nil {
				return fmt.Errorf("sqldb: update lesson: %w", err)
			}
		}
		return touchCourse(ctx, tx, l.CourseID, db.now())
	})
}

func touchCourse(ctx context.Context, tx *sql.Tx, courseID int64, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE courses SET updated_at = $1 WHERE id = $2`, now, courseID); err != nil {
		return fmt.Errorf("sqldb: touch course: %w", err)
	}
	return nil
}

// MoveLesson moves a lesson one place up (delta -1) or down (+1).
func (db *DB) MoveLesson(ctx context.Context, courseID, lessonID int64, delta int) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		c, err := findCourse(ctx, tx, courseID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(c.Lessons, func(l *creatorclub.Lesson) bool { return l.ID == lessonID })
		if i < 0 {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "lesson_not_found")
		}
		j := i + delta
		if j < 0 || j >= len(c.Lessons) {
			return nil
		}
		c.Lessons[i], c.Lessons[j] = c.Lessons[j], c.Lessons[i]
		for k, l := range c.Lessons {
			if _, err := tx.ExecContext(ctx, `UPDATE course_lessons SET position = $1 WHERE id = $2`, k+1, l.ID); err != nil {
				return fmt.Errorf("sqldb: move lesson: %w", err)
			}
		}
		return touchCourse(ctx, tx, courseID, db.now())
	})
}

// DeleteLesson removes a lesson and returns the file keys of its materials,
// for the caller to delete once the change is committed.
func (db *DB) DeleteLesson(ctx context.Context, courseID, lessonID int64) ([]string, error) {
	var keys []string
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT file_key FROM lesson_materials WHERE lesson_id = $1`, lessonID)
		if err != nil {
			return fmt.Errorf("sqldb: lesson materials: %w", err)
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return err
			}
			keys = append(keys, k)
		}
		rows.Close()
		res, err := tx.ExecContext(ctx, `DELETE FROM course_lessons WHERE id = $1 AND course_id = $2`, lessonID, courseID)
		if n := affected(res, err); err == nil && n == 0 {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "lesson_not_found")
		} else if err != nil {
			return fmt.Errorf("sqldb: delete lesson: %w", err)
		}
		return touchCourse(ctx, tx, courseID, db.now())
	})
	return keys, err
}

// AddLessonMaterial records a file saved in the files store for a lesson.
func (db *DB) AddLessonMaterial(ctx context.Context, m *creatorclub.LessonMaterial) error {
	m.CreatedAt = db.now()
	return db.withTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO lesson_materials (lesson_id, name, content_type, size, file_key, sha256, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, m.LessonID, m.Name, m.ContentType, m.Size, m.Key, m.SHA256, m.CreatedAt).Scan(&m.ID)
		if err != nil {
			return fmt.Errorf("sqldb: add lesson material: %w", err)
		}
		return nil
	})
}

// FindLessonMaterial returns a material of a course's lesson, or ENOTFOUND.
func (db *DB) FindLessonMaterial(ctx context.Context, courseID, materialID int64) (*creatorclub.LessonMaterial, error) {
	var m creatorclub.LessonMaterial
	err := db.Read.QueryRowContext(ctx, `SELECT m.id, m.lesson_id, m.name, m.content_type, m.size, m.file_key, m.sha256, m.created_at
		FROM lesson_materials m JOIN course_lessons l ON l.id = m.lesson_id WHERE m.id = $1 AND l.course_id = $2`, materialID, courseID).
		Scan(&m.ID, &m.LessonID, &m.Name, &m.ContentType, &m.Size, &m.Key, &m.SHA256, &m.CreatedAt)
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "material_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find lesson material: %w", err)
	}
	m.CreatedAt = m.CreatedAt.UTC()
	return &m, nil
}

// DeleteLessonMaterial removes a material's record; the caller deletes the file.
func (db *DB) DeleteLessonMaterial(ctx context.Context, courseID, materialID int64) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM lesson_materials WHERE id = $1
			AND lesson_id IN (SELECT id FROM course_lessons WHERE course_id = $2)`, materialID, courseID)
		if n := affected(res, err); err == nil && n == 0 {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "material_not_found")
		} else if err != nil {
			return fmt.Errorf("sqldb: delete lesson material: %w", err)
		}
		return nil
	})
}

const quizColumns = `id, course_id, version, passing_score, max_attempts, questions, created_at`

func scanQuiz(s rowScanner) (*creatorclub.Quiz, error) {
	var q creatorclub.Quiz
	var questions string
	if err := s.Scan(&q.ID, &q.CourseID, &q.Version, &q.PassingScore, &q.MaxAttempts, &questions, &q.CreatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(questions), &q.Questions); err != nil {
		return nil, fmt.Errorf("sqldb: decode quiz %d: %w", q.ID, err)
	}
	q.CreatedAt = q.CreatedAt.UTC()
	return &q, nil
}

func currentQuiz(ctx context.Context, q queryer, courseID int64) (*creatorclub.Quiz, error) {
	quiz, err := scanQuiz(q.QueryRowContext(ctx, `SELECT `+quizColumns+` FROM quiz_versions WHERE course_id = $1 ORDER BY version DESC LIMIT 1`, courseID))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "quiz_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: current quiz of course %d: %w", courseID, err)
	}
	return quiz, nil
}

// FindQuizVersion returns one version of a quiz, or ENOTFOUND.
func (db *DB) FindQuizVersion(ctx context.Context, id int64) (*creatorclub.Quiz, error) {
	return findQuizVersion(ctx, db.Read, id)
}

func findQuizVersion(ctx context.Context, q queryer, id int64) (*creatorclub.Quiz, error) {
	quiz, err := scanQuiz(q.QueryRowContext(ctx, `SELECT `+quizColumns+` FROM quiz_versions WHERE id = $1`, id))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "quiz_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find quiz version %d: %w", id, err)
	}
	return quiz, nil
}

// SaveQuiz saves a course's quiz. The current version is changed in place
// only while the course is a draft and nobody has attempted it; otherwise
// a new version is created, and past attempts keep the version they
// answered. It sets q's ID, Version and CourseID.
func (db *DB) SaveQuiz(ctx context.Context, courseID int64, q *creatorclub.Quiz) error {
	if err := q.Validate(); err != nil {
		return err
	}
	data, err := json.Marshal(q.Questions)
	if err != nil {
		return fmt.Errorf("sqldb: encode quiz: %w", err)
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		c, err := scanCourse(tx.QueryRowContext(ctx, `SELECT `+courseColumns+` FROM courses WHERE id = $1`, courseID))
		if isNoRows(err) {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "course_not_found")
		} else if err != nil {
			return fmt.Errorf("sqldb: find course: %w", err)
		}
		now := db.now()
		cur, err := currentQuiz(ctx, tx, courseID)
		if err != nil && creatorclub.ErrorCode(err) != creatorclub.ENOTFOUND {
			return err
		}
		q.CourseID = courseID
		if cur != nil && c.Status == creatorclub.CourseDraft {
			var attempts int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM quiz_attempts WHERE quiz_id = $1`, cur.ID).Scan(&attempts); err != nil {
				return fmt.Errorf("sqldb: count attempts: %w", err)
			}
			if attempts == 0 {
				_, err := tx.ExecContext(ctx, `UPDATE quiz_versions SET passing_score = $1, max_attempts = $2, questions = $3, created_at = $4 WHERE id = $5`,
					q.PassingScore, q.MaxAttempts, string(data), now, cur.ID)
				if err != nil {
					return fmt.Errorf("sqldb: update quiz: %w", err)
				}
				q.ID, q.Version, q.CreatedAt = cur.ID, cur.Version, now
				return touchCourse(ctx, tx, courseID, now)
			}
		}
		q.Version = 1
		if cur != nil {
			q.Version = cur.Version + 1
		}
		q.CreatedAt = now
		err = tx.QueryRowContext(ctx, `INSERT INTO quiz_versions (course_id, version, passing_score, max_attempts, questions, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, courseID, q.Version, q.PassingScore, q.MaxAttempts, string(data), now).Scan(&q.ID)
		if err != nil {
			return fmt.Errorf("sqldb: add quiz version: %w", err)
		}
		return touchCourse(ctx, tx, courseID, now)
	})
}

// StartCourse records that a member opened a course (the first time only):
// the start of the time to complete.
func (db *DB) StartCourse(ctx context.Context, userID, courseID int64) error {
	return db.withTx(ctx, func(tx *sql.Tx) error { return startCourse(ctx, tx, userID, courseID, db.now()) })
}

func startCourse(ctx context.Context, tx *sql.Tx, userID, courseID int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO course_progress (user_id, course_id, started_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id, course_id) DO NOTHING`, userID, courseID, now)
	if err != nil {
		return fmt.Errorf("sqldb: start course: %w", err)
	}
	return nil
}

// lockProgress starts the course if needed and, on PostgreSQL, locks the
// member's progress row until tx ends, so that two requests of the same
// member (a double click on the last lesson, two tabs submitting) cannot
// both complete the course and issue two certificates. SQLite's single
// writer does this already.
func (db *DB) lockProgress(ctx context.Context, tx *sql.Tx, userID, courseID int64, now time.Time) error {
	if err := startCourse(ctx, tx, userID, courseID, now); err != nil {
		return err
	}
	if db.Engine != Postgres {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `SELECT 1 FROM course_progress WHERE user_id = $1 AND course_id = $2 FOR UPDATE`, userID, courseID); err != nil {
		return fmt.Errorf("sqldb: lock course progress: %w", err)
	}
	return nil
}

// MarkLessonDone records that a member finished a lesson of a published
// course. For a course without a quiz, finishing the last lesson completes
// the course and issues its certificate, which is returned (nil otherwise).
func (db *DB) MarkLessonDone(ctx context.Context, userID, courseID, lessonID int64) (*creatorclub.CourseCertificate, error) {
	var cert *creatorclub.CourseCertificate
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		c, err := findCourse(ctx, tx, courseID)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(c.Lessons, func(l *creatorclub.Lesson) bool { return l.ID == lessonID }) {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "lesson_not_found")
		}
		if c.Status != creatorclub.CoursePublished {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "course_not_published")
		}
		now := db.now()
		if err := db.lockProgress(ctx, tx, userID, courseID, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO lesson_progress (user_id, lesson_id, done_at) VALUES ($1, $2, $3)
			ON CONFLICT (user_id, lesson_id) DO NOTHING`, userID, lessonID, now); err != nil {
			return fmt.Errorf("sqldb: mark lesson done: %w", err)
		}
		if c.Quiz != nil {
			return nil
		}
		var done int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM lesson_progress p JOIN course_lessons l ON l.id = p.lesson_id
			WHERE p.user_id = $1 AND l.course_id = $2`, userID, courseID).Scan(&done); err != nil {
			return fmt.Errorf("sqldb: count lessons done: %w", err)
		}
		if done < len(c.Lessons) {
			return nil
		}
		latest, err := latestCertificate(ctx, tx, userID, courseID)
		if err != nil {
			return err
		}
		if latest != nil && !canRenew(latest, now) {
			return nil
		}
		cert, err = db.completeCourse(ctx, tx, c, userID, now)
		return err
	})
	return cert, err
}

// canRenew reports whether a member holding cert may complete the course
// again: it was revoked, has expired, or expires within RenewalWindow.
func canRenew(cert *creatorclub.CourseCertificate, now time.Time) bool {
	if cert.RevokedAt != nil {
		return true
	}
	return cert.ExpiresAt != nil && now.Add(RenewalWindow).After(*cert.ExpiresAt)
}

// completeCourse marks the course completed and issues a certificate.
func (db *DB) completeCourse(ctx context.Context, tx *sql.Tx, c *creatorclub.Course, userID int64, now time.Time) (*creatorclub.CourseCertificate, error) {
	if _, err := tx.ExecContext(ctx, `UPDATE course_progress SET completed_at = $1 WHERE user_id = $2 AND course_id = $3`, now, userID, c.ID); err != nil {
		return nil, fmt.Errorf("sqldb: complete course: %w", err)
	}
	cert := &creatorclub.CourseCertificate{UserID: userID, CourseID: c.ID, IssuedAt: now, CourseTitle: c.Title, CourseLanguage: c.Language}
	if c.RefresherMonths > 0 {
		exp := creatorclub.AddMonths(now, c.RefresherMonths)
		cert.ExpiresAt = &exp
	}
	for range 3 {
		cert.Code = newCertificateCode()
		err := tx.QueryRowContext(ctx, `INSERT INTO course_certificates (code, user_id, course_id, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5)
			RETURNING id`, cert.Code, userID, c.ID, now, utcPtr(cert.ExpiresAt)).Scan(&cert.ID)
		if isUniqueViolation(err) {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("sqldb: issue certificate: %w", err)
		}
		return cert, nil
	}
	return nil, fmt.Errorf("sqldb: issue certificate: no unique code after 3 tries")
}

// newCertificateCode returns 16 characters of base32 from 80 random bits:
// unguessable, and easy to read out or type.
func newCertificateCode() string {
	b := make([]byte, 10)
	rand.Read(b)
	return base32.StdEncoding.EncodeToString(b)
}

const certificateColumns = `c.id, c.code, c.user_id, c.course_id, c.issued_at, c.expires_at, c.revoked_at, c.revoke_reason, co.title, co.language,
	COALESCE(NULLIF(u.display_name, ''), TRIM(u.first_name || ' ' || u.last_name))`

const certificateFrom = ` FROM course_certificates c JOIN courses co ON co.id = c.course_id JOIN users u ON u.id = c.user_id `

func scanCertificate(s rowScanner) (*creatorclub.CourseCertificate, error) {
	var c creatorclub.CourseCertificate
	var exp, rev sql.NullTime
	if err := s.Scan(&c.ID, &c.Code, &c.UserID, &c.CourseID, &c.IssuedAt, &exp, &rev, &c.RevokeReason, &c.CourseTitle, &c.CourseLanguage, &c.MemberName); err != nil {
		return nil, err
	}
	c.IssuedAt, c.ExpiresAt, c.RevokedAt = c.IssuedAt.UTC(), nullTime(exp), nullTime(rev)
	return &c, nil
}

func latestCertificate(ctx context.Context, q queryer, userID, courseID int64) (*creatorclub.CourseCertificate, error) {
	c, err := scanCertificate(q.QueryRowContext(ctx, `SELECT `+certificateColumns+certificateFrom+`
		WHERE c.user_id = $1 AND c.course_id = $2 AND c.revoked_at IS NULL ORDER BY c.issued_at DESC, c.id DESC LIMIT 1`, userID, courseID))
	if isNoRows(err) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: latest certificate: %w", err)
	}
	return c, nil
}

// FindCertificateByCode returns the certificate with the code (dashes,
// spaces and case ignored), or ENOTFOUND.
func (db *DB) FindCertificateByCode(ctx context.Context, code string) (*creatorclub.CourseCertificate, error) {
	code = creatorclub.NormalizeCertificateCode(code)
	if code == "" || len(code) > 64 {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "certificate_not_found")
	}
	c, err := scanCertificate(db.Read.QueryRowContext(ctx, `SELECT `+certificateColumns+certificateFrom+` WHERE c.code = $1`, code))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "certificate_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find certificate: %w", err)
	}
	return c, nil
}

// ListCertificates returns a member's certificates, newest first.
func (db *DB) ListCertificates(ctx context.Context, userID int64) ([]*creatorclub.CourseCertificate, error) {
	rows, err := db.Read.QueryContext(ctx, `SELECT `+certificateColumns+certificateFrom+` WHERE c.user_id = $1 ORDER BY c.issued_at DESC, c.id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list certificates: %w", err)
	}
	defer rows.Close()
	var out []*creatorclub.CourseCertificate
	for rows.Next() {
		c, err := scanCertificate(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan certificate: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// RevokeCertificate revokes a certificate and writes the staff decision to
// the audit log in the same transaction. A reason is required.
func (db *DB) RevokeCertificate(ctx context.Context, code, reason string, audit *creatorclub.AuditEntry) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return creatorclub.Errorf(creatorclub.EINVALID, "certificate_revoke_reason_required")
	}
	c, err := db.FindCertificateByCode(ctx, code)
	if err != nil {
		return err
	}
	if c.RevokedAt != nil {
		return creatorclub.Errorf(creatorclub.ECONFLICT, "certificate_already_revoked")
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE course_certificates SET revoked_at = $1, revoked_by = $2, revoke_reason = $3
			WHERE id = $4 AND revoked_at IS NULL`, db.now(), audit.ActorID, reason, c.ID)
		if n := affected(res, err); err == nil && n == 0 {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "certificate_already_revoked")
		} else if err != nil {
			return fmt.Errorf("sqldb: revoke certificate: %w", err)
		}
		audit.Action, audit.TargetType, audit.TargetID, audit.Detail = creatorclub.AuditCertificateRevoke, "course_certificate", fmt.Sprint(c.ID), reason
		return db.recordAudit(ctx, tx, audit)
	})
}

const attemptColumns = `id, user_id, course_id, quiz_id, number, question_order, choice_order, answers, score, passed, started_at, submitted_at`

func scanAttempt(s rowScanner) (*creatorclub.QuizAttempt, error) {
	var a creatorclub.QuizAttempt
	var order, choices string
	var answers sql.NullString
	var sub sql.NullTime
	if err := s.Scan(&a.ID, &a.UserID, &a.CourseID, &a.QuizID, &a.Number, &order, &choices, &answers, &a.Score, &a.Passed, &a.StartedAt, &sub); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(order), &a.Order); err != nil {
		return nil, fmt.Errorf("sqldb: decode attempt order: %w", err)
	}
	if err := json.Unmarshal([]byte(choices), &a.ChoiceOrder); err != nil {
		return nil, fmt.Errorf("sqldb: decode attempt choice order: %w", err)
	}
	if answers.Valid {
		if err := json.Unmarshal([]byte(answers.String), &a.Answers); err != nil {
			return nil, fmt.Errorf("sqldb: decode attempt answers: %w", err)
		}
	}
	a.StartedAt, a.SubmittedAt = a.StartedAt.UTC(), nullTime(sub)
	return &a, nil
}

// attemptsCounted returns how many submitted attempts count against the
// limit: those since the member's latest valid certificate of the course.
func attemptsCounted(ctx context.Context, q queryer, userID, courseID int64, since *creatorclub.CourseCertificate) (int, error) {
	var after time.Time
	if since != nil {
		after = since.IssuedAt
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM quiz_attempts WHERE user_id = $1 AND course_id = $2 AND submitted_at IS NOT NULL AND started_at > $3`,
		userID, courseID, after).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqldb: count attempts: %w", err)
	}
	return n, nil
}

// StartAttempt returns the member's open attempt at the course's quiz, or
// starts one with a new shuffled order. It refuses when the course is not
// published or has no quiz (ENOTFOUND), when the member holds a valid
// certificate not yet due for renewal, or has used every attempt (ECONFLICT).
func (db *DB) StartAttempt(ctx context.Context, userID, courseID int64) (*creatorclub.QuizAttempt, error) {
	var a *creatorclub.QuizAttempt
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		c, err := findCourse(ctx, tx, courseID)
		if err != nil {
			return err
		}
		if c.Quiz == nil {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "quiz_not_found")
		}
		if c.Status != creatorclub.CoursePublished {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "course_not_published")
		}
		open, err := scanAttempt(tx.QueryRowContext(ctx, `SELECT `+attemptColumns+` FROM quiz_attempts
			WHERE user_id = $1 AND course_id = $2 AND submitted_at IS NULL`, userID, courseID))
		if err == nil {
			a = open
			return nil
		} else if !isNoRows(err) {
			return fmt.Errorf("sqldb: open attempt: %w", err)
		}
		now := db.now()
		latest, err := latestCertificate(ctx, tx, userID, courseID)
		if err != nil {
			return err
		}
		if latest != nil && !canRenew(latest, now) {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "quiz_already_passed")
		}
		used, err := attemptsCounted(ctx, tx, userID, courseID, latest)
		if err != nil {
			return err
		}
		if c.Quiz.MaxAttempts > 0 && used >= c.Quiz.MaxAttempts {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "quiz_no_attempts_left")
		}
		if err := startCourse(ctx, tx, userID, courseID, now); err != nil {
			return err
		}
		var number int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM quiz_attempts WHERE user_id = $1 AND course_id = $2`,
			userID, courseID).Scan(&number); err != nil {
			return fmt.Errorf("sqldb: next attempt number: %w", err)
		}
		order, choices := c.Quiz.ShuffleOrder(mrand.New(mrand.NewPCG(mrand.Uint64(), mrand.Uint64())))
		od, _ := json.Marshal(order)
		cd, _ := json.Marshal(choices)
		a = &creatorclub.QuizAttempt{UserID: userID, CourseID: courseID, QuizID: c.Quiz.ID, Number: number, Order: order, ChoiceOrder: choices, StartedAt: now}
		err = tx.QueryRowContext(ctx, `INSERT INTO quiz_attempts (user_id, course_id, quiz_id, number, question_order, choice_order, started_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, userID, courseID, c.Quiz.ID, number, string(od), string(cd), now).Scan(&a.ID)
		if isUniqueViolation(err) {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "quiz_attempt_busy")
		} else if err != nil {
			return fmt.Errorf("sqldb: start attempt: %w", err)
		}
		return nil
	})
	return a, err
}

// FindAttempt returns a member's attempt. An attempt of someone else, or
// one that does not exist, is ENOTFOUND alike.
func (db *DB) FindAttempt(ctx context.Context, userID, attemptID int64) (*creatorclub.QuizAttempt, error) {
	a, err := scanAttempt(db.Read.QueryRowContext(ctx, `SELECT `+attemptColumns+` FROM quiz_attempts WHERE id = $1 AND user_id = $2`, attemptID, userID))
	if isNoRows(err) {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "attempt_not_found")
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: find attempt: %w", err)
	}
	return a, nil
}

// ListAttempts returns a member's attempts at a course, first first.
func (db *DB) ListAttempts(ctx context.Context, userID, courseID int64) ([]*creatorclub.QuizAttempt, error) {
	rows, err := db.Read.QueryContext(ctx, `SELECT `+attemptColumns+` FROM quiz_attempts WHERE user_id = $1 AND course_id = $2 ORDER BY number`, userID, courseID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list attempts: %w", err)
	}
	defer rows.Close()
	var out []*creatorclub.QuizAttempt
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan attempt: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// SubmitAttempt scores a member's answers to their open attempt against the
// quiz version the attempt was started on. answers[i] holds the chosen
// choice indexes of question i of that version. Passing completes the
// course and issues a certificate, returned with the attempt. An attempt
// that is not the member's is ENOTFOUND; one already submitted, or made
// after the last attempt allowed, is ECONFLICT; incomplete answers are
// EINVALID. On error nothing is recorded.
func (db *DB) SubmitAttempt(ctx context.Context, userID, attemptID int64, answers [][]int) (*creatorclub.QuizAttempt, *creatorclub.CourseCertificate, error) {
	var a *creatorclub.QuizAttempt
	var cert *creatorclub.CourseCertificate
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = scanAttempt(tx.QueryRowContext(ctx, `SELECT `+attemptColumns+` FROM quiz_attempts WHERE id = $1 AND user_id = $2`, attemptID, userID))
		if isNoRows(err) {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "attempt_not_found")
		} else if err != nil {
			return fmt.Errorf("sqldb: find attempt: %w", err)
		}
		if a.SubmittedAt != nil {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "attempt_already_submitted")
		}
		quiz, err := findQuizVersion(ctx, tx, a.QuizID)
		if err != nil {
			return err
		}
		if err := quiz.CheckAnswers(answers); err != nil {
			return err
		}
		now := db.now()
		if err := db.lockProgress(ctx, tx, userID, a.CourseID, now); err != nil {
			return err
		}
		latest, err := latestCertificate(ctx, tx, userID, a.CourseID)
		if err != nil {
			return err
		}
		used, err := attemptsCounted(ctx, tx, userID, a.CourseID, latest)
		if err != nil {
			return err
		}
		if quiz.MaxAttempts > 0 && used >= quiz.MaxAttempts {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "quiz_no_attempts_left")
		}
		a.Answers = answers
		a.Score, _ = quiz.Score(answers)
		a.Passed = a.Score >= quiz.PassingScore
		a.SubmittedAt = &now
		data, _ := json.Marshal(answers)
		res, err := tx.ExecContext(ctx, `UPDATE quiz_attempts SET answers = $1, score = $2, passed = $3, submitted_at = $4
			WHERE id = $5 AND submitted_at IS NULL`, string(data), a.Score, a.Passed, now, a.ID)
		if n := affected(res, err); err == nil && n == 0 {
			return creatorclub.Errorf(creatorclub.ECONFLICT, "attempt_already_submitted")
		} else if err != nil {
			return fmt.Errorf("sqldb: submit attempt: %w", err)
		}
		if !a.Passed || (latest != nil && !canRenew(latest, now)) {
			return nil
		}
		c, err := findCourse(ctx, tx, a.CourseID)
		if err != nil {
			return err
		}
		cert, err = db.completeCourse(ctx, tx, c, userID, now)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return a, cert, nil
}

// Progress returns where a member stands in a course.
func (db *DB) Progress(ctx context.Context, userID int64, c *creatorclub.Course) (*creatorclub.CourseProgress, error) {
	p := &creatorclub.CourseProgress{CourseID: c.ID, UserID: userID, LessonsDone: map[int64]time.Time{}, AttemptsLeft: -1}
	var started, completed sql.NullTime
	err := db.Read.QueryRowContext(ctx, `SELECT started_at, completed_at FROM course_progress WHERE user_id = $1 AND course_id = $2`, userID, c.ID).
		Scan(&started, &completed)
	if err != nil && !isNoRows(err) {
		return nil, fmt.Errorf("sqldb: course progress: %w", err)
	}
	p.StartedAt, p.CompletedAt = nullTime(started), nullTime(completed)
	rows, err := db.Read.QueryContext(ctx, `SELECT p.lesson_id, p.done_at FROM lesson_progress p JOIN course_lessons l ON l.id = p.lesson_id
		WHERE p.user_id = $1 AND l.course_id = $2`, userID, c.ID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: lesson progress: %w", err)
	}
	for rows.Next() {
		var id int64
		var at time.Time
		if err := rows.Scan(&id, &at); err != nil {
			rows.Close()
			return nil, err
		}
		p.LessonsDone[id] = at.UTC()
	}
	rows.Close()
	if p.Certificate, err = latestCertificate(ctx, db.Read, userID, c.ID); err != nil {
		return nil, err
	}
	attempts, err := db.ListAttempts(ctx, userID, c.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range attempts {
		if a.SubmittedAt == nil {
			p.OpenAttempt = a
			continue
		}
		p.BestScore = max(p.BestScore, a.Score)
		if p.Certificate == nil || a.StartedAt.After(p.Certificate.IssuedAt) {
			p.Attempts++
		}
	}
	if c.Quiz != nil && c.Quiz.MaxAttempts > 0 {
		p.AttemptsLeft = max(c.Quiz.MaxAttempts-p.Attempts, 0)
	}
	return p, nil
}

// AddRequirement makes a published course mandatory for a segment by a due
// date in the future.
func (db *DB) AddRequirement(ctx context.Context, r *creatorclub.CourseRequirement) error {
	if !creatorclub.ValidSegment(r.Segment) {
		return creatorclub.Errorf(creatorclub.EINVALID, "requirement_segment_invalid")
	}
	now := db.now()
	if !r.DueAt.After(now) {
		return creatorclub.Errorf(creatorclub.EINVALID, "requirement_due_past")
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status FROM courses WHERE id = $1`, r.CourseID).Scan(&status)
		if isNoRows(err) {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "course_not_found")
		} else if err != nil {
			return fmt.Errorf("sqldb: find course: %w", err)
		}
		if status != creatorclub.CoursePublished {
			return creatorclub.Errorf(creatorclub.EINVALID, "requirement_course_draft")
		}
		var by any
		if r.CreatedBy != 0 {
			by = r.CreatedBy
		}
		r.CreatedAt = now
		err = tx.QueryRowContext(ctx, `INSERT INTO course_requirements (course_id, segment, due_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5)
			RETURNING id`, r.CourseID, r.Segment, utc(r.DueAt), by, now).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("sqldb: add requirement: %w", err)
		}
		return nil
	})
}

// DeleteRequirement lifts a requirement.
func (db *DB) DeleteRequirement(ctx context.Context, id int64) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM course_requirements WHERE id = $1`, id)
		if n := affected(res, err); err == nil && n == 0 {
			return creatorclub.Errorf(creatorclub.ENOTFOUND, "requirement_not_found")
		} else if err != nil {
			return fmt.Errorf("sqldb: delete requirement: %w", err)
		}
		return nil
	})
}

// ListRequirements returns the requirements, soonest due first.
func (db *DB) ListRequirements(ctx context.Context) ([]*creatorclub.CourseRequirement, error) {
	return listRequirements(ctx, db.Read, "", nil)
}

// FindRequirement returns one requirement, or ENOTFOUND.
func (db *DB) FindRequirement(ctx context.Context, id int64) (*creatorclub.CourseRequirement, error) {
	rs, err := listRequirements(ctx, db.Read, "WHERE r.id = $1", []any{id})
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "requirement_not_found")
	}
	return rs[0], nil
}

func listRequirements(ctx context.Context, q queryer, where string, args []any) ([]*creatorclub.CourseRequirement, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.id, r.course_id, r.segment, r.due_at, COALESCE(r.created_by, 0), r.created_at, c.title, c.language
		FROM course_requirements r JOIN courses c ON c.id = r.course_id `+where+` ORDER BY r.due_at, r.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: list requirements: %w", err)
	}
	defer rows.Close()
	var out []*creatorclub.CourseRequirement
	for rows.Next() {
		var r creatorclub.CourseRequirement
		if err := rows.Scan(&r.ID, &r.CourseID, &r.Segment, &r.DueAt, &r.CreatedBy, &r.CreatedAt, &r.CourseTitle, &r.CourseLanguage); err != nil {
			return nil, fmt.Errorf("sqldb: scan requirement: %w", err)
		}
		r.DueAt, r.CreatedAt = r.DueAt.UTC(), r.CreatedAt.UTC()
		out = append(out, &r)
	}
	return out, rows.Err()
}

// segmentMembers returns the active certified members a segment covers.
func (db *DB) segmentMembers(ctx context.Context, q queryer, segment string) ([]*creatorclub.User, error) {
	where := `deleted_at IS NULL AND role = 'member' AND cert_status = 'active' AND cert_expires_on >= $1`
	args := []any{dateOnly(db.now())}
	if p, ok := strings.CutPrefix(segment, creatorclub.SegmentPlatformPrefix); ok {
		where += ` AND EXISTS (SELECT 1 FROM handles h WHERE h.user_id = users.id AND h.platform = $2)`
		args = append(args, p)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE `+where+` ORDER BY last_name, first_name, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: segment members: %w", err)
	}
	defer rows.Close()
	var out []*creatorclub.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan member: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// latestCertificates returns each member's newest unrevoked certificate of a course.
func latestCertificates(ctx context.Context, q queryer, courseID int64) (map[int64]*creatorclub.CourseCertificate, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+certificateColumns+certificateFrom+`
		WHERE c.course_id = $1 AND c.revoked_at IS NULL ORDER BY c.issued_at, c.id`, courseID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: certificates of course: %w", err)
	}
	defer rows.Close()
	out := map[int64]*creatorclub.CourseCertificate{}
	for rows.Next() {
		c, err := scanCertificate(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: scan certificate: %w", err)
		}
		out[c.UserID] = c // later rows win
	}
	return out, rows.Err()
}

func dutyOf(r *creatorclub.CourseRequirement, cert *creatorclub.CourseCertificate, now time.Time) creatorclub.CourseDuty {
	d := creatorclub.CourseDuty{RequirementID: r.ID, CourseID: r.CourseID, CourseTitle: r.CourseTitle, CourseLanguage: r.CourseLanguage, DueAt: r.DueAt}
	switch {
	case cert != nil && cert.StatusAt(now) == creatorclub.CertificateValid:
		d.Status = creatorclub.DutyDone
	case cert != nil:
		d.Status = creatorclub.DutyOutOfDate
	case now.Before(r.DueAt):
		d.Status = creatorclub.DutyDue
	default:
		d.Status = creatorclub.DutyOverdue
	}
	if cert != nil {
		issued := cert.IssuedAt
		d.CompletedAt, d.ExpiresAt = &issued, cert.ExpiresAt
	}
	return d
}

// MemberDuty pairs a member with where they stand on a requirement.
type MemberDuty struct {
	User *creatorclub.User
	Duty creatorclub.CourseDuty
}

// RequirementStatus returns every member a requirement covers with their
// status, late members first.
func (db *DB) RequirementStatus(ctx context.Context, requirementID int64) ([]MemberDuty, error) {
	return db.requirementStatus(ctx, db.Read, requirementID)
}

func (db *DB) requirementStatus(ctx context.Context, q queryer, requirementID int64) ([]MemberDuty, error) {
	rs, err := listRequirements(ctx, q, "WHERE r.id = $1", []any{requirementID})
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, creatorclub.Errorf(creatorclub.ENOTFOUND, "requirement_not_found")
	}
	r := rs[0]
	members, err := db.segmentMembers(ctx, q, r.Segment)
	if err != nil {
		return nil, err
	}
	certs, err := latestCertificates(ctx, q, r.CourseID)
	if err != nil {
		return nil, err
	}
	now := db.now()
	rank := map[string]int{creatorclub.DutyOverdue: 0, creatorclub.DutyOutOfDate: 1, creatorclub.DutyDue: 2, creatorclub.DutyDone: 3}
	out := make([]MemberDuty, 0, len(members))
	for _, u := range members {
		out = append(out, MemberDuty{User: u, Duty: dutyOf(r, certs[u.ID], now)})
	}
	sort.SliceStable(out, func(i, j int) bool { return rank[out[i].Duty.Status] < rank[out[j].Duty.Status] })
	return out, nil
}

// OverdueMembers returns the members a requirement covers who have not
// completed the course by its due date, or whose certificate expired.
func (db *DB) OverdueMembers(ctx context.Context, requirementID int64) ([]*creatorclub.User, error) {
	all, err := db.RequirementStatus(ctx, requirementID)
	if err != nil {
		return nil, err
	}
	var out []*creatorclub.User
	for _, md := range all {
		if md.Duty.Status == creatorclub.DutyOverdue || md.Duty.Status == creatorclub.DutyOutOfDate {
			out = append(out, md.User)
		}
	}
	return out, nil
}

// CourseDuties returns the mandatory courses that apply to a user, soonest
// due first, each with its status. Users who are not active certified
// members have none.
func (db *DB) CourseDuties(ctx context.Context, userID int64) ([]creatorclub.CourseDuty, error) {
	u, err := findUser(ctx, db.Read, "id = $1", userID)
	if err != nil {
		return nil, err
	}
	if u.Role != creatorclub.RoleMember || !u.CanSignIn(db.now()) {
		return nil, nil
	}
	if err := loadHandles(ctx, db.Read, u); err != nil {
		return nil, err
	}
	rs, err := db.ListRequirements(ctx)
	if err != nil {
		return nil, err
	}
	now := db.now()
	seen := map[int64]bool{}
	var out []creatorclub.CourseDuty
	for _, r := range rs {
		if seen[r.CourseID] || !inSegment(u, r.Segment) {
			continue
		}
		seen[r.CourseID] = true // the soonest requirement of a course decides
		cert, err := latestCertificate(ctx, db.Read, userID, r.CourseID)
		if err != nil {
			return nil, err
		}
		out = append(out, dutyOf(r, cert, now))
	}
	return out, nil
}

func inSegment(u *creatorclub.User, segment string) bool {
	if segment == creatorclub.SegmentAll {
		return true
	}
	p, _ := strings.CutPrefix(segment, creatorclub.SegmentPlatformPrefix)
	return slices.ContainsFunc(u.Handles, func(h creatorclub.Handle) bool { return h.Platform == p })
}

// Course reminder kinds.
const (
	ReminderDue7     = "due7"     // a week before the due date
	ReminderDue1     = "due1"     // a day before
	ReminderOverdue  = "overdue"  // once, after the due date
	ReminderExpiry30 = "expiry30" // a certificate expires within 30 days
	ReminderExpired  = "expired"  // once, after it expired
)

// CourseReminder is a reminder mail due to a member.
type CourseReminder struct {
	User        *creatorclub.User
	Kind        string
	CourseID    int64
	CourseTitle string
	CourseLang  string    // the language CourseTitle is written in (the course's Language)
	At          time.Time // the due date or the expiry
	subjectKind string
	subjectID   int64
}

// CourseReminders returns, in tx, the reminders due at the store's now
// that have not been sent: for each requirement, members not done a week
// and a day before the due date and once after it; for each certificate of
// a refresher course held by an active member, one 30 days before expiry
// and one once expired. Only the most urgent kind applies at a time.
func (db *DB) CourseReminders(ctx context.Context, tx *sql.Tx) ([]CourseReminder, error) {
	now := db.now()
	var out []CourseReminder
	rs, err := listRequirements(ctx, tx, "", nil)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		var kind string
		switch {
		case !now.Before(r.DueAt):
			kind = ReminderOverdue
		case now.Add(24 * time.Hour).After(r.DueAt):
			kind = ReminderDue1
		case now.Add(7 * 24 * time.Hour).After(r.DueAt):
			kind = ReminderDue7
		default:
			continue
		}
		all, err := db.requirementStatus(ctx, tx, r.ID)
		if err != nil {
			return nil, err
		}
		for _, md := range all {
			if md.Duty.Status != creatorclub.DutyDue && md.Duty.Status != creatorclub.DutyOverdue {
				continue // done, or out of date (the expiry reminders cover it)
			}
			out = append(out, CourseReminder{User: md.User, Kind: kind, CourseID: r.CourseID, CourseTitle: r.CourseTitle, CourseLang: r.CourseLanguage, At: r.DueAt,
				subjectKind: "requirement", subjectID: r.ID})
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+certificateColumns+certificateFrom+`
		WHERE c.revoked_at IS NULL AND c.expires_at IS NOT NULL AND c.expires_at < $1
		AND NOT EXISTS (SELECT 1 FROM course_certificates n WHERE n.user_id = c.user_id AND n.course_id = c.course_id
			AND n.revoked_at IS NULL AND n.issued_at > c.issued_at)
		ORDER BY c.id`, now.Add(RenewalWindow))
	if err != nil {
		return nil, fmt.Errorf("sqldb: expiring certificates: %w", err)
	}
	var certs []*creatorclub.CourseCertificate
	for rows.Next() {
		c, err := scanCertificate(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		certs = append(certs, c)
	}
	rows.Close()
	for _, c := range certs {
		u, err := findUser(ctx, tx, "id = $1", c.UserID)
		if creatorclub.ErrorCode(err) == creatorclub.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		if u.Role != creatorclub.RoleMember || !u.CanSignIn(now) {
			continue
		}
		kind := ReminderExpiry30
		if !now.Before(*c.ExpiresAt) {
			kind = ReminderExpired
		}
		out = append(out, CourseReminder{User: u, Kind: kind, CourseID: c.CourseID, CourseTitle: c.CourseTitle, CourseLang: c.CourseLanguage, At: *c.ExpiresAt,
			subjectKind: "certificate", subjectID: c.ID})
	}
	// Drop those already sent.
	kept := out[:0]
	for _, r := range out {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM course_reminders_sent WHERE subject_kind = $1 AND subject_id = $2 AND user_id = $3 AND kind = $4`,
			r.subjectKind, r.subjectID, r.User.ID, r.Kind).Scan(&n)
		if err != nil {
			return nil, fmt.Errorf("sqldb: reminder sent: %w", err)
		}
		if n == 0 {
			kept = append(kept, r)
		}
	}
	return kept, nil
}

// MarkCourseReminderSent records in tx that a reminder went out, so a
// retried or repeated sweep does not send it twice.
func (db *DB) MarkCourseReminderSent(ctx context.Context, tx *sql.Tx, r CourseReminder) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO course_reminders_sent (subject_kind, subject_id, user_id, kind, sent_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT DO NOTHING`, r.subjectKind, r.subjectID, r.User.ID, r.Kind, db.now())
	if err != nil {
		return fmt.Errorf("sqldb: mark course reminder sent: %w", err)
	}
	return nil
}

// CourseStats returns a course's figures: how many started and completed,
// attempts and passes, the median time from start to completion, and the
// five questions least often answered fully right (grouped by text across
// versions).
func (db *DB) CourseStats(ctx context.Context, c *creatorclub.Course) (*creatorclub.CourseStats, error) {
	st := &creatorclub.CourseStats{CourseID: c.ID, Title: c.Title, Language: c.Language, Status: c.Status}
	rows, err := db.Read.QueryContext(ctx, `SELECT started_at, completed_at FROM course_progress WHERE course_id = $1`, c.ID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: course stats: %w", err)
	}
	var times []time.Duration
	for rows.Next() {
		var s time.Time
		var done sql.NullTime
		if err := rows.Scan(&s, &done); err != nil {
			rows.Close()
			return nil, err
		}
		st.Started++
		if done.Valid {
			st.Completed++
			times = append(times, done.Time.Sub(s))
		}
	}
	rows.Close()
	if len(times) > 0 {
		slices.Sort(times)
		m := len(times) / 2
		if len(times)%2 == 1 {
			st.MedianTime = times[m]
		} else {
			st.MedianTime = (times[m-1] + times[m]) / 2
		}
	}
	arows, err := db.Read.QueryContext(ctx, `SELECT `+attemptColumns+` FROM quiz_attempts WHERE course_id = $1 AND submitted_at IS NOT NULL`, c.ID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: course attempts: %w", err)
	}
	var attempts []*creatorclub.QuizAttempt
	for arows.Next() {
		a, err := scanAttempt(arows)
		if err != nil {
			arows.Close()
			return nil, err
		}
		attempts = append(attempts, a)
	}
	arows.Close()
	versions := map[int64]*creatorclub.Quiz{}
	byText := map[string]*creatorclub.QuestionStat{}
	var order []string
	for _, a := range attempts {
		st.Attempts++
		if a.Passed {
			st.PassedAttempt++
		}
		q, ok := versions[a.QuizID]
		if !ok {
			if q, err = findQuizVersion(ctx, db.Read, a.QuizID); err != nil {
				return nil, err
			}
			versions[a.QuizID] = q
		}
		_, credits := q.Score(a.Answers)
		for i, qq := range q.Questions {
			s := byText[qq.Text]
			if s == nil {
				s = &creatorclub.QuestionStat{Text: qq.Text}
				byText[qq.Text] = s
				order = append(order, qq.Text)
			}
			s.Answers++
			if credits[i] >= 1 {
				s.Correct++
			}
		}
	}
	for _, t := range order {
		st.Hardest = append(st.Hardest, *byText[t])
	}
	sort.SliceStable(st.Hardest, func(i, j int) bool { return st.Hardest[i].Rate() < st.Hardest[j].Rate() })
	if len(st.Hardest) > 5 {
		st.Hardest = st.Hardest[:5]
	}
	return st, nil
}

// affected returns the rows a statement changed, 0 when it failed.
func affected(res sql.Result, err error) int64 {
	if err != nil || res == nil {
		return 0
	}
	n, _ := res.RowsAffected()
	return n
}
