-- 0007 alerts: what a person handles (DOMAIN.md §3). Workflow new → verifying → discarded | monitoring |
-- risk_assessment → characterised (warning level) → closed | confirmed (an event; response opens an incident).
-- Owned by the alerts feature (src/features/alerts), which adds history, comments and the rest in its own
-- migration.

CREATE SEQUENCE alerts_code_seq;
CREATE TABLE alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- human-facing number ('A2026-0042')
  code text NOT NULL UNIQUE DEFAULT record_code('A', nextval('alerts_code_seq'), 4),
  disease_id uuid REFERENCES diseases (id),
  feed_type_id uuid REFERENCES feed_types (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'verifying', 'discarded', 'monitoring',
    'risk_assessment', 'characterised', 'closed', 'confirmed')),
  warning_level text CHECK (warning_level IN ('blue', 'yellow', 'orange', 'red')),
  title text NOT NULL,
  summary text NOT NULL DEFAULT '',
  signal_count integer NOT NULL DEFAULT 0,
  first_signal_at timestamptz,
  last_signal_at timestamptz,
  assignee_id uuid REFERENCES users (id),
  verification_due_at timestamptz,
  -- set when the verification deadline passed and the supervisor was told
  escalated_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  CHECK (num_nonnulls(disease_id, feed_type_id) <= 1)
);
CREATE INDEX alerts_status_idx ON alerts (status);
CREATE INDEX alerts_jurisdiction_idx ON alerts (jurisdiction_id);
CREATE INDEX alerts_due_idx ON alerts (verification_due_at) WHERE escalated_at IS NULL;

ALTER TABLE signals ADD CONSTRAINT signals_alert_fk FOREIGN KEY (alert_id) REFERENCES alerts (id);
