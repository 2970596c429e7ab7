/**
 * Seeds the demo district "District J" into a migrated database: jurisdictions with outlines, neighbours
 * with flows, agencies with a duty roster, facilities, and one demo user per role.
 *
 * Idempotent: the district's code is the marker. When it exists, the district is not written again and
 * `created` is false — except for what later migrations added (township adjacency, commuting flows, the river
 * and the port on the map, 0003): a district seeded before those tables existed has them empty, and they are
 * derived from the outlines, populations and centroids found in the database and filled in (`backfilled`).
 * Otherwise everything is written in one transaction — a failure leaves no half district — and every record
 * is audited as the system actor (`actor: null`), so the audit chain starts with the seed.
 *
 * @example
 * const { created, users } = await seedDemoDistrict(database);
 * if (created) for (const u of users) console.log(u.username, u.password, u.role, u.jurisdiction);
 */
import type { Database, Executor, Tx } from '../../platform/db/database.ts';
import type { GeoJsonGeometry } from '../../platform/db/platform.tables.ts';
import { audit } from '../../platform/audit/audit.ts';
import { ROLE_IDS, type RoleId } from '../../platform/auth/rights.ts';
import { passwordPolicyIssues } from '../../platform/auth/password.ts';
import type { Scope } from '../../platform/auth/scope.ts';
import type { Config } from '../../platform/config.ts';
import { validationFailed } from '../../platform/errors.ts';
import { districtDate } from '../../platform/time/district-time.ts';
import { createUser } from '../users/users.service.ts';
import { seedFeatureDemos } from './feature-demos.ts';
import { findUserByUsername } from '../users/users.store.ts';
import {
  findJurisdiction,
  findJurisdictionByCodeTrusted,
  insertAdjacency,
  insertAdjacentDistrictTrusted,
  insertAgency,
  insertFacility,
  insertJurisdictionFlows,
  insertJurisdictionsTrusted,
  insertMapFeature,
  insertRosterEntries,
  listAdjacency,
  listJurisdictionFlows,
  listJurisdictionShapes,
  listMapFeatures,
  lockSeeding,
  TRUSTED_SCOPE,
  type JurisdictionRecord,
  type JurisdictionSeed,
} from '../registry/registry.store.ts';
import { DEMO_FLOW_SOURCE, facilities } from '../registry/registry.tables.ts';
import { users as usersTable } from '../../platform/db/platform.tables.ts';
import { and, eq, isNull } from 'drizzle-orm';
import {
  DEFAULT_DEMO_SEED,
  type DemoDistrict,
  type DemoJurisdiction,
  type TownshipShape,
  commutingFlows,
  generateDistrictJ,
  riverAndPortFeatures,
  townshipBorders,
} from './district-j.ts';
import type { Point, Polygon } from './geometry.ts';

/**
 * The demo users' password, printed at first start and in the README. It satisfies the platform's policy
 * (length, three character classes, no username inside). Change it, or the users, before real use.
 */
export const DEMO_PASSWORD = 'DistrictJ#2026';

/** Options of {@link seedDemoDistrict}. */
export interface SeedDemoOptions {
  /** Seed of the generator (default {@link DEFAULT_DEMO_SEED}). */
  seed: number;
  /** First day of the duty roster, YYYY-MM-DD (default: the district's today). */
  rosterStart: string;
  /** Days of duty roster (default 28: "the coming weeks"). */
  rosterDays: number;
  /** Password of every demo user (default {@link DEMO_PASSWORD}). */
  password: string;
  /**
   * Also seed the features' working data (case history, alerts, plan, incident …; feature-demos.ts). Default
   * true; registry-only tests turn it off.
   */
  features: boolean;
  /** "Today" of the demo's working data (default: now). */
  now: Date;
  /** The server's identity-key settings (DemoContext.identity); default: loadConfig(). */
  identity?: Pick<Config, 'identityKey' | 'dataDir'>;
}

/** A demo sign-in, as printed by `npm start` and `outbreak seed --demo`. */
export interface DemoUser {
  username: string;
  password: string;
  role: RoleId;
  /** Where the role holds, as "中文名 English name". */
  jurisdiction: string;
}

/** Data added by a migration after 0002 that the seeder fills in on a district seeded before it. */
export type DerivedPart = 'adjacency' | 'flows' | 'map_features';

/** What {@link seedDemoDistrict} did. */
export interface SeedDemoResult {
  /** False when the district was already there (then only `backfilled` parts were written). */
  created: boolean;
  /** Parts found empty on an existing district and filled in; empty when `created` or nothing was missing. */
  backfilled: DerivedPart[];
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
  /** Name of the demo facility the user reports for (a hospital reporter sees only its reports). */
  facility?: string;
}

/** Township of the first demo township officer: 望江街道 (urban, on the river). */
export const DEMO_TOWNSHIP_A = '500199001000';
/** Township of the second demo township officer: 白沙镇 (rural, north). */
export const DEMO_TOWNSHIP_B = '500199101000';

/** The hospital the demo reporter reports for (it files many of the demo district's case reports). */
export const DEMO_REPORTER_FACILITY = '嘉江区人民医院';

const KNOWN_USERS: DemoUserSpec[] = [
  { username: 'admin', displayName: '周建国（系统管理员）', role: 'system_admin' },
  { username: 'epidemiologist', displayName: '李晓燕（疾控中心监测科）', role: 'epidemiologist' },
  { username: 'commander', displayName: '陈志强（区卫健委应急办）', role: 'commander' },
  // District leadership: approves the emergency plan the health commission's emergency office drafts (four-eyes rule).
  { username: 'leader', displayName: '刘卫东（副区长）', role: 'commander' },
  { username: 'liaison', displayName: '王丽华（区公安分局联络员）', role: 'agency_liaison' },
  { username: 'reporter', displayName: '赵海峰（区人民医院预防保健科）', role: 'hospital_reporter', facility: DEMO_REPORTER_FACILITY },
  { username: 'officer.wangjiang', displayName: '黄秀英（望江街道）', role: 'township_officer', at: DEMO_TOWNSHIP_A },
  { username: 'officer.baisha', displayName: '孙明辉（白沙镇）', role: 'township_officer', at: DEMO_TOWNSHIP_B },
  { username: 'press', displayName: '林思琪（区委宣传部）', role: 'press_officer' },
  { username: 'counsellor', displayName: '何静（区精神卫生中心）', role: 'counsellor' },
  { username: 'logistics', displayName: '郭成刚（区应急管理局）', role: 'logistics_officer' },
  { username: 'viewer', displayName: '罗文斌（只读）', role: 'viewer' },
  { username: 'counsellor.lead', displayName: '唐敏（区心理援助队队长）', role: 'counsellor_lead' },
  { username: 'trainer', displayName: '郑丽（区疾控中心培训科）', role: 'training_officer' },
  { username: 'coordinator', displayName: '吴晓梅（区志愿者协会）', role: 'volunteer_coordinator' },
  // a volunteer's own account (docs/capability.md): their assignments, check-in and hours only
  { username: 'volunteer.chen', displayName: '陈思远（志愿者）', role: 'volunteer', at: DEMO_TOWNSHIP_A },
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
  const now = options.now ?? new Date();
  const opts = {
    seed: DEFAULT_DEMO_SEED,
    // the district's today (Beijing), not UTC's: from 16:00 UTC they differ, and the roster then began yesterday
    rosterStart: districtDate(now),
    rosterDays: 28,
    password: DEMO_PASSWORD,
    features: true,
    now,
    ...options,
  } satisfies SeedDemoOptions;
  // Refuse a password the policy would refuse before writing anything, naming the option.
  const passwordIssues = demoUserSpecs().flatMap((u) => passwordPolicyIssues(opts.password, u.username, 'password'));
  if (passwordIssues.length > 0) throw validationFailed([passwordIssues[0]!], 'The demo password does not satisfy the password policy');
  const demo = generateDistrictJ({ seed: opts.seed, rosterStart: opts.rosterStart, rosterDays: opts.rosterDays });
  const byCode = new Map<string, { name: string; nameEn: string }>([demo.district, ...demo.townships].map((j) => [j.code, j]));
  const users = demoUserSpecs().map((u) => ({
    username: u.username,
    password: opts.password,
    role: u.role,
    jurisdiction: label(byCode.get(u.at ?? demo.district.code)!),
  }));

  const registry = await seedRegistry(database, demo, opts.password, users);
  await bindDemoFacilities(database);
  if (opts.features) {
    const district = (await findJurisdictionByCodeTrusted(database.db, demo.district.code))!;
    await seedFeatureDemos(database, {
      districtId: district.id,
      seed: opts.seed,
      now: opts.now,
      identity: opts.identity,
      incidentTownshipCode: DEMO_TOWNSHIP_A,
    });
  }
  return registry;
}

/**
 * Binds the demo users that report for a facility (the hospital reporter) to it when a district seeded before
 * users had a facility left them unbound (such a reporter would see no case report). Idempotent; audited.
 */
async function bindDemoFacilities(database: Database): Promise<void> {
  for (const spec of KNOWN_USERS) {
    if (!spec.facility) continue;
    await database.db.transaction(async (tx) => {
      const [facility] = await tx.select({ id: facilities.id }).from(facilities).where(eq(facilities.name, spec.facility!));
      if (!facility) return;
      const [bound] = await tx
        .update(usersTable)
        .set({ facilityId: facility.id, updatedAt: new Date() })
        .where(and(eq(usersTable.username, spec.username), isNull(usersTable.facilityId)))
        .returning({ id: usersTable.id });
      if (bound)
        await audit(tx, { actor: null, action: 'update', entityType: 'user', entityId: bound.id, after: { facilityId: facility.id } });
    });
  }
}

/** The registry part: the district, its users and derived parts (or the derived parts it lacks). */
async function seedRegistry(database: Database, demo: DemoDistrict, password: string, users: DemoUser[]): Promise<SeedDemoResult> {
  const existing = await findJurisdictionByCodeTrusted(database.db, demo.district.code);
  if (existing && (await missingParts(database.db, existing.id)).length === 0) return { created: false, backfilled: [], users };

  const outcome = await database.db.transaction(async (tx) => {
    // Checked again inside the transaction, under a lock: two processes starting at once must not both seed
    // (nor both fill in).
    await lockSeeding(tx);
    const district = await findJurisdictionByCodeTrusted(tx, demo.district.code);
    if (district) return { created: undefined, backfilled: await writeDerivedParts(tx, district.id) };
    const created = await writeDistrict(tx, demo, password);
    await writeDerivedParts(tx, (await findJurisdictionByCodeTrusted(tx, demo.district.code))!.id);
    return { created, backfilled: [] };
  });
  if (!outcome.created) return { created: false, backfilled: outcome.backfilled, users };
  const created = outcome.created;
  return { created: true, backfilled: [], users: users.filter((u) => created.has(u.username)) };
}

/** The scope of one district's subtree, for the seeder's own reads and writes. */
async function districtScope(db: Executor, districtId: string): Promise<Scope> {
  const district = (await findJurisdiction(db, TRUSTED_SCOPE, districtId))!;
  return { right: 'registry.manage', paths: [district.path] };
}

/** Which derived parts (0003) the district has none of. */
async function missingParts(db: Executor, districtId: string): Promise<DerivedPart[]> {
  const scope = await districtScope(db, districtId);
  const missing: DerivedPart[] = [];
  if ((await listAdjacency(db, scope)).length === 0) missing.push('adjacency');
  if ((await listJurisdictionFlows(db, scope)).length === 0) missing.push('flows');
  if ((await listMapFeatures(db, scope)).length === 0) missing.push('map_features');
  return missing;
}

/**
 * Fills in whichever of township adjacency, commuting flows and map features the district has none of,
 * derived from its townships *as stored* (outline, centroid, population): the same functions the generator
 * uses, so a fresh seed and a backfill give the same rows, and a township whose outline was edited since is
 * taken as it now is. Audited as the system actor; returns the parts written.
 */
async function writeDerivedParts(tx: Tx, districtId: string): Promise<DerivedPart[]> {
  const missing = await missingParts(tx, districtId);
  if (missing.length === 0) return [];
  const scope = await districtScope(tx, districtId);
  const record = async (entityType: string, entityId: string, after: unknown) =>
    audit(tx, { actor: null, action: 'create', entityType, entityId, after });
  const rows = await listJurisdictionShapes(tx, scope, 'township');
  const townships: TownshipShape[] = [];
  const idOf = new Map<string, string>();
  for (const r of rows) {
    // Only single Polygons are derived from (the generator's are convex, which the river clip relies on; an
    // outline edited by hand into a concave one would cut its river reach approximately). Others are left out.
    if (r.geometry?.type !== 'Polygon' || r.centroid === null || r.population === null) continue;
    const ring = (r.geometry.coordinates as number[][][])[0]!.map((p) => [p[0], p[1]] as Point);
    townships.push({
      code: r.code,
      name: r.name,
      nameEn: r.nameEn,
      population: r.population,
      centroid: r.centroid,
      polygon: ring.slice(0, -1) as Polygon,
    });
    idOf.set(r.code, r.id);
  }
  const written: DerivedPart[] = [];
  if (missing.includes('adjacency')) {
    const pairs = await insertAdjacency(
      tx,
      scope,
      townshipBorders(townships).map((b) => ({ jurisdictionId: idOf.get(b.a)!, otherId: idOf.get(b.b)!, sharedBorderKm: b.borderKm })),
    );
    if (pairs.length > 0) {
      // One record for the district's whole set of pairs, as for a township's communities.
      await record('jurisdiction_adjacency', districtId, { pairs });
      written.push('adjacency');
    }
  }
  if (missing.includes('flows')) {
    const flows = await insertJurisdictionFlows(
      tx,
      scope,
      commutingFlows(townships).map((f) => ({
        originId: idOf.get(f.from)!,
        destinationId: idOf.get(f.to)!,
        dailyTrips: f.dailyTrips,
        source: DEMO_FLOW_SOURCE,
      })),
    );
    if (flows.length > 0) {
      await record('jurisdiction_flows', districtId, { flows });
      written.push('flows');
    }
  }
  if (missing.includes('map_features')) {
    for (const f of riverAndPortFeatures(townships)) {
      const { jurisdictionCode, ...fields } = f;
      const feature = await insertMapFeature(tx, scope, { ...fields, jurisdictionId: idOf.get(jurisdictionCode)! });
      if (feature) await record('map_feature', feature.id, feature);
    }
    if ((await listMapFeatures(tx, scope)).length > 0) written.push('map_features');
  }
  return written;
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
  const townships = await insertJurisdictionsTrusted(
    tx,
    demo.townships.map((t) => jurisdictionSeed(t, districtId)),
  );
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

  const facilityIdByName = new Map<string, string>();
  for (const f of demo.facilities) {
    const { jurisdictionCode, ...fields } = f;
    const facility = (await insertFacility(tx, TRUSTED_SCOPE, { ...fields, jurisdictionId: idOf(jurisdictionCode) }))!;
    await record('facility', facility.id, facility);
    facilityIdByName.set(facility.name, facility.id);
  }

  const created = new Set<string>();
  for (const u of demoUserSpecs()) {
    if (await findUserByUsername(tx, u.username)) continue;
    await createUser(
      tx,
      {
        username: u.username,
        displayName: u.displayName,
        password,
        roles: [{ role: u.role, jurisdictionId: idOf(u.at ?? demo.district.code) }],
        facilityId: u.facility ? (facilityIdByName.get(u.facility) ?? null) : null,
      },
      { actor: null },
    );
    created.add(u.username);
  }
  return created;
}
