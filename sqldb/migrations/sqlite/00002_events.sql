-- +goose Up
ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN reminders BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE users ADD COLUMN feed_token TEXT;
CREATE UNIQUE INDEX users_feed_token ON users (feed_token);
UPDATE users SET feed_token = lower(hex(randomblob(32))) WHERE deleted_at IS NULL;

CREATE TABLE event_series (
    id         INTEGER PRIMARY KEY,
    rrule      TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE events (
    id                    INTEGER PRIMARY KEY,
    series_id             INTEGER REFERENCES event_series (id),
    kind                  TEXT NOT NULL,
    title                 TEXT NOT NULL,
    description           TEXT NOT NULL DEFAULT '',
    starts_at             TIMESTAMP NOT NULL,
    ends_at               TIMESTAMP NOT NULL,
    time_zone             TEXT NOT NULL,
    audience              TEXT NOT NULL,
    capacity              INTEGER NOT NULL DEFAULT 0,
    status                TEXT NOT NULL,
    registration_deadline TIMESTAMP,
    room_kind             TEXT NOT NULL DEFAULT '',
    room                  TEXT NOT NULL DEFAULT '',
    replay_url            TEXT NOT NULL DEFAULT '',
    sequence              INTEGER NOT NULL DEFAULT 0,
    co_organisers         TEXT NOT NULL DEFAULT '',
    created_by            INTEGER NOT NULL REFERENCES users (id),
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL
);
CREATE INDEX events_starts_at ON events (starts_at);

CREATE TABLE event_slots (
    id            INTEGER PRIMARY KEY,
    event_id      INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    speaker_name  TEXT NOT NULL,
    speaker_role  TEXT NOT NULL DEFAULT '',
    speaker_org   TEXT NOT NULL DEFAULT '',
    speaker_email TEXT NOT NULL DEFAULT '',
    speaker_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    topic         TEXT NOT NULL,
    minutes       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX event_slots_event ON event_slots (event_id);
CREATE INDEX event_slots_speaker ON event_slots (speaker_id);

CREATE TABLE registrations (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status      TEXT NOT NULL,
    join_token  TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    attended_at TIMESTAMP,
    UNIQUE (event_id, user_id)
);
CREATE INDEX registrations_user ON registrations (user_id);

CREATE TABLE reminders_sent (
    event_id  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    sent_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (event_id, user_id, kind, starts_at)
);

CREATE TABLE event_materials (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    file_key     TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_by  INTEGER NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE event_materials;
DROP TABLE reminders_sent;
DROP TABLE registrations;
DROP TABLE event_slots;
DROP TABLE events;
DROP TABLE event_series;
DROP INDEX users_feed_token;
ALTER TABLE users DROP COLUMN feed_token;
ALTER TABLE users DROP COLUMN reminders;
ALTER TABLE users DROP COLUMN time_zone;
