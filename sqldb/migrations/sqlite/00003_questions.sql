-- +goose Up
CREATE TABLE question_boxes (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    slot_id    INTEGER NOT NULL DEFAULT 0,
    moderation TEXT NOT NULL DEFAULT 'post',
    opens_at   TIMESTAMP,
    closes_at  TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (event_id, slot_id)
);

CREATE TABLE questions (
    id            INTEGER PRIMARY KEY,
    box_id        INTEGER NOT NULL REFERENCES question_boxes (id) ON DELETE CASCADE,
    event_id      INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    author_id     INTEGER NOT NULL REFERENCES users (id),
    visibility    TEXT NOT NULL,
    text          TEXT NOT NULL,
    original_text TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,
    answered      BOOLEAN NOT NULL DEFAULT FALSE,
    pinned        BOOLEAN NOT NULL DEFAULT FALSE,
    merged_into   INTEGER NOT NULL DEFAULT 0,
    votes         INTEGER NOT NULL DEFAULT 0,
    flagged       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX questions_event ON questions (event_id);
CREATE INDEX questions_author ON questions (author_id);

CREATE TABLE question_votes (
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (question_id, user_id)
);

CREATE TABLE question_log (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL,
    question_id INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX question_log_event ON question_log (event_id, id);

CREATE TABLE question_reports (
    id          INTEGER PRIMARY KEY,
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    reporter_id INTEGER NOT NULL REFERENCES users (id),
    reason      TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (question_id, reporter_id)
);

-- +goose Down
DROP TABLE question_reports;
DROP TABLE question_log;
DROP TABLE question_votes;
DROP TABLE questions;
DROP TABLE question_boxes;
