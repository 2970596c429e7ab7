-- 0072 (1) the registry's mental-health facility type (issue 17; docs/psych.md "Referrals"): psychiatric hospitals and
-- mental-health centres (精神卫生中心), where psychological assistance refers its clients. Owned by the registry.

ALTER TABLE facilities DROP CONSTRAINT facilities_type_check;
ALTER TABLE facilities ADD CONSTRAINT facilities_type_check CHECK (type IN ('designated_hospital', 'general_hospital',
  'fever_clinic', 'township_health_centre', 'cdc_laboratory', 'port_quarantine', 'warehouse', 'quarantine_hotel',
  'mental_health_centre'));
