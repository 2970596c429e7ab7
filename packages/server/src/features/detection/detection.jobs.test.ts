import { describe, expect, it } from 'vitest';
import { memoryLogger, testConfig, testEngines, withTestDb } from '../../test-support/index.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { DETECTION_DAILY_JOB, DETECTION_RETRY_JOB, DETECTION_WAKE_CRON, registerDetectionJobs } from './detection.jobs.ts';

describe.each(testEngines())('detection jobs (%s)', (engine) => {
  const t = withTestDb(engine);

  it('registers detection.daily on a schedule, and its handler runs what is due', async () => {
    const handlers = new Map<string, (data: object) => Promise<void>>();
    const schedules: Array<[string, string]> = [];
    const jobs: JobQueue = {
      work: async (name, handler) => {
        handlers.set(name, handler as (data: object) => Promise<void>);
      },
      send: async () => null,
      stop: async () => {},
      schedule: async (name, cron) => {
        schedules.push([name, cron]);
      },
    };
    await registerDetectionJobs(jobs, { database: t.database, config: testConfig(), log: memoryLogger() });
    expect(schedules).toEqual([[DETECTION_DAILY_JOB, DETECTION_WAKE_CRON]]);
    // Failed scheduled runs are retried by their own job (detection.retry.test.ts).
    expect([...handlers.keys()]).toEqual([DETECTION_DAILY_JOB, DETECTION_RETRY_JOB]);
    expect(DETECTION_WAKE_CRON).toBe('*/10 * * * *');
    // With no settings nothing is due: the handler completes without a run.
    await expect(handlers.get(DETECTION_DAILY_JOB)!({})).resolves.toBeUndefined();
  });
});
