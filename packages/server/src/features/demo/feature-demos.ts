/**
 * The demo district's working data beyond the registry: case history, feeds, detection settings and their
 * signals and alerts, the emergency plan, an example incident with tasks, a meeting and a situation report.
 *
 * Each feature seeds its part in `<feature>/<feature>.demo.ts`, idempotently (it writes only what is missing),
 * in the order below, which follows the data's dependencies. seedDemoDistrict calls this after the registry.
 */
import type { Config } from '../../platform/config.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/logger.ts';
import { seedAlertsDemo } from '../alerts/alerts.demo.ts';
import { seedCasesDemo } from '../cases/cases.demo.ts';
import { seedDetectionDemo } from '../detection/detection.demo.ts';
import { seedFeedsDemo } from '../feeds/feeds.demo.ts';
import { seedIncidentsDemo } from '../incidents/incidents.demo.ts';
import { seedMeetingsDemo } from '../meetings/meetings.demo.ts';
import { seedNotificationsDemo } from '../notifications/notifications.demo.ts';
import { seedPlansDemo } from '../plans/plans.demo.ts';
import { seedReportsDemo } from '../reports/reports.demo.ts';
import { seedTasksDemo } from '../tasks/tasks.demo.ts';

/** What every feature's demo seeder receives. */
export interface DemoContext {
  /** the demo district's jurisdictions.id */
  districtId: string;
  /** seed of the demo's random generator (SeedDemoOptions.seed) */
  seed: number;
  /** "today" of the demo: history ends here, recent outbreaks lead up to it */
  now: Date;
  log?: Logger;
  /**
   * Where the identity-number key comes from (IDENTITY_KEY, else the key file in dataDir): the server's own
   * configuration, so that demo identity numbers open with the key the server uses. Absent: loadConfig().
   */
  identity?: Pick<Config, 'identityKey' | 'dataDir'>;
}

/** Seeds every feature's demo data that is missing, in dependency order. */
export async function seedFeatureDemos(database: Database, ctx: DemoContext): Promise<void> {
  await seedCasesDemo(database, ctx); // 5 years of case history with recent outbreaks
  await seedFeedsDemo(database, ctx); // syndromic feeds for the same years
  await seedDetectionDemo(database, ctx); // detection settings, then a run: signals
  await seedAlertsDemo(database, ctx); // alerts from those signals, some already handled
  await seedPlansDemo(database, ctx); // the district's emergency plan, approved
  await seedIncidentsDemo(database, ctx); // an example incident at level III
  await seedTasksDemo(database, ctx); // its tasks in several states
  await seedMeetingsDemo(database, ctx); // a joint-mechanism meeting with decisions
  await seedReportsDemo(database, ctx); // a daily situation report
  await seedNotificationsDemo(database, ctx); // nothing outbound by default; inbox rows come from the above
}
