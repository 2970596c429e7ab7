/**
 * A report of an earlier day: tasks as they stood at the end of that day (from the tasks' status history, written
 * by the tasks feature's own steps), and Rt ending before the days whose onset counts are still incomplete.
 */
import { estimateR } from '@outbreak/epimodels';
import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDistrictTree, testEngines, withTestDb } from '../../test-support/index.ts';
import { incidents } from '../incidents/incidents.tables.ts';
import { tasks } from '../tasks/tasks.tables.ts';
import { createTasks } from '../tasks/task-creation.ts';
import { cancelTask, transitionTask, updateTaskAs } from '../tasks/tasks.service.ts';
import { DRAFT_NOW, REPORT_DAY, type CaseSpec, atLocal, buildDisease, buildReportWorld, insertCases } from './reports.fixtures.ts';
import { addDays, draftFigures, incidentForFigures } from './reports.figures.ts';

const D = REPORT_DAY;
const YESTERDAY = addDays(D, -1);

describe.each(testEngines())('reports of an earlier day (%s)', (engine) => {
  const t = withTestDb(engine);
  let w: Awaited<ReturnType<typeof buildReportWorld>>;
  beforeAll(async () => {
    w = await buildReportWorld(t.database);
  });

  it("counts an earlier day's tasks as they stood at its end; today's as they are", async () => {
    const [incident] = await t.database.db
      .insert(incidents)
      .values({
        title: '任务历史测试',
        jurisdictionId: w.tree.district.id,
        diseaseId: w.flu.id,
        startedAt: atLocal(addDays(D, -3), '08:00'),
      })
      .returning();
    const made = await t.database.db.transaction((tx) =>
      createTasks(
        tx,
        [
          { title: '今天办结', due: atLocal(D, '12:00') },
          { title: '今天取消', due: atLocal(YESTERDAY, '08:00') },
          { title: '昨天退回后改派', due: atLocal(D, '20:00') },
          { title: '今天新建', due: atLocal(D, '20:00') },
        ].map((x) => ({
          incidentId: incident!.id,
          title: x.title,
          assigneeAgencyId: w.police.id,
          jurisdictionId: w.tree.district.id,
          dueAt: x.due,
          origin: 'manual' as const,
        })),
        { actor: { id: w.commander.principal.id, username: w.commander.username }, now: atLocal(addDays(D, -2), '09:00') },
      ),
    );
    const [doneToday, cancelledToday, reassigned, newToday] = made.map((m) => m.id) as [string, string, string, string];
    // Created two days ago (the tasks feature stamps the database's clock), the last one this morning.
    await t.database.db
      .update(tasks)
      .set({ createdAt: atLocal(addDays(D, -2), '09:00') })
      .where(inArray(tasks.id, [doneToday, cancelledToday, reassigned]));
    await t.database.db
      .update(tasks)
      .set({ createdAt: atLocal(D, '08:00') })
      .where(eq(tasks.id, newToday));

    const liaison = w.liaison.principal;
    const commander = w.commander.principal;
    const at = (day: string, hhmm: string) => ({ now: atLocal(day, hhmm) });
    await transitionTask(t.database, liaison, doneToday, { action: 'accept' }, at(YESTERDAY, '10:00'));
    await transitionTask(t.database, liaison, doneToday, { action: 'start' }, at(YESTERDAY, '11:00'));
    await transitionTask(t.database, liaison, doneToday, { action: 'complete', result: '已完成' }, at(D, '09:00'));
    await transitionTask(t.database, liaison, cancelledToday, { action: 'accept' }, at(YESTERDAY, '07:00'));
    await cancelTask(t.database, commander, cancelledToday, '不再需要', at(D, '10:00'));
    await transitionTask(t.database, liaison, reassigned, { action: 'reject', reason: '非本部门职责' }, at(YESTERDAY, '09:00'));
    await updateTaskAs(
      t.database,
      commander,
      reassigned,
      { assigneeAgencyId: w.cdc.id, reason: '改由疾控中心办理' },
      at(YESTERDAY, '15:00'),
    );

    const figures = async (day: string) =>
      (await draftFigures(t.database.db, (await incidentForFigures(t.database.db, incident!.id))!, day, DRAFT_NOW)).tasks;

    // Yesterday, as at 24:00: the one done today was in progress; the one cancelled today was accepted and past
    // due; the rejected one had been handed to the CDC (assigned again); the one made today did not exist.
    const before = await figures(YESTERDAY);
    expect(before.asOf).toBe(atLocal(D, '00:00').toISOString());
    expect(before.byAssignee.find((a) => a.assigneeId === w.police.id)).toMatchObject({
      total: 2,
      done: 0,
      open: 2,
      overdue: 1,
      rejected: 0,
    });
    expect(before.byAssignee.find((a) => a.assigneeId === w.cdc.id)).toMatchObject({ total: 1, done: 0, open: 1, overdue: 0, rejected: 0 });
    expect(before.totals).toEqual({ total: 3, done: 0, open: 3, overdue: 1, rejected: 0 });
    expect(before.overdue.map((o) => [o.title, o.status])).toEqual([['今天取消', 'accepted']]);

    // Two days ago, as at its end: created that morning, nothing done yet.
    const twoDaysAgo = await figures(addDays(D, -2));
    expect(twoDaysAgo.totals).toEqual({ total: 3, done: 0, open: 3, overdue: 0, rejected: 0 });
    // Before the tasks existed: none.
    expect((await figures(addDays(D, -3))).totals.total).toBe(0);

    // Today's report: as the tasks are now.
    const today = await figures(D);
    expect(today.asOf).toBe(DRAFT_NOW.toISOString());
    expect(today.byAssignee.find((a) => a.assigneeId === w.police.id)).toMatchObject({ total: 2, done: 1, open: 1, overdue: 0 });
    expect(today.totals).toEqual({ total: 3, done: 1, open: 2, overdue: 0, rejected: 0 });
  });

  it('ends the Rt window the median reporting delay before the report day', async () => {
    const tree = await buildDistrictTree(t.database);
    const covid = await buildDisease(t.database, 'covid19');
    // Every onset day D−40 … D: three cases reported 3 days later, one 2 days later (median delay 3 days).
    const specs: CaseSpec[] = [];
    for (let k = -40; k <= 0; k++) {
      const onset = addDays(D, k);
      for (let n = 0; n < 3; n++) {
        specs.push({
          jurisdictionId: tree.communityA.id,
          diseaseId: covid.id,
          onsetDate: onset,
          diagnosisAt: atLocal(onset, '12:00'),
          reportedAt: atLocal(addDays(onset, 3), '09:00'),
        });
      }
      specs.push({
        jurisdictionId: tree.communityA.id,
        diseaseId: covid.id,
        onsetDate: onset,
        diagnosisAt: atLocal(onset, '12:00'),
        reportedAt: atLocal(addDays(onset, 2), '09:00'),
      });
    }
    await insertCases(t.database, specs);
    const [incident] = await t.database.db
      .insert(incidents)
      .values({ title: '新冠聚集', jurisdictionId: tree.townshipA.id, diseaseId: covid.id, startedAt: atLocal(addDays(D, -40), '08:00') })
      .returning();
    const f = await draftFigures(t.database.db, (await incidentForFigures(t.database.db, incident!.id))!, D, DRAFT_NOW);

    // Known by the end of D: delay 3 for onsets D−40 … D−3 (38 days × 3), delay 2 for D−40 … D−2 (39).
    expect(f.rt.reportingDelay).toEqual({ medianDays: 3, cases: 38 * 3 + 39, basis: 'disease', lookbackDays: 90 });
    expect(f.rt.incompleteDays).toBe(3);
    expect(f.rt.windowTo).toBe(addDays(D, -3));
    expect(f.rt.windowFrom).toBe(addDays(D, -9));
    expect(f.rt.seriesFrom).toBe(addDays(D, -44));
    // D−44 … D−41 none; D−40 … D−3 four a day (all reported by D).
    const expected = [0, 0, 0, 0, ...new Array(38).fill(4)];
    expect(f.rt.series).toEqual(expected);
    const direct = estimateR(expected, 'parametric_si', { mean_si: 4.7, std_si: 2.9, t_start: [36], t_end: [42] }).windows[0]!;
    expect(f.rt).toMatchObject({
      estimable: true,
      casesInWindow: 28,
      mean: direct.mean_r,
      lower: direct.quantile_0_025_r,
      upper: direct.quantile_0_975_r,
    });
    expect(f.rt.mean).toBeCloseTo(direct.mean_r!, 12);

    // An incident without a disease: no delay to measure, one day left out.
    const [plain] = await t.database.db
      .insert(incidents)
      .values({ title: '无病种事件', jurisdictionId: tree.townshipA.id, startedAt: atLocal(addDays(D, -2), '08:00') })
      .returning();
    const g = await draftFigures(t.database.db, (await incidentForFigures(t.database.db, plain!.id))!, D, DRAFT_NOW);
    expect(g.rt).toMatchObject({
      estimable: false,
      reason: 'no_disease',
      incompleteDays: 1,
      windowTo: addDays(D, -1),
      reportingDelay: { medianDays: null, basis: 'none' },
    });
  });
});
