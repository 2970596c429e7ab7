/**
 * The cases behind signals (issue 12, item 5): a signal counted the cases of its disease in its place (for a
 * space-time cluster: every township of the cluster) whose day on its date basis falls in its period. These are
 * the case sets of the cases feature (case-sets.ts), so a line list holds exactly what the signal counted.
 * Syndromic-feed signals count no cases and have none.
 */
import { eq, inArray } from 'drizzle-orm';
import { type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { notFound } from '../../platform/errors.ts';
import { type CaseLineList, type CaseSetCriteria, caseLineListFor } from '../cases/index.ts';
import { findSignal } from './detection.store.ts';
import { signals } from './signals.tables.ts';

type SignalRow = Pick<
  typeof signals.$inferSelect,
  'diseaseId' | 'jurisdictionId' | 'kind' | 'periodStart' | 'periodEnd' | 'dateBasis' | 'explanation'
> & { exerciseId?: string | null };

/** The places a signal counted: the cluster's townships, else its own place. */
function placesOf(signal: SignalRow): string[] {
  const locations = (signal.explanation as { cluster?: { locations?: Array<{ id?: unknown }> } }).cluster?.locations;
  const ids =
    signal.kind === 'cluster' && Array.isArray(locations)
      ? locations.map((l) => l.id).filter((id): id is string => typeof id === 'string')
      : [];
  return ids.length > 0 ? ids : [signal.jurisdictionId];
}

/** The case sets of signals (disease signals only). */
export async function caseSetsOfSignals(db: Executor, rows: readonly SignalRow[]): Promise<CaseSetCriteria[]> {
  const withDisease = rows.filter((s): s is SignalRow & { diseaseId: string } => s.diseaseId !== null);
  if (withDisease.length === 0) return [];
  const ids = [...new Set(withDisease.flatMap(placesOf))];
  const paths = new Map(
    (await db.select({ id: jurisdictions.id, path: jurisdictions.path }).from(jurisdictions).where(inArray(jurisdictions.id, ids))).map(
      (j) => [j.id, j.path],
    ),
  );
  return withDisease.map((s) => ({
    diseaseId: s.diseaseId,
    areaPaths: placesOf(s)
      .map((id) => paths.get(id))
      .filter((p): p is string => Boolean(p)),
    dateBasis: s.dateBasis,
    from: s.periodStart,
    to: s.periodEnd,
    // an exercise's signal counted the exercise's reports too (detection in exercise mode)
    exerciseId: s.exerciseId ?? null,
  }));
}

/** The case sets of the signals an alert absorbed (unscoped: the caller found the alert in scope). */
export async function caseSetsOfAlert(db: Executor, alertId: string): Promise<CaseSetCriteria[]> {
  const rows = await db.select().from(signals).where(eq(signals.alertId, alertId));
  return caseSetsOfSignals(db, rows);
}

/** GET /api/signals/{id}/cases: the cases the signal counted, within the reader's rights (signals.read, scoped). */
export async function signalCasesFor(database: Database, principal: Principal, id: string): Promise<CaseLineList> {
  const scope = scopeFor(principal, 'signals.read');
  const signal = await findSignal(database.db, scope, id);
  if (!signal) throw notFound('signal');
  return caseLineListFor(database, principal, { sets: await caseSetsOfSignals(database.db, [signal.signal]) });
}
