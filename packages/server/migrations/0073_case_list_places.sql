-- 0073 The case list of a part of the district under load (issue 11: 50 clients, a million reports).
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
