-- 0073 The case list, search and detail under load (issue 11: 50 clients, a million reports).
--
-- A township's list (the township filter of the district's list, or a township officer's whole list) read every
-- report of the township before it could show the newest 50: the report-time index does not know places, the
-- place index does not know time, so PostgreSQL took all ≈ 93,000 reports of a township through the place index
-- and sorted them (1.1–1.3 s on the million), and counted them the same way. With this index the list walks each
-- place's reports newest first and stops after a page (cases.store.ts, `listCasePage`), and a township's count
-- reads index entries only (disease_id and id are included: a page of one disease in a township is found from the
-- index alone, without reading the rows it skips; index-only needs the visibility map,
-- which autovacuum keeps for an insert-mostly table).
-- It begins with jurisdiction_id, so the single-column index on it adds nothing any more and is dropped (one
-- index fewer to write on every insert and import).
CREATE INDEX case_reports_place_time_idx ON case_reports (jurisdiction_id, status, reported_at, code) INCLUDE (disease_id, id);
DROP INDEX IF EXISTS case_reports_jurisdiction_idx;

-- The server keeps each session's principal (user, roles, jurisdictions) for up to a minute instead of reading it
-- on every request (src/platform/http/session-principals.ts). Migration 0028's triggers already notify every
-- server process when a session ends or a user's roles, state, password or agency change; these add what else a
-- kept principal holds, so that a change made anywhere (another process, the CLI, SQL) reaches every process's
-- cache at commit: the user's name, language, username and facility (which binds a hospital reporter's scope),
-- and a jurisdiction's name or path (every grant carries them). They do not end live streams (0028's notices do).
CREATE FUNCTION live_principal_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('oc_live', json_build_object('control', 'principal_changed', 'userId', NEW.id)::text);
  ELSE
    PERFORM pg_notify('oc_live', json_build_object('control', 'jurisdictions_changed')::text);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER users_principal_change AFTER UPDATE ON users
  FOR EACH ROW
  WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name OR OLD.locale IS DISTINCT FROM NEW.locale
        OR OLD.username IS DISTINCT FROM NEW.username OR OLD.facility_id IS DISTINCT FROM NEW.facility_id)
  EXECUTE FUNCTION live_principal_changed();
CREATE TRIGGER jurisdictions_principal_change AFTER UPDATE ON jurisdictions
  FOR EACH ROW
  WHEN (OLD.path IS DISTINCT FROM NEW.path OR OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION live_principal_changed();
