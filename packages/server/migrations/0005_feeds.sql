-- 0005 feeds: syndromic and aggregate surveillance feeds (fever-clinic visits, pharmacy sales, school
-- absenteeism, port quarantine findings, ILI share) as daily values per site or jurisdiction.
-- Owned by the feeds feature (src/features/feeds); detection and the dashboard read them.

CREATE TABLE feed_types (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  name_en text NOT NULL,
  -- 'count': value is a count (visits, packs sold, absent pupils); 'proportion': value / denominator (ILI%)
  measure text NOT NULL CHECK (measure IN ('count', 'proportion')),
  unit text NOT NULL DEFAULT '',
  unit_en text NOT NULL DEFAULT '',
  description text NOT NULL DEFAULT '',
  -- default detection method id and parameters (as diseases.default_method)
  default_method text NOT NULL DEFAULT 'ears_c3',
  default_params jsonb NOT NULL DEFAULT '{}'::jsonb,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Reporting sites: a fever clinic, a pharmacy, a school, a port quarantine station, a sentinel hospital.
CREATE TABLE feed_sites (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  name_en text NOT NULL DEFAULT '',
  kind text NOT NULL CHECK (kind IN ('fever_clinic', 'pharmacy', 'school', 'port', 'sentinel_hospital', 'other')),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  facility_id uuid REFERENCES facilities (id),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feed_sites_jurisdiction_idx ON feed_sites (jurisdiction_id);

-- One day's value of one feed at one site (site_id set; jurisdiction_id = the site's) or for a jurisdiction as
-- a whole (site_id NULL). Re-reporting a day replaces its value.
CREATE TABLE feed_counts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  feed_type_id uuid NOT NULL REFERENCES feed_types (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  site_id uuid REFERENCES feed_sites (id),
  date date NOT NULL,
  value double precision NOT NULL CHECK (value >= 0),
  -- for proportions: the denominator (all visits, enrolled pupils); NULL for counts
  denominator double precision CHECK (denominator IS NULL OR denominator > 0),
  source text NOT NULL DEFAULT 'form' CHECK (source IN ('form', 'api', 'csv', 'demo')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (feed_type_id, jurisdiction_id, site_id, date)
);
CREATE INDEX feed_counts_type_date_idx ON feed_counts (feed_type_id, date);
