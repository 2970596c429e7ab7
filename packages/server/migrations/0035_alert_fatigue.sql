-- 0035 alerts that help rather than drown (issue 12, item 4).
--
-- 1. Chronic diseases (diseases.chronic, owned by the cases feature). CIDARS watches the acute, outbreak-prone
--    notifiable diseases (Yang W et al., WPSAR 2011;2(1), DOMAIN.md §3); the chronic ones are not in its moving
--    percentile: their reports follow screening and treatment programmes, not this week's transmission, so a
--    percentile over last years' same weeks fires on single cases every day. Those are HIV/AIDS, hepatitis B and C, pulmonary tuberculosis, syphilis,
--    gonorrhoea, schistosomiasis, leprosy and echinococcosis. Detection refuses an MPM setting for them; the
--    ones that exist are switched off here (the settings page shows them disabled, they can be deleted).
ALTER TABLE diseases ADD COLUMN chronic boolean NOT NULL DEFAULT false;
UPDATE diseases SET chronic = true
 WHERE code IN ('hiv_aids', 'hepatitis_b', 'hepatitis_c', 'tuberculosis', 'syphilis', 'gonorrhoea', 'schistosomiasis', 'leprosy', 'echinococcosis');
UPDATE detection_configs c SET enabled = false, updated_at = now()
  FROM diseases d
 WHERE d.id = c.disease_id AND d.chronic AND c.method = 'mpm' AND c.enabled;

-- 2. Minimum counts per disease (default_params.minCount of the catalogue's MPM): a period signals only when
--    its count exceeds the percentile AND reaches the minimum. CIDARS counties raise it for the common
--    diseases, where one or two cases a week in a township are the background, and keep 1 where a single
--    case is already news (measles under elimination, meningococcal meningitis, Japanese encephalitis,
--    neonatal tetanus, mpox). Only rows still at the original default (1) change: an administrator's choice
--    stays.
UPDATE diseases SET default_params = jsonb_set(default_params, '{minCount}', to_jsonb(v.min_count)), updated_at = now()
  FROM (VALUES
    ('hfmd', 3), ('influenza', 3), ('other_diarrhoea', 3), ('varicella', 3), ('mumps', 3), ('bacillary_dysentery', 3),
    ('scarlet_fever', 3), ('acute_haemorrhagic_conjunctivitis', 3), ('covid19', 3),
    ('hepatitis_a', 2), ('hepatitis_e', 2), ('hepatitis_unclassified', 2), ('typhoid_paratyphoid', 2), ('hfrs', 2),
    ('dengue', 2), ('malaria', 2), ('brucellosis', 2), ('leptospirosis', 2), ('typhus', 2), ('rubella', 2),
    ('pertussis', 2), ('amoebic_dysentery', 2), ('kala_azar', 2)
  ) AS v (code, min_count)
 WHERE diseases.code = v.code AND diseases.default_method = 'mpm' AND diseases.default_params->>'minCount' = '1';

-- 3. Alert subscriptions (owned by the alerts feature): what each user wants to be told about when a new alert
--    opens — alert classes ('A' = Class A and managed as A, 'B', 'C' = Class C and other, 'syndromic' =
--    feeds), diseases (empty: all) and places (empty: all of the user's area). No row: the role's default
--    (alerts.subscriptions.ts). Class A alerts reach every verifier whatever the subscription says.
CREATE TABLE alert_subscriptions (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  alert_classes text[] NOT NULL DEFAULT '{}',
  disease_ids uuid[] NOT NULL DEFAULT '{}',
  jurisdiction_ids uuid[] NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT alert_subscriptions_classes_check CHECK (alert_classes <@ ARRAY['A', 'B', 'C', 'syndromic']::text[])
);
