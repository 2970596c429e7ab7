/**
 * Queries of training that gather people: the staff (users holding a role other than volunteer) and the approved
 * volunteers whose home lies in a scope, and names of places and agencies.
 */
import { and, eq, inArray, ne } from 'drizzle-orm';
import { inScope, pathInScope, type Scope } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions, userRoles, users } from '../../platform/db/platform.tables.ts';
import { agencies } from '../registry/index.ts';
import { volunteers } from '../volunteers/index.ts';

export interface TrainingPerson {
  kind: 'staff' | 'volunteer';
  id: string;
  name: string;
  /** the home jurisdiction: a user's broadest grant, a volunteer's community */
  jurisdictionId: string;
  jurisdictionPath: string;
  agencyId: string | null;
}

/** Staff and/or approved volunteers whose home lies in the scope. */
export async function peopleInScope(db: Executor, scope: Scope, kinds: { staff: boolean; volunteers: boolean }): Promise<TrainingPerson[]> {
  const out: TrainingPerson[] = [];
  if (kinds.staff) {
    const grants = await db
      .select({
        id: users.id,
        name: users.displayName,
        agencyId: users.agencyId,
        jurisdictionId: userRoles.jurisdictionId,
        path: jurisdictions.path,
      })
      .from(userRoles)
      .innerJoin(users, eq(users.id, userRoles.userId))
      .innerJoin(jurisdictions, eq(jurisdictions.id, userRoles.jurisdictionId))
      .where(and(eq(users.disabled, false), ne(userRoles.role, 'volunteer')));
    const home = new Map<string, (typeof grants)[number]>();
    for (const g of grants) {
      const known = home.get(g.id);
      if (!known || g.path.length < known.path.length) home.set(g.id, g);
    }
    for (const g of home.values()) {
      if (pathInScope(scope, g.path)) {
        out.push({
          kind: 'staff',
          id: g.id,
          name: g.name,
          jurisdictionId: g.jurisdictionId,
          jurisdictionPath: g.path,
          agencyId: g.agencyId,
        });
      }
    }
  }
  if (kinds.volunteers) {
    const rows = await db
      .select({ id: volunteers.id, name: volunteers.name, jurisdictionId: volunteers.jurisdictionId, path: jurisdictions.path })
      .from(volunteers)
      .innerJoin(jurisdictions, eq(jurisdictions.id, volunteers.jurisdictionId))
      .where(and(eq(volunteers.vettingStatus, 'approved'), inScope(scope, volunteers.jurisdictionId)));
    for (const v of rows)
      out.push({ kind: 'volunteer', id: v.id, name: v.name, jurisdictionId: v.jurisdictionId, jurisdictionPath: v.path, agencyId: null });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

/** One person by kind and id, if their home lies in the scope. */
export async function personInScope(
  db: Executor,
  scope: Scope,
  kind: 'staff' | 'volunteer',
  id: string,
): Promise<TrainingPerson | undefined> {
  if (kind === 'volunteer') {
    const [v] = await db
      .select({
        id: volunteers.id,
        name: volunteers.name,
        jurisdictionId: volunteers.jurisdictionId,
        path: jurisdictions.path,
        status: volunteers.vettingStatus,
      })
      .from(volunteers)
      .innerJoin(jurisdictions, eq(jurisdictions.id, volunteers.jurisdictionId))
      .where(and(eq(volunteers.id, id), inScope(scope, volunteers.jurisdictionId)));
    return v && v.status === 'approved'
      ? { kind, id: v.id, name: v.name, jurisdictionId: v.jurisdictionId, jurisdictionPath: v.path, agencyId: null }
      : undefined;
  }
  const people = await peopleInScope(db, scope, { staff: true, volunteers: false });
  return people.find((p) => p.id === id);
}

export async function placeNames(db: Executor, ids: string[]) {
  if (ids.length === 0) return new Map<string, { id: string; name: string; nameEn: string; level: string }>();
  const rows = await db
    .select({ id: jurisdictions.id, name: jurisdictions.name, nameEn: jurisdictions.nameEn, level: jurisdictions.level })
    .from(jurisdictions)
    .where(inArray(jurisdictions.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function agencyNames(db: Executor, ids: string[]) {
  if (ids.length === 0) return new Map<string, { id: string; name: string; nameEn: string }>();
  const rows = await db
    .select({ id: agencies.id, name: agencies.name, nameEn: agencies.nameEn })
    .from(agencies)
    .where(inArray(agencies.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}
