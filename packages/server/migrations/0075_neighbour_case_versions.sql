-- 0075 a neighbour's update of a case accepted from it is a version of the card (issue 16; docs/neighbours.md
-- "Updates of a shared record"): the same record a correction by hand writes (case_report_versions, owned by
-- cases), with the source 'neighbour_update' and the district it came from — so the card's history shows what the
-- neighbour changed, when, and from which district. `neighbour` is {linkId, districtCode, name, nameEn, version}
-- (the sender's version of the shared record); it is set exactly for that source.

ALTER TABLE case_report_versions DROP CONSTRAINT case_report_versions_source_check;
ALTER TABLE case_report_versions ADD CONSTRAINT case_report_versions_source_check
  CHECK (source IN ('correction', 'import_update', 'neighbour_update'));
ALTER TABLE case_report_versions ADD COLUMN neighbour jsonb;
ALTER TABLE case_report_versions ADD CONSTRAINT case_report_versions_neighbour_check
  CHECK ((source = 'neighbour_update') = (neighbour IS NOT NULL));
