-- 0066 contact tracing, third increment (issue 13; docs/contacts.md "The daily work list", docs/quarantine.md):
--
-- 1. The daily work list pages by key (keyset) and stays cheap at 100,000 and 1,000,000 contacts. Its order —
--    "overdue first" — needs, per contact, the first day of the window not yet followed up; computing it from the
--    follow-up records for every open contact of a township on every request was the cost (bench/contacts-load).
--    So each contact keeps its last day with a record and how many records that day has (kept by a statement
--    trigger on contact_follow_ups, which are only ever inserted), and `due_from`, kept by a row trigger on
--    contacts: the first day of the window (the day after the exposure, not before the registration, district
--    time UTC+8) not yet followed `follow_up_per_day` times. A new exposure moves it with the window. The
--    services, imports, cohorts and the demo need not remember any of it.
-- 2. Quarantine places case persons too (an asymptomatic infection or a mild case isolated at a site), and a
--    contact's stay ends by itself when the contact becomes a case (features/quarantine, hook
--    'contacts.converted').
-- Owned by the contacts feature (1) and the quarantine feature (2).

ALTER TABLE contacts
  ADD COLUMN last_follow_up_on date,
  ADD COLUMN last_follow_up_rounds integer NOT NULL DEFAULT 0,
  ADD COLUMN due_from date,
  ADD COLUMN last_seen_on date;

CREATE FUNCTION contacts_due_from() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  start date := greatest((NEW.last_exposure_at AT TIME ZONE INTERVAL '+08:00')::date + 1,
                         (NEW.created_at AT TIME ZONE INTERVAL '+08:00')::date);
BEGIN
  NEW.due_from := CASE
    WHEN NEW.last_follow_up_on IS NULL OR NEW.last_follow_up_on < start THEN start
    WHEN NEW.last_follow_up_rounds < NEW.follow_up_per_day THEN NEW.last_follow_up_on
    ELSE NEW.last_follow_up_on + 1
  END;
  RETURN NEW;
END;
$$;
CREATE TRIGGER contacts_due_from BEFORE INSERT OR UPDATE OF last_exposure_at, created_at, follow_up_per_day, last_follow_up_on, last_follow_up_rounds
  ON contacts FOR EACH ROW EXECUTE FUNCTION contacts_due_from();

-- one UPDATE per statement, so that a bulk insert of records (an import, the demo, a benchmark) stays one pass;
-- last_seen_on (the last day the person was seen, well or unwell) lets the KPI panel count today's "followed up"
-- without reading the records (a record is never in the future, so last_seen_on = today means seen today)
CREATE FUNCTION contact_follow_ups_last() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contacts c
     SET last_follow_up_on = CASE WHEN c.last_follow_up_on IS NULL OR m.d >= c.last_follow_up_on THEN m.d ELSE c.last_follow_up_on END,
         last_follow_up_rounds = CASE WHEN c.last_follow_up_on IS NULL OR m.d >= c.last_follow_up_on
           THEN (SELECT count(*) FROM contact_follow_ups f WHERE f.contact_id = c.id AND f.date = m.d)
           ELSE c.last_follow_up_rounds END,
         last_seen_on = CASE WHEN m.seen IS NOT NULL AND (c.last_seen_on IS NULL OR m.seen > c.last_seen_on) THEN m.seen ELSE c.last_seen_on END
    FROM (SELECT contact_id, max(date) AS d, max(date) FILTER (WHERE status IN ('seen_ok', 'seen_unwell')) AS seen
            FROM new_rows GROUP BY contact_id) m
   WHERE c.id = m.contact_id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER contact_follow_ups_last AFTER INSERT ON contact_follow_ups
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_follow_ups_last();

-- the contacts registered before this migration
UPDATE contacts c
   SET last_follow_up_on = m.d,
       last_follow_up_rounds = (SELECT count(*) FROM contact_follow_ups f WHERE f.contact_id = c.id AND f.date = m.d),
       last_seen_on = m.seen
  FROM (SELECT contact_id, max(date) AS d, max(date) FILTER (WHERE status IN ('seen_ok', 'seen_unwell')) AS seen
          FROM contact_follow_ups GROUP BY contact_id) m
 WHERE c.id = m.contact_id;
UPDATE contacts SET created_at = created_at WHERE due_from IS NULL;
-- the default only satisfies NOT NULL before the trigger runs: the trigger always sets the value
ALTER TABLE contacts ALTER COLUMN due_from SET NOT NULL, ALTER COLUMN due_from SET DEFAULT CURRENT_DATE;

-- the work list's order (first day not followed, highest risk, code) over the contacts under follow-up: a page is
-- read in order and the scan stops at the page's end; a small place is read through contacts_jurisdiction_status_idx
CREATE INDEX contacts_work_list_idx ON contacts
  (due_from, (CASE risk_category WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END), code)
  WHERE status = 'under_follow_up';
CREATE INDEX contacts_team_work_list_idx ON contacts
  (team_id, due_from, (CASE risk_category WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END), code)
  WHERE status = 'under_follow_up' AND team_id IS NOT NULL;

-- the KPI panel for a past day: who was seen that day, from the index alone
CREATE INDEX contact_follow_ups_seen_idx ON contact_follow_ups (date, contact_id) WHERE status IN ('seen_ok', 'seen_unwell');

-- 2. A stay in quarantine is a contact's or a case person's (an asymptomatic infection or a mild case isolated at
-- a site or at home), never both. A case person's stay is scoped by the case's jurisdiction, like the case.
ALTER TABLE quarantine_assignments
  ALTER COLUMN contact_id DROP NOT NULL,
  ADD COLUMN case_report_id uuid REFERENCES case_reports (id),
  ADD CONSTRAINT quarantine_assignments_one_person CHECK (num_nonnulls(contact_id, case_report_id) = 1);
CREATE UNIQUE INDEX quarantine_assignments_one_active_case_idx ON quarantine_assignments (case_report_id)
  WHERE status = 'active' AND case_report_id IS NOT NULL;
CREATE INDEX quarantine_assignments_case_idx ON quarantine_assignments (case_report_id) WHERE case_report_id IS NOT NULL;
-- a case person's isolation ends when they are taken to hospital or have recovered (tests negative)
ALTER TABLE quarantine_assignments DROP CONSTRAINT quarantine_assignments_release_reason_check;
ALTER TABLE quarantine_assignments ADD CONSTRAINT quarantine_assignments_release_reason_check CHECK (release_reason IS NULL OR
  release_reason IN ('period_completed', 'converted_to_case', 'not_a_contact', 'moved_away', 'admitted_to_hospital', 'recovered', 'other'));
