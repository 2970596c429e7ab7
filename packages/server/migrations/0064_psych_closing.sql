-- Psychological assistance, second part (issue 17, docs/psych.md): closing a client with a coded reason and
-- outcome (a closed client is read-only until reopened), and links to cases or contacts that never block the
-- surveillance records' own lifecycle.

-- why the team closed the client, and how the client was doing at the end (both required while closed)
ALTER TABLE psych_clients
  ADD COLUMN close_reason text CHECK (close_reason IN ('goals_met', 'referred_on', 'declined', 'lost_contact', 'moved_away', 'other')),
  ADD COLUMN close_outcome text CHECK (close_outcome IN ('improved', 'unchanged', 'worse', 'unknown'));

-- clients closed before this migration (free-text outcome only) get the neutral codes
UPDATE psych_clients SET close_reason = 'other', close_outcome = 'unknown' WHERE status = 'closed';

ALTER TABLE psych_clients
  ADD CONSTRAINT psych_clients_closed_coded CHECK ((status = 'closed') = (close_reason IS NOT NULL AND close_outcome IS NOT NULL));

-- a case or contact removed by its own feature (merge, purge) drops the link instead of being blocked by it
ALTER TABLE psych_clients DROP CONSTRAINT psych_clients_linked_case_id_fkey;
ALTER TABLE psych_clients
  ADD CONSTRAINT psych_clients_linked_case_id_fkey FOREIGN KEY (linked_case_id) REFERENCES case_reports (id) ON DELETE SET NULL;
ALTER TABLE psych_clients DROP CONSTRAINT psych_clients_linked_contact_id_fkey;
ALTER TABLE psych_clients
  ADD CONSTRAINT psych_clients_linked_contact_id_fkey FOREIGN KEY (linked_contact_id) REFERENCES contacts (id) ON DELETE SET NULL;

-- the facility's referral inbox: referrals by receiving facility
CREATE INDEX psych_referrals_facility_idx ON psych_referrals (facility_id, status);
