/**
 * Every feature's messages. A feature keeps its zh-CN and en texts in `features/<feature>/<feature>.messages.ts`
 * as `{ 'zh-CN': { <feature>: { … } }, en: { … } }` (top-level key = the feature's namespace); i18n.ts merges
 * them with the core catalogues and refuses a key defined twice.
 */
import { alertsMessages } from '../features/alerts/alerts.messages.ts';
import { eventReportsMessages } from '../features/alerts/event-reports.messages.ts';
import { casesMessages } from '../features/cases/cases.messages.ts';
import { contactsMessages } from '../features/contacts/contacts.messages.ts';
import { dashboardMessages } from '../features/dashboard/dashboard.messages.ts';
import { detectionMessages } from '../features/detection/detection.messages.ts';
import { exportsMessages } from '../features/exports/exports.messages.ts';
import { feedsMessages } from '../features/feeds/feeds.messages.ts';
import { importsMessages } from '../features/imports/imports.messages.ts';
import { incidentsMessages } from '../features/incidents/incidents.messages.ts';
import { meetingsMessages } from '../features/meetings/meetings.messages.ts';
import { notificationsMessages } from '../features/notifications/notifications.messages.ts';
import { occupancyMessages } from '../features/occupancy/occupancy.messages.ts';
import { plansMessages } from '../features/plans/plans.messages.ts';
import { psychMessages } from '../features/psych/psych.messages.ts';
import { reportsMessages } from '../features/reports/reports.messages.ts';
import { tasksMessages } from '../features/tasks/tasks.messages.ts';
import { travelMessages } from '../features/travel/travel.messages.ts';
import { investigationsMessages } from '../features/investigations/investigations.messages.ts';
import { quarantineMessages } from '../features/quarantine/quarantine.messages.ts';
import { assessmentMessages } from '../features/assessment/assessment.messages.ts';
import { stockMessages } from '../features/stock/stock.messages.ts';
import { bulletinsMessages } from '../features/bulletins/bulletins.messages.ts';
import { volunteersMessages } from '../features/volunteers/volunteers.messages.ts';
import { trainingMessages } from '../features/training/training.messages.ts';
import { educationMessages } from '../features/education/education.messages.ts';
import { neighboursMessages } from '../features/neighbours/neighbours.messages.ts';
import { neighbourWorkMessages } from '../features/neighbours/neighbour-work.messages.ts';
import { exercisesMessages } from '../features/exercises/exercises.messages.ts';
import { assessmentModulesMessages } from '../features/assessment/indicators-modules.messages.ts';
import { assessmentBacktestMessages } from '../features/assessment/detection-backtest.messages.ts';
import { neighbourRecordsMessages } from '../features/neighbours/neighbour-records.messages.ts';

/** One feature's messages in both languages. */
export interface FeatureMessages {
  'zh-CN': Record<string, unknown>;
  en: Record<string, unknown>;
  /**
   * Keys whose Chinese text is rightly written without Chinese characters (a code such as 'ICD-10', a symbol):
   * the i18n test otherwise takes a zh-CN text without Chinese for an untranslated one.
   */
  latinInChinese?: string[];
}

export const FEATURE_MESSAGES: FeatureMessages[] = [
  alertsMessages,
  eventReportsMessages,
  casesMessages,
  contactsMessages,
  dashboardMessages,
  detectionMessages,
  exportsMessages,
  feedsMessages,
  importsMessages,
  incidentsMessages,
  meetingsMessages,
  notificationsMessages,
  occupancyMessages,
  plansMessages,
  reportsMessages,
  tasksMessages,
  travelMessages,
  investigationsMessages,
  quarantineMessages,
  psychMessages,
  assessmentMessages,
  stockMessages,
  bulletinsMessages,
  volunteersMessages,
  trainingMessages,
  educationMessages,
  neighboursMessages,
  exercisesMessages,
  assessmentModulesMessages,
  neighbourRecordsMessages,
  neighbourWorkMessages,
  assessmentBacktestMessages,
];
