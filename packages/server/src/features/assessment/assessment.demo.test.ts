/**
 * The assessment demo on the demo district (registry, plan, incident and tasks demos first): a bottleneck on the
 * demo incident, a completed after-action review whose actions are tasks in several states, the lessons library
 * with Wuhan's and Shapingba's summaries; seeded once.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { testEngines, withTestDb } from '../../test-support/index.ts';
import { DEMO_TOWNSHIP_A, seedDemoDistrict } from '../demo/demo.seeder.ts';
import { seedIncidentsDemo } from '../incidents/incidents.demo.ts';
import { seedPlansDemo } from '../plans/plans.demo.ts';
import { seedTasksDemo } from '../tasks/tasks.demo.ts';
import { tasks } from '../tasks/tasks.tables.ts';
import { seedAssessmentDemo } from './assessment.demo.ts';
import { assessmentActions, assessmentEvents, assessmentLessons, assessmentReviews, assessmentSparRounds } from './assessment.tables.ts';

describe.each(testEngines())('assessment demo on District J (%s)', (engine) => {
  const t = withTestDb(engine);

  it('seeds a bottleneck, an approved review with tasks in several states and the lessons library, once', async () => {
    await seedDemoDistrict(t.database, { rosterStart: '2026-11-20', rosterDays: 1, features: false });
    const [district] = await t.database.db.select().from(jurisdictions).where(eq(jurisdictions.level, 'district'));
    const ctx = { districtId: district!.id, seed: 1, now: new Date(), incidentTownshipCode: DEMO_TOWNSHIP_A };
    await seedPlansDemo(t.database, ctx);
    await seedIncidentsDemo(t.database, ctx);
    await seedTasksDemo(t.database, ctx);
    await seedAssessmentDemo(t.database, ctx);
    await seedAssessmentDemo(t.database, ctx);

    const notes = await t.database.db.select().from(assessmentEvents);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.bottlenecks).toHaveLength(1);
    const reviews = await t.database.db.select().from(assessmentReviews);
    expect(reviews.map((r) => [r.kind, r.status])).toEqual([['after_action', 'approved']]);
    const reviewActions = await t.database.db
      .select({ status: tasks.status, dueAt: tasks.dueAt, planVersionId: assessmentActions.planVersionId })
      .from(assessmentActions)
      .innerJoin(tasks, eq(tasks.id, assessmentActions.taskId))
      .where(eq(assessmentActions.reviewId, reviews[0]!.id));
    const actions = reviewActions;
    expect(actions.map((a) => a.status).sort()).toEqual(['assigned', 'assigned', 'done', 'in_progress']);
    expect(actions.some((a) => a.status === 'assigned' && a.dueAt < new Date())).toBe(true); // one overdue
    const lessons = await t.database.db.select().from(assessmentLessons);
    expect(lessons).toHaveLength(5);
    expect(lessons.filter((l) => l.source === 'external').map((l) => l.title)).toEqual([
      expect.stringContaining('武汉'),
      expect.stringContaining('沙坪坝'),
    ]);
    expect(lessons.some((l) => l.planVersionId !== null)).toBe(true);
    // the done review action is linked to the plan version in force
    expect(reviewActions.filter((a) => a.planVersionId !== null)).toHaveLength(1);
    // two years of self-assessment, approved, the later one's two gap actions now tasks
    const rounds = await t.database.db.select().from(assessmentSparRounds);
    const year = Number(new Date().toISOString().slice(0, 4));
    expect(rounds.map((r) => [r.year, r.status]).sort()).toEqual([
      [year - 2, 'approved'],
      [year - 1, 'approved'],
    ]);
    const gapTasks = await t.database.db
      .select({ taskId: assessmentActions.taskId })
      .from(assessmentActions)
      .where(eq(assessmentActions.sparRoundId, rounds.find((r) => r.year === year - 1)!.id));
    expect(gapTasks).toHaveLength(2);
    expect(gapTasks.every((a) => a.taskId !== null)).toBe(true);
  });
});
