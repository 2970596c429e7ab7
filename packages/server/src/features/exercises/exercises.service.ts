/**
 * Exercises (docs/exercises.md): planning (type, objectives, scenario, participants, evaluators, critical tasks and
 * the MSEL), running (start, pause, resume, stop on the exercise clock; injects fire when the clock reaches them
 * or when a controller fires one), scoring (from the platform's timestamps and the evaluators' P/S/M/U ratings)
 * and closing (the exercise's live records are archived: open alerts and incidents closed, open tasks cancelled,
 * synthetic feed counts removed; the marked reports stay as its archive and never count).
 *
 * Rights: exercises.read to see an exercise of one's area, exercises.manage to plan and control it; an evaluator
 * (named on the exercise) rates its critical tasks.
 */
import { and, eq, inArray, isNull, notInArray } from 'drizzle-orm';
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import { holdersOf } from '../../platform/auth/holders.ts';
import { hasRight, pathInScope, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../platform/errors.ts';
import { publishLive } from '../../platform/live/live.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import { alertEvents, alerts, CLOSED_ALERT_STATUSES } from '../alerts/index.ts';
import { createReviewAs } from '../assessment/index.ts';
import { feedCounts } from '../feeds/index.ts';
import { archiveExerciseStockShocks } from '../stock/index.ts';
import { incidents } from '../incidents/index.ts';
import { notificationChannels } from '../notifications/index.ts';
import { agencies } from '../registry/index.ts';
import { OPEN_TASK_STATUSES, taskNotes, tasks } from '../tasks/index.ts';
import { type ClockState, clockMs, consensusRating, isDue, scoreInjects } from './exercise-clock.ts';
import { checkInjectContent, fireInject } from './exercise-injects.ts';
import type { ExerciseCreate, ExercisePatch, ExerciseView, InjectInput, Scorecard } from './exercises.schema.ts';
import {
  actionTimesOf,
  type ExerciseRow,
  findExercise,
  injectsOf,
  listExerciseRows,
  namesOfAgencies,
  namesOfPlaces,
  namesOfUsers,
  ratingsOf,
  recordsOf,
  runningExercises,
} from './exercises.store.ts';
import { type ClockPause, type ExerciseStatus, exerciseInjects, exerciseRatings, exercises, type Rating } from './exercises.tables.ts';

const actorOf = (p: Principal): AuditActor => ({ id: p.id, username: p.username });
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const clockOf = (e: ExerciseRow): ClockState => ({ startedAt: e.startedAt, pauses: e.pauses, stoppedAt: e.stoppedAt });

async function announce(tx: Tx, exercise: ExerciseRow, action: string) {
  const [place] = await tx.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, exercise.jurisdictionId));
  await publishLive(tx, { topic: 'exercises', id: exercise.id, action, right: 'exercises.read', jurisdictionPath: place?.path ?? '/' });
}

// ── reading ─────────────────────────────────────────────────────────────────────────────────────

export async function listExercisesFor(db: Executor, principal: Principal, query: { status?: ExerciseStatus }) {
  const scope = scopeFor(principal, 'exercises.read');
  const rows = await listExerciseRows(db, scope, query.status);
  return {
    items: rows.map((r) => ({
      id: r.exercise.id,
      title: r.exercise.title,
      type: r.exercise.type,
      status: r.exercise.status,
      scheduledDate: r.exercise.scheduledDate,
      jurisdiction: { id: r.exercise.jurisdictionId, name: r.jurisdictionName, nameEn: r.jurisdictionNameEn },
      startedAt: iso(r.exercise.startedAt),
      stoppedAt: iso(r.exercise.stoppedAt),
      closedAt: iso(r.exercise.closedAt),
      injectCount: r.injectCount,
      exercise: true as const,
    })),
  };
}

async function readable(db: Executor, principal: Principal, id: string): Promise<ExerciseRow> {
  const scope = scopeFor(principal, 'exercises.read');
  const row = await findExercise(db, scope, id);
  if (!row) throw notFound('exercise');
  return row;
}

async function viewOf(db: Executor, principal: Principal, e: ExerciseRow, now: Date): Promise<ExerciseView> {
  const [injects, records, places, agencyNames, people, channel] = await Promise.all([
    injectsOf(db, e.id),
    recordsOf(db, e.id),
    namesOfPlaces(db, [e.jurisdictionId, ...e.participantTownshipIds]),
    namesOfAgencies(db, e.participantAgencyIds),
    namesOfUsers(db, [...e.evaluatorIds, ...(e.createdBy ? [e.createdBy] : [])]),
    e.testChannelId
      ? db
          .select({ id: notificationChannels.id, name: notificationChannels.name, kind: notificationChannels.kind })
          .from(notificationChannels)
          .where(eq(notificationChannels.id, e.testChannelId))
      : Promise.resolve([]),
  ]);
  const place = new Map(places.map((p) => [p.id, { id: p.id, name: p.name, nameEn: p.nameEn }]));
  const agency = new Map(agencyNames.map((a) => [a.id, a]));
  const person = new Map(people.map((p) => [p.id, p]));
  const clock = clockOf(e);
  const live = e.status === 'running';
  const manageScope = hasRight(principal, 'exercises.manage') ? scopeFor(principal, 'exercises.manage') : null;
  const area = places.find((p) => p.id === e.jurisdictionId);
  return {
    id: e.id,
    title: e.title,
    type: e.type,
    status: e.status,
    scheduledDate: e.scheduledDate,
    jurisdiction: place.get(e.jurisdictionId) ?? { id: e.jurisdictionId, name: '', nameEn: '' },
    startedAt: iso(e.startedAt),
    stoppedAt: iso(e.stoppedAt),
    closedAt: iso(e.closedAt),
    injectCount: injects.length,
    exercise: true,
    objectives: e.objectives,
    scenario: e.scenario,
    participantAgencies: e.participantAgencyIds.map((id) => agency.get(id) ?? { id, name: '', nameEn: '' }),
    participantTownships: e.participantTownshipIds.map((id) => place.get(id) ?? { id, name: '', nameEn: '' }),
    evaluators: e.evaluatorIds.map((id) => ({ id, displayName: person.get(id)?.displayName ?? '' })),
    criticalTasks: e.criticalTasks,
    testChannel: channel[0] ?? null,
    pauses: e.pauses,
    clockMs: Math.round(clockMs(clock, now)),
    serverTime: now.toISOString(),
    injects: injects.map((i) => ({
      id: i.id,
      offsetMinutes: i.offsetMinutes,
      kind: i.kind,
      title: i.title,
      content: i.content,
      expectedAction: i.expectedAction,
      targetMinutes: i.targetMinutes,
      firedAt: iso(i.firedAt),
      due: live && !i.firedAt && isDue(clock, i.offsetMinutes, now),
      result: i.result ?? null,
    })),
    records,
    reviewId: e.reviewId,
    createdBy: e.createdBy ? { id: e.createdBy, displayName: person.get(e.createdBy)?.displayName ?? '' } : null,
    canManage: Boolean(manageScope && area && pathInScope(manageScope, area.path)),
    canRate: e.evaluatorIds.includes(principal.id) && e.status !== 'planned' && e.status !== 'closed',
  };
}

export async function getExerciseFor(db: Executor, principal: Principal, id: string, now = new Date()): Promise<ExerciseView> {
  return viewOf(db, principal, await readable(db, principal, id), now);
}

/**
 * Who may be named an evaluator of an exercise in `jurisdictionId`: the users holding exercises.read over it
 * (the editor's picker; the manager needs no users.manage for it).
 */
export async function evaluatorOptionsFor(db: Executor, principal: Principal, jurisdictionId: string) {
  const scope = scopeFor(principal, 'exercises.manage');
  const [place] = await db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, jurisdictionId));
  if (!place || !pathInScope(scope, place.path)) throw validationFailed([{ path: 'jurisdictionId', message: 'No such area within yours' }]);
  const ids = await holdersOf(db, 'exercises.read', jurisdictionId);
  const people = await namesOfUsers(db, ids);
  return { items: people.sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN')) };
}

// ── planning ────────────────────────────────────────────────────────────────────────────────────

interface Plan {
  participantAgencyIds: string[];
  participantTownshipIds: string[];
  evaluatorIds: string[];
  criticalTasks: Array<{ key: string; title: string; titleEn: string }>;
  testChannelId: string | null;
  injects?: InjectInput[];
}

async function checkPlan(tx: Tx, areaPath: string, plan: Partial<Plan>) {
  const issues: Array<{ path: string; message: string }> = [];
  if (plan.participantTownshipIds?.length) {
    const found = await tx
      .select({ id: jurisdictions.id, path: jurisdictions.path })
      .from(jurisdictions)
      .where(inArray(jurisdictions.id, plan.participantTownshipIds));
    plan.participantTownshipIds.forEach((id, i) => {
      const p = found.find((f) => f.id === id);
      if (!p?.path.startsWith(areaPath))
        issues.push({ path: `participantTownshipIds.${i}`, message: "No such place in the exercise's area" });
    });
  }
  if (plan.participantAgencyIds?.length) {
    const found = new Set(
      (await tx.select({ id: agencies.id }).from(agencies).where(inArray(agencies.id, plan.participantAgencyIds))).map((a) => a.id),
    );
    plan.participantAgencyIds.forEach((id, i) => {
      if (!found.has(id)) issues.push({ path: `participantAgencyIds.${i}`, message: 'No such agency' });
    });
  }
  if (plan.evaluatorIds?.length) {
    const found = new Set(
      (
        await tx
          .select({ id: users.id })
          .from(users)
          .where(and(inArray(users.id, plan.evaluatorIds), eq(users.disabled, false)))
      ).map((u) => u.id),
    );
    plan.evaluatorIds.forEach((id, i) => {
      if (!found.has(id)) issues.push({ path: `evaluatorIds.${i}`, message: 'No such user' });
    });
  }
  if (plan.criticalTasks) {
    const seen = new Set<string>();
    plan.criticalTasks.forEach((t, i) => {
      if (seen.has(t.key)) issues.push({ path: `criticalTasks.${i}.key`, message: 'Each critical task needs its own key' });
      seen.add(t.key);
    });
  }
  if (plan.testChannelId) {
    const [c] = await tx
      .select({ id: notificationChannels.id })
      .from(notificationChannels)
      .where(eq(notificationChannels.id, plan.testChannelId));
    if (!c) issues.push({ path: 'testChannelId', message: 'No such notification channel' });
  }
  if (issues.length > 0) throw validationFailed(issues);
  for (const [i, inject] of (plan.injects ?? []).entries()) await checkInjectContent(tx, areaPath, inject, `injects.${i}`);
}

const unique = (ids: string[]) => [...new Set(ids.map((x) => x.toLowerCase()))];

async function writeInjects(tx: Tx, exerciseId: string, injects: InjectInput[]) {
  await tx.delete(exerciseInjects).where(eq(exerciseInjects.exerciseId, exerciseId));
  if (injects.length === 0) return;
  await tx.insert(exerciseInjects).values(
    injects.map((i) => ({
      exerciseId,
      offsetMinutes: i.offsetMinutes,
      kind: i.kind,
      title: i.title,
      content: i.content as Record<string, unknown>,
      expectedAction: i.expectedAction,
      targetMinutes: i.targetMinutes,
    })),
  );
}

export async function createExerciseAs(
  database: Database,
  principal: Principal,
  input: ExerciseCreate,
  ip: string | null,
): Promise<ExerciseView> {
  const scope = scopeFor(principal, 'exercises.manage');
  const id = await database.db.transaction(async (tx) => {
    const [area] = await tx
      .select({ id: jurisdictions.id, path: jurisdictions.path })
      .from(jurisdictions)
      .where(eq(jurisdictions.id, input.jurisdictionId.toLowerCase()));
    if (!area || !pathInScope(scope, area.path)) throw validationFailed([{ path: 'jurisdictionId', message: 'No such area within yours' }]);
    const plan = {
      participantAgencyIds: unique(input.participantAgencyIds),
      participantTownshipIds: unique(input.participantTownshipIds),
      evaluatorIds: unique(input.evaluatorIds),
      criticalTasks: input.criticalTasks,
      testChannelId: input.testChannelId?.toLowerCase() ?? null,
      injects: input.injects,
    };
    await checkPlan(tx, area.path, plan);
    const [row] = await tx
      .insert(exercises)
      .values({
        title: input.title,
        type: input.type,
        objectives: input.objectives,
        scenario: input.scenario,
        jurisdictionId: area.id,
        participantAgencyIds: plan.participantAgencyIds,
        participantTownshipIds: plan.participantTownshipIds,
        evaluatorIds: plan.evaluatorIds,
        criticalTasks: plan.criticalTasks,
        scheduledDate: input.scheduledDate,
        testChannelId: plan.testChannelId,
        createdBy: principal.id,
      })
      .returning();
    await writeInjects(tx, row!.id, input.injects);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'create',
      entityType: 'exercise',
      entityId: row!.id,
      after: { ...row!, injects: input.injects },
    });
    await announce(tx, row!, 'created');
    return row!.id;
  });
  return getExerciseFor(database.db, principal, id);
}

async function managed(tx: Tx, principal: Principal, id: string): Promise<ExerciseRow & { path: string }> {
  const readScope = scopeFor(principal, 'exercises.read');
  const scope = scopeFor(principal, 'exercises.manage');
  const [row] = await tx
    .select({ e: exercises, path: jurisdictions.path })
    .from(exercises)
    .innerJoin(jurisdictions, eq(jurisdictions.id, exercises.jurisdictionId))
    .where(eq(exercises.id, id))
    .for('update', { of: exercises });
  if (!row || !pathInScope(readScope, row.path)) throw notFound('exercise');
  if (!pathInScope(scope, row.path)) throw forbidden();
  return { ...row.e, path: row.path };
}

export async function updateExerciseAs(
  database: Database,
  principal: Principal,
  id: string,
  patch: ExercisePatch,
  ip: string | null,
): Promise<ExerciseView> {
  await database.db.transaction(async (tx) => {
    const before = await managed(tx, principal, id);
    if (before.status === 'closed') throw conflict('exercise_closed', 'A closed exercise is archived and does not change');
    if (patch.injects && before.status !== 'planned')
      throw conflict('exercise_started', 'The MSEL is fixed once the exercise has started', { status: before.status });
    const plan: Partial<Plan> = {
      ...(patch.participantAgencyIds && { participantAgencyIds: unique(patch.participantAgencyIds) }),
      ...(patch.participantTownshipIds && { participantTownshipIds: unique(patch.participantTownshipIds) }),
      ...(patch.evaluatorIds && { evaluatorIds: unique(patch.evaluatorIds) }),
      ...(patch.criticalTasks && { criticalTasks: patch.criticalTasks }),
      ...(patch.testChannelId !== undefined && { testChannelId: patch.testChannelId?.toLowerCase() ?? null }),
      ...(patch.injects && { injects: patch.injects }),
    };
    await checkPlan(tx, before.path, plan);
    const { injects, ...fields } = plan;
    const [after] = await tx
      .update(exercises)
      .set({
        ...fields,
        ...(patch.title !== undefined && { title: patch.title }),
        ...(patch.type !== undefined && { type: patch.type }),
        ...(patch.objectives !== undefined && { objectives: patch.objectives }),
        ...(patch.scenario !== undefined && { scenario: patch.scenario }),
        ...(patch.scheduledDate !== undefined && { scheduledDate: patch.scheduledDate }),
        updatedAt: new Date(),
      })
      .where(eq(exercises.id, id))
      .returning();
    if (injects) await writeInjects(tx, id, injects);
    const { path: _path, ...beforeRow } = before;
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'exercise',
      entityId: id,
      before: beforeRow,
      after: { ...after!, ...(injects && { injects }) },
    });
    await announce(tx, after!, 'updated');
  });
  return getExerciseFor(database.db, principal, id);
}

// ── running ─────────────────────────────────────────────────────────────────────────────────────

export const CONTROL_ACTIONS = ['start', 'pause', 'resume', 'stop'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

const CONTROL_FROM: Record<ControlAction, readonly ExerciseStatus[]> = {
  start: ['planned'],
  pause: ['running'],
  resume: ['paused'],
  stop: ['running', 'paused'],
};

/** Start, pause, resume or stop the exercise clock; a start fires the injects at offset 0 at once. */
export async function controlExerciseAs(
  database: Database,
  principal: Principal,
  id: string,
  action: ControlAction,
  ip: string | null,
  now = new Date(),
): Promise<ExerciseView> {
  const row = await database.db.transaction(async (tx) => {
    const before = await managed(tx, principal, id);
    if (!CONTROL_FROM[action].includes(before.status))
      throw conflict('exercise_state', `Cannot ${action} an exercise that is ${before.status}`, { status: before.status, action });
    const pauses: ClockPause[] = before.pauses.map((p) => ({ ...p }));
    const last = pauses.at(-1);
    const set: Partial<typeof exercises.$inferInsert> = { updatedAt: now };
    if (action === 'start') Object.assign(set, { status: 'running', startedAt: now });
    if (action === 'pause') {
      pauses.push({ from: now.toISOString(), to: null });
      Object.assign(set, { status: 'paused', pauses });
    }
    if (action === 'resume' || (action === 'stop' && before.status === 'paused')) {
      if (last && last.to === null) last.to = now.toISOString();
      Object.assign(set, { pauses });
    }
    if (action === 'resume') set.status = 'running';
    if (action === 'stop') Object.assign(set, { status: 'stopped', stoppedAt: now });
    const [after] = await tx.update(exercises).set(set).where(eq(exercises.id, id)).returning();
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action,
      entityType: 'exercise',
      entityId: id,
      jurisdictionId: before.jurisdictionId,
      before: { status: before.status },
      after: { status: after!.status, at: now.toISOString() },
    });
    await announce(tx, after!, action);
    return after!;
  });
  if (action === 'start' || action === 'resume') await fireDue(database, row, now, actorOf(principal));
  return getExerciseFor(database.db, principal, id);
}

/** Fires the injects the clock has reached (in MSEL order); returns how many fired. */
async function fireDue(database: Database, exercise: ExerciseRow, now: Date, actor: AuditActor | null): Promise<number> {
  let fired = 0;
  for (const inject of await injectsOf(database.db, exercise.id)) {
    if (inject.firedAt || !isDue(clockOf(exercise), inject.offsetMinutes, now)) continue;
    try {
      await fireInject(database, exercise, inject.id, { actor, now });
      fired++;
    } catch (err) {
      // another firing (the job, a controller) took it meanwhile, or the exercise was paused: not an error here
      if (err instanceof AppError && (err.reason === 'inject_already_fired' || err.reason === 'exercise_not_running')) continue;
      throw err;
    }
  }
  return fired;
}

/** The job's work: every running exercise's due injects (exercises.jobs.ts). */
export async function fireDueInjects(database: Database, now = new Date()): Promise<number> {
  let fired = 0;
  for (const exercise of await runningExercises(database.db)) fired += await fireDue(database, exercise, now, null);
  return fired;
}

/** A controller fires one inject now, ahead of its time on the clock. */
export async function fireInjectAs(
  database: Database,
  principal: Principal,
  id: string,
  injectId: string,
  ip: string | null,
  now = new Date(),
) {
  const exercise = await database.db.transaction(async (tx) => managed(tx, principal, id));
  const [inject] = await database.db
    .select({ id: exerciseInjects.id })
    .from(exerciseInjects)
    .where(and(eq(exerciseInjects.id, injectId), eq(exerciseInjects.exerciseId, id)));
  if (!inject) throw notFound('inject');
  await fireInject(database, exercise, injectId, { actor: actorOf(principal), ip, now });
  return getExerciseFor(database.db, principal, id, now);
}

/**
 * Closes a stopped exercise and archives what it left live in the platform: its open alerts are closed, its open
 * incidents closed, their open tasks cancelled, its synthetic feed counts removed. Its case reports, signals and
 * the records of what people did stay, marked, as the exercise's archive (they never count as real).
 */
export async function closeExerciseAs(database: Database, principal: Principal, id: string, ip: string | null, now = new Date()) {
  await database.db.transaction(async (tx) => {
    const before = await managed(tx, principal, id);
    if (before.status !== 'stopped')
      throw conflict('exercise_state', 'Stop the exercise before closing it', { status: before.status, action: 'close' });
    const actor = actorOf(principal);
    const openAlerts = await tx
      .update(alerts)
      .set({ status: 'closed', closedAt: now, updatedAt: now })
      .where(and(eq(alerts.exerciseId, id), notInArray(alerts.status, [...CLOSED_ALERT_STATUSES])))
      .returning({ id: alerts.id });
    if (openAlerts.length > 0) {
      await tx.insert(alertEvents).values(
        openAlerts.map((a) => ({
          alertId: a.id,
          kind: 'status' as const,
          toStatus: 'closed' as const,
          actorId: principal.id,
          reason: '演练结束归档 Exercise closed',
          data: { exerciseId: id },
          createdAt: now,
        })),
      );
    }
    const exerciseIncidents = await tx.select({ id: incidents.id }).from(incidents).where(eq(incidents.exerciseId, id));
    const incidentIds = exerciseIncidents.map((i) => i.id);
    const cancelled =
      incidentIds.length > 0
        ? await tx
            .update(tasks)
            .set({ status: 'cancelled', statusReason: '演练结束 Exercise closed', updatedAt: now })
            .where(and(inArray(tasks.incidentId, incidentIds), inArray(tasks.status, [...OPEN_TASK_STATUSES])))
            .returning({ id: tasks.id })
        : [];
    if (cancelled.length > 0) {
      await tx.insert(taskNotes).values(
        cancelled.map((t) => ({
          taskId: t.id,
          kind: 'status' as const,
          status: 'cancelled' as const,
          body: '演练结束 Exercise closed',
          authorId: principal.id,
          createdAt: now,
        })),
      );
    }
    const closedIncidents = await tx
      .update(incidents)
      .set({ status: 'closed', closedAt: now, updatedAt: now })
      .where(and(eq(incidents.exerciseId, id), eq(incidents.status, 'open')))
      .returning({ id: incidents.id });
    const removed = await tx.delete(feedCounts).where(eq(feedCounts.exerciseId, id)).returning({ id: feedCounts.id });
    // its stock shocks stop showing as live on the stock page (kept as its record; real stock never moved)
    const shocksArchived = await archiveExerciseStockShocks(tx, id, now);
    const [after] = await tx
      .update(exercises)
      .set({ status: 'closed', closedAt: now, updatedAt: now })
      .where(eq(exercises.id, id))
      .returning();
    await audit(tx, {
      actor,
      ip,
      action: 'close',
      entityType: 'exercise',
      entityId: id,
      jurisdictionId: before.jurisdictionId,
      before: { status: before.status },
      after: {
        status: 'closed',
        alertsClosed: openAlerts.map((a) => a.id),
        incidentsClosed: closedIncidents.map((i) => i.id),
        tasksCancelled: cancelled.map((t) => t.id),
        feedCountsRemoved: removed.length,
        stockShocksArchived: shocksArchived,
      },
    });
    await announce(tx, after!, 'closed');
  });
  return getExerciseFor(database.db, principal, id, now);
}

// ── scoring ─────────────────────────────────────────────────────────────────────────────────────

export async function scorecardFor(db: Executor, principal: Principal, id: string, now = new Date()): Promise<Scorecard> {
  const e = await readable(db, principal, id);
  return scorecardOf(db, e, now);
}

export async function scorecardOf(db: Executor, e: ExerciseRow, now = new Date()): Promise<Scorecard> {
  const [injects, times, ratings] = await Promise.all([injectsOf(db, e.id), actionTimesOf(db, e.id), ratingsOf(db, e.id)]);
  const clock = clockOf(e);
  const scores = scoreInjects(injects, times, clock);
  const byId = new Map(injects.map((i) => [i.id, i]));
  const actions = scores.map((s) => ({
    ...s,
    injectTitle: byId.get(s.injectId)!.title,
    offsetMinutes: byId.get(s.injectId)!.offsetMinutes,
  }));
  const timed = actions.filter((a) => a.status !== 'not_timed');
  return {
    exerciseId: e.id,
    status: e.status,
    clockMs: Math.round(clockMs(clock, now)),
    actions,
    summary: {
      timed: timed.length,
      met: timed.filter((a) => a.status === 'met').length,
      late: timed.filter((a) => a.status === 'late').length,
      missed: timed.filter((a) => a.status === 'missed').length,
      pending: timed.filter((a) => a.status === 'pending' || a.status === 'not_fired').length,
    },
    criticalTasks: e.criticalTasks.map((t) => {
      const mine = ratings.filter((r) => r.rating.taskKey === t.key);
      return {
        key: t.key,
        title: t.title,
        titleEn: t.titleEn,
        consensus: consensusRating(mine.map((r) => r.rating.rating)),
        ratings: mine.map((r) => ({
          evaluator: { id: r.rating.evaluatorId, displayName: r.evaluatorName },
          rating: r.rating.rating,
          notes: r.rating.notes,
          ratedAt: r.rating.ratedAt.toISOString(),
        })),
      };
    }),
  };
}

/** An evaluator rates a critical task (P/S/M/U with notes); a second rating by the same evaluator replaces the first. */
export async function rateAs(
  database: Database,
  principal: Principal,
  id: string,
  taskKey: string,
  input: { rating: Rating; notes: string },
  ip: string | null,
): Promise<Scorecard> {
  const e = await readable(database.db, principal, id);
  if (!e.evaluatorIds.includes(principal.id)) throw forbidden();
  if (e.status === 'planned' || e.status === 'closed')
    throw conflict('exercise_state', 'Ratings are given once the exercise has started and until it is closed', { status: e.status });
  if (!e.criticalTasks.some((t) => t.key === taskKey)) throw notFound('critical task');
  await database.db.transaction(async (tx) => {
    const now = new Date();
    const [row] = await tx
      .insert(exerciseRatings)
      .values({ exerciseId: id, taskKey, evaluatorId: principal.id, rating: input.rating, notes: input.notes, ratedAt: now })
      .onConflictDoUpdate({
        target: [exerciseRatings.exerciseId, exerciseRatings.taskKey, exerciseRatings.evaluatorId],
        set: { rating: input.rating, notes: input.notes, ratedAt: now },
      })
      .returning();
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'rate',
      entityType: 'exercise',
      entityId: id,
      jurisdictionId: e.jurisdictionId,
      after: row,
    });
    await announce(tx, e, 'rated');
  });
  return scorecardOf(database.db, await readable(database.db, principal, id));
}

const ACTION_ZH: Record<string, string> = {
  alert_verified: '预警核实',
  incident_opened: '事件立项',
  level_activated: '启动响应级别',
  tasks_accepted: '任务全部接收',
  tasks_done: '任务全部完成',
  report_approved: '报告审批',
};

/**
 * Drafts the exercise's after-action review in the assessment area (through its public entry, with the caller's
 * rights there): what went well (actions met, tasks rated P) and the challenges (late or missed actions, tasks
 * rated M or U, with the evaluators' notes). The review then follows the assessment's four-eyes workflow.
 */
export async function reviewFromExerciseAs(database: Database, principal: Principal, id: string, ip: string | null) {
  const e = await readable(database.db, principal, id);
  if (!hasRight(principal, 'exercises.manage')) throw forbidden();
  if (e.status !== 'stopped' && e.status !== 'closed')
    throw conflict('exercise_state', 'The review is drafted once the exercise has stopped', { status: e.status });
  if (e.reviewId) throw conflict('review_exists', 'This exercise already has its review', { reviewId: e.reviewId });
  const card = await scorecardOf(database.db, e);
  const line = (a: Scorecard['actions'][number]) =>
    `- ${a.injectTitle}：${ACTION_ZH[a.expectedAction] ?? a.expectedAction}，${a.minutes === null ? '未完成' : `用时 ${a.minutes} 分钟`}${a.targetMinutes ? `（目标 ${a.targetMinutes} 分钟）` : ''}`;
  const taskLine = (t: Scorecard['criticalTasks'][number]) =>
    `- ${t.title}：${t.consensus ?? '未评'}${t.ratings
      .filter((r) => r.notes)
      .map((r) => `；${r.evaluator.displayName}：${r.notes}`)
      .join('')}`;
  const wentWell = [
    ...card.actions.filter((a) => a.status === 'met').map(line),
    ...card.criticalTasks.filter((t) => t.consensus === 'P').map(taskLine),
  ].join('\n');
  const challenges = [
    ...card.actions.filter((a) => a.status === 'late' || a.status === 'missed').map(line),
    ...card.criticalTasks.filter((t) => t.consensus === 'S' || t.consensus === 'M' || t.consensus === 'U').map(taskLine),
  ].join('\n');
  const review = await createReviewAs(
    database,
    principal,
    {
      kind: 'after_action',
      incidentId: null,
      exerciseName: e.title,
      jurisdictionId: e.jurisdictionId,
      title: `演练复盘：${e.title}`.slice(0, 200),
      format: 'debrief',
      reviewDate: districtToday(),
      participantAgencyIds: e.participantAgencyIds,
      pillars: [],
      wentWell: wentWell.slice(0, 10000),
      challenges: challenges.slice(0, 10000),
      rootCauses: '',
      actions: [],
    },
    ip,
  );
  await database.db.transaction(async (tx) => {
    const [after] = await tx
      .update(exercises)
      .set({ reviewId: review.id, updatedAt: new Date() })
      .where(and(eq(exercises.id, id), isNull(exercises.reviewId)))
      .returning();
    if (!after) throw conflict('review_exists', 'This exercise already has its review');
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'exercise',
      entityId: id,
      jurisdictionId: e.jurisdictionId,
      after: { reviewId: review.id },
    });
  });
  return { reviewId: review.id, code: review.code };
}

/** The exercise and its scorecard, for the after-action report (exercises.pdf.ts). */
export async function reportDataFor(db: Executor, principal: Principal, id: string, now = new Date()) {
  const view = await getExerciseFor(db, principal, id, now);
  const card = await scorecardOf(db, await readable(db, principal, id), now);
  return { view, card };
}
