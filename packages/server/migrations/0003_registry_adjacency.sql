-- 0003 registry: which jurisdictions share a border, how many people commute between them, and the map
-- features that are not jurisdictions (the river, the port). Existing installations get these tables empty;
-- the demo seeder fills them in for the demo district on the next start (features/demo/demo.seeder.ts).

-- Two jurisdictions sharing a border of positive length (a common corner is not a border). One row per
-- unordered pair, stored with the smaller id first: symmetry holds by construction — there is no second
-- direction that could be missing or disagree on the length. Readers look up both columns.
CREATE TABLE jurisdiction_adjacency (
  jurisdiction_a_id uuid NOT NULL REFERENCES jurisdictions (id) ON DELETE CASCADE,
  jurisdiction_b_id uuid NOT NULL REFERENCES jurisdictions (id) ON DELETE CASCADE,
  -- length of the common border in km
  shared_border_km double precision NOT NULL CHECK (shared_border_km > 0),
  PRIMARY KEY (jurisdiction_a_id, jurisdiction_b_id),
  CHECK (jurisdiction_a_id < jurisdiction_b_id)
);
CREATE INDEX jurisdiction_adjacency_b_idx ON jurisdiction_adjacency (jurisdiction_b_id);

-- Residents of the origin who spend a typical working day in the destination (each counted once, not per
-- trip leg): the commuting matrix of a metapopulation model (DOMAIN.md §8). Directed: A→B and B→A differ.
-- A pair without a row has no known flow. `source` says where the figure comes from (the demo's are
-- synthetic, from a gravity model), so that estimates are never mistaken for measurements.
CREATE TABLE jurisdiction_flows (
  origin_id uuid NOT NULL REFERENCES jurisdictions (id) ON DELETE CASCADE,
  destination_id uuid NOT NULL REFERENCES jurisdictions (id) ON DELETE CASCADE,
  daily_trips integer NOT NULL CHECK (daily_trips >= 0),
  source text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (origin_id, destination_id),
  CHECK (origin_id <> destination_id)
);
CREATE INDEX jurisdiction_flows_destination_idx ON jurisdiction_flows (destination_id);

-- Features drawn on the map that are not jurisdictions. `jurisdiction_id` is the jurisdiction the feature
-- lies in (a river's reach: its township; the port: its street), which scopes it like any record of a place.
CREATE TABLE map_features (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  kind text NOT NULL CHECK (kind IN ('river', 'port')),
  name text NOT NULL,
  name_en text NOT NULL,
  -- a GeoJSON geometry (RFC 7946), WGS 84 degrees
  geometry jsonb NOT NULL CHECK (jsonb_typeof(geometry) = 'object'
    AND geometry ->> 'type' IN ('Point', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (jurisdiction_id, kind, name)
);
CREATE INDEX map_features_kind_idx ON map_features (kind);
