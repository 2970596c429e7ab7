-- 0025 user facility: the facility a user reports for (issue 11, item 6). A hospital reporter is bound to it:
-- they see and correct only the case reports their facility filed (docs/cases.md, "Who sees which reports").
-- Nullable: only facility-bound roles need it, and the users service requires it for them (an account bound to
-- no facility is refused case reports rather than shown the district's).
ALTER TABLE users ADD COLUMN facility_id uuid REFERENCES facilities (id);
CREATE INDEX users_facility_idx ON users (facility_id);
