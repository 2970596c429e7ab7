-- 0014 case_daily_counts: daily case counts per disease × residence jurisdiction × date, on two date bases,
-- kept in step with case_reports by statement-level triggers. Owned by the dashboard feature
-- (src/features/dashboard); detection and the dashboard read it instead of scanning case_reports.
--
-- What counts: reports with status 'active' (a merged duplicate is left out) and classification other than
-- 'excluded'.
-- Bases:
--   'onset'  = onset_date; when the onset is unknown, the date of diagnosis (in China time) stands in, so that
--              a case without an onset still appears on the onset curve near when it happened.
--   'report' = the calendar date of reported_at in China time (Asia/Shanghai, UTC+8 all year, no daylight
--              saving since 1991): the district works on Beijing time, so a report filed at 07:30 on 3 March
--              belongs to 3 March whatever time zone the database server runs in.
-- The triggers are FOR EACH STATEMENT with transition tables: a 100,000-row import updates the aggregate with
-- one grouped upsert rather than 100,000 row-level ones.

CREATE TABLE case_daily_counts (
  disease_id uuid NOT NULL REFERENCES diseases (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  date date NOT NULL,
  basis text NOT NULL CHECK (basis IN ('onset', 'report')),
  count integer NOT NULL CHECK (count >= 0),
  -- in this order the key also serves curves and detection series: one basis, some diseases, a date range
  PRIMARY KEY (basis, disease_id, date, jurisdiction_id)
);
-- maps and all-disease totals: one basis, a date range
CREATE INDEX case_daily_counts_date_idx ON case_daily_counts (basis, date) INCLUDE (jurisdiction_id, disease_id, count);

-- The day of a timestamp in China time. A fixed +08 offset is exactly Asia/Shanghai since 1991 and does not
-- depend on the server's time-zone database (PGlite ships a reduced one).
CREATE FUNCTION case_report_day(ts timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (ts AT TIME ZONE INTERVAL '+08:00')::date
$$;

-- Applies the difference between the rows a statement removed (old_rows) and added (new_rows). Deltas are
-- grouped and inserts written in key order, so two concurrent imports touching the same days lock rows in one
-- order. A count that would go below zero fails the CHECK: the aggregate cannot silently drift below truth.
CREATE FUNCTION case_daily_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO case_daily_counts AS c (disease_id, jurisdiction_id, date, basis, count)
    SELECT disease_id, jurisdiction_id, day, basis, count(*)::integer
    FROM (
      SELECT n.disease_id, n.jurisdiction_id, coalesce(n.onset_date, case_report_day(n.diagnosis_at)) AS day, 'onset' AS basis
      FROM new_rows n WHERE n.status = 'active' AND n.classification <> 'excluded'
      UNION ALL
      SELECT n.disease_id, n.jurisdiction_id, case_report_day(n.reported_at), 'report'
      FROM new_rows n WHERE n.status = 'active' AND n.classification <> 'excluded'
    ) d
    GROUP BY disease_id, jurisdiction_id, day, basis
    ORDER BY basis, disease_id, day, jurisdiction_id
    ON CONFLICT (basis, disease_id, date, jurisdiction_id) DO UPDATE SET count = c.count + excluded.count;
    RETURN NULL;
  END IF;

  -- Deltas: +1 per counted new row, -1 per counted old row. Increases are upserted; decreases update existing
  -- rows (an INSERT … ON CONFLICT checks its proposed row, so a negative one would fail before the conflict).
  -- A key has one sign, so the two sub-statements never touch the same row.
  IF TG_OP = 'UPDATE' THEN
    WITH d AS (
      SELECT disease_id, jurisdiction_id, day, basis, sum(delta)::integer AS delta
      FROM (
        SELECT o.disease_id, o.jurisdiction_id, coalesce(o.onset_date, case_report_day(o.diagnosis_at)) AS day, 'onset' AS basis, -1 AS delta
        FROM old_rows o WHERE o.status = 'active' AND o.classification <> 'excluded'
        UNION ALL
        SELECT o.disease_id, o.jurisdiction_id, case_report_day(o.reported_at), 'report', -1
        FROM old_rows o WHERE o.status = 'active' AND o.classification <> 'excluded'
        UNION ALL
        SELECT n.disease_id, n.jurisdiction_id, coalesce(n.onset_date, case_report_day(n.diagnosis_at)), 'onset', 1
        FROM new_rows n WHERE n.status = 'active' AND n.classification <> 'excluded'
        UNION ALL
        SELECT n.disease_id, n.jurisdiction_id, case_report_day(n.reported_at), 'report', 1
        FROM new_rows n WHERE n.status = 'active' AND n.classification <> 'excluded'
      ) x
      GROUP BY disease_id, jurisdiction_id, day, basis
      HAVING sum(delta) <> 0
    ), up AS (
      INSERT INTO case_daily_counts AS c (disease_id, jurisdiction_id, date, basis, count)
      SELECT disease_id, jurisdiction_id, day, basis, delta FROM d WHERE delta > 0
      ORDER BY basis, disease_id, day, jurisdiction_id
      ON CONFLICT (basis, disease_id, date, jurisdiction_id) DO UPDATE SET count = c.count + excluded.count
    )
    UPDATE case_daily_counts c SET count = c.count + d.delta
    FROM d
    WHERE d.delta < 0 AND c.disease_id = d.disease_id AND c.jurisdiction_id = d.jurisdiction_id
      AND c.date = d.day AND c.basis = d.basis;
  ELSE -- DELETE
    UPDATE case_daily_counts c SET count = c.count - d.n
    FROM (
      SELECT disease_id, jurisdiction_id, day, basis, count(*)::integer AS n
      FROM (
        SELECT o.disease_id, o.jurisdiction_id, coalesce(o.onset_date, case_report_day(o.diagnosis_at)) AS day, 'onset' AS basis
        FROM old_rows o WHERE o.status = 'active' AND o.classification <> 'excluded'
        UNION ALL
        SELECT o.disease_id, o.jurisdiction_id, case_report_day(o.reported_at), 'report'
        FROM old_rows o WHERE o.status = 'active' AND o.classification <> 'excluded'
      ) x
      GROUP BY disease_id, jurisdiction_id, day, basis
    ) d
    WHERE c.disease_id = d.disease_id AND c.jurisdiction_id = d.jurisdiction_id AND c.date = d.day AND c.basis = d.basis;
  END IF;

  -- days that dropped to nothing are removed (only a removed row can bring a day to zero), so the table holds
  -- only days with cases
  DELETE FROM case_daily_counts c
  USING (
    SELECT o.disease_id, o.jurisdiction_id, coalesce(o.onset_date, case_report_day(o.diagnosis_at)) AS day, 'onset' AS basis
    FROM old_rows o WHERE o.status = 'active' AND o.classification <> 'excluded'
    UNION
    SELECT o.disease_id, o.jurisdiction_id, case_report_day(o.reported_at), 'report'
    FROM old_rows o WHERE o.status = 'active' AND o.classification <> 'excluded'
  ) k
  WHERE c.disease_id = k.disease_id AND c.jurisdiction_id = k.jurisdiction_id AND c.date = k.day
    AND c.basis = k.basis AND c.count = 0;
  RETURN NULL;
END
$$;

CREATE TRIGGER case_daily_counts_insert AFTER INSERT ON case_reports
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION case_daily_counts_apply();
CREATE TRIGGER case_daily_counts_update AFTER UPDATE ON case_reports
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION case_daily_counts_apply();
CREATE TRIGGER case_daily_counts_delete AFTER DELETE ON case_reports
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION case_daily_counts_apply();

-- Rebuilds the aggregate from case_reports: after a bulk load that bypassed the triggers (the benchmark), or to
-- repair it. The triggers keep it exact otherwise.
CREATE FUNCTION refresh_case_daily_counts() RETURNS void LANGUAGE sql AS $$
  DELETE FROM case_daily_counts;
  INSERT INTO case_daily_counts (disease_id, jurisdiction_id, date, basis, count)
  SELECT disease_id, jurisdiction_id, day, basis, count(*)::integer
  FROM (
    SELECT disease_id, jurisdiction_id, coalesce(onset_date, case_report_day(diagnosis_at)) AS day, 'onset' AS basis
    FROM case_reports WHERE status = 'active' AND classification <> 'excluded'
    UNION ALL
    SELECT disease_id, jurisdiction_id, case_report_day(reported_at), 'report'
    FROM case_reports WHERE status = 'active' AND classification <> 'excluded'
  ) d
  GROUP BY disease_id, jurisdiction_id, day, basis;
$$;

SELECT refresh_case_daily_counts();
