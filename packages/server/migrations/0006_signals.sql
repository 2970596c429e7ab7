-- 0006 signals: machine output of detection (DOMAIN.md §3). A signal explains itself (observed, baseline,
-- threshold, method, parameters); alerts (0007) absorb signals. Owned by the detection feature
-- (src/features/detection), which adds its configuration and run tables in its own migration.

CREATE TABLE signals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- what was monitored: a disease or a feed (exactly one)
  disease_id uuid REFERENCES diseases (id),
  feed_type_id uuid REFERENCES feed_types (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  -- 'aberration': a temporal method on one series; 'cluster': a space-time scan cluster
  kind text NOT NULL CHECK (kind IN ('aberration', 'cluster')),
  method text NOT NULL,
  parameters jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- the period evaluated (a day, or the 7 days moved daily, or a scan window)
  period_start date NOT NULL,
  period_end date NOT NULL,
  -- counts by onset or by report date
  date_basis text NOT NULL DEFAULT 'onset' CHECK (date_basis IN ('onset', 'report')),
  observed double precision NOT NULL,
  expected double precision,
  threshold double precision,
  -- why it fired: baseline values, scores, for clusters the locations, p-value and recurrence interval
  explanation jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- the detection run that produced it (detection's own table), and the alert that absorbed it
  run_id uuid,
  alert_id uuid,
  -- identical re-runs produce the same key and are not stored twice (idempotent detection)
  dedupe_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(disease_id, feed_type_id) = 1),
  CHECK (period_end >= period_start)
);
CREATE INDEX signals_disease_period_idx ON signals (disease_id, period_end);
CREATE INDEX signals_jurisdiction_idx ON signals (jurisdiction_id, period_end);
CREATE INDEX signals_alert_idx ON signals (alert_id);
