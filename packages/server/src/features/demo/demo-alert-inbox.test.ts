/**
 * Issue 12, item 4: the demo's alert inbox on first start looks like a real district's day — a handful of alerts
 * that deserve attention, not dozens of single cases of chronic diseases from the moving percentile.
 */
import { describe, expect, it } from 'vitest';
import { OPEN_ALERT_STATUSES } from '../alerts/alerts.tables.ts';
import { testEngines, withTestDb } from '../../test-support/index.ts';
import { seedDemoDistrict } from './demo.seeder.ts';

const CHRONIC = [
  'hiv_aids',
  'hepatitis_b',
  'hepatitis_c',
  'tuberculosis',
  'syphilis',
  'gonorrhoea',
  'schistosomiasis',
  'leprosy',
  'echinococcosis',
];

describe.each(testEngines())("the demo's alert inbox on first start (%s)", (engine) => {
  const t = withTestDb(engine);

  it('holds a handful of open alerts, none of them a chronic disease under the moving percentile, none a lone case of a common one', async () => {
    await seedDemoDistrict(t.database, { rosterDays: 1, now: new Date('2026-12-07T06:00:00Z') });
    const open = await t.database.raw.query<{
      code: string;
      disease: string | null;
      chronic: boolean | null;
      methods: string;
      min_observed: number;
      min_count: number | null;
    }>(
      `SELECT a.code, d.code AS disease, d.chronic,
              string_agg(DISTINCT s.method, ',') AS methods,
              min(s.observed) FILTER (WHERE s.method = 'mpm') AS min_observed,
              (d.default_params->>'minCount')::int AS min_count
         FROM alerts a
         LEFT JOIN diseases d ON d.id = a.disease_id
         JOIN signals s ON s.alert_id = a.id
        WHERE a.status = ANY($1::text[])
        GROUP BY a.id, d.id`,
      [[...OPEN_ALERT_STATUSES]],
    );
    // A CIDARS county sees one or two signals a week per disease group; a handful of alerts on a busy day.
    expect(open.length).toBeGreaterThanOrEqual(3);
    expect(open.length).toBeLessThanOrEqual(15);
    expect(open.filter((a) => a.chronic || CHRONIC.includes(a.disease ?? '')).map((a) => a.code)).toEqual([]);
    // no MPM alert below its disease's minimum count, and no single-case MPM alert of a disease whose minimum is above 1
    for (const a of open.filter((x) => x.methods.includes('mpm') && x.min_count !== null)) {
      expect(Number(a.min_observed), `${a.code} ${a.disease}`).toBeGreaterThanOrEqual(a.min_count!);
    }
    expect(open.filter((a) => a.methods === 'mpm' && Number(a.min_observed) <= 1 && (a.min_count ?? 1) > 1)).toEqual([]);
  }, 600_000);
});
