/**
 * Background job of training: 'training.reminders' daily at 07:30 district time (23:30 UTC): certificates expiring
 * within 30 days are announced once to their holders and the training managers (training.reminders.ts).
 */
import type { AppDeps } from '../../platform/http/context.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { sendExpiryReminders } from './training.reminders.ts';

export const TRAINING_REMINDERS_JOB = 'training.reminders';

export async function registerTrainingJobs(jobs: JobQueue, deps: AppDeps): Promise<void> {
  await jobs.work(TRAINING_REMINDERS_JOB, async () => {
    const sent = await sendExpiryReminders(deps.database, new Date());
    if (sent > 0) deps.log.info('training: expiry reminders sent', { certificates: sent });
  });
  await jobs.schedule(TRAINING_REMINDERS_JOB, '30 23 * * *');
}
