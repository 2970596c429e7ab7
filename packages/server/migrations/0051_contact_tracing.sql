-- 0051 contact tracing, second increment (issue 13; docs/contacts.md): risk rules per disease, tracing teams,
-- residence in another district, merged duplicates, contact lists imported from files, and the indexes of the
-- daily lists and the KPI panel at 100,000 contacts (bench/contacts-load.bench.ts).
-- Owned by the contacts feature (src/features/contacts).

-- Risk rules: evaluated in `position` order, the disease's own rules first, then the rules for every disease
-- (disease_id NULL); a NULL criterion matches anything; no rule matching → medium.
CREATE TABLE contact_risk_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  disease_id uuid REFERENCES diseases (id),
  position integer NOT NULL CHECK (position BETWEEN 0 AND 1000),
  setting text CHECK (setting IN ('household', 'workplace', 'school', 'healthcare', 'vessel', 'port', 'public_transport', 'gathering', 'market', 'other')),
  relation text CHECK (relation IN ('household', 'family', 'partner', 'colleague', 'classmate', 'friend', 'caregiver', 'health_worker', 'fellow_traveller', 'other')),
  contact_type text CHECK (contact_type IN ('close', 'general')),
  -- 1: a contact of a case; 2: a contact of a contact (or further)
  degree integer CHECK (degree IN (1, 2)),
  risk_category text NOT NULL CHECK (risk_category IN ('high', 'medium', 'low')),
  note text NOT NULL DEFAULT '',
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contact_risk_rules_disease_idx ON contact_risk_rules (disease_id, position);
-- the rules of the first increment, for every disease (editable)
INSERT INTO contact_risk_rules (disease_id, position, degree, contact_type, setting, risk_category, note) VALUES
  (NULL, 10, 2, NULL, NULL, 'low', '次密接 contact of a contact'),
  (NULL, 20, NULL, 'general', NULL, 'low', '一般接触 general contact'),
  (NULL, 30, NULL, 'close', 'household', 'high', '同住 same household'),
  (NULL, 40, NULL, 'close', 'healthcare', 'high', '医疗机构内 in care'),
  (NULL, 50, NULL, 'close', 'vessel', 'high', '同船/同舱 same vessel or cabin');

-- Tracing teams (流调/随访小组): a team serves townships (one team per township) or contacts assigned by hand.
CREATE TABLE tracing_teams (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (name <> ''),
  -- the team's home: who may see and manage it (scope)
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  leader text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '',
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (jurisdiction_id, name)
);
CREATE TABLE tracing_team_townships (
  township_id uuid PRIMARY KEY REFERENCES jurisdictions (id),
  team_id uuid NOT NULL REFERENCES tracing_teams (id)
);
CREATE INDEX tracing_team_townships_team_idx ON tracing_team_townships (team_id);

ALTER TABLE contacts
  -- the team following the contact: the team of its township, or one chosen by hand (team_by_hand)
  ADD COLUMN team_id uuid REFERENCES tracing_teams (id),
  ADD COLUMN team_by_hand boolean NOT NULL DEFAULT false,
  -- the other district (county) the person lives in, '' when in this district: flagged for notification
  ADD COLUMN other_district text NOT NULL DEFAULT '',
  ADD COLUMN other_district_notified_at timestamptz,
  -- a duplicate merged into another contact (cancelled, its history kept and shown on the survivor)
  ADD COLUMN merged_into_id uuid REFERENCES contacts (id),
  -- the import that brought the contact
  ADD COLUMN import_id uuid REFERENCES import_jobs (id);

CREATE INDEX contacts_team_status_idx ON contacts (team_id, status, follow_up_until) WHERE team_id IS NOT NULL;
CREATE INDEX contacts_other_district_idx ON contacts (jurisdiction_id) WHERE other_district <> '' AND merged_into_id IS NULL;
CREATE INDEX contacts_merged_into_idx ON contacts (merged_into_id) WHERE merged_into_id IS NOT NULL;
CREATE INDEX contacts_case_report_idx ON contacts (case_report_id) WHERE case_report_id IS NOT NULL;
-- duplicate detection on name + phone
CREATE INDEX contacts_name_phone_idx ON contacts (person_name, phone) WHERE phone <> '';
-- the KPI panel: windows containing a day (all states), contacts listed per time
CREATE INDEX contacts_until_idx ON contacts (follow_up_until, jurisdiction_id);
CREATE INDEX contacts_created_idx ON contacts (created_at);

-- the import machinery gains the kind 'contacts'
ALTER TABLE import_mappings DROP CONSTRAINT import_mappings_kind_check;
ALTER TABLE import_mappings ADD CONSTRAINT import_mappings_kind_check CHECK (kind IN ('cases', 'feeds', 'occupancy', 'contacts'));
ALTER TABLE import_jobs DROP CONSTRAINT import_jobs_kind_check;
ALTER TABLE import_jobs ADD CONSTRAINT import_jobs_kind_check CHECK (kind IN ('cases', 'feeds', 'occupancy', 'contacts'));
