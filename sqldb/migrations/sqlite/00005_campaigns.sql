-- +goose Up
-- A member whose address bounced (5xx) three times in a row is undeliverable:
-- no campaign picks them until the address is fixed.
ALTER TABLE users ADD COLUMN hard_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN undeliverable BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE campaigns (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    subject      TEXT NOT NULL,
    body         TEXT NOT NULL,
    audience     TEXT NOT NULL,
    status       TEXT NOT NULL,
    scheduled_at TIMESTAMP,
    created_by   INTEGER NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    started_at   TIMESTAMP,
    finished_at  TIMESTAMP,
    -- The sender holding the right to send the campaign, until when.
    lease_holder TEXT NOT NULL DEFAULT '',
    lease_until  TIMESTAMP
);
CREATE INDEX campaigns_status ON campaigns (status, scheduled_at);

-- One row per recipient, written when the campaign starts. For a pending
-- delivery next_attempt_at is when to try; once sent or failed it holds the
-- time that happened, so that the claim index also counts recent sends.
CREATE TABLE campaign_deliveries (
    campaign_id     INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    email           TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    message_id      TEXT NOT NULL,
    sent_at         TIMESTAMP,
    next_attempt_at TIMESTAMP NOT NULL,
    PRIMARY KEY (campaign_id, user_id)
);
CREATE INDEX campaign_deliveries_claim ON campaign_deliveries (campaign_id, status, next_attempt_at, user_id);
CREATE INDEX campaign_deliveries_user ON campaign_deliveries (user_id);

-- +goose Down
DROP TABLE campaign_deliveries;
DROP TABLE campaigns;
ALTER TABLE users DROP COLUMN undeliverable;
ALTER TABLE users DROP COLUMN hard_failures;
