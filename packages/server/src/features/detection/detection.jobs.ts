/**
 * Background jobs of detection: `detection.daily` wakes every ten minutes and runs the enabled settings whose own
 * schedule (a cron per setting, default 06:00 China time) fired since they last ran. Waking often and asking each
 * setting keeps one queue for settings with different schedules; a wake-up with nothing due costs one query.
 */
import type { AppDeps } from '../../platform/http/context.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { runScheduledDetection } from './detection.service.ts';

export const DETECTION_DAILY_JOB = 'detection.daily';
/** How often the job looks for due settings (UTC cron). */
export const DETECTION_WAKE_CRON = '*/10 * * * *';

/** The job's handler (exported for tests): runs what is due at `now`. */
export async function handleDetectionDaily(deps: Pick<AppDeps, 'database' | 'log'>, now = new Date()): Promise<void> {
  const runs = await runScheduledDetection(deps.database, now);
  for (const run of runs) {
    deps.log.info('detection run', { runId: run.id, asOf: run.asOf, series: run.seriesEvaluated, signals: run.signalsCreated, alerts: run.alertsCreated });
  }
}

export async function registerDetectionJobs(jobs: JobQueue, deps: AppDeps): Promise<void> {
  await jobs.work(DETECTION_DAILY_JOB, async () => {
    await handleDetectionDaily(deps);
  });
  await jobs.schedule(DETECTION_DAILY_JOB, DETECTION_WAKE_CRON);
}
