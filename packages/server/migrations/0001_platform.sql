-- 0001 platform: jurisdictions, users and roles, sessions, login attempts, hash-chained audit log.
-- Applied once, in one transaction, by src/platform/db/migrator.ts (recorded in schema_migrations).

-- Administrative divisions: province > city > district > township/street > community/village (DOMAIN.md §1).
-- `path` is a materialised path of ids ('/<root id>/…/<own id>/'), maintained by the trigger below, so that a
-- subtree is one indexed prefix match (`path LIKE '/…/<id>/%'`): that is how every scoped query is written.
CREATE TABLE jurisdictions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  parent_id uuid REFERENCES jurisdictions (id),
  level text NOT NULL CHECK (level IN ('province', 'city', 'district', 'township', 'community')),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  name_en text NOT NULL,
  population integer CHECK (population IS NULL OR population >= 0),
  -- [lon, lat] in WGS 84 degrees
  centroid jsonb,
  -- a GeoJSON Polygon or MultiPolygon geometry object (WGS 84)
  geometry jsonb,
  path text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jurisdictions_parent_idx ON jurisdictions (parent_id);
CREATE INDEX jurisdictions_path_idx ON jurisdictions (path text_pattern_ops);
CREATE INDEX jurisdictions_level_idx ON jurisdictions (level);

CREATE FUNCTION jurisdictions_set_path() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent_path text;
BEGIN
  IF NEW.parent_id IS NULL THEN
    NEW.path := '/' || NEW.id || '/';
  ELSE
    SELECT path INTO parent_path FROM jurisdictions WHERE id = NEW.parent_id;
    IF parent_path IS NULL THEN
      RAISE EXCEPTION 'parent jurisdiction % does not exist', NEW.parent_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    -- a jurisdiction cannot become its own ancestor
    IF parent_path LIKE '%/' || NEW.id || '/%' THEN
      RAISE EXCEPTION 'jurisdiction % cannot be moved under its own subtree', NEW.id USING ERRCODE = 'check_violation';
    END IF;
    NEW.path := parent_path || NEW.id || '/';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER jurisdictions_path_insert BEFORE INSERT ON jurisdictions
  FOR EACH ROW EXECUTE FUNCTION jurisdictions_set_path();
CREATE TRIGGER jurisdictions_path_update BEFORE UPDATE OF parent_id ON jurisdictions
  FOR EACH ROW EXECUTE FUNCTION jurisdictions_set_path();

-- When a jurisdiction moves, its descendants' paths move with it.
CREATE FUNCTION jurisdictions_repath_descendants() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.path <> OLD.path THEN
    UPDATE jurisdictions
       SET path = NEW.path || substring(path FROM length(OLD.path) + 1)
     WHERE path LIKE OLD.path || '%' AND id <> NEW.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER jurisdictions_path_cascade AFTER UPDATE OF parent_id ON jurisdictions
  FOR EACH ROW EXECUTE FUNCTION jurisdictions_repath_descendants();

-- Accounts. Usernames are stored lower-case (the service normalises), so UNIQUE is case-insensitive in effect.
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  password_hash text NOT NULL,
  locale text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
  disabled boolean NOT NULL DEFAULT false,
  -- consecutive failed sign-ins since the last success; reaching the configured limit sets locked_until
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A user holds each role within one jurisdiction subtree; several rows give several roles or places.
CREATE TABLE user_roles (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL,
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  PRIMARY KEY (user_id, role, jurisdiction_id)
);
CREATE INDEX user_roles_jurisdiction_idx ON user_roles (jurisdiction_id);

-- Server-side sessions. `id` is the sha256 of the cookie's token, so a copy of this table opens no session.
CREATE TABLE sessions (
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  -- absolute end of life, whatever the activity
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Every sign-in attempt, for rate limiting per IP + username and for the security record.
CREATE TABLE login_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL,
  ip text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  success boolean NOT NULL
);
CREATE INDEX login_attempts_key_idx ON login_attempts (username, ip, at);

-- Append-only, hash-chained security audit (GB/T 22239 level 3: audit records protected from tampering).
-- `seq` is gapless (assigned under an advisory lock by src/platform/audit/audit.ts), so a deleted row shows.
-- hash = sha256(canonical JSON of prev_hash, seq, at, actor, action, entity, before, after).
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY CHECK (seq >= 1),
  at timestamptz NOT NULL,
  actor_id uuid,
  actor_username text,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text,
  before jsonb,
  after jsonb,
  ip text,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id);
CREATE INDEX audit_log_at_idx ON audit_log (at);

-- The application never updates or deletes audit records; refuse it in the database too, so a bug cannot.
-- (Someone with the database owner's rights can still drop this trigger: the hash chain catches that case.)
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
