-- +goose Up
-- The safety desk. Message bodies, attachment names and bytes, statements
-- and appeals are stored sealed (AES-256-GCM, key from configuration).
CREATE TABLE safety_cases (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL,
    category          TEXT NOT NULL,
    status            TEXT NOT NULL,
    priority          INTEGER NOT NULL,
    urgent            BOOLEAN NOT NULL DEFAULT FALSE,
    reporter_id       INTEGER NOT NULL DEFAULT 0,
    target_type       TEXT NOT NULL DEFAULT '',
    target_id         INTEGER NOT NULL DEFAULT 0,
    target_user_id    INTEGER NOT NULL DEFAULT 0,
    external_url      TEXT NOT NULL DEFAULT '',
    external_handle   TEXT NOT NULL DEFAULT '',
    external_platform TEXT NOT NULL DEFAULT '',
    assignee_id       INTEGER NOT NULL DEFAULT 0,
    merged_into       INTEGER NOT NULL DEFAULT 0,
    unfounded         BOOLEAN NOT NULL DEFAULT FALSE,
    question_report_id INTEGER NOT NULL DEFAULT 0,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    due_at            TIMESTAMP NOT NULL,
    first_response_at TIMESTAMP,
    closed_at         TIMESTAMP
);
CREATE INDEX safety_cases_status ON safety_cases (status, due_at);
CREATE INDEX safety_cases_reporter ON safety_cases (reporter_id);
CREATE INDEX safety_cases_target ON safety_cases (target_type, target_id);

CREATE TABLE safety_messages (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES safety_cases (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL,
    from_staff BOOLEAN NOT NULL,
    internal   BOOLEAN NOT NULL,
    body       BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX safety_messages_case ON safety_messages (case_id, id);

CREATE TABLE safety_attachments (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES safety_cases (id) ON DELETE CASCADE,
    message_id   INTEGER NOT NULL,
    uploaded_by  INTEGER NOT NULL,
    name         BLOB NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    received_at  TIMESTAMP NOT NULL,
    data         BLOB NOT NULL
);
CREATE INDEX safety_attachments_case ON safety_attachments (case_id);

CREATE TABLE safety_case_events (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES safety_cases (id) ON DELETE CASCADE,
    actor_id   INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    detail     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX safety_case_events_case ON safety_case_events (case_id, id);

CREATE TABLE safety_decisions (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES safety_cases (id) ON DELETE CASCADE,
    target_user_id INTEGER NOT NULL,
    action         TEXT NOT NULL,
    ground         TEXT NOT NULL,
    facts          BLOB NOT NULL,
    content        BLOB NOT NULL,
    previous       TEXT NOT NULL DEFAULT '',
    until          TIMESTAMP,
    decided_by     INTEGER NOT NULL,
    decided_at     TIMESTAMP NOT NULL,
    reversed_at    TIMESTAMP
);
CREATE INDEX safety_decisions_user ON safety_decisions (target_user_id);

CREATE TABLE safety_appeals (
    id          INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES safety_decisions (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    text        BLOB NOT NULL,
    status      TEXT NOT NULL,
    reviewer_id INTEGER NOT NULL DEFAULT 0,
    outcome     BLOB,
    created_at  TIMESTAMP NOT NULL,
    reviewed_at TIMESTAMP,
    UNIQUE (decision_id)
);

CREATE TABLE safety_restrictions (
    user_id     INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    until       TIMESTAMP,
    decision_id INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE safety_misuse (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    case_id    INTEGER NOT NULL,
    until      TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX safety_misuse_user ON safety_misuse (user_id);

-- +goose Down
DROP TABLE safety_misuse;
DROP TABLE safety_restrictions;
DROP TABLE safety_appeals;
DROP TABLE safety_decisions;
DROP TABLE safety_case_events;
DROP TABLE safety_attachments;
DROP TABLE safety_messages;
DROP TABLE safety_cases;
