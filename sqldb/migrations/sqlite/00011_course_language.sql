-- +goose Up
-- The language a course is written in, so that pages mark its text with
-- lang="…" when it differs from the page's (WCAG 2.1 SC 3.1.2). Existing
-- courses are in French. The languages allowed are the club's, checked by
-- the application (creatorclub.Languages), as for users' locale.
ALTER TABLE courses ADD COLUMN language TEXT NOT NULL DEFAULT 'fr';

-- +goose Down
ALTER TABLE courses DROP COLUMN language;
