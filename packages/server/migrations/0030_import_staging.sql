-- Imports stage their checked rows here before publishing them in one brief step (issue 11, item 15): the whole
-- import used to be one transaction, holding the daily-count rows that every case report updates for as long as
-- the file took to read and check (up to 20 s on PostgreSQL for 100,000 rows), and PGlite's one connection for the
-- whole import (27 s). Batches are written here each in its own short statement; the publish copies them into
-- their table in ONE statement inside ONE transaction, so the import stays all or nothing.
-- One row per batch of up to 1,000 rows (a JSON array, as the batch insert has always taken them): few rows, no
-- per-row overhead. The rows are deleted when the import is published, rejected or fails, and when an interrupted
-- import is released; identity numbers in them are already encrypted (what case_reports stores).
CREATE TABLE import_staged_batches (
  import_id uuid NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  rows jsonb NOT NULL,
  PRIMARY KEY (import_id, seq)
);

-- Row problems stored before values were masked (issue 11, item 3: a mistyped identity number was kept and shown in
-- full) are masked here as the server now masks them (imports.masking.ts), so that the database and its backups no
-- longer hold them: identity numbers and phones keep their last 4 characters (all hidden when 6 or fewer), names
-- their first character.
CREATE FUNCTION pg_temp.mask_import_value(field text, value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN value IS NULL OR value = '' THEN value
    WHEN field IN ('idNumber', 'phone') THEN (
      SELECT CASE WHEN length(v) <= 6 THEN repeat('*', length(v)) ELSE repeat('*', length(v) - 4) || right(v, 4) END
      FROM (SELECT regexp_replace(value, '\s+', '', 'g') AS v) s)
    WHEN field = 'personName' THEN (
      SELECT CASE WHEN length(v) <= 1 THEN repeat('*', length(v)) ELSE left(v, 1) || repeat('*', length(v) - 1) END
      FROM (SELECT btrim(value) AS v) s)
    ELSE value
  END
$$;

UPDATE import_jobs j
SET errors = (
  SELECT jsonb_agg(
    CASE WHEN e ->> 'field' IN ('idNumber', 'phone', 'personName') THEN
      jsonb_set(
        CASE WHEN jsonb_typeof(e -> 'params' -> 'value') = 'string'
          THEN jsonb_set(e, '{params,value}', to_jsonb(pg_temp.mask_import_value(e ->> 'field', e -> 'params' ->> 'value')))
          ELSE e END,
        '{value}', to_jsonb(coalesce(pg_temp.mask_import_value(e ->> 'field', e ->> 'value'), '')))
    ELSE e END
    ORDER BY n)
  FROM jsonb_array_elements(j.errors) WITH ORDINALITY AS x(e, n))
WHERE jsonb_typeof(j.errors) = 'array' AND jsonb_array_length(j.errors) > 0
  AND jsonb_path_exists(j.errors, '$[*] ? (@.field == "idNumber" || @.field == "phone" || @.field == "personName")');
