-- 0059 neighbours (issue 16): border alerts. Alerts of ours on a township the agreement names as bordering a
-- neighbour are shared with it (the alert's state when shared, and its status changes when the agreement says
-- "synced"); the neighbour keeps them read-only beside its own alerts.

-- What was sent of each alert to each neighbour: the status and level last sent (a change sends an update).
CREATE TABLE neighbour_alert_shares (
  link_id uuid NOT NULL REFERENCES neighbour_links (id),
  alert_id uuid NOT NULL REFERENCES alerts (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  last_status text NOT NULL,
  last_warning_level text,
  shared_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (link_id, alert_id)
);
CREATE INDEX neighbour_alert_shares_alert_idx ON neighbour_alert_shares (alert_id);

-- A neighbour's alert as received: read-only here, its status kept as the neighbour last sent it.
CREATE TABLE neighbour_alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  link_id uuid NOT NULL REFERENCES neighbour_links (id),
  -- our district (the scope)
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  remote_alert_id uuid NOT NULL,
  code text NOT NULL,
  title text NOT NULL,
  summary text NOT NULL DEFAULT '',
  summary_zh text NOT NULL DEFAULT '',
  disease_code text,
  disease_name text,
  disease_name_en text,
  place_name text NOT NULL DEFAULT '',
  place_name_en text NOT NULL DEFAULT '',
  status text NOT NULL,
  warning_level text,
  synced boolean NOT NULL,
  first_signal_at timestamptz,
  closed_at timestamptz,
  remote_updated_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (link_id, remote_alert_id)
);
CREATE INDEX neighbour_alerts_jurisdiction_idx ON neighbour_alerts (jurisdiction_id, updated_at);
