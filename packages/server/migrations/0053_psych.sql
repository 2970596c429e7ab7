-- 0053 psych: psychological assistance (issue 17; docs/psych.md). Owned by the psych feature
-- (src/features/psych, response layer). Every table is read by the psychological-assistance team only
-- (counselling.read over the record's jurisdiction, or a live break-glass grant for one client).

-- A person receiving help: kept apart from case and contact records; a link to a case or contact only with consent.
CREATE SEQUENCE psych_clients_code_seq;
CREATE TABLE psych_clients (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE DEFAULT record_code('P', nextval('psych_clients_code_seq'), 5),
  -- the team's jurisdiction the record belongs to (scopes it)
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  phone text NOT NULL DEFAULT '',
  client_group text NOT NULL CHECK (client_group IN ('public', 'patient', 'family', 'quarantined', 'health_worker', 'other')),
  consent boolean NOT NULL DEFAULT false,
  consent_at timestamptz,
  -- only with consent (CHECK below)
  linked_case_id uuid REFERENCES case_reports (id),
  linked_contact_id uuid REFERENCES contacts (id),
  risk_level text CHECK (risk_level IN ('low', 'moderate', 'high', 'imminent')),
  plan jsonb NOT NULL DEFAULT '[]'::jsonb,
  plan_notes text NOT NULL DEFAULT '',
  next_contact_date date,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  outcome text NOT NULL DEFAULT '',
  closed_at timestamptz,
  -- the last thing that happened to the record: the retention clock runs from here
  last_activity_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((linked_case_id IS NULL AND linked_contact_id IS NULL) OR consent)
);
CREATE INDEX psych_clients_jurisdiction_idx ON psych_clients (jurisdiction_id, status);
CREATE INDEX psych_clients_activity_idx ON psych_clients (last_activity_at) WHERE status = 'closed';

-- One screening (PHQ-9, GAD-7, ISI, PCL-5) with its automatic scoring under the cut-offs then in force.
CREATE TABLE psych_screenings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL REFERENCES psych_clients (id) ON DELETE CASCADE,
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  instrument text NOT NULL CHECK (instrument IN ('phq9', 'gad7', 'isi', 'pcl5')),
  answers jsonb NOT NULL,
  score integer NOT NULL CHECK (score >= 0),
  band text NOT NULL,
  flags jsonb NOT NULL DEFAULT '[]'::jsonb,
  cutoffs jsonb NOT NULL,
  -- counsellor: entered by the team; self: filled in by the client on a one-time link
  source text NOT NULL DEFAULT 'counsellor' CHECK (source IN ('counsellor', 'self')),
  screened_at timestamptz NOT NULL DEFAULT now(),
  recorded_by uuid REFERENCES users (id)
);
CREATE INDEX psych_screenings_client_idx ON psych_screenings (client_id, screened_at);
CREATE INDEX psych_screenings_at_idx ON psych_screenings (screened_at);

-- The hotline log.
CREATE TABLE psych_calls (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  called_at timestamptz NOT NULL,
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 0 AND 600),
  caller_group text NOT NULL CHECK (caller_group IN ('public', 'patient', 'family', 'quarantined', 'health_worker', 'other')),
  concerns jsonb NOT NULL DEFAULT '[]'::jsonb,
  risk_level text NOT NULL CHECK (risk_level IN ('low', 'moderate', 'high', 'imminent')),
  action text NOT NULL DEFAULT '',
  callback_needed boolean NOT NULL DEFAULT false,
  callback_phone text NOT NULL DEFAULT '',
  callback_due_at timestamptz,
  callback_done_at timestamptz,
  callback_note text NOT NULL DEFAULT '',
  client_id uuid REFERENCES psych_clients (id) ON DELETE SET NULL,
  counsellor_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX psych_calls_at_idx ON psych_calls (jurisdiction_id, called_at);
CREATE INDEX psych_calls_callbacks_idx ON psych_calls (callback_due_at) WHERE callback_needed AND callback_done_at IS NULL;

-- The team's own task list (never the district task board: the records are the team's alone).
CREATE TABLE psych_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  client_id uuid REFERENCES psych_clients (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('self_harm', 'high_risk', 'rescreen', 'follow_up')),
  instrument text CHECK (instrument IN ('phq9', 'gad7', 'isi', 'pcl5')),
  due_date date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  note text NOT NULL DEFAULT '',
  source_screening_id uuid REFERENCES psych_screenings (id) ON DELETE SET NULL,
  done_at timestamptz,
  done_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX psych_tasks_open_idx ON psych_tasks (jurisdiction_id, due_date) WHERE status = 'open';

-- Referrals to a facility of the registry, with FHIR Task states.
CREATE TABLE psych_referrals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL REFERENCES psych_clients (id) ON DELETE CASCADE,
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  facility_id uuid NOT NULL REFERENCES facilities (id),
  reason text NOT NULL DEFAULT '',
  urgency text NOT NULL DEFAULT 'routine' CHECK (urgency IN ('routine', 'urgent')),
  status text NOT NULL DEFAULT 'requested'
    CHECK (status IN ('requested', 'received', 'accepted', 'rejected', 'in-progress', 'completed', 'cancelled')),
  status_reason text NOT NULL DEFAULT '',
  -- the receiving side should have acknowledged (received) by then; later: overdue
  respond_by timestamptz NOT NULL,
  history jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX psych_referrals_client_idx ON psych_referrals (client_id);
CREATE INDEX psych_referrals_status_idx ON psych_referrals (jurisdiction_id, status);

-- Counselling sessions (follow-up) with notes.
CREATE TABLE psych_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL REFERENCES psych_clients (id) ON DELETE CASCADE,
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  held_at timestamptz NOT NULL,
  mode text NOT NULL DEFAULT 'phone' CHECK (mode IN ('phone', 'in_person', 'video')),
  notes text NOT NULL DEFAULT '',
  counsellor_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX psych_sessions_client_idx ON psych_sessions (client_id, held_at);

-- Break-glass: emergency read access to one client by someone outside the team (HL7: who, what, when, why).
CREATE TABLE psych_break_glass (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  client_id uuid REFERENCES psych_clients (id) ON DELETE SET NULL,
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  reason text NOT NULL CHECK (length(reason) >= 10),
  granted_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  reads integer NOT NULL DEFAULT 0,
  reviewed_at timestamptz,
  reviewed_by uuid REFERENCES users (id),
  review_note text NOT NULL DEFAULT '',
  CHECK (expires_at > granted_at)
);
CREATE INDEX psych_break_glass_user_idx ON psych_break_glass (user_id, client_id, expires_at);

-- One-time self-screening links: only the sha256 of the token is kept.
CREATE TABLE psych_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE,
  client_id uuid NOT NULL REFERENCES psych_clients (id) ON DELETE CASCADE,
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  instrument text NOT NULL CHECK (instrument IN ('phq9', 'gad7', 'isi', 'pcl5')),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  screening_id uuid REFERENCES psych_screenings (id) ON DELETE SET NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Group sessions (health-worker teams, quarantine sites) with attendance.
CREATE TABLE psych_groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  audience text NOT NULL CHECK (audience IN ('health_workers', 'quarantine_site', 'patients', 'families', 'other')),
  held_at timestamptz NOT NULL,
  facilitator_id uuid REFERENCES users (id),
  attendance integer NOT NULL DEFAULT 0 CHECK (attendance BETWEEN 0 AND 10000),
  attendee_client_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
  notes text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX psych_groups_at_idx ON psych_groups (jurisdiction_id, held_at);

-- Cut-offs per instrument (locally validated Chinese versions may differ) and the retention period.
CREATE TABLE psych_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
