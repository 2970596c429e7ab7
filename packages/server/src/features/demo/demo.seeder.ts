/**
 * Seeds the demo district "District J" into a migrated database: jurisdictions with outlines, neighbours
 * with flows, agencies with a duty roster, facilities, and one demo user per role.
 *
 * Idempotent: the district's code is the marker. When it exists, nothing is written and `created` is false.
 * Otherwise everything is written in one transaction — a failure leaves no half district — and every record
 * is audited as the system actor (`actor: null`), so the audit chain starts with the seed.
 *
 * @example
 * const { created, users } = await seedDemoDistrict(database);
 * if (created) for (const u of users) console.log(u.username, u.password, u.role, u.jurisdiction);
 */
import type { Database, Tx } from '../../platform/db/database.ts';
import type { GeoJsonGeometry } from '../../platform/db/platform.tables.ts';
import { audit } from '../../platform/audit/audit.ts';
import { ROLE_IDS, type RoleId } from '../../platform/auth/rights.ts';
import { passwordPolicyIssues } from '../../platform/auth/password.ts';
import { validationFailed } from '../../platform/errors.ts';
import { createUser } from '../users/users.service.ts';
import { findUserByUsername } from '../users/users.store.ts';
import {
  findJurisdictionByCodeTrusted,
  insertAdjacentDistrictTrusted,
  insertAgency,
  insertFacility,
  insertJurisdictionsTrusted,
  insertRosterEntries,
  lockSeeding,
  TRUSTED_SCOPE,
  type JurisdictionRecord,
  type JurisdictionSeed,
} from '../registry/registry.store.ts';
import { DEFAULT_DEMO_SEED, type DemoDistrict, type DemoJurisdiction, generateDistrictJ } from './district-j.ts';
import type { Polygon } from './geometry.ts';

/**
 * The demo users' password, printed at first start and in the README. It satisfies the platform's policy
 * (length, three character classes, no username inside). Change it, or the users, before real use.
 */
export const DEMO_PASSWORD = 'DistrictJ#2026';

/** Options of {@link seedDemoDistrict}. */
export interface SeedDemoOptions {
  /** Seed of the generator (default {@link DEFAULT_DEMO_SEED}). */
  seed: number;
  /** First day of the duty roster, YYYY-MM-DD (default: today, UTC). */
  rosterStart: string;
  /** Days of duty roster (default 28: "the coming weeks"). */
  rosterDays: number;
  /** Password of every demo user (default {@link DEMO_PASSWORD}). */
  password: string;
}

/** A demo sign-in, as printed by `npm start` and `outbreak seed --demo`. */
export interface DemoUser {
  username: string;
  password: string;
  role: RoleId;
  /** Where the role holds, as "中文名 English name". */
  jurisdiction: string;
}

/** What {@link seedDemoDistrict} did. */
export interface SeedDemoResult {
  /** False when the district was already there (nothing was written). */
  created: boolean;
  /** The demo sign-ins (also when `created` is false: they are what the seed made, passwords as seeded). */
  users: DemoUser[];
}

/** Who signs in as what: most roles district-wide, two township officers for two townships (scope demos). */
interface DemoUserSpec {
  username: string;
  displayName: string;
  role: RoleId;
  /** Jurisdiction code; the district unless given. */
  at?: string;
}

/** Township of the first demo township officer: 望江街道 (urban, on the river). */
export const DEMO_TOWNSHIP_A = '500199001000';
/** Township of the second demo township officer: 白沙镇 (rural, north). */
export const DEMO_TOWNSHIP_B = '500199101000';

const KNOWN_USERS: DemoUserSpec[] = [
  { username: 'admin', displayName: '周建国（系统管理员）', role: 'system_admin' },
  { username: 'epidemiologist', displayName: '李晓燕（疾控中心监测科）', role: 'epidemiologist' },
  { username: 'commander', displayName: '陈志强（区卫健委应急办）', role: 'commander' },
  { username: 'liaison', displayName: '王丽华（区公安分局联络员）', role: 'agency_liaison' },
  { username: 'reporter', displayName: '赵海峰（区人民医院预防保健科）', role: 'hospital_reporter' },
  { username: 'officer.wangjiang', displayName: '黄秀英（望江街道）', role: 'township_officer', at: DEMO_TOWNSHIP_A },
  { username: 'officer.baisha', displayName: '孙明辉（白沙镇）', role: 'township_officer', at: DEMO_TOWNSHIP_B },
  { username: 'press', displayName: '林思琪（区委宣传部）', role: 'press_officer' },
  { username: 'counsellor', displayName: '何静（区精神卫生中心）', role: 'counsellor' },
  { username: 'logistics', displayName: '郭成刚（区应急管理局）', role: 'logistics_officer' },
  { username: 'viewer', displayName: '罗文斌（只读）', role: 'viewer' },
];

/**
 * The demo users: the ones above, plus one district-wide user for any role added to rights.ts later, so that
 * every role can always be tried.
 */
export function demoUserSpecs(): DemoUserSpec[] {
  const specs = KNOWN_USERS.filter((u) => (ROLE_IDS as string[]).includes(u.role));
  for (const role of ROLE_IDS) {
    if (!specs.some((u) => u.role === role)) {
      specs.push({ username: role.replaceAll('_', '-'), displayName: `演示用户（${role}）`, role });
    }
  }
  return specs;
}

const today = () => new Date().toISOString().slice(0, 10);

/** A closed GeoJSON Polygon from an open counter-clockwise ring. */
function polygonGeometry(ring: Polygon): GeoJsonGeometry {
  return { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
}

function jurisdictionSeed(j: DemoJurisdiction, parentId: string | null): JurisdictionSeed {
  return {
    parentId,
    level: j.level,
    code: j.code,
    name: j.name,
    nameEn: j.nameEn,
    population: j.population,
    centroid: j.centroid,
    geometry: j.polygon ? polygonGeometry(j.polygon) : null,
  };
}

const label = (j: { name: string; nameEn: string }) => `${j.name} ${j.nameEn}`;

/**
 * Seeds District J unless its code is already present. See the module comment for the guarantees.
 */
export async function seedDemoDistrict(database: Database, options: Partial<SeedDemoOptions> = {}): Promise<SeedDemoResult> {
  const opts = { seed: DEFAULT_DEMO_SEED, rosterStart: today(), rosterDays: 28, password: DEMO_PASSWORD, ...options } satisfies SeedDemoOptions;
  // Refuse a password the policy would refuse before writing anything, naming the option.
  const passwordIssues = demoUserSpecs().flatMap((u) => passwordPolicyIssues(opts.password, u.username, 'password'));
  if (passwordIssues.length > 0) throw validationFailed([passwordIssues[0]!], 'The demo password does not satisfy the password policy');
  const demo = generateDistrictJ({ seed: opts.seed, rosterStart: opts.rosterStart, rosterDays: opts.rosterDays });
  const byCode = new Map<string, { name: string; nameEn: string }>(
    [demo.district, ...demo.townships].map((j) => [j.code, j]),
  );
  const users = demoUserSpecs().map((u) => ({
    username: u.username,
    password: opts.password,
    role: u.role,
    jurisdiction: label(byCode.get(u.at ?? demo.district.code)!),
  }));

  if (await findJurisdictionByCodeTrusted(database.db, demo.district.code)) return { created: false, users };

  const created = await database.db.transaction(async (tx) => {
    // Checked again inside the transaction, under a lock: two processes starting at once must not both seed.
    await lockSeeding(tx);
    if (await findJurisdictionByCodeTrusted(tx, demo.district.code)) return undefined;
    return writeDistrict(tx, demo, opts.password);
  });
  if (!created) return { created: false, users };
  return { created: true, users: users.filter((u) => created.has(u.username)) };
}

/** Writes everything; returns the usernames created (a username taken beforehand is left alone). */
async function writeDistrict(tx: Tx, demo: DemoDistrict, password: string): Promise<Set<string>> {
  const record = async (entityType: string, entityId: string, after: unknown) =>
    audit(tx, { actor: null, action: 'create', entityType, entityId, after });
  const auditJurisdictions = async (rows: Map<string, JurisdictionRecord>) => {
    for (const { path: _path, ...after } of rows.values()) await record('jurisdiction', after.id, after);
  };

  const district = await insertJurisdictionsTrusted(tx, [jurisdictionSeed(demo.district, null)]);
  const districtId = district.get(demo.district.code)!.id;
  const townships = await insertJurisdictionsTrusted(tx, demo.townships.map((t) => jurisdictionSeed(t, districtId)));
  const communities = await insertJurisdictionsTrusted(
    tx,
    demo.communities.map((c) => jurisdictionSeed(c, townships.get(c.parentCode!)!.id)),
  );
  await auditJurisdictions(district);
  await auditJurisdictions(townships);
  // Communities: one record per township listing all of them (entity `jurisdiction_batch`, id = township).
  // Each audit append costs a lock and two queries; per-community records would double the first start's
  // seeding time for no more information.
  for (const township of townships.values()) {
    const own = [...communities.values()].filter((c) => c.parentId === township.id).map(({ path: _path, ...c }) => c);
    await record('jurisdiction_batch', township.id, { parentId: township.id, level: 'community', jurisdictions: own });
  }
  const idOf = (code: string) => (code === demo.district.code ? districtId : townships.get(code)!.id);

  for (const n of demo.adjacentDistricts) {
    const seed = {
      districtId,
      code: n.code,
      name: n.name,
      nameEn: n.nameEn,
      population: n.population,
      centroid: n.centroid,
      flows: (['road', 'rail', 'river'] as const)
        .filter((mode) => n.flows[mode].in > 0 || n.flows[mode].out > 0)
        .map((mode) => ({ mode, dailyIn: n.flows[mode].in, dailyOut: n.flows[mode].out })),
    };
    const id = await insertAdjacentDistrictTrusted(tx, seed);
    await record('adjacent_district', id, { id, ...seed });
  }

  for (const a of demo.agencies) {
    const { roster, jurisdictionCode, ...fields } = a;
    const agency = (await insertAgency(tx, TRUSTED_SCOPE, { ...fields, jurisdictionId: idOf(jurisdictionCode) }))!;
    await record('agency', agency.id, agency);
    await insertRosterEntries(tx, TRUSTED_SCOPE, agency.id, roster);
    await record('agency_roster', agency.id, { from: roster[0]?.date, to: roster.at(-1)?.date, entries: roster });
  }

  for (const f of demo.facilities) {
    const { jurisdictionCode, ...fields } = f;
    const facility = (await insertFacility(tx, TRUSTED_SCOPE, { ...fields, jurisdictionId: idOf(jurisdictionCode) }))!;
    await record('facility', facility.id, facility);
  }

  const created = new Set<string>();
  for (const u of demoUserSpecs()) {
    if (await findUserByUsername(tx, u.username)) continue;
    await createUser(
      tx,
      { username: u.username, displayName: u.displayName, password, roles: [{ role: u.role, jurisdictionId: idOf(u.at ?? demo.district.code) }] },
      { actor: null },
    );
    created.add(u.username);
  }
  return created;
}
