/**
 * The store's duplicate search and list filters on both engines, with rows written directly.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { scopeFor } from '../../platform/auth/scope.ts';
import { buildDistrictTree, buildUser, testEngines, withTestDb } from '../../test-support/index.ts';
import { CaseListQuerySchema } from './cases.schema.ts';
import { findDuplicatePairs, findDuplicatesOf, listCases } from './cases.store.ts';
import { caseReports } from './cases.tables.ts';
import { diseases } from '../catalogue/index.ts';
import { identityProtector } from './identity-protection.ts';
import { makeResidentId } from './resident-id.ts';

const protector = identityProtector({ identityKey: '77'.repeat(32), dataDir: '/nonexistent' });

describe.each(testEngines())('cases store (%s)', (engine) => {
  const t = withTestDb(engine);
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  const ids: Record<string, string> = {};
  let districtScope: ReturnType<typeof scopeFor>;
  let townAScope: ReturnType<typeof scopeFor>;

  beforeAll(async () => {
    const db = t.database.db;
    tree = await buildDistrictTree(t.database);
    const [mumps] = await db.select().from(diseases).where(eq(diseases.code, 'mumps'));
    const [measles] = await db.select().from(diseases).where(eq(diseases.code, 'measles'));
    const idA = protector.protect('resident_id', makeResidentId('500199', '2015-01-01', 11));
    const idB = protector.protect('resident_id', makeResidentId('500199', '2015-01-01', 13));
    const at = (day: string, hour = 9) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
    const row = (over: Partial<typeof caseReports.$inferInsert>) => ({
      diseaseId: mumps!.id,
      jurisdictionId: tree.communityA.id,
      personName: 'Wu Fang',
      sex: 'female' as const,
      birthDate: '2015-01-01',
      idType: 'none' as const,
      classification: 'clinical' as const,
      diagnosisAt: at('2026-04-01'),
      reportedAt: at('2026-04-01', 11),
      ...over,
    });
    const insert = async (key: string, over: Partial<typeof caseReports.$inferInsert>) => {
      const [r] = await db.insert(caseReports).values(row(over)).returning();
      ids[key] = r!.id;
    };
    const withId = (p: typeof idA) => ({
      idType: 'resident_id' as const,
      idNumberEncrypted: p.encrypted,
      idNumberMasked: p.masked,
      idNumberHash: p.hash,
    });
    await insert('a1', { ...withId(idA) });
    await insert('a2', { ...withId(idA), diagnosisAt: at('2026-04-20'), reportedAt: at('2026-04-22') }); // identity pair with a1, 19 days, late
    await insert('b', { ...withId(idB), diagnosisAt: at('2026-04-05'), reportedAt: at('2026-04-05', 12) }); // same name+birth but another number: not a pair with a1/a2
    await insert('noId', { diagnosisAt: at('2026-04-03'), reportedAt: at('2026-04-03', 10) }); // name+birth pair with a1, a2, b
    await insert('otherDisease', { diseaseId: measles!.id, ...withId(idA) });
    await insert('townB', { jurisdictionId: tree.townshipB.id, diagnosisAt: at('2026-04-02'), reportedAt: at('2026-04-02', 10) }); // name+birth, other township
    await insert('reviewed', {
      personName: 'Zhou',
      birthDate: '1990-02-02',
      reviewedAt: at('2026-04-02'),
      reviewStatus: 'approved',
      onsetDate: '2026-03-30',
    });
    const { principal: epi } = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const { principal: officer } = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    districtScope = scopeFor(epi, 'cases.read');
    townAScope = scopeFor(officer, 'cases.read');
  }, 60_000);

  const pairKey = (p: { a: string; b: string; match: string }) => {
    const names = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    return `${[names[p.a], names[p.b]].sort().join('+')}:${p.match}`;
  };

  const all = { windowDays: 30, limit: 100, offset: 0 };

  it('pairs the same number, or the same name and birth date where one report has no number, within the window', async () => {
    const { pairs, total } = await findDuplicatePairs(t.database.db, districtScope, all);
    expect(total).toBe(8);
    expect(pairs.map(pairKey).sort()).toEqual(
      [
        'a1+a2:identity',
        'a1+noId:name_birth',
        'a2+noId:name_birth',
        'b+noId:name_birth',
        'noId+townB:name_birth',
        'a1+townB:name_birth',
        'a2+townB:name_birth',
        'b+townB:name_birth',
      ].sort(),
    );
    const a1a2 = pairs.find((p) => pairKey(p) === 'a1+a2:identity')!;
    expect(a1a2.daysApart).toBe(19);
    const narrow = await findDuplicatePairs(t.database.db, districtScope, { ...all, windowDays: 2 });
    expect(narrow.pairs.map(pairKey).sort()).toEqual(
      ['a1+noId:name_birth', 'a1+townB:name_birth', 'b+noId:name_birth', 'noId+townB:name_birth'].sort(),
    ); // b and noId exactly 2 days apart: included
  });

  it('keeps both reports of a pair within the scope, and answers for one report', async () => {
    const { pairs } = await findDuplicatePairs(t.database.db, townAScope, all);
    expect(pairs.some((p) => pairKey(p).includes('townB'))).toBe(false);
    const one = await findDuplicatesOf(t.database.db, districtScope, ids.b!, { windowDays: 30, limit: 100 });
    expect(one.map(pairKey).sort()).toEqual(['b+noId:name_birth', 'b+townB:name_birth']);
    expect(one.every((p) => p.a === ids.b)).toBe(true);
    expect(await findDuplicatesOf(t.database.db, districtScope, ids.b!, { windowDays: 30, limit: 1 })).toHaveLength(1);
  });

  it('lists only pairs with a report filed since the given moment, older pairs not', async () => {
    // a2 is the only report filed from 22 April on: its three pairs, each once, whichever side is older
    const since = new Date('2026-04-22T00:00:00+08:00');
    const recent = await findDuplicatePairs(t.database.db, districtScope, { ...all, since });
    expect(recent.total).toBe(3);
    expect(recent.pairs.map(pairKey).sort()).toEqual(['a1+a2:identity', 'a2+noId:name_birth', 'a2+townB:name_birth']);
    // from 5 April 12:00 (b's report) on: b's pairs too; a1+noId (reported 1 and 3 April) is older, not listed
    const fromB = await findDuplicatePairs(t.database.db, districtScope, { ...all, since: new Date('2026-04-05T12:00:00+08:00') });
    expect(fromB.pairs.map(pairKey).sort()).toEqual([
      'a1+a2:identity',
      'a2+noId:name_birth',
      'a2+townB:name_birth',
      'b+noId:name_birth',
      'b+townB:name_birth',
    ]);
    expect(fromB.pairs.map(pairKey)).not.toContain('a1+noId:name_birth');
    expect((await findDuplicatePairs(t.database.db, districtScope, { ...all, since: new Date('2026-04-23T00:00:00+08:00') })).total).toBe(
      0,
    );
  });

  it('pages the pairs, the most recent report first, with the total on every page', async () => {
    const full = await findDuplicatePairs(t.database.db, districtScope, all);
    // a2 (reported 22 April) is in the three most recent pairs
    expect(full.pairs.slice(0, 3).every((p) => pairKey(p).includes('a2'))).toBe(true);
    const pages = await Promise.all(
      [0, 3, 6].map((offset) => findDuplicatePairs(t.database.db, districtScope, { ...all, limit: 3, offset })),
    );
    expect(pages.map((p) => p.total)).toEqual([8, 8, 8]);
    expect(pages.map((p) => p.pairs.length)).toEqual([3, 3, 2]);
    expect(pages.flatMap((p) => p.pairs.map(pairKey))).toEqual(full.pairs.map(pairKey));
    expect(await findDuplicatePairs(t.database.db, districtScope, { ...all, limit: 3, offset: 9 })).toEqual({ pairs: [], total: 8 });
  });

  it('filters lists by date field, timeliness, review and subtree', async () => {
    const list = async (q: Record<string, string>) => {
      const { rows, total } = await listCases(t.database.db, districtScope, CaseListQuerySchema.parse(q));
      return { total, keys: rows.map((r) => Object.entries(ids).find(([, v]) => v === r.id)![0]) };
    };
    expect((await list({})).total).toBe(7);
    expect((await list({ dateField: 'diagnosis', from: '2026-04-20', to: '2026-04-20' })).keys).toEqual(['a2']);
    expect((await list({ dateField: 'report', from: '2026-04-22' })).keys).toEqual(['a2']);
    expect((await list({ dateField: 'onset', to: '2026-03-31' })).keys).toEqual(['reviewed']);
    expect((await list({ timeliness: 'late' })).keys).toEqual(['a2']);
    expect((await list({ reviewed: 'true' })).keys).toEqual(['reviewed']);
    expect((await list({ jurisdictionId: tree.townshipB.id })).keys).toEqual(['townB']);
    expect((await list({ q: 'zho' })).keys).toEqual(['reviewed']);
    expect((await list({ q: '%' })).total).toBe(0);
    // newest report first, paged
    const page = await list({ pageSize: '2', page: '1' });
    expect(page).toEqual({ total: 7, keys: ['a2', 'b'] });
  });
});
