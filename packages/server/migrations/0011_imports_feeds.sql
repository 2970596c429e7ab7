-- 0011 imports and feeds: bulk imports of case line lists and feed values (src/features/imports), saved column
-- mappings, and the syndromic/aggregate feed types the district collects (src/features/feeds).

-- A column mapping saved by name for reuse: which file header feeds which input field, and how raw values are
-- translated ('男' → 'male', '新冠' → 'covid19'). Mappings describe file layouts, not places: no jurisdiction.
CREATE TABLE import_mappings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- what the mapping imports: case reports or feed values
  kind text NOT NULL CHECK (kind IN ('cases', 'feeds')),
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  -- { field: header }
  columns jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- { field: { raw value: target } }
  value_maps jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, name)
);

-- One uploaded file and what became of it: uploaded → validated → importing → done | rejected | failed.
CREATE TABLE import_jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('cases', 'feeds')),
  -- the importer's jurisdiction (the root of their scope): who else may see this job
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  filename text NOT NULL,
  format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  -- the text encoding detected for CSV ('utf-8', 'gb18030', 'utf-16le'); '' for XLSX
  encoding text NOT NULL DEFAULT '',
  size integer NOT NULL CHECK (size >= 0),
  -- the file itself while the import is pending; cleared when it ends, so that personal data is not kept twice
  file bytea,
  headers jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- { columns, values } last validated
  mapping jsonb,
  mode text CHECK (mode IN ('all_or_nothing', 'valid_only')),
  status text NOT NULL DEFAULT 'uploaded' CHECK (status IN ('uploaded', 'validated', 'importing', 'done', 'rejected', 'failed')),
  total_rows integer NOT NULL DEFAULT 0,
  valid_rows integer NOT NULL DEFAULT 0,
  error_rows integer NOT NULL DEFAULT 0,
  -- rows read so far by the running import (progress), and rows written when done
  processed_rows integer NOT NULL DEFAULT 0,
  imported_rows integer NOT NULL DEFAULT 0,
  -- [{ row, column, value, message }], the first 50,000 (error_count holds the full number)
  errors jsonb NOT NULL DEFAULT '[]'::jsonb,
  error_count integer NOT NULL DEFAULT 0,
  -- why a failed import failed (never a user's data)
  message text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users (id),
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX import_jobs_jurisdiction_idx ON import_jobs (jurisdiction_id, created_at DESC);

-- A case that came in through an import points at its batch.
ALTER TABLE case_reports ADD CONSTRAINT case_reports_import_fk FOREIGN KEY (import_id) REFERENCES import_jobs (id);

-- Method ids are the names of @outbreak/surveillance's registry (findMethod).
ALTER TABLE feed_types ALTER COLUMN default_method SET DEFAULT 'earsC_C3';

-- The feeds a district collects (DOMAIN.md: syndromic surveillance beside case reporting). EARS C3 suits short,
-- daily syndromic series without years of baseline; port findings are rare events: any finding is a signal.
INSERT INTO feed_types (code, name, name_en, measure, unit, unit_en, description, default_method, default_params) VALUES
  ('fever_clinic_visits', '发热门诊就诊人次', 'Fever-clinic visits', 'count', '人次', 'visits',
   'Daily visits to fever clinics', 'earsC_C3', '{"baseline": 7, "alpha": 0.025}'),
  ('pharmacy_antipyretics', '药店退热药销售', 'Pharmacy sales of antipyretics', 'count', '盒', 'packs',
   'Packs of antipyretic and cold medicines sold per day', 'earsC_C3', '{"baseline": 7, "alpha": 0.025}'),
  ('pharmacy_antidiarrhoeals', '药店止泻药销售', 'Pharmacy sales of antidiarrhoeals', 'count', '盒', 'packs',
   'Packs of antidiarrhoeal medicines sold per day', 'earsC_C3', '{"baseline": 7, "alpha": 0.025}'),
  ('school_absenteeism', '学校因病缺课', 'School absenteeism due to illness', 'count', '人', 'pupils',
   'Pupils absent because of illness per school day', 'earsC_C3', '{"baseline": 7, "alpha": 0.025}'),
  ('port_quarantine_findings', '口岸检疫发现', 'Port and ship quarantine findings', 'count', '例', 'findings',
   'Symptomatic travellers or crew found at port and ship quarantine', 'fixedThreshold', '{"k": 1, "period": 1}'),
  ('ili_share', '流感样病例就诊百分比', 'Influenza-like illness share', 'proportion', '%', '%',
   'ILI visits as a share of all outpatient visits at sentinel hospitals (value = ILI visits, denominator = all visits)',
   'earsC_C3', '{"baseline": 7, "alpha": 0.025}')
ON CONFLICT (code) DO NOTHING;
