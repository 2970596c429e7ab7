-- 0041 bed occupancy (issue 12, item 15): each care facility reports once a day how many of its beds, ICU beds and
-- isolation rooms are occupied (a form for the facility's hospital reporter, or an import). Reports and the command
-- board read the latest report of each facility instead of figures typed into each report (docs/occupancy.md).
-- One row per facility and day: a second report of the same day replaces the first (the service audits both).
-- The capacity in force when the report was made is kept with it, so that an old day's rate does not change when
-- the registry's capacity does. Occupied above capacity is refused unless flagged (surge beds), with a note.
CREATE TABLE bed_occupancy (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  facility_id uuid NOT NULL REFERENCES facilities (id),
  -- the facility's jurisdiction when reported: the scope of the row
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  report_date date NOT NULL,
  beds_occupied integer NOT NULL CHECK (beds_occupied >= 0),
  icu_beds_occupied integer NOT NULL CHECK (icu_beds_occupied >= 0),
  isolation_rooms_occupied integer NOT NULL CHECK (isolation_rooms_occupied >= 0),
  beds_capacity integer NOT NULL CHECK (beds_capacity >= 0),
  icu_beds_capacity integer NOT NULL CHECK (icu_beds_capacity >= 0),
  isolation_rooms_capacity integer NOT NULL CHECK (isolation_rooms_capacity >= 0),
  over_capacity boolean NOT NULL DEFAULT false,
  note text NOT NULL DEFAULT '',
  source text NOT NULL DEFAULT 'form' CHECK (source IN ('form', 'import', 'demo')),
  import_id uuid,
  reported_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (facility_id, report_date),
  -- above capacity only when flagged
  CHECK (over_capacity OR (beds_occupied <= beds_capacity AND icu_beds_occupied <= icu_beds_capacity
                           AND isolation_rooms_occupied <= isolation_rooms_capacity))
);
-- the latest report of each facility, and a day's reports across the district
CREATE INDEX bed_occupancy_date_idx ON bed_occupancy (report_date, facility_id);
CREATE INDEX bed_occupancy_jurisdiction_idx ON bed_occupancy (jurisdiction_id);

-- the import machinery gains the kind 'occupancy'
ALTER TABLE import_mappings DROP CONSTRAINT import_mappings_kind_check;
ALTER TABLE import_mappings ADD CONSTRAINT import_mappings_kind_check CHECK (kind IN ('cases', 'feeds', 'occupancy'));
ALTER TABLE import_jobs DROP CONSTRAINT import_jobs_kind_check;
ALTER TABLE import_jobs ADD CONSTRAINT import_jobs_kind_check CHECK (kind IN ('cases', 'feeds', 'occupancy'));
