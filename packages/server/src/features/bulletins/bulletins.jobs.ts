/**
 * The scheduled publication of bulletins: every minute, versions scheduled for a moment now past are published
 * (publishDueBulletins: the guard runs again; a refused one goes back to approved and its authors are told).
 */
import type { AppDeps } from '../../platform/http/context.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { publishDueBulletins } from './bulletins.service.ts';

export const BULLETINS_PUBLISH_JOB = 'bulletins.publish-due';
export const BULLETINS_PUBLISH_CRON = '* * * * *';

export async function registerBulletinsJobs(jobs: JobQueue, deps: AppDeps): Promise<void> {
  await jobs.work(BULLETINS_PUBLISH_JOB, async () => {
    const published = await publishDueBulletins(deps.database, new Date());
    if (published.length > 0) deps.log.info('bulletins: scheduled bulletins published', { count: published.length });
  });
  await jobs.schedule(BULLETINS_PUBLISH_JOB, BULLETINS_PUBLISH_CRON);
}
