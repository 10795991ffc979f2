-- +goose Up
CREATE TABLE users (
    id                INTEGER PRIMARY KEY,
    email             TEXT UNIQUE,
    first_name        TEXT NOT NULL DEFAULT '',
    last_name         TEXT NOT NULL DEFAULT '',
    display_name      TEXT NOT NULL DEFAULT '',
    search_name       TEXT NOT NULL DEFAULT '',
    bio               TEXT NOT NULL DEFAULT '',
    locale            TEXT NOT NULL DEFAULT 'fr',
    role              TEXT NOT NULL CHECK (role IN ('member','speaker','partner','moderator','safety','admin')),
    organisation      TEXT NOT NULL DEFAULT '',
    in_directory      BOOLEAN NOT NULL DEFAULT FALSE,
    cert_number       TEXT UNIQUE,
    cert_status       TEXT NOT NULL DEFAULT '',
    cert_certified_on DATE,
    cert_expires_on   DATE,
    session_epoch     INTEGER NOT NULL DEFAULT 0,
    deleted_at        TIMESTAMP,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    last_sign_in_at   TIMESTAMP
);
CREATE INDEX users_search_name ON users (search_name);

CREATE TABLE handles (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    platform TEXT NOT NULL,
    handle   TEXT NOT NULL,
    PRIMARY KEY (user_id, platform)
);
CREATE INDEX handles_handle ON handles (handle);

CREATE TABLE signin_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);
CREATE INDEX signin_tokens_user ON signin_tokens (user_id);

-- The session table has the shape the scs sqlite3store expects.
CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry REAL NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    actor_id    INTEGER NOT NULL DEFAULT 0,
    actor_email TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    target_type TEXT NOT NULL DEFAULT '',
    target_id   TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_action ON audit_log (action);
CREATE INDEX audit_log_actor ON audit_log (actor_id);

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

CREATE TABLE roster_uploads (
    id          INTEGER PRIMARY KEY,
    uploaded_by INTEGER NOT NULL REFERENCES users (id),
    filename    TEXT NOT NULL,
    content     TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    applied_at  TIMESTAMP
);

-- +goose Down
DROP TABLE roster_uploads;
DROP TABLE audit_log;
DROP TABLE sessions;
DROP TABLE signin_tokens;
DROP TABLE handles;
DROP TABLE users;
