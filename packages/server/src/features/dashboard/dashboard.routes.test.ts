/**
 * The dashboard API on a known dataset: curve counts by onset and report, weekly sums, the baseline band, signal
 * thresholds and alarms, incidence = cases / population × 100,000, open alerts by township and by deadline,
 * timeliness, validation, and scope (a township officer sees only their township).
 */
import { describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, testEngines, withTestDb } from '../../test-support/index.ts';
import { alerts } from '../alerts/alerts.tables.ts';
import { caseReports } from '../cases/cases.tables.ts';
import { signals } from '../detection/signals.tables.ts';
import { buildDisease, caseRow } from './dashboard.test-support.ts';

const NOW = '2026-03-10';

async function dataset(database: Database) {
  const tree = await buildDistrictTree(database);
  const flu = await buildDisease(database);
  const rows = [];
  // district: 3 cases on 2 March (onset), reported 3 March (China time); 1 case on 4 March in township B
  for (let i = 0; i < 3; i++) {
    rows.push(
      caseRow(flu.id, tree.communityA.id, {
        onsetDate: '2026-03-02',
        diagnosisAt: new Date('2026-03-02T20:00:00Z'),
        reportedAt: new Date('2026-03-02T22:00:00Z'),
      }),
    );
  }
  rows.push(
    caseRow(flu.id, tree.communityB.id, {
      onsetDate: '2026-03-04',
      diagnosisAt: new Date('2026-03-05T01:00:00Z'),
      reportedAt: new Date('2026-03-06T03:00:00Z'),
    }),
  );
  // history for the baseline: 2 cases in each week around the same week of 2023–2025
  for (const year of [2023, 2024, 2025]) {
    for (let k = -3; k <= 3; k++) {
      const day = new Date(Date.UTC(year, 2, 3) + k * 7 * 86_400_000).toISOString().slice(0, 10);
      for (let n = 0; n < 2; n++) {
        rows.push(
          caseRow(flu.id, tree.communityA.id, {
            onsetDate: day,
            diagnosisAt: new Date(`${day}T03:00:00Z`),
            reportedAt: new Date(`${day}T05:00:00Z`),
          }),
        );
      }
    }
  }
  // an excluded case never counts
  rows.push(caseRow(flu.id, tree.communityA.id, { classification: 'excluded', onsetDate: '2026-03-02' }));
  await database.db.insert(caseReports).values(rows);
  const [alertA] = await database.db
    .insert(alerts)
    .values({
      diseaseId: flu.id,
      jurisdictionId: tree.townshipA.id,
      title: 'Flu A',
      status: 'verifying',
      verificationDueAt: new Date('2026-03-10T08:00:00Z'),
      signalCount: 1,
    })
    .returning();
  await database.db.insert(alerts).values([
    {
      diseaseId: flu.id,
      jurisdictionId: tree.townshipB.id,
      title: 'Flu B',
      status: 'new',
      verificationDueAt: new Date('2026-03-10T06:00:00Z'),
    },
    { diseaseId: flu.id, jurisdictionId: tree.townshipB.id, title: 'Old B', status: 'closed' },
  ]);
  await database.db.insert(signals).values([
    // a district signal for the week of 2 March (7 days ending 8 March)
    {
      diseaseId: flu.id,
      jurisdictionId: tree.district.id,
      kind: 'aberration',
      method: 'mpm',
      periodStart: '2026-03-02',
      periodEnd: '2026-03-08',
      dateBasis: 'onset',
      observed: 4,
      expected: 2,
      threshold: 3,
      explanation: { baseline: [2, 2, 2] },
      dedupeKey: `k1-${flu.id}`,
      alertId: alertA!.id,
    },
    // township A, same week: an alarm on the district curve, its threshold not (another place)
    {
      diseaseId: flu.id,
      jurisdictionId: tree.townshipA.id,
      kind: 'aberration',
      method: 'mpm',
      periodStart: '2026-03-02',
      periodEnd: '2026-03-08',
      dateBasis: 'onset',
      observed: 3,
      expected: 1,
      threshold: 2.5,
      dedupeKey: `k2-${flu.id}`,
    },
    // report basis: not on the onset curve
    {
      diseaseId: flu.id,
      jurisdictionId: tree.district.id,
      kind: 'aberration',
      method: 'mpm',
      periodStart: '2026-02-23',
      periodEnd: '2026-03-01',
      dateBasis: 'report',
      observed: 9,
      expected: 2,
      threshold: 3,
      dedupeKey: `k3-${flu.id}`,
    },
  ]);
  return { tree, flu };
}

describe.each(testEngines())('dashboard API (%s)', (engine) => {
  const t = withTestDb(engine);

  it('answers curves, townships, alerts and timeliness with the right values, within scope', async () => {
    const { tree, flu } = await dataset(t.database);
    const app = createTestApp(t.database);
    const epi = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const client = await signIn(app, epi.user.username, epi.password);

    // weekly onset curve: the ISO week of 2 March holds 4 cases; the band from the 15 comparable weeks (all 2)
    const weekly = await client.get(`/api/dashboard/curve?diseaseId=${flu.id}&basis=onset&interval=week&from=2026-02-16&to=${NOW}`);
    expect(weekly.status).toBe(200);
    expect(weekly.body.basis).toBe('onset');
    expect(weekly.body.interval).toBe('week');
    expect(weekly.body.jurisdiction.id).toBe(tree.district.id);
    expect(weekly.body.points.map((p: { start: string; count: number }) => [p.start, p.count])).toEqual([
      ['2026-02-16', 0],
      ['2026-02-23', 0],
      ['2026-03-02', 4],
      ['2026-03-09', 0],
    ]);
    const week = weekly.body.points[2];
    expect(week).toMatchObject({ end: '2026-03-08', expected: 2, upper: 2, threshold: 3, alarm: true });
    // the last week is cut at "to"
    expect(weekly.body.points[3].end).toBe(NOW);
    expect(weekly.body.signals.map((s: { threshold: number }) => s.threshold).sort()).toEqual([2.5, 3]);
    expect(weekly.body.signals.find((s: { alertId: string | null }) => s.alertId)).toMatchObject({
      observed: 4,
      explanation: { baseline: [2, 2, 2] },
    });

    // daily, by report date (China time): 3 on 3 March, 1 on 6 March; the report-basis signal ends 1 March
    const daily = await client.get(`/api/dashboard/curve?diseaseId=${flu.id}&basis=report&interval=day&from=2026-03-01&to=2026-03-07`);
    expect(daily.body.basis).toBe('report');
    expect(daily.body.points.map((p: { count: number }) => p.count)).toEqual([0, 0, 3, 0, 0, 1, 0]);
    expect(daily.body.points[0].alarm).toBe(true);
    expect(daily.body.signals).toHaveLength(1);

    // townships: incidence = cases / population × 100,000 (A: 3 / 200, B: 1 / 100), open alerts
    const map = await client.get(`/api/dashboard/townships?diseaseId=${flu.id}&from=2026-03-01&to=2026-03-07`);
    expect(map.status).toBe(200);
    const byId = Object.fromEntries(map.body.items.map((i: { id: string }) => [i.id, i]));
    expect(byId[tree.townshipA.id]).toMatchObject({ cases: 3, population: 200, incidencePer100k: 1500, openAlerts: 1 });
    expect(byId[tree.townshipB.id]).toMatchObject({ cases: 1, population: 100, incidencePer100k: 1000, openAlerts: 1 });
    expect(map.body.days).toBe(7);

    // alerts: open only, soonest deadline first, with links
    const list = await client.get('/api/dashboard/alerts?limit=5');
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((a: { title: string }) => a.title)).toEqual(['Flu B', 'Flu A']);
    expect(list.body.items[1].link).toBe(`/alerts/${list.body.items[1].id}`);

    // diseases for the picker
    const diseases = await client.get('/api/dashboard/diseases?from=2026-03-01&to=2026-03-07');
    expect(diseases.body.items[0]).toMatchObject({ id: flu.id, cases: 4, openAlerts: 2 });

    // timeliness (from the cases feature): 5 reports in the week (an excluded case was still a report), all
    // within 24 h but the one of 6 March (26 h)
    const timely = await client.get('/api/dashboard/timeliness?from=2026-03-01&to=2026-03-07');
    expect(timely.status).toBe(200);
    expect(timely.body.total).toMatchObject({ reports: 5, onTime: 4, late: 1 });

    // validation and unknowns
    expect((await client.get(`/api/dashboard/curve?diseaseId=${flu.id}&from=2026-03-10&to=2026-03-01`)).body.error.details[0].path).toBe(
      'from',
    );
    expect((await client.get(`/api/dashboard/curve?diseaseId=${flu.id}&basis=admission`)).status).toBe(400);
    expect((await client.get(`/api/dashboard/curve?diseaseId=${flu.id}&from=2026-02-30`)).status).toBe(400);
    expect((await client.get('/api/dashboard/curve?diseaseId=00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await client.get('/api/dashboard/curve')).status).toBe(400);
  });

  it("gives a township officer only their township's figures, alerts and signals", async () => {
    const { tree, flu } = await dataset(t.database);
    const app = createTestApp(t.database);
    const officer = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
    const client = await signIn(app, officer.user.username, officer.password);

    const curve = await client.get(`/api/dashboard/curve?diseaseId=${flu.id}&interval=day&from=2026-03-01&to=2026-03-07`);
    expect(curve.body.jurisdiction.id).toBe(tree.townshipB.id);
    expect(curve.body.points.reduce((s: number, p: { count: number }) => s + p.count, 0)).toBe(1);
    expect(curve.body.signals).toEqual([]);
    const map = await client.get(`/api/dashboard/townships?from=2026-03-01&to=2026-03-07`);
    expect(map.body.items.map((i: { id: string }) => i.id)).toEqual([tree.townshipB.id]);
    const list = await client.get('/api/dashboard/alerts');
    expect(list.body.items.map((a: { title: string }) => a.title)).toEqual(['Flu B']);
    // another township, by id: not found (as if it did not exist)
    expect((await client.get(`/api/dashboard/curve?diseaseId=${flu.id}&jurisdictionId=${tree.townshipA.id}`)).status).toBe(404);
    const timely = await client.get('/api/dashboard/timeliness?from=2026-03-01&to=2026-03-07');
    expect(timely.body.total.reports).toBe(1);

    // their map goes down to the communities of their township: cases and open alerts per community
    await t.database.db
      .insert(alerts)
      .values({ jurisdictionId: tree.communityB.id, title: 'School cluster', status: 'new', origin: 'event' });
    const communities = await client.get('/api/dashboard/communities?from=2026-03-01&to=2026-03-07');
    expect(communities.status).toBe(200);
    expect(communities.body.township.id).toBe(tree.townshipB.id);
    expect(communities.body.items).toEqual([
      expect.objectContaining({ id: tree.communityB.id, cases: 1, population: 40, incidencePer100k: 2500, openAlerts: 1 }),
    ]);
    // another township's communities: not found
    expect((await client.get(`/api/dashboard/communities?townshipId=${tree.townshipA.id}`)).status).toBe(404);
    // a district reader names the township (without one: a field error), and gets that township's communities
    const epi = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const epiClient = await signIn(app, epi.user.username, epi.password);
    expect((await epiClient.get('/api/dashboard/communities')).body.error.details[0].path).toBe('townshipId');
    const a = await epiClient.get(`/api/dashboard/communities?townshipId=${tree.townshipA.id}&from=2026-03-01&to=2026-03-07`);
    expect(a.body.items).toEqual([expect.objectContaining({ id: tree.communityA.id, cases: 3, openAlerts: 0 })]);

    // a role without case rights (press officer) is refused the case panels
    const press = await buildUser(t.database, { role: 'press_officer', jurisdictionId: tree.district.id });
    const pressClient = await signIn(app, press.user.username, press.password);
    expect((await pressClient.get(`/api/dashboard/curve?diseaseId=${flu.id}`)).status).toBe(403);
  });
});
