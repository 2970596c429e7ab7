/**
 * Links from assessment records (a review's actions, lessons, self-assessment evidence) to the plan version they
 * changed. A plan version may be linked when its plan belongs to a place within the reader's assessment scope or
 * to a place above it (the district's plan governs its townships), as the plans feature shows plans.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Scope } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { planVersions, plans } from '../plans/index.ts';

/** The plan's place lies within the scope, or above a place of it. */
export function planPlaceVisible(scope: Scope, planPath: string): boolean {
  return scope.paths.some((p) => planPath.startsWith(p) || p.startsWith(planPath));
}

export interface PlanVersionRef {
  id: string;
  planId: string;
  planCode: string;
  planTitle: string;
  planTitleEn: string;
  version: number;
  status: string;
}

const columns = {
  id: planVersions.id,
  planId: plans.id,
  planCode: plans.code,
  planTitle: plans.name,
  planTitleEn: plans.nameEn,
  version: planVersions.version,
  status: planVersions.status,
  path: jurisdictions.path,
};

/** Every plan version the scope may link to, newest version of each plan first. */
export async function linkablePlanVersions(db: Executor, scope: Scope): Promise<PlanVersionRef[]> {
  const rows = await db
    .select(columns)
    .from(planVersions)
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, plans.jurisdictionId))
    .orderBy(plans.code, desc(planVersions.version));
  return rows.filter((r) => planPlaceVisible(scope, r.path)).map(({ path: _p, ...r }) => r);
}

/** The plan versions among `ids` the scope may link to, by id (others are absent). */
export async function plansVersionsByIds(db: Executor, scope: Scope, ids: readonly string[]): Promise<Map<string, PlanVersionRef>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select(columns)
    .from(planVersions)
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, plans.jurisdictionId))
    .where(and(inArray(planVersions.id, [...new Set(ids.map((x) => x.toLowerCase()))])));
  return new Map(rows.filter((r) => planPlaceVisible(scope, r.path)).map(({ path: _p, ...r }) => [r.id, r]));
}

/** The short reference an action view shows (null: none, or not linkable by the reader). */
export function planVersionRef(versions: Map<string, PlanVersionRef>, id: string | null) {
  const v = id ? versions.get(id) : undefined;
  return v ? { id: v.id, planId: v.planId, planTitle: v.planTitle, planTitleEn: v.planTitleEn, version: v.version } : null;
}
