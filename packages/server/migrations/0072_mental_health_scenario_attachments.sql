-- 0072 (1) the registry's mental-health facility type (issue 17; docs/psych.md "Referrals"): psychiatric hospitals and
-- mental-health centres (精神卫生中心), where psychological assistance refers its clients. Owned by the registry.

ALTER TABLE facilities DROP CONSTRAINT facilities_type_check;
ALTER TABLE facilities ADD CONSTRAINT facilities_type_check CHECK (type IN ('designated_hospital', 'general_hospital',
  'fever_clinic', 'township_health_centre', 'cdc_laboratory', 'port_quarantine', 'warehouse', 'quarantine_hotel',
  'mental_health_centre'));

-- 0072 (2) a stock scenario attached to a situation report (issue 14; docs/stock.md "Scenarios in the daily report"):
-- a snapshot of the saved scenario as the report's drafter attached it — its name, who saved it, the horizon, the
-- bed peak against capacity and each item's stock, incoming and stock-out date — so that the approved report and
-- its PDF keep what the leaders read even if the scenario is deleted later. NULL: none attached. Owned by reports.

ALTER TABLE situation_reports ADD COLUMN scenario jsonb;
