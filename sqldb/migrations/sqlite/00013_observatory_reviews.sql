-- +goose Up
-- An analyst's own verdict on a post of a corpus, given without seeing the
-- engine's: the review sample of an analysis (analysis.ReviewSample) is
-- labelled here, and the staff page measures the engine on the corpus and
-- corrects its shares from these rows. A verdict belongs to the corpus,
-- not to one analysis: it stays true when the corpus is analysed again
-- with other rules or another cut-off. One row per post: a second review
-- replaces the first (the audit log keeps both). Deleted with the corpus.
CREATE TABLE observatory_reviews (
    id          INTEGER PRIMARY KEY,
    corpus_id   INTEGER NOT NULL REFERENCES observatory_corpora (id),
    post_id     TEXT NOT NULL,
    commercial  BOOLEAN NOT NULL,
    disclosure  TEXT NOT NULL CHECK (disclosure IN ('', 'compliant', 'improvable', 'non_compliant')),
    note        TEXT NOT NULL DEFAULT '',
    reviewer_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reviewed_at TIMESTAMP NOT NULL,
    UNIQUE (corpus_id, post_id),
    CHECK ((commercial AND disclosure <> '') OR (NOT commercial AND disclosure = ''))
);

-- A second reading of a post already reviewed, by another analyst who does
-- not see the first verdict: it measures how far analysts agree (Cohen's
-- kappa) and flags the posts to settle. The first verdict alone enters the
-- corrected shares. One per post; deleted with the corpus.
CREATE TABLE observatory_second_reviews (
    id          INTEGER PRIMARY KEY,
    corpus_id   INTEGER NOT NULL REFERENCES observatory_corpora (id),
    post_id     TEXT NOT NULL,
    commercial  BOOLEAN NOT NULL,
    disclosure  TEXT NOT NULL CHECK (disclosure IN ('', 'compliant', 'improvable', 'non_compliant')),
    note        TEXT NOT NULL DEFAULT '',
    reviewer_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reviewed_at TIMESTAMP NOT NULL,
    UNIQUE (corpus_id, post_id),
    CHECK ((commercial AND disclosure <> '') OR (NOT commercial AND disclosure = ''))
);

-- +goose Down
DROP TABLE observatory_second_reviews;
DROP TABLE observatory_reviews;
