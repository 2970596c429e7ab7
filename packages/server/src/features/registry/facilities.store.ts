/**
 * Queries of health facilities, scoped by the facility's jurisdiction.
 */
import { type SQL, and, asc, count, eq, ilike, or, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { type Scope, inScope } from '../../platform/auth/scope.ts';
import { type FacilityType, facilities } from './registry.tables.ts';

import { type FacilityView, type PageQuery, facilityColumns, containsPattern, jurisdictionInScope } from './registry.views.ts';

// ── facilities ──────────────────────────────────────────────────────────────────────────────────

/** Filters of the facility list. `jurisdictionId` selects that jurisdiction's whole subtree. */
export interface FacilityQuery extends PageQuery {
  type?: FacilityType;
  jurisdictionId?: string;
  q?: string;
}

/** Facilities in scope, filtered, ordered by type then name. */
export async function listFacilities(db: Executor, scope: Scope, query: FacilityQuery): Promise<{ items: FacilityView[]; total: number }> {
  const where: SQL[] = [inScope(scope, facilities.jurisdictionId)];
  if (query.type) where.push(eq(facilities.type, query.type));
  if (query.jurisdictionId) {
    where.push(
      sql`${facilities.jurisdictionId} IN (SELECT sub.id FROM ${jurisdictions} sub, ${jurisdictions} top
            WHERE top.id = ${query.jurisdictionId}::uuid AND sub.path LIKE top.path || '%')`,
    );
  }
  if (query.q) {
    const p = containsPattern(query.q);
    where.push(or(ilike(facilities.name, p), ilike(facilities.nameEn, p), ilike(facilities.address, p))!);
  }
  const [items, [{ total }]] = await Promise.all([
    db
      .select(facilityColumns)
      .from(facilities)
      .where(and(...where))
      .orderBy(asc(facilities.type), asc(facilities.name))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db
      .select({ total: count() })
      .from(facilities)
      .where(and(...where)),
  ]);
  return { items, total };
}

/** One facility in scope. */
export async function findFacility(db: Executor, scope: Scope, id: string): Promise<FacilityView | undefined> {
  const [row] = await db
    .select(facilityColumns)
    .from(facilities)
    .where(and(eq(facilities.id, id), inScope(scope, facilities.jurisdictionId)));
  return row;
}

/** Whether another facility of that name stands in that jurisdiction (which the caller found in scope). */
export async function facilityNameTaken(
  db: Executor,
  scope: Scope,
  jurisdictionId: string,
  name: string,
  exceptId?: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: facilities.id })
    .from(facilities)
    .where(and(eq(facilities.jurisdictionId, jurisdictionId), eq(facilities.name, name), inScope(scope, facilities.jurisdictionId)));
  return row !== undefined && row.id !== exceptId;
}

/** Inserts a facility if its jurisdiction lies within the scope; undefined (nothing written) otherwise. */
export async function insertFacility(tx: Tx, scope: Scope, values: Omit<FacilityView, 'id'>): Promise<FacilityView | undefined> {
  if (!(await jurisdictionInScope(tx, scope, values.jurisdictionId))) return undefined;
  const [row] = await tx.insert(facilities).values(values).returning(facilityColumns);
  return row;
}

/** Updates a facility in scope; undefined when not in scope. */
export async function updateFacility(
  tx: Tx,
  scope: Scope,
  id: string,
  patch: Partial<Omit<FacilityView, 'id'>>,
): Promise<FacilityView | undefined> {
  const [row] = await tx
    .update(facilities)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(facilities.id, id), inScope(scope, facilities.jurisdictionId)))
    .returning(facilityColumns);
  return row;
}
