-- Four eyes on daily reports, and task completion with a result and reopening (issue 12, items 7 and 8).

-- Everyone who wrote a report (drafted it by hand, edited its texts or occupancy, submitted it): none of them may
-- approve it. Kept for the report's life, since the text of an earlier version stays in the later ones. Reports
-- from before this migration start with their drafter and submitter.
ALTER TABLE situation_reports ADD COLUMN author_ids uuid[] NOT NULL DEFAULT '{}';
UPDATE situation_reports
   SET author_ids = ARRAY(SELECT DISTINCT x FROM unnest(ARRAY[created_by, submitted_by, updated_by]) AS x WHERE x IS NOT NULL)
 WHERE status IN ('draft', 'submitted');
UPDATE situation_reports
   SET author_ids = ARRAY(SELECT DISTINCT x FROM unnest(ARRAY[created_by, submitted_by]) AS x WHERE x IS NOT NULL)
 WHERE status NOT IN ('draft', 'submitted');

-- What was done, written when a task is completed (required from now on; tasks done before keep an empty result).
-- Cleared when the task is reopened; the task's notes keep every completion and reopening with its text.
ALTER TABLE tasks ADD COLUMN result text NOT NULL DEFAULT '';
