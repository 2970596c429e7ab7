-- 0010 disease catalogue: China's statutory notifiable diseases (Law on the Prevention and Control of
-- Infectious Diseases; Class A 甲类, B 乙类, C 丙类) plus varicella, which districts commonly monitor.
-- Owned by the cases feature (docs/cases.md lists the codes; imports, feeds, detection and the demo use them).
--
-- report_deadline_hours and verification_hours (DOMAIN.md §2): 2 h for Class A, for pulmonary anthrax, SARS,
-- poliomyelitis and human infection with highly pathogenic avian influenza, and for any disease managed as
-- Class A (乙类甲管); 24 h otherwise.
-- default_method / default_params are @outbreak/surveillance method names and parameters, passed straight to
-- it by detection: 'fixedThreshold' { k, period } — one case is a signal (CIDARS, for Class A and rare severe
-- diseases); 'mpm' { years, halfWindow, p, minCount, periodLength } — CIDARS moving percentile for the rest
-- (P80 by default; varicella P75 as in the district study cited in DOMAIN.md §3).
-- Admins edit the rows afterwards (audited): ON CONFLICT DO NOTHING never overwrites their changes.

INSERT INTO diseases (code, name, name_en, icd10, class, managed_as_class_a, report_deadline_hours, verification_hours, default_method, default_params, sort_order)
SELECT v.code, v.name, v.name_en, v.icd10, v.class, v.managed_as_a, v.deadline, v.deadline,
       CASE WHEN v.fixed THEN 'fixedThreshold' ELSE 'mpm' END,
       CASE WHEN v.fixed THEN '{"k": 1, "period": 1}'::jsonb
            ELSE jsonb_build_object('years', 3, 'halfWindow', 2, 'p', v.p, 'minCount', 1, 'periodLength', 7) END,
       v.sort_order
FROM (VALUES
  -- code, name, name_en, icd10, class, managed as A, deadline (h), fixed threshold, MPM percentile, order
  ('plague', '鼠疫', 'Plague', 'A20', 'A', false, 2, true, 0.8, 10),
  ('cholera', '霍乱', 'Cholera', 'A00', 'A', false, 2, true, 0.8, 20),
  ('covid19', '新型冠状病毒感染', 'COVID-19', 'U07.1', 'B', false, 24, false, 0.8, 100),
  ('sars', '传染性非典型肺炎', 'Severe acute respiratory syndrome (SARS)', 'U04.9', 'B', true, 2, true, 0.8, 110),
  ('hiv_aids', '艾滋病', 'HIV infection / AIDS', 'B24', 'B', false, 24, false, 0.8, 120),
  ('hepatitis_a', '甲型肝炎', 'Viral hepatitis A', 'B15', 'B', false, 24, false, 0.8, 130),
  ('hepatitis_b', '乙型肝炎', 'Viral hepatitis B', 'B16', 'B', false, 24, false, 0.8, 131),
  ('hepatitis_c', '丙型肝炎', 'Viral hepatitis C', 'B17.1', 'B', false, 24, false, 0.8, 132),
  ('hepatitis_e', '戊型肝炎', 'Viral hepatitis E', 'B17.2', 'B', false, 24, false, 0.8, 133),
  ('hepatitis_unclassified', '未分型肝炎', 'Viral hepatitis, unclassified', 'B19', 'B', false, 24, false, 0.8, 134),
  ('polio', '脊髓灰质炎', 'Poliomyelitis', 'A80', 'B', false, 2, true, 0.8, 140),
  ('hpai', '人感染高致病性禽流感', 'Human infection with highly pathogenic avian influenza', 'J09', 'B', true, 2, true, 0.8, 150),
  ('h7n9', '人感染H7N9禽流感', 'Human infection with avian influenza A(H7N9)', 'J09', 'B', false, 24, true, 0.8, 151),
  ('measles', '麻疹', 'Measles', 'B05', 'B', false, 24, false, 0.8, 160),
  ('hfrs', '流行性出血热', 'Epidemic haemorrhagic fever (HFRS)', 'A98.5', 'B', false, 24, false, 0.8, 170),
  ('rabies', '狂犬病', 'Rabies', 'A82', 'B', false, 24, true, 0.8, 180),
  ('japanese_encephalitis', '流行性乙型脑炎', 'Japanese encephalitis', 'A83.0', 'B', false, 24, false, 0.8, 190),
  ('dengue', '登革热', 'Dengue', 'A97', 'B', false, 24, false, 0.8, 200),
  ('anthrax', '炭疽', 'Anthrax (cutaneous and other forms)', 'A22', 'B', false, 24, true, 0.8, 210),
  ('pulmonary_anthrax', '肺炭疽', 'Pulmonary anthrax', 'A22.1', 'B', true, 2, true, 0.8, 211),
  ('bacillary_dysentery', '细菌性痢疾', 'Bacillary dysentery', 'A03', 'B', false, 24, false, 0.8, 220),
  ('amoebic_dysentery', '阿米巴性痢疾', 'Amoebic dysentery', 'A06.0', 'B', false, 24, false, 0.8, 221),
  ('tuberculosis', '肺结核', 'Pulmonary tuberculosis', 'A16', 'B', false, 24, false, 0.8, 230),
  ('typhoid_paratyphoid', '伤寒和副伤寒', 'Typhoid and paratyphoid fever', 'A01', 'B', false, 24, false, 0.8, 240),
  ('meningococcal_meningitis', '流行性脑脊髓膜炎', 'Epidemic cerebrospinal meningitis', 'A39.0', 'B', false, 24, false, 0.8, 250),
  ('pertussis', '百日咳', 'Pertussis', 'A37', 'B', false, 24, false, 0.8, 260),
  ('diphtheria', '白喉', 'Diphtheria', 'A36', 'B', false, 24, true, 0.8, 270),
  ('neonatal_tetanus', '新生儿破伤风', 'Neonatal tetanus', 'A33', 'B', false, 24, false, 0.8, 280),
  ('scarlet_fever', '猩红热', 'Scarlet fever', 'A38', 'B', false, 24, false, 0.8, 290),
  ('brucellosis', '布鲁氏菌病', 'Brucellosis', 'A23', 'B', false, 24, false, 0.8, 300),
  ('gonorrhoea', '淋病', 'Gonorrhoea', 'A54', 'B', false, 24, false, 0.8, 310),
  ('syphilis', '梅毒', 'Syphilis', 'A53', 'B', false, 24, false, 0.8, 320),
  ('leptospirosis', '钩端螺旋体病', 'Leptospirosis', 'A27', 'B', false, 24, false, 0.8, 330),
  ('schistosomiasis', '血吸虫病', 'Schistosomiasis', 'B65', 'B', false, 24, false, 0.8, 340),
  ('malaria', '疟疾', 'Malaria', 'B54', 'B', false, 24, false, 0.8, 350),
  ('mpox', '猴痘', 'Mpox', 'B04', 'B', false, 24, false, 0.8, 360),
  ('influenza', '流行性感冒', 'Influenza', 'J11', 'C', false, 24, false, 0.8, 400),
  ('mumps', '流行性腮腺炎', 'Mumps', 'B26', 'C', false, 24, false, 0.8, 410),
  ('rubella', '风疹', 'Rubella', 'B06', 'C', false, 24, false, 0.8, 420),
  ('acute_haemorrhagic_conjunctivitis', '急性出血性结膜炎', 'Acute haemorrhagic conjunctivitis', 'B30.3', 'C', false, 24, false, 0.8, 430),
  ('leprosy', '麻风病', 'Leprosy', 'A30', 'C', false, 24, false, 0.8, 440),
  ('typhus', '流行性和地方性斑疹伤寒', 'Epidemic and endemic typhus', 'A75', 'C', false, 24, false, 0.8, 450),
  ('kala_azar', '黑热病', 'Kala-azar (visceral leishmaniasis)', 'B55.0', 'C', false, 24, false, 0.8, 460),
  ('echinococcosis', '包虫病', 'Echinococcosis', 'B67', 'C', false, 24, false, 0.8, 470),
  ('filariasis', '丝虫病', 'Filariasis', 'B74', 'C', false, 24, true, 0.8, 480),
  ('other_diarrhoea', '其它感染性腹泻病', 'Other infectious diarrhoeal diseases', 'A09', 'C', false, 24, false, 0.8, 490),
  ('hfmd', '手足口病', 'Hand, foot and mouth disease', 'B08.4', 'C', false, 24, false, 0.8, 500),
  ('varicella', '水痘', 'Varicella (chickenpox)', 'B01', 'other', false, 24, false, 0.75, 600)
) AS v (code, name, name_en, icd10, class, managed_as_a, deadline, fixed, p, sort_order)
ON CONFLICT (code) DO NOTHING;

-- Duplicate search without an identity number: same name and birth date, same disease.
CREATE INDEX case_reports_person_idx ON case_reports (disease_id, person_name, birth_date);
-- Lists sorted by report time, timeliness by period.
CREATE INDEX case_reports_reported_idx ON case_reports (reported_at);
