-- +goose Up
-- The monitoring committee: calls for applications, applications and their
-- reviews, terms of office, the committee's documents and discussion threads;
-- the members' in-app notifications, home marks and certification reminders.
ALTER TABLE users ADD COLUMN committee_notices BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE users ADD COLUMN committee_public BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE committee_calls (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    opens_at    TIMESTAMP NOT NULL,
    closes_at   TIMESTAMP NOT NULL,
    seats       INTEGER NOT NULL,
    term_months INTEGER NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE committee_applications (
    id               INTEGER PRIMARY KEY,
    call_id          INTEGER NOT NULL REFERENCES committee_calls (id),
    user_id          INTEGER NOT NULL REFERENCES users (id),
    motivation       TEXT NOT NULL,
    platforms        TEXT NOT NULL DEFAULT '',
    audience_size    INTEGER NOT NULL DEFAULT 0,
    conflicts        TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL,
    decision_message TEXT NOT NULL DEFAULT '',
    decided_by       INTEGER REFERENCES users (id),
    decided_at       TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    UNIQUE (call_id, user_id)
);

CREATE TABLE committee_reviews (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES committee_applications (id),
    reviewer_id    INTEGER NOT NULL REFERENCES users (id),
    score          INTEGER NOT NULL,
    comment        TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (application_id, reviewer_id)
);

CREATE TABLE committee_terms (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users (id),
    application_id INTEGER REFERENCES committee_applications (id),
    renewal_of     INTEGER REFERENCES committee_terms (id),
    role           TEXT NOT NULL,
    starts_on      DATE NOT NULL,
    ends_on        DATE NOT NULL,
    ended_at       TIMESTAMP,
    end_reason     TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX committee_terms_user ON committee_terms (user_id);

CREATE TABLE committee_documents (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    meeting_id  INTEGER REFERENCES events (id),
    created_by  INTEGER NOT NULL REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE committee_document_versions (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES committee_documents (id),
    number       INTEGER NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    file_key     TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    uploaded_by  INTEGER NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (document_id, number)
);

CREATE TABLE committee_posts (
    id          INTEGER PRIMARY KEY,
    thread_kind TEXT NOT NULL,
    thread_id   INTEGER NOT NULL,
    author_id   INTEGER NOT NULL REFERENCES users (id),
    body        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX committee_posts_thread ON committee_posts (thread_kind, thread_id, id);

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    link       TEXT NOT NULL,
    read_at    TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX notifications_user ON notifications (user_id, id);

CREATE TABLE home_marks (
    user_id       INTEGER PRIMARY KEY REFERENCES users (id),
    legal_seen_at TIMESTAMP NOT NULL
);

CREATE TABLE cert_reminders (
    user_id    INTEGER NOT NULL REFERENCES users (id),
    expires_on DATE NOT NULL,
    threshold  INTEGER NOT NULL,
    sent_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, expires_on, threshold)
);

-- +goose Down
DROP TABLE cert_reminders;
DROP TABLE home_marks;
DROP TABLE notifications;
DROP TABLE committee_posts;
DROP TABLE committee_document_versions;
DROP TABLE committee_documents;
DROP TABLE committee_terms;
DROP TABLE committee_reviews;
DROP TABLE committee_applications;
DROP TABLE committee_calls;
ALTER TABLE users DROP COLUMN committee_public;
ALTER TABLE users DROP COLUMN committee_notices;
