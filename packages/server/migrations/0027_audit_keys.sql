-- 0027 audit and data keys (issue 11 items 2, 10, 11).
--
-- The audit chain becomes keyed: records written from now on have chain_version 2 and
-- hash = HMAC-SHA256(audit key, canonical JSON of the record), the key kept outside the database (AUDIT_KEY or
-- DATA_DIR/audit.key). Records already written keep chain_version 1 (plain sha256) and stay verifiable; a
-- version-1 record after the first version-2 one is refused by the verifier (src/platform/audit/audit.ts).
-- ADD COLUMN with a default writes no row, so the append-only trigger is not involved.
ALTER TABLE audit_log ADD COLUMN chain_version smallint NOT NULL DEFAULT 1 CHECK (chain_version IN (1, 2));
-- The jurisdiction of the record the entry is about, when it has one: an audit reader sees the entry's
-- before/after only with the entity's own read right over that jurisdiction. No foreign key: the audit log
-- outlives what it describes.
ALTER TABLE audit_log ADD COLUMN jurisdiction_id uuid;
-- Which fields the entry changed (for every reader); the values of sensitive fields are not stored.
ALTER TABLE audit_log ADD COLUMN changed_fields text[];
CREATE INDEX audit_log_jurisdiction_idx ON audit_log (jurisdiction_id);

-- A check value per data key (HMAC of a fixed text under the key): at start-up the configured key must give
-- the recorded value, so a restore with the wrong or a fresh key stops with a message naming the variable
-- instead of failing later on every record it protects. A check value reveals nothing about the key.
CREATE TABLE data_key_checks (
  name text PRIMARY KEY CHECK (name IN ('identity', 'audit')),
  check_value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
