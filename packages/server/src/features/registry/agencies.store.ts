/**
 * Queries of agencies and their duty rosters, scoped by the agency's jurisdiction (a roster row is reachable only
 * through an agency in scope).
 */
import { type SQL, and, asc, count, eq, gte, ilike, lte, or, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { type Scope, inScope } from '../../platform/auth/scope.ts';
import { ROSTER_SHIFTS, agencies, dutyRoster } from './registry.tables.ts';

import {
  type AgencyView,
  type PageQuery,
  type RosterEntryInput,
  type RosterEntryView,
  agencyColumns,
  rosterColumns,
  containsPattern,
  jurisdictionInScope,
} from './registry.views.ts';

// ── agencies ────────────────────────────────────────────────────────────────────────────────────

/** Agencies in scope, searched by name, English name or code, ordered by code. */
export async function listAgencies(
  db: Executor,
  scope: Scope,
  query: PageQuery & { q?: string },
): Promise<{ items: AgencyView[]; total: number }> {
  const where: SQL[] = [inScope(scope, agencies.jurisdictionId)];
  if (query.q) {
    const p = containsPattern(query.q);
    where.push(or(ilike(agencies.name, p), ilike(agencies.nameEn, p), ilike(agencies.code, p))!);
  }
  const [items, [{ total }]] = await Promise.all([
    db
      .select(agencyColumns)
      .from(agencies)
      .where(and(...where))
      .orderBy(asc(agencies.code))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db
      .select({ total: count() })
      .from(agencies)
      .where(and(...where)),
  ]);
  return { items, total };
}

/** One agency in scope. */
export async function findAgency(db: Executor, scope: Scope, id: string): Promise<AgencyView | undefined> {
  const [row] = await db
    .select(agencyColumns)
    .from(agencies)
    .where(and(eq(agencies.id, id), inScope(scope, agencies.jurisdictionId)));
  return row;
}

/**
 * Whether an agency holds the code, whatever the scope: codes are unique across the deployment (the database
 * enforces it), so a clash with an agency the caller cannot see must still be reported, as a 409 on `code`.
 */
export async function agencyCodeTaken(db: Executor, code: string, exceptId?: string): Promise<boolean> {
  const [row] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code));
  return row !== undefined && row.id !== exceptId;
}

/**
 * The whole tree, for trusted writers only (the demo seeder, imports run by an operator): every path starts
 * with '/'. Named, so that a search finds every place that writes without a user's scope.
 */

/** Inserts an agency if its jurisdiction lies within the scope; undefined (nothing written) otherwise. */
export async function insertAgency(tx: Tx, scope: Scope, values: Omit<AgencyView, 'id'>): Promise<AgencyView | undefined> {
  if (!(await jurisdictionInScope(tx, scope, values.jurisdictionId))) return undefined;
  const [row] = await tx.insert(agencies).values(values).returning(agencyColumns);
  return row;
}

/** Updates an agency in scope; undefined when not in scope. */
export async function updateAgency(
  tx: Tx,
  scope: Scope,
  id: string,
  patch: Partial<Omit<AgencyView, 'id'>>,
): Promise<AgencyView | undefined> {
  const [row] = await tx
    .update(agencies)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(agencies.id, id), inScope(scope, agencies.jurisdictionId)))
    .returning(agencyColumns);
  return row;
}

// ── duty roster ─────────────────────────────────────────────────────────────────────────────────

const shiftOrder = sql`array_position(ARRAY[${sql.join(
  ROSTER_SHIFTS.map((s) => sql`${s}`),
  sql`, `,
)}]::text[], ${dutyRoster.shift})`;

/** The agencies of the scope, as a subquery: roster rows are reachable only through them. */
function agenciesInScope(scope: Scope) {
  return sql`${dutyRoster.agencyId} IN (SELECT ${agencies.id} FROM ${agencies} WHERE ${inScope(scope, agencies.jurisdictionId)})`;
}

/** An agency's roster between two dates (inclusive), by date then shift (leader, day, night). */
export async function listRoster(db: Executor, scope: Scope, agencyId: string, from: string, to: string): Promise<RosterEntryView[]> {
  return db
    .select(rosterColumns)
    .from(dutyRoster)
    .where(and(eq(dutyRoster.agencyId, agencyId), gte(dutyRoster.date, from), lte(dutyRoster.date, to), agenciesInScope(scope)))
    .orderBy(asc(dutyRoster.date), shiftOrder, asc(dutyRoster.personName), asc(dutyRoster.id));
}

/** Replaces an agency's roster between two dates (inclusive) with `entries`, inside the caller's transaction. */
export async function replaceRoster(
  tx: Tx,
  scope: Scope,
  agencyId: string,
  from: string,
  to: string,
  entries: RosterEntryInput[],
): Promise<RosterEntryView[]> {
  await tx
    .delete(dutyRoster)
    .where(and(eq(dutyRoster.agencyId, agencyId), gte(dutyRoster.date, from), lte(dutyRoster.date, to), agenciesInScope(scope)));
  if (entries.length > 0) await insertRosterEntries(tx, scope, agencyId, entries);
  return listRoster(tx, scope, agencyId, from, to);
}

/**
 * Inserts roster rows for an agency within the scope (also used by the demo seeder); returns false, writing
 * nothing, when the agency is not in scope.
 */
export async function insertRosterEntries(tx: Tx, scope: Scope, agencyId: string, entries: RosterEntryInput[]): Promise<boolean> {
  if (!(await findAgency(tx, scope, agencyId))) return false;
  // Chunks keep each statement's parameter count well below PostgreSQL's limit of 65 535.
  for (let i = 0; i < entries.length; i += 1000) {
    await tx.insert(dutyRoster).values(entries.slice(i, i + 1000).map((e) => ({ agencyId, ...e })));
  }
  return true;
}
