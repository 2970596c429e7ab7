-- 0019 four-eyes approval of emergency plan versions (issue 6 follow-up, "response command").
-- A version may not be approved by the person who last edited its content or submitted it for review, so the
-- version records who last edited it. Versions written before this migration take their author as last editor.
ALTER TABLE plan_versions ADD COLUMN last_edited_by uuid REFERENCES users (id);
UPDATE plan_versions SET last_edited_by = created_by WHERE last_edited_by IS NULL;
