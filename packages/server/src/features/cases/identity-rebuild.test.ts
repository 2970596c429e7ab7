/**
 * Issue 11, item 1: no combination of what a reader without `cases.identity` is given may rebuild a resident ID.
 *
 * Demo-style reports (district division code 500199, people of every age from an infant to the elderly, a
 * person reported twice with the same number, another once without a number) are filed, then an attacker
 * collects everything the API gives a commander (cases.read, no cases.identity) — the list (all statuses), each
 * detail, the duplicate pairs — links the reports the duplicates name as one person, and counts the resident
 * IDs consistent with all of it: the division code (taken as known: the residence gives it away), the birth date
 * or year, the sex (parity of the 17th digit), the mask's visible characters, and the check character (ISO 7064
 * MOD 11-2, computed from the other 17). The same count over what an epidemiologist (cases.identity) is given
 * finds the one true number, so the counter does rebuild numbers when the fields allow it. Case reports have no
 * export, and the situation reports carry counts only (docs/cases.md), so these are all the ways out.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { facilities } from '../registry/registry.tables.ts';
import { diseases } from '../catalogue/index.ts';
import { makeResidentId } from './resident-id.ts';

const KEY = '3c'.repeat(32);
const DIVISION = '500199';
/** Fewer candidates than this for any report fails the test (docs/cases.md gives the arithmetic). */
const MIN_CANDIDATES = 500;

interface Person {
  name: string;
  birthDate: string;
  sequence: number;
  diagnosedOn: string;
}
/** Ages as in the demo history (an infant, children, adults, the elderly), odd and even sequences. */
const PEOPLE: Person[] = [
  { name: '王小宝', birthDate: '2026-01-20', sequence: 12, diagnosedOn: '2026-03-10' },
  { name: '李明', birthDate: '2019-04-02', sequence: 415, diagnosedOn: '2026-03-11' },
  { name: '张晓东', birthDate: '1988-07-21', sequence: 237, diagnosedOn: '2026-03-12' },
  { name: '陈丽', birthDate: '1975-12-31', sequence: 88, diagnosedOn: '2026-03-12' },
  { name: '赵建国', birthDate: '1949-10-01', sequence: 5, diagnosedOn: '2026-03-13' },
  { name: '孙芳', birthDate: '2001-02-28', sequence: 996, diagnosedOn: '2026-03-14' },
];

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** What the attacker knows of one person, gathered over every report linked to them. */
interface Knowledge {
  birthDates: Set<string>;
  birthYears: Set<number>;
  sexes: Set<string>;
  masks: Set<string>;
  /** the earliest diagnosis day (China time): nobody is born after it */
  latestBirth: string;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const chinaDay = (iso: string) => isoDay(new Date(iso).getTime() + 8 * 3_600_000);

/** Resident IDs of `division` consistent with everything known. */
function countCandidates(k: Knowledge, division: string): number {
  let from = '1900-01-01';
  let to = k.latestBirth;
  for (const y of k.birthYears) {
    from = from > `${y}-01-01` ? from : `${y}-01-01`;
    to = to < `${y}-12-31` ? to : `${y}-12-31`;
  }
  for (const d of k.birthDates) {
    from = from > d ? from : d;
    to = to < d ? to : d;
  }
  const parity = k.sexes.has('male') ? 1 : k.sexes.has('female') ? 0 : null;
  const masks = [...k.masks].filter((m) => m.length === 18);
  let count = 0;
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) {
    const date = isoDay(ms).replaceAll('-', '');
    for (let seq = 0; seq < 1000; seq++) {
      if (parity !== null && seq % 2 !== parity) continue;
      const first17 = division + date + String(seq).padStart(3, '0');
      let sum = 0;
      for (let i = 0; i < 17; i++) sum += Number(first17[i]) * W[i]!;
      const id = first17 + CHECK[sum % 11];
      if (masks.every((m) => [...m].every((c, i) => c === '*' || c === id[i]))) count++;
    }
  }
  return count;
}

/** Everything `client` is given, as knowledge per person (reports linked through the duplicate pairs). */
async function harvest(client: TestClient): Promise<Map<string, Knowledge>> {
  type Seen = {
    id: string;
    birthDate: string | null;
    birthYear?: number | null;
    sex: string;
    idNumberMasked?: string;
    diagnosisAt: string;
  };
  const seen: Seen[] = [];
  const links: [string, string][] = [];
  const list = await client.get('/api/cases?status=all&pageSize=100');
  expect(list.status).toBe(200);
  seen.push(...list.body.items);
  for (const item of list.body.items as Seen[]) {
    const detail = await client.get(`/api/cases/${item.id}`);
    expect(detail.status).toBe(200);
    seen.push(detail.body);
    for (const d of detail.body.possibleDuplicates) links.push([item.id, d.id]);
  }
  const pairs = await client.get('/api/cases/duplicates?since=all&pageSize=200');
  expect(pairs.status).toBe(200);
  for (const p of pairs.body.items) {
    seen.push(p.a, p.b);
    links.push([p.a.id, p.b.id]);
  }
  // union-find: one person per linked group
  const parent = new Map<string, string>();
  const root = (x: string): string => {
    const p = parent.get(x) ?? x;
    return p === x ? x : root(p);
  };
  for (const [a, b] of links) parent.set(root(a), root(b));
  const byPerson = new Map<string, Knowledge>();
  for (const s of seen) {
    const key = root(s.id);
    const k = byPerson.get(key) ?? {
      birthDates: new Set(),
      birthYears: new Set(),
      sexes: new Set(),
      masks: new Set(),
      latestBirth: '2999-12-31',
    };
    if (s.birthDate) k.birthDates.add(s.birthDate);
    if (s.birthYear != null) k.birthYears.add(s.birthYear);
    k.sexes.add(s.sex);
    if (s.idNumberMasked) k.masks.add(s.idNumberMasked);
    const day = chinaDay(s.diagnosisAt);
    if (day < k.latestBirth) k.latestBirth = day;
    byPerson.set(key, k);
  }
  return byPerson;
}

describe.each(testEngines())('rebuilding resident IDs from what readers are given (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let epi: TestClient;
  let commander: TestClient;

  beforeAll(async () => {
    const tree = await buildDistrictTree(t.database);
    const db = t.database.db;
    const hospital = (
      await db
        .insert(facilities)
        .values({ name: 'H', nameEn: 'Hospital H', type: 'general_hospital', jurisdictionId: tree.townshipA.id })
        .returning()
    )[0]!.id;
    const hfmd = (await db.select().from(diseases).where(eq(diseases.code, 'hfmd')))[0]!.id;
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const c = await buildUser(t.database, { role: 'commander', jurisdictionId: tree.district.id });
    app = createTestApp(t.database, { identityKey: KEY });
    epi = await signIn(app, e.user.username, e.password);
    commander = await signIn(app, c.user.username, c.password);
    const file = async (p: Person, over: Record<string, unknown> = {}) => {
      const res = await epi.post('/api/cases', {
        diseaseId: hfmd,
        jurisdictionId: tree.communityA.id,
        personName: p.name,
        idType: 'resident_id',
        idNumber: makeResidentId(DIVISION, p.birthDate, p.sequence),
        phone: '13800000000',
        classification: 'clinical',
        diagnosisAt: `${p.diagnosedOn}T09:00:00+08:00`,
        reportedAt: `${p.diagnosedOn}T12:00:00+08:00`,
        facilityId: hospital,
        ...over,
      });
      expect(res.status).toBe(201);
    };
    for (const p of PEOPLE) await file(p);
    // the same person reported again (same number), and once without a number (same name and birth date)
    await file(PEOPLE[2]!, { diagnosisAt: '2026-03-20T09:00:00+08:00', reportedAt: '2026-03-20T10:00:00+08:00' });
    await file(PEOPLE[3]!, {
      idType: 'none',
      idNumber: null,
      birthDate: PEOPLE[3]!.birthDate,
      sex: 'female',
      diagnosisAt: '2026-03-15T09:00:00+08:00',
      reportedAt: '2026-03-15T10:00:00+08:00',
    });
  }, 120_000);

  it('leaves a reader without cases.identity at least hundreds of candidates for every person', async () => {
    const people = await harvest(commander);
    expect(people.size).toBe(PEOPLE.length);
    const counts = [...people.values()].map((k) => countCandidates(k, DIVISION)).sort((a, b) => a - b);
    expect(counts[0]).toBeGreaterThanOrEqual(MIN_CANDIDATES);
    // an adult known by birth year and sex: 365 days × 500 sequence numbers
    expect(counts.at(-1)).toBeGreaterThanOrEqual(180_000);
  }, 120_000);

  it('(the counter at work) leaves exactly the true number from what an epidemiologist is given', async () => {
    const people = await harvest(epi);
    const counts = [...people.values()].map((k) => countCandidates(k, DIVISION));
    expect(counts).toEqual(PEOPLE.map(() => 1));
  }, 120_000);
});
