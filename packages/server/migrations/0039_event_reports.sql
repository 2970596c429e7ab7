-- 0039 event-based surveillance (DOMAIN.md §3, WHO EBS): a township officer reports a local event — a cluster in
-- a school, a market, a rumour of illness — with place, time and people affected. Each report opens an alert of
-- class 'event', which goes through the same verify / risk-assess workflow as the alerts computed from signals
-- (class 'signal'). Owned by the alerts feature (src/features/alerts, event-reports.*.ts).

ALTER TABLE alerts ADD COLUMN origin text NOT NULL DEFAULT 'signal' CHECK (origin IN ('signal', 'event'));

CREATE TABLE event_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the alert the report opened (one each: an event is verified on its own)
  alert_id uuid NOT NULL UNIQUE REFERENCES alerts (id),
  -- where it happened: the reporter's township or one of its communities
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  event_type text NOT NULL CHECK (event_type IN ('school_cluster', 'workplace_cluster', 'market', 'gathering',
    'rumour', 'animal_deaths', 'other')),
  -- the exact place in words ('实验小学三年级二班', '东门农贸市场禽类区')
  place text NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
  -- when the first people fell ill (or the event began), as told
  occurred_at timestamptz NOT NULL,
  people_affected integer NOT NULL CHECK (people_affected BETWEEN 0 AND 100000),
  deaths integer NOT NULL DEFAULT 0 CHECK (deaths BETWEEN 0 AND 100000),
  suspected_disease_id uuid REFERENCES diseases (id),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 4000),
  -- how the officer learnt of it (the headteacher, the market manager, a social-media post)
  source text NOT NULL DEFAULT '',
  reported_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_reports_jurisdiction_idx ON event_reports (jurisdiction_id);
CREATE INDEX alerts_origin_idx ON alerts (origin);
