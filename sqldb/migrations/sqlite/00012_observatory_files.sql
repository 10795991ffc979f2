-- +goose Up
-- The observatory keeps its corpora and reports in the file store (the
-- data directory's files folder or the S3 bucket) instead of
-- DATA_DIR/observatory, so that every instance sharing the database reads
-- them. A corpus's file_key becomes its key in the store; the files an
-- earlier version left in DATA_DIR/observatory are moved there when the
-- instance that holds them starts (jobs.Observatory.MoveLegacyFiles), which
-- fills content_type, '' until then.
ALTER TABLE observatory_corpora ADD COLUMN content_type TEXT NOT NULL DEFAULT '';

-- The files of a finished report, one row per file, recorded in the same
-- transaction that marks the analysis done. No cascade from the analysis:
-- whoever deletes an analysis deletes its files from the store first, or
-- they would stay there, named by nothing.
CREATE TABLE observatory_report_files (
    id           INTEGER PRIMARY KEY,
    analysis_id  INTEGER NOT NULL REFERENCES observatory_analyses (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    file_key     TEXT NOT NULL UNIQUE,
    sha256       TEXT NOT NULL,
    UNIQUE (analysis_id, name)
);

-- +goose Down
DROP TABLE observatory_report_files;
ALTER TABLE observatory_corpora DROP COLUMN content_type;
