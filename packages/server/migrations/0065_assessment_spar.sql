-- 0065 assessment: the preparedness self-assessment's four eyes and evidence (issue 18; docs/assessment.md).
-- Submitting a year's self-assessment commits the district (it is reported to the next level): a round is drafted,
-- submitted, then approved by someone holding assessment.approve who is not among its authors, or returned.
ALTER TABLE assessment_spar_rounds DROP CONSTRAINT assessment_spar_rounds_status_check;
ALTER TABLE assessment_spar_rounds ADD CONSTRAINT assessment_spar_rounds_status_check
  CHECK (status IN ('draft', 'submitted', 'approved'));
ALTER TABLE assessment_spar_rounds ADD COLUMN submitted_by uuid REFERENCES users (id);
ALTER TABLE assessment_spar_rounds ADD COLUMN submitted_at timestamptz;
ALTER TABLE assessment_spar_rounds ADD COLUMN review_comment text NOT NULL DEFAULT '';

-- The evidence of a score beyond its text: links to plan versions, reviews (of events and exercises), indicators
-- and documents on the web: [{ "kind": "plan_version" | "review" | "indicator" | "url", "ref": "…", "label": "" }].
-- Files are attachments of the round (platform attachments, entity type 'assessment_spar_round').
ALTER TABLE assessment_spar_scores ADD COLUMN evidence_links jsonb NOT NULL DEFAULT '[]'::jsonb;
