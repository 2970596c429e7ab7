-- 0002 registry: agencies of the joint prevention and control mechanism with their duty roster, facilities
-- with capacities, and the adjacent districts with daily flows. Jurisdictions themselves live in 0001.
-- Every scoped table carries a jurisdiction_id: store queries restrict it to the caller's subtree.

-- Member agencies of the joint prevention and control mechanism (联防联控机制), DOMAIN.md §1.
CREATE TABLE agencies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- a short stable code used by imports and the seeder ('JJ-CDC'); unique across the deployment
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  name_en text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('health_commission', 'cdc', 'hospital', 'public_security', 'transport',
    'port_maritime', 'market_regulation', 'education', 'civil_affairs', 'press_office', 'emergency_management',
    'township_government', 'community_grid')),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  contact_person text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '',
  email text NOT NULL DEFAULT '',
  address text NOT NULL DEFAULT '',
  duties text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agencies_jurisdiction_idx ON agencies (jurisdiction_id);

-- Who is on duty at an agency on a date. A range of dates is replaced as a whole (PUT …/roster).
CREATE TABLE duty_roster (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
  date date NOT NULL,
  -- day 08:00–20:00, night 20:00–08:00, all_day = the 24-hour duty leader (带班领导)
  shift text NOT NULL CHECK (shift IN ('day', 'night', 'all_day')),
  person_name text NOT NULL,
  phone text NOT NULL,
  role text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX duty_roster_agency_date_idx ON duty_roster (agency_id, date);

-- Hospitals, clinics, laboratories, quarantine sites and warehouses with their capacities.
CREATE TABLE facilities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  name_en text NOT NULL,
  type text NOT NULL CHECK (type IN ('designated_hospital', 'general_hospital', 'fever_clinic',
    'township_health_centre', 'cdc_laboratory', 'port_quarantine', 'warehouse', 'quarantine_hotel')),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  address text NOT NULL DEFAULT '',
  -- [lon, lat] in WGS 84 degrees, or NULL when not yet placed on the map
  location jsonb,
  beds integer NOT NULL DEFAULT 0 CHECK (beds >= 0),
  icu_beds integer NOT NULL DEFAULT 0 CHECK (icu_beds >= 0),
  -- single rooms for isolating a patient (negative-pressure rooms in hospitals, observation rooms in clinics)
  isolation_rooms integer NOT NULL DEFAULT 0 CHECK (isolation_rooms >= 0),
  -- guest rooms of quarantine hotels (one person or household per room)
  rooms integer NOT NULL DEFAULT 0 CHECK (rooms >= 0),
  phone text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- two facilities of one name in one place would be the same facility entered twice
  UNIQUE (jurisdiction_id, name)
);
CREATE INDEX facilities_type_idx ON facilities (type);

-- Districts bordering ours; `district_id` is our district they border (which scopes them).
CREATE TABLE adjacent_districts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  district_id uuid NOT NULL REFERENCES jurisdictions (id),
  -- GB/T 2260 6-digit code of the neighbouring county-level division
  code text NOT NULL,
  name text NOT NULL,
  name_en text NOT NULL,
  population integer CHECK (population IS NULL OR population >= 0),
  -- [lon, lat] in WGS 84 degrees
  centroid jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (district_id, code)
);

-- Daily person-trips between our district and a neighbour, by mode of transport (inputs of the
-- metapopulation model, DOMAIN.md §8). daily_in = into our district, daily_out = out of it.
CREATE TABLE district_flows (
  adjacent_district_id uuid NOT NULL REFERENCES adjacent_districts (id) ON DELETE CASCADE,
  mode text NOT NULL CHECK (mode IN ('road', 'rail', 'river')),
  daily_in integer NOT NULL CHECK (daily_in >= 0),
  daily_out integer NOT NULL CHECK (daily_out >= 0),
  PRIMARY KEY (adjacent_district_id, mode)
);
