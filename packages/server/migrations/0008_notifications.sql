-- 0008 notifications and attachments: platform services every feature uses.
-- notifications: a user's inbox (live in the browser over Server-Sent Events); notification_channels and
-- notification_deliveries: outbound copies (signed webhook, e-mail) with a delivery log and retries.
-- attachments: files attached to any record (alerts, tasks), stored in the database (transactional, in backups).

CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- what happened, a stable id ('alert.new', 'alert.overdue', 'task.assigned', 'task.overdue' …)
  kind text NOT NULL,
  severity text NOT NULL DEFAULT 'info' CHECK (severity IN ('info', 'warning', 'critical')),
  title text NOT NULL,
  title_en text NOT NULL,
  body text NOT NULL DEFAULT '',
  body_en text NOT NULL DEFAULT '',
  -- the web app's path to open ('/alerts/<id>')
  link text NOT NULL DEFAULT '',
  entity_type text,
  entity_id uuid,
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

CREATE TABLE notification_channels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('webhook', 'email')),
  -- webhook: { url, secret } (HMAC-SHA256 signature header); email: { to: [addresses] } (SMTP from config)
  config jsonb NOT NULL,
  -- which notification kinds and severities it carries ([] = all kinds)
  kinds text[] NOT NULL DEFAULT '{}',
  min_severity text NOT NULL DEFAULT 'warning' CHECK (min_severity IN ('info', 'warning', 'critical')),
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One outbound message of one event through one channel, with its attempts.
CREATE TABLE notification_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  channel_id uuid NOT NULL REFERENCES notification_channels (id) ON DELETE CASCADE,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  next_attempt_at timestamptz,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_deliveries_status_idx ON notification_deliveries (status, next_attempt_at);

CREATE TABLE attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the record it belongs to ('alert', 'task', …) and its jurisdiction (scope)
  entity_type text NOT NULL,
  entity_id uuid NOT NULL,
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  filename text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL CHECK (size >= 0),
  sha256 text NOT NULL,
  content bytea NOT NULL,
  uploaded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_entity_idx ON attachments (entity_type, entity_id);
