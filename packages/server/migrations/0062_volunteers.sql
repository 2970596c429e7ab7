-- 0062 volunteers (issue 19, item 6; docs/capability.md): a registry of volunteers (skills, languages, availability,
-- community grid), their vetting (four eyes: the one who registers never vets), assignments to tasks of the task
-- system, and hours logged (check-in/check-out or by hand). "Active" is computed from the hours (Sahana Eden's rule),
-- never stored. Phone and identity numbers are personal data: stored encrypted with a mask and a hash (as on case
-- reports), opened only by an audited reveal.

CREATE SEQUENCE volunteers_code_seq;
CREATE TABLE volunteers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE DEFAULT record_code('V', nextval('volunteers_code_seq'), 5),
  -- the community (grid) the volunteer serves; scopes the record
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  grid text NOT NULL DEFAULT '' CHECK (length(grid) <= 100),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  sex text NOT NULL DEFAULT 'unknown' CHECK (sex IN ('male', 'female', 'unknown')),
  birth_year integer CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2199),
  phone_encrypted text,
  phone_masked text NOT NULL DEFAULT '',
  id_type text NOT NULL DEFAULT 'none' CHECK (id_type IN ('resident_id', 'passport', 'other', 'none')),
  id_number_encrypted text,
  id_number_masked text NOT NULL DEFAULT '',
  -- HMAC of the normalised number: one registration per person
  id_number_hash text,
  skills jsonb NOT NULL DEFAULT '[]'::jsonb,
  languages jsonb NOT NULL DEFAULT '[]'::jsonb,
  availability jsonb NOT NULL DEFAULT '[]'::jsonb,
  organisation text NOT NULL DEFAULT '' CHECK (length(organisation) <= 200),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
  -- the volunteer's own account (role volunteer): sees their own record and assignments only
  user_id uuid UNIQUE REFERENCES users (id),
  vetting_status text NOT NULL DEFAULT 'pending' CHECK (vetting_status IN ('pending', 'approved', 'rejected', 'suspended', 'withdrawn')),
  vetting_note text NOT NULL DEFAULT '',
  vetted_by uuid REFERENCES users (id),
  vetted_at timestamptz,
  registered_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- four eyes, kept by the database too: the registrar never vets
  CONSTRAINT volunteers_four_eyes CHECK (vetted_by IS NULL OR registered_by IS NULL OR vetted_by <> registered_by)
);
CREATE UNIQUE INDEX volunteers_id_hash_idx ON volunteers (id_number_hash) WHERE id_number_hash IS NOT NULL;
CREATE INDEX volunteers_jurisdiction_idx ON volunteers (jurisdiction_id, vetting_status);

-- A volunteer's part in a task of the task system (the task is created through createTasks and assigned to the
-- coordinating side; the volunteer is linked here). contact_details: the personal data the task needs (an address
-- to deliver to), shown to the volunteer only while the assignment is open.
CREATE TABLE volunteer_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  volunteer_id uuid NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
  task_id uuid NOT NULL REFERENCES tasks (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  duty text NOT NULL DEFAULT '' CHECK (length(duty) <= 500),
  contact_details text NOT NULL DEFAULT '' CHECK (length(contact_details) <= 1000),
  status text NOT NULL DEFAULT 'assigned' CHECK (status IN ('assigned', 'checked_in', 'completed', 'cancelled')),
  checked_in_at timestamptz,
  checked_out_at timestamptz,
  assigned_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (volunteer_id, task_id)
);
CREATE INDEX volunteer_assignments_task_idx ON volunteer_assignments (task_id);

-- Hours worked, in minutes, on a district day: from a check-out, or entered by hand.
CREATE TABLE volunteer_hours (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  volunteer_id uuid NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
  assignment_id uuid REFERENCES volunteer_assignments (id) ON DELETE SET NULL,
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  worked_on date NOT NULL,
  minutes integer NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
  activity text NOT NULL DEFAULT '' CHECK (length(activity) <= 500),
  source text NOT NULL CHECK (source IN ('check_out', 'manual')),
  logged_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX volunteer_hours_volunteer_idx ON volunteer_hours (volunteer_id, worked_on);
