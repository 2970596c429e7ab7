/**
 * The materials demo: a stocked depot and hospital stores with lots near expiry and one expired, use over four
 * weeks, requests in several states; seeded once (a second run adds nothing).
 */
import { count, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testEngines, withTestDb } from '../../test-support/index.ts';
import { executedRows } from '../dashboard/case-counts.ts';
import { seedDemoDistrict } from '../demo/demo.seeder.ts';
import { stockPicture } from './stock.service.ts';
import { seedStockDemo } from './stock.demo.ts';
import { stockMovements, stockRequests, stockScenarios } from './stock.tables.ts';

describe.each(testEngines())('stock demo (%s)', (engine) => {
  const t = withTestDb(engine);

  it('stocks the warehouses and hospital stores and leaves requests in several states, once', async () => {
    const now = new Date();
    await seedDemoDistrict(t.database, { rosterDays: 1, features: false, now });
    const [district] = executedRows<{ id: string }>(
      await t.database.db.execute(sql`SELECT id::text FROM jurisdictions WHERE level = 'district' LIMIT 1`),
    );
    const ctx = { districtId: district!.id, seed: 1, now };
    await seedStockDemo(t.database, ctx);
    const movements = (await t.database.db.select({ n: count() }).from(stockMovements))[0]!.n;
    expect(movements).toBeGreaterThan(30);
    const statuses = (await t.database.db.select({ status: stockRequests.status }).from(stockRequests)).map((r) => r.status).sort();
    expect(statuses).toEqual(['approved', 'committed', 'dispatched', 'info_requested', 'received', 'rejected', 'submitted']);
    const picture = await stockPicture(t.database.db, { right: 'stock.read', paths: ['/'] }, { expiringDays: 30 }, now);
    const n95 = picture.rows.find((r) => r.facilityName === '嘉江区传染病医院' && r.itemName.startsWith('N95'))!;
    expect(n95).toMatchObject({ quantity: 200, minimum: 500, belowMinimum: true, dailyUse: 20, daysOfCover: 10 });
    expect(picture.rows.some((r) => r.expired > 0)).toBe(true);
    expect(picture.rows.some((r) => r.expiringSoon > 0)).toBe(true);
    const scenarios = await t.database.db.select().from(stockScenarios);
    expect(scenarios.map((s) => s.name).sort()).toEqual(['学校停课6周＋病例隔离', '学校正常开课（仅病例隔离）']);
    for (const s of scenarios) expect((s.result as { items: unknown[] }).items.length).toBeGreaterThan(3);
    await seedStockDemo(t.database, ctx);
    expect((await t.database.db.select({ n: count() }).from(stockMovements))[0]!.n).toBe(movements);
    expect(await t.database.db.select({ n: count() }).from(stockScenarios)).toEqual([{ n: 2 }]);
  });
});
