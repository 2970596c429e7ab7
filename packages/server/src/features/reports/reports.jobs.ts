/**
 * Background job of the reports feature (pg-boss): 'reports.daily-draft' drafts today's situation report for every
 * open incident at REPORT_DRAFT_HOUR district time (16:00 China time, so that the day's reports are in and the
 * editors have the evening to write and submit). It is idempotent: an incident that already has today's report
 * (drafted by a person or an earlier run) is left alone, and a unique (incident, day) index settles a race.
 */
import type { Database } from '../../platform/db/database.ts';
import type { AppDeps } from '../../platform/http/context.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { localDate } from './reports.figures.ts';
import { draftReport } from './reports.service.ts';
import { openIncidentIdsSystem } from './reports.store.ts';

export const REPORTS_DAILY_JOB = 'reports.daily-draft';
/** Hour of the day (district time, UTC+8) the daily drafts are made. */
export const REPORT_DRAFT_HOUR = 16;
/** The same hour as a UTC cron (pg-boss schedules in UTC). */
export const REPORTS_DAILY_CRON = `0 ${(REPORT_DRAFT_HOUR - 8 + 24) % 24} * * *`;

/** Drafts the report of `now`'s district day for each open incident without one; returns the ids drafted. */
export async function draftDailyReports(database: Database, now: Date): Promise<string[]> {
  const day = localDate(now);
  const drafted: string[] = [];
  for (const incidentId of await openIncidentIdsSystem(database.db)) {
    // One transaction per incident: one incident's failure does not undo the others.
    const row = await database.db.transaction((tx) => draftReport(tx, incidentId, day, { actor: null, now, byJob: true }));
    if (row) drafted.push(row.id);
  }
  return drafted;
}

export async function registerReportsJobs(jobs: JobQueue, deps: AppDeps): Promise<void> {
  await jobs.work(REPORTS_DAILY_JOB, async () => {
    const drafted = await draftDailyReports(deps.database, new Date());
    if (drafted.length > 0) deps.log.info('reports: daily situation reports drafted', { count: drafted.length });
  });
  await jobs.schedule(REPORTS_DAILY_JOB, REPORTS_DAILY_CRON);
}
