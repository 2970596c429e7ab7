-- 0016 tasks: progress notes of a task and recurring task definitions (the tasks table itself is in 0009).

-- The journal of a task: progress notes written by people, and the system's own entries (status changes with
-- their reason, escalation), newest last.
CREATE TABLE task_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  task_id uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  -- 'note': written by a person; 'status': a status change; 'escalation': overdue escalation; 'change': due time,
  -- assignee or checklist changed
  kind text NOT NULL DEFAULT 'note' CHECK (kind IN ('note', 'status', 'escalation', 'change')),
  body text NOT NULL,
  -- the status the task moved to, for kind 'status'
  status text,
  author_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_notes_task_idx ON task_notes (task_id, created_at);

-- A recurring task ("daily case report to the headquarters at 16:00"): a job creates one task per period until
-- the end date, the incident's closure or deactivation.
CREATE TABLE task_recurrences (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid REFERENCES incidents (id),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  assignee_agency_id uuid REFERENCES agencies (id),
  assignee_jurisdiction_id uuid REFERENCES jurisdictions (id),
  assignee_user_id uuid REFERENCES users (id),
  -- scope of the definition and of every task it creates
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  checklist jsonb NOT NULL DEFAULT '[]'::jsonb,
  frequency text NOT NULL CHECK (frequency IN ('daily', 'weekly')),
  -- ISO weekdays (1 Monday … 7 Sunday) for weekly definitions; empty for daily ones
  weekdays integer[] NOT NULL DEFAULT '{}',
  -- local (district) time of day the task of a period is due, 'HH:MM'
  due_time text NOT NULL CHECK (due_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  -- first and last local dates with a period ('YYYY-MM-DD'); ends_on NULL: until the incident closes or stopped
  starts_on date NOT NULL,
  ends_on date,
  active boolean NOT NULL DEFAULT true,
  -- the last local date for which a task was created
  last_period date,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(assignee_agency_id, assignee_jurisdiction_id, assignee_user_id) >= 1),
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX task_recurrences_active_idx ON task_recurrences (active) WHERE active;

-- One task per recurrence and period, even if two job runs race (origin_ref = '<recurrence id>:<YYYY-MM-DD>').
CREATE UNIQUE INDEX tasks_recurring_period_idx ON tasks (origin_ref) WHERE origin = 'recurring';
CREATE INDEX tasks_assignee_user_idx ON tasks (assignee_user_id) WHERE assignee_user_id IS NOT NULL;
CREATE INDEX tasks_assignee_jurisdiction_idx ON tasks (assignee_jurisdiction_id) WHERE assignee_jurisdiction_id IS NOT NULL;
