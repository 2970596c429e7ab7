-- 0052 quarantine: quarantine sites' rooms, and contacts placed in quarantine (issue 13, item 6; docs/quarantine.md).
-- Owned by the quarantine feature (src/features/quarantine). A quarantine site is a registry facility of type
-- 'quarantine_hotel' (0002); this migration adds its rooms and the assignments of people to a room or to home.

-- A room of a quarantine site set up for quarantine, with the number of people it takes (usually one; a family
-- room two or three). A room taken out of service takes no new arrivals; its people stay until moved.
CREATE TABLE quarantine_rooms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  facility_id uuid NOT NULL REFERENCES facilities (id),
  -- the site's jurisdiction (copied from the facility): who may manage the rooms
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  room_no text NOT NULL CHECK (room_no <> '' AND length(room_no) <= 20),
  floor integer CHECK (floor IS NULL OR floor BETWEEN -5 AND 200),
  capacity integer NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 1 AND 8),
  in_service boolean NOT NULL DEFAULT true,
  notes text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (facility_id, room_no)
);

-- One stay of one contact in quarantine: at a site (a room) or at home. A transfer ends one stay
-- ('transferred') and opens the next (previous_id); a release ends it ('released') with a date and a reason.
CREATE SEQUENCE quarantine_assignments_code_seq;
CREATE TABLE quarantine_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- human-facing number, printed on the notices ('Q2026-000123')
  code text NOT NULL UNIQUE DEFAULT record_code('Q', nextval('quarantine_assignments_code_seq'), 6),
  contact_id uuid NOT NULL REFERENCES contacts (id),
  -- the person's residence (the contact's jurisdiction when placed): scopes the record like its contact
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  kind text NOT NULL CHECK (kind IN ('site', 'home')),
  facility_id uuid REFERENCES facilities (id),
  room_id uuid REFERENCES quarantine_rooms (id),
  -- where home quarantine is kept (default: the contact's address)
  home_address text NOT NULL DEFAULT '',
  -- first and last day of quarantine (district time); the end defaults to the contact's follow_up_until
  start_date date NOT NULL,
  end_date date NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'transferred', 'released')),
  -- the day the stay ended (release or transfer) and why
  ended_on date,
  release_reason text CHECK (release_reason IS NULL OR release_reason IN
    ('period_completed', 'converted_to_case', 'not_a_contact', 'moved_away', 'other')),
  release_notes text NOT NULL DEFAULT '',
  previous_id uuid REFERENCES quarantine_assignments (id),
  notes text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users (id),
  ended_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'site') = (facility_id IS NOT NULL AND room_id IS NOT NULL)),
  CHECK (kind = 'site' OR (facility_id IS NULL AND room_id IS NULL)),
  CHECK (end_date >= start_date),
  CHECK ((status = 'active') = (ended_on IS NULL)),
  CHECK ((status = 'released') = (release_reason IS NOT NULL)),
  CHECK (ended_on IS NULL OR ended_on >= start_date)
);
-- a person is in at most one place at a time
CREATE UNIQUE INDEX quarantine_assignments_one_active_idx ON quarantine_assignments (contact_id) WHERE status = 'active';
-- occupancy: the active stays of a room, of a site
CREATE INDEX quarantine_assignments_room_active_idx ON quarantine_assignments (room_id) WHERE status = 'active';
CREATE INDEX quarantine_assignments_facility_idx ON quarantine_assignments (facility_id, status);
CREATE INDEX quarantine_assignments_jurisdiction_idx ON quarantine_assignments (jurisdiction_id, status);
CREATE INDEX quarantine_assignments_contact_idx ON quarantine_assignments (contact_id);
