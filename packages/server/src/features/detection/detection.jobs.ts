/**
 * Background jobs of detection: `detection.daily` wakes every ten minutes and runs the enabled settings whose own
 * schedule (a cron per setting, default 06:00 China time) fired since they last ran. Waking often and asking each
 * setting keeps one queue for settings with different schedules; a wake-up with nothing due costs one query.
 *
 * `detection.retry` makes the next attempt of a scheduled run that failed, queued by the failed attempt itself
 * with its back-off delay (2, 4, 8 minutes; four attempts in all, see detection.service.ts). Each job carries its
 * attempt number, so the chain ends after the last attempt, which notifies the detection managers.
 */
import type { AppDeps } from '../../platform/http/context.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { DETECTION_RETRY_JOB, type ScheduledFiring, runScheduledAttempt, runScheduledDetection } from './detection.service.ts';

export const DETECTION_DAILY_JOB = 'detection.daily';
export { DETECTION_RETRY_JOB };
/** How often the job looks for due settings (UTC cron). */
export const DETECTION_WAKE_CRON = '*/10 * * * *';

type JobDeps = Pick<AppDeps, 'database' | 'log'> & { jobs?: Pick<JobQueue, 'send'>; threads?: number };

/** The job's handler (exported for tests): runs what is due at `now`; failed runs are retried through `jobs`. */
export async function handleDetectionDaily(deps: JobDeps, now = new Date()): Promise<void> {
  const runs = await runScheduledDetection(deps.database, now, { retries: deps.jobs, log: deps.log, threads: deps.threads });
  for (const run of runs) logRun(deps, run);
}

/** The retry job's handler (exported for tests): the next attempt of a failed scheduled run. */
export async function handleDetectionRetry(deps: JobDeps, firing: ScheduledFiring, now = new Date()): Promise<void> {
  const run = await runScheduledAttempt(deps.database, firing, now, { retries: deps.jobs, log: deps.log, threads: deps.threads });
  if (run) logRun(deps, run);
}

function logRun(deps: JobDeps, run: Awaited<ReturnType<typeof runScheduledDetection>>[number]) {
  if (run.status !== 'succeeded') return; // failures are logged where they are handled
  deps.log.info('detection run', {
    runId: run.id,
    asOf: run.asOf,
    attempt: run.attempt,
    series: run.seriesEvaluated,
    signals: run.signalsCreated,
    alerts: run.alertsCreated,
  });
}

export async function registerDetectionJobs(jobs: JobQueue, deps: AppDeps): Promise<void> {
  await jobs.work(DETECTION_DAILY_JOB, async () => {
    await handleDetectionDaily({ ...deps, jobs });
  });
  await jobs.work<ScheduledFiring>(DETECTION_RETRY_JOB, async (firing) => {
    await handleDetectionRetry({ ...deps, jobs }, firing);
  });
  await jobs.schedule(DETECTION_DAILY_JOB, DETECTION_WAKE_CRON);
}
