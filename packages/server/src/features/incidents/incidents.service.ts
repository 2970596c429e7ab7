/**
 * Rules of incidents under command (DOMAIN.md §4): opening (from a confirmed alert or by hand), response
 * levels I–IV set / raised / lowered / ended with reason and a named approver, the command structure, the
 * significant-events log and stand-down. Reads need `incidents.read`, changes `incidents.command`, level
 * changes `response.level`, each within the incident's area (404 outside). Every change is audited, written on
 * the timeline and announced on the live topic 'incidents' in its transaction.
 *
 * Activating a level (the first time in an incident) turns that level's measures, from the plan version in
 * force, into tasks for the responsible agencies (createTasks, origin 'plan_measure') and staffs the command
 * structure: the acting commander when there is none, and a liaison for each agency given a measure.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Right } from '../../platform/auth/rights.ts';
import { type Principal, type Scope, inScope, inScopePath, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { conflict, notFound, validationFailed } from '../../platform/errors.ts';
import { publishLive } from '../../platform/live/live.ts';
import { runHook } from '../../platform/hooks/hooks.ts';
import { districtDate, districtInstant } from '../../platform/time/district-time.ts';
import { alerts } from '../alerts/index.ts';
import { type CaseSetCriteria, caseIdsOf, caseLineListFor, countCaseSet, earliestOnsetOf, readableCaseRef } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { caseSetsOfAlert } from '../detection/index.ts';
import { notify } from '../notifications/index.ts';
import { measuresOf } from '../plans/index.ts';
import { listPlans, plansCovering } from '../plans/index.ts';
import type {
  IncidentCaseLink,
  IncidentCasesView,
  IncidentCreate,
  IncidentPatch,
  IncidentView,
  LevelChange,
  PlanCoverage,
  RoleAssign,
  StandDown,
} from './incidents.schema.ts';
import {
  type IncidentRecord,
  agencyStaffFor,
  currentCaseLinks,
  currentRoles,
  endCaseLink,
  findCaseLink,
  insertCaseLinks,
  findIncident,
  incidentView,
  insertEvent,
  levelActivated,
  listEvents,
  listIncidents,
  peopleFor,
  planIdentity,
  userHoldsRightAt,
  versionInForce,
} from './incidents.store.ts';
import './incidents.hooks.ts';
import {
  type IncidentEventKind,
  type IncidentRole,
  incidentLevelActivations,
  incidentRoles,
  RESPONSE_LEVELS,
  type ResponseLevel,
  incidents,
} from './incidents.tables.ts';

const actorOf = (p: Principal) => ({ id: p.id, username: p.username });

/** Level names for notifications (server texts are bilingual data, like task titles). */
const LEVEL_NAME: Record<ResponseLevel, { zh: string; en: string }> = {
  I: { zh: 'Ⅰ级（特别重大）', en: 'level I (particularly serious)' },
  II: { zh: 'Ⅱ级（重大）', en: 'level II (serious)' },
  III: { zh: 'Ⅲ级（较大）', en: 'level III (larger)' },
  IV: { zh: 'Ⅳ级（一般）', en: 'level IV (general)' },
};

const districtDay = districtDate;
/** 00:00 district time of a district day. */
const startOfDistrictDay = (day: string) => districtInstant(day, '00:00');

/**
 * The outbreak's start suggested for an incident opened from an alert: 00:00 (district time) of the earliest onset
 * among the cases behind the alert's signals — the outbreak began then, not when detection noticed it — else the
 * alert's first signal.
 */
async function suggestedStart(db: Database['db'] | Tx, alert: { id: string; firstSignalAt: Date | null }) {
  const sets = await caseSetsOfAlert(db, alert.id);
  const earliestOnset = await earliestOnsetOf(db, sets);
  return { sets, earliestOnset, startedAt: earliestOnset ? startOfDistrictDay(earliestOnset) : alert.firstSignalAt };
}

/** Severity rank: I = 0 (most severe) … IV = 3. */
const rank = (level: ResponseLevel) => RESPONSE_LEVELS.indexOf(level);

async function announce(tx: Tx, incident: { id: string; jurisdictionPath: string }, action: string): Promise<void> {
  await publishLive(tx, {
    topic: 'incidents',
    id: incident.id,
    action,
    right: 'incidents.read',
    jurisdictionPath: incident.jurisdictionPath,
  });
}

async function viewOf(database: Database, id: string): Promise<IncidentView> {
  const view = await incidentView(database.db, id);
  if (!view) throw notFound('incident');
  return view;
}

// ── reads ───────────────────────────────────────────────────────────────────────────────────────

export async function listIncidentsFor(database: Database, principal: Principal, query: Parameters<typeof listIncidents>[2]) {
  const scope = scopeFor(principal, 'incidents.read');
  return listIncidents(database.db, scope, query);
}

export async function getIncident(database: Database, principal: Principal, id: string): Promise<IncidentView> {
  const scope = scopeFor(principal, 'incidents.read');
  if (!(await findIncident(database.db, scope, id))) throw notFound('incident');
  return viewOf(database, id);
}

export async function getTimeline(database: Database, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'incidents.read');
  if (!(await findIncident(database.db, scope, id))) throw notFound('incident');
  return { items: await listEvents(database.db, id) };
}

/** The people who can be staffed or named approver in an incident. */
export async function getPeople(database: Database, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'incidents.read');
  const incident = await findIncident(database.db, scope, id);
  if (!incident) throw notFound('incident');
  return { items: await peopleFor(database.db, incident.jurisdictionPath) };
}

/** What the "open incident" form offers: diseases, plans in force in the area, and the alert to open from. */
export async function getFormOptions(database: Database, principal: Principal, alertId: string | undefined) {
  const scope = scopeFor(principal, 'incidents.command');
  const db = database.db;
  const diseaseRows = await db
    .select({ id: diseases.id, code: diseases.code, name: diseases.name, nameEn: diseases.nameEn })
    .from(diseases)
    .where(eq(diseases.active, true))
    .orderBy(asc(diseases.code));
  let planItems: { id: string; code: string; name: string; nameEn: string; jurisdictionId: string }[] = [];
  try {
    planItems = (await listPlans(db, scopeFor(principal, 'plans.read')))
      .filter((p) => p.inForce)
      .map((p) => ({ id: p.id, code: p.code, name: p.name, nameEn: p.nameEn, jurisdictionId: p.jurisdictionId }));
  } catch {
    planItems = []; // no plans.read: the incident takes the area's plan by default
  }
  let alert = null;
  if (alertId) {
    const [row] = await db
      .select({ a: alerts, incidentId: incidents.id })
      .from(alerts)
      .leftJoin(incidents, eq(incidents.alertId, alerts.id))
      .where(and(eq(alerts.id, alertId), inScope(scope, alerts.jurisdictionId)));
    if (!row) throw notFound('alert');
    const start = await suggestedStart(db, row.a);
    const caseCount = await countCaseSet(db, start.sets);
    alert = {
      id: row.a.id,
      code: row.a.code,
      title: row.a.title,
      status: row.a.status,
      diseaseId: row.a.diseaseId,
      jurisdictionId: row.a.jurisdictionId,
      firstSignalAt: row.a.firstSignalAt?.toISOString() ?? null,
      earliestOnset: start.earliestOnset,
      suggestedStartAt: start.startedAt?.toISOString() ?? null,
      cases: caseCount,
      incidentId: row.incidentId,
    };
  }
  return { diseases: diseaseRows, plans: planItems, alert };
}

// ── writes ──────────────────────────────────────────────────────────────────────────────────────

/** Runs `fn` on an open incident in the scope of `right`, locked for the transaction. */
async function onOpenIncident<T>(
  database: Database,
  principal: Principal,
  rights: Right[],
  id: string,
  fn: (tx: Tx, incident: IncidentRecord, scope: Scope) => Promise<T>,
): Promise<T> {
  const scopes = rights.map((r) => scopeFor(principal, r));
  return database.db.transaction(async (tx) => {
    let incident: IncidentRecord | undefined;
    for (const scope of scopes) {
      incident = await findIncident(tx, scope, id, { lock: true });
      if (!incident) throw notFound('incident');
    }
    if (incident!.status === 'closed') throw conflict('incident_closed', 'The incident is closed (stood down)', { status: 'closed' });
    return fn(tx, incident!, scopes[0]!);
  });
}

/**
 * The named approver of a level change or stand-down: another person (four eyes: the requester never approves his
 * own request, 409 `approver_is_requester`) who holds response.level over the incident's area (400 otherwise).
 */
async function requireApprover(tx: Tx, principal: Principal, approverId: string, path: string): Promise<void> {
  if (approverId.toLowerCase() === principal.id) {
    throw conflict(
      'approver_is_requester',
      'Four-eyes rule: the person who requests a level change or stand-down cannot be its approver; name another holder of the right',
      {
        path: 'approverId',
      },
    );
  }
  if (!(await userHoldsRightAt(tx, approverId, 'response.level', path))) {
    throw validationFailed([
      { path: 'approverId', message: 'The approver must be an enabled user who may change the response level for this area' },
    ]);
  }
}

/**
 * Tells the named approver, by name, that a decision was recorded under their approval (also when they read the
 * incident anyway: the area-wide notice does not say that they answer for it).
 */
async function tellApprover(
  tx: Tx,
  principal: Principal,
  approverId: string,
  incident: { id: string; code: string },
  what: { zh: string; en: string },
  text: string,
) {
  await notify(tx, {
    recipients: { userIds: [approverId.toLowerCase()] },
    kind: 'incident.approval',
    severity: 'warning',
    title: `您被记录为批准人：${what.zh}（${principal.displayName || principal.username}提出）`,
    titleEn: `You are recorded as approver: ${what.en} (requested by ${principal.displayName || principal.username})`,
    body: text,
    bodyEn: text,
    link: `/incidents/${incident.id}`,
    entity: { type: 'incident', id: incident.id },
    actorId: principal.id,
  });
}

/** A plan the incident may run under: in force, and covering the incident's area. */
async function checkPlan(tx: Tx, planId: string, path: string): Promise<void> {
  const covering = await plansCovering(tx, path);
  if (!covering.some((p) => p.id === planId))
    throw validationFailed([{ path: 'planId', message: 'No plan in force with this id covers the area' }]);
}

/**
 * Opens an incident, from a confirmed alert (its area, disease and title by default; one incident per alert)
 * or by hand.
 */
export async function openIncident(
  database: Database,
  principal: Principal,
  input: IncidentCreate,
  ip: string | null,
): Promise<IncidentView> {
  const scope = scopeFor(principal, 'incidents.command');
  const id = await database.db.transaction(async (tx) => {
    let alert: typeof alerts.$inferSelect | undefined;
    if (input.alertId) {
      [alert] = await tx
        .select()
        .from(alerts)
        .where(and(eq(alerts.id, input.alertId), inScope(scope, alerts.jurisdictionId)))
        .for('update');
      if (!alert) throw validationFailed([{ path: 'alertId', message: 'No such alert in your area' }]);
      if (alert.status !== 'confirmed') {
        throw conflict('alert_not_confirmed', `Only a confirmed alert opens an incident; this one is '${alert.status}'`, {
          path: 'alertId',
          status: alert.status,
        });
      }
      const [existing] = await tx.select({ id: incidents.id, code: incidents.code }).from(incidents).where(eq(incidents.alertId, alert.id));
      if (existing)
        throw conflict('incident_already_opened', `Incident ${existing.code} was already opened from this alert`, {
          incidentId: existing.id,
        });
    }
    const issues = [];
    const title = input.title ?? alert?.title;
    if (!title) issues.push({ path: 'title', message: 'A title is required' });
    const jurisdictionId = input.jurisdictionId ?? alert?.jurisdictionId;
    if (!jurisdictionId) issues.push({ path: 'jurisdictionId', message: 'The affected area is required' });
    if (issues.length > 0) throw validationFailed(issues);
    const [place] = await tx
      .select({ id: jurisdictions.id, path: jurisdictions.path })
      .from(jurisdictions)
      .where(and(eq(jurisdictions.id, jurisdictionId!), inScopePath(scope, jurisdictions.path)));
    if (!place) throw validationFailed([{ path: 'jurisdictionId', message: 'No such area within yours' }]);
    const diseaseId = input.diseaseId === undefined ? (alert?.diseaseId ?? null) : input.diseaseId;
    if (diseaseId) {
      const [d] = await tx.select({ id: diseases.id }).from(diseases).where(eq(diseases.id, diseaseId));
      if (!d) throw validationFailed([{ path: 'diseaseId', message: 'No such disease' }]);
    }
    let planId = input.planId ?? null;
    if (planId) await checkPlan(tx, planId, place.path);
    else if (input.planId === undefined) planId = (await plansCovering(tx, place.path))[0]?.id ?? null;
    const start = alert ? await suggestedStart(tx, alert) : undefined;
    const startedAt = input.startedAt ? new Date(input.startedAt) : (start?.startedAt ?? new Date());
    const [row] = await tx
      .insert(incidents)
      .values({
        title: title!,
        // the district works in Chinese: the alert's Chinese summary when it has one (alerts before 0018 do not)
        description: input.description ?? (alert?.summaryZh || alert?.summary) ?? '',
        diseaseId,
        jurisdictionId: place.id,
        alertId: alert?.id ?? null,
        planId,
        startedAt,
        // an incident opened from an exercise's alert is the exercise's (docs/exercises.md)
        exerciseId: alert?.exerciseId ?? null,
        createdBy: principal.id,
      })
      .returning();
    await insertEvent(tx, {
      incidentId: row!.id,
      kind: 'opened',
      occurredAt: new Date(),
      text: alert ? `${alert.code} ${alert.title}` : '',
      authorId: principal.id,
      data: alert ? { alertId: alert.id, alertCode: alert.code } : {},
    });
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'incident', entityId: row!.id, after: row });
    if (alert && start) {
      // The cases behind the alert's signals are the outbreak's first cases, wherever they live (a cluster spans
      // townships) and whenever they were reported: linked, so that the figures count them.
      const caseIds = await caseIdsOf(tx, start.sets);
      const linked = await insertCaseLinks(
        tx,
        caseIds.map((caseId) => ({ incidentId: row!.id, caseId, origin: 'alert' as const, reason: alert!.code, linkedBy: principal.id })),
      );
      if (linked.length > 0) {
        await audit(tx, {
          actor: actorOf(principal),
          ip,
          action: 'link_cases',
          entityType: 'incident',
          entityId: row!.id,
          jurisdictionId: place.id,
          after: { origin: 'alert', alertId: alert.id, caseIds: linked.map((l) => l.caseId) },
        });
      }
    }
    await announce(tx, { id: row!.id, jurisdictionPath: place.path }, 'created');
    await notify(tx, {
      recipients: { right: 'incidents.read', jurisdictionId: place.id },
      kind: 'incident.opened',
      severity: 'warning',
      title: `事件已立项：${row!.code} ${row!.title}`,
      titleEn: `Incident opened: ${row!.code} ${row!.title}`,
      link: `/incidents/${row!.id}`,
      entity: { type: 'incident', id: row!.id },
      actorId: principal.id,
    });
    return row!.id;
  });
  return viewOf(database, id);
}

/** Changes an open incident's title, description, disease, start or plan. */
export async function updateIncident(
  database: Database,
  principal: Principal,
  id: string,
  patch: IncidentPatch,
  ip: string | null,
): Promise<IncidentView> {
  await onOpenIncident(database, principal, ['incidents.command'], id, async (tx, before) => {
    if (patch.diseaseId) {
      const [d] = await tx.select({ id: diseases.id }).from(diseases).where(eq(diseases.id, patch.diseaseId));
      if (!d) throw validationFailed([{ path: 'diseaseId', message: 'No such disease' }]);
    }
    if (patch.planId) await checkPlan(tx, patch.planId, before.jurisdictionPath);
    const { jurisdictionPath: _, ...beforeRow } = before;
    const [after] = await tx
      .update(incidents)
      .set({
        ...(patch.title !== undefined && { title: patch.title }),
        ...(patch.description !== undefined && { description: patch.description }),
        ...(patch.diseaseId !== undefined && { diseaseId: patch.diseaseId }),
        ...(patch.startedAt !== undefined && { startedAt: new Date(patch.startedAt) }),
        ...(patch.planId !== undefined && { planId: patch.planId }),
        updatedAt: new Date(),
      })
      .where(eq(incidents.id, id))
      .returning();
    const changed = Object.keys(patch).filter((k) => patch[k as keyof IncidentPatch] !== undefined);
    await insertEvent(tx, { incidentId: id, kind: 'updated', occurredAt: new Date(), authorId: principal.id, data: { fields: changed } });
    await audit(tx, { actor: actorOf(principal), ip, action: 'update', entityType: 'incident', entityId: id, before: beforeRow, after });
    await announce(tx, before, 'updated');
  });
  return viewOf(database, id);
}

/**
 * Instantiates a level's measures (once per incident) from the plan version in force and staffs liaisons for
 * the agencies given a measure. Returns what it did, for the timeline.
 */
async function activateLevel(
  tx: Tx,
  incident: IncidentRecord,
  level: ResponseLevel,
  at: Date,
  principal: Principal,
  ip: string | null,
): Promise<{
  tasksCreated: number;
  alreadyActivated: boolean;
  planVersionId: string | null;
  planVersion: number | null;
  liaisons: number;
}> {
  const [done] = await tx
    .select()
    .from(incidentLevelActivations)
    .where(and(eq(incidentLevelActivations.incidentId, incident.id), eq(incidentLevelActivations.level, level)));
  if (done) return { tasksCreated: 0, alreadyActivated: true, planVersionId: done.planVersionId, planVersion: null, liaisons: 0 };

  let planId = incident.planId;
  if (!planId) {
    planId = (await plansCovering(tx, incident.jurisdictionPath))[0]?.id ?? null;
    if (planId) await tx.update(incidents).set({ planId }).where(eq(incidents.id, incident.id));
  }
  const version = planId ? await versionInForce(tx, planId) : undefined;
  if (!version) {
    // No plan in force: the level still applies (it is a government decision), but there is nothing to launch.
    // The activation is not recorded, so that the measures are launched if the level is entered again under a plan.
    return { tasksCreated: 0, alreadyActivated: false, planVersionId: null, planVersion: null, liaisons: 0 };
  }
  const measures = measuresOf(version.content, level);
  // The tasks feature creates them in this transaction (handler registered in features/feature-hooks.ts).
  const handed = await runHook(tx, 'incidents.tasks-requested', {
    tasks: measures.map((m) => ({
      incidentId: incident.id,
      title: m.title.zh || m.title.en,
      description: [m.description.zh, m.title.en || m.description.en ? `— English —\n${m.title.en}\n${m.description.en}`.trim() : '']
        .filter(Boolean)
        .join('\n\n'),
      assigneeAgencyId: m.agencyId,
      jurisdictionId: incident.jurisdictionId,
      priority: m.priority,
      dueAt: new Date(at.getTime() + m.deadlineHours * 3600_000),
      checklist: m.checklist.map((c) => ({ text: c.en && c.zh ? `${c.zh} / ${c.en}` : c.zh || c.en, done: false })),
      origin: 'plan_measure' as const,
      originRef: m.id,
    })),
    actor: actorOf(principal),
    ip,
    now: at,
  });
  const created = handed.flatMap((r) => r.taskIds);
  await tx
    .insert(incidentLevelActivations)
    .values({ incidentId: incident.id, level, planVersionId: version.id, activatedAt: at, taskCount: created.length });

  // Liaisons: one per agency given a measure, from that agency's staff, unless the agency already has one.
  const agencyIds = [...new Set(measures.map((m) => m.agencyId))];
  const staffed = new Set((await currentRoles(tx, incident.id)).filter((r) => r.role === 'agency_liaison').map((r) => r.agencyId));
  const candidates = await agencyStaffFor(
    tx,
    agencyIds.filter((a) => !staffed.has(a)),
    'tasks.update',
    incident.jurisdictionPath,
  );
  for (const [agencyId, userId] of candidates) {
    await addRole(tx, incident, { role: 'agency_liaison', userId, agencyId }, principal, ip, at);
  }
  return {
    tasksCreated: created.length,
    alreadyActivated: false,
    planVersionId: version.id,
    planVersion: version.version,
    liaisons: candidates.size,
  };
}

async function addRole(
  tx: Tx,
  incident: IncidentRecord,
  input: { role: IncidentRole; userId: string; agencyId?: string | null; workingGroupId?: string | null },
  principal: Principal,
  ip: string | null,
  at = new Date(),
) {
  const [row] = await tx
    .insert(incidentRoles)
    .values({
      incidentId: incident.id,
      role: input.role,
      userId: input.userId,
      agencyId: input.agencyId ?? null,
      workingGroupId: input.workingGroupId ?? null,
      assignedBy: principal.id,
      assignedAt: at,
    })
    .returning();
  await insertEvent(tx, {
    incidentId: incident.id,
    kind: 'staffing',
    occurredAt: at,
    authorId: principal.id,
    data: {
      change: 'assigned',
      role: input.role,
      userId: input.userId,
      agencyId: input.agencyId ?? null,
      workingGroupId: input.workingGroupId ?? null,
    },
  });
  await audit(tx, { actor: actorOf(principal), ip, action: 'assign', entityType: 'incident_role', entityId: row!.id, after: row });
  return row!;
}

/**
 * What entering `to` from the incident's current level launches, worked out as activateLevel does: the plan the
 * incident runs under (else the nearest plan in force covering its area), its version in force and that level's
 * measures — or why nothing is launched. Setting or raising a level with nothing to launch carries a warning.
 */
async function planCoverageOf(db: Database['db'] | Tx, incident: IncidentRecord, to: ResponseLevel | null): Promise<PlanCoverage> {
  const from = incident.responseLevel;
  const none = { planId: null, planCode: null, planName: null, planNameEn: null, planVersionId: null, planVersion: null };
  const plan: { id: string; code: string; name: string; nameEn: string } | undefined = incident.planId
    ? await planIdentity(db, incident.planId)
    : (await plansCovering(db, incident.jurisdictionPath))[0];
  const version = plan ? await versionInForce(db, plan.id) : undefined;
  const planPart =
    plan && version
      ? {
          planId: plan.id,
          planCode: plan.code,
          planName: plan.name,
          planNameEn: plan.nameEn,
          planVersionId: version.id,
          planVersion: version.version,
        }
      : none;
  const result = (
    outcome: PlanCoverage['outcome'],
    measures: { agencyId: string }[] = [],
    warning: string | null = null,
  ): PlanCoverage => ({
    level: to,
    outcome,
    ...planPart,
    measuresLaunched: measures.length,
    agencies: new Set(measures.map((m) => m.agencyId)).size,
    warning,
  });
  if (to === null) return result('ending');
  if (from !== null && rank(to) > rank(from)) return result('lowering');
  if (await levelActivated(db, incident.id, to)) return result('already_launched');
  if (!version) {
    return result(
      'no_plan',
      [],
      `No approved emergency plan covers this incident's area: level ${to} applies, but no measures are launched as tasks`,
    );
  }
  const measures = measuresOf(version.content, to);
  if (measures.length === 0)
    return result('no_measures', [], `The plan in force has no measures for level ${to}: nothing is launched as tasks`);
  return result('launches', measures);
}

/** What a level change would launch, before it is made (GET /incidents/{id}/level-preview?level=). */
export async function previewLevel(
  database: Database,
  principal: Principal,
  id: string,
  level: ResponseLevel | null,
): Promise<PlanCoverage> {
  const scope = scopeFor(principal, 'response.level');
  const incident = await findIncident(database.db, scope, id);
  if (!incident) throw notFound('incident');
  return planCoverageOf(database.db, incident, level);
}

/**
 * Sets, raises, lowers or ends the response level. Raising or setting a level launches its measures once per
 * incident; lowering and ending keep every task already made.
 */
export async function changeLevel(
  database: Database,
  principal: Principal,
  id: string,
  input: LevelChange,
  ip: string | null,
): Promise<IncidentView & { planCoverage: PlanCoverage }> {
  const coverage = await onOpenIncident(database, principal, ['response.level', 'incidents.read'], id, async (tx, incident) => {
    const from = incident.responseLevel;
    const to = input.level;
    if (from === to)
      throw conflict('level_unchanged', to ? `The response is already at level ${to}` : 'No response level is active', { level: to });
    await requireApprover(tx, principal, input.approverId, incident.jurisdictionPath);
    const at = input.effectiveAt ? new Date(input.effectiveAt) : new Date();
    const kind: IncidentEventKind =
      to === null ? 'level_ended' : from === null ? 'level_set' : rank(to) < rank(from) ? 'level_raised' : 'level_lowered';

    // The acting commander takes command when nobody holds it yet.
    if (to !== null && !(await currentRoles(tx, id)).some((r) => r.role === 'commander')) {
      await addRole(tx, incident, { role: 'commander', userId: principal.id }, principal, ip, at);
    }
    const planned = await planCoverageOf(tx, incident, to);
    const launched = to !== null && kind !== 'level_lowered' ? await activateLevel(tx, incident, to, at, principal, ip) : null;

    await tx.update(incidents).set({ responseLevel: to, updatedAt: new Date() }).where(eq(incidents.id, id));
    await insertEvent(tx, {
      incidentId: id,
      kind,
      occurredAt: at,
      text: input.reason,
      fromLevel: from,
      toLevel: to,
      approverId: input.approverId,
      authorId: principal.id,
      data: launched ? { ...launched, ...(planned.warning ? { outcome: planned.outcome } : {}) } : {},
    });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: kind,
      entityType: 'incident',
      entityId: id,
      before: { responseLevel: from },
      after: { responseLevel: to, reason: input.reason, approverId: input.approverId, effectiveAt: at.toISOString(), ...(launched ?? {}) },
    });
    await announce(tx, incident, 'level');
    const title = to
      ? { zh: `${incident.code} 启动/调整为${LEVEL_NAME[to].zh}响应`, en: `${incident.code}: response at ${LEVEL_NAME[to].en}` }
      : { zh: `${incident.code} 终止应急响应`, en: `${incident.code}: response ended` };
    await notify(tx, {
      recipients: { right: 'incidents.read', jurisdictionId: incident.jurisdictionId },
      kind: 'incident.level',
      severity: to && rank(to) <= 1 ? 'critical' : 'warning',
      title: title.zh,
      titleEn: title.en,
      body: input.reason,
      bodyEn: input.reason,
      link: `/incidents/${id}`,
      entity: { type: 'incident', id },
      actorId: principal.id,
    });
    await tellApprover(tx, principal, input.approverId, { id, code: incident.code }, { zh: title.zh, en: title.en }, input.reason);
    // What was actually launched (the same as planned, counted from the tasks made).
    return { ...planned, measuresLaunched: launched?.tasksCreated ?? 0 };
  });
  return { ...(await viewOf(database, id)), planCoverage: coverage };
}

/** Adds an entry to the significant-events log. */
export async function addLogEntry(
  database: Database,
  principal: Principal,
  id: string,
  input: { occurredAt?: string; text: string },
  ip: string | null,
) {
  const event = await onOpenIncident(database, principal, ['incidents.command'], id, async (tx, incident) => {
    const row = await insertEvent(tx, {
      incidentId: id,
      kind: 'log',
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : new Date(),
      text: input.text,
      authorId: principal.id,
    });
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'incident_event', entityId: row.id, after: row });
    await announce(tx, incident, 'log');
    return row;
  });
  return (await listEvents(database.db, id)).find((e) => e.id === event.id)!;
}

/** Staffs a post of the command structure with a named person (a new commander replaces the current one). */
export async function assignRole(
  database: Database,
  principal: Principal,
  id: string,
  input: RoleAssign,
  ip: string | null,
): Promise<IncidentView> {
  await onOpenIncident(database, principal, ['incidents.command'], id, async (tx, incident) => {
    const issues = [];
    const people = await peopleFor(tx, incident.jurisdictionPath);
    if (!people.some((p) => p.id === input.userId)) issues.push({ path: 'userId', message: 'No such person working in or over this area' });
    if (input.role === 'group_lead' && !input.workingGroupId)
      issues.push({ path: 'workingGroupId', message: 'A group lead needs the working group' });
    if (input.role === 'agency_liaison' && !input.agencyId)
      issues.push({ path: 'agencyId', message: 'A liaison needs the agency represented' });
    if (input.workingGroupId) {
      const version = incident.planId ? await versionInForce(tx, incident.planId) : undefined;
      if (!version?.content.headquarters.workingGroups.some((g) => g.id === input.workingGroupId)) {
        issues.push({ path: 'workingGroupId', message: "No such working group in the incident's plan" });
      }
    }
    if (issues.length > 0) throw validationFailed(issues);
    const current = await currentRoles(tx, id);
    const same = current.find(
      (r) =>
        r.role === input.role &&
        r.user.id === input.userId &&
        r.agencyId === (input.agencyId ?? null) &&
        r.workingGroupId === (input.workingGroupId ?? null),
    );
    if (same) throw conflict('already_exists', 'This person already holds this post', { roleId: same.id });
    if (input.role === 'commander') {
      const previous = current.find((r) => r.role === 'commander');
      if (previous) await endRoleRow(tx, incident, previous.id, principal, ip);
    }
    await addRole(tx, incident, input, principal, ip);
    await announce(tx, incident, 'staffing');
  });
  return viewOf(database, id);
}

async function endRoleRow(tx: Tx, incident: IncidentRecord, roleId: string, principal: Principal, ip: string | null) {
  const [before] = await tx
    .select()
    .from(incidentRoles)
    .where(and(eq(incidentRoles.id, roleId), eq(incidentRoles.incidentId, incident.id), isNull(incidentRoles.endedAt)));
  if (!before) throw notFound('incident role');
  const now = new Date();
  const [after] = await tx.update(incidentRoles).set({ endedAt: now }).where(eq(incidentRoles.id, roleId)).returning();
  await insertEvent(tx, {
    incidentId: incident.id,
    kind: 'staffing',
    occurredAt: now,
    authorId: principal.id,
    data: { change: 'ended', role: before.role, userId: before.userId, agencyId: before.agencyId, workingGroupId: before.workingGroupId },
  });
  await audit(tx, { actor: actorOf(principal), ip, action: 'unassign', entityType: 'incident_role', entityId: roleId, before, after });
}

/** Relieves a person of a post (kept on the record with its end time). */
export async function endRole(
  database: Database,
  principal: Principal,
  id: string,
  roleId: string,
  ip: string | null,
): Promise<IncidentView> {
  await onOpenIncident(database, principal, ['incidents.command'], id, async (tx, incident) => {
    await endRoleRow(tx, incident, roleId, principal, ip);
    await announce(tx, incident, 'staffing');
  });
  return viewOf(database, id);
}

/** Stands the response down: ends the level, closes the incident with a summary. */
export async function standDown(
  database: Database,
  principal: Principal,
  id: string,
  input: StandDown,
  ip: string | null,
): Promise<IncidentView> {
  await onOpenIncident(database, principal, ['incidents.command', 'response.level'], id, async (tx, incident) => {
    await requireApprover(tx, principal, input.approverId, incident.jurisdictionPath);
    const now = new Date();
    const { jurisdictionPath: _, ...before } = incident;
    const [after] = await tx
      .update(incidents)
      .set({ status: 'closed', closedAt: now, responseLevel: null, summary: input.summary, updatedAt: now })
      .where(eq(incidents.id, id))
      .returning();
    await insertEvent(tx, {
      incidentId: id,
      kind: 'stand_down',
      occurredAt: now,
      text: input.summary,
      fromLevel: incident.responseLevel,
      approverId: input.approverId,
      authorId: principal.id,
    });
    await audit(tx, { actor: actorOf(principal), ip, action: 'stand_down', entityType: 'incident', entityId: id, before, after });
    await announce(tx, incident, 'closed');
    await notify(tx, {
      recipients: { right: 'incidents.read', jurisdictionId: incident.jurisdictionId },
      kind: 'incident.closed',
      title: `${incident.code} 应急响应终止，事件结案`,
      titleEn: `${incident.code}: stood down, incident closed`,
      body: input.summary.slice(0, 500),
      bodyEn: input.summary.slice(0, 500),
      link: `/incidents/${id}`,
      entity: { type: 'incident', id },
      actorId: principal.id,
    });
    await tellApprover(
      tx,
      principal,
      input.approverId,
      { id, code: incident.code },
      { zh: `${incident.code} 终止应急响应`, en: `${incident.code}: stand-down` },
      input.summary.slice(0, 500),
    );
  });
  return viewOf(database, id);
}

// ── the outbreak's cases ────────────────────────────────────────────────────────────────────────────

/**
 * The cases an incident's figures count (reports.figures.ts counts the same): those of its disease resident in
 * its area reported from its start day to today (or its stand-down), and the cases linked to it.
 */
function incidentCaseSets(incident: IncidentRecord, now: Date): { sets: CaseSetCriteria[]; from: string; to: string } {
  const from = districtDay(incident.startedAt);
  const end = districtDay(incident.closedAt ?? now);
  const to = end < from ? from : end;
  const sets = incident.diseaseId
    ? [
        {
          diseaseId: incident.diseaseId,
          areaPaths: [incident.jurisdictionPath],
          dateBasis: 'report' as const,
          from,
          to,
          // an exercise's incident counts that exercise's reports too; a real one never an exercise's
          exerciseId: incident.exerciseId,
        },
      ]
    : [];
  return { sets, from, to };
}

/** GET /api/incidents/{id}/cases: the outbreak's line list within the reader's rights, with each case's link. */
export async function incidentCasesFor(database: Database, principal: Principal, id: string, now = new Date()): Promise<IncidentCasesView> {
  const scope = scopeFor(principal, 'incidents.read');
  const incident = await findIncident(database.db, scope, id);
  if (!incident) throw notFound('incident');
  const links = await currentCaseLinks(database.db, id);
  const { sets, from, to } = incidentCaseSets(incident, now);
  const list = await caseLineListFor(database, principal, { sets, extraIds: links.map((l) => l.caseId), exerciseId: incident.exerciseId });
  const byCase = new Map(links.map((l) => [l.caseId, l]));
  return {
    ...list,
    items: list.items.map((item) => {
      const link = byCase.get(item.id);
      return {
        ...item,
        link: link
          ? {
              origin: link.origin,
              reason: link.reason,
              linkedAt: link.linkedAt.toISOString(),
              linkedBy: link.linkedBy ? { id: link.linkedBy, displayName: link.linkedByName ?? '' } : null,
            }
          : null,
      };
    }),
    criteria: { diseaseId: incident.diseaseId, jurisdictionId: incident.jurisdictionId, from, to },
    linked: links.length,
  };
}

/**
 * Links a case to an open incident by hand (incidents.command over the incident, cases.read over the case): a
 * case the investigation tied to the outbreak that its area, disease or period does not catch. Audited.
 */
export async function linkCase(
  database: Database,
  principal: Principal,
  id: string,
  input: IncidentCaseLink,
  ip: string | null,
): Promise<IncidentCasesView> {
  if (!input.caseId && !input.caseCode) throw validationFailed([{ path: 'caseId', message: 'Give the case (its id or its code)' }]);
  await onOpenIncident(database, principal, ['incidents.command'], id, async (tx, incident) => {
    const path = input.caseId ? 'caseId' : 'caseCode';
    const found = await readableCaseRef(tx, principal, { id: input.caseId, code: input.caseCode });
    if (!found) throw validationFailed([{ path, message: 'No such case report in your area' }]);
    // an exercise's report belongs to that exercise's incidents only, never to a real one (docs/exercises.md)
    const ownExercise = found.status === 'exercise' && found.exerciseId !== null && found.exerciseId === incident.exerciseId;
    if (found.status === 'exercise' && !ownExercise) {
      throw validationFailed([
        {
          path,
          message: incident.exerciseId
            ? "This report belongs to another exercise: link only this exercise's reports"
            : "This report is an exercise's synthetic report: it is never linked to a real incident",
        },
      ]);
    }
    if (found.status !== 'active' && !ownExercise) {
      throw validationFailed([
        { path, message: found.mergedInto ? 'This report was merged into another: link that one' : 'This report is not active' },
      ]);
    }
    if (found.classification === 'excluded') throw validationFailed([{ path, message: 'An excluded case is not counted in an outbreak' }]);
    const existing = await findCaseLink(tx, id, found.id);
    if (existing) throw conflict('already_exists', `Case ${found.code} is already linked to this incident`, { path, caseId: found.id });
    const [row] = await insertCaseLinks(tx, [
      { incidentId: id, caseId: found.id, origin: 'hand', reason: input.reason ?? '', linkedBy: principal.id },
    ]);
    // filed under the case's residence: the link (and its reason) is about that person (audit-policies.ts)
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'link_case',
      entityType: 'incident_case',
      entityId: row!.id,
      jurisdictionId: found.jurisdictionId,
      after: row,
    });
    await announce(tx, incident, 'cases');
  });
  return incidentCasesFor(database, principal, id);
}

/** Unlinks a case (incidents.command): the link is kept with who, when and why; audited. */
export async function unlinkCase(
  database: Database,
  principal: Principal,
  id: string,
  caseId: string,
  reason: string,
  ip: string | null,
): Promise<IncidentCasesView> {
  await onOpenIncident(database, principal, ['incidents.command'], id, async (tx, incident) => {
    const link = await findCaseLink(tx, id, caseId);
    if (!link) throw notFound('incident case link');
    const { caseJurisdictionId, ...before } = link;
    const after = await endCaseLink(tx, link.id, principal.id, reason);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'unlink_case',
      entityType: 'incident_case',
      entityId: link.id,
      jurisdictionId: caseJurisdictionId,
      before,
      after,
    });
    await announce(tx, incident, 'cases');
  });
  return incidentCasesFor(database, principal, id);
}
