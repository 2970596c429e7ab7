/**
 * Small factories for tests: build real rows through the same code the application uses.
 *
 * @example
 * const tree = await buildDistrictTree(database);
 * const { user, password, principal } = await buildUser(database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../platform/db/database.ts';
import { jurisdictions, type JurisdictionLevel } from '../platform/db/platform.tables.ts';
import { facilityBoundRights, isRoleId, type RoleId } from '../platform/auth/rights.ts';
import { facilities } from '../features/registry/registry.tables.ts';
import type { Principal } from '../platform/auth/scope.ts';
import { createUser, type RoleInput } from '../features/users/users.service.ts';
import { loadPrincipal } from '../features/users/users.store.ts';
import type { UserView } from '../features/users/users.store.ts';

/** A short random suffix for unique codes and usernames. */
export const uniqueSuffix = () => randomBytes(4).toString('hex');

export type JurisdictionRow = typeof jurisdictions.$inferSelect;

/** Inserts one jurisdiction (a unique code and names are made up unless given). */
export async function buildJurisdiction(
  database: Database,
  overrides: Partial<typeof jurisdictions.$inferInsert> & { level?: JurisdictionLevel } = {},
): Promise<JurisdictionRow> {
  const suffix = uniqueSuffix();
  const [row] = await database.db
    .insert(jurisdictions)
    .values({
      level: 'district',
      code: `T${suffix}`,
      name: `测试区${suffix}`,
      nameEn: `Test ${suffix}`,
      population: 1000,
      ...overrides,
    })
    .returning();
  return row!;
}

/** A district with two townships, each with one community. */
export async function buildDistrictTree(database: Database) {
  const district = await buildJurisdiction(database, { level: 'district', population: 300 });
  const townshipA = await buildJurisdiction(database, { level: 'township', parentId: district.id, population: 200 });
  const townshipB = await buildJurisdiction(database, { level: 'township', parentId: district.id, population: 100 });
  const communityA = await buildJurisdiction(database, { level: 'community', parentId: townshipA.id, population: 50 });
  const communityB = await buildJurisdiction(database, { level: 'community', parentId: townshipB.id, population: 40 });
  return { district, townshipA, townshipB, communityA, communityB };
}

/** A valid password under the policy. */
export const TEST_PASSWORD = 'Test-Password-2024';

export interface BuildUserOptions {
  username?: string;
  displayName?: string;
  password?: string;
  /** shorthand for one role */
  role?: RoleId;
  jurisdictionId?: string;
  /** several roles (overrides role/jurisdictionId) */
  roles?: RoleInput[];
  /**
   * The facility the user reports for. A facility-bound role (hospital_reporter) needs one: when not given,
   * a hospital is created in the role's jurisdiction for the user.
   */
  facilityId?: string;
}

/** Creates a user through the user service (hash, roles, audit record) and loads its Principal. */
export async function buildUser(
  database: Database,
  options: BuildUserOptions = {},
): Promise<{ user: UserView; password: string; principal: Principal }> {
  const password = options.password ?? TEST_PASSWORD;
  const roles =
    options.roles ?? (options.role && options.jurisdictionId ? [{ role: options.role, jurisdictionId: options.jurisdictionId }] : []);
  let facilityId = options.facilityId;
  const bound = roles.find((r) => isRoleId(r.role) && facilityBoundRights(r.role).length > 0);
  if (!facilityId && bound) {
    const [facility] = await database.db
      .insert(facilities)
      .values({
        name: `Test hospital ${uniqueSuffix()}`,
        nameEn: 'Test hospital',
        type: 'general_hospital',
        jurisdictionId: bound.jurisdictionId,
      })
      .returning({ id: facilities.id });
    facilityId = facility!.id;
  }
  const user = await database.db.transaction((tx) =>
    createUser(
      tx,
      {
        username: options.username ?? `user-${uniqueSuffix()}`,
        displayName: options.displayName ?? '测试用户',
        password,
        roles,
        facilityId: facilityId ?? null,
      },
      { actor: null },
    ),
  );
  const principal = (await loadPrincipal(database.db, user.id))!;
  return { user, password, principal };
}
