-- 0020 detection: a scheduled run that fails is retried with back-off; each attempt is its own row of
-- detection_runs, and the row says which attempt of how many it was, which firing of the schedule it belongs to,
-- and (a failed attempt) when the next attempt is due. Runs made by hand or by the demo are attempt 1 of 1.
-- Owned by the detection feature (src/features/detection).
ALTER TABLE detection_runs ADD COLUMN attempt integer NOT NULL DEFAULT 1;
ALTER TABLE detection_runs ADD COLUMN max_attempts integer NOT NULL DEFAULT 1;
ALTER TABLE detection_runs ADD COLUMN fired_at timestamptz;
ALTER TABLE detection_runs ADD COLUMN retry_at timestamptz;
CREATE INDEX detection_runs_fired_idx ON detection_runs (fired_at) WHERE fired_at IS NOT NULL;
