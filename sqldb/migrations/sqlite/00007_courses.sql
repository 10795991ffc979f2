-- +goose Up
CREATE TABLE courses (
    id               INTEGER PRIMARY KEY,
    title            TEXT NOT NULL,
    summary          TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    refresher_months INTEGER NOT NULL DEFAULT 0,
    created_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    published_at     TIMESTAMP
);

CREATE TABLE course_lessons (
    id        INTEGER PRIMARY KEY,
    course_id INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    title     TEXT NOT NULL,
    body      TEXT NOT NULL DEFAULT '',
    video_url TEXT NOT NULL DEFAULT '',
    event_id  INTEGER NOT NULL DEFAULT 0,
    minutes   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX course_lessons_course ON course_lessons (course_id, position);

CREATE TABLE lesson_materials (
    id           INTEGER PRIMARY KEY,
    lesson_id    INTEGER NOT NULL REFERENCES course_lessons (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    file_key     TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE quiz_versions (
    id            INTEGER PRIMARY KEY,
    course_id     INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    passing_score INTEGER NOT NULL,
    max_attempts  INTEGER NOT NULL,
    questions     TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (course_id, version)
);

CREATE TABLE course_progress (
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id    INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    started_at   TIMESTAMP NOT NULL,
    completed_at TIMESTAMP,
    PRIMARY KEY (user_id, course_id)
);

CREATE TABLE lesson_progress (
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lesson_id INTEGER NOT NULL REFERENCES course_lessons (id) ON DELETE CASCADE,
    done_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, lesson_id)
);

CREATE TABLE quiz_attempts (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id    INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    quiz_id      INTEGER NOT NULL REFERENCES quiz_versions (id),
    number       INTEGER NOT NULL,
    question_order TEXT NOT NULL,
    choice_order TEXT NOT NULL,
    answers      TEXT,
    score        INTEGER NOT NULL DEFAULT 0,
    passed       BOOLEAN NOT NULL DEFAULT FALSE,
    started_at   TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP
);
CREATE UNIQUE INDEX quiz_attempts_number ON quiz_attempts (user_id, course_id, number);
-- One open attempt per member and course: a second start resumes it.
CREATE UNIQUE INDEX quiz_attempts_open ON quiz_attempts (user_id, course_id) WHERE submitted_at IS NULL;

CREATE TABLE course_certificates (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id     INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    issued_at     TIMESTAMP NOT NULL,
    expires_at    TIMESTAMP,
    revoked_at    TIMESTAMP,
    revoked_by    INTEGER,
    revoke_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX course_certificates_user ON course_certificates (user_id, course_id);

CREATE TABLE course_requirements (
    id         INTEGER PRIMARY KEY,
    course_id  INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    segment    TEXT NOT NULL,
    due_at     TIMESTAMP NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE course_reminders_sent (
    subject_kind TEXT NOT NULL,
    subject_id   INTEGER NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    sent_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (subject_kind, subject_id, user_id, kind)
);

-- +goose Down
DROP TABLE course_reminders_sent;
DROP TABLE course_requirements;
DROP TABLE course_certificates;
DROP TABLE quiz_attempts;
DROP TABLE lesson_progress;
DROP TABLE course_progress;
DROP TABLE quiz_versions;
DROP TABLE lesson_materials;
DROP TABLE course_lessons;
DROP TABLE courses;
