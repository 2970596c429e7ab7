-- Case list, search and detail under load (issue 11: 50 concurrent clients, a million reports).

-- A report's detail lists the reports merged into it (`merged_into = id`). Without an index that was a scan of
-- the whole table for every detail opened (≈ 1,000,000 rows read for the few that are ever merged). Partial: only
-- merged reports carry the column, so the index stays small and costs nothing on the insert of an active report.
CREATE INDEX case_reports_merged_into_idx ON case_reports (merged_into) WHERE merged_into IS NOT NULL;
