/**
 * Every feature's background jobs, registered once when the server starts its job queue (server.ts).
 * A feature with jobs exports `register<Feature>Jobs(jobs, deps)` from `<feature>/<feature>.jobs.ts`.
 */
import type { AppDeps } from '../platform/http/context.ts';
import type { JobQueue } from '../platform/jobs/jobs.ts';
import { registerAlertsJobs } from './alerts/alerts.jobs.ts';
import { registerContactsJobs } from './contacts/contacts.jobs.ts';
import { registerDetectionJobs } from './detection/detection.jobs.ts';
import { registerImportsJobs } from './imports/imports.jobs.ts';
import { registerNotificationsJobs } from './notifications/notifications.jobs.ts';
import { registerReportsJobs } from './reports/reports.jobs.ts';
import { registerPsychJobs } from './psych/psych.jobs.ts';
import { registerTasksJobs } from './tasks/tasks.jobs.ts';
import { registerStockJobs } from './stock/stock.jobs.ts';
import { registerBulletinsJobs } from './bulletins/bulletins.jobs.ts';
import { registerTrainingJobs } from './training/training.jobs.ts';
import { registerNeighboursJobs } from './neighbours/neighbours.jobs.ts';
import { registerExercisesJobs } from './exercises/exercises.jobs.ts';

export async function registerFeatureJobs(jobs: JobQueue, deps: AppDeps): Promise<void> {
  await registerNotificationsJobs(jobs, deps);
  await registerDetectionJobs(jobs, deps);
  await registerAlertsJobs(jobs, deps);
  await registerTasksJobs(jobs, deps);
  await registerReportsJobs(jobs, deps);
  await registerImportsJobs(jobs, deps);
  await registerContactsJobs(jobs, deps);
  await registerPsychJobs(jobs, deps);
  await registerStockJobs(jobs, deps);
  await registerBulletinsJobs(jobs, deps);
  await registerTrainingJobs(jobs, deps);
  await registerNeighboursJobs(jobs, deps);
  await registerExercisesJobs(jobs, deps);
}
