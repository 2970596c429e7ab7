/**
 * The case list's search (`q`) on both engines: any part of the person's name or of the report code, letters in
 * any case, wildcard characters taken literally, through the gram index of migration 0022 (the plan is
 * checked on each engine).
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { scopeFor } from '../../platform/auth/scope.ts';
import { buildDistrictTree, buildUser, testEngines, withTestDb } from '../../test-support/index.ts';
import { CaseListQuerySchema } from './cases.schema.ts';
import { listCases } from './cases.store.ts';
import { caseReports } from './cases.tables.ts';
import { diseases } from '../catalogue/index.ts';

describe.each(testEngines())('case search (%s)', (engine) => {
  const t = withTestDb(engine);
  let scope: ReturnType<typeof scopeFor>;
  const codes: Record<string, string> = {};

  beforeAll(async () => {
    const db = t.database.db;
    const tree = await buildDistrictTree(t.database);
    const [mumps] = await db.select().from(diseases).where(eq(diseases.code, 'mumps'));
    const names = ['张晓东', '李晓', '王东', '欧阳晓东', 'Zhang Wei', 'ZHOU Lan', '50%_off'];
    for (const [i, personName] of names.entries()) {
      const [row] = await db
        .insert(caseReports)
        .values({
          diseaseId: mumps!.id,
          jurisdictionId: tree.communityA.id,
          personName,
          sex: 'unknown',
          idType: 'none',
          classification: 'clinical',
          diagnosisAt: new Date(`2026-05-0${i + 1}T09:00:00+08:00`),
          reportedAt: new Date(`2026-05-0${i + 1}T10:00:00+08:00`),
        })
        .returning();
      codes[personName] = row!.code;
    }
    const { principal } = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    scope = scopeFor(principal, 'cases.read');
  }, 60_000);

  const search = async (q: string) => {
    const { rows, total } = await listCases(t.database.db, scope, CaseListQuerySchema.parse({ q }));
    expect(rows).toHaveLength(total);
    return rows.map((r) => r.personName).sort();
  };

  it('finds a name by any part of it, Chinese characters included', async () => {
    expect(await search('晓东')).toEqual(['张晓东', '欧阳晓东'].sort());
    expect(await search('张晓')).toEqual(['张晓东']);
    expect(await search('张晓东')).toEqual(['张晓东']);
    expect(await search('阳晓东')).toEqual(['欧阳晓东']);
    expect(await search('晓')).toEqual(['张晓东', '李晓', '欧阳晓东'].sort());
    expect(await search('东')).toEqual(['张晓东', '王东', '欧阳晓东'].sort());
    // every bigram of '东晓' is absent; '晓张' neither: the pieces must be contiguous and in order
    expect(await search('东晓')).toEqual([]);
    expect(await search('晓张')).toEqual([]);
    expect(await search('李晓东')).toEqual([]);
  });

  it('ignores case, takes wildcards literally, and searches the code too', async () => {
    expect(await search('zhang')).toEqual(['Zhang Wei']);
    expect(await search('OU L')).toEqual(['ZHOU Lan']);
    expect(await search('zh')).toEqual(['ZHOU Lan', 'Zhang Wei'].sort());
    expect(await search('%_')).toEqual(['50%_off']);
    expect(await search('%')).toEqual(['50%_off']);
    expect(await search('_o')).toEqual(['50%_off']);
    expect(await search('a%')).toEqual([]);
    const code = codes.李晓!;
    expect(await search(code.toLowerCase())).toEqual(['李晓']);
    expect(await search(code.slice(-4))).toContain('李晓');
  });

  it('uses the gram index, for one character as for several', async () => {
    // the planner would scan 7 rows sequentially; forbid it to see that the index can answer the query
    for (const q of ['晓东', '晓', 'zhou l']) {
      const plan = await t.database.raw.transaction(async (tx) => {
        await tx.exec('SET LOCAL enable_seqscan = off');
        const rows = await tx.query<Record<string, string>>(
          `EXPLAIN SELECT id FROM case_reports WHERE case_search_grams(person_name, code) @> case_search_query_grams($1::text)`,
          [q],
        );
        return rows.map((r) => Object.values(r)[0]).join('\n');
      });
      expect(plan).toContain('case_reports_search_idx');
    }
    const [{ grams }] = (await t.database.raw.query<{ grams: string[] }>(`SELECT case_search_grams('欧阳晓东', 'C26-1') AS grams`)) as [
      { grams: string[] },
    ];
    expect([...grams].sort()).toEqual(
      ['欧', '阳', '晓', '东', '欧阳', '阳晓', '晓东', 'c', '2', '6', '-', '1', 'c2', '26', '6-', '-1'].sort(),
    );
    const queries = await t.database.raw.query<{ one: string[]; two: string[]; three: string[] }>(
      `SELECT case_search_query_grams('晓') AS one, case_search_query_grams('Ab') AS two, case_search_query_grams('晓东晓') AS three`,
    );
    expect(queries[0]!.one).toEqual(['晓']);
    expect(queries[0]!.two).toEqual(['ab']);
    expect([...queries[0]!.three].sort()).toEqual(['东晓', '晓东'].sort());
  });
});
