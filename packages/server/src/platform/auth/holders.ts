/**
 * Who holds a right over a place: the one definition notifications (recipients by right) and tasks (a
 * jurisdiction's own staff) share.
 *
 * @example
 * await holdersOf(tx, 'alerts.verify', alert.jurisdictionId);                          // everyone whose grant covers it
 * await holdersOf(tx, 'tasks.update', townshipId, { grants: 'at-or-below' });           // its own staff only
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.ts';
import { jurisdictions, userRoles, users } from '../db/platform.tables.ts';
import { ROLES, type Right, isRoleId } from './rights.ts';

/** The role ids granting a right. */
export function rolesWith(right: Right): string[] {
  return Object.entries(ROLES)
    .filter(([id, role]) => isRoleId(id) && (role.rights as readonly Right[]).includes(right))
    .map(([id]) => id);
}

export interface HoldersOptions {
  /**
   * `covering` (default): grants at the jurisdiction or above it, i.e. whose scope contains it.
   * `at-or-below`: grants at the jurisdiction or inside it — the people who work there, not everyone whose
   * district-wide scope covers it.
   */
  grants?: 'covering' | 'at-or-below';
}

/**
 * The ids of the enabled users holding `right` through a role granted relative to `jurisdictionId` as
 * `options.grants` says; without a jurisdiction, every enabled holder of the right.
 */
export async function holdersOf(
  db: Executor,
  right: Right,
  jurisdictionId: string | null | undefined,
  options: HoldersOptions = {},
): Promise<string[]> {
  const roles = rolesWith(right);
  if (roles.length === 0) return [];
  const targetPath = jurisdictionId ? sql`(SELECT j.path FROM jurisdictions j WHERE j.id = ${jurisdictionId})` : null;
  // A grant at jurisdiction G covers the target when the target's path starts with G's path.
  const placed = !targetPath
    ? undefined
    : (options.grants ?? 'covering') === 'covering'
      ? sql`starts_with(${targetPath}, ${jurisdictions.path})`
      : sql`starts_with(${jurisdictions.path}, ${targetPath})`;
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, userRoles.jurisdictionId))
    .where(and(inArray(userRoles.role, roles), eq(users.disabled, false), placed));
  return rows.map((r) => r.id);
}
