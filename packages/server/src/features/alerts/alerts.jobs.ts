/**
 * Background jobs of the alerts feature (pg-boss): 'alerts.escalate' every minute tells the supervisors of
 * alerts whose verification deadline passed (alerts.escalation.ts).
 */
import type { AppDeps } from '../../platform/http/context.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { escalateOverdueAlerts } from './alerts.escalation.ts';

export const ALERTS_ESCALATE_JOB = 'alerts.escalate';

export async function registerAlertsJobs(jobs: JobQueue, deps: AppDeps): Promise<void> {
  await jobs.work(ALERTS_ESCALATE_JOB, async () => {
    const ids = await escalateOverdueAlerts(deps.database, new Date());
    if (ids.length > 0) deps.log.info('alerts: escalated overdue alerts', { count: ids.length });
  });
  await jobs.schedule(ALERTS_ESCALATE_JOB, '* * * * *');
}
