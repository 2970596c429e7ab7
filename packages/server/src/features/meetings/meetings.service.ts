/**
 * Rules of joint prevention and control meetings (联防联控会议): meetings.manage to write, incidents.read to read,
 * within the caller's jurisdiction. A decision becomes tasks in one step (one per agency picked, with a due time)
 * through the tasks feature's `createTasks` (origin 'meeting_decision', originRef = the decision's id), in the same
 * transaction as the meeting's audit record; the decision then shows its tasks' statuses. Every change is audited
 * and published on the live topic 'meetings'.
 *
 * @example
 * const meeting = await createMeetingAs(database, principal, { incidentId, title: '第一次联防联控会议', heldAt, … });
 * await decisionToTasksAs(database, principal, meeting.id, decisionId, { agencyIds: [police.id], dueAt, priority: 'high' });
 */
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import { type Principal, type Scope, pathInScope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { AppError, type FieldIssue, conflict, notFound, validationFailed } from '../../platform/errors.ts';
import { publishLive } from '../../platform/live/live.ts';
import { createTasks } from '../tasks/index.ts';
import type { DecisionTasks, MeetingCreate, MeetingListQuery, MeetingPatch } from './meetings.schema.ts';
import {
  type MeetingRow,
  type MeetingView,
  attendeesOf,
  decisionTaskCount,
  deleteDecision,
  existingAgencyIds,
  findDecision,
  findIncidentInScope,
  findMeeting,
  findMeetingRow,
  insertDecision,
  insertMeeting,
  jurisdictionPathOf,
  listMeetings,
  replaceAttendees,
  updateDecision,
  updateMeeting,
} from './meetings.store.ts';

const actorOf = (p: Principal): AuditActor => ({ id: p.id, username: p.username });

async function publish(tx: Tx, meeting: MeetingRow, action: string): Promise<void> {
  await publishLive(tx, {
    topic: 'meetings',
    id: meeting.id,
    action,
    right: 'incidents.read',
    jurisdictionPath: (await jurisdictionPathOf(tx, meeting.jurisdictionId)) ?? undefined,
    data: { incidentId: meeting.incidentId },
  });
}

/** Attendee agencies must exist. */
async function checkAttendees(tx: Tx, attendees: { agencyId?: string | null }[] | undefined): Promise<void> {
  if (!attendees) return;
  const ids = attendees.map((a) => a.agencyId?.toLowerCase()).filter((x): x is string => Boolean(x));
  const known = await existingAgencyIds(tx, [...new Set(ids)]);
  const issues: FieldIssue[] = [];
  attendees.forEach((a, i) => {
    if (a.agencyId && !known.has(a.agencyId.toLowerCase())) issues.push({ path: `attendees.${i}.agencyId`, message: 'Unknown agency' });
  });
  if (issues.length) throw validationFailed(issues);
}

export async function listMeetingsFor(database: Database, principal: Principal, query: MeetingListQuery) {
  const scope = scopeFor(principal, 'incidents.read');
  return listMeetings(database.db, scope, query);
}

export async function getMeetingFor(database: Database, principal: Principal, id: string): Promise<MeetingView> {
  const scope = scopeFor(principal, 'incidents.read');
  const meeting = await findMeeting(database.db, scope, id);
  if (!meeting) throw notFound('meeting');
  return meeting;
}

/** The presented meeting after a write (read with the reader's scope of incidents.read, or the writer's). */
async function presented(database: Database, principal: Principal, scope: Scope, id: string): Promise<MeetingView> {
  let readScope = scope;
  try {
    readScope = scopeFor(principal, 'incidents.read');
  } catch {
    // a writer without incidents.read still sees what they wrote
  }
  return (await findMeeting(database.db, readScope, id)) ?? (await findMeeting(database.db, scope, id))!;
}

/** Creates a meeting for an incident in scope (its area) or a standing one for a jurisdiction in scope. */
export async function createMeetingAs(database: Database, principal: Principal, body: MeetingCreate, ip?: string): Promise<MeetingView> {
  const scope = scopeFor(principal, 'meetings.manage');
  let jurisdictionId: string;
  let incidentId: string | null = null;
  if (body.incidentId) {
    const incident = await findIncidentInScope(database.db, scope, body.incidentId.toLowerCase());
    if (!incident) throw validationFailed([{ path: 'incidentId', message: 'Unknown incident' }]);
    if (incident.status === 'closed') throw validationFailed([{ path: 'incidentId', message: 'The incident is closed' }]);
    incidentId = incident.id;
    jurisdictionId = incident.jurisdictionId;
  } else {
    if (!body.jurisdictionId) throw validationFailed([{ path: 'jurisdictionId', message: 'A standing meeting needs the area it covers' }]);
    const path = await jurisdictionPathOf(database.db, body.jurisdictionId.toLowerCase());
    if (!path || !pathInScope(scope, path)) throw validationFailed([{ path: 'jurisdictionId', message: 'Unknown jurisdiction' }]);
    jurisdictionId = body.jurisdictionId.toLowerCase();
  }
  const id = await database.db.transaction(async (tx) => {
    await checkAttendees(tx, body.attendees);
    const row = await insertMeeting(tx, {
      incidentId,
      jurisdictionId,
      title: body.title,
      heldAt: new Date(body.heldAt),
      location: body.location.trim(),
      chair: body.chair.trim(),
      agenda: body.agenda.map((a) => ({ title: a.title, presenter: a.presenter.trim() })),
      minutes: body.minutes,
      status: body.status,
      createdBy: principal.id,
    });
    await replaceAttendees(tx, row.id, body.attendees);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'create',
      entityType: 'meeting',
      entityId: row.id,
      after: { ...row, attendees: await attendeesOf(tx, row.id) },
    });
    await publish(tx, row, 'created');
    return row.id;
  });
  return presented(database, principal, scope, id);
}

/** Changes a meeting (details, agenda, attendees, minutes, status). */
export async function updateMeetingAs(
  database: Database,
  principal: Principal,
  id: string,
  patch: MeetingPatch,
  ip?: string,
): Promise<MeetingView> {
  const scope = scopeFor(principal, 'meetings.manage');
  await database.db.transaction(async (tx) => {
    const before = await findMeetingRow(tx, scope, id, true);
    if (!before) throw notFound('meeting');
    await checkAttendees(tx, patch.attendees);
    const attendeesBefore = await attendeesOf(tx, id);
    const after = await updateMeeting(tx, scope, id, {
      ...(patch.title !== undefined && { title: patch.title }),
      ...(patch.heldAt !== undefined && { heldAt: new Date(patch.heldAt) }),
      ...(patch.location !== undefined && { location: patch.location.trim() }),
      ...(patch.chair !== undefined && { chair: patch.chair.trim() }),
      ...(patch.agenda !== undefined && { agenda: patch.agenda.map((a) => ({ title: a.title, presenter: a.presenter.trim() })) }),
      ...(patch.minutes !== undefined && { minutes: patch.minutes }),
      ...(patch.status !== undefined && { status: patch.status }),
    });
    if (patch.attendees) await replaceAttendees(tx, id, patch.attendees);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'meeting',
      entityId: id,
      before: { ...before, attendees: attendeesBefore },
      after: { ...after!, attendees: await attendeesOf(tx, id) },
    });
    await publish(tx, after!, 'updated');
  });
  return presented(database, principal, scope, id);
}

/** Adds a decision (numbered after the last). */
export async function addDecisionAs(
  database: Database,
  principal: Principal,
  meetingId: string,
  text: string,
  ip?: string,
): Promise<MeetingView> {
  const scope = scopeFor(principal, 'meetings.manage');
  await database.db.transaction(async (tx) => {
    const meeting = await findMeetingRow(tx, scope, meetingId, true);
    if (!meeting) throw notFound('meeting');
    if (meeting.status === 'cancelled')
      throw conflict('meeting_cancelled', 'A cancelled meeting takes no decisions', { status: meeting.status });
    const decision = await insertDecision(tx, meetingId, text);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'create',
      entityType: 'meeting_decision',
      entityId: decision.id,
      after: decision,
    });
    await publish(tx, meeting, 'decision');
  });
  return presented(database, principal, scope, meetingId);
}

/** Rewords a decision. */
export async function updateDecisionAs(
  database: Database,
  principal: Principal,
  meetingId: string,
  decisionId: string,
  text: string,
  ip?: string,
): Promise<MeetingView> {
  const scope = scopeFor(principal, 'meetings.manage');
  await database.db.transaction(async (tx) => {
    const meeting = await findMeetingRow(tx, scope, meetingId, true);
    if (!meeting) throw notFound('meeting');
    const before = await findDecision(tx, meetingId, decisionId);
    if (!before) throw notFound('decision');
    const after = await updateDecision(tx, decisionId, text);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'meeting_decision',
      entityId: decisionId,
      before,
      after,
    });
    await publish(tx, meeting, 'decision');
  });
  return presented(database, principal, scope, meetingId);
}

/** Removes a decision that has no tasks yet (409 otherwise: its tasks would lose their origin). */
export async function deleteDecisionAs(
  database: Database,
  principal: Principal,
  meetingId: string,
  decisionId: string,
  ip?: string,
): Promise<MeetingView> {
  const scope = scopeFor(principal, 'meetings.manage');
  await database.db.transaction(async (tx) => {
    const meeting = await findMeetingRow(tx, scope, meetingId, true);
    if (!meeting) throw notFound('meeting');
    const before = await findDecision(tx, meetingId, decisionId);
    if (!before) throw notFound('decision');
    if ((await decisionTaskCount(tx, decisionId)) > 0)
      throw conflict('decision_has_tasks', 'This decision already has tasks; reword it instead', { decisionId });
    await deleteDecision(tx, decisionId);
    await audit(tx, { actor: actorOf(principal), ip, action: 'delete', entityType: 'meeting_decision', entityId: decisionId, before });
    await publish(tx, meeting, 'decision');
  });
  return presented(database, principal, scope, meetingId);
}

/** createTasks names fields `tasks.<i>.<field>`; this form's fields are `agencyIds.<i>`, `dueAt`, `title` … */
function remapTaskIssues(err: unknown): never {
  if (err instanceof AppError && err.id === 'validation_failed' && Array.isArray(err.details)) {
    const issues = (err.details as FieldIssue[]).map((issue) => {
      const m = /^tasks\.(\d+)\.(\w+)(.*)$/.exec(issue.path);
      if (!m) return issue;
      const [, i, field] = m;
      if (field === 'assigneeAgencyId') return { ...issue, path: `agencyIds.${i}` };
      if (field === 'incidentId' || field === 'jurisdictionId') return { ...issue, path: '' };
      return { ...issue, path: field! };
    });
    // One issue per path is enough (the same due time is wrong for every agency).
    const unique = [...new Map(issues.map((x) => [x.path, x])).values()];
    throw validationFailed(unique);
  }
  throw err;
}

/**
 * Turns a decision into tasks, one per agency picked, due at `dueAt`; returns the meeting with the decision's
 * tasks. Refused for a cancelled meeting, a closed incident (by createTasks), a due time in the past and agencies
 * that do not exist (400 naming `agencyIds.<i>`).
 */
export async function decisionToTasksAs(
  database: Database,
  principal: Principal,
  meetingId: string,
  decisionId: string,
  body: DecisionTasks,
  ip?: string,
  now = new Date(),
): Promise<MeetingView> {
  const scope = scopeFor(principal, 'meetings.manage');
  const dueAt = new Date(body.dueAt);
  if (dueAt.getTime() <= now.getTime()) throw validationFailed([{ path: 'dueAt', message: 'The due time must be in the future' }]);
  const agencyIds = body.agencyIds.map((x) => x.toLowerCase());
  const duplicate = agencyIds.findIndex((x, i) => agencyIds.indexOf(x) !== i);
  if (duplicate >= 0) throw validationFailed([{ path: `agencyIds.${duplicate}`, message: 'Listed twice' }]);
  await database.db.transaction(async (tx) => {
    const meeting = await findMeetingRow(tx, scope, meetingId, true);
    if (!meeting) throw notFound('meeting');
    if (meeting.status === 'cancelled')
      throw conflict('meeting_cancelled', 'A cancelled meeting makes no tasks', { status: meeting.status });
    const decision = await findDecision(tx, meetingId, decisionId);
    if (!decision) throw notFound('decision');
    const title = body.title ?? (decision.text.length > 200 ? `${decision.text.slice(0, 199)}…` : decision.text);
    const description = body.description ?? `${meeting.title}（${decision.seq}）：${decision.text}`;
    const created = await createTasks(
      tx,
      agencyIds.map((agencyId) => ({
        incidentId: meeting.incidentId,
        title,
        description,
        assigneeAgencyId: agencyId,
        jurisdictionId: meeting.jurisdictionId,
        priority: body.priority,
        dueAt,
        origin: 'meeting_decision' as const,
        originRef: decision.id,
      })),
      { actor: actorOf(principal), ip, now },
    ).catch(remapTaskIssues);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'make_tasks',
      entityType: 'meeting_decision',
      entityId: decision.id,
      after: { tasks: created.map((t) => ({ id: t.id, code: t.code, assigneeAgencyId: t.assigneeAgencyId })), dueAt: dueAt.toISOString() },
    });
    await publish(tx, meeting, 'tasks');
  });
  return presented(database, principal, scope, meetingId);
}
