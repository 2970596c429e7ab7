/**
 * Stock over HTTP and in the service: the outside checks' shapes (catalogue, movements, balances), 409 with
 * nothing written when an issue exceeds the balance, FEFO, transfers, adjustments and disposals, scope (404 outside
 * the area), two parallel issues of the last boxes (exactly one succeeds; on PostgreSQL with TEST_DATABASE_URL),
 * and the ledger invariants as property tests (fast-check): balance = sum of ledger entries, never negative, and
 * accepted exactly when a simple model says the stock suffices.
 */
import { count, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../platform/auth/scope.ts';
import { auditLog } from '../../platform/db/platform.tables.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { facilities } from '../registry/index.ts';
import { fefoPick } from './stock.ledger.ts';
import { coverOf, recordMovementAs } from './stock.service.ts';
import { stockBalances, stockItems, stockLedger, stockMovements } from './stock.tables.ts';

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

describe('fefoPick and coverOf (pure)', () => {
  const today = '2026-12-07';
  it('picks the earliest expiry first, skips expired lots, puts lots without expiry last', () => {
    const lots = [
      { lot: 'C', expiresOn: null, quantity: 100 },
      { lot: 'B', expiresOn: '2027-03-01', quantity: 30 },
      { lot: 'A', expiresOn: '2026-12-31', quantity: 20 },
      { lot: 'X', expiresOn: '2026-12-01', quantity: 50 },
    ];
    expect(fefoPick(lots, 60, today)).toEqual({
      picks: [
        { lot: 'A', expiresOn: '2026-12-31', quantity: 20 },
        { lot: 'B', expiresOn: '2027-03-01', quantity: 30 },
        { lot: 'C', expiresOn: null, quantity: 10 },
      ],
      missing: 0,
    });
    expect(fefoPick(lots, 200, today).missing).toBe(50);
    expect(fefoPick(lots, 10, today, { expired: 'first' }).picks).toEqual([{ lot: 'X', expiresOn: '2026-12-01', quantity: 10 }]);
  });
  it('days of cover: 100 boxes at 30 a day last 3.3 days and run out on the 4th day', () => {
    expect(coverOf(100, 30, today)).toEqual({ daysOfCover: 3.3, stockOutOn: '2026-12-10' });
    expect(coverOf(100, 0, today)).toEqual({ daysOfCover: null, stockOutOn: null });
  });
  it('FEFO picks never exceed a lot, sum to the quantity or to all usable stock (property)', () => {
    const lot = fc.record({
      lot: fc.string({ minLength: 1, maxLength: 3 }),
      expiresOn: fc.option(fc.constantFrom('2026-11-30', '2026-12-07', '2027-01-01', '2027-06-30'), { nil: null }),
      quantity: fc.nat(50),
    });
    fc.assert(
      fc.property(fc.uniqueArray(lot, { selector: (l) => l.lot, maxLength: 6 }), fc.integer({ min: 1, max: 200 }), (lots, q) => {
        const { picks, missing } = fefoPick(lots, q, today);
        const usable = lots.filter((l) => l.expiresOn === null || l.expiresOn >= today).reduce((s, l) => s + l.quantity, 0);
        const taken = picks.reduce((s, p) => s + p.quantity, 0);
        expect(taken + missing).toBe(q);
        expect(taken).toBe(Math.min(q, usable));
        for (const p of picks) expect(p.quantity).toBeLessThanOrEqual(lots.find((l) => l.lot === p.lot)!.quantity);
        for (let i = 1; i < picks.length; i++) {
          const [a, b] = [picks[i - 1]!.expiresOn, picks[i]!.expiresOn];
          expect(a === null ? b === null : b === null || a <= b).toBe(true);
        }
      }),
    );
  });
});

describe.each(testEngines())('stock (%s)', (engine) => {
  const t = withTestDb(engine);
  let logistics: TestClient;
  let officerB: TestClient;
  let logisticsPrincipal: Principal;
  let warehouse: string;
  let hospital: string;
  let clinicB: string;
  let masks: string;
  let ventilator: string;
  const today = districtToday();
  const inDays = (n: number) => districtToday(new Date(), -n);

  beforeAll(async () => {
    const tree = await buildDistrictTree(t.database);
    const db = t.database.db;
    const site = async (name: string, type: 'warehouse' | 'general_hospital' | 'township_health_centre', jurisdictionId: string) =>
      (await db.insert(facilities).values({ name, nameEn: name, type, jurisdictionId }).returning())[0]!.id;
    warehouse = await site('区应急物资库', 'warehouse', tree.district.id);
    hospital = await site('甲镇医院', 'general_hospital', tree.townshipA.id);
    clinicB = await site('乙镇卫生院', 'township_health_centre', tree.townshipB.id);
    masks = (
      await db
        .insert(stockItems)
        .values({
          code: 'PPE-MASK',
          name: '医用外科口罩',
          nameEn: 'Surgical masks',
          category: 'ppe',
          unit: '盒',
          unitEn: 'box',
          packSize: 50,
          shelfLifeDays: 730,
        })
        .returning()
    )[0]!.id;
    ventilator = (
      await db
        .insert(stockItems)
        .values({
          code: 'VENT',
          name: '呼吸机',
          nameEn: 'Ventilator',
          category: 'ventilator',
          unit: '台',
          unitEn: 'unit',
          storageClass: 'ambient',
        })
        .returning()
    )[0]!.id;
    const l = await buildUser(t.database, { role: 'logistics_officer', jurisdictionId: tree.district.id });
    logisticsPrincipal = l.principal;
    logistics = await signIn(createTestApp(t.database), l.user.username, l.password);
    const o = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
    officerB = await signIn(createTestApp(t.database), o.user.username, o.password);
  });

  const movementCount = async () => (await t.database.db.select({ n: count() }).from(stockMovements))[0]!.n;

  it('GET /api/stock/items lists the catalogue as { items: [{ id, name, … }] }', async () => {
    const res = await logistics.get('/api/stock/items');
    expect(res.status).toBe(200);
    const mask = res.body.items.find((i: any) => i.id === masks);
    expect(mask).toMatchObject({
      name: '医用外科口罩',
      nameEn: 'Surgical masks',
      category: 'ppe',
      unit: '盒',
      packSize: 50,
      shelfLifeDays: 730,
    });
    expect((await officerB.get('/api/stock/items')).status).toBe(200);
  });

  it('receipts, then an issue beyond the balance is 409 conflict and writes nothing; GET /api/stock gives the lots', async () => {
    const receipt = await logistics.post('/api/stock/movements', {
      kind: 'receipt',
      itemId: masks,
      facilityId: warehouse,
      quantity: 100,
      lot: 'L-A',
      expiresOn: inDays(20),
      donor: '某慈善基金会',
    });
    expect(receipt.status).toBe(201);
    expect(receipt.body).toMatchObject({ kind: 'receipt', quantity: 100, lot: 'L-A', donor: '某慈善基金会' });
    expect(receipt.body.entries).toEqual([{ facilityId: warehouse, lot: 'L-A', expiresOn: inDays(20), delta: 100 }]);
    expect(
      (
        await logistics.post('/api/stock/movements', {
          kind: 'receipt',
          itemId: masks,
          facilityId: warehouse,
          quantity: 50,
          lot: 'L-B',
          expiresOn: inDays(200),
        })
      ).status,
    ).toBe(201);
    // a receipt of an item that expires needs its expiry; a lot keeps one expiry
    const noExpiry = await logistics.post('/api/stock/movements', {
      kind: 'receipt',
      itemId: masks,
      facilityId: warehouse,
      quantity: 5,
      lot: 'L-C',
    });
    expect(noExpiry.status).toBe(400);
    const otherExpiry = await logistics.post('/api/stock/movements', {
      kind: 'receipt',
      itemId: masks,
      facilityId: warehouse,
      quantity: 5,
      lot: 'L-A',
      expiresOn: inDays(30),
    });
    expect(otherExpiry.status).toBe(400);

    const before = await movementCount();
    const auditBefore = (await t.database.db.select({ n: count() }).from(auditLog))[0]!.n;
    const tooMany = await logistics.post('/api/stock/movements', { kind: 'issue', itemId: masks, facilityId: warehouse, quantity: 151 });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error).toMatchObject({ id: 'conflict', reason: 'insufficient_stock', details: { available: 150, requested: 151 } });
    expect(await movementCount()).toBe(before);
    expect((await t.database.db.select({ n: count() }).from(auditLog))[0]!.n).toBe(auditBefore);

    const stock = await logistics.get(`/api/stock?itemId=${masks}&facilityId=${warehouse}`);
    expect(stock.status).toBe(200);
    expect(
      stock.body.items.map((i: any) => ({
        itemId: i.itemId,
        facilityId: i.facilityId,
        lot: i.lot,
        expiresOn: i.expiresOn,
        quantity: i.quantity,
      })),
    ).toEqual([
      { itemId: masks, facilityId: warehouse, lot: 'L-A', expiresOn: inDays(20), quantity: 100 },
      { itemId: masks, facilityId: warehouse, lot: 'L-B', expiresOn: inDays(200), quantity: 50 },
    ]);
  });

  it('an issue without a lot takes FEFO (split over lots); the FEFO suggestion says so first', async () => {
    const suggestion = await logistics.get(`/api/stock/fefo?itemId=${masks}&facilityId=${warehouse}&quantity=120`);
    expect(suggestion.body).toEqual({
      picks: [
        { lot: 'L-A', expiresOn: inDays(20), quantity: 100 },
        { lot: 'L-B', expiresOn: inDays(200), quantity: 20 },
      ],
      available: 150,
      missing: 0,
    });
    const issue = await logistics.post('/api/stock/movements', {
      kind: 'issue',
      itemId: masks,
      facilityId: warehouse,
      quantity: 120,
      reference: 'OUT-1',
    });
    expect(issue.status).toBe(201);
    expect(issue.body.lot).toBeNull();
    expect(issue.body.entries.map((e: any) => [e.lot, e.delta])).toEqual([
      ['L-A', -100],
      ['L-B', -20],
    ]);
    const stock = await logistics.get(`/api/stock?itemId=${masks}&facilityId=${warehouse}`);
    expect(stock.body.items.map((i: any) => [i.lot, i.quantity])).toEqual([['L-B', 30]]);
  });

  it('transfers move lots between sites; adjustments need a reason; disposal; items without expiry', async () => {
    const transfer = await logistics.post('/api/stock/movements', {
      kind: 'transfer',
      itemId: masks,
      facilityId: warehouse,
      toFacilityId: hospital,
      quantity: 10,
    });
    expect(transfer.status).toBe(201);
    expect(transfer.body.entries).toEqual([
      { facilityId: warehouse, lot: 'L-B', expiresOn: inDays(200), delta: -10 },
      { facilityId: hospital, lot: 'L-B', expiresOn: inDays(200), delta: 10 },
    ]);
    expect(
      (await logistics.post('/api/stock/movements', { kind: 'adjustment', itemId: masks, facilityId: hospital, quantity: -2, lot: 'L-B' }))
        .status,
    ).toBe(400);
    const adj = await logistics.post('/api/stock/movements', {
      kind: 'adjustment',
      itemId: masks,
      facilityId: hospital,
      quantity: -2,
      lot: 'L-B',
      reason: '盘点短少',
    });
    expect(adj.status).toBe(201);
    expect(
      (
        await logistics.post('/api/stock/movements', {
          kind: 'adjustment',
          itemId: masks,
          facilityId: hospital,
          quantity: -9,
          lot: 'L-B',
          reason: 'x',
        })
      ).status,
    ).toBe(409);
    const dispose = await logistics.post('/api/stock/movements', {
      kind: 'disposal',
      itemId: masks,
      facilityId: hospital,
      quantity: 8,
      lot: 'L-B',
      reason: '受潮',
    });
    expect(dispose.status).toBe(201);
    const vent = await logistics.post('/api/stock/movements', {
      kind: 'receipt',
      itemId: ventilator,
      facilityId: hospital,
      quantity: 3,
      lot: 'SN-2026',
    });
    expect(vent.status).toBe(201);
    const lots = await logistics.get(`/api/stock?facilityId=${hospital}`);
    expect(lots.body.items.map((i: any) => [i.itemId, i.lot, i.expiresOn, i.quantity])).toEqual([[ventilator, 'SN-2026', null, 3]]);
    // quantity rules
    expect(
      (await logistics.post('/api/stock/movements', { kind: 'issue', itemId: masks, facilityId: warehouse, quantity: 0 })).status,
    ).toBe(400);
    expect(
      (await logistics.post('/api/stock/movements', { kind: 'issue', itemId: masks, facilityId: warehouse, quantity: 1.5 })).status,
    ).toBe(400);
    expect(
      (await logistics.post('/api/stock/movements', { kind: 'receipt', itemId: masks, facilityId: warehouse, quantity: 1, lot: 'A\u0000' }))
        .status,
    ).toBe(400);
  });

  it('scope: a township officer cannot record movements and sees only its own area', async () => {
    expect(
      (await officerB.post('/api/stock/movements', { kind: 'receipt', itemId: ventilator, facilityId: clinicB, quantity: 1, lot: 'Z' }))
        .status,
    ).toBe(403);
    const stock = await officerB.get('/api/stock');
    expect(stock.status).toBe(200);
    expect(stock.body.items.every((i: any) => i.facilityId === clinicB)).toBe(true);
    expect((await officerB.get(`/api/stock/fefo?itemId=${masks}&facilityId=${warehouse}&quantity=1`)).status).toBe(404);
  });

  it('two parallel issues of the last boxes: exactly one succeeds, the balance is 0, not negative', async () => {
    const lot = `LAST-${engine}`;
    await recordMovementAs(
      t.database,
      logisticsPrincipal,
      { kind: 'receipt', itemId: ventilator, facilityId: warehouse, quantity: 5, lot },
      null,
    );
    const issue = () =>
      recordMovementAs(
        t.database,
        logisticsPrincipal,
        { kind: 'issue', itemId: ventilator, facilityId: warehouse, quantity: 4, lot },
        null,
      );
    const results = await Promise.allSettled([issue(), issue(), issue()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ id: 'conflict', reason: 'insufficient_stock' });
    const [balance] = await t.database.db
      .select({ q: stockBalances.quantity })
      .from(stockBalances)
      .where(sql`${stockBalances.itemId} = ${ventilator} AND ${stockBalances.facilityId} = ${warehouse} AND ${stockBalances.lot} = ${lot}`);
    expect(balance!.q).toBe(1);
  });

  it('ledger invariants (property): balance = sum of entries, never negative, refused exactly when the model has too little', async () => {
    const itemId = (
      await t.database.db
        .insert(stockItems)
        .values({ code: `P-${engine.toUpperCase()}`, name: '测试', nameEn: 'Test', category: 'other', unit: '个', unitEn: 'piece' })
        .returning()
    )[0]!.id;
    const sites = [warehouse, hospital];
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('receipt' as const),
        site: fc.nat(1),
        lot: fc.constantFrom('A', 'B'),
        quantity: fc.integer({ min: 1, max: 20 }),
      }),
      fc.record({ kind: fc.constant('issue' as const), site: fc.nat(1), quantity: fc.integer({ min: 1, max: 25 }) }),
      fc.record({ kind: fc.constant('transfer' as const), site: fc.nat(1), quantity: fc.integer({ min: 1, max: 25 }) }),
      fc.record({
        kind: fc.constant('adjustment' as const),
        site: fc.nat(1),
        lot: fc.constantFrom('A', 'B'),
        quantity: fc.integer({ min: -15, max: 15 }).filter((q) => q !== 0),
      }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        run++;
        const model = new Map<string, number>(); // site|lot → quantity, this run's lots only
        const lotName = (l: string) => `${run}-${l}`;
        const siteTotal = (s: string) => [...model].filter(([k]) => k.startsWith(`${s}|`)).reduce((a, [, v]) => a + v, 0);
        for (const o of ops) {
          const site = sites[o.site]!;
          const body: any = { kind: o.kind, itemId, facilityId: site, quantity: o.quantity };
          if (o.kind === 'receipt' || o.kind === 'adjustment') body.lot = lotName(o.lot);
          if (o.kind === 'adjustment') body.reason = 'count';
          if (o.kind === 'transfer') body.toFacilityId = sites[1 - o.site];
          if (o.kind === 'issue' || o.kind === 'transfer') body.lot = undefined;
          // issues and transfers without a lot take from this run's lots and earlier runs' leftovers: give them a lot of this run
          if ((o.kind === 'issue' || o.kind === 'transfer') && siteTotal(site) > 0)
            body.lot = [...model].find(([k, v]) => k.startsWith(`${site}|`) && v > 0)![0].split('|')[1];
          if ((o.kind === 'issue' || o.kind === 'transfer') && !body.lot) body.lot = lotName('A');
          const key = `${site}|${body.lot}`;
          const have = model.get(key) ?? 0;
          const take = o.kind === 'receipt' ? -o.quantity : o.kind === 'adjustment' ? -o.quantity : o.quantity;
          const ok = have - take >= 0;
          let accepted = true;
          try {
            await recordMovementAs(t.database, logisticsPrincipal, body, null);
          } catch (e) {
            accepted = false;
            expect(e).toMatchObject({ id: 'conflict', reason: 'insufficient_stock' });
          }
          expect(accepted).toBe(ok);
          if (accepted) {
            model.set(key, have - take);
            if (o.kind === 'transfer') {
              const to = `${sites[1 - o.site]}|${body.lot}`;
              model.set(to, (model.get(to) ?? 0) + o.quantity);
            }
          }
        }
        // every balance of the item equals the sum of its ledger entries and is not negative
        const check = rowsOf<{ quantity: number; ledger: number }>(
          await t.database.db.execute(sql`
            SELECT b.quantity, (SELECT coalesce(sum(l.delta), 0)::int FROM ${stockLedger} l
              WHERE l.item_id = b.item_id AND l.facility_id = b.facility_id AND l.lot = b.lot) AS ledger
            FROM ${stockBalances} b WHERE b.item_id = ${itemId}`),
        );
        for (const c of check) {
          expect(Number(c.quantity)).toBe(Number(c.ledger));
          expect(Number(c.quantity)).toBeGreaterThanOrEqual(0);
        }
        for (const [key, q] of model) {
          const [site, lot] = key.split('|');
          const [row] = await t.database.db
            .select({ q: stockBalances.quantity })
            .from(stockBalances)
            .where(sql`${stockBalances.itemId} = ${itemId} AND ${stockBalances.facilityId} = ${site} AND ${stockBalances.lot} = ${lot}`);
          expect(row?.q ?? 0).toBe(q);
        }
      }),
      { numRuns: engine === 'postgres' ? 15 : 10 },
    );
    expect(today).toMatch(/^\d{4}-/);
    expect(await t.database.db.select({ n: count() }).from(stockMovements).where(eq(stockMovements.itemId, itemId))).not.toHaveLength(0);
  });
});
