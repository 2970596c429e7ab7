/**
 * The alerts behind the assessment's figures are records of the alerts feature: each passes through the reader's
 * alerts.read scope (the alert's place), as case records pass the cases.read scope (readableCaseIds). An
 * incident's source alert can lie outside the incident's place (a district-level alert behind a township's
 * incident), so holding assessment.read over the incident says nothing about the alert.
 */
import { and, inArray } from 'drizzle-orm';
import { hasRight, inScope, pathInScope, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { alerts } from '../alerts/index.ts';

/** Whether the reader may see an alert of this place (its jurisdiction's path). */
export function alertReader(principal: Principal): (alertPath: string) => boolean {
  if (!hasRight(principal, 'alerts.read')) return () => false;
  const scope = scopeFor(principal, 'alerts.read');
  return (alertPath) => pathInScope(scope, alertPath);
}

/** Of these alert ids, those the reader may read (alerts.read over the alert's place); one query per 1000. */
export async function readableAlertIds(db: Executor, principal: Principal, ids: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0 || !hasRight(principal, 'alerts.read')) return new Set();
  const scope = scopeFor(principal, 'alerts.read');
  const found = new Set<string>();
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = await db
      .select({ id: alerts.id })
      .from(alerts)
      .where(and(inArray(alerts.id, unique.slice(i, i + 1000)), inScope(scope, alerts.jurisdictionId)));
    for (const r of rows) found.add(r.id);
  }
  return found;
}
