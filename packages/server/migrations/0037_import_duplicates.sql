-- Re-importing a file no longer duplicates its cases silently (issue 12, item 2).
-- The file's SHA-256 (of its bytes as uploaded) tells a clerk that the same file was imported before, when and by
-- whom; the rows that match reports already filed (the duplicate rules of the cases feature: same disease, same
-- identity number or same name and birth date, diagnosed at most 30 days apart) are listed at validation, and
-- the clerk chooses per run (and per row) to skip them, update the report with the row, or import them anyway.
ALTER TABLE import_jobs
  ADD COLUMN file_sha256 text,
  -- the matches found at validation (row, report, kind of match …; no personal data), first 5,000
  ADD COLUMN matches jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN matched_rows integer NOT NULL DEFAULT 0,
  -- the choice of the run: what to do with a row matching a report ('skip' | 'update' | 'import'), and per row
  ADD COLUMN duplicate_action text CHECK (duplicate_action IN ('skip', 'update', 'import')),
  ADD COLUMN row_actions jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- what the run did with the matching rows
  ADD COLUMN skipped_rows integer NOT NULL DEFAULT 0,
  ADD COLUMN updated_rows integer NOT NULL DEFAULT 0;

CREATE INDEX import_jobs_file_sha256_idx ON import_jobs (file_sha256) WHERE file_sha256 IS NOT NULL;
