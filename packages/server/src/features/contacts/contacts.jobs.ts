/**
 * Background job of contact tracing (pg-boss): 'contacts.complete' closes, a few minutes after district
 * midnight (16:05 UTC = 00:05 UTC+8), every follow-up whose window ended yesterday with no conversion. It also
 * runs hourly, so that a server that was down at midnight catches up. The work is `completeEndedFollowUps`
 * (contacts.service.ts), tested with a fixed clock.
 */
import type { AppDeps } from '../../platform/http/context.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { completeEndedFollowUps } from './contacts.service.ts';

export const CONTACTS_COMPLETE_JOB = 'contacts.complete';

export async function registerContactsJobs(jobs: JobQueue, deps: AppDeps): Promise<void> {
  await jobs.work(CONTACTS_COMPLETE_JOB, async () => {
    const ids = await completeEndedFollowUps(deps.database, new Date());
    if (ids.length > 0) deps.log.info('contacts: follow-up completed', { count: ids.length });
  });
  await jobs.schedule(CONTACTS_COMPLETE_JOB, '5 * * * *');
}
