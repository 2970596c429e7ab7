/**
 * Every query of the registry. Each one applies the caller's jurisdiction scope (`inScope` on a record's
 * jurisdiction, `inScopePath` on jurisdictions themselves), reads and writes alike, so a record outside the
 * caller's subtree is never found, never changed, never counted — the service turns "not found" into 404.
 *
 * The registry's store entry: the three stores (jurisdictions, agencies with rosters, facilities) and what they share,
 * plus the registry summary of the dashboard and the seeding lock.
 */
import { and, count, inArray, sql, sum } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { type JurisdictionLevel, jurisdictions } from '../../platform/db/platform.tables.ts';
import { type Scope, inScope, inScopePath } from '../../platform/auth/scope.ts';
import { type FacilityType, agencies, facilities } from './registry.tables.ts';

export * from './registry.views.ts';
export * from './jurisdictions.store.ts';
export * from './agencies.store.ts';
export * from './facilities.store.ts';

// ── dashboard ───────────────────────────────────────────────────────────────────────────────────

/** The registry's figures within the scope (GET /api/dashboard/summary). */
export interface DashboardSummary {
  population: number;
  townships: number;
  communities: number;
  agencies: number;
  facilitiesByType: Partial<Record<FacilityType, number>>;
  beds: number;
  icuBeds: number;
  isolationRooms: number;
  quarantineRooms: number;
}

/**
 * Sums and counts within the scope. Population is that of the scope's top jurisdictions (the subtrees'
 * roots), not a sum over levels, which would count each resident once per level.
 */
export async function dashboardSummary(db: Executor, scope: Scope): Promise<DashboardSummary> {
  const [[pop], levels, byType, [capacity]] = await Promise.all([
    db
      .select({ population: sum(jurisdictions.population).mapWith(Number) })
      .from(jurisdictions)
      .where(and(inArray(jurisdictions.path, scope.paths), inScopePath(scope, jurisdictions.path))),
    db
      .select({ level: jurisdictions.level, n: count() })
      .from(jurisdictions)
      .where(inScopePath(scope, jurisdictions.path))
      .groupBy(jurisdictions.level),
    db
      .select({ type: facilities.type, n: count() })
      .from(facilities)
      .where(inScope(scope, facilities.jurisdictionId))
      .groupBy(facilities.type),
    db
      .select({
        beds: sum(facilities.beds).mapWith(Number),
        icuBeds: sum(facilities.icuBeds).mapWith(Number),
        isolationRooms: sum(facilities.isolationRooms).mapWith(Number),
        quarantineRooms: sql<number>`coalesce(sum(${facilities.rooms}) FILTER (WHERE ${facilities.type} = 'quarantine_hotel'), 0)`.mapWith(
          Number,
        ),
      })
      .from(facilities)
      .where(inScope(scope, facilities.jurisdictionId)),
  ]);
  const [{ n: agencyCount }] = await db.select({ n: count() }).from(agencies).where(inScope(scope, agencies.jurisdictionId));
  const levelCount = (l: JurisdictionLevel) => levels.find((r) => r.level === l)?.n ?? 0;
  return {
    population: pop?.population ?? 0,
    townships: levelCount('township'),
    communities: levelCount('community'),
    agencies: agencyCount,
    facilitiesByType: Object.fromEntries(byType.map((r) => [r.type, r.n])),
    beds: capacity?.beds ?? 0,
    icuBeds: capacity?.icuBeds ?? 0,
    isolationRooms: capacity?.isolationRooms ?? 0,
    quarantineRooms: capacity?.quarantineRooms ?? 0,
  };
}

// Any constant, distinct from the platform's lock keys: seeders in several processes take turns on it.
const SEED_LOCK_KEY = 72_210_101;

/**
 * Serialises seeding transactions across processes (API replicas starting together on one PostgreSQL): the
 * second waits for the first to commit, then finds the data there. Released when the transaction ends.
 */
export async function lockSeeding(tx: Tx): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
}
