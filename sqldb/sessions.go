package sqldb

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"
)

// SessionWriter writes and deletes web sessions: the scs store of the
// engine, which also removes expired sessions.
type SessionWriter interface {
	Commit(token string, b []byte, expiry time.Time) error
	Delete(token string) error
}

// SessionStore keeps the web sessions (the scs session manager's store) in
// the sessions table. It reads through the read pool, and does not write a
// session back when only its idle expiry moved by less than refresh: with
// an idle timeout, the session manager commits every session at every
// request, and on SQLite each of those commits would queue on the single
// write connection.
type SessionStore struct {
	db      *DB
	w       SessionWriter
	refresh time.Duration
	same    func(a, b []byte) bool

	mu   sync.Mutex
	seen map[string]storedSession // token → what the table holds, as last read or written
}

type storedSession struct {
	data   []byte
	expiry time.Time
}

// maxSeenSessions bounds the memory of what the table holds; past it, the
// store forgets and writes again once per session.
const maxSeenSessions = 100_000

// NewSessionStore returns a session store writing through w; a session
// whose data did not change is written again only when its expiry moves by
// refresh or more. same reports whether two encodings hold the same data
// (nil means equal bytes; an encoder may write a map's keys in any order).
func (db *DB) NewSessionStore(w SessionWriter, refresh time.Duration, same func(a, b []byte) bool) *SessionStore {
	if same == nil {
		same = bytes.Equal
	}
	return &SessionStore{db: db, w: w, refresh: refresh, same: same, seen: map[string]storedSession{}}
}

// Find returns the data of an unexpired session.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// FindCtx returns the data of an unexpired session.
func (s *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	var expiry time.Time
	var err error
	if s.db.Engine == Postgres {
		err = queryRowPrepared(ctx, s.db.Read, `SELECT data, expiry FROM sessions WHERE token = $1 AND current_timestamp < expiry`, token).
			Scan(&data, &expiry)
	} else {
		var jd float64 // scs's sqlite3store keeps the expiry as a Julian day
		err = queryRowPrepared(ctx, s.db.Read, `SELECT data, expiry FROM sessions WHERE token = $1 AND julianday('now') < expiry`, token).
			Scan(&data, &jd)
		expiry = julianToTime(jd)
	}
	if errors.Is(err, sql.ErrNoRows) {
		s.forget(token)
		return nil, false, nil
	} else if err != nil {
		return nil, false, fmt.Errorf("sqldb: find session: %w", err)
	}
	s.remember(token, data, expiry)
	return data, true, nil
}

// Commit writes a session, unless the table already holds the same data
// with an expiry less than refresh older.
func (s *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	s.mu.Lock()
	prev, ok := s.seen[token]
	s.mu.Unlock()
	if ok && s.same(prev.data, b) && !expiry.Before(prev.expiry) && expiry.Sub(prev.expiry) < s.refresh {
		return nil
	}
	if err := s.w.Commit(token, b, expiry); err != nil {
		s.forget(token)
		return err
	}
	s.remember(token, bytes.Clone(b), expiry)
	return nil
}

// CommitCtx is Commit.
func (s *SessionStore) CommitCtx(_ context.Context, token string, b []byte, expiry time.Time) error {
	return s.Commit(token, b, expiry)
}

// Delete removes a session.
func (s *SessionStore) Delete(token string) error {
	s.forget(token)
	return s.w.Delete(token)
}

// DeleteCtx is Delete.
func (s *SessionStore) DeleteCtx(_ context.Context, token string) error { return s.Delete(token) }

func (s *SessionStore) remember(token string, data []byte, expiry time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.seen) >= maxSeenSessions {
		clear(s.seen)
	}
	s.seen[token] = storedSession{data: data, expiry: expiry}
}

func (s *SessionStore) forget(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.seen, token)
}

// julianToTime converts a Julian day (SQLite's julianday) to a time, to
// the millisecond.
func julianToTime(jd float64) time.Time {
	ms := math.Round((jd - 2440587.5) * 86400 * 1000)
	return time.UnixMilli(int64(ms)).UTC()
}
