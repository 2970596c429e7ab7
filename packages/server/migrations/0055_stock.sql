-- 0055 emergency materials and logistics (issue 14, docs/stock.md): an item catalogue, stock as a ledger by site
-- (registry facilities: warehouses and hospital stores) and lot, balances derived from the ledger, requests from
-- facilities, townships, agencies and neighbouring districts with their workflow, and warnings sent once a day.

-- The catalogue: what the district stocks. Quantities everywhere are counted in the item's unit (a box, a cylinder);
-- pack_size says how many units a shipping pack holds.
CREATE TABLE stock_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,31}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  category text NOT NULL CHECK (category IN ('ppe', 'test_kit', 'disinfectant', 'medicine', 'oxygen', 'ventilator', 'bed', 'vehicle', 'other')),
  unit text NOT NULL CHECK (length(unit) BETWEEN 1 AND 40),
  unit_en text NOT NULL CHECK (length(unit_en) BETWEEN 1 AND 40),
  pack_size integer NOT NULL DEFAULT 1 CHECK (pack_size BETWEEN 1 AND 1000000),
  -- days from manufacture; NULL: the item does not expire (ventilators, beds, vehicles)
  shelf_life_days integer CHECK (shelf_life_days IS NULL OR shelf_life_days BETWEEN 1 AND 36500),
  storage_class text NOT NULL DEFAULT 'ambient' CHECK (storage_class IN ('ambient', 'cool', 'cold_chain', 'frozen', 'flammable', 'compressed_gas', 'controlled')),
  -- consumption used by forecasts and scenarios (units per confirmed case, per occupied bed-day, per staff-day)
  per_case numeric(12, 4) NOT NULL DEFAULT 0 CHECK (per_case >= 0),
  per_bed_day numeric(12, 4) NOT NULL DEFAULT 0 CHECK (per_bed_day >= 0),
  per_staff_day numeric(12, 4) NOT NULL DEFAULT 0 CHECK (per_staff_day >= 0),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The minimum stock an item must keep at a site (below it: a warning).
CREATE TABLE stock_minimums (
  item_id uuid NOT NULL REFERENCES stock_items (id),
  facility_id uuid NOT NULL REFERENCES facilities (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  minimum integer NOT NULL CHECK (minimum >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (item_id, facility_id)
);
CREATE INDEX stock_minimums_facility_idx ON stock_minimums (facility_id);

CREATE SEQUENCE stock_requests_code_seq;
-- Requests for materials. The requester is one of: a facility, a township (jurisdiction), an agency, a neighbouring
-- district (mutual aid). jurisdiction_id is the requester's place: the scope of the request.
CREATE TABLE stock_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE DEFAULT record_code('M', nextval('stock_requests_code_seq'), 5),
  requester_kind text NOT NULL CHECK (requester_kind IN ('facility', 'township', 'agency', 'district')),
  requester_facility_id uuid REFERENCES facilities (id),
  requester_agency_id uuid REFERENCES agencies (id),
  requester_district_id uuid REFERENCES adjacent_districts (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  priority text NOT NULL CHECK (priority IN ('routine', 'urgent', 'critical')),
  needed_by date NOT NULL,
  purpose text NOT NULL DEFAULT '' CHECK (length(purpose) <= 2000),
  delivery_address text NOT NULL DEFAULT '' CHECK (length(delivery_address) <= 500),
  status text NOT NULL DEFAULT 'submitted'
    CHECK (status IN ('submitted', 'info_requested', 'approved', 'rejected', 'committed', 'dispatched', 'received', 'cancelled')),
  -- what the approver asked (info_requested), why it was rejected or cut
  decision_note text NOT NULL DEFAULT '' CHECK (length(decision_note) <= 2000),
  -- where it came from: a task or a meeting decision (free reference, no foreign key: those records may be archived)
  origin_type text CHECK (origin_type IN ('task', 'meeting')),
  origin_id uuid,
  supplier_facility_id uuid REFERENCES facilities (id),
  created_by uuid NOT NULL REFERENCES users (id),
  approved_by uuid REFERENCES users (id),
  approved_at timestamptz,
  committed_at timestamptz,
  dispatched_at timestamptz,
  received_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((requester_kind = 'facility') = (requester_facility_id IS NOT NULL)),
  CHECK ((requester_kind = 'agency') = (requester_agency_id IS NOT NULL)),
  CHECK ((requester_kind = 'district') = (requester_district_id IS NOT NULL)),
  CHECK ((origin_type IS NULL) = (origin_id IS NULL)),
  -- four eyes: the requester never approves
  CHECK (approved_by IS NULL OR approved_by <> created_by)
);
CREATE INDEX stock_requests_status_idx ON stock_requests (status, needed_by);
CREATE INDEX stock_requests_jurisdiction_idx ON stock_requests (jurisdiction_id);

CREATE TABLE stock_request_lines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  request_id uuid NOT NULL REFERENCES stock_requests (id),
  item_id uuid NOT NULL REFERENCES stock_items (id),
  quantity_requested integer NOT NULL CHECK (quantity_requested > 0),
  quantity_approved integer CHECK (quantity_approved >= 0 AND quantity_approved <= quantity_requested),
  quantity_committed integer NOT NULL DEFAULT 0 CHECK (quantity_committed >= 0),
  quantity_dispatched integer NOT NULL DEFAULT 0 CHECK (quantity_dispatched >= 0 AND quantity_dispatched <= quantity_committed),
  quantity_received integer NOT NULL DEFAULT 0 CHECK (quantity_received >= 0 AND quantity_received <= quantity_dispatched),
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  UNIQUE (request_id, item_id)
);

-- The request's history as its people see it (the audit log holds the same with before/after).
CREATE TABLE stock_request_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  request_id uuid NOT NULL REFERENCES stock_requests (id),
  action text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  note text NOT NULL DEFAULT '',
  actor_id uuid REFERENCES users (id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_request_events_request_idx ON stock_request_events (request_id, at);

-- A movement as a person records it (one receipt, one transfer …); its effect on stock is in stock_ledger.
CREATE TABLE stock_movements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('receipt', 'issue', 'transfer', 'adjustment', 'disposal')),
  item_id uuid NOT NULL REFERENCES stock_items (id),
  facility_id uuid NOT NULL REFERENCES facilities (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  to_facility_id uuid REFERENCES facilities (id),
  -- positive, except an adjustment, which is signed
  quantity integer NOT NULL CHECK (quantity <> 0),
  lot text,
  expires_on date,
  reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 1000),
  -- a donation: who gave it
  donor text NOT NULL DEFAULT '' CHECK (length(donor) <= 200),
  reference text NOT NULL DEFAULT '' CHECK (length(reference) <= 200),
  request_id uuid REFERENCES stock_requests (id),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind = 'adjustment' OR quantity > 0),
  CHECK ((kind = 'transfer') = (to_facility_id IS NOT NULL)),
  CHECK (to_facility_id IS NULL OR to_facility_id <> facility_id)
);
CREATE INDEX stock_movements_item_facility_idx ON stock_movements (item_id, facility_id, created_at);
CREATE INDEX stock_movements_request_idx ON stock_movements (request_id) WHERE request_id IS NOT NULL;

-- The ledger: every change of stock of an item's lot at a site, signed. A transfer writes two entries.
CREATE TABLE stock_ledger (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  movement_id uuid NOT NULL REFERENCES stock_movements (id),
  item_id uuid NOT NULL REFERENCES stock_items (id),
  facility_id uuid NOT NULL REFERENCES facilities (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  lot text NOT NULL,
  expires_on date,
  delta integer NOT NULL CHECK (delta <> 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_ledger_item_facility_idx ON stock_ledger (item_id, facility_id, lot);
CREATE INDEX stock_ledger_movement_idx ON stock_ledger (movement_id);
CREATE INDEX stock_ledger_issue_rate_idx ON stock_ledger (facility_id, item_id, created_at) WHERE delta < 0;

-- Balances derived from the ledger: written in the same transaction as each ledger entry, under a row lock, so
-- that two issues of the last boxes cannot both pass; never negative (the CHECK is the last line of defence).
CREATE TABLE stock_balances (
  item_id uuid NOT NULL REFERENCES stock_items (id),
  facility_id uuid NOT NULL REFERENCES facilities (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  lot text NOT NULL,
  expires_on date,
  quantity integer NOT NULL CHECK (quantity >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (item_id, facility_id, lot)
);
CREATE INDEX stock_balances_facility_idx ON stock_balances (facility_id, item_id);
CREATE INDEX stock_balances_expiry_idx ON stock_balances (expires_on) WHERE quantity > 0;

-- Warnings already sent (one per kind, subject and day), so the daily job and a restart do not repeat them.
CREATE TABLE stock_warnings (
  kind text NOT NULL CHECK (kind IN ('below_minimum', 'expiring', 'request_overdue', 'stock_out_forecast')),
  subject text NOT NULL,
  sent_on date NOT NULL,
  PRIMARY KEY (kind, subject, sent_on)
);

-- Saved "what if" scenarios: the inputs and the computed result (for comparison without rerunning).
CREATE TABLE stock_scenarios (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  inputs jsonb NOT NULL,
  result jsonb NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_scenarios_jurisdiction_idx ON stock_scenarios (jurisdiction_id, created_at);
