/**
 * Emergency materials (docs/stock.md): with 1,000,000 ledger entries (200 items × 50 sites × lots, four years of
 * movements), the current stock by item and site — GET /api/stock's query for one item and site, for the whole
 * district, and the summary (usable, expiring, minimum, 28-day use, days of cover) — p95 over 40 calls each;
 * target p95 ≤ 200 ms. Then the district scenario of the web page (30 townships, 180 days, 3 interventions,
 * deterministic) end to end (model build, run, demand and item cover): target ≤ 1 s; and a 200-run stochastic
 * ensemble (≤ 10 s). Runs on PostgreSQL when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set, else on PGlite.
 *
 *   npm run bench -w @outbreak/server -- stock
 */
import { runMetapopEnsemble } from '@outbreak/epimodels';
import {
  buildDistrictModel,
  DISTRICT_SCENARIO_DEFAULTS,
  type DistrictScenarioInputs,
  type DistrictScenarioSettings,
  districtIncidence,
  projectDistrict,
} from '@outbreak/epimodels';
import { sql } from 'drizzle-orm';
import { loadavg } from 'node:os';
import type { Principal } from '../src/platform/auth/scope.ts';
import type { Database } from '../src/platform/db/database.ts';
import { createTestDb } from '../src/test-support/test-db.ts';
import { balancesFor, summaryFor } from '../src/features/stock/stock.service.ts';

const ENTRIES = 1_000_000;
const ITEMS = 200;
const SITES = 50;
const CALLS = 40;

async function seed(database: Database): Promise<{ principal: Principal; itemId: string; siteId: string }> {
  const db = database.db;
  const started = performance.now();
  const rows = (x: unknown) => (Array.isArray(x) ? x : (x as { rows: unknown[] }).rows) as { id: string; path: string }[];
  await db.execute(
    sql`INSERT INTO jurisdictions (level, code, name, name_en, population) VALUES ('district', 'S00001', '基准区', 'Bench district', 800000)`,
  );
  const d = rows(await db.execute(sql`SELECT id::text, path FROM jurisdictions WHERE code = 'S00001'`))[0]!;
  await db.execute(sql`
    INSERT INTO facilities (name, name_en, type, jurisdiction_id)
    SELECT '仓库' || g, 'Site ' || g, CASE WHEN g <= 5 THEN 'warehouse' ELSE 'general_hospital' END, ${d.id}::uuid FROM generate_series(1, ${SITES}) g`);
  await db.execute(sql`
    INSERT INTO stock_items (code, name, name_en, category, unit, unit_en, shelf_life_days, per_bed_day)
    SELECT 'B-' || g, '物资' || g, 'Item ' || g, 'ppe', '个', 'piece', 730, 1 FROM generate_series(1, ${ITEMS}) g`);
  // one movement per ledger entry: receipts (+) and issues (−) alternating over four years, 10 lots per item and site
  await db.execute(sql`
    WITH i AS (SELECT id, row_number() OVER (ORDER BY code) - 1 AS n FROM stock_items WHERE code LIKE 'B-%'),
         f AS (SELECT id, jurisdiction_id, row_number() OVER (ORDER BY name) - 1 AS n FROM facilities WHERE name LIKE '仓库%'),
         g AS (SELECT g FROM generate_series(0, ${ENTRIES - 1}) g)
    INSERT INTO stock_movements (id, kind, item_id, facility_id, jurisdiction_id, quantity, lot, expires_on, created_at)
    SELECT md5('m' || g.g)::uuid, CASE WHEN g.g % 2 = 0 THEN 'receipt' ELSE 'issue' END, i.id, f.id, f.jurisdiction_id,
           CASE WHEN g.g % 2 = 0 THEN 100 ELSE 40 END, 'L' || ((g.g / 2) % 10), date '2027-01-01' + ((g.g / 2) % 10) * 30,
           now() - ((${ENTRIES} - g.g) * interval '2 minutes')
    FROM g JOIN i ON i.n = (g.g / 2) % ${ITEMS} JOIN f ON f.n = (g.g / (2 * ${ITEMS})) % ${SITES}`);
  await db.execute(sql`
    INSERT INTO stock_ledger (movement_id, item_id, facility_id, jurisdiction_id, lot, expires_on, delta, created_at)
    SELECT id, item_id, facility_id, jurisdiction_id, lot, expires_on, CASE WHEN kind = 'receipt' THEN quantity ELSE -quantity END, created_at
    FROM stock_movements WHERE lot LIKE 'L%'`);
  await db.execute(sql`
    INSERT INTO stock_balances (item_id, facility_id, jurisdiction_id, lot, expires_on, quantity)
    SELECT item_id, facility_id, jurisdiction_id, lot, max(expires_on), sum(delta) FROM stock_ledger GROUP BY item_id, facility_id, jurisdiction_id, lot`);
  await db.execute(sql`
    INSERT INTO stock_minimums (item_id, facility_id, jurisdiction_id, minimum)
    SELECT i.id, f.id, f.jurisdiction_id, 500 FROM stock_items i CROSS JOIN facilities f WHERE i.code LIKE 'B-%' AND f.name LIKE '仓库%' AND (abs(hashtext(i.code || f.name)) % 4) = 0`);
  await database.raw.exec('ANALYZE');
  const [pick] = rows(await db.execute(sql`SELECT b.item_id::text AS id, b.facility_id::text AS path FROM stock_balances b LIMIT 1`));
  process.stdout.write(
    `  seeded ${ENTRIES.toLocaleString()} ledger entries in ${((performance.now() - started) / 1000).toFixed(1)} s; load ${loadavg()[0]!.toFixed(1)}\n`,
  );
  const principal: Principal = {
    id: '00000000-0000-4000-8000-000000000000',
    username: 'bench',
    displayName: 'bench',
    locale: 'zh-CN',
    grants: [{ role: 'logistics_officer', jurisdictionId: d.id, jurisdictionName: '基准区', jurisdictionPath: d.path }],
  };
  return { principal, itemId: pick!.id, siteId: pick!.path };
}

async function p95(label: string, fn: () => Promise<unknown>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!;
  process.stdout.write(
    `  ${label}: median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms (${CALLS} calls); load ${loadavg()[0]!.toFixed(1)}\n`,
  );
}

async function bench(engine: 'pglite' | 'postgres'): Promise<void> {
  process.stdout.write(`\n${engine}\n`);
  const database = await createTestDb(engine);
  try {
    const { principal, itemId, siteId } = await seed(database);
    await p95('GET /api/stock?itemId&facilityId (one item at one site)', () =>
      balancesFor(database, principal, { itemId, facilityId: siteId }),
    );
    await p95('GET /api/stock?itemId (one item, every site)', () => balancesFor(database, principal, { itemId }));
    await p95('GET /api/stock/summary?facilityId (one site: 200 items with use and cover)', () =>
      summaryFor(database, principal, { facilityId: siteId, expiringDays: 30 }),
    );
    await p95('GET /api/stock/summary (district: 10,000 item × site rows)', () => summaryFor(database, principal, { expiringDays: 30 }));
  } finally {
    await database.close();
  }
}

function scenarioBench(): void {
  process.stdout.write("\nscenario (the web page's engine, in this process)\n");
  const townships = Array.from({ length: 30 }, (_, i) => ({ id: `t${i}`, population: 20_000 + i * 1_000, port: i === 0 }));
  const borders = townships
    .slice(1)
    .flatMap((t, i) => [{ a: townships[i]!.id, b: t.id }, ...(i % 3 === 0 ? [{ a: townships[0]!.id, b: t.id }] : [])]);
  const inputs: DistrictScenarioInputs = {
    date: '2026-12-07',
    townships,
    borders,
    neighbours: [
      {
        id: 'n1',
        population: 850_000,
        flows: [
          { mode: 'river', dailyIn: 3000, dailyOut: 2500 },
          { mode: 'rail', dailyIn: 8000, dailyOut: 8000 },
        ],
      },
      { id: 'n2', population: 700_000, flows: [{ mode: 'road', dailyIn: 6000, dailyOut: 5000 }] },
    ],
    cases: {
      district: Array.from({ length: 28 }, (_, i) => Math.round(2 + i / 2)),
      byTownship: townships.map((t, i) => ({ id: t.id, counts: Array.from({ length: 28 }, () => (i < 5 ? 1 : 0)) })),
    },
    capacity: { beds: 900, icuBeds: 60 },
    items: Array.from({ length: 14 }, (_, i) => ({
      id: `i${i}`,
      name: `物资${i}`,
      nameEn: `Item ${i}`,
      unit: '个',
      unitEn: 'piece',
      consumption: { perCase: i % 3, perBedDay: 2, perStaffDay: 1 },
    })),
    stock: Array.from({ length: 14 * 5 }, (_, k) => ({
      itemId: `i${k % 14}`,
      facilityId: `s${k % 5}`,
      facilityName: '库',
      facilityNameEn: 'Site',
      quantity: 20_000,
      incoming: 0,
      dailyUse: 10,
    })),
  };
  const settings: DistrictScenarioSettings = {
    ...DISTRICT_SCENARIO_DEFAULTS,
    days: 180,
    consumption: {},
    interventions: [
      { kind: 'isolation', start: 0, value: 0.4 },
      { kind: 'school_closure', start: 14, end: 56, value: 0.9 },
      { kind: 'port_screening', start: 7, value: 0.5 },
    ],
  };
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    const built = buildDistrictModel(inputs, settings);
    projectDistrict(inputs, settings, built, districtIncidence(built, settings.days));
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(
    `  deterministic, 32 patches (30 townships + 2 neighbours), 180 days, 3 interventions, 14 items: median ${times[5]!.toFixed(0)} ms, worst ${times[9]!.toFixed(0)} ms; load ${loadavg()[0]!.toFixed(1)}\n`,
  );
  const built = buildDistrictModel(inputs, settings);
  const t = performance.now();
  runMetapopEnsemble(built.model, { runs: 200, days: 180, seed: 1 });
  process.stdout.write(
    `  stochastic ensemble, 200 runs (one thread, as the web worker): ${((performance.now() - t) / 1000).toFixed(1)} s; load ${loadavg()[0]!.toFixed(1)}\n`,
  );
}

scenarioBench();
// The target is PostgreSQL's; PGlite (single connection, in process) runs when no server is given.
const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (url) {
  process.env.TEST_DATABASE_URL = url;
  await bench('postgres');
} else {
  await bench('pglite');
}
process.exit(0);
