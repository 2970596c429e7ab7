-- The cases of an incident beyond those its figures find by area, disease and period (issue 12, item 1): cases
-- linked to it — from the alert it was opened from (the cases behind the alert's signals, which may lie in other
-- townships of a space-time cluster), or by hand by its command (a case resident elsewhere, or reported under
-- another diagnosis, that the field investigation tied to the outbreak). A link is never deleted: unlinking
-- stamps it (who, when, why), so that the record shows what was counted when.
CREATE TABLE incident_cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES incidents (id),
  case_id uuid NOT NULL REFERENCES case_reports (id),
  -- 'alert': linked when the incident was opened from its alert; 'hand': linked by a person
  origin text NOT NULL CHECK (origin IN ('alert', 'hand')),
  reason text NOT NULL DEFAULT '',
  linked_by uuid REFERENCES users (id),
  linked_at timestamptz NOT NULL DEFAULT now(),
  unlinked_by uuid REFERENCES users (id),
  unlinked_at timestamptz,
  unlink_reason text NOT NULL DEFAULT ''
);
-- one current link per incident and case
CREATE UNIQUE INDEX incident_cases_current_idx ON incident_cases (incident_id, case_id) WHERE unlinked_at IS NULL;
CREATE INDEX incident_cases_case_idx ON incident_cases (case_id);
