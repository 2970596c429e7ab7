/** Every query of reviews and their actions (scoped by the caller's path check on the review's jurisdiction). */
import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { inScope, type Scope } from '../../platform/auth/scope.ts';
import { incidents } from '../incidents/index.ts';
import { agencies } from '../registry/index.ts';
import { OPEN_TASK_STATUSES, tasks } from '../tasks/index.ts';
import { assessmentActions, assessmentReviews } from './assessment.tables.ts';

export type ReviewRow = typeof assessmentReviews.$inferSelect;
export type ActionRow = typeof assessmentActions.$inferSelect;

/** A review with its jurisdiction's path, or undefined. */
export async function findReview(db: Executor, id: string) {
  const [row] = await db
    .select({ review: assessmentReviews, path: jurisdictions.path })
    .from(assessmentReviews)
    .innerJoin(jurisdictions, eq(jurisdictions.id, assessmentReviews.jurisdictionId))
    .where(eq(assessmentReviews.id, id));
  return row ? { ...row.review, jurisdictionPath: row.path } : undefined;
}

export function listReviewRows(db: Executor, scope: Scope, filter: SQL | undefined) {
  return db
    .select()
    .from(assessmentReviews)
    .where(and(inScope(scope, assessmentReviews.jurisdictionId), filter))
    .orderBy(desc(assessmentReviews.reviewDate), desc(assessmentReviews.code));
}

export function actionRowsOf(db: Executor, reviewIds: string[]) {
  if (reviewIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      action: assessmentActions,
      agencyName: agencies.name,
      agencyNameEn: agencies.nameEn,
      task: { id: tasks.id, code: tasks.code, status: tasks.status, dueAt: tasks.dueAt, completedAt: tasks.completedAt },
    })
    .from(assessmentActions)
    .innerJoin(agencies, eq(agencies.id, assessmentActions.ownerAgencyId))
    .leftJoin(tasks, eq(tasks.id, assessmentActions.taskId))
    .where(inArray(assessmentActions.reviewId, reviewIds))
    .orderBy(asc(assessmentActions.position));
}

export async function agencyNames(db: Executor, ids: string[]) {
  if (ids.length === 0) return new Map<string, { id: string; name: string; nameEn: string }>();
  const rows = await db
    .select({ id: agencies.id, name: agencies.name, nameEn: agencies.nameEn })
    .from(agencies)
    .where(inArray(agencies.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function incidentRefs(db: Executor, ids: string[]) {
  if (ids.length === 0) return new Map<string, { id: string; code: string; title: string; status: string }>();
  const rows = await db
    .select({ id: incidents.id, code: incidents.code, title: incidents.title, status: incidents.status })
    .from(incidents)
    .where(inArray(incidents.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function userNames(db: Executor, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The incident a review is about, with its area's path (for the scope check). */
export async function incidentForReview(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: incidents.id,
      status: incidents.status,
      jurisdictionId: incidents.jurisdictionId,
      startedAt: incidents.startedAt,
      path: jurisdictions.path,
    })
    .from(incidents)
    .innerJoin(jurisdictions, eq(jurisdictions.id, incidents.jurisdictionId))
    .where(eq(incidents.id, id));
  return row;
}

export async function jurisdictionPathOf(db: Executor, id: string) {
  const [row] = await db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, id));
  return row?.path;
}

export { OPEN_TASK_STATUSES };
