/**
 * Every query on plans and plan_versions. Reads and writes apply the caller's scope to the plan's
 * jurisdiction; a plan outside it is simply not found.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Scope } from '../../platform/auth/scope.ts';
import { inScope } from '../../platform/auth/scope.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { agencies } from '../registry/index.ts';
import type { PlanContent } from './plans.content.ts';
import type { PlanSummary, PlanVersionSummary, PlanVersionView } from './plans.schema.ts';
import { type PlanVersionStatus, planVersions, plans } from './plans.tables.ts';

export type PlanRow = typeof plans.$inferSelect;
export type PlanVersionRow = typeof planVersions.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const OPEN_STATUSES: PlanVersionStatus[] = ['draft', 'in_review', 'returned'];

/** The plan rows in scope (optionally one), with their jurisdiction's names and path. */
async function planRows(db: Executor, scope: Scope, id?: string) {
  return db
    .select({
      plan: plans,
      jurisdictionName: jurisdictions.name,
      jurisdictionNameEn: jurisdictions.nameEn,
      jurisdictionPath: jurisdictions.path,
    })
    .from(plans)
    .innerJoin(jurisdictions, eq(jurisdictions.id, plans.jurisdictionId))
    .where(and(inScope(scope, plans.jurisdictionId), id ? eq(plans.id, id) : undefined))
    .orderBy(asc(plans.code));
}

/** Plans in scope, each with its version in force and the version being worked on. */
export async function listPlans(db: Executor, scope: Scope, id?: string): Promise<(PlanSummary & { jurisdictionPath: string })[]> {
  const rows = await planRows(db, scope, id);
  if (rows.length === 0) return [];
  const versions = await db
    .select({
      id: planVersions.id,
      planId: planVersions.planId,
      version: planVersions.version,
      status: planVersions.status,
      approvedAt: planVersions.approvedAt,
    })
    .from(planVersions)
    .where(
      and(
        inArray(
          planVersions.planId,
          rows.map((r) => r.plan.id),
        ),
        inArray(planVersions.status, ['approved', ...OPEN_STATUSES]),
      ),
    );
  return rows.map(({ plan, jurisdictionName, jurisdictionNameEn, jurisdictionPath }) => {
    const ref = (v: (typeof versions)[number] | undefined) =>
      v ? { id: v.id, version: v.version, status: v.status, approvedAt: iso(v.approvedAt) } : null;
    return {
      id: plan.id,
      code: plan.code,
      name: plan.name,
      nameEn: plan.nameEn,
      jurisdictionId: plan.jurisdictionId,
      jurisdictionName,
      jurisdictionNameEn,
      jurisdictionPath,
      inForce: ref(versions.find((v) => v.planId === plan.id && v.status === 'approved')),
      openVersion: ref(versions.find((v) => v.planId === plan.id && OPEN_STATUSES.includes(v.status))),
      updatedAt: plan.updatedAt.toISOString(),
    };
  });
}

/** One plan row in scope, locked for the rest of the transaction (workflow steps take turns per plan). */
export async function lockPlan(tx: Tx, scope: Scope, id: string): Promise<(PlanRow & { jurisdictionPath: string }) | undefined> {
  const [row] = await tx
    .select({ plan: plans, jurisdictionPath: jurisdictions.path })
    .from(plans)
    .innerJoin(jurisdictions, eq(jurisdictions.id, plans.jurisdictionId))
    .where(and(eq(plans.id, id), inScope(scope, plans.jurisdictionId)))
    .for('update', { of: plans });
  return row ? { ...row.plan, jurisdictionPath: row.jurisdictionPath } : undefined;
}

const createdByUser = alias(users, 'created_by_user');
const lastEditedByUser = alias(users, 'last_edited_by_user');
const submittedByUser = alias(users, 'submitted_by_user');
const reviewedByUser = alias(users, 'reviewed_by_user');

/** Versions of a plan (the plan must already be known to be in scope), newest first, with people's names. */
export async function listVersions(
  db: Executor,
  planId: string,
  versionId?: string,
): Promise<(PlanVersionSummary & { content: PlanContent; planId: string })[]> {
  const rows = await db
    .select({
      v: planVersions,
      createdByName: createdByUser.displayName,
      lastEditedByName: lastEditedByUser.displayName,
      submittedByName: submittedByUser.displayName,
      reviewedByName: reviewedByUser.displayName,
    })
    .from(planVersions)
    .leftJoin(createdByUser, eq(createdByUser.id, planVersions.createdBy))
    .leftJoin(lastEditedByUser, eq(lastEditedByUser.id, planVersions.lastEditedBy))
    .leftJoin(submittedByUser, eq(submittedByUser.id, planVersions.submittedBy))
    .leftJoin(reviewedByUser, eq(reviewedByUser.id, planVersions.reviewedBy))
    .where(and(eq(planVersions.planId, planId), versionId ? eq(planVersions.id, versionId) : undefined))
    .orderBy(desc(planVersions.version));
  const person = (id: string | null, name: string | null) => (id ? { id, displayName: name ?? '' } : null);
  return rows.map(({ v, createdByName, lastEditedByName, submittedByName, reviewedByName }) => ({
    id: v.id,
    planId: v.planId,
    version: v.version,
    status: v.status,
    content: v.content,
    changeNote: v.changeNote,
    reviewComment: v.reviewComment,
    createdBy: person(v.createdBy, createdByName),
    lastEditedBy: person(v.lastEditedBy, lastEditedByName),
    submittedBy: person(v.submittedBy, submittedByName),
    submittedAt: iso(v.submittedAt),
    reviewedBy: person(v.reviewedBy, reviewedByName),
    reviewedAt: iso(v.reviewedAt),
    approvedAt: iso(v.approvedAt),
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
  }));
}

/** One version row of a plan. */
export async function findVersionRow(db: Executor, planId: string, versionId: string): Promise<PlanVersionRow | undefined> {
  const [row] = await db
    .select()
    .from(planVersions)
    .where(and(eq(planVersions.planId, planId), eq(planVersions.id, versionId)));
  return row;
}

/** The version being worked on (draft, in review or returned), if any. */
export async function findOpenVersion(db: Executor, planId: string): Promise<PlanVersionRow | undefined> {
  const [row] = await db
    .select()
    .from(planVersions)
    .where(and(eq(planVersions.planId, planId), inArray(planVersions.status, OPEN_STATUSES)));
  return row;
}

/** The approved version in force, if any. */
export async function findVersionInForce(db: Executor, planId: string): Promise<PlanVersionRow | undefined> {
  const [row] = await db
    .select()
    .from(planVersions)
    .where(and(eq(planVersions.planId, planId), eq(planVersions.status, 'approved')));
  return row;
}

export async function nextVersionNumber(db: Executor, planId: string): Promise<number> {
  const [row] = await db
    .select({ max: sql<number>`coalesce(max(${planVersions.version}), 0)::int` })
    .from(planVersions)
    .where(eq(planVersions.planId, planId));
  return (row?.max ?? 0) + 1;
}

/** Which of the given agency ids exist. */
export async function existingAgencyIds(db: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: agencies.id })
    .from(agencies)
    .where(inArray(agencies.id, [...new Set(ids)]));
  return new Set(rows.map((r) => r.id));
}

export async function planCodeTaken(db: Executor, code: string): Promise<boolean> {
  const [row] = await db.select({ id: plans.id }).from(plans).where(eq(plans.code, code));
  return row !== undefined;
}

/**
 * Plans with a version in force whose area contains the jurisdiction at `path` (the plan's jurisdiction is
 * the place itself or one of its ancestors), nearest area first. Unscoped: the caller has authorised the
 * incident and an incident runs under its area's plan.
 */
export async function plansCovering(
  db: Executor,
  path: string,
): Promise<{ id: string; code: string; name: string; nameEn: string; versionId: string; depth: number }[]> {
  const rows = await db
    .select({
      id: plans.id,
      code: plans.code,
      name: plans.name,
      nameEn: plans.nameEn,
      versionId: planVersions.id,
      depth: sql<number>`length(${jurisdictions.path})`,
    })
    .from(plans)
    .innerJoin(jurisdictions, eq(jurisdictions.id, plans.jurisdictionId))
    .innerJoin(planVersions, and(eq(planVersions.planId, plans.id), eq(planVersions.status, 'approved')))
    .where(sql`${path} LIKE ${jurisdictions.path} || '%'`)
    .orderBy(desc(sql`length(${jurisdictions.path})`), asc(plans.code));
  return rows;
}

export type { PlanVersionView };
