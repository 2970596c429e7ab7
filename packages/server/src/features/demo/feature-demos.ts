/**
 * The demo district's working data beyond the registry: case history, feeds, detection settings and their
 * signals and alerts, the emergency plan, an example incident with tasks, a meeting and a situation report.
 *
 * Each feature seeds its part in `<feature>/<feature>.demo.ts`, idempotently (it writes only what is missing),
 * in the order below, which follows the data's dependencies. seedDemoDistrict calls this after the registry.
 */
import type { Database } from '../../platform/db/database.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { registerFeatureHooks } from '../feature-hooks.ts';
import { seedAlertsDemo } from '../alerts/alerts.demo.ts';
import { seedEventReportsDemo } from '../alerts/event-reports.demo.ts';
import { seedOutbreakHistoryDemo } from '../alerts/outbreak-history.demo.ts';
import { seedCasesDemo } from '../cases/cases.demo.ts';
import { seedContactsDemo } from '../contacts/contacts.demo.ts';
import { seedDetectionDemo } from '../detection/detection.demo.ts';
import { seedFeedsDemo } from '../feeds/feeds.demo.ts';
import { seedIncidentsDemo } from '../incidents/incidents.demo.ts';
import { seedMeetingsDemo } from '../meetings/meetings.demo.ts';
import { seedNotificationsDemo } from '../notifications/notifications.demo.ts';
import { seedOccupancyDemo } from '../occupancy/index.ts';
import { seedPsychDemo } from '../psych/psych.demo.ts';
import { seedPlansDemo } from '../plans/plans.demo.ts';
import { seedReportsDemo } from '../reports/reports.demo.ts';
import { seedTasksDemo } from '../tasks/tasks.demo.ts';
import { seedTravelDemo } from '../travel/travel.demo.ts';
import { seedInvestigationsDemo } from '../investigations/investigations.demo.ts';
import { seedQuarantineDemo } from '../quarantine/index.ts';
import { seedAssessmentDemo } from '../assessment/assessment.demo.ts';
import { seedStockDemo } from '../stock/stock.demo.ts';
import { seedBulletinsDemo } from '../bulletins/index.ts';
import { seedVolunteersDemo } from '../volunteers/index.ts';
import { seedTrainingDemo } from '../training/index.ts';
import { seedEducationDemo } from '../education/index.ts';
import { seedExercisesDemo } from '../exercises/exercises.demo.ts';
import { seedMentalHealthCentreDemo } from '../registry/registry.demo.ts';

/** Seeds every feature's demo data that is missing, in dependency order. */
export async function seedFeatureDemos(database: Database, ctx: DemoContext): Promise<void> {
  registerFeatureHooks(); // the demo's detection run and incident activation hand off like the server's
  await seedCasesDemo(database, ctx); // 5 years of case history with recent outbreaks
  await seedContactsDemo(database, ctx); // the newest HFMD cases' contacts, second-degree contacts, follow-up history
  await seedFeedsDemo(database, ctx); // syndromic feeds for the same years
  await seedOccupancyDemo(database, ctx); // two weeks of facilities' daily bed occupancy
  await seedDetectionDemo(database, ctx); // detection settings, then a run: signals
  await seedAlertsDemo(database, ctx); // alerts from those signals, some already handled
  await seedEventReportsDemo(database, ctx); // a township officer's report: dead poultry at a market (after the above)
  await seedPlansDemo(database, ctx); // the district's emergency plan, approved
  await seedIncidentsDemo(database, ctx); // an example incident at level III
  await seedTasksDemo(database, ctx); // its tasks in several states
  await seedMeetingsDemo(database, ctx); // a joint-mechanism meeting with decisions
  await seedReportsDemo(database, ctx); // a daily situation report
  await seedNotificationsDemo(database, ctx); // nothing outbound by default; inbox rows come from the above
  await seedTravelDemo(database, ctx); // a Yangtze voyage through the district's port with its manifest, a case on it, its cohort
  await seedInvestigationsDemo(database, ctx); // that case's 流调: places, the voyage, the likely source
  await seedQuarantineDemo(database, ctx); // rooms of two quarantine hotels; demo contacts placed there or at home, some released
  await seedPsychDemo(database, ctx); // hotline log, clients with screening histories, referrals, group sessions (fictional)
  await seedAssessmentDemo(database, ctx); // 7-1-7 bottleneck, a completed after-action review, the lessons library
  await seedStockDemo(database, ctx); // materials: catalogue, stocked warehouses and hospital stores, requests in several states
  await seedBulletinsDemo(database, ctx); // three weeks of published bulletins, a correction, a withdrawal, risk areas, rumours
  await seedVolunteersDemo(database, ctx); // volunteers in the demo townships' communities: vetted, pending, suspended; a year of hours; assignments
  await seedTrainingDemo(database, ctx); // courses, held sessions with certificates current, expiring and expired; a planned refresher
  await seedEducationDemo(database, ctx); // materials by audience and language (most published), a campaign with events and reach
  await seedExercisesDemo(database, ctx); // a completed functional exercise: its marked records, scorecard and ratings
  await seedMentalHealthCentreDemo(database, ctx); // the mental-health centre psych refers to: last, no random draw (figures above unchanged)
  await seedOutbreakHistoryDemo(database, ctx); // the past outbreaks of the case history as recorded alerts (back-test): no random draw, codes above unchanged
}
