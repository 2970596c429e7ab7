-- 0004 cases: the notifiable-disease catalogue (DOMAIN.md §2) and individual case reports, plus the agency a
-- user works for (agency liaisons act for their agency: task inboxes, DOMAIN.md §4).
-- Owned by the cases feature (src/features/cases); detection, alerts, dashboard and reports read these tables.

ALTER TABLE users ADD COLUMN agency_id uuid REFERENCES agencies (id);
CREATE INDEX users_agency_idx ON users (agency_id);

-- The catalogue is data: seeded with China's notifiable diseases, edited by admins (every change audited).
CREATE TABLE diseases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- stable short code used by imports, feeds and the seeder ('cholera', 'covid19', 'hfmd')
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  name_en text NOT NULL,
  icd10 text NOT NULL DEFAULT '',
  -- statutory class 甲/乙/丙 (A/B/C); 'other' for diseases a district monitors beyond the statutory list
  class text NOT NULL CHECK (class IN ('A', 'B', 'C', 'other')),
  -- Class B diseases managed as Class A (乙类甲管)
  managed_as_class_a boolean NOT NULL DEFAULT false,
  -- online direct reporting deadline from diagnosis: 2 h for Class A and those managed as A, else 24 h
  report_deadline_hours integer NOT NULL CHECK (report_deadline_hours > 0),
  -- default detection method (an id of @outbreak/surveillance's registry, e.g. 'cidars_fixed', 'cidars_mpm')
  -- and its parameters; detection settings start from these
  default_method text NOT NULL,
  default_params jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- hours allowed to verify an alert of this disease (2 for Class A and managed-as-A, else 24)
  verification_hours integer NOT NULL DEFAULT 24 CHECK (verification_hours > 0),
  active boolean NOT NULL DEFAULT true,
  sort_order integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One report of one case of one disease (传染病报告卡). The person is described on the report itself, as on the
-- national card; duplicates (same person and disease within a window) are merged by a person, never silently.
-- Human-facing record numbers: prefix, year of entry, a sequence number zero-padded to `width` digits (and
-- simply longer once it outgrows them: lpad alone would cut the millionth number back to six digits).
CREATE FUNCTION record_code(prefix text, n bigint, width integer) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT prefix || to_char(now(), 'YYYY') || '-' || CASE WHEN length(n::text) >= width THEN n::text ELSE lpad(n::text, width, '0') END
$$;

CREATE SEQUENCE case_reports_code_seq;
CREATE TABLE case_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- human-facing number, unique ('C2026-000123'): the year of entry and a district-wide sequence
  code text NOT NULL UNIQUE DEFAULT record_code('C', nextval('case_reports_code_seq'), 6),
  disease_id uuid NOT NULL REFERENCES diseases (id),
  -- residence (现住址), down to the community when known; scopes the record
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  person_name text NOT NULL,
  sex text NOT NULL CHECK (sex IN ('male', 'female', 'unknown')),
  birth_date date,
  id_type text NOT NULL CHECK (id_type IN ('resident_id', 'passport', 'other', 'none')),
  -- the identity number, AES-256-GCM encrypted (base64 of iv | tag | ciphertext); NULL when none given
  id_number_encrypted text,
  -- what lists show ('500199********123X')
  id_number_masked text NOT NULL DEFAULT '',
  -- HMAC-SHA256 (hex) of the normalised number, for duplicate matching without decrypting
  id_number_hash text,
  phone text NOT NULL DEFAULT '',
  address text NOT NULL DEFAULT '',
  occupation text NOT NULL DEFAULT '',
  classification text NOT NULL CHECK (classification IN ('suspected', 'clinical', 'confirmed', 'asymptomatic', 'excluded')),
  onset_date date,
  diagnosis_at timestamptz NOT NULL,
  reported_at timestamptz NOT NULL,
  -- CDC review (审核) time, when reviewed
  reviewed_at timestamptz,
  reviewed_by uuid REFERENCES users (id),
  facility_id uuid REFERENCES facilities (id),
  reporting_doctor text NOT NULL DEFAULT '',
  severity text NOT NULL DEFAULT 'mild' CHECK (severity IN ('mild', 'moderate', 'severe', 'critical')),
  outcome text NOT NULL DEFAULT 'under_treatment' CHECK (outcome IN ('under_treatment', 'recovered', 'died', 'unknown')),
  -- [{ test, specimen, result, at }]
  lab_results jsonb NOT NULL DEFAULT '[]'::jsonb,
  source text NOT NULL DEFAULT 'form' CHECK (source IN ('form', 'import', 'api', 'demo')),
  -- the import batch that wrote it (src/features/imports), when imported
  import_id uuid,
  -- active, or merged into `merged_into` by a person (kept for the record, left out of counts)
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'merged')),
  merged_into uuid REFERENCES case_reports (id),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (reported_at >= diagnosis_at - interval '1 minute'),
  CHECK ((status = 'merged') = (merged_into IS NOT NULL))
);
CREATE INDEX case_reports_disease_onset_idx ON case_reports (disease_id, onset_date);
CREATE INDEX case_reports_disease_reported_idx ON case_reports (disease_id, reported_at);
CREATE INDEX case_reports_jurisdiction_idx ON case_reports (jurisdiction_id);
CREATE INDEX case_reports_identity_idx ON case_reports (id_number_hash, disease_id) WHERE id_number_hash IS NOT NULL;
CREATE INDEX case_reports_facility_idx ON case_reports (facility_id, reported_at);
CREATE INDEX case_reports_import_idx ON case_reports (import_id) WHERE import_id IS NOT NULL;
