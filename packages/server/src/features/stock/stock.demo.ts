/**
 * Demo of emergency materials for District J: the catalogue; the emergency materials depot, the health emergency
 * store, the port transit warehouse and two hospital stores stocked by lots (some near expiry, one expired, a
 * donation); four weeks of use at the hospitals (so days of cover mean something: the infectious diseases
 * hospital's N95 masks run short); minimums; and requests in several states raised and handled by the demo users
 * (submitted, need more information, approved in part, committed, dispatched, received in part, rejected).
 *
 * Idempotent: the catalogue is added by code where missing; stock and requests only when no movement exists yet.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import { adjacentDistricts, agencies, facilities } from '../registry/index.ts';
import {
  buildDistrictModel,
  DISTRICT_SCENARIO_DEFAULTS,
  type DistrictScenarioSettings,
  districtIncidence,
  projectDistrict,
} from '@outbreak/epimodels';
import { loadPrincipal } from '../users/index.ts';
import { scenarioInputsFor } from './stock.scenarios.ts';
import { recordMovementInTx } from './stock.ledger.ts';
import { approveAs, commitAs, createRequestAs, dispatchAs, receiveAs, rejectAs, requestInfoAs } from './stock.requests.ts';
import {
  type ItemCategory,
  type StorageClass,
  stockItems,
  stockMinimums,
  stockMovements,
  stockRequestEvents,
  stockRequests,
  stockScenarios,
} from './stock.tables.ts';

type ItemSeed = [string, string, string, ItemCategory, string, string, number, number | null, StorageClass, number, number, number];
/** code, name, English name, category, unit, English unit, pack size, shelf life (days), storage, per case, per bed-day, per staff-day */
const ITEMS: ItemSeed[] = [
  ['PPE-MASK', '医用外科口罩', 'Surgical masks', 'ppe', '只', 'piece', 50, 730, 'ambient', 0, 2, 4],
  ['PPE-N95', 'N95/KN95 防护口罩', 'N95/KN95 respirators', 'ppe', '只', 'piece', 20, 1095, 'ambient', 0, 1.5, 2],
  ['PPE-GOWN', '医用一次性防护服', 'Protective gowns', 'ppe', '件', 'piece', 10, 1095, 'ambient', 0, 1, 1.5],
  ['PPE-GOGGLE', '医用护目镜', 'Goggles', 'ppe', '副', 'pair', 20, 1825, 'ambient', 0, 0.1, 0.2],
  ['PPE-GLOVE', '医用检查手套', 'Examination gloves', 'ppe', '副', 'pair', 100, 1095, 'ambient', 0, 6, 8],
  ['TEST-PCR', '新冠病毒核酸检测试剂', 'PCR test kits', 'test_kit', '人份', 'test', 48, 365, 'cold_chain', 10, 0.5, 0],
  ['TEST-AG', '抗原检测试剂盒', 'Antigen test kits', 'test_kit', '人份', 'test', 25, 540, 'ambient', 4, 0, 0],
  ['DIS-CHLOR', '含氯消毒剂（500ml）', 'Chlorine disinfectant (500 ml)', 'disinfectant', '瓶', 'bottle', 12, 730, 'ambient', 0.5, 0.2, 0],
  ['DIS-ALC', '75%医用酒精（500ml）', '75% alcohol (500 ml)', 'disinfectant', '瓶', 'bottle', 24, 1095, 'flammable', 0, 0.3, 0.1],
  ['MED-ANTIVIR', '抗病毒药物', 'Antiviral medicine', 'medicine', '疗程', 'course', 10, 730, 'controlled', 0.3, 0, 0],
  ['OXY-CYL', '医用氧气瓶（40L）', 'Medical oxygen cylinder (40 L)', 'oxygen', '瓶', 'cylinder', 1, null, 'compressed_gas', 0, 0.4, 0],
  ['VENT', '呼吸机', 'Ventilator', 'ventilator', '台', 'unit', 1, null, 'ambient', 0, 0, 0],
  ['BED-FOLD', '折叠床', 'Folding bed', 'bed', '张', 'bed', 1, null, 'ambient', 0, 0, 0],
  ['VEH-AMB', '负压救护车', 'Negative-pressure ambulance', 'vehicle', '辆', 'vehicle', 1, null, 'ambient', 0, 0, 0],
];

const DEPOT = '嘉江区应急物资储备库';
const HEALTH_STORE = '嘉江区卫生应急物资库';
const PORT_WAREHOUSE = '嘉江港物资中转仓';
const PEOPLES_HOSPITAL = '嘉江区人民医院';
const INFECTIOUS_HOSPITAL = '嘉江区传染病医院';

/** site, item code, lot, quantity, expiry in days from today (null: no expiry), donor */
type LotSeed = [string, string, string, number, number | null, string?];
const LOTS: LotSeed[] = [
  [DEPOT, 'PPE-MASK', 'MK2025-118', 12000, 21],
  [DEPOT, 'PPE-MASK', 'MK2026-031', 60000, 540],
  [DEPOT, 'PPE-N95', 'N95-2026-07', 8000, 800],
  [DEPOT, 'PPE-GOWN', 'GW2026-02', 2500, 700],
  [DEPOT, 'PPE-GOGGLE', 'GG2026-01', 600, 1500],
  [DEPOT, 'PPE-GLOVE', 'GL2026-05', 20000, 900],
  [DEPOT, 'DIS-CHLOR', 'CL2026-09', 1500, 600],
  [DEPOT, 'DIS-ALC', 'AL2026-03', 900, 1000],
  [DEPOT, 'OXY-CYL', 'OX-BATCH-26', 120, null],
  [DEPOT, 'BED-FOLD', 'BED-2024', 300, null],
  [DEPOT, 'VEH-AMB', '渝A·J0119', 2, null],
  [DEPOT, 'PPE-MASK', 'MK-DON-1203', 20000, 700, '嘉江区慈善总会'],
  [HEALTH_STORE, 'TEST-PCR', 'PCR2026-11', 9600, 12],
  [HEALTH_STORE, 'TEST-PCR', 'PCR2026-40', 19200, 300],
  [HEALTH_STORE, 'TEST-AG', 'AG2026-08', 5000, 400],
  [HEALTH_STORE, 'MED-ANTIVIR', 'AV2026-02', 800, 500],
  [HEALTH_STORE, 'VENT', 'VT-SN-2201', 6, null],
  [PORT_WAREHOUSE, 'TEST-AG', 'AG2025-01', 1200, -5],
  [PORT_WAREHOUSE, 'PPE-MASK', 'MK2026-044', 8000, 600],
  [PEOPLES_HOSPITAL, 'PPE-N95', 'N95-2026-03', 1300, 700],
  [PEOPLES_HOSPITAL, 'PPE-MASK', 'MK2026-031', 4000, 540],
  [PEOPLES_HOSPITAL, 'OXY-CYL', 'OX-BATCH-26', 30, null],
  [INFECTIOUS_HOSPITAL, 'PPE-N95', 'N95-2026-03', 760, 700],
  [INFECTIOUS_HOSPITAL, 'PPE-GOWN', 'GW2026-02', 400, 700],
  [INFECTIOUS_HOSPITAL, 'TEST-PCR', 'PCR2026-11', 960, 12],
];
/** site, item code, units used over the last four weeks (issued to wards) */
const USE: [string, string, number][] = [
  [PEOPLES_HOSPITAL, 'PPE-N95', 700],
  [PEOPLES_HOSPITAL, 'PPE-MASK', 2400],
  [INFECTIOUS_HOSPITAL, 'PPE-N95', 560],
  [INFECTIOUS_HOSPITAL, 'PPE-GOWN', 280],
];
const MINIMUMS: [string, string, number][] = [
  [DEPOT, 'PPE-MASK', 30000],
  [DEPOT, 'PPE-N95', 5000],
  [DEPOT, 'PPE-GOWN', 1000],
  [DEPOT, 'OXY-CYL', 80],
  [HEALTH_STORE, 'TEST-PCR', 10000],
  [INFECTIOUS_HOSPITAL, 'PPE-N95', 500],
  [PEOPLES_HOSPITAL, 'PPE-N95', 400],
];

async function principalOf(database: Database, username: string) {
  const [row] = await database.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return row ? loadPrincipal(database.db, row.id) : undefined;
}

export async function seedStockDemo(database: Database, ctx: DemoContext): Promise<void> {
  const db = database.db;
  await db
    .insert(stockItems)
    .values(
      ITEMS.map(([code, name, nameEn, category, unit, unitEn, packSize, shelfLifeDays, storageClass, perCase, perBedDay, perStaffDay]) => ({
        code,
        name,
        nameEn,
        category,
        unit,
        unitEn,
        packSize,
        shelfLifeDays,
        storageClass,
        perCase: String(perCase),
        perBedDay: String(perBedDay),
        perStaffDay: String(perStaffDay),
      })),
    )
    .onConflictDoNothing({ target: stockItems.code });
  const [moved] = await db.select({ id: stockMovements.id }).from(stockMovements).limit(1);
  if (moved) {
    await seedScenarios(database, ctx);
    return;
  }
  const [district] = await db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, ctx.districtId));
  if (!district) return;
  const siteRows = await db
    .select({ id: facilities.id, name: facilities.name, jurisdictionId: facilities.jurisdictionId })
    .from(facilities)
    .innerJoin(jurisdictions, eq(jurisdictions.id, facilities.jurisdictionId))
    .where(
      sql`${jurisdictions.path} LIKE ${`${district.path}%`} AND ${facilities.name} IN (${sql.join(
        [DEPOT, HEALTH_STORE, PORT_WAREHOUSE, PEOPLES_HOSPITAL, INFECTIOUS_HOSPITAL].map((n) => sql`${n}`),
        sql`, `,
      )})`,
    );
  const sites = new Map(siteRows.map((s) => [s.name, s]));
  if (sites.size < 5) return; // not the demo district's registry
  const itemRows = await db
    .select()
    .from(stockItems)
    .where(
      inArray(
        stockItems.code,
        ITEMS.map((i) => i[0]),
      ),
    );
  const items = new Map(itemRows.map((i) => [i.code, i]));
  const today = districtToday(ctx.now);
  const day = (n: number) => districtToday(ctx.now, -n);
  await db.transaction(async (tx) => {
    for (const [siteName, code, lot, quantity, expiresIn, donor] of LOTS) {
      const { movement, entries } = await recordMovementInTx(tx, {
        kind: 'receipt',
        itemId: items.get(code)!.id,
        site: sites.get(siteName)!,
        quantity,
        lot,
        expiresOn: expiresIn === null ? null : day(expiresIn),
        donor,
        reference: donor ? '捐赠接收单 D-2026-12' : `入库单 ${lot}`,
        today,
      });
      await audit(tx, {
        actor: null,
        action: 'create',
        entityType: 'stock_movement',
        entityId: movement.id,
        after: { ...movement, entries },
      });
    }
    for (const [siteName, code, used] of USE) {
      // four weekly issues to the wards, dated back so that the use rate covers the whole window
      for (let week = 0; week < 4; week++) {
        const { movement, entries } = await recordMovementInTx(tx, {
          kind: 'issue',
          itemId: items.get(code)!.id,
          site: sites.get(siteName)!,
          quantity: used / 4,
          reason: '病区领用 / issued to wards',
          today,
        });
        const at = new Date(ctx.now.getTime() - (3 - week) * 7 * 86_400_000 - 3600_000);
        await tx.update(stockMovements).set({ createdAt: at }).where(eq(stockMovements.id, movement.id));
        await tx.execute(sql`UPDATE stock_ledger SET created_at = ${at.toISOString()} WHERE movement_id = ${movement.id}`);
        await audit(tx, {
          actor: null,
          action: 'create',
          entityType: 'stock_movement',
          entityId: movement.id,
          after: { ...movement, entries },
        });
      }
    }
    for (const [siteName, code, minimum] of MINIMUMS) {
      const site = sites.get(siteName)!;
      await tx
        .insert(stockMinimums)
        .values({ itemId: items.get(code)!.id, facilityId: site.id, jurisdictionId: site.jurisdictionId, minimum })
        .onConflictDoNothing();
    }
  });
  await seedRequests(database, ctx, sites, items);
  await seedScenarios(database, ctx);
}

/**
 * Two saved scenarios of the commander, computed as the web page computes them (@outbreak/epimodels): the township
 * metapopulation from recent cases with isolation of cases, without and with a school closure from day 7 to 49.
 */
async function seedScenarios(database: Database, ctx: DemoContext) {
  const [any] = await database.db.select({ id: stockScenarios.id }).from(stockScenarios).limit(1);
  if (any) return;
  const commander = await principalOf(database, 'commander');
  if (!commander) return;
  const inputs = await scenarioInputsFor(database, commander, {}, ctx.now);
  if (inputs.townships.length === 0) return;
  const [district] = await database.db.select({ id: jurisdictions.id }).from(jurisdictions).where(eq(jurisdictions.id, ctx.districtId));
  if (!district) return;
  const consumption = Object.fromEntries(inputs.items.map((i) => [i.id, i.consumption]));
  const schedules: [string, DistrictScenarioSettings['interventions']][] = [
    ['学校正常开课（仅病例隔离）', [{ kind: 'isolation', start: 0, value: 0.4 }]],
    [
      '学校停课6周＋病例隔离',
      [
        { kind: 'isolation', start: 0, value: 0.4 },
        { kind: 'school_closure', start: 7, end: 49, value: 0.9 },
      ],
    ],
  ];
  await database.db.transaction(async (tx) => {
    for (const [name, interventions] of schedules) {
      const settings: DistrictScenarioSettings = { ...DISTRICT_SCENARIO_DEFAULTS, interventions, consumption };
      const built = buildDistrictModel(inputs, settings);
      const result = projectDistrict(inputs, settings, built, districtIncidence(built, settings.days));
      const [row] = await tx
        .insert(stockScenarios)
        .values({
          name,
          jurisdictionId: district.id,
          inputs: settings as unknown as Record<string, unknown>,
          result: result as unknown as Record<string, unknown>,
          createdBy: commander.id,
        })
        .returning({ id: stockScenarios.id });
      await audit(tx, {
        actor: null,
        action: 'create',
        entityType: 'stock_scenario',
        entityId: row!.id,
        after: { id: row!.id, name, inputs: settings },
      });
    }
  });
}

async function seedRequests(
  database: Database,
  ctx: DemoContext,
  sites: Map<string, { id: string; jurisdictionId: string }>,
  items: Map<string, { id: string }>,
) {
  const [wangjiang, baisha, logistics, commander] = await Promise.all(
    ['officer.wangjiang', 'officer.baisha', 'logistics', 'commander'].map((u) => principalOf(database, u)),
  );
  if (!wangjiang || !baisha || !logistics || !commander) return;
  const id = (code: string) => items.get(code)!.id;
  const now = ctx.now;
  const day = (n: number) => districtToday(now, -n);
  const township = (p: typeof wangjiang) => p.grants[0]!.jurisdictionId;
  const [neighbour] = await database.db
    .select({ id: adjacentDistricts.id })
    .from(adjacentDistricts)
    .where(eq(adjacentDistricts.districtId, ctx.districtId))
    .limit(1);
  const [agency] = await database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.kind, 'public_security')).limit(1);
  const depot = sites.get(DEPOT)!.id;
  const healthStore = sites.get(HEALTH_STORE)!.id;

  // 1. submitted: Wangjiang asks for masks and disinfectant for its sampling points
  const r1 = await createRequestAs(
    database,
    wangjiang,
    {
      requesterKind: 'township',
      requesterJurisdictionId: township(wangjiang),
      priority: 'urgent',
      neededBy: day(2),
      purpose: '望江街道6个核酸采样点及密接转运人员防护',
      deliveryAddress: '望江街道办事处物资点',
      lines: [
        { itemId: id('PPE-MASK'), quantity: 5000 },
        { itemId: id('DIS-CHLOR'), quantity: 120 },
      ],
    },
    null,
    now,
  );
  // 2. need more information: Baisha's antigen kits
  const r2 = await createRequestAs(
    database,
    baisha,
    {
      requesterKind: 'township',
      requesterJurisdictionId: township(baisha),
      priority: 'routine',
      neededBy: day(5),
      purpose: '白沙镇养老院、学校抗原筛查',
      lines: [{ itemId: id('TEST-AG'), quantity: 2000 }],
    },
    null,
    now,
  );
  await requestInfoAs(database, commander, r2.id, '请列明筛查对象人数及频次', null);
  // 3. approved in part: the people's hospital's N95 masks and gowns
  const r3 = await createRequestAs(
    database,
    logistics,
    {
      requesterKind: 'facility',
      requesterFacilityId: sites.get(PEOPLES_HOSPITAL)!.id,
      priority: 'urgent',
      neededBy: day(1),
      purpose: '发热门诊及隔离病区扩容',
      lines: [
        { itemId: id('PPE-N95'), quantity: 1000 },
        { itemId: id('PPE-GOWN'), quantity: 300 },
      ],
    },
    null,
    now,
  );
  await approveAs(
    database,
    commander,
    r3.id,
    {
      lines: [
        { itemId: id('PPE-N95'), quantity: 600 },
        { itemId: id('PPE-GOWN'), quantity: 300 },
      ],
      note: 'N95储备需同时保障传染病医院，先拨600只',
    },
    null,
  );
  // 4. committed: mutual aid to a neighbouring district, oxygen
  if (neighbour) {
    const r4 = await createRequestAs(
      database,
      logistics,
      {
        requesterKind: 'district',
        requesterDistrictId: neighbour.id,
        priority: 'critical',
        neededBy: day(1),
        purpose: '邻区请求支援医用氧气（对口支援）',
        lines: [{ itemId: id('OXY-CYL'), quantity: 20 }],
      },
      null,
      now,
    );
    await approveAs(database, commander, r4.id, { lines: [{ itemId: id('OXY-CYL'), quantity: 20 }] }, null);
    await commitAs(database, logistics, r4.id, { supplierFacilityId: depot }, null, now);
  }
  // 5. dispatched: gowns for Wangjiang (on the road)
  const r5 = await createRequestAs(
    database,
    wangjiang,
    {
      requesterKind: 'township',
      requesterJurisdictionId: township(wangjiang),
      priority: 'urgent',
      neededBy: day(1),
      purpose: '集中隔离点转运人员防护服',
      lines: [{ itemId: id('PPE-GOWN'), quantity: 200 }],
    },
    null,
    now,
  );
  await approveAs(database, commander, r5.id, { lines: [{ itemId: id('PPE-GOWN'), quantity: 200 }] }, null);
  await commitAs(database, logistics, r5.id, { supplierFacilityId: depot }, null, now);
  await dispatchAs(database, logistics, r5.id, '区应急管理局货车 渝A·J3307', null);
  // 6. received in part: PCR kits for the infectious diseases hospital
  const r6 = await createRequestAs(
    database,
    logistics,
    {
      requesterKind: 'facility',
      requesterFacilityId: sites.get(INFECTIOUS_HOSPITAL)!.id,
      priority: 'urgent',
      neededBy: day(3),
      lines: [{ itemId: id('TEST-PCR'), quantity: 960 }],
    },
    null,
    now,
  );
  await approveAs(database, commander, r6.id, { lines: [{ itemId: id('TEST-PCR'), quantity: 960 }] }, null);
  await commitAs(database, logistics, r6.id, { supplierFacilityId: healthStore }, null, now);
  await dispatchAs(database, logistics, r6.id, undefined, null);
  await receiveAs(
    database,
    logistics,
    r6.id,
    { lines: [{ itemId: id('TEST-PCR'), quantity: 912 }], note: '一箱（48人份）冷链温度超标，已拒收' },
    null,
    now,
  );
  // 7. rejected: the public security bureau's masks (its own stock suffices)
  if (agency) {
    const r7 = await createRequestAs(
      database,
      logistics,
      {
        requesterKind: 'agency',
        requesterAgencyId: agency.id,
        priority: 'routine',
        neededBy: day(7),
        purpose: '卡口执勤人员口罩',
        lines: [{ itemId: id('PPE-MASK'), quantity: 3000 }],
      },
      null,
      now,
    );
    await rejectAs(database, commander, r7.id, '公安分局自有储备充足，请先动用自有库存', null);
  }
  // ages: the requests were raised over the last days (the board's age columns, one overdue)
  const ages: [string, number][] = [
    [r1.id, 0.2],
    [r2.id, 2],
    [r3.id, 1],
    [r5.id, 4],
    [r6.id, 8],
  ];
  for (const [requestId, days] of ages) {
    const at = new Date(now.getTime() - days * 86_400_000);
    await database.db.update(stockRequests).set({ createdAt: at }).where(eq(stockRequests.id, requestId));
    await database.db.execute(
      sql`UPDATE ${stockRequestEvents} SET at = ${at.toISOString()} WHERE request_id = ${requestId} AND action = 'submit'`,
    );
  }
  // Baisha's request was needed yesterday: overdue
  await database.db
    .update(stockRequests)
    .set({ neededBy: day(-1) })
    .where(eq(stockRequests.id, r2.id));
}
