/**
 * Demo data of the tasks feature for District J (called by seedFeatureDemos after the incidents demo):
 * - the demo users' agencies (users.agency_id, only where none is set): liaison → public security, epidemiologist
 *   → CDC, commander → health commission emergency office, logistics → emergency management, press → press
 *   office, reporter → the designated infectious-disease hospital;
 * - some of the demo incident's plan-measure tasks moved along (accepted, in progress, done, blocked with a
 *   reason, one overdue), as their agencies' users would, with notes;
 * - a recurring daily case report to the headquarters at 16:00 for as long as the incident is open, and the
 *   task of today.
 * Idempotent: the recurrence marks the incident as done; nothing is written when it exists.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Database } from '../../platform/db/database.ts';
import { users } from '../../platform/db/platform.tables.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { incidentLevelActivations, incidents } from '../incidents/index.ts';
import { agencies } from '../registry/index.ts';
import { instantiateRecurringTasks, localDate } from './tasks.jobs.ts';
import { insertNote } from './tasks.store.ts';
import { taskRecurrences, type TaskStatus, tasks } from './tasks.tables.ts';

/** Demo user → agency code (features/demo/district-j.data.ts). */
export const DEMO_USER_AGENCIES: Record<string, string> = {
  liaison: 'JJ-GA',
  epidemiologist: 'JJ-CDC',
  commander: 'JJ-WJW-YJB',
  logistics: 'JJ-YJJ',
  press: 'JJ-XCB',
  reporter: 'JJ-CRB',
};

export const DEMO_RECURRENCE_TITLE = '每日疫情报告（报区指挥部）';
const HOUR = 3600_000;
/** Advisory lock key of the tasks demo ('task' in ASCII). */
const TASKS_DEMO_LOCK = 0x7461736b;

/** The states given to the first plan-measure tasks, in due order, with a note each. */
const STATES: { status: TaskStatus; note: string; reason?: string; overdue?: boolean }[] = [
  { status: 'accepted', note: '已接收，正在安排人员。 / Accepted; assigning staff.' },
  {
    status: 'in_progress',
    note: '已完成3所幼儿园的流调，正在追踪密切接触者。 / Investigations at the three kindergartens done; tracing contacts.',
  },
  { status: 'done', note: '已完成，结果已报区指挥部。 / Done; results reported to the headquarters.' },
  {
    status: 'blocked',
    note: '消毒物资库存不足，已申请调拨。 / Disinfectant stock is short; a transfer has been requested.',
    reason: '消毒物资库存不足，待区应急管理局调拨 / Disinfectant stock short, awaiting transfer from emergency management',
  },
  { status: 'accepted', note: '已接收。 / Accepted.', overdue: true },
];

export async function seedTasksDemo(database: Database, ctx: DemoContext): Promise<void> {
  const db = database.db;
  await db.transaction(async (tx) => {
    // Users' agencies, only where none is set (an administrator's choice is kept).
    const codes = Object.values(DEMO_USER_AGENCIES);
    const byCode = new Map(
      (await tx.select({ id: agencies.id, code: agencies.code }).from(agencies).where(inArray(agencies.code, codes))).map((a) => [
        a.code,
        a.id,
      ]),
    );
    for (const [username, code] of Object.entries(DEMO_USER_AGENCIES)) {
      const agencyId = byCode.get(code);
      if (!agencyId) continue;
      const [changed] = await tx
        .update(users)
        .set({ agencyId, updatedAt: new Date() })
        .where(and(eq(users.username, username), isNull(users.agencyId)))
        .returning({ id: users.id });
      if (changed) {
        await audit(tx, {
          actor: null,
          action: 'update',
          entityType: 'user',
          entityId: changed.id,
          before: { agencyId: null },
          after: { agencyId },
        });
      }
    }
  });

  // The demo incident: the open incident whose tasks came from plan measures (incidents demo).
  const [first] = await db
    .select({ incidentId: tasks.incidentId })
    .from(tasks)
    .innerJoin(incidents, eq(incidents.id, tasks.incidentId))
    .where(and(eq(tasks.origin, 'plan_measure'), eq(incidents.status, 'open')))
    .orderBy(asc(incidents.createdAt))
    .limit(1);
  if (!first?.incidentId) return;
  const incidentId = first.incidentId;
  const [incident] = await db.select().from(incidents).where(eq(incidents.id, incidentId));
  if (!incident) return;
  const seededNow = await db.transaction(async (tx) => {
    // Two starts at once (several server processes): one seeds, the other then finds the recurrence.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${TASKS_DEMO_LOCK})`);
    const [seeded] = await tx
      .select({ id: taskRecurrences.id })
      .from(taskRecurrences)
      .where(and(eq(taskRecurrences.incidentId, incidentId), eq(taskRecurrences.title, DEMO_RECURRENCE_TITLE)));
    if (seeded) return false;
    // The plan's tasks were made at the level activation, which the incidents demo dated two days back (the
    // database stamped them at seeding): dated back with it, a report of an earlier day, which counts the tasks
    // that existed then, finds them.
    const [activation] = await tx
      .select({ at: incidentLevelActivations.activatedAt })
      .from(incidentLevelActivations)
      .where(eq(incidentLevelActivations.incidentId, incidentId))
      .orderBy(asc(incidentLevelActivations.activatedAt))
      .limit(1);
    if (activation) {
      await tx
        .update(tasks)
        .set({ createdAt: activation.at, updatedAt: activation.at })
        .where(and(eq(tasks.incidentId, incidentId), eq(tasks.origin, 'plan_measure')));
    }
    const planTasks = await tx
      .select()
      .from(tasks)
      .where(and(eq(tasks.incidentId, incidentId), eq(tasks.origin, 'plan_measure'), eq(tasks.status, 'assigned')))
      .orderBy(asc(tasks.dueAt), asc(tasks.code));
    const members = await tx.select({ id: users.id, agencyId: users.agencyId }).from(users);
    const memberOf = (agencyId: string | null) => members.find((m) => m.agencyId && m.agencyId === agencyId)?.id ?? null;
    for (const [i, state] of STATES.entries()) {
      const task = planTasks[i];
      if (!task) break;
      const author = memberOf(task.assigneeAgencyId);
      const at = new Date(ctx.now.getTime() - (STATES.length - i) * HOUR);
      const dueAt = state.overdue ? new Date(ctx.now.getTime() - 3 * HOUR) : task.dueAt;
      await tx
        .update(tasks)
        .set({
          status: state.status,
          statusReason: state.reason ?? '',
          completedAt: state.status === 'done' ? at : null,
          // the completion's result is the demo note (issue 12: a task is done with what was done)
          result: state.status === 'done' ? state.note : '',
          dueAt,
          updatedAt: at,
        })
        .where(eq(tasks.id, task.id));
      await insertNote(tx, {
        taskId: task.id,
        kind: 'status',
        status: state.status,
        body: state.reason ?? (state.status === 'done' ? state.note : ''),
        authorId: author,
        createdAt: at,
      });
      await insertNote(tx, { taskId: task.id, kind: 'note', body: state.note, authorId: author, createdAt: at });
      await audit(tx, {
        actor: null,
        action: 'update',
        entityType: 'task',
        entityId: task.id,
        before: { status: task.status, dueAt: task.dueAt.toISOString() },
        after: { status: state.status, dueAt: dueAt.toISOString(), demo: true },
      });
    }
    const cdc = (await tx.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, 'JJ-CDC')))[0]?.id;
    const commanderId = (await tx.select({ id: users.id }).from(users).where(eq(users.username, 'commander')))[0]?.id ?? null;
    const [recurrence] = await tx
      .insert(taskRecurrences)
      .values({
        incidentId,
        title: DEMO_RECURRENCE_TITLE,
        description:
          '每日16:00前报送当日新增及累计病例（按街道/镇）、重症、密接追踪与采样进度。 / By 16:00 daily: new and cumulative cases by township, severe cases, contact tracing and sampling progress.',
        ...(cdc ? { assigneeAgencyId: cdc } : { assigneeJurisdictionId: incident.jurisdictionId }),
        jurisdictionId: incident.jurisdictionId,
        priority: 'high',
        checklist: [
          { text: '新增及累计病例（按街道/镇） / New and cumulative cases by township', done: false },
          { text: '重症及住院情况 / Severe and hospitalised cases', done: false },
          { text: '密接追踪与采样进度 / Contact tracing and sampling progress', done: false },
        ],
        frequency: 'daily',
        dueTime: '16:00',
        startsOn: localDate(incident.startedAt),
        createdBy: commanderId,
        // defined with the incident: today's report is due today even if the demo starts after 16:00
        createdAt: incident.startedAt,
      })
      .returning();
    await audit(tx, {
      actor: null,
      action: 'create',
      entityType: 'task_recurrence',
      entityId: recurrence!.id,
      after: { title: DEMO_RECURRENCE_TITLE },
    });
    return true;
  });
  // Today's report (the job would create it within a minute; the demo shows it at once).
  if (seededNow) await instantiateRecurringTasks(database, ctx.now);
}
