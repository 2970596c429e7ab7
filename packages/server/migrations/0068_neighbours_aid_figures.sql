-- 0068 neighbours (issue 16): border alerts handled locally, mutual aid requests, daily joint figures.

-- How this district handles a neighbour's border alert (the alert itself stays read-only, as the neighbour sent it).
CREATE TABLE neighbour_alert_handling (
  neighbour_alert_id uuid PRIMARY KEY REFERENCES neighbour_alerts (id),
  -- acknowledged | monitoring | actioned
  local_state text NOT NULL,
  note text NOT NULL DEFAULT '',
  task_id uuid,
  handled_by uuid REFERENCES users (id),
  handled_at timestamptz NOT NULL DEFAULT now()
);

-- A request for help (staff, beds, materials, testing) between two linked districts. Each side keeps its own row:
-- 'outgoing' where it was asked from, 'incoming' where it arrived; request_ref is the requester's id on both.
CREATE TABLE neighbour_aid_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  link_id uuid NOT NULL REFERENCES neighbour_links (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  direction text NOT NULL,
  request_ref uuid NOT NULL,
  title text NOT NULL,
  reason text NOT NULL DEFAULT '',
  needed_by date NOT NULL,
  -- [{ kind, description, unit, quantity, offered, delivered }]
  items jsonb NOT NULL,
  status text NOT NULL,
  answer_note text NOT NULL DEFAULT '',
  -- the answer drafted here (incoming), waiting for a second person: offered quantities per item, or a refusal
  answer_draft jsonb,
  answer_drafted_by uuid REFERENCES users (id),
  answer_approved_by uuid REFERENCES users (id),
  delivered_note text NOT NULL DEFAULT '',
  stock_request_id uuid,
  task_id uuid,
  created_by uuid REFERENCES users (id),
  approved_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (link_id, direction, request_ref)
);
CREATE INDEX neighbour_aid_requests_jurisdiction_idx ON neighbour_aid_requests (jurisdiction_id, updated_at);

-- A neighbour's daily aggregate figures as received (no personal data; small counts suppressed by the sender
-- unless its agreement allows them). A later message for the same day replaces the figures.
CREATE TABLE neighbour_daily_figures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  link_id uuid NOT NULL REFERENCES neighbour_links (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  day date NOT NULL,
  -- { diseases: [{ code, name, nameEn, newCases, cumulativeCases }], newCases, cumulativeCases, openAlerts,
  --   responseLevel, k, suppressed }
  figures jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (link_id, day)
);
