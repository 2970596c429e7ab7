-- 0060 exercises: exercises run through the real platform and scored from its timestamps (issue 19, items 1–3;
-- docs/exercises.md). Owned by the exercises feature (src/features/exercises), a read model above the response.
--
-- The exercise mark: every record an exercise creates in another feature's table carries its exercise_id
-- (case reports, feed counts, signals, detection runs, alerts, incidents, inbox notifications). Case reports of
-- an exercise have status 'exercise' instead of 'active', so every real figure — the daily aggregate of 0014,
-- detection, reports, bulletins, the public portal — already leaves them out by its "status = 'active'" rule.

CREATE TABLE exercises (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL CHECK (title <> ''),
  -- HSEEP / WHO SimEx types
  type text NOT NULL CHECK (type IN ('tabletop', 'drill', 'functional', 'full_scale')),
  objectives text[] NOT NULL DEFAULT '{}',
  scenario text NOT NULL DEFAULT '',
  -- the exercise's area: injects land in it, and it scopes who sees the exercise
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  participant_agency_ids uuid[] NOT NULL DEFAULT '{}',
  participant_township_ids uuid[] NOT NULL DEFAULT '{}',
  evaluator_ids uuid[] NOT NULL DEFAULT '{}',
  -- [{ "key": "verify", "title": "…", "titleEn": "…" }]: what the evaluators rate P/S/M/U
  critical_tasks jsonb NOT NULL DEFAULT '[]'::jsonb,
  scheduled_date date NOT NULL,
  -- the only outbound channel (webhook, e-mail) the exercise's notifications may use; null: none leaves
  test_channel_id uuid REFERENCES notification_channels (id),
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'running', 'paused', 'stopped', 'closed')),
  started_at timestamptz,
  -- [{ "from": "<iso>", "to": "<iso>" | null }]: the clock does not run while paused
  pauses jsonb NOT NULL DEFAULT '[]'::jsonb,
  stopped_at timestamptz,
  closed_at timestamptz,
  -- the after-action review drafted from the scorecard (features/assessment). No foreign key: reviews reference
  -- incidents, which reference exercises (exercise_id), and a cycle of foreign keys breaks the backup's table
  -- order (platform/backup); the service checks the review exists when it links it.
  review_id uuid,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'planned') = (started_at IS NULL)),
  CHECK (status NOT IN ('stopped', 'closed') OR stopped_at IS NOT NULL)
);
CREATE INDEX exercises_jurisdiction_idx ON exercises (jurisdiction_id, scheduled_date);

-- The master scenario events list (MSEL): one row per inject, at a time offset on the exercise clock.
CREATE TABLE exercise_injects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  exercise_id uuid NOT NULL REFERENCES exercises (id) ON DELETE CASCADE,
  offset_minutes integer NOT NULL CHECK (offset_minutes BETWEEN 0 AND 100000),
  kind text NOT NULL CHECK (kind IN ('cases', 'feed', 'message')),
  title text NOT NULL CHECK (title <> ''),
  -- by kind (exercises.schema.ts): cases { diseaseId, townshipId, days, firstDay, growth }, feed { feedTypeId, … },
  -- message { text, textEn }
  content jsonb NOT NULL,
  expected_action text NOT NULL CHECK (expected_action IN
    ('none', 'alert_verified', 'incident_opened', 'level_activated', 'tasks_accepted', 'tasks_done', 'report_approved')),
  -- minutes of exercise clock from the inject to the expected action
  target_minutes integer CHECK (target_minutes IS NULL OR target_minutes BETWEEN 1 AND 100000),
  fired_at timestamptz,
  -- what firing created: { cases, feedCounts, signals, alerts: [ids], notified }
  result jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exercise_injects_exercise_idx ON exercise_injects (exercise_id, offset_minutes);

-- Evaluator ratings of critical tasks (HSEEP: P performed without challenges, S with some, M with major
-- challenges, U unable to be performed), one per evaluator and task.
CREATE TABLE exercise_ratings (
  exercise_id uuid NOT NULL REFERENCES exercises (id) ON DELETE CASCADE,
  task_key text NOT NULL CHECK (task_key <> ''),
  evaluator_id uuid NOT NULL REFERENCES users (id),
  rating text NOT NULL CHECK (rating IN ('P', 'S', 'M', 'U')),
  notes text NOT NULL DEFAULT '',
  rated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (exercise_id, task_key, evaluator_id)
);

-- The exercise mark on the records an exercise creates.
ALTER TABLE case_reports ADD COLUMN exercise_id uuid REFERENCES exercises (id);
ALTER TABLE case_reports DROP CONSTRAINT case_reports_status_check;
ALTER TABLE case_reports ADD CONSTRAINT case_reports_status_check CHECK (status IN ('active', 'merged', 'exercise'));
ALTER TABLE case_reports ADD CONSTRAINT case_reports_exercise_check CHECK ((status = 'exercise') = (exercise_id IS NOT NULL));
CREATE INDEX case_reports_exercise_idx ON case_reports (exercise_id) WHERE exercise_id IS NOT NULL;

ALTER TABLE feed_counts ADD COLUMN exercise_id uuid REFERENCES exercises (id);
-- one count per feed, place, site and day — and exercise: an exercise's count beside a real one is another row
ALTER TABLE feed_counts DROP CONSTRAINT feed_counts_feed_type_id_jurisdiction_id_site_id_date_key;
ALTER TABLE feed_counts ADD CONSTRAINT feed_counts_key UNIQUE NULLS NOT DISTINCT (feed_type_id, jurisdiction_id, site_id, date, exercise_id);
CREATE INDEX feed_counts_exercise_idx ON feed_counts (exercise_id) WHERE exercise_id IS NOT NULL;

ALTER TABLE signals ADD COLUMN exercise_id uuid REFERENCES exercises (id);
CREATE INDEX signals_exercise_idx ON signals (exercise_id) WHERE exercise_id IS NOT NULL;

ALTER TABLE detection_runs ADD COLUMN exercise_id uuid REFERENCES exercises (id);

ALTER TABLE alerts ADD COLUMN exercise_id uuid REFERENCES exercises (id);
CREATE INDEX alerts_exercise_idx ON alerts (exercise_id) WHERE exercise_id IS NOT NULL;

ALTER TABLE incidents ADD COLUMN exercise_id uuid REFERENCES exercises (id);
CREATE INDEX incidents_exercise_idx ON incidents (exercise_id) WHERE exercise_id IS NOT NULL;

ALTER TABLE notifications ADD COLUMN exercise_id uuid REFERENCES exercises (id);
