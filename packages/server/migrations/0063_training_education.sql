-- 0063 training and public education (issue 19, items 4 and 5; docs/capability.md).
-- Training: a district-wide course catalogue, sessions held in a place with enrolment and attendance, and
-- certificates with an expiry per person (a staff user or a registered volunteer), from which readiness per
-- agency and township is computed. Public education: materials by audience and language (published ones on the
-- public portal, four eyes: the author never publishes), campaigns with events and their reach.

CREATE TABLE training_courses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,31}$'),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  title_en text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 200),
  topic text NOT NULL CHECK (topic IN ('ppe', 'sampling', 'contact_tracing', 'platform', 'disinfection', 'risk_communication', 'psychological_first_aid', 'other')),
  -- who is expected to hold it: readiness counts this population
  audience text NOT NULL DEFAULT 'staff' CHECK (audience IN ('staff', 'volunteers', 'both')),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  description_en text NOT NULL DEFAULT '' CHECK (length(description_en) <= 4000),
  duration_minutes integer NOT NULL DEFAULT 120 CHECK (duration_minutes BETWEEN 1 AND 10080),
  -- months a certificate stays current; NULL: it does not expire
  validity_months integer CHECK (validity_months IS NULL OR validity_months BETWEEN 1 AND 120),
  active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE training_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  course_id uuid NOT NULL REFERENCES training_courses (id),
  -- where it is held; scopes the session
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  location text NOT NULL DEFAULT '' CHECK (length(location) <= 200),
  trainer text NOT NULL DEFAULT '' CHECK (length(trainer) <= 200),
  capacity integer CHECK (capacity IS NULL OR capacity BETWEEN 1 AND 1000),
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled')),
  closed_at timestamptz,
  closed_by uuid REFERENCES users (id),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX training_sessions_jurisdiction_idx ON training_sessions (jurisdiction_id, starts_at);

-- One person on a session's list: a staff user or a volunteer (exactly one), with attendance and the result.
CREATE TABLE training_enrolments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id uuid NOT NULL REFERENCES training_sessions (id) ON DELETE CASCADE,
  user_id uuid REFERENCES users (id),
  volunteer_id uuid REFERENCES volunteers (id) ON DELETE CASCADE,
  attendance text NOT NULL DEFAULT 'enrolled' CHECK (attendance IN ('enrolled', 'present', 'absent', 'excused')),
  passed boolean,
  marked_by uuid REFERENCES users (id),
  marked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((user_id IS NULL) <> (volunteer_id IS NULL)),
  UNIQUE (session_id, user_id),
  UNIQUE (session_id, volunteer_id)
);

CREATE SEQUENCE training_certificates_code_seq;
-- A certificate: a person holds a course, from issued_on until expires_on (NULL: no expiry). jurisdiction_id is
-- the holder's home (a user's broadest grant, a volunteer's community), agency_id a staff holder's agency.
CREATE TABLE training_certificates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE DEFAULT record_code('TC', nextval('training_certificates_code_seq'), 5),
  course_id uuid NOT NULL REFERENCES training_courses (id),
  user_id uuid REFERENCES users (id),
  volunteer_id uuid REFERENCES volunteers (id) ON DELETE CASCADE,
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  agency_id uuid REFERENCES agencies (id),
  session_id uuid REFERENCES training_sessions (id) ON DELETE SET NULL,
  issued_on date NOT NULL,
  expires_on date,
  revoked_at timestamptz,
  revoke_reason text NOT NULL DEFAULT '',
  -- when the holder and the training managers were told it expires soon (once per certificate)
  reminded_at timestamptz,
  issued_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((user_id IS NULL) <> (volunteer_id IS NULL)),
  CHECK (expires_on IS NULL OR expires_on > issued_on)
);
CREATE INDEX training_certificates_course_idx ON training_certificates (course_id, expires_on);
CREATE INDEX training_certificates_user_idx ON training_certificates (user_id);
CREATE INDEX training_certificates_volunteer_idx ON training_certificates (volunteer_id);

CREATE TABLE education_materials (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 1000),
  body text NOT NULL DEFAULT '' CHECK (length(body) <= 20000),
  audience text NOT NULL CHECK (audience IN ('general', 'schools', 'port_river_workers', 'elderly', 'migrants', 'businesses')),
  -- the material's own language (BCP 47: zh-CN, en, yue, vi, my …)
  language text NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
  topic text NOT NULL DEFAULT 'other' CHECK (topic IN ('hand_hygiene', 'masks', 'vaccination', 'food_water', 'vector_control', 'respiratory', 'travel', 'mental_health', 'other')),
  format text NOT NULL DEFAULT 'leaflet' CHECK (format IN ('leaflet', 'poster', 'article', 'video', 'audio', 'slides')),
  url text NOT NULL DEFAULT '' CHECK (url = '' OR url ~ '^https?://'),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'withdrawn')),
  published_at timestamptz,
  published_by uuid REFERENCES users (id),
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX education_materials_public_idx ON education_materials (status, audience, language);

CREATE TABLE education_campaigns (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  title_en text NOT NULL DEFAULT '' CHECK (length(title_en) <= 200),
  goal text NOT NULL DEFAULT '' CHECK (length(goal) <= 2000),
  audiences jsonb NOT NULL DEFAULT '[]'::jsonb,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  target_reach integer CHECK (target_reach IS NULL OR target_reach BETWEEN 1 AND 100000000),
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'active', 'closed')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on >= starts_on)
);

CREATE TABLE education_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL REFERENCES education_campaigns (id) ON DELETE CASCADE,
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  held_on date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('lecture', 'stall', 'door_to_door', 'school_class', 'broadcast', 'social_media', 'workshop')),
  audience text NOT NULL CHECK (audience IN ('general', 'schools', 'port_river_workers', 'elderly', 'migrants', 'businesses')),
  location text NOT NULL DEFAULT '' CHECK (length(location) <= 200),
  reach integer NOT NULL CHECK (reach BETWEEN 0 AND 10000000),
  materials_distributed integer NOT NULL DEFAULT 0 CHECK (materials_distributed BETWEEN 0 AND 10000000),
  material_id uuid REFERENCES education_materials (id) ON DELETE SET NULL,
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
  recorded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX education_events_campaign_idx ON education_events (campaign_id, held_on);
