/**
 * The plan-version link control (docs/assessment.md): the plan versions a reader may link to, and linking an
 * action (of a review or of a self-assessment) to the plan version it changed — at any status, since the change
 * usually comes after the review was approved and the action's task done. Lessons link through their own PATCH.
 */
import { eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { pathInScope, type Principal, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { notFound, validationFailed } from '../../platform/errors.ts';
import { assessmentActions, assessmentReviews, assessmentSparRounds } from './assessment.tables.ts';
import { linkablePlanVersions, type PlanVersionRef, plansVersionsByIds } from './plan-links.ts';

/** GET /api/assessment/plan-versions */
export async function planVersionsFor(db: Executor, principal: Principal) {
  return { items: await linkablePlanVersions(db, scopeFor(principal, 'assessment.read')) };
}

/** 400 naming `path` unless every given plan version may be linked by the scope. */
export async function checkPlanVersions(db: Executor, scope: Scope, refs: { path: string; id: string | null | undefined }[]) {
  const given = refs.filter((r): r is { path: string; id: string } => Boolean(r.id));
  if (given.length === 0) return;
  const known = await plansVersionsByIds(
    db,
    scope,
    given.map((r) => r.id),
  );
  const issues = given.filter((r) => !known.has(r.id.toLowerCase())).map((r) => ({ path: r.path, message: 'Unknown plan version' }));
  if (issues.length) throw validationFailed(issues);
}

/** The place of an action (its review's or round's), for the scope check. */
async function actionPlace(db: Executor, id: string) {
  const [row] = await db.select().from(assessmentActions).where(eq(assessmentActions.id, id));
  if (!row) return undefined;
  const [place] = row.reviewId
    ? await db
        .select({ path: jurisdictions.path })
        .from(assessmentReviews)
        .innerJoin(jurisdictions, eq(jurisdictions.id, assessmentReviews.jurisdictionId))
        .where(eq(assessmentReviews.id, row.reviewId))
    : await db
        .select({ path: jurisdictions.path })
        .from(assessmentSparRounds)
        .innerJoin(jurisdictions, eq(jurisdictions.id, assessmentSparRounds.jurisdictionId))
        .where(eq(assessmentSparRounds.id, row.sparRoundId!));
  return place ? { action: row, path: place.path } : undefined;
}

/** PUT /api/assessment/actions/{id}/plan-version (assessment.manage over the action's place; audited). */
export async function linkActionPlanVersionAs(
  database: Database,
  principal: Principal,
  id: string,
  planVersionId: string | null,
  ip?: string | null,
): Promise<{ id: string; planVersion: PlanVersionRef | null }> {
  const scope = scopeFor(principal, 'assessment.manage');
  const found = await actionPlace(database.db, id);
  if (!found || !pathInScope(scope, found.path)) throw notFound('action');
  const versionId = planVersionId?.toLowerCase() ?? null;
  await checkPlanVersions(database.db, scope, [{ path: 'planVersionId', id: versionId }]);
  await database.db.transaction(async (tx) => {
    await tx.update(assessmentActions).set({ planVersionId: versionId }).where(eq(assessmentActions.id, id));
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip: ip ?? null,
      action: 'update',
      entityType: 'assessment_action',
      entityId: id,
      before: { planVersionId: found.action.planVersionId },
      after: { planVersionId: versionId },
    });
  });
  const refs = versionId ? await plansVersionsByIds(database.db, scope, [versionId]) : new Map();
  return { id, planVersion: versionId ? (refs.get(versionId) ?? null) : null };
}
