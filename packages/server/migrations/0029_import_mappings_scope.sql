-- Saved import mappings belong to a jurisdiction (issue 11, item 7): a township officer could replace or delete the
-- district's mappings, and a later district import would then file one column as another. A mapping is created at
-- the root of its author's import scope (like import jobs) and listed, used, replaced and deleted only by users
-- whose scope holds that jurisdiction; names are unique per kind within one jurisdiction.

ALTER TABLE import_mappings ADD COLUMN jurisdiction_id uuid REFERENCES jurisdictions (id);

-- Existing mappings go to their author's highest jurisdiction (the shortest path among the author's roles), else
-- to the root of the tree: the widest owner is the safe choice, since only users above it may change them.
UPDATE import_mappings m
SET jurisdiction_id = COALESCE(
  (SELECT j.id FROM user_roles r JOIN jurisdictions j ON j.id = r.jurisdiction_id
   WHERE r.user_id = m.created_by ORDER BY length(j.path), j.id LIMIT 1),
  (SELECT j.id FROM jurisdictions j WHERE j.parent_id IS NULL ORDER BY j.created_at, j.id LIMIT 1));

-- A database with mappings but no jurisdiction at all cannot exist (every user has a role in one); keep the column
-- required from here on.
ALTER TABLE import_mappings ALTER COLUMN jurisdiction_id SET NOT NULL;

ALTER TABLE import_mappings DROP CONSTRAINT import_mappings_kind_name_key;
ALTER TABLE import_mappings ADD CONSTRAINT import_mappings_kind_jurisdiction_name_key UNIQUE (kind, jurisdiction_id, name);
CREATE INDEX import_mappings_jurisdiction_idx ON import_mappings (jurisdiction_id);
