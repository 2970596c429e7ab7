/**
 * Stock-out days, contact-tracing KPIs and reporting completeness among the indicators (issue 18, item 2), against hand-computed values
 * on a small fixture, on both engines; the pure day counting with its edge cases; records per reader's scope.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { caseReports } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { contactFollowUps, contacts } from '../contacts/index.ts';
import { exercises } from '../exercises/index.ts';
import { facilities } from '../registry/index.ts';
import { atLocal } from '../reports/reports.fixtures.ts';
import { stockItems, stockLedger, stockMovements } from '../stock/index.ts';
import { followUpDaysOf, stockOutDaysOf, tracedWithin } from './indicators.stock-tracing.ts';

describe('stock-out days of one site and item (pure)', () => {
  it('counts a day at zero at its start or after one of its movements, from the first ledger row on', () => {
    const v = stockOutDaysOf(
      {
        opening: 10,
        keptSince: atLocal('2025-02-20', '09:00'),
        rows: [
          { at: atLocal('2025-03-03', '10:00'), delta: -10 },
          { at: atLocal('2025-03-06', '09:00'), delta: 5 },
          { at: atLocal('2025-03-09', '15:00'), delta: -5 },
        ],
      },
      '2025-03-01',
      '2025-03-10',
    );
    expect(v).toEqual({
      stockOutDays: 6,
      observedDays: 10,
      episodes: [
        { from: '2025-03-03', to: '2025-03-06', days: 4 },
        { from: '2025-03-09', to: '2025-03-10', days: 2 },
      ],
    });
  });
  it('a lot past its expiry date is no stock: the site is out from the day after, until a usable lot arrives', () => {
    const v = stockOutDaysOf(
      {
        opening: 8,
        openingByExpiry: [{ expiresOn: '2025-03-04', quantity: 8 }],
        keptSince: atLocal('2025-02-20', '09:00'),
        rows: [
          // a receipt of a lot that does not expire, then of a lot expiring on the 9th, used up on the 8th
          { at: atLocal('2025-03-07', '11:00'), delta: 2, expiresOn: null },
          { at: atLocal('2025-03-08', '10:00'), delta: -2, expiresOn: null },
          { at: atLocal('2025-03-08', '16:00'), delta: 4, expiresOn: '2025-03-09' },
        ],
      },
      '2025-03-01',
      '2025-03-10',
    );
    // the 8 expired doses are still on the shelf (never disposed of): they do not hide the stock-out
    expect(v).toEqual({
      stockOutDays: 5,
      observedDays: 10,
      episodes: [
        { from: '2025-03-05', to: '2025-03-08', days: 4 },
        { from: '2025-03-10', to: '2025-03-10', days: 1 },
      ],
    });
    // counted as if the lots did not expire, the shelf's 8 doses would hide every one of those days
    const kept = { opening: 8, keptSince: atLocal('2025-02-20', '09:00'), rows: [] };
    expect(stockOutDaysOf(kept, '2025-03-01', '2025-03-10').stockOutDays).toBe(0);
  });
  it('a site that first receives the item in the period is observed from that day, and not out before it', () => {
    expect(
      stockOutDaysOf({ opening: 0, keptSince: null, rows: [{ at: atLocal('2025-03-05', '12:00'), delta: 3 }] }, '2025-03-01', '2025-03-10'),
    ).toEqual({ stockOutDays: 0, observedDays: 6, episodes: [] });
    expect(stockOutDaysOf({ opening: 0, keptSince: null, rows: [] }, '2025-03-01', '2025-03-10')).toEqual({
      stockOutDays: 0,
      observedDays: 0,
      episodes: [],
    });
  });
});

describe('contact-tracing counting (pure)', () => {
  const now = atLocal('2025-04-01', '00:00');
  it('traced within 24 h: true when seen in time, false once the time passed, null while it may still be', () => {
    const reported = atLocal('2025-03-02', '10:00');
    expect(tracedWithin({ caseReportedAt: reported, firstSeenAt: atLocal('2025-03-03', '10:00') }, 24, now)).toBe(true);
    expect(tracedWithin({ caseReportedAt: reported, firstSeenAt: atLocal('2025-03-03', '10:01') }, 24, now)).toBe(false);
    expect(tracedWithin({ caseReportedAt: reported, firstSeenAt: null }, 24, atLocal('2025-03-03', '09:00'))).toBeNull();
  });
  it('due days: after the last exposure, from the registration, to the end of follow-up or of the status', () => {
    const c = {
      lastExposureDay: '2025-03-01',
      followUpUntil: '2025-03-08',
      createdDay: '2025-03-02',
      status: 'completed',
      statusChangedDay: '2025-03-08',
    };
    expect(followUpDaysOf(c, new Set(['2025-03-02', '2025-03-03', '2025-03-09']), '2025-03-01', '2025-03-10')).toEqual({ due: 7, seen: 2 });
    expect(followUpDaysOf({ ...c, status: 'under_follow_up' }, new Set(), '2025-03-05', '2025-03-06')).toEqual({ due: 2, seen: 0 });
  });
});

describe.each(testEngines())('stock-out days and tracing KPIs from the records (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let districtEpi: TestClient;
  let townshipEpi: TestClient;
  let h1: string;
  let h2: string;
  let p1: string;
  let p2: string;
  let p3: string;
  let k1: string;
  let k2: string;
  const period = 'from=2025-03-01&to=2025-03-10';

  beforeAll(async () => {
    const db = t.database.db;
    const tree = await buildDistrictTree(t.database);
    const [f1, f2] = await db
      .insert(facilities)
      .values([
        { name: '甲乡卫生院', nameEn: 'Health centre A', type: 'general_hospital', jurisdictionId: tree.townshipA.id },
        { name: '乙乡卫生院', nameEn: 'Health centre B', type: 'general_hospital', jurisdictionId: tree.townshipB.id },
      ])
      .returning();
    h1 = f1!.id;
    h2 = f2!.id;
    const [m1, m2] = await db
      .insert(stockItems)
      .values([
        { code: `N95-${engine.toUpperCase()}`, name: 'N95口罩', nameEn: 'N95 respirator', category: 'ppe', unit: '个', unitEn: 'piece' },
        { code: `KIT-${engine.toUpperCase()}`, name: '检测试剂', nameEn: 'Test kit', category: 'test_kit', unit: '盒', unitEn: 'box' },
      ])
      .returning();
    // H1/N95: 10 before the period, all issued 03-03, 5 back 03-06, issued 03-09 → out 03-03..06 and 03-09..10
    // H1/kit: first received 03-05 → observed 03-05..10, never out; H2/N95: in and out on 03-08 → out 03-08..10
    const moves: Array<{ f: string; j: string; item: string; at: Date; delta: number }> = [
      { f: h1, j: tree.townshipA.id, item: m1!.id, at: atLocal('2025-02-20', '09:00'), delta: 10 },
      { f: h1, j: tree.townshipA.id, item: m1!.id, at: atLocal('2025-03-03', '10:00'), delta: -10 },
      { f: h1, j: tree.townshipA.id, item: m1!.id, at: atLocal('2025-03-06', '09:00'), delta: 5 },
      { f: h1, j: tree.townshipA.id, item: m1!.id, at: atLocal('2025-03-09', '15:00'), delta: -5 },
      { f: h1, j: tree.townshipA.id, item: m2!.id, at: atLocal('2025-03-05', '12:00'), delta: 3 },
      { f: h2, j: tree.townshipB.id, item: m1!.id, at: atLocal('2025-03-08', '08:00'), delta: 2 },
      { f: h2, j: tree.townshipB.id, item: m1!.id, at: atLocal('2025-03-08', '09:00'), delta: -2 },
    ];
    for (const m of moves) {
      const [movement] = await db
        .insert(stockMovements)
        .values({
          kind: m.delta > 0 ? 'receipt' : 'issue',
          itemId: m.item,
          facilityId: m.f,
          jurisdictionId: m.j,
          quantity: Math.abs(m.delta),
          lot: 'L1',
          createdAt: m.at,
        })
        .returning();
      await db.insert(stockLedger).values({
        movementId: movement!.id,
        itemId: m.item,
        facilityId: m.f,
        jurisdictionId: m.j,
        lot: 'L1',
        delta: m.delta,
        createdAt: m.at,
      });
    }

    const [disease] = await db
      .insert(diseases)
      .values({ code: `st_${engine}`, name: '测试病', nameEn: 'Test', class: 'B', reportDeadlineHours: 24, defaultMethod: 'cidars_fixed' })
      .returning();
    const person = {
      personName: '测试',
      sex: 'unknown' as const,
      idType: 'none' as const,
      source: 'demo' as const,
      diseaseId: disease!.id,
    };
    const [c1, c2] = await db
      .insert(caseReports)
      .values([
        {
          ...person,
          jurisdictionId: tree.communityA.id,
          classification: 'confirmed',
          onsetDate: '2025-03-01',
          diagnosisAt: atLocal('2025-03-02', '09:00'),
          reportedAt: atLocal('2025-03-02', '10:00'),
        },
        {
          ...person,
          jurisdictionId: tree.communityA.id,
          classification: 'confirmed',
          onsetDate: '2025-03-03',
          diagnosisAt: atLocal('2025-03-04', '07:00'),
          reportedAt: atLocal('2025-03-04', '08:00'),
          // every key field of the card filled in (completeness)
          sex: 'female',
          birthDate: '1990-05-01',
          idType: 'passport',
          idNumberMasked: 'E1******89',
          address: '甲乡1号',
          occupation: '教师',
        },
      ])
      .returning();
    k1 = c1!.id;
    k2 = c2!.id;
    const contact = {
      diseaseId: disease!.id,
      sourceCaseId: k1,
      indexCaseId: k1,
      degree: 1,
      jurisdictionId: tree.communityA.id,
      personName: '接触者',
      riskCategory: 'high' as const,
      lastExposureAt: atLocal('2025-03-01', '10:00'),
    };
    const [x1, x2, x3] = await db
      .insert(contacts)
      .values([
        // seen 10 h after the case's report; completed 03-08
        {
          ...contact,
          followUpUntil: '2025-03-08',
          status: 'completed',
          statusChangedAt: atLocal('2025-03-08', '18:00'),
          createdAt: atLocal('2025-03-02', '11:00'),
        },
        // seen after 36 h; became the case K2 on 03-04
        {
          ...contact,
          followUpUntil: '2025-03-15',
          status: 'converted_confirmed',
          caseReportId: k2,
          statusChangedAt: atLocal('2025-03-04', '09:00'),
          createdAt: atLocal('2025-03-02', '12:00'),
        },
        // never seen
        {
          ...contact,
          lastExposureAt: atLocal('2025-03-02', '08:00'),
          followUpUntil: '2025-03-16',
          createdAt: atLocal('2025-03-03', '09:00'),
          statusChangedAt: atLocal('2025-03-03', '09:00'),
        },
        // cancelled: counts nowhere
        {
          ...contact,
          followUpUntil: '2025-03-15',
          status: 'cancelled',
          statusReason: '登记错误',
          createdAt: atLocal('2025-03-02', '13:00'),
        },
      ])
      .returning();
    p1 = x1!.id;
    p2 = x2!.id;
    p3 = x3!.id;
    const seen = (contactId: string, date: string, at: Date, status: 'seen_ok' | 'missed' = 'seen_ok') => ({
      contactId,
      jurisdictionId: tree.communityA.id,
      date,
      round: 1,
      status,
      createdAt: at,
    });
    await db
      .insert(contactFollowUps)
      .values([
        seen(p1, '2025-03-02', atLocal('2025-03-02', '20:00')),
        seen(p1, '2025-03-03', atLocal('2025-03-03', '20:00')),
        seen(p1, '2025-03-04', atLocal('2025-03-04', '20:00')),
        seen(p1, '2025-03-05', atLocal('2025-03-05', '20:00'), 'missed'),
        seen(p1, '2025-03-06', atLocal('2025-03-06', '20:00')),
        seen(p2, '2025-03-03', atLocal('2025-03-03', '22:00')),
      ]);

    // an exercise's case with a contact seen at once: no figure may move (issue 19)
    const [exercise] = await db
      .insert(exercises)
      .values({ title: '演练', type: 'drill', jurisdictionId: tree.district.id, scheduledDate: '2025-03-05' })
      .returning();
    const [kx] = await db
      .insert(caseReports)
      .values({
        ...person,
        jurisdictionId: tree.communityA.id,
        classification: 'confirmed',
        onsetDate: '2025-03-04',
        diagnosisAt: atLocal('2025-03-05', '09:00'),
        reportedAt: atLocal('2025-03-05', '10:00'),
        status: 'exercise',
        exerciseId: exercise!.id,
      })
      .returning();
    const [px] = await db
      .insert(contacts)
      .values({
        ...contact,
        sourceCaseId: kx!.id,
        indexCaseId: kx!.id,
        followUpUntil: '2025-03-15',
        createdAt: atLocal('2025-03-05', '11:00'),
      })
      .returning();
    await db.insert(contactFollowUps).values(seen(px!.id, '2025-03-05', atLocal('2025-03-05', '12:00')));

    const de = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const te = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.townshipB.id });
    app = createTestApp(t.database);
    districtEpi = await signIn(app, de.user.username, de.password);
    townshipEpi = await signIn(app, te.user.username, te.password);
  });

  it('stock-out days: 6 + 3 of 19 site-item-days, with each site and item and its runs of days', async () => {
    const res = await districtEpi.get(`/api/assessment/indicators?${period}`);
    expect(res.status).toBe(200);
    const s = res.body.stockOut;
    expect({ pairs: s.pairs, out: s.pairsWithStockOut, days: s.stockOutDays, observed: s.observedDays, share: s.share }).toEqual({
      pairs: 3,
      out: 2,
      days: 9,
      observed: 19,
      share: 0.474,
    });
    expect(s.records.map((r: any) => [r.facilityId, r.itemName, r.stockOutDays, r.episodes])).toEqual([
      [
        h1,
        'N95口罩',
        6,
        [
          { from: '2025-03-03', to: '2025-03-06', days: 4 },
          { from: '2025-03-09', to: '2025-03-10', days: 2 },
        ],
      ],
      [h2, 'N95口罩', 3, [{ from: '2025-03-08', to: '2025-03-10', days: 3 }]],
    ]);
  });

  it("one township's figures and records: township B's reader sees its own site only", async () => {
    const res = await townshipEpi.get(`/api/assessment/indicators?${period}`);
    expect(res.body.stockOut).toMatchObject({ pairs: 1, pairsWithStockOut: 1, stockOutDays: 3, observedDays: 3, share: 1 });
    expect(res.body.stockOut.records.map((r: any) => r.facilityId)).toEqual([h2]);
    expect(res.body.contactTracing).toMatchObject({ contacts: 0, tracedWithin24hShare: null, conversionShare: null, casesReported: 0 });
    expect(res.body.contactTracing.followUp).toMatchObject({ dueDays: 0, share: null });
  });

  it('tracing: 1 of 3 within 24 h, 2 of 3 within 48 h, 1 conversion, 5 of 18 contact-days followed up, 1 of 2 cases a known contact', async () => {
    const res = await districtEpi.get(`/api/assessment/indicators?${period}`);
    const c = res.body.contactTracing;
    expect({
      contacts: c.contacts,
      in24: [c.tracedWithin24h, c.judged24h, c.tracedWithin24hShare],
      in48: [c.tracedWithin48h, c.judged48h, c.tracedWithin48hShare],
      median: c.medianHoursToFirstSeen,
      conversions: [c.conversions, c.conversionShare],
      followUp: c.followUp,
      cases: [c.casesReported, c.casesFromContacts, c.casesFromContactsShare],
    }).toEqual({
      contacts: 3,
      in24: [1, 3, 0.333],
      in48: [2, 3, 0.667],
      median: 23,
      conversions: [1, 0.333],
      followUp: { contacts: 3, dueDays: 18, seenDays: 5, share: 0.278, lastDay: '2025-03-10' },
      cases: [2, 1, 0.5],
    });
    expect(c.records.contacts.map((r: any) => [r.id, r.caseId, r.hoursToFirstSeen, r.within24h, r.within48h, r.converted])).toEqual([
      [p1, k1, 10, true, true, false],
      [p2, k1, 36, false, true, true],
      [p3, k1, null, false, false, false],
    ]);
    expect(c.records.contacts.find((r: any) => r.id === p2).convertedCaseId).toBe(k2);
    expect(c.records.followUps.map((r: any) => [r.id, r.dueDays, r.seenDays])).toEqual([
      [p3, 8, 0],
      [p1, 7, 4],
      [p2, 3, 1],
    ]);
    expect(c.records.cases.map((r: any) => [r.id, r.wasContact])).toEqual([
      [k1, false],
      [k2, true],
    ]);
    // records name no person
    expect(JSON.stringify(c)).not.toContain('接触者');
  });

  it('reporting completeness: K1 left five key fields blank, K2 none — 1 of 2 complete; by field', async () => {
    const res = await districtEpi.get(`/api/assessment/indicators?${period}`);
    const r = res.body.reportingTimeliness;
    expect(r.completeness).toEqual({
      reports: 2,
      complete: 1,
      share: 0.5,
      fields: [
        { field: 'onsetDate', filled: 2, share: 1 },
        { field: 'sex', filled: 1, share: 0.5 },
        { field: 'birthDate', filled: 1, share: 0.5 },
        { field: 'idDocument', filled: 1, share: 0.5 },
        { field: 'address', filled: 1, share: 0.5 },
        { field: 'occupation', filled: 1, share: 0.5 },
      ],
    });
    expect(r.records.map((x: any) => [x.id, x.missing])).toEqual([
      [k1, ['sex', 'birthDate', 'idDocument', 'address', 'occupation']],
      [k2, []],
    ]);
    expect(JSON.stringify(r)).not.toContain('E1******89');
  });
});
