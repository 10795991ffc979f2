-- +goose Up
-- The report of an applied roster upload, as JSON: the page after the
-- import shows it again on reload (a GET) instead of posting the file twice.
ALTER TABLE roster_uploads ADD COLUMN report TEXT;

-- +goose Down
ALTER TABLE roster_uploads DROP COLUMN report;
