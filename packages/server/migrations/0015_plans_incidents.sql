-- 0015 plans and incidents under command (DOMAIN.md §4; issue 6 items 1–2).
-- Emergency plans (应急预案) with versions and approval; the incident's plan, levels activated, command structure
-- (incident_roles) and timeline (incident_events). The core incidents table is 0009_response.sql.

-- An emergency plan: its identity and the area it covers (scope). The content lives in its versions.
CREATE TABLE plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- short stable reference ('JJ-YA-CRB'), unique
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  name_en text NOT NULL,
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plans_jurisdiction_idx ON plans (jurisdiction_id);

-- One version of a plan's content. Workflow: draft → in_review → approved (the previous approved one becomes
-- superseded), or in_review → returned (with comments) → in_review again. Editing an approved plan makes a new
-- draft version; approved and superseded versions are never changed.
CREATE TABLE plan_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES plans (id),
  version integer NOT NULL CHECK (version >= 1),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'returned', 'approved', 'superseded')),
  -- the structured sections (plans.schema.ts PlanContentSchema)
  content jsonb NOT NULL,
  -- what changed in this version, written by the editor
  change_note text NOT NULL DEFAULT '',
  -- the reviewer's comments when returned (or approved with remarks)
  review_comment text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users (id),
  submitted_by uuid REFERENCES users (id),
  submitted_at timestamptz,
  reviewed_by uuid REFERENCES users (id),
  reviewed_at timestamptz,
  approved_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (plan_id, version)
);
-- exactly one version in force per plan
CREATE UNIQUE INDEX plan_versions_in_force_idx ON plan_versions (plan_id) WHERE status = 'approved';
-- at most one version being worked on (draft, in review or returned) per plan
CREATE UNIQUE INDEX plan_versions_open_idx ON plan_versions (plan_id) WHERE status IN ('draft', 'in_review', 'returned');

-- The plan an incident is run under (its version in force at each activation is recorded below).
ALTER TABLE incidents ADD COLUMN plan_id uuid REFERENCES plans (id);

-- A level's measures are instantiated once per incident: the first time the level is activated.
CREATE TABLE incident_level_activations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES incidents (id),
  level text NOT NULL CHECK (level IN ('I', 'II', 'III', 'IV')),
  plan_version_id uuid REFERENCES plan_versions (id),
  activated_at timestamptz NOT NULL,
  task_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (incident_id, level)
);

-- The incident's timeline: level changes, significant events, staffing changes, stand-down.
CREATE TABLE incident_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES incidents (id),
  kind text NOT NULL CHECK (kind IN ('opened', 'updated', 'level_set', 'level_raised', 'level_lowered', 'level_ended',
    'log', 'staffing', 'stand_down')),
  -- when it happened (for a log entry: as told by its author; otherwise the time of the change)
  occurred_at timestamptz NOT NULL,
  text text NOT NULL DEFAULT '',
  from_level text CHECK (from_level IN ('I', 'II', 'III', 'IV')),
  to_level text CHECK (to_level IN ('I', 'II', 'III', 'IV')),
  -- who approved a level change (a named person)
  approver_id uuid REFERENCES users (id),
  author_id uuid REFERENCES users (id),
  -- small structured details (tasks created, role, agency …)
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_events_incident_idx ON incident_events (incident_id, occurred_at);

-- The command structure: who holds which post in an incident. Ended posts are kept (ended_at) for the record.
CREATE TABLE incident_roles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES incidents (id),
  role text NOT NULL CHECK (role IN ('commander', 'deputy_commander', 'group_lead', 'agency_liaison', 'member')),
  -- the plan's working group (its id in the plan content) for group leads and members
  working_group_id text,
  agency_id uuid REFERENCES agencies (id),
  user_id uuid NOT NULL REFERENCES users (id),
  assigned_by uuid REFERENCES users (id),
  assigned_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  CHECK (role <> 'group_lead' OR working_group_id IS NOT NULL),
  CHECK (role <> 'agency_liaison' OR agency_id IS NOT NULL)
);
CREATE INDEX incident_roles_incident_idx ON incident_roles (incident_id);
-- one commander at a time
CREATE UNIQUE INDEX incident_roles_commander_idx ON incident_roles (incident_id) WHERE role = 'commander' AND ended_at IS NULL;
