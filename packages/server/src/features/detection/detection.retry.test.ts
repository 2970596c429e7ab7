import { and, eq, inArray } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { earsC } from '@outbreak/surveillance';
import { buildDistrictTree, buildUser, memoryLogger, testEngines, withTestDb } from '../../test-support/index.ts';
import { notifications } from '../notifications/notifications.tables.ts';
import { addDays } from './detection.counts.ts';
import { DETECTION_RETRY_JOB, handleDetectionDaily, handleDetectionRetry } from './detection.jobs.ts';
import { detectionTestSeams } from './detection.run.ts';
import { type ScheduledFiring, SCHEDULED_MAX_ATTEMPTS, listRunsFor, retryDelaySeconds } from './detection.service.ts';
import { detectionConfigs, detectionRuns } from './detection.tables.ts';
import { signals } from './signals.tables.ts';
import { buildConfig, buildDisease, insertDailyCases, seasonalCounts } from './detection.test-support.ts';

/** A job queue that only records what is sent (the test plays pg-boss and runs the jobs itself). */
function recordingQueue() {
  const sent: Array<{ name: string; data: ScheduledFiring; startAfterSeconds?: number }> = [];
  return {
    sent,
    send: async <T extends object>(name: string, data: T, options?: { startAfterSeconds?: number }) => {
      sent.push({ name, data: data as unknown as ScheduledFiring, startAfterSeconds: options?.startAfterSeconds });
      return `job-${sent.length}`;
    },
  };
}

describe.each(testEngines())('scheduled detection runs are retried (%s)', (engine) => {
  const t = withTestDb(engine);
  const configIds: string[] = [];

  afterEach(async () => {
    detectionTestSeams.duringWrite = undefined;
    // Tests share the database: settings of a finished test must not be due in the next one.
    if (configIds.length > 0)
      await t.database.db.update(detectionConfigs).set({ enabled: false }).where(inArray(detectionConfigs.id, configIds));
  });

  /** A district whose township A has an outbreak on `asOf`, watched by EARS C1 on the 06:00 China schedule. */
  async function setup(asOf: string) {
    const tree = await buildDistrictTree(t.database);
    const disease = await buildDisease(t.database);
    const n = 60;
    const counts = seasonalCounts(n, 3, 5);
    counts[n - 1] = 25;
    await insertDailyCases(t.database, {
      diseaseId: disease.id,
      jurisdictionId: tree.communityA.id,
      start: addDays(asOf, -(n - 1)),
      counts,
    });
    const config = await buildConfig(t.database, {
      diseaseId: disease.id,
      jurisdictionId: tree.district.id,
      level: 'township',
      method: 'earsC_C1',
      parameters: { baseline: 7, minSigma: 0, alpha: 0.001 },
      schedule: '0 22 * * *',
      createdAt: new Date(`${addDays(asOf, -10)}T00:00:00Z`),
    });
    configIds.push(config.id);
    const manager = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    return { tree, disease, config, counts, manager };
  }

  it('retries a failed scheduled run after its back-off and stores exactly one set of signals', async () => {
    const asOf = '2026-05-10';
    const { tree, disease, config, counts, manager } = await setup(asOf);
    const direct = earsC(
      { observed: counts, frequency: 365, start: [2026, 1] },
      { method: 'C1', baseline: 7, alpha: 0.001, range: [60, 60] },
    ).points[0]!;
    expect(direct.alarm).toBe(true);
    const queue = recordingQueue();
    const deps = { database: t.database, log: memoryLogger(), jobs: queue, threads: 0 };

    // Attempt 1 fails while writing (after its signals and alerts were inserted): everything it wrote is rolled back.
    let failures = 0;
    detectionTestSeams.duringWrite = () => {
      failures++;
      throw new Error('injected: connection lost during commit\nat somewhere (stack line)');
    };
    const fired = new Date(`${asOf}T22:00:00Z`); // 06:00 on 11 May in China: evaluates 10 May
    const now = new Date(fired.getTime() + 5 * 60_000);
    await handleDetectionDaily(deps, now);
    expect(failures).toBe(1);
    const [first] = await t.database.db.select().from(detectionRuns).where(eq(detectionRuns.firedAt, fired));
    expect(first!.status).toBe('failed');
    expect(first!.error).toMatch(/^injected: connection lost during commit/);
    expect(first!.attempt).toBe(1);
    expect(first!.maxAttempts).toBe(SCHEDULED_MAX_ATTEMPTS);
    expect(first!.retryAt!.getTime()).toBe(now.getTime() + 120_000);
    expect(await t.database.db.select().from(signals).where(eq(signals.diseaseId, disease.id))).toEqual([]);
    // The next attempt is queued with its delay.
    expect(queue.sent).toEqual([
      {
        name: DETECTION_RETRY_JOB,
        data: { asOf, configIds: [config.id], firedAt: fired.toISOString(), attempt: 2 },
        startAfterSeconds: 120,
      },
    ]);
    expect(retryDelaySeconds(2)).toBe(240);
    expect(retryDelaySeconds(3)).toBe(480);

    // The next wake-up does not run the firing again (it is claimed); the retry job does, and succeeds.
    await handleDetectionDaily(deps, new Date(now.getTime() + 60_000));
    expect(await t.database.db.select().from(detectionRuns).where(eq(detectionRuns.firedAt, fired))).toHaveLength(1);
    detectionTestSeams.duringWrite = undefined;
    await handleDetectionRetry(deps, queue.sent[0]!.data, new Date(now.getTime() + 120_000));
    const runs = await t.database.db.select().from(detectionRuns).where(eq(detectionRuns.firedAt, fired)).orderBy(detectionRuns.attempt);
    expect(runs.map((r) => [r.attempt, r.status])).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
    expect(runs[1]!.retryAt).toBeNull();
    const stored = await t.database.db.select().from(signals).where(eq(signals.diseaseId, disease.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.jurisdictionId).toBe(tree.townshipA.id);
    expect(stored[0]!.runId).toBe(runs[1]!.id);
    expect(stored[0]!.threshold).toBeCloseTo(direct.upperbound!, 10);
    expect(runs[1]!.signalsCreated).toBe(1);
    expect(runs[1]!.alertsCreated).toBe(1);
    expect(queue.sent).toHaveLength(1);

    // The same retry delivered twice (a job queue may) finds the firing done and does nothing.
    await handleDetectionRetry(deps, queue.sent[0]!.data, new Date(now.getTime() + 180_000));
    expect(await t.database.db.select().from(detectionRuns).where(eq(detectionRuns.firedAt, fired))).toHaveLength(2);
    expect(await t.database.db.select().from(signals).where(eq(signals.diseaseId, disease.id))).toHaveLength(1);

    // The runs list shows both attempts: the failure with its error and retry time, then the success.
    const listed = await listRunsFor(t.database, manager.principal, 1, 50);
    const mine = listed.items.filter((r) => r.firedAt === fired.toISOString());
    expect(mine.map((r) => [r.attempt, r.maxAttempts, r.status])).toEqual(
      expect.arrayContaining([
        [1, SCHEDULED_MAX_ATTEMPTS, 'failed'],
        [2, SCHEDULED_MAX_ATTEMPTS, 'succeeded'],
      ]),
    );
    expect(mine.find((r) => r.attempt === 1)!.retryAt).toBe(new Date(now.getTime() + 120_000).toISOString());
    // Nobody was notified: the firing succeeded.
    expect(
      await t.database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, manager.user.id), eq(notifications.kind, 'detection.run_failed'))),
    ).toEqual([]);
  });

  it('notifies the detection managers when the last attempt fails, and not before', async () => {
    const asOf = '2026-04-10';
    const { disease, config, manager } = await setup(asOf);
    const outsider = await buildUser(t.database, {
      role: 'epidemiologist',
      jurisdictionId: (await buildDistrictTree(t.database)).district.id,
    });
    const queue = recordingQueue();
    const deps = { database: t.database, log: memoryLogger(), jobs: queue, threads: 0 };
    detectionTestSeams.duringWrite = () => {
      throw new Error('injected: disk full');
    };
    const fired = new Date(`${asOf}T22:00:00Z`);
    let now = new Date(fired.getTime() + 5 * 60_000);
    await handleDetectionDaily(deps, now);
    const told = () => t.database.db.select().from(notifications).where(eq(notifications.kind, 'detection.run_failed'));
    for (let attempt = 2; attempt <= SCHEDULED_MAX_ATTEMPTS; attempt++) {
      expect(await told()).toEqual([]);
      expect(queue.sent).toHaveLength(attempt - 1);
      const job = queue.sent.at(-1)!;
      expect(job.data.attempt).toBe(attempt);
      expect(job.startAfterSeconds).toBe(retryDelaySeconds(attempt - 1));
      now = new Date(now.getTime() + job.startAfterSeconds! * 1000);
      await handleDetectionRetry(deps, job.data, now);
    }
    // Four attempts, all failed; no fifth is queued; the last says no retry follows.
    expect(queue.sent).toHaveLength(SCHEDULED_MAX_ATTEMPTS - 1);
    const runs = await t.database.db.select().from(detectionRuns).where(eq(detectionRuns.firedAt, fired)).orderBy(detectionRuns.attempt);
    expect(runs.map((r) => [r.attempt, r.status, r.retryAt === null])).toEqual([
      [1, 'failed', false],
      [2, 'failed', false],
      [3, 'failed', false],
      [4, 'failed', true],
    ]);
    const notes = await told();
    expect(notes.map((n) => n.userId)).toEqual([manager.user.id]);
    expect(notes.map((n) => n.userId)).not.toContain(outsider.user.id);
    expect(notes[0]!.titleEn).toBe(`Detection run failed: ${asOf} (all 4 attempts)`);
    expect(notes[0]!.bodyEn).toContain('Error: injected: disk full');
    expect(notes[0]!.entityId).toBe(runs[3]!.id);
    expect(notes[0]!.link).toBe('/detection/settings');
    expect(await t.database.db.select().from(signals).where(eq(signals.diseaseId, disease.id))).toEqual([]);
    expect(config.id).toBeTruthy();
  });

  it('marks a scheduled run abandoned by a stopped server as failed and retries it', async () => {
    const asOf = '2026-03-10';
    const { disease, config } = await setup(asOf);
    const fired = new Date(`${asOf}T22:00:00Z`);
    // The firing was claimed and its run started, then the server stopped: the run stayed 'running'.
    await t.database.db.update(detectionConfigs).set({ lastScheduledAt: fired }).where(eq(detectionConfigs.id, config.id));
    const [stale] = await t.database.db
      .insert(detectionRuns)
      .values({
        trigger: 'schedule',
        asOf,
        configIds: [config.id],
        startedAt: new Date(fired.getTime() + 60_000),
        attempt: 1,
        maxAttempts: SCHEDULED_MAX_ATTEMPTS,
        firedAt: fired,
      })
      .returning();
    const queue = recordingQueue();
    await handleDetectionDaily(
      { database: t.database, log: memoryLogger(), jobs: queue, threads: 0 },
      new Date(fired.getTime() + 60 * 60_000),
    );
    const runs = await t.database.db.select().from(detectionRuns).where(eq(detectionRuns.firedAt, fired)).orderBy(detectionRuns.attempt);
    expect(runs.map((r) => [r.attempt, r.status])).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
    expect(runs[0]!.id).toBe(stale!.id);
    expect(runs[0]!.error).toMatch(/^abandoned/);
    expect(await t.database.db.select().from(signals).where(eq(signals.diseaseId, disease.id))).toHaveLength(1);
    expect(queue.sent).toEqual([]);
  });
});
