-- 0017 joint prevention and control meetings (联防联控会议) and daily situation reports (疫情日报), issue 6 items 4–5.
-- Owned by src/features/meetings and src/features/reports. Tasks made from a decision live in `tasks` with
-- origin 'meeting_decision' and origin_ref = the decision's id (the tasks feature creates them).

-- A meeting of the mechanism, for an incident or standing (incident_id NULL). Scoped by its jurisdiction: the
-- incident's area, or the area the standing meeting covers.
CREATE TABLE meetings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid REFERENCES incidents (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  held_at timestamptz NOT NULL,
  location text NOT NULL DEFAULT '',
  -- who chairs it (a named person, as written in the minutes)
  chair text NOT NULL DEFAULT '',
  -- [{ title, presenter }] in order
  agenda jsonb NOT NULL DEFAULT '[]'::jsonb,
  minutes text NOT NULL DEFAULT '',
  -- scheduled → held (minutes recorded) | cancelled
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meetings_incident_idx ON meetings (incident_id, held_at);
CREATE INDEX meetings_jurisdiction_idx ON meetings (jurisdiction_id, held_at);

-- Who attends: an agency (with the person it sends), or a named person alone (an expert, a township head).
CREATE TABLE meeting_attendees (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  agency_id uuid REFERENCES agencies (id),
  person_name text NOT NULL DEFAULT '',
  -- the person's post ('副局长', 'deputy director')
  position text NOT NULL DEFAULT '',
  sort_order integer NOT NULL DEFAULT 0,
  CHECK (agency_id IS NOT NULL OR person_name <> '')
);
CREATE INDEX meeting_attendees_meeting_idx ON meeting_attendees (meeting_id, sort_order);

-- A decision of a meeting (议定事项), numbered within it. Its tasks are found by tasks.origin_ref.
CREATE TABLE meeting_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq >= 1),
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (meeting_id, seq)
);
CREATE INDEX tasks_meeting_decision_idx ON tasks (origin_ref) WHERE origin = 'meeting_decision';

-- One daily situation report of an incident. Figures are drafted from the data (reports.figures.ts) and kept as
-- drafted (regenerated only on request); the free-text sections and occupancy figures are written by people.
-- Workflow: draft → submitted → approved → archived; submitted → draft (returned, with a comment);
-- approved → draft (revised: a new version). Every submission, return, approval and revision keeps a snapshot
-- in situation_report_versions.
CREATE TABLE situation_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES incidents (id),
  -- the incident's area when drafted; scopes the record
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  -- the day reported on (district time, UTC+8)
  report_date date NOT NULL,
  -- running number of the incident's reports (第 N 期)
  issue_no integer NOT NULL CHECK (issue_no >= 1),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'archived')),
  -- the version being worked on or last approved (starts at 1, +1 when a returned or approved report is reworked)
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  title text NOT NULL,
  summary text NOT NULL DEFAULT '',
  situation text NOT NULL DEFAULT '',
  measures text NOT NULL DEFAULT '',
  next_steps text NOT NULL DEFAULT '',
  -- the drafted figures (reports.figures.ts ReportFigures)
  figures jsonb NOT NULL,
  figures_generated_at timestamptz NOT NULL,
  -- occupancy entered by the editor: [{ facilityId, bedsOccupied, icuBedsOccupied, isolationRoomsOccupied }]
  occupancy jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- the reviewer's last comment (when returned or approved with remarks)
  review_comment text NOT NULL DEFAULT '',
  -- drafted by the daily job (true) or by a person
  drafted_by_job boolean NOT NULL DEFAULT false,
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  submitted_by uuid REFERENCES users (id),
  submitted_at timestamptz,
  approved_by uuid REFERENCES users (id),
  approved_at timestamptz,
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (incident_id, report_date),
  UNIQUE (incident_id, issue_no)
);
CREATE INDEX situation_reports_jurisdiction_idx ON situation_reports (jurisdiction_id, report_date);

-- Snapshots of a report at each step of its workflow (never changed).
CREATE TABLE situation_report_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  report_id uuid NOT NULL REFERENCES situation_reports (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  event text NOT NULL CHECK (event IN ('submitted', 'returned', 'approved', 'revised', 'archived')),
  -- { title, summary, situation, measures, nextSteps, figures, occupancy }
  content jsonb NOT NULL,
  comment text NOT NULL DEFAULT '',
  actor_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX situation_report_versions_report_idx ON situation_report_versions (report_id, created_at);
