-- +goose Up
CREATE TABLE observatory_corpora (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    file_key    TEXT NOT NULL UNIQUE,
    size_bytes  BIGINT NOT NULL,
    sha256      TEXT NOT NULL,
    format      TEXT NOT NULL DEFAULT '',
    mapping     TEXT NOT NULL DEFAULT '',
    uploaded_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    uploaded_at TIMESTAMP NOT NULL
);

CREATE TABLE observatory_analyses (
    id            INTEGER PRIMARY KEY,
    corpus_id     INTEGER NOT NULL REFERENCES observatory_corpora (id) ON DELETE CASCADE,
    cutoff        DATE NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    progress      REAL NOT NULL DEFAULT 0,
    posts         BIGINT NOT NULL DEFAULT 0,
    bad_records   BIGINT NOT NULL DEFAULT 0,
    error         TEXT NOT NULL DEFAULT '',
    report_key    TEXT NOT NULL UNIQUE,
    commercial    REAL NOT NULL DEFAULT 0,
    compliant     REAL NOT NULL DEFAULT 0,
    improvable    REAL NOT NULL DEFAULT 0,
    non_compliant REAL NOT NULL DEFAULT 0,
    created_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at    TIMESTAMP NOT NULL,
    started_at    TIMESTAMP,
    heartbeat_at  TIMESTAMP,
    finished_at   TIMESTAMP,
    published_at  TIMESTAMP
);
CREATE INDEX observatory_analyses_corpus ON observatory_analyses (corpus_id);
CREATE INDEX observatory_analyses_published ON observatory_analyses (published_at);

-- +goose Down
DROP TABLE observatory_analyses;
DROP TABLE observatory_corpora;
