-- 0067 neighbours (issue 16): contact notifications, versioned updates of a shared record with conflicts shown,
-- and comments on a notification (docs/neighbours.md).

-- A contact (contact tracing) may be shared with a neighbour as a case is.
ALTER TABLE neighbour_shares DROP CONSTRAINT neighbour_shares_entity_type_check;
ALTER TABLE neighbour_shares ADD CONSTRAINT neighbour_shares_entity_type_check CHECK (entity_type IN ('case_report', 'contact'));
-- the last version sent of the shared record (1: the notification; each update +1) and, per field, what it said
-- (an update goes when the record's value differs from it: '{}' = not yet taken, the next run takes a baseline)
ALTER TABLE neighbour_shares ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE neighbour_shares ADD COLUMN sent_fields jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(sent_fields) = 'object');

-- A neighbour's case, referenced here as the index case of a contact it notified: never counted (status
-- 'neighbour', like an exercise's reports), no personal data (the neighbour's case code only).
ALTER TABLE case_reports DROP CONSTRAINT case_reports_status_check;
ALTER TABLE case_reports ADD CONSTRAINT case_reports_status_check CHECK (status IN ('active', 'merged', 'exercise', 'neighbour'));

-- The reference case made for a neighbour's case (once per link and the neighbour's case code).
CREATE TABLE neighbour_case_refs (
  link_id uuid NOT NULL REFERENCES neighbour_links (id),
  sender_case_code text NOT NULL CHECK (length(sender_case_code) BETWEEN 1 AND 64),
  case_report_id uuid NOT NULL REFERENCES case_reports (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (link_id, sender_case_code)
);

-- A received notification once accepted: the version of the shared record applied here and, per field, the value
-- last applied (the base a local change is compared with: a field changed here since is a conflict).
ALTER TABLE neighbour_inbox ADD COLUMN applied_version integer NOT NULL DEFAULT 1 CHECK (applied_version >= 1);
ALTER TABLE neighbour_inbox ADD COLUMN applied_fields jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(applied_fields) = 'object');

-- An update of a shared record as received: applied; waiting (the notification is not decided yet, or an earlier
-- version is missing); stale (a version already applied: refused, kept for the record); ignored (the
-- notification was rejected); conflict (a field changed here too: a person decides); resolved.
CREATE TABLE neighbour_updates (
  id uuid PRIMARY KEY,
  link_id uuid NOT NULL REFERENCES neighbour_links (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  notification_id uuid NOT NULL REFERENCES neighbour_inbox (id),
  version integer NOT NULL CHECK (version >= 2),
  changes jsonb NOT NULL CHECK (jsonb_typeof(changes) = 'object'),
  status text NOT NULL CHECK (status IN ('waiting', 'applied', 'stale', 'ignored', 'conflict', 'resolved')),
  -- the fields in conflict: { field: { base, local, remote } }; the choices: { field: 'local' | 'remote' }
  conflicts jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(conflicts) = 'object'),
  resolution jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(resolution) = 'object'),
  resolved_by uuid REFERENCES users (id),
  resolved_at timestamptz,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX neighbour_updates_notification_idx ON neighbour_updates (notification_id, version);
CREATE INDEX neighbour_updates_open_idx ON neighbour_updates (jurisdiction_id) WHERE status = 'conflict';

-- Comments on a notification, both ways: the receiver's on what it received, the sender's on what it sent.
CREATE TABLE neighbour_comments (
  id uuid PRIMARY KEY,
  link_id uuid NOT NULL REFERENCES neighbour_links (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  -- the notification's message id (the same on both sides)
  notification_id uuid NOT NULL,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  author_name text NOT NULL CHECK (length(author_name) <= 100),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX neighbour_comments_notification_idx ON neighbour_comments (notification_id, created_at);
