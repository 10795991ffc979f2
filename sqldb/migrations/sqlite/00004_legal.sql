-- +goose Up
ALTER TABLE users ADD COLUMN newsletter BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE users ADD COLUMN legal_alerts BOOLEAN NOT NULL DEFAULT TRUE;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE legal_items (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    summary       TEXT NOT NULL,
    source_url    TEXT NOT NULL,
    published_on  DATE NOT NULL,
    effective_on  DATE,
    topics        TEXT NOT NULL DEFAULT '',
    important     BOOLEAN NOT NULL DEFAULT FALSE,
    status        TEXT NOT NULL,
    created_by    INTEGER NOT NULL REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    published_at  TIMESTAMP,
    alert_sent_at TIMESTAMP
);
CREATE INDEX legal_items_published_on ON legal_items (published_on);

CREATE TABLE legal_imports (
    id            INTEGER PRIMARY KEY,
    feed_url      TEXT NOT NULL,
    guid          TEXT NOT NULL,
    title         TEXT NOT NULL,
    summary       TEXT NOT NULL DEFAULT '',
    link          TEXT NOT NULL,
    published_at  TIMESTAMP NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending',
    legal_item_id INTEGER REFERENCES legal_items (id) ON DELETE SET NULL,
    fetched_at    TIMESTAMP NOT NULL,
    reviewed_by   INTEGER REFERENCES users (id),
    reviewed_at   TIMESTAMP,
    UNIQUE (feed_url, guid)
);

-- +goose Down
DROP TABLE legal_imports;
DROP TABLE legal_items;
DROP TABLE settings;
ALTER TABLE users DROP COLUMN legal_alerts;
ALTER TABLE users DROP COLUMN newsletter;
