-- Review time as a timeliness indicator (issue 12): the time from a card's report to the CDC's first review
-- decision (审核: approved or returned). reviewed_at holds the latest decision (a card returned, corrected and
-- approved has the approval's time, and a correction may clear it), so the first is kept in a column of its own,
-- set by a trigger on every write that gives reviewed_at a value while the column is still empty: the services,
-- the demo and the imports need not remember it, and it never moves once set.
ALTER TABLE case_reports ADD COLUMN first_reviewed_at timestamptz;

-- cards reviewed before this migration: their review time is the best record there is
UPDATE case_reports SET first_reviewed_at = reviewed_at WHERE reviewed_at IS NOT NULL;

CREATE FUNCTION case_reports_first_review() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.first_reviewed_at IS NULL AND NEW.reviewed_at IS NOT NULL THEN
    NEW.first_reviewed_at := NEW.reviewed_at;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.first_reviewed_at IS NOT NULL THEN
    NEW.first_reviewed_at := OLD.first_reviewed_at;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER case_reports_first_review BEFORE INSERT OR UPDATE ON case_reports
  FOR EACH ROW EXECUTE FUNCTION case_reports_first_review();
