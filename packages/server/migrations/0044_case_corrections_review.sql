-- Card correction (订正) and CDC review (审核) as in NIDRIS (issue 12, item 13).
--
-- Review: a card is pending until the CDC approves it or returns it to the reporting unit with a reason; a
-- correction sends it back to pending. Cards reviewed before this migration are approved.
ALTER TABLE case_reports
  ADD COLUMN review_status text NOT NULL DEFAULT 'pending' CHECK (review_status IN ('pending', 'approved', 'returned')),
  ADD COLUMN review_note text NOT NULL DEFAULT '',
  -- 1 for the card as filed, +1 for every correction
  ADD COLUMN version integer NOT NULL DEFAULT 1;

UPDATE case_reports SET review_status = 'approved' WHERE reviewed_at IS NOT NULL;

-- the review queue: active pending cards by report time
CREATE INDEX case_reports_review_queue_idx ON case_reports (reported_at) WHERE status = 'active' AND review_status = 'pending';

-- Every correction of a card, kept: the card before and after (without the encrypted number or its hash), who,
-- when, why, what kind of correction, and for a diagnosis changed, a revised classification or a death the moment
-- it happened, from which the correction's timeliness is counted against the disease's deadline.
CREATE TABLE case_report_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES case_reports (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  -- the version the card has after this correction (2 for the first)
  version integer NOT NULL,
  -- 'correction' (by hand), 'import_update' (a re-imported row chosen to update the card)
  source text NOT NULL CHECK (source IN ('correction', 'import_update')),
  -- 'diagnosis_changed', 'classification_revised', 'death', 'other'
  correction_types text[] NOT NULL DEFAULT '{}',
  reason text NOT NULL DEFAULT '',
  -- when the diagnosis was revised or the patient died (the correction is due within the disease's deadline)
  event_at timestamptz,
  deadline_hours integer,
  changed_fields text[] NOT NULL DEFAULT '{}',
  before jsonb NOT NULL,
  after jsonb NOT NULL,
  import_id uuid REFERENCES import_jobs (id) ON DELETE SET NULL,
  changed_by uuid REFERENCES users (id),
  changed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, version)
);
CREATE INDEX case_report_versions_changed_at_idx ON case_report_versions (changed_at);
