-- 0048 contacts: contact tracing and daily follow-up (issue 13, first increment; docs/contacts.md).
-- Owned by the contacts feature (src/features/contacts); the disease catalogue column belongs to cases.

-- The follow-up window of a contact is the disease's maximum incubation period from the last exposure
-- (WHO / China CDC guidance for medical observation of close contacts). Editable through PATCH /api/diseases.
-- Diseases not listed keep 14 days, the most common observation period; a district corrects them as needed.
ALTER TABLE diseases ADD COLUMN max_incubation_days integer NOT NULL DEFAULT 14
  CHECK (max_incubation_days BETWEEN 1 AND 365);
UPDATE diseases SET max_incubation_days = v.days
FROM (VALUES
  ('plague', 9),            -- pneumonic plague: close contacts observed 9 days (China's plague plan)
  ('cholera', 5),           -- incubation hours to 5 days (WHO)
  ('covid19', 14),          -- 2–14 days (WHO 2020); shortened later by policy, editable
  ('sars', 14),             -- up to 10 days (WHO), observed 14 in China
  ('hpai', 10),             -- H5N1 2–8, up to 10 days observed (China's plan)
  ('h7n9', 10),
  ('measles', 21),          -- 7–21 days (WHO)
  ('rubella', 21),          -- 12–23, observed 21 days
  ('mumps', 25),            -- 12–25 days
  ('varicella', 21),        -- 10–21 days
  ('pertussis', 21),        -- 5–21 days
  ('diphtheria', 7),        -- 2–5, up to 7 days
  ('meningococcal_meningitis', 10),
  ('scarlet_fever', 7),
  ('hfmd', 7),              -- 3–7 days
  ('influenza', 4),         -- 1–4 days
  ('dengue', 14),           -- 4–10, observed 14 days
  ('mpox', 21),             -- up to 21 days (WHO)
  ('hepatitis_a', 50),      -- 15–50 days
  ('hepatitis_e', 60),
  ('typhoid_paratyphoid', 21),
  ('bacillary_dysentery', 7),
  ('polio', 35)             -- 3–35 days (WHO)
) AS v (code, days)
WHERE diseases.code = v.code;

CREATE SEQUENCE contacts_code_seq;
CREATE TABLE contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- human-facing number ('K2026-000123')
  code text NOT NULL UNIQUE DEFAULT record_code('K', nextval('contacts_code_seq'), 6),
  disease_id uuid NOT NULL REFERENCES diseases (id),
  -- exactly one source: a case (a close contact) or a contact (a contact of a contact, 次密接)
  source_case_id uuid REFERENCES case_reports (id),
  source_contact_id uuid REFERENCES contacts (id),
  -- the case at the root of the chain (the source case, or the source contact's index case)
  index_case_id uuid NOT NULL REFERENCES case_reports (id),
  -- 1 for a contact of a case, 2 for a contact of a contact …
  degree integer NOT NULL CHECK (degree >= 1),
  -- residence (现住址): scopes the record
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  person_name text NOT NULL,
  sex text NOT NULL DEFAULT 'unknown' CHECK (sex IN ('male', 'female', 'unknown')),
  id_type text NOT NULL DEFAULT 'none' CHECK (id_type IN ('resident_id', 'passport', 'other', 'none')),
  -- as on case_reports: AES-256-GCM ciphertext, the mask lists show, the HMAC for duplicate matching
  id_number_encrypted text,
  id_number_masked text NOT NULL DEFAULT '',
  id_number_hash text,
  phone text NOT NULL DEFAULT '',
  address text NOT NULL DEFAULT '',
  relation text NOT NULL DEFAULT 'other'
    CHECK (relation IN ('household', 'family', 'partner', 'colleague', 'classmate', 'friend', 'caregiver', 'health_worker', 'fellow_traveller', 'other')),
  setting text NOT NULL DEFAULT 'other'
    CHECK (setting IN ('household', 'workplace', 'school', 'healthcare', 'vessel', 'port', 'public_transport', 'gathering', 'market', 'other')),
  contact_type text NOT NULL DEFAULT 'close' CHECK (contact_type IN ('close', 'general')),
  risk_category text NOT NULL CHECK (risk_category IN ('high', 'medium', 'low')),
  last_exposure_at timestamptz NOT NULL,
  -- last day (district time) of follow-up: the exposure's day + the disease's max_incubation_days
  follow_up_until date NOT NULL,
  follow_up_per_day integer NOT NULL DEFAULT 1 CHECK (follow_up_per_day BETWEEN 1 AND 4),
  status text NOT NULL DEFAULT 'under_follow_up'
    CHECK (status IN ('under_follow_up', 'completed', 'lost_to_follow_up', 'cancelled', 'converted_suspected', 'converted_confirmed')),
  status_reason text NOT NULL DEFAULT '',
  status_changed_at timestamptz NOT NULL DEFAULT now(),
  -- the case report this contact became (a symptomatic contact reported as a case)
  case_report_id uuid REFERENCES case_reports (id),
  notes text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((source_case_id IS NULL) <> (source_contact_id IS NULL)),
  CHECK (status <> 'cancelled' OR status_reason <> '')
);
-- a township's daily list: open contacts of the township by end of window
CREATE INDEX contacts_jurisdiction_status_idx ON contacts (jurisdiction_id, status, follow_up_until);
CREATE INDEX contacts_index_case_idx ON contacts (index_case_id);
CREATE INDEX contacts_source_case_idx ON contacts (source_case_id) WHERE source_case_id IS NOT NULL;
CREATE INDEX contacts_source_contact_idx ON contacts (source_contact_id) WHERE source_contact_id IS NOT NULL;
CREATE INDEX contacts_identity_idx ON contacts (id_number_hash) WHERE id_number_hash IS NOT NULL;
-- the daily job: windows that ended
CREATE INDEX contacts_open_until_idx ON contacts (follow_up_until) WHERE status = 'under_follow_up';

-- One follow-up of one contact on one day (several a day when follow_up_per_day > 1).
CREATE TABLE contact_follow_ups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact_id uuid NOT NULL REFERENCES contacts (id),
  -- the contact's residence when recorded: scopes the record like its contact
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  date date NOT NULL,
  -- 1 … the contact's follow_up_per_day
  round integer NOT NULL CHECK (round BETWEEN 1 AND 4),
  status text NOT NULL CHECK (status IN ('seen_ok', 'seen_unwell', 'missed', 'not_attempted')),
  -- °C, one decimal
  temperature numeric(4, 1) CHECK (temperature IS NULL OR temperature BETWEEN 30 AND 45),
  symptoms jsonb NOT NULL DEFAULT '[]'::jsonb,
  notes text NOT NULL DEFAULT '',
  recorded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (contact_id, date, round)
);
CREATE INDEX contact_follow_ups_jurisdiction_date_idx ON contact_follow_ups (jurisdiction_id, date);
