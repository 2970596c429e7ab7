-- 0012 detection: detection settings (which method watches which disease or feed at which jurisdiction level)
-- and the record of every detection run. Signals themselves are in 0006 (signals). Owned by the detection
-- feature (src/features/detection).

-- One setting: a disease or a feed, watched at one level (each township under the jurisdiction, or the
-- jurisdiction as a whole) with one method of @outbreak/surveillance (or 'scan', the space-time permutation
-- scan over townships) and its parameters.
CREATE TABLE detection_configs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  disease_id uuid REFERENCES diseases (id),
  feed_type_id uuid REFERENCES feed_types (id),
  -- the area watched (normally the district); its townships when level = 'township'
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  level text NOT NULL CHECK (level IN ('township', 'district')),
  -- a registry name of @outbreak/surveillance ('mpm', 'fixedThreshold', 'earsC_C3' …) or 'scan'
  method text NOT NULL,
  parameters jsonb NOT NULL DEFAULT '{}'::jsonb,
  date_basis text NOT NULL DEFAULT 'onset' CHECK (date_basis IN ('onset', 'report')),
  enabled boolean NOT NULL DEFAULT true,
  -- cron (5 fields, UTC); the default is 06:00 in Asia/Shanghai (UTC+8, no daylight saving)
  schedule text NOT NULL DEFAULT '0 22 * * *',
  -- when the schedule last ran this setting (so each cron time runs once)
  last_scheduled_at timestamptz,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(disease_id, feed_type_id) = 1),
  CHECK (method <> 'scan' OR (level = 'township' AND disease_id IS NOT NULL))
);
-- one setting per subject, place, level and method
CREATE UNIQUE INDEX detection_configs_subject_idx ON detection_configs
  (coalesce(disease_id, feed_type_id), jurisdiction_id, level, method);
CREATE INDEX detection_configs_jurisdiction_idx ON detection_configs (jurisdiction_id);

-- One run of detection (scheduled, "run now" or the demo): what it evaluated and what it found.
CREATE TABLE detection_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual', 'demo')),
  -- the last day evaluated (district calendar)
  as_of date NOT NULL,
  -- the settings asked for; NULL = every enabled setting
  config_ids uuid[],
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  configs_evaluated integer NOT NULL DEFAULT 0,
  series_evaluated integer NOT NULL DEFAULT 0,
  -- series the method could not evaluate (too little history …), with reasons in details
  series_failed integer NOT NULL DEFAULT 0,
  signals_created integer NOT NULL DEFAULT 0,
  -- alerts the intake opened or that absorbed this run's signals
  alerts_created integer NOT NULL DEFAULT 0,
  alerts_updated integer NOT NULL DEFAULT 0,
  error text,
  -- per setting: series, failures (first reasons), signals, milliseconds
  details jsonb NOT NULL DEFAULT '[]'::jsonb,
  actor_id uuid REFERENCES users (id),
  CHECK (finished_at IS NULL OR finished_at >= started_at)
);
CREATE INDEX detection_runs_started_idx ON detection_runs (started_at DESC);
CREATE INDEX detection_runs_as_of_idx ON detection_runs (as_of, trigger);

CREATE INDEX signals_run_idx ON signals (run_id);
