-- 0056 assessment: 7-1-7 notes per event, after- and intra-action reviews, their actions (tracked as tasks),
-- the preparedness self-assessment (SPAR-shaped) and the lessons library (issue 18; docs/assessment.md).
-- Owned by the assessment feature (src/features/assessment), a read model: every figure is computed from the
-- other features' records; these tables keep only what a person adds (corrections, bottlenecks, reviews).

-- One row per assessed event (an incident, or a confirmed alert with no incident): the corrected emergence
-- (with its reason) and the bottlenecks chosen from the coded list (assessment/bottlenecks.ts).
CREATE TABLE assessment_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid UNIQUE REFERENCES incidents (id),
  alert_id uuid UNIQUE REFERENCES alerts (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  emergence_at timestamptz,
  emergence_reason text NOT NULL DEFAULT '',
  -- [{ "interval": "detection" | "notification" | "response", "code": "<bottleneck code>", "note": "" }]
  bottlenecks jsonb NOT NULL DEFAULT '[]'::jsonb,
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((incident_id IS NULL) <> (alert_id IS NULL)),
  CHECK (emergence_at IS NULL OR emergence_reason <> '')
);

-- An after-action review (after the response) or an intra-action review (during it), of an incident or of an
-- exercise (WHO AAR/IAR guidance). Four eyes: the authors never approve.
CREATE SEQUENCE assessment_reviews_code_seq;
CREATE TABLE assessment_reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE DEFAULT record_code('R', nextval('assessment_reviews_code_seq'), 3),
  kind text NOT NULL CHECK (kind IN ('after_action', 'intra_action')),
  incident_id uuid REFERENCES incidents (id),
  exercise_name text NOT NULL DEFAULT '',
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  title text NOT NULL CHECK (title <> ''),
  format text NOT NULL CHECK (format IN ('debrief', 'working_group', 'key_informant', 'mixed')),
  review_date date NOT NULL,
  participant_agency_ids uuid[] NOT NULL DEFAULT '{}',
  pillars text[] NOT NULL DEFAULT '{}',
  went_well text NOT NULL DEFAULT '',
  challenges text NOT NULL DEFAULT '',
  root_causes text NOT NULL DEFAULT '',
  -- the indicators of the incident as they stood when the review was submitted (null before)
  indicators jsonb,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved')),
  author_ids uuid[] NOT NULL DEFAULT '{}',
  submitted_by uuid REFERENCES users (id),
  submitted_at timestamptz,
  approved_by uuid REFERENCES users (id),
  approved_at timestamptz,
  review_comment text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (incident_id IS NOT NULL OR exercise_name <> '')
);
CREATE INDEX assessment_reviews_incident_idx ON assessment_reviews (incident_id);

-- The preparedness self-assessment of a year (SPAR 2nd edition shaped: indicators scored 1-5 with evidence).
CREATE TABLE assessment_spar_rounds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2199),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
  author_ids uuid[] NOT NULL DEFAULT '{}',
  approved_by uuid REFERENCES users (id),
  approved_at timestamptz,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (jurisdiction_id, year)
);
CREATE TABLE assessment_spar_scores (
  round_id uuid NOT NULL REFERENCES assessment_spar_rounds (id) ON DELETE CASCADE,
  indicator_code text NOT NULL,
  score integer NOT NULL CHECK (score BETWEEN 1 AND 5),
  evidence text NOT NULL DEFAULT '',
  PRIMARY KEY (round_id, indicator_code)
);

-- A recommended action of a review, or a gap of a self-assessment: becomes a task of its owner agency (origin
-- 'review_action', origin_ref = this id) when the review is approved, or when a manager turns the gap into one.
CREATE TABLE assessment_actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  review_id uuid REFERENCES assessment_reviews (id) ON DELETE CASCADE,
  spar_round_id uuid REFERENCES assessment_spar_rounds (id) ON DELETE CASCADE,
  spar_indicator_code text,
  position integer NOT NULL DEFAULT 0,
  title text NOT NULL CHECK (title <> ''),
  description text NOT NULL DEFAULT '',
  term text NOT NULL DEFAULT 'immediate' CHECK (term IN ('immediate', 'mid_long')),
  owner_agency_id uuid NOT NULL REFERENCES agencies (id),
  due_date date NOT NULL,
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  task_id uuid REFERENCES tasks (id),
  plan_version_id uuid REFERENCES plan_versions (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((review_id IS NULL) <> (spar_round_id IS NULL))
);
CREATE INDEX assessment_actions_review_idx ON assessment_actions (review_id);
CREATE INDEX assessment_actions_spar_idx ON assessment_actions (spar_round_id);

-- The lessons library: what was learnt, from our own events and reviews or from elsewhere, linked to the plan
-- version it changed. Searched with ILIKE (no extension: the same on PGlite and PostgreSQL).
CREATE TABLE assessment_lessons (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  title text NOT NULL CHECK (title <> ''),
  context text NOT NULL DEFAULT '',
  lesson text NOT NULL CHECK (lesson <> ''),
  source text NOT NULL CHECK (source IN ('own_event', 'review', 'external')),
  source_note text NOT NULL DEFAULT '',
  incident_id uuid REFERENCES incidents (id),
  review_id uuid REFERENCES assessment_reviews (id),
  tags text[] NOT NULL DEFAULT '{}',
  plan_version_id uuid REFERENCES plan_versions (id),
  plan_section text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The tasks an action became (the tasks feature creates them through createTasks; the origin is a new value).
ALTER TABLE tasks DROP CONSTRAINT tasks_origin_check;
ALTER TABLE tasks ADD CONSTRAINT tasks_origin_check
  CHECK (origin IN ('manual', 'plan_measure', 'meeting_decision', 'recurring', 'bulk', 'review_action'));
