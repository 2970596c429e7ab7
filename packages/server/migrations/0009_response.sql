-- 0009 response: incidents under command and the tasks of a response (DOMAIN.md §4).
-- incidents are owned by src/features/incidents (which adds plans, levels history, command structure and the
-- events log in its own migration); tasks by src/features/tasks (notes, recurrence in its own migration).

CREATE SEQUENCE incidents_code_seq;
CREATE SEQUENCE tasks_code_seq;
CREATE TABLE incidents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- human-facing number ('E2026-003')
  code text NOT NULL UNIQUE DEFAULT record_code('E', nextval('incidents_code_seq'), 3),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  disease_id uuid REFERENCES diseases (id),
  -- the affected area; scopes the record
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  -- the confirmed alert it was opened from, when it was
  alert_id uuid REFERENCES alerts (id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  -- current response level (I most severe … IV), NULL before activation and after stand-down
  response_level text CHECK (response_level IN ('I', 'II', 'III', 'IV')),
  started_at timestamptz NOT NULL,
  closed_at timestamptz,
  summary text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incidents_jurisdiction_idx ON incidents (jurisdiction_id);
CREATE UNIQUE INDEX incidents_alert_idx ON incidents (alert_id) WHERE alert_id IS NOT NULL;

-- A task of a response (or of routine work when incident_id is NULL), assigned to an agency, a township or a
-- person (at least one).
CREATE TABLE tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- human-facing number ('T2026-00042')
  code text NOT NULL UNIQUE DEFAULT record_code('T', nextval('tasks_code_seq'), 5),
  incident_id uuid REFERENCES incidents (id),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  assignee_agency_id uuid REFERENCES agencies (id),
  -- a township (or community) government as assignee
  assignee_jurisdiction_id uuid REFERENCES jurisdictions (id),
  assignee_user_id uuid REFERENCES users (id),
  -- where the task is (scope): the incident's area or the assignee township
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  status text NOT NULL DEFAULT 'assigned' CHECK (status IN ('assigned', 'accepted', 'in_progress', 'done', 'rejected',
    'blocked', 'cancelled')),
  -- why rejected or blocked
  status_reason text NOT NULL DEFAULT '',
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  due_at timestamptz NOT NULL,
  -- [{ text, done }]
  checklist jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- where it came from: by hand, a plan measure at activation, a meeting decision, a recurrence, a bulk form
  origin text NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'plan_measure', 'meeting_decision', 'recurring', 'bulk')),
  -- the measure / decision / recurrence it came from (the owning feature's id)
  origin_ref text,
  escalated_at timestamptz,
  completed_at timestamptz,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(assignee_agency_id, assignee_jurisdiction_id, assignee_user_id) >= 1)
);
CREATE INDEX tasks_incident_idx ON tasks (incident_id, status);
CREATE INDEX tasks_agency_idx ON tasks (assignee_agency_id, status);
CREATE INDEX tasks_jurisdiction_idx ON tasks (jurisdiction_id);
CREATE INDEX tasks_due_idx ON tasks (due_at) WHERE status IN ('assigned', 'accepted', 'in_progress', 'blocked');
