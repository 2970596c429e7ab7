-- 0013 alerts workflow: the history of every alert (who did what, when and why), comments, and the risk
-- assessment / characterisation an alert receives on its way to an outcome. The alerts table itself is 0007.
-- Owned by the alerts feature (src/features/alerts).

-- One line of an alert's history. Append-only in practice (the service never updates or deletes rows).
CREATE TABLE alert_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  -- 'created', 'signals' (absorbed more), 'assigned', 'status' (a transition), 'assessed', 'characterised',
  -- 'escalated', 'commented', 'attached'
  kind text NOT NULL CHECK (kind IN ('created', 'signals', 'assigned', 'status', 'assessed', 'characterised',
    'escalated', 'commented', 'attached')),
  from_status text,
  to_status text,
  -- NULL: the system (detection intake, the escalation job)
  actor_id uuid REFERENCES users (id),
  reason text NOT NULL DEFAULT '',
  -- what changed, for the timeline (assignee, deadline, signal ids, likelihood, consequence, levels …)
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_events_alert_idx ON alert_events (alert_id, created_at);

CREATE TABLE alert_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  author_id uuid NOT NULL REFERENCES users (id),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_comments_alert_idx ON alert_comments (alert_id, created_at);

-- The risk assessment (hazard, exposure, context) and characterisation (likelihood × consequence → level) of
-- one alert; one row per alert, revised in place (the history keeps every version in alert_events.data).
CREATE TABLE alert_assessments (
  alert_id uuid PRIMARY KEY REFERENCES alerts (id) ON DELETE CASCADE,
  hazard text NOT NULL DEFAULT '',
  exposure text NOT NULL DEFAULT '',
  context text NOT NULL DEFAULT '',
  assessed_by uuid REFERENCES users (id),
  assessed_at timestamptz,
  -- 1 (rare) … 5 (almost certain); 1 (minimal) … 5 (severe)
  likelihood integer CHECK (likelihood BETWEEN 1 AND 5),
  consequence integer CHECK (consequence BETWEEN 1 AND 5),
  -- the level the matrix gives, and the level chosen (different only with an override reason)
  matrix_level text CHECK (matrix_level IN ('blue', 'yellow', 'orange', 'red')),
  warning_level text CHECK (warning_level IN ('blue', 'yellow', 'orange', 'red')),
  override_reason text NOT NULL DEFAULT '',
  characterised_by uuid REFERENCES users (id),
  characterised_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (warning_level IS NULL OR warning_level = matrix_level OR override_reason <> '')
);
