/**
 * Every query on incidents, their timeline, levels activated and command structure. Queries of the incidents
 * table apply the caller's scope; the child tables are reached only through an incident already found in scope.
 */
import { and, asc, count, desc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { ROLES, type Right, isRoleId } from '../../platform/auth/rights.ts';
import { type Scope, inScope } from '../../platform/auth/scope.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions, userRoles, users } from '../../platform/db/platform.tables.ts';
import { alerts } from '../alerts/index.ts';
import { caseReports } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { planVersions, plans } from '../plans/index.ts';
import { agencies } from '../registry/index.ts';
import { grantsOf } from '../users/index.ts';
import type { IncidentEventView, IncidentRoleView, IncidentSummary, IncidentView } from './incidents.schema.ts';
import {
  incidentCases,
  incidentEvents,
  incidentLevelActivations,
  incidentRoles,
  type ResponseLevel,
  incidents,
} from './incidents.tables.ts';

export type IncidentRow = typeof incidents.$inferSelect;
export type IncidentRecord = IncidentRow & { jurisdictionPath: string };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** One incident in scope with its jurisdiction's path; `lock` holds the row for the transaction. */
export async function findIncident(
  db: Executor | Tx,
  scope: Scope,
  id: string,
  options: { lock?: boolean } = {},
): Promise<IncidentRecord | undefined> {
  const query = db
    .select({ incident: incidents, jurisdictionPath: jurisdictions.path })
    .from(incidents)
    .innerJoin(jurisdictions, eq(jurisdictions.id, incidents.jurisdictionId))
    .where(and(eq(incidents.id, id), inScope(scope, incidents.jurisdictionId)));
  const [row] = options.lock ? await query.for('update', { of: incidents }) : await query;
  return row ? { ...row.incident, jurisdictionPath: row.jurisdictionPath } : undefined;
}

const summaryColumns = {
  incident: incidents,
  diseaseName: diseases.name,
  diseaseNameEn: diseases.nameEn,
  jurisdictionName: jurisdictions.name,
  jurisdictionNameEn: jurisdictions.nameEn,
};

function toSummary(r: {
  incident: IncidentRow;
  diseaseName: string | null;
  diseaseNameEn: string | null;
  jurisdictionName: string;
  jurisdictionNameEn: string;
}): IncidentSummary {
  const i = r.incident;
  return {
    id: i.id,
    code: i.code,
    title: i.title,
    status: i.status,
    responseLevel: i.responseLevel,
    diseaseId: i.diseaseId,
    diseaseName: r.diseaseName,
    diseaseNameEn: r.diseaseNameEn,
    jurisdictionId: i.jurisdictionId,
    jurisdictionName: r.jurisdictionName,
    jurisdictionNameEn: r.jurisdictionNameEn,
    startedAt: i.startedAt.toISOString(),
    closedAt: iso(i.closedAt),
    updatedAt: i.updatedAt.toISOString(),
    exercise: i.exerciseId !== null,
    exerciseId: i.exerciseId,
  };
}

/** A page of incidents in scope: open ones first, then the most recent. */
export async function listIncidents(
  db: Executor,
  scope: Scope,
  query: { status?: 'open' | 'closed'; q?: string; page: number; pageSize: number },
): Promise<{ items: IncidentSummary[]; total: number; page: number; pageSize: number }> {
  const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : undefined;
  const where = and(
    inScope(scope, incidents.jurisdictionId),
    query.status ? eq(incidents.status, query.status) : undefined,
    pattern ? or(ilike(incidents.title, pattern), ilike(incidents.code, pattern)) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select(summaryColumns)
      .from(incidents)
      .innerJoin(jurisdictions, eq(jurisdictions.id, incidents.jurisdictionId))
      .leftJoin(diseases, eq(diseases.id, incidents.diseaseId))
      .where(where)
      .orderBy(sql`CASE WHEN ${incidents.status} = 'open' THEN 0 ELSE 1 END`, desc(incidents.startedAt), desc(incidents.code))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(incidents).where(where),
  ]);
  return { items: rows.map(toSummary), total: total?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

const creator = alias(users, 'incident_creator');

/** The full view of an incident (the caller has found it in scope). */
export async function incidentView(db: Executor, id: string): Promise<IncidentView | undefined> {
  const [row] = await db
    .select({
      ...summaryColumns,
      alertCode: alerts.code,
      planName: plans.name,
      planNameEn: plans.nameEn,
      createdByName: creator.displayName,
    })
    .from(incidents)
    .innerJoin(jurisdictions, eq(jurisdictions.id, incidents.jurisdictionId))
    .leftJoin(diseases, eq(diseases.id, incidents.diseaseId))
    .leftJoin(alerts, eq(alerts.id, incidents.alertId))
    .leftJoin(plans, eq(plans.id, incidents.planId))
    .leftJoin(creator, eq(creator.id, incidents.createdBy))
    .where(eq(incidents.id, id));
  if (!row) return undefined;
  const i = row.incident;
  const [activations, roles, inForce] = await Promise.all([
    db
      .select({ a: incidentLevelActivations, version: planVersions.version })
      .from(incidentLevelActivations)
      .leftJoin(planVersions, eq(planVersions.id, incidentLevelActivations.planVersionId))
      .where(eq(incidentLevelActivations.incidentId, id))
      .orderBy(asc(incidentLevelActivations.activatedAt)),
    currentRoles(db, id),
    i.planId ? versionInForce(db, i.planId) : Promise.resolve(undefined),
  ]);
  const groups = inForce?.content.headquarters.workingGroups ?? [];
  const groupName = new Map(groups.map((g) => [g.id!, g.name]));
  return {
    ...toSummary(row),
    description: i.description,
    summary: i.summary,
    alertId: i.alertId,
    alertCode: row.alertCode,
    planId: i.planId,
    planName: row.planName,
    planNameEn: row.planNameEn,
    createdBy: i.createdBy ? { id: i.createdBy, displayName: row.createdByName ?? '' } : null,
    createdAt: i.createdAt.toISOString(),
    activations: activations.map(({ a, version }) => ({
      level: a.level,
      activatedAt: a.activatedAt.toISOString(),
      taskCount: a.taskCount,
      planVersionId: a.planVersionId,
      planVersion: version,
    })),
    roles: roles.map((r) => ({
      ...r,
      workingGroupName: r.workingGroupId ? (groupName.get(r.workingGroupId)?.zh ?? null) : null,
      workingGroupNameEn: r.workingGroupId ? (groupName.get(r.workingGroupId)?.en ?? null) : null,
    })),
    workingGroups: groups.map((g) => ({ id: g.id!, name: g.name.zh, nameEn: g.name.en })),
  };
}

/** The approved version of a plan (its content), if any. */
export async function versionInForce(db: Executor, planId: string) {
  const [row] = await db
    .select()
    .from(planVersions)
    .where(and(eq(planVersions.planId, planId), eq(planVersions.status, 'approved')));
  return row;
}

/** A plan's identity (unscoped: the caller has authorised the incident that runs under it). */
export async function planIdentity(db: Executor, planId: string) {
  const [row] = await db
    .select({ id: plans.id, code: plans.code, name: plans.name, nameEn: plans.nameEn })
    .from(plans)
    .where(eq(plans.id, planId));
  return row;
}

/** Whether a level was already activated (its measures launched) in an incident. */
export async function levelActivated(db: Executor, incidentId: string, level: ResponseLevel): Promise<boolean> {
  const [row] = await db
    .select({ id: incidentLevelActivations.id })
    .from(incidentLevelActivations)
    .where(and(eq(incidentLevelActivations.incidentId, incidentId), eq(incidentLevelActivations.level, level)));
  return row !== undefined;
}

/** The current posts of an incident's command structure (without working-group names). */
export async function currentRoles(
  db: Executor,
  incidentId: string,
): Promise<Omit<IncidentRoleView, 'workingGroupName' | 'workingGroupNameEn'>[]> {
  const rows = await db
    .select({ r: incidentRoles, displayName: users.displayName, agencyName: agencies.name, agencyNameEn: agencies.nameEn })
    .from(incidentRoles)
    .innerJoin(users, eq(users.id, incidentRoles.userId))
    .leftJoin(agencies, eq(agencies.id, incidentRoles.agencyId))
    .where(and(eq(incidentRoles.incidentId, incidentId), isNull(incidentRoles.endedAt)))
    .orderBy(
      sql`array_position(ARRAY['commander','deputy_commander','group_lead','agency_liaison','member']::text[], ${incidentRoles.role})`,
      asc(incidentRoles.workingGroupId),
      asc(agencies.code),
      asc(incidentRoles.assignedAt),
    );
  return rows.map(({ r, displayName, agencyName, agencyNameEn }) => ({
    id: r.id,
    role: r.role,
    workingGroupId: r.workingGroupId,
    agencyId: r.agencyId,
    agencyName,
    agencyNameEn,
    user: { id: r.userId, displayName },
    assignedAt: r.assignedAt.toISOString(),
    endedAt: iso(r.endedAt),
  }));
}

const author = alias(users, 'event_author');
const approver = alias(users, 'event_approver');

/** The incident's timeline, oldest first. */
export async function listEvents(db: Executor, incidentId: string): Promise<IncidentEventView[]> {
  const rows = await db
    .select({ e: incidentEvents, authorName: author.displayName, approverName: approver.displayName })
    .from(incidentEvents)
    .leftJoin(author, eq(author.id, incidentEvents.authorId))
    .leftJoin(approver, eq(approver.id, incidentEvents.approverId))
    .where(eq(incidentEvents.incidentId, incidentId))
    .orderBy(asc(incidentEvents.occurredAt), asc(incidentEvents.createdAt));
  return rows.map(({ e, authorName, approverName }) => ({
    id: e.id,
    kind: e.kind,
    occurredAt: e.occurredAt.toISOString(),
    text: e.text,
    fromLevel: e.fromLevel,
    toLevel: e.toLevel,
    approver: e.approverId ? { id: e.approverId, displayName: approverName ?? '' } : null,
    author: e.authorId ? { id: e.authorId, displayName: authorName ?? '' } : null,
    data: e.data,
    createdAt: e.createdAt.toISOString(),
  }));
}

export async function insertEvent(tx: Tx, values: typeof incidentEvents.$inferInsert) {
  const [row] = await tx.insert(incidentEvents).values(values).returning();
  return row!;
}

/** Whether a user (enabled) holds `right` at a place (its path), through any role. */
export async function userHoldsRightAt(db: Executor, userId: string, right: Right, path: string): Promise<boolean> {
  const [user] = await db.select({ disabled: users.disabled }).from(users).where(eq(users.id, userId));
  if (!user || user.disabled) return false;
  const grants = (await grantsOf(db, [userId])).get(userId) ?? [];
  return grants.some(
    (g) => isRoleId(g.role) && (ROLES[g.role].rights as readonly Right[]).includes(right) && path.startsWith(g.jurisdictionPath),
  );
}

/**
 * People who can take part in an incident: enabled users holding a role at the incident's area, above it or
 * within it, with their agency and whether they may approve level changes.
 */
export async function peopleFor(db: Executor, path: string) {
  const rows = await db
    .selectDistinct({
      id: users.id,
      displayName: users.displayName,
      agencyId: users.agencyId,
      agencyName: agencies.name,
      agencyNameEn: agencies.nameEn,
    })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(jurisdictions, eq(jurisdictions.id, userRoles.jurisdictionId))
    .leftJoin(agencies, eq(agencies.id, users.agencyId))
    .where(
      and(eq(users.disabled, false), or(sql`${path} LIKE ${jurisdictions.path} || '%'`, sql`${jurisdictions.path} LIKE ${path} || '%'`)),
    )
    .orderBy(asc(users.displayName));
  const grants = await grantsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    ...r,
    canApproveLevel: (grants.get(r.id) ?? []).some(
      (g) =>
        isRoleId(g.role) && (ROLES[g.role].rights as readonly Right[]).includes('response.level') && path.startsWith(g.jurisdictionPath),
    ),
  }));
}

/** Users of an agency who hold `right` over the place at `path` (enabled), by name: liaison candidates. */
export async function agencyStaffFor(db: Executor, agencyIds: string[], right: Right, path: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (agencyIds.length === 0) return out;
  const rows = await db
    .select({ id: users.id, agencyId: users.agencyId })
    .from(users)
    .where(and(inArray(users.agencyId, agencyIds), eq(users.disabled, false)))
    .orderBy(asc(users.displayName), asc(users.username));
  const grants = await grantsOf(
    db,
    rows.map((r) => r.id),
  );
  for (const r of rows) {
    if (!r.agencyId || out.has(r.agencyId)) continue;
    const ok = (grants.get(r.id) ?? []).some(
      (g) =>
        isRoleId(g.role) &&
        (ROLES[g.role].rights as readonly Right[]).includes(right) &&
        (path.startsWith(g.jurisdictionPath) || g.jurisdictionPath.startsWith(path)),
    );
    if (ok) out.set(r.agencyId, r.id);
  }
  return out;
}

const linker = alias(users, 'case_linker');

/** The current case links of an incident (the caller found the incident in scope), oldest first. */
export async function currentCaseLinks(db: Executor, incidentId: string) {
  const rows = await db
    .select({ link: incidentCases, linkerName: linker.displayName })
    .from(incidentCases)
    .leftJoin(linker, eq(linker.id, incidentCases.linkedBy))
    .where(and(eq(incidentCases.incidentId, incidentId), isNull(incidentCases.unlinkedAt)))
    .orderBy(asc(incidentCases.linkedAt));
  return rows.map(({ link, linkerName }) => ({ ...link, linkedByName: linkerName }));
}

/**
 * The current link of a case to an incident, locked for the transaction, with the case's residence: the link is
 * about that person, so its audit entries are filed under that place (audit-policies.ts, incident_case).
 */
export async function findCaseLink(tx: Tx, incidentId: string, caseId: string) {
  const [row] = await tx
    .select({ link: incidentCases, caseJurisdictionId: caseReports.jurisdictionId })
    .from(incidentCases)
    .innerJoin(caseReports, eq(caseReports.id, incidentCases.caseId))
    .where(and(eq(incidentCases.incidentId, incidentId), eq(incidentCases.caseId, caseId), isNull(incidentCases.unlinkedAt)))
    .for('update', { of: incidentCases });
  return row && { ...row.link, caseJurisdictionId: row.caseJurisdictionId };
}

export async function insertCaseLinks(tx: Tx, values: (typeof incidentCases.$inferInsert)[]) {
  if (values.length === 0) return [];
  return tx.insert(incidentCases).values(values).onConflictDoNothing().returning();
}

export async function endCaseLink(tx: Tx, id: string, by: string, reason: string) {
  const [row] = await tx
    .update(incidentCases)
    .set({ unlinkedAt: new Date(), unlinkedBy: by, unlinkReason: reason })
    .where(eq(incidentCases.id, id))
    .returning();
  return row!;
}
