/**
 * The warnings job's work: below minimum, a lot expiring soon, a forecast stock-out at the recent use rate and an
 * overdue request are each told to the right people once; a second run sends nothing new.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../platform/auth/scope.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import { buildDistrictTree, buildUser, testEngines, withTestDb } from '../../test-support/index.ts';
import { notifications } from '../notifications/index.ts';
import { facilities } from '../registry/index.ts';
import { recordMovementAs, setMinimumAs } from './stock.service.ts';
import { stockItems, stockRequests } from './stock.tables.ts';
import { sendStockWarnings } from './stock.warnings.ts';

describe.each(testEngines())('stock warnings (%s)', (engine) => {
  const t = withTestDb(engine);
  let logistics: Principal;
  let logisticsId: string;
  let warehouse: string;
  let item: string;
  const inDays = (n: number) => districtToday(new Date(), -n);

  beforeAll(async () => {
    const tree = await buildDistrictTree(t.database);
    const db = t.database.db;
    warehouse = (
      await db
        .insert(facilities)
        .values({ name: '物资库', nameEn: 'Depot', type: 'warehouse', jurisdictionId: tree.district.id })
        .returning()
    )[0]!.id;
    item = (
      await db
        .insert(stockItems)
        .values({
          code: 'PPE-N95',
          name: 'N95口罩',
          nameEn: 'N95 masks',
          category: 'ppe',
          unit: '个',
          unitEn: 'piece',
          shelfLifeDays: 1095,
        })
        .returning()
    )[0]!.id;
    const l = await buildUser(t.database, { role: 'logistics_officer', jurisdictionId: tree.district.id });
    logistics = l.principal;
    logisticsId = l.user.id;
    await recordMovementAs(
      t.database,
      logistics,
      { kind: 'receipt', itemId: item, facilityId: warehouse, quantity: 300, lot: 'SOON', expiresOn: inDays(10) },
      null,
    );
    // 280 issued in the last 28 days: 10 a day; 20 left → 2 days of cover
    await recordMovementAs(t.database, logistics, { kind: 'issue', itemId: item, facilityId: warehouse, quantity: 280 }, null);
    await setMinimumAs(t.database, logistics, { itemId: item, facilityId: warehouse, minimum: 100 }, null);
    await db.insert(stockRequests).values({
      requesterKind: 'township',
      jurisdictionId: tree.townshipA.id,
      priority: 'urgent',
      neededBy: inDays(-2),
      createdBy: logisticsId,
    });
  });

  it('sends each warning once, to the logistics officer', async () => {
    const sent = await sendStockWarnings(t.database, new Date());
    expect(sent).toEqual({ below_minimum: 1, expiring: 1, request_overdue: 1, stock_out_forecast: 1 });
    const again = await sendStockWarnings(t.database, new Date());
    expect(again).toEqual({ below_minimum: 0, expiring: 0, request_overdue: 0, stock_out_forecast: 0 });
    const inbox = await t.database.db.select().from(notifications).where(eq(notifications.userId, logisticsId));
    expect(inbox.map((n) => n.kind).sort()).toEqual([
      'stock.below_minimum',
      'stock.expiring',
      'stock.request_overdue',
      'stock.stock_out_forecast',
    ]);
    const forecast = inbox.find((n) => n.kind === 'stock.stock_out_forecast')!;
    expect(forecast.title).toBe(`预计断货：物资库 N95口罩 约 2 天后（${inDays(2)}）`);
    expect(forecast.severity).toBe('critical');
  });
});
