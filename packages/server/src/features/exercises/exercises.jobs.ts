/**
 * The exercise clock's job: every minute, the injects that running exercises' clocks have reached fire
 * (fireDueInjects; a start or resume fires those already due at once, exercises.service.ts).
 */
import type { AppDeps } from '../../platform/http/context.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { fireDueInjects } from './exercises.service.ts';

export const EXERCISES_INJECT_JOB = 'exercises.fire-due-injects';
export const EXERCISES_INJECT_CRON = '* * * * *';

export async function registerExercisesJobs(jobs: JobQueue, deps: AppDeps): Promise<void> {
  await jobs.work(EXERCISES_INJECT_JOB, async () => {
    const fired = await fireDueInjects(deps.database, new Date());
    if (fired > 0) deps.log.info('exercises: injects fired', { count: fired });
  });
  await jobs.schedule(EXERCISES_INJECT_JOB, EXERCISES_INJECT_CRON);
}
