-- Case reports at scale (issue 5 follow-up): name search by any substring, and the duplicates page limited to
-- recent reports, on a district history of a million reports.

-- The one- and two-character pieces (unigrams and bigrams, by character, lower-cased) of a person's
-- name and a report code. Every piece of a search text occurs in the name or code it is part of, so
-- `case_search_grams(person_name, code) @> case_search_query_grams(q)` is a necessary condition that the GIN
-- index below answers; the exact substring test then checks the rows it leaves. A search text of two characters or
-- more is looked up by its bigrams, one character (a surname, 张) by itself.
-- Why not pg_trgm: trigrams need a search text of three characters, most Chinese names have two or three
-- (searching two of them is the common case), pg_trgm treats CJK characters as word characters only under a
-- non-C locale, and the extension is not installed on every PostgreSQL (nor on this project's development server);
-- arrays and GIN are built in, PGlite included.
-- PL/pgSQL: about 5 µs a report against 13 µs for the same in SQL (array_agg over generate_series), paid on every
-- insert; never inlined, so the index expression and the query's expression stay the same call. Repeated pieces
-- are left in: GIN keeps each key once.
CREATE FUNCTION case_search_grams(name text, code text) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  grams text[] := '{}';
  s text;
  n integer;
BEGIN
  FOREACH s IN ARRAY ARRAY[lower(name), lower(code)] LOOP
    n := char_length(s);
    FOR i IN 1..n LOOP
      grams := grams || substr(s, i, 1);
      IF i < n THEN
        grams := grams || substr(s, i, 2);
      END IF;
    END LOOP;
  END LOOP;
  RETURN grams;
END
$$;

-- The pieces looked up for a search text: its bigrams, or the character itself.
CREATE FUNCTION case_search_query_grams(q text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT CASE WHEN char_length(q) < 2 THEN ARRAY[lower(q)]
              ELSE (SELECT array_agg(DISTINCT substr(lower(q), i, 2)) FROM generate_series(1, char_length(q) - 1) AS i) END
$$;

CREATE INDEX case_reports_search_idx ON case_reports USING gin (case_search_grams(person_name, code));
-- A finer sample of the pieces for the planner: with the default (100) a piece absent from the statistics is
-- guessed at ~0.25% of the reports, and a rare name or no match at all is then searched by walking the whole
-- report-time index for the first page (0.5–0.9 s on a million reports) instead of through this one (~5 ms).
-- ANALYZE of case_reports takes longer (≈10 s on a million reports, in autovacuum's background).
ALTER INDEX case_reports_search_idx ALTER COLUMN 1 SET STATISTICS 1000;

-- The duplicates page looks at the reports filed since a day (90 days by default) and at the reports they may
-- duplicate, which were filed no earlier than the oldest diagnosis among them minus the window: two ranges of
-- report time. Covering the columns the two matches compare lets both sides be read from this index alone
-- (index-only scans) instead of visiting ~50,000 scattered rows of the table per range on a district's million
-- reports. Merged reports are never candidates.
CREATE INDEX case_reports_duplicates_idx ON case_reports (reported_at)
  INCLUDE (disease_id, id_number_hash, person_name, birth_date, diagnosis_at, jurisdiction_id, id)
  WHERE status = 'active';
