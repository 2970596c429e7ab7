import { and, between, count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import type { Database } from '../../platform/db/database.ts';
import {
  buildDistrictTree,
  buildJurisdiction,
  buildUser,
  createTestApp,
  signIn,
  testEngines,
  withTestDb,
} from '../../test-support/index.ts';
import { upload } from '../imports/imports.test-helpers.ts';
import { waitForImport } from '../imports/imports.service.ts';
import { DEMO_SITES, seedFeedsDemo } from './feeds.demo.ts';
import { feedCounts, feedSites } from './feeds.tables.ts';

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);

async function setup(database: Database, role = 'epidemiologist') {
  const tree = await buildDistrictTree(database);
  const { user, password } = await buildUser(database, { role: role as never, jurisdictionId: tree.district.id });
  const client = await signIn(createTestApp(database), user.username, password);
  const site = await client.post('/api/feeds/sites', {
    code: `PH-${tree.townshipA.code}`,
    name: '测试药店',
    nameEn: 'Test Pharmacy',
    kind: 'pharmacy',
    jurisdictionId: tree.townshipA.id,
  });
  expect(site.status).toBe(201);
  return { tree, client, site: site.body };
}

describe.each(testEngines())('feeds API (%s)', (engine) => {
  const t = withTestDb(engine);

  it('lists the seeded feed types with their default methods', async () => {
    const { client } = await setup(t.database);
    const res = await client.get('/api/feeds/types');
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries(res.body.items.map((x: { code: string }) => [x.code, x]));
    expect(Object.keys(byCode).sort()).toEqual(
      [
        'fever_clinic_visits',
        'ili_share',
        'pharmacy_antidiarrhoeals',
        'pharmacy_antipyretics',
        'port_quarantine_findings',
        'school_absenteeism',
      ].sort(),
    );
    expect(byCode.ili_share).toMatchObject({ measure: 'proportion', defaultMethod: 'earsC_C3', siteKinds: ['sentinel_hospital'] });
    expect(byCode.port_quarantine_findings).toMatchObject({
      measure: 'count',
      defaultMethod: 'fixedThreshold',
      defaultParams: { k: 1, period: 1 },
    });
  });

  it('creates, lists and changes sites within scope; refuses places outside it', async () => {
    const { tree, client, site } = await setup(t.database);
    expect(site).toMatchObject({ kind: 'pharmacy', jurisdictionId: tree.townshipA.id, active: true, facilityId: null });
    const other = await buildJurisdiction(t.database, { level: 'district' });
    const bad = await client.post('/api/feeds/sites', { code: 'X1', name: 'x', kind: 'school', jurisdictionId: other.id });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: 'jurisdictionId', message: 'no such jurisdiction within your area' }]);
    const dup = await client.post('/api/feeds/sites', { code: site.code, name: 'x', kind: 'school', jurisdictionId: tree.townshipB.id });
    expect(dup.status).toBe(409);
    const patched = await client.patch(`/api/feeds/sites/${site.id}`, { active: false, name: '改名药店' });
    expect(patched.body).toMatchObject({ active: false, name: '改名药店' });
    expect((await client.get('/api/feeds/sites')).body.items).toEqual([]);
    expect((await client.get('/api/feeds/sites?includeInactive=true')).body.items).toHaveLength(1);
    const [audits] = await t.database.db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'feed_site'), eq(auditLog.entityId, site.id)));
    expect(audits!.n).toBe(2);
  });

  it('upserts a batch of counts on the unique key, all or nothing, with one audit record', async () => {
    const { tree, client, site } = await setup(t.database);
    const body = {
      counts: [
        { feedType: 'pharmacy_antipyretics', site: site.code, date: daysAgo(1), value: 12 },
        { feedType: 'pharmacy_antipyretics', site: site.code, date: daysAgo(0), value: 15 },
        { feedType: 'ili_share', jurisdiction: tree.townshipB.code, date: daysAgo(0), value: 30, denominator: 1000 },
      ],
    };
    const res = await client.post('/api/feeds/counts', body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ written: 3 });
    // replace one day's value
    expect(
      (
        await client.post('/api/feeds/counts', {
          counts: [{ feedType: 'pharmacy_antipyretics', site: site.code, date: daysAgo(0), value: 20 }],
          source: 'form',
        })
      ).status,
    ).toBe(200);
    const rows = await t.database.db.select().from(feedCounts).where(eq(feedCounts.siteId, site.id)).orderBy(feedCounts.date);
    expect(rows.map((r) => [r.date, r.value, r.source])).toEqual([
      [daysAgo(1), 12, 'api'],
      [daysAgo(0), 20, 'form'],
    ]);
    const [audits] = await t.database.db.select({ n: count() }).from(auditLog).where(eq(auditLog.entityType, 'feed_counts'));
    expect(audits!.n).toBe(2);

    // a bad value anywhere: nothing is written, each problem named
    const before = await t.database.db.select({ n: count() }).from(feedCounts);
    const bad = await client.post('/api/feeds/counts', {
      counts: [
        { feedType: 'pharmacy_antipyretics', site: site.code, date: daysAgo(2), value: 5 },
        { feedType: 'ili_share', jurisdiction: tree.townshipB.code, date: daysAgo(2), value: 30 },
        // (an impossible day such as 2026-02-30 is refused before the route by the input guard: below)
        { feedType: 'nope', site: site.code, date: daysAgo(2), value: -1 },
        { feedType: 'pharmacy_antipyretics', site: site.code, date: daysAgo(2), value: 6 },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([
      { path: 'counts.1.denominator', message: 'Influenza-like illness share is a proportion: give the denominator' },
      { path: 'counts.2.feedType', message: 'no feed type "nope"' },
      { path: 'counts.2.value', message: 'must be a number ≥ 0' },
      { path: 'counts.3', message: 'repeats counts.0 (same day, place and type)' },
    ]);
    expect(await t.database.db.select({ n: count() }).from(feedCounts)).toEqual(before);
    const impossible = await client.post('/api/feeds/counts', {
      counts: [{ feedType: 'pharmacy_antipyretics', site: site.code, date: '2026-02-30', value: 5 }],
    });
    expect(impossible.status).toBe(400);
    expect(impossible.body.error.details).toEqual([{ path: 'counts.0.date', message: 'must be a real calendar date' }]);
    expect(await t.database.db.select({ n: count() }).from(feedCounts)).toEqual(before);
    const future = await client.post('/api/feeds/counts', {
      counts: [{ feedType: 'pharmacy_antipyretics', site: site.code, date: '2099-01-01', value: 1 }],
    });
    expect(future.body.error.details).toEqual([{ path: 'counts.0.date', message: 'must not be in the future' }]);
  });

  it('gives series (sum, per site, proportions in %), the entry grid and the latest entries', async () => {
    const { tree, client, site } = await setup(t.database);
    const second = (
      await client.post('/api/feeds/sites', {
        code: `PH2-${tree.townshipB.code}`,
        name: '第二药店',
        kind: 'pharmacy',
        jurisdictionId: tree.townshipB.id,
      })
    ).body;
    await client.post('/api/feeds/counts', {
      counts: [
        { feedType: 'pharmacy_antipyretics', site: site.code, date: daysAgo(1), value: 10 },
        { feedType: 'pharmacy_antipyretics', site: second.code, date: daysAgo(1), value: 5 },
        { feedType: 'pharmacy_antipyretics', site: site.code, date: daysAgo(0), value: 7 },
        { feedType: 'ili_share', jurisdiction: tree.townshipA.code, date: daysAgo(0), value: 30, denominator: 1000 },
        { feedType: 'ili_share', jurisdiction: tree.townshipB.code, date: daysAgo(0), value: 10, denominator: 1000 },
      ],
    });
    const total = await client.get(`/api/feeds/series?feedType=pharmacy_antipyretics&from=${daysAgo(2)}&to=${today()}`);
    expect(total.body).toEqual({
      feedType: 'pharmacy_antipyretics',
      measure: 'count',
      dates: [daysAgo(2), daysAgo(1), today()],
      series: [{ key: 'total', name: '合计', nameEn: 'Total', values: [null, 15, 7] }],
    });
    const bySite = await client.get(`/api/feeds/series?feedType=pharmacy_antipyretics&from=${daysAgo(1)}&to=${today()}&by=site`);
    expect(bySite.body.series.map((s: { name: string; values: unknown[] }) => [s.name, s.values])).toEqual([
      ['测试药店', [10, 7]],
      ['第二药店', [5, null]],
    ]);
    const ili = await client.get(`/api/feeds/series?feedType=ili_share&from=${today()}&to=${today()}`);
    expect(ili.body.series[0].values).toEqual([2]); // (30 + 10) / 2000 = 2 %
    const grid = await client.get(`/api/feeds/grid?feedType=pharmacy_antipyretics&days=2&end=${today()}`);
    expect(grid.body.dates).toEqual([daysAgo(1), today()]);
    expect(grid.body.rows.map((r: { site: { code: string }; cells: unknown[] }) => [r.site.code, r.cells])).toEqual([
      [
        site.code,
        [
          { value: 10, denominator: null },
          { value: 7, denominator: null },
        ],
      ],
      [second.code, [{ value: 5, denominator: null }, null]],
    ]);
    const latest = await client.get('/api/feeds/counts?feedType=pharmacy_antipyretics&limit=2');
    expect(latest.body.items.map((c: { date: string; value: number }) => [c.date, c.value])).toEqual([
      [today(), 7],
      [daysAgo(1), expect.any(Number)],
    ]);
    expect((await client.get('/api/feeds/series?feedType=unknown')).status).toBe(404);
  });

  it('imports values from CSV through the import machinery (all or nothing)', async () => {
    const { tree, client, site } = await setup(t.database);
    const csv = `日期,监测点编码,地区编码,监测类型,数值,分母\n${daysAgo(2)},${site.code},,pharmacy_antipyretics,11,\n${daysAgo(1)},,${tree.townshipB.code},流感样病例就诊百分比,25,900\n`;
    const up = await upload(client, 'feeds.csv', csv, 'feeds');
    expect(up.status).toBe(201);
    expect(up.body.suggested).toEqual({
      date: '日期',
      site: '监测点编码',
      jurisdiction: '地区编码',
      feedType: '监测类型',
      value: '数值',
      denominator: '分母',
    });
    const v = await client.post(`/api/imports/${up.body.id}/validate`, { mapping: { columns: up.body.suggested, values: {} } });
    expect(v.body).toMatchObject({ validRows: 2, errorRows: 0 });
    expect((await client.post(`/api/imports/${up.body.id}/run`, { mode: 'valid_only' })).status).toBe(400);
    expect((await client.post(`/api/imports/${up.body.id}/run`, { mode: 'all_or_nothing' })).status).toBe(202);
    await waitForImport(up.body.id);
    expect((await client.get(`/api/imports/${up.body.id}`)).body).toMatchObject({ status: 'done', importedRows: 2 });
    const rows = await t.database.db
      .select({ value: feedCounts.value, denominator: feedCounts.denominator, source: feedCounts.source })
      .from(feedCounts)
      .where(and(eq(feedCounts.jurisdictionId, tree.townshipB.id), eq(feedCounts.date, daysAgo(1))));
    expect(rows).toEqual([{ value: 25, denominator: 900, source: 'csv' }]);

    const bad = await upload(
      client,
      'bad.csv',
      `日期,监测点编码,监测类型,数值\n${daysAgo(1)},${site.code},pharmacy_antipyretics,abc\n`,
      'feeds',
    );
    const bv = await client.post(`/api/imports/${bad.body.id}/validate`, { mapping: { columns: bad.body.suggested, values: {} } });
    expect(bv.body.errors).toEqual([
      { row: 2, column: '数值', field: 'value', value: 'abc', code: 'not_non_negative_number', message: 'must be a number ≥ 0' },
    ]);
  });

  it('a township officer sees only the sites of their township', async () => {
    const { tree } = await setup(t.database);
    const { user, password } = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
    const officer = await signIn(createTestApp(t.database), user.username, password);
    expect((await officer.get('/api/feeds/sites')).body.items).toEqual([]);
    const [siteRow] = await t.database.db.select().from(feedSites).where(eq(feedSites.jurisdictionId, tree.townshipA.id));
    expect((await officer.get(`/api/feeds/sites/${siteRow!.id}`)).status).toBe(404);
    const res = await officer.post('/api/feeds/counts', {
      counts: [{ feedType: 'pharmacy_antipyretics', site: siteRow!.code, date: daysAgo(0), value: 1 }],
    });
    expect(res.body.error.details).toEqual([{ path: 'counts.0.site', message: `no site "${siteRow!.code}" within your area` }]);
  });
});

describe('feeds demo', () => {
  const t = withTestDb('pglite');

  it('seeds 5 years of plausible values idempotently, with the recent rise', async () => {
    const district = await buildJurisdiction(t.database, { level: 'district' });
    for (const name of new Set(DEMO_SITES.map((s) => s.township))) {
      await buildJurisdiction(t.database, { level: 'township', parentId: district.id, name });
    }
    const now = new Date('2026-11-28T04:00:00Z');
    await seedFeedsDemo(t.database, { districtId: district.id, seed: 42, now });
    const [{ n }] = (await t.database.db.select({ n: count() }).from(feedCounts)) as [{ n: number }];
    expect(n).toBeGreaterThan(20_000);
    await seedFeedsDemo(t.database, { districtId: district.id, seed: 42, now });
    expect((await t.database.db.select({ n: count() }).from(feedCounts))[0]!.n).toBe(n);
    // a day later: one more day per reporting series
    await seedFeedsDemo(t.database, { districtId: district.id, seed: 42, now: new Date('2026-11-29T04:00:00Z') });
    expect((await t.database.db.select({ n: count() }).from(feedCounts))[0]!.n).toBeGreaterThan(n);

    const mean = async (code: string, from: string, to: string) => {
      const [r] = await t.database.db
        .select({ m: sql<number>`avg(${feedCounts.value})`.mapWith(Number) })
        .from(feedCounts)
        .innerJoin(feedSites, eq(feedSites.id, feedCounts.siteId))
        .where(and(eq(feedSites.code, code), between(feedCounts.date, from, to)));
      return r!.m;
    };
    // the last days at 滨江's fever clinic clearly above the same weeks of the previous year
    expect(await mean('FC-RMYY', '2026-11-22', '2026-11-28')).toBeGreaterThan(1.5 * (await mean('FC-RMYY', '2025-11-22', '2025-11-28')));
    // winter above summer for antipyretics; summer above winter for antidiarrhoeals
    expect(await mean('PH-JB-01', '2025-01-01', '2025-01-31')).toBeGreaterThan(await mean('PH-JB-01', '2025-07-01', '2025-07-31'));
    // no school values on a Sunday or during the summer holiday
    const [school] = await t.database.db
      .select({ n: count() })
      .from(feedCounts)
      .innerJoin(feedSites, eq(feedSites.id, feedCounts.siteId))
      .where(
        and(
          eq(feedSites.kind, 'school'),
          sql`(extract(dow FROM ${feedCounts.date}) = 0 OR ${feedCounts.date} BETWEEN '2025-07-10' AND '2025-08-20')`,
        ),
      );
    expect(school!.n).toBe(0);
  }, 60_000);
});
