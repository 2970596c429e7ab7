-- 0028 live streams end with the session (issue 11 item 5).
--
-- The live event stream (GET /api/live) holds the principal it was opened with. These triggers tell every
-- server process (NOTIFY on the live channel, delivered at commit) when a session ends — sign-out, the expiry
-- purge, a password change or a disabled account delete session rows — or when what a user may see changes
-- (roles, disabled, password, agency), whatever code path or process made the change. The hub
-- (src/platform/live/live.ts) then closes those streams; the browser reconnects and is checked afresh.
CREATE FUNCTION live_session_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('oc_live', json_build_object('control', 'session_ended', 'sessionId', OLD.id)::text);
  RETURN OLD;
END $$;
CREATE TRIGGER sessions_live_end AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION live_session_ended();

CREATE FUNCTION live_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_user uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN
    changed_user := OLD.user_id;
  ELSIF TG_TABLE_NAME = 'users' THEN
    changed_user := NEW.id;
  ELSE
    changed_user := NEW.user_id;
  END IF;
  PERFORM pg_notify('oc_live', json_build_object('control', 'user_changed', 'userId', changed_user)::text);
  RETURN NULL;
END $$;
CREATE TRIGGER user_roles_live_change AFTER INSERT OR UPDATE OR DELETE ON user_roles
  FOR EACH ROW EXECUTE FUNCTION live_user_changed();
CREATE TRIGGER users_live_change AFTER UPDATE ON users
  FOR EACH ROW
  WHEN (OLD.disabled IS DISTINCT FROM NEW.disabled OR OLD.password_hash IS DISTINCT FROM NEW.password_hash
        OR OLD.agency_id IS DISTINCT FROM NEW.agency_id)
  EXECUTE FUNCTION live_user_changed();
