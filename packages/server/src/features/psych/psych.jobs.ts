/**
 * Background job of psychological assistance (pg-boss): 'psych.retention' purges, each night at 02:30 district
 * time (18:30 UTC), the closed records older than the retention period, with an audit record of the purge. The
 * work is `purgeExpired` (psych.service.ts), tested with a fixed clock.
 */
import type { AppDeps } from '../../platform/http/context.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { purgeExpired } from './psych.service.ts';

export const PSYCH_RETENTION_JOB = 'psych.retention';

export async function registerPsychJobs(jobs: JobQueue, deps: AppDeps): Promise<void> {
  await jobs.work(PSYCH_RETENTION_JOB, async () => {
    const purged = await purgeExpired(deps.database, new Date());
    if (purged.clientIds.length + purged.calls + purged.groups > 0) {
      deps.log.info('psych: retention purge', { clients: purged.clientIds.length, calls: purged.calls, groups: purged.groups });
    }
  });
  await jobs.schedule(PSYCH_RETENTION_JOB, '30 18 * * *');
}
