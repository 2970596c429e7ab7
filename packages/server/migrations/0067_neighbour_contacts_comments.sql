-- 0067 neighbours (issue 16): contact notifications and comments on a notification (docs/neighbours.md).

-- A contact (contact tracing) may be shared with a neighbour as a case is.
ALTER TABLE neighbour_shares DROP CONSTRAINT neighbour_shares_entity_type_check;
ALTER TABLE neighbour_shares ADD CONSTRAINT neighbour_shares_entity_type_check CHECK (entity_type IN ('case_report', 'contact'));

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
