/**
 * The case list's order, paging and totals on both engines, against the same list worked out in plain code from
 * the rows written: the page query (ids first, then the joins) and the totals (counted, or shared and kept by
 * CaseListTotals) must not change what the list says. Also: the detail's "merged from" lookup has an index
 * (migration 0033; it read the whole table for every detail opened).
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { scopeFor } from '../../platform/auth/scope.ts';
import { LiveHub, publishLive } from '../../platform/live/live.ts';
import { buildDistrictTree, buildUser, memoryLogger, signIn, testConfig, testEngines, withTestDb } from '../../test-support/index.ts';
import { CaseListTotals } from './case-list-totals.ts';
import { type CaseListQuery, CaseListQuerySchema } from './cases.schema.ts';
import { casePageIds, countCases, listCasePage, listCases } from './cases.store.ts';
import { caseReports } from './cases.tables.ts';
import { diseases } from '../catalogue/index.ts';

interface Written {
  id: string;
  code: string;
  diseaseId: string;
  jurisdictionId: string;
  township: 'A' | 'B';
  reportedAt: number;
  diagnosisAt: number;
  classification: string;
  status: 'active' | 'merged' | 'exercise' | 'neighbour';
  late: boolean;
}

describe.each(testEngines())('case list order, paging and totals (%s)', (engine) => {
  const t = withTestDb(engine);
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let districtScope: ReturnType<typeof scopeFor>;
  let townAScope: ReturnType<typeof scopeFor>;
  let mumpsId: string;
  const written: Written[] = [];

  beforeAll(async () => {
    const db = t.database.db;
    tree = await buildDistrictTree(t.database);
    const [mumps] = await db.select().from(diseases).where(eq(diseases.code, 'mumps'));
    const [measles] = await db.select().from(diseases).where(eq(diseases.code, 'measles'));
    mumpsId = mumps!.id;
    const deadline = { [mumps!.id]: mumps!.reportDeadlineHours, [measles!.id]: measles!.reportDeadlineHours };
    // 61 reports: several filed at the very same moment (the code decides their order), two diseases, two
    // townships, some merged, some excluded, some late
    const values = Array.from({ length: 61 }, (_, i) => {
      const diseaseId = i % 3 === 0 ? measles!.id : mumps!.id;
      const township = i % 4 === 0 ? ('B' as const) : ('A' as const);
      const diagnosisAt = new Date(Date.UTC(2026, 3, 1 + (i % 12), 1));
      // 24 filing moments for 61 reports: ties, which the code orders; half of them filed 30 hours after diagnosis
      const reportedAt = new Date(diagnosisAt.getTime() + (i % 2) * 30 * 3_600_000);
      // township A's reports in two places (its community and the township itself), B's in two as well: a list of
      // part of the district is found place by place (0073), and its pages must merge the places' reports in order
      const placeA = i % 5 === 1 ? tree.townshipA.id : tree.communityA.id;
      const placeB = i % 8 === 0 ? tree.communityB.id : tree.townshipB.id;
      return {
        diseaseId,
        jurisdictionId: township === 'B' ? placeB : placeA,
        township,
        personName: `Person ${i}`,
        sex: 'unknown' as const,
        idType: 'none' as const,
        classification: i % 11 === 0 ? ('excluded' as const) : ('confirmed' as const),
        diagnosisAt,
        reportedAt,
        status: i % 9 === 4 ? ('merged' as const) : ('active' as const),
      };
    });
    for (const { township, ...value } of values) {
      // a merged report points at the first one (the check of migration 0004)
      const [row] = await db
        .insert(caseReports)
        .values({ ...value, mergedInto: value.status === 'merged' ? written[0]!.id : null })
        .returning();
      written.push({
        id: row!.id,
        code: row!.code,
        diseaseId: row!.diseaseId,
        jurisdictionId: row!.jurisdictionId,
        township,
        reportedAt: row!.reportedAt.getTime(),
        diagnosisAt: row!.diagnosisAt.getTime(),
        classification: row!.classification,
        status: row!.status,
        late: row!.reportedAt.getTime() - row!.diagnosisAt.getTime() > deadline[row!.diseaseId]! * 3_600_000,
      });
    }
    // ties by the filing moment exist, or the test would not show the code deciding
    expect(new Set(written.map((w) => w.reportedAt)).size).toBeLessThan(written.length);
    const { principal: epi } = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const { principal: officer } = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    districtScope = scopeFor(epi, 'cases.read');
    townAScope = scopeFor(officer, 'cases.read');
  }, 60_000);

  /** The list worked out in plain code: newest report first, then the larger code. */
  const expected = (keep: (w: Written) => boolean) =>
    written
      .filter(keep)
      .sort((a, b) => b.reportedAt - a.reportedAt || (a.code < b.code ? 1 : a.code > b.code ? -1 : 0))
      .map((w) => w.id);

  const cases: Array<[string, Record<string, string>, (w: Written) => boolean, 'district' | 'townA']> = [
    ['the district, active', {}, (w) => w.status === 'active', 'district'],
    ['every status', { status: 'all' }, () => true, 'district'],
    ['merged only', { status: 'merged' }, (w) => w.status === 'merged', 'district'],
    ['one disease', { diseaseId: 'mumps' }, (w) => w.status === 'active' && w.diseaseId === mumpsId, 'district'],
    ['excluded', { classification: 'excluded' }, (w) => w.status === 'active' && w.classification === 'excluded', 'district'],
    ['late', { timeliness: 'late' }, (w) => w.status === 'active' && w.late, 'district'],
    ['on time', { timeliness: 'on_time' }, (w) => w.status === 'active' && !w.late, 'district'],
    ['a township officer', {}, (w) => w.status === 'active' && w.township === 'A', 'townA'],
    ['township B from the district', { jurisdictionId: 'B' }, (w) => w.status === 'active' && w.township === 'B', 'district'],
    // part of the district, found place by place (0073)
    [
      'township A, one disease',
      { jurisdictionId: 'A', diseaseId: 'mumps' },
      (w) => w.status === 'active' && w.township === 'A' && w.diseaseId === mumpsId,
      'district',
    ],
    ['township A, every status', { jurisdictionId: 'A', status: 'all' }, (w) => w.township === 'A', 'district'],
    ['township A, merged only', { jurisdictionId: 'A', status: 'merged' }, (w) => w.status === 'merged' && w.township === 'A', 'district'],
    [
      'a township officer, one disease',
      { diseaseId: 'mumps' },
      (w) => w.status === 'active' && w.township === 'A' && w.diseaseId === mumpsId,
      'townA',
    ],
    ['a township officer, every status', { status: 'all' }, (w) => w.township === 'A', 'townA'],
    ['a township officer asking for township B', { jurisdictionId: 'B' }, () => false, 'townA'],
  ];

  const queryOf = (raw: Record<string, string>, page: Record<string, string> = {}): CaseListQuery =>
    CaseListQuerySchema.parse({
      ...raw,
      ...(raw.diseaseId === 'mumps' ? { diseaseId: mumpsId } : {}),
      ...(raw.jurisdictionId === 'A' ? { jurisdictionId: tree.townshipA.id } : {}),
      ...(raw.jurisdictionId === 'B' ? { jurisdictionId: tree.townshipB.id } : {}),
      ...page,
    });

  it.each(cases)('%s: pages in order, every page with the same total, nothing lost or repeated', async (_label, raw, keep, who) => {
    const scope = who === 'district' ? districtScope : townAScope;
    const want = expected(keep);
    // every case lists something, but one: a township officer filtering on another township gets nothing
    expect(want.length > 0).toBe(!(who === 'townA' && raw.jurisdictionId === 'B'));
    const pageSize = 7;
    const pages = Math.max(1, Math.ceil(want.length / pageSize));
    const got: string[] = [];
    for (let page = 1; page <= pages + 1; page += 1) {
      const { rows, total } = await listCases(t.database.db, scope, queryOf(raw, { page: String(page), pageSize: String(pageSize) }));
      expect(total).toBe(want.length);
      expect(rows.length).toBe(page <= pages ? Math.min(pageSize, want.length - (page - 1) * pageSize) : 0);
      got.push(...rows.map((r) => r.id));
    }
    expect(got).toEqual(want);
    // one page holding everything says the same
    const whole = await listCasePage(t.database.db, scope, queryOf(raw, { pageSize: '200' }));
    expect(whole.map((r) => r.id)).toEqual(want);
  });

  it('keeps a total until told of a change, and never keeps one counted across a change', async () => {
    const totals = new CaseListTotals(true);
    const query = queryOf({});
    let counted = 0;
    const count = async () => {
      counted += 1;
      return countCases(t.database.db, districtScope, query);
    };
    const want = expected((w) => w.status === 'active').length;
    // concurrent identical requests share one count; pages share it too
    expect(
      await Promise.all([totals.get(districtScope, query, count), totals.get(districtScope, queryOf({}, { page: '3' }), count)]),
    ).toEqual([want, want]);
    expect(counted).toBe(1);
    expect(await totals.get(districtScope, query, count)).toBe(want);
    expect(counted).toBe(1);
    // another scope or filter is another total
    await totals.get(townAScope, query, count);
    await totals.get(districtScope, queryOf({ status: 'all' }), count);
    expect(counted).toBe(3);
    totals.invalidate();
    await totals.get(districtScope, query, count);
    expect(counted).toBe(4);
    // a count still running when a change arrives is answered but not kept
    let release!: () => void;
    const slow = totals.get(districtScope, queryOf({ classification: 'excluded' }), async () => {
      counted += 1;
      await new Promise<void>((resolve) => (release = resolve));
      return 1;
    });
    totals.invalidate();
    release();
    expect(await slow).toBe(1);
    await totals.get(districtScope, queryOf({ classification: 'excluded' }), count);
    expect(counted).toBe(6);
    // without a live hub nothing is kept beyond the flight
    const unkept = new CaseListTotals(false);
    await unkept.get(districtScope, query, count);
    await unkept.get(districtScope, query, count);
    expect(counted).toBe(8);
  });

  it('serves kept totals over HTTP with a live hub, and a change of a report reaches them', async () => {
    const live = new LiveHub();
    await live.start(t.database);
    try {
      const app = createApp({ database: t.database, config: testConfig(), log: memoryLogger(), live });
      const { user, password } = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
      const epi = await signIn(app, user.username, password);
      const before = expected((w) => w.status === 'active').length;
      const first = await epi.get('/api/cases?pageSize=5');
      expect(first.status).toBe(200);
      expect(first.body.total).toBe(before);
      // a report written straight to the table: the total stays until the live event every write path publishes
      const [row] = await t.database.db
        .insert(caseReports)
        .values({
          diseaseId: mumpsId,
          jurisdictionId: tree.communityA.id,
          personName: 'Late Arrival',
          sex: 'unknown',
          idType: 'none',
          classification: 'confirmed',
          diagnosisAt: new Date(Date.UTC(2026, 4, 1)),
          reportedAt: new Date(Date.UTC(2026, 4, 1, 2)),
        })
        .returning();
      expect((await epi.get('/api/cases?pageSize=5')).body.total).toBe(before); // kept: no event yet
      await t.database.db.transaction(async (tx) => {
        await publishLive(tx, { topic: 'cases', id: row!.id, action: 'created', right: 'cases.read' });
      });
      await expect.poll(async () => (await epi.get('/api/cases?page=2&pageSize=5')).body.total, { timeout: 10_000 }).toBe(before + 1);
      await t.database.db.delete(caseReports).where(eq(caseReports.id, row!.id));
    } finally {
      await live.stop();
    }
  });

  it("finds a township's page place by place through the place-and-time index (0073), the district's through report time", async () => {
    const planOf = (scope: ReturnType<typeof scopeFor>, raw: Record<string, string>) =>
      t.database.raw.transaction(async (tx) => {
        // a handful of rows: without this the planner reads the table whatever the indexes
        await tx.exec('SET LOCAL enable_seqscan = off');
        const query = casePageIds(t.database.db, scope, queryOf(raw)).toSQL();
        const rows = await tx.query<Record<string, string>>(`EXPLAIN ${query.sql}`, query.params);
        return rows.map((r) => Object.values(r)[0]).join('\n');
      });
    expect(await planOf(townAScope, {})).toContain('case_reports_place_time_idx');
    expect(await planOf(districtScope, { jurisdictionId: 'B', diseaseId: 'mumps' })).toContain('case_reports_place_time_idx');
    // the district's own list walks report time (one index, 50 entries), not 300 places
    expect(await planOf(districtScope, {})).not.toContain('list_place');
  });

  it('finds the reports merged into one through an index, not by reading every report', async () => {
    const plan = await t.database.raw.transaction(async (tx) => {
      await tx.exec('SET LOCAL enable_seqscan = off');
      const rows = await tx.query<Record<string, string>>(
        `EXPLAIN SELECT id, code FROM case_reports WHERE merged_into = $1 ORDER BY code`,
        [written[0]!.id],
      );
      return rows.map((r) => Object.values(r)[0]).join('\n');
    });
    expect(plan).toContain('case_reports_merged_into_idx');
  });
});
