/**
 * Issue 19, second round: the stock-shock inject (simulated at a site, never a movement: real stock, its ledger
 * and its summary are unchanged; the stock page lists it as the exercise's; the site's logistics get a marked
 * message; closing archives it) and the links of an exercise's case reports to its incident (opened from the
 * exercise's alert: linked from the signals; fired later: linked by the inject; a real incident never gets one,
 * and the incident's figures count them).
 */
import { and, count, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { districtToday } from '../../platform/time/district-time.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, testEngines, withTestDb } from '../../test-support/index.ts';
import { actOnAlert } from '../alerts/index.ts';
import { caseReports } from '../cases/index.ts';
import { buildConfig, buildDisease } from '../detection/detection.test-support.ts';
import { incidentCases } from '../incidents/index.ts';
import { notifications } from '../notifications/index.ts';
import { facilities } from '../registry/index.ts';
import { stockBalances, stockItems, stockLedger, stockMovements } from '../stock/index.ts';

describe.each(testEngines())('exercise stock shocks and case links (%s)', (engine) => {
  const t = withTestDb(engine);
  let items = 0;

  async function world() {
    const tree = await buildDistrictTree(t.database);
    const db = t.database.db;
    const disease = await buildDisease(t.database);
    await buildConfig(t.database, {
      diseaseId: disease.id,
      jurisdictionId: tree.district.id,
      level: 'township',
      method: 'fixedThreshold',
      parameters: { k: 3, period: 1 },
    });
    const hospital = (
      await db
        .insert(facilities)
        .values({ name: '甲镇医院', nameEn: 'A Hospital', type: 'general_hospital', jurisdictionId: tree.townshipA.id })
        .returning()
    )[0]!.id;
    const masks = (
      await db
        .insert(stockItems)
        .values({ code: `N95-${++items}`, name: 'N95口罩', nameEn: 'N95 masks', category: 'ppe', unit: '只', unitEn: 'piece' })
        .returning()
    )[0]!.id;
    const commander = await buildUser(t.database, { role: 'commander', jurisdictionId: tree.district.id });
    const logistics = await buildUser(t.database, { role: 'logistics_officer', jurisdictionId: tree.district.id });
    const epi = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const officerB = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
    const app = createTestApp(t.database);
    return {
      tree,
      disease,
      hospital,
      masks,
      commander,
      logistics,
      epi,
      cmd: await signIn(app, commander.user.username, commander.password),
      log: await signIn(app, logistics.user.username, logistics.password),
      offB: await signIn(app, officerB.user.username, officerB.password),
    };
  }

  it('a stock shock shows as the exercise picture and never moves real stock; closing archives it', async () => {
    const w = await world();
    // real stock: 1000 received, 560 issued in the last 28 days → 440 usable at 20 a day (22 days); minimum 100
    expect(
      (await w.log.post('/api/stock/movements', { kind: 'receipt', itemId: w.masks, facilityId: w.hospital, quantity: 1000, lot: 'L1' }))
        .status,
    ).toBe(201);
    expect(
      (await w.log.post('/api/stock/movements', { kind: 'issue', itemId: w.masks, facilityId: w.hospital, quantity: 560 })).status,
    ).toBe(201);
    expect((await w.log.put(`/api/stock/minimums`, { itemId: w.masks, facilityId: w.hospital, minimum: 100 })).status).toBeLessThan(300);
    const summaryBefore = (await w.log.get(`/api/stock/summary?facilityId=${w.hospital}`)).body;
    const row = summaryBefore.rows.find((r: any) => r.itemId === w.masks);
    expect(row).toMatchObject({ quantity: 440, dailyUse: 20, daysOfCover: 22, belowMinimum: false });
    const movementsBefore = (await t.database.db.select({ n: count() }).from(stockMovements))[0]!.n;
    const ledgerBefore = (await t.database.db.select({ n: count() }).from(stockLedger))[0]!.n;
    const balancesBefore = await t.database.db.select().from(stockBalances).where(eq(stockBalances.facilityId, w.hospital));

    const base = {
      title: '物资保障演练',
      type: 'drill',
      jurisdictionId: w.tree.district.id,
      scheduledDate: districtToday(),
    };
    // planning checks: a site outside the area, a shock of nothing
    const outside = await w.cmd.post('/api/exercises', {
      ...base,
      jurisdictionId: w.tree.townshipB.id,
      injects: [{ kind: 'stock', offsetMinutes: 0, title: 'x', content: { itemId: w.masks, facilityId: w.hospital, lossQuantity: 10 } }],
    });
    expect(outside.status).toBe(400);
    expect(outside.body.error.details[0].path).toBe('injects.0.content.facilityId');
    const empty = await w.cmd.post('/api/exercises', {
      ...base,
      injects: [{ kind: 'stock', offsetMinutes: 0, title: 'x', content: { itemId: w.masks, facilityId: w.hospital } }],
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toBe('injects.0.content.lossQuantity');

    const created = await w.cmd.post('/api/exercises', {
      ...base,
      injects: [
        {
          kind: 'stock',
          offsetMinutes: 0,
          title: 'N95口罩受潮报废',
          content: { itemId: w.masks, facilityId: w.hospital, lossQuantity: 400, extraDailyUse: 30 },
        },
      ],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const started = await w.cmd.post(`/api/exercises/${id}/start`);
    expect(started.status).toBe(200);
    const result = started.body.injects[0].result;
    // 440 − 400 = 40 usable at 20 + 30 = 50 a day: 0.8 days, below the minimum of 100
    expect(result.stock.real).toMatchObject({ usable: 440, dailyUse: 20, daysOfCover: 22, belowMinimum: false });
    expect(result.stock.exercise).toMatchObject({ usable: 40, dailyUse: 50, daysOfCover: 0.8, belowMinimum: true });
    expect(result.notified).toBeGreaterThan(0);

    // real stock untouched: no movement, no ledger entry, the same balances and summary
    expect((await t.database.db.select({ n: count() }).from(stockMovements))[0]!.n).toBe(movementsBefore);
    expect((await t.database.db.select({ n: count() }).from(stockLedger))[0]!.n).toBe(ledgerBefore);
    expect(await t.database.db.select().from(stockBalances).where(eq(stockBalances.facilityId, w.hospital))).toEqual(balancesBefore);
    expect((await w.log.get(`/api/stock/summary?facilityId=${w.hospital}`)).body).toEqual(summaryBefore);

    // the stock page's list: marked, with both pictures; another township does not see it
    const shocks = await w.log.get('/api/stock/exercise-shocks');
    expect(shocks.status).toBe(200);
    expect(shocks.body.items).toHaveLength(1);
    expect(shocks.body.items[0]).toMatchObject({
      exercise: true,
      exerciseId: id,
      title: 'N95口罩受潮报废',
      facilityName: '甲镇医院',
      itemName: 'N95口罩',
      lossQuantity: 400,
      extraDailyUse: 30,
      archived: false,
    });
    expect(shocks.body.items[0].picture.exercise.usable).toBe(40);
    expect((await w.offB.get('/api/stock/exercise-shocks')).body.items).toEqual([]);
    expect((await w.log.get('/api/stock/exercise-shocks?exerciseId=nope')).status).toBe(400);

    // the logistics officer's inbox: marked as the exercise's, titled as one
    const inbox = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, w.logistics.user.id), eq(notifications.kind, 'stock.exercise_shock')));
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.exerciseId).toBe(id);
    expect(inbox[0]!.title).toBe('【演练】物资冲击：甲镇医院 N95口罩 可用 40只，保障 0.8 天（N95口罩受潮报废）');
    expect(inbox[0]!.link).toBe(`/stock?exerciseId=${id}`);

    expect((await w.cmd.post(`/api/exercises/${id}/stop`)).status).toBe(200);
    expect((await w.cmd.post(`/api/exercises/${id}/close`)).status).toBe(200);
    expect((await w.log.get('/api/stock/exercise-shocks')).body.items).toEqual([]);
    const archived = await w.log.get(`/api/stock/exercise-shocks?exerciseId=${id}`);
    expect(archived.body.items.map((s: any) => s.archived)).toEqual([true]);
    expect((await w.log.get(`/api/stock/summary?facilityId=${w.hospital}`)).body).toEqual(summaryBefore);
  });

  it("links an exercise's reports to its incident (from the alert, then by the inject), never to a real incident", async () => {
    const w = await world();
    const created = await w.cmd.post('/api/exercises', {
      title: '聚集性疫情演练',
      type: 'functional',
      jurisdictionId: w.tree.district.id,
      scheduledDate: districtToday(),
      injects: [
        {
          kind: 'cases',
          offsetMinutes: 0,
          title: '甲镇聚集病例',
          content: { diseaseId: w.disease.id, townshipId: w.tree.townshipA.id, days: 3, firstDay: 2, growth: 1 },
        },
        {
          kind: 'cases',
          offsetMinutes: 60,
          title: '乙镇续发病例',
          content: { diseaseId: w.disease.id, townshipId: w.tree.townshipB.id, days: 1, firstDay: 3, growth: 0 },
        },
      ],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const started = await w.cmd.post(`/api/exercises/${id}/start`);
    // 2 + 4 + 8 reports in 甲镇; no incident yet, so none linked
    expect(started.body.injects[0].result.cases).toBe(14);
    expect(started.body.injects[0].result.linkedIncidents).toEqual([]);
    const alertId = started.body.records.alerts[0].id;

    // the epidemiologist works the alert to confirmation; the commander opens the exercise's incident from it
    for (const step of [
      { action: 'start_verification' },
      { action: 'assess', hazard: '聚集', exposure: '甲镇居民', context: '冬季' },
      { action: 'characterise', likelihood: 4, consequence: 3 },
      { action: 'confirm' },
    ] as const)
      await actOnAlert(t.database, w.epi.principal, alertId, step as any, null);
    const opened = await w.cmd.post('/api/incidents', { alertId });
    expect(opened.status).toBe(201);
    expect(opened.body.exercise).toBe(true);
    const incidentId = opened.body.id;
    // the cases behind the alert's signals (today's 8 in 甲镇, the signal's day) are linked from the alert
    const fromAlert = await t.database.db.select().from(incidentCases).where(eq(incidentCases.incidentId, incidentId));
    expect(fromAlert.length).toBeGreaterThan(0);
    expect(new Set(fromAlert.map((l) => l.origin))).toEqual(new Set(['alert']));

    // the second inject (乙镇, outside no area rule would catch by itself if the incident were 甲镇's) is linked by the inject
    const fired = await w.cmd.post(`/api/exercises/${id}/injects/${created.body.injects[1].id}/fire`);
    expect(fired.status).toBe(200);
    expect(fired.body.injects[1].result.cases).toBe(3);
    expect(fired.body.injects[1].result.linkedIncidents).toEqual([incidentId]);
    const byInject = await t.database.db
      .select({ caseId: incidentCases.caseId, reason: incidentCases.reason })
      .from(incidentCases)
      .where(and(eq(incidentCases.incidentId, incidentId), eq(incidentCases.origin, 'exercise')));
    expect(byInject).toHaveLength(3);
    expect(new Set(byInject.map((l) => l.reason))).toEqual(new Set(['乙镇续发病例']));

    // the incident's line list counts the exercise's 17 reports (all of them are in its area and period or linked)
    const cases = await w.cmd.get(`/api/incidents/${incidentId}/cases`);
    expect(cases.status).toBe(200);
    expect(cases.body.total).toBe(17);
    expect(cases.body.items.every((c: any) => c.exercise === true)).toBe(true);
    expect(cases.body.items.filter((c: any) => c.link?.origin === 'exercise')).toHaveLength(3);

    // a real incident refuses an exercise's report, and no exercise report is linked to a real incident
    const real = await w.cmd.post('/api/incidents', { title: '真实事件', jurisdictionId: w.tree.district.id, diseaseId: w.disease.id });
    expect(real.status).toBe(201);
    expect(real.body.exercise).toBe(false);
    const [exerciseCase] = await t.database.db.select().from(caseReports).where(eq(caseReports.exerciseId, id)).limit(1);
    const refused = await w.cmd.post(`/api/incidents/${real.body.id}/cases`, { caseCode: exerciseCase!.code });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].message).toBe(
      "This report is an exercise's synthetic report: it is never linked to a real incident",
    );
    const realCases = await w.cmd.get(`/api/incidents/${real.body.id}/cases`);
    expect(realCases.body.total).toBe(0);
    const linkedToReal = await t.database.db
      .select({ n: count() })
      .from(incidentCases)
      .innerJoin(caseReports, eq(caseReports.id, incidentCases.caseId))
      .where(and(eq(incidentCases.incidentId, real.body.id), isNull(incidentCases.unlinkedAt)));
    expect(linkedToReal[0]!.n).toBe(0);
  });
});
