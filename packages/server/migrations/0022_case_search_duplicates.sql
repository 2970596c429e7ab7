-- Case reports at scale (issue 5 follow-up): name search by any substring, and the duplicates page limited to
-- recent reports, on a district history of a million reports.

-- The distinct two-character pieces (bigrams, by character, lower-cased) of a person's name and a report code.
-- Every bigram of a search text of two or more characters occurs in the name or code it is part of, so
-- `case_search_bigrams(person_name, code) @> case_search_bigrams(q, '')` is a necessary condition that the GIN
-- index below answers; the exact substring test then checks the few rows it leaves.
-- Why not pg_trgm: trigrams need a search text of three characters, most Chinese names have two or three
-- (searching two of them is the common case), pg_trgm treats CJK characters as word characters only under a
-- non-C locale, and the extension is not installed on every PostgreSQL; arrays and GIN are built in (PGlite too).
-- Not inlinable (a FROM clause), so the index expression and the query's expression stay the same call.
CREATE FUNCTION case_search_bigrams(name text, code text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT coalesce(array_agg(DISTINCT substr(s, i, 2)), '{}')
  FROM unnest(ARRAY[lower(name), lower(code)]) AS s, generate_series(1, char_length(s) - 1) AS i
$$;

CREATE INDEX case_reports_search_idx ON case_reports USING gin (case_search_bigrams(person_name, code));

-- The duplicates page looks at the reports filed since a day (90 days by default) and at the reports they may
-- duplicate, which were filed no earlier than the oldest diagnosis among them minus the window: two ranges of
-- report time. Covering the columns the two matches compare lets both sides be read from this index alone
-- (index-only scans) instead of visiting ~50,000 scattered rows of the table per range on a district's million
-- reports. Merged reports are never candidates.
CREATE INDEX case_reports_duplicates_idx ON case_reports (reported_at)
  INCLUDE (disease_id, id_number_hash, person_name, birth_date, diagnosis_at, jurisdiction_id, id)
  WHERE status = 'active';
