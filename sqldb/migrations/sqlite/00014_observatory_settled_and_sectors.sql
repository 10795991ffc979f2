-- +goose Up
-- The verdict that settles a post whose two readings differ, given by an
-- analyst who sees both (often the two readers together). It replaces the
-- first reading in the corrected shares and in the evaluation set made
-- from the review; the two readings stay as they were given, so the
-- agreement between analysts (Cohen's kappa) is not flattered by the
-- settling. One per post; deleted with the corpus.
CREATE TABLE observatory_settled_reviews (
    id          INTEGER PRIMARY KEY,
    corpus_id   INTEGER NOT NULL REFERENCES observatory_corpora (id),
    post_id     TEXT NOT NULL,
    commercial  BOOLEAN NOT NULL,
    disclosure  TEXT NOT NULL CHECK (disclosure IN ('', 'compliant', 'improvable', 'non_compliant')),
    note        TEXT NOT NULL DEFAULT '',
    reviewer_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    sectors     TEXT NOT NULL DEFAULT '',
    sectors_reviewed BOOLEAN NOT NULL DEFAULT FALSE,
    reviewed_at TIMESTAMP NOT NULL,
    UNIQUE (corpus_id, post_id),
    CHECK ((commercial AND disclosure <> '') OR (NOT commercial AND disclosure = ''))
);

-- The restricted sectors a reviewer saw the post promote (names of the
-- rule set's sectors, comma-separated, sorted), asked with the verdict;
-- sectors_reviewed is false for verdicts given before the form asked.
ALTER TABLE observatory_reviews ADD COLUMN sectors TEXT NOT NULL DEFAULT '';
ALTER TABLE observatory_reviews ADD COLUMN sectors_reviewed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE observatory_second_reviews ADD COLUMN sectors TEXT NOT NULL DEFAULT '';
ALTER TABLE observatory_second_reviews ADD COLUMN sectors_reviewed BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE observatory_second_reviews DROP COLUMN sectors_reviewed;
ALTER TABLE observatory_second_reviews DROP COLUMN sectors;
ALTER TABLE observatory_reviews DROP COLUMN sectors_reviewed;
ALTER TABLE observatory_reviews DROP COLUMN sectors;
DROP TABLE observatory_settled_reviews;
