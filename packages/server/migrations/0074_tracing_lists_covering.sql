-- 0074 contact tracing under load (issue 13; docs/contacts.md "Speed", docs/benchmarks.md "Contact tracing"):
-- the daily list and the KPI panel read their rows from indexes alone (index-only scans once autovacuum has
-- marked the pages), instead of one heap page per contact.
--
-- 1. A township's daily list: its open contacts, counted and ordered on the first page (due_from, risk, code),
--    read from the place's entries of this index — before, ~2,000 heap pages for a township's ~1,000 open contacts
--    per request, twice (the page's keys and the counts).
-- 2. The KPI panel's "followed up today": the contacts whose window reaches the day, with everything the count
--    filters on. Replaces contacts_until_idx (follow_up_until, jurisdiction_id), which it covers.
-- 3. The KPI panel's "traced within 24 h / 48 h": a contact's first record seen (well or unwell) from the index —
--    before, every record of each of the period's ~1,300 contacts was read from the heap for min(created_at).
-- Owned by the contacts feature.

CREATE INDEX contacts_open_place_idx ON contacts (jurisdiction_id, follow_up_until)
  INCLUDE (due_from, risk_category, code, last_exposure_at, id)
  WHERE status = 'under_follow_up';

CREATE INDEX contacts_window_idx ON contacts (follow_up_until)
  INCLUDE (jurisdiction_id, last_exposure_at, created_at, merged_into_id, status, status_changed_at, last_seen_on, disease_id);
DROP INDEX contacts_until_idx;

CREATE INDEX contact_follow_ups_first_seen_idx ON contact_follow_ups (contact_id, created_at)
  WHERE status IN ('seen_ok', 'seen_unwell');
