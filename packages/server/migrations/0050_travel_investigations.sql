-- 0050 travel and epidemiological investigations (issue 13: 流调, voyages and the port; docs/travel.md).
-- travel_* tables are owned by the travel feature (src/features/travel), investigation* by the investigations
-- feature (src/features/investigations).

-- A vessel of a passenger line (reference data, no personal data).
CREATE TABLE travel_vessels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (name <> ''),
  name_en text NOT NULL DEFAULT '',
  -- 船舶登记号 / MMSI as the operator writes it
  registration text NOT NULL UNIQUE CHECK (registration <> ''),
  operator text NOT NULL DEFAULT '',
  decks integer NOT NULL DEFAULT 1 CHECK (decks BETWEEN 1 AND 20),
  passenger_capacity integer NOT NULL DEFAULT 0 CHECK (passenger_capacity >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A route: a passenger line, a bus or train line, with its stops in order.
CREATE TABLE travel_routes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  mode text NOT NULL CHECK (mode IN ('voyage', 'bus', 'train', 'flight', 'port_shift')),
  name text NOT NULL CHECK (name <> ''),
  name_en text NOT NULL DEFAULT '',
  -- [{ "name": "重庆朝天门", "nameEn": "Chongqing Chaotianmen" }, …]
  stops jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (mode, name)
);

-- One trip: a voyage of a vessel, a bus or train run, a flight, or a shift of port workers at a berth.
CREATE SEQUENCE travel_trips_code_seq;
CREATE TABLE travel_trips (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE DEFAULT record_code('V', nextval('travel_trips_code_seq'), 6),
  mode text NOT NULL CHECK (mode IN ('voyage', 'bus', 'train', 'flight', 'port_shift')),
  -- where the district meets it (the port's or station's jurisdiction): scopes the trip and its manifest
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  vessel_id uuid REFERENCES travel_vessels (id),
  route_id uuid REFERENCES travel_routes (id),
  -- voyage number, bus or train number (K1234), flight number; a shift's name
  service_number text NOT NULL CHECK (service_number <> ''),
  origin text NOT NULL DEFAULT '',
  destination text NOT NULL DEFAULT '',
  departs_at timestamptz NOT NULL,
  arrives_at timestamptz NOT NULL,
  -- intermediate calls: [{ "place": "万州", "arrivesAt": "…", "departsAt": "…" }]
  calls jsonb NOT NULL DEFAULT '[]'::jsonb,
  terminal text NOT NULL DEFAULT '',
  berth text NOT NULL DEFAULT '',
  notes text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (arrives_at >= departs_at),
  CHECK (mode <> 'voyage' OR vessel_id IS NOT NULL)
);
CREATE INDEX travel_trips_jurisdiction_departs_idx ON travel_trips (jurisdiction_id, departs_at);

-- A person on a trip's manifest: passenger, crew, or port worker on the shift.
CREATE TABLE travel_manifest_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trip_id uuid NOT NULL REFERENCES travel_trips (id),
  -- the trip's jurisdiction: scopes the row like its trip
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  row_number integer NOT NULL,
  role text NOT NULL DEFAULT 'passenger' CHECK (role IN ('passenger', 'crew', 'worker')),
  person_name text NOT NULL CHECK (person_name <> ''),
  sex text NOT NULL DEFAULT 'unknown' CHECK (sex IN ('male', 'female', 'unknown')),
  id_type text NOT NULL DEFAULT 'none' CHECK (id_type IN ('resident_id', 'passport', 'other', 'none')),
  -- as on case_reports: AES-256-GCM ciphertext, the mask, the HMAC for matching
  id_number_encrypted text,
  id_number_masked text NOT NULL DEFAULT '',
  id_number_hash text,
  phone text NOT NULL DEFAULT '',
  -- residence as written, and the township or community it was recognised as (null: not recognised)
  residence text NOT NULL DEFAULT '',
  residence_jurisdiction_id uuid REFERENCES jurisdictions (id),
  -- voyage: deck / cabin / seat; train: carriage / – / seat; bus, flight: seat; port shift: work area / – / post
  deck text NOT NULL DEFAULT '',
  cabin text NOT NULL DEFAULT '',
  seat text NOT NULL DEFAULT '',
  boarded_at text NOT NULL DEFAULT '',
  alighted_at text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (trip_id, row_number)
);
CREATE INDEX travel_manifest_entries_identity_idx ON travel_manifest_entries (trip_id, id_number_hash) WHERE id_number_hash IS NOT NULL;

-- A case on a trip: where the case was (deck, cabin, seat) and when; the exposure cohort hangs from it.
CREATE TABLE travel_exposures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trip_id uuid NOT NULL REFERENCES travel_trips (id),
  case_id uuid NOT NULL REFERENCES case_reports (id),
  -- the trip's jurisdiction
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  -- the case's own manifest row, when found (by identity number or name)
  manifest_entry_id uuid REFERENCES travel_manifest_entries (id),
  deck text NOT NULL DEFAULT '',
  cabin text NOT NULL DEFAULT '',
  seat text NOT NULL DEFAULT '',
  boarded_at text NOT NULL DEFAULT '',
  alighted_at text NOT NULL DEFAULT '',
  notes text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (trip_id, case_id)
);
CREATE INDEX travel_exposures_case_idx ON travel_exposures (case_id);

-- The exposure cohort: each manifest person ranked by proximity to the case, suggested risk, the decision.
CREATE TABLE travel_cohort_members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  exposure_id uuid NOT NULL REFERENCES travel_exposures (id),
  entry_id uuid NOT NULL REFERENCES travel_manifest_entries (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  proximity text NOT NULL CHECK (proximity IN ('same_cabin', 'same_deck', 'same_vessel', 'near_seat', 'same_carriage',
    'same_vehicle', 'same_post', 'same_area', 'same_shift')),
  -- 1 closest … 3 farthest
  rank integer NOT NULL CHECK (rank BETWEEN 1 AND 3),
  suggested_risk text NOT NULL CHECK (suggested_risk IN ('high', 'medium', 'low')),
  last_exposure_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'suggested' CHECK (status IN ('suggested', 'confirmed', 'dismissed')),
  contact_id uuid REFERENCES contacts (id),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  UNIQUE (exposure_id, entry_id),
  CHECK (status <> 'confirmed' OR contact_id IS NOT NULL)
);
CREATE INDEX travel_cohort_members_exposure_rank_idx ON travel_cohort_members (exposure_id, rank, status);

-- The epidemiological investigation (流调) of a case: one per case.
CREATE TABLE investigations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL UNIQUE REFERENCES case_reports (id),
  -- the case's jurisdiction: scopes the investigation like its case
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  -- the exposure window looked at (district days)
  window_from date NOT NULL,
  window_to date NOT NULL,
  likely_source_kind text NOT NULL DEFAULT 'unknown'
    CHECK (likely_source_kind IN ('unknown', 'household', 'local', 'travel', 'imported', 'healthcare', 'other')),
  likely_source text NOT NULL DEFAULT '',
  notes text NOT NULL DEFAULT '',
  investigator_id uuid REFERENCES users (id),
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (window_to >= window_from)
);

-- One entry of the timeline: a place and activity, or a journey.
CREATE TABLE investigation_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  investigation_id uuid NOT NULL REFERENCES investigations (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  kind text NOT NULL CHECK (kind IN ('home', 'work', 'school', 'market', 'clinic', 'gathering', 'other_place',
    'voyage', 'bus', 'train', 'flight', 'port_shift')),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  place text NOT NULL DEFAULT '',
  activity text NOT NULL DEFAULT '',
  -- a journey: the trip when it is on record, or its number as told
  trip_id uuid REFERENCES travel_trips (id),
  service_number text NOT NULL DEFAULT '',
  deck text NOT NULL DEFAULT '',
  cabin text NOT NULL DEFAULT '',
  seat text NOT NULL DEFAULT '',
  notes text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at IS NULL OR ends_at >= starts_at)
);
CREATE INDEX investigation_events_investigation_idx ON investigation_events (investigation_id, starts_at);
