/**
 * Every feature's messages. A feature keeps its zh-CN and en texts in `features/<feature>/<feature>.messages.ts`
 * as `{ 'zh-CN': { <feature>: { … } }, en: { … } }` (top-level key = the feature's namespace); i18n.ts merges
 * them with the core catalogues and refuses a key defined twice.
 */
import { alertsMessages } from '../features/alerts/alerts.messages.ts';
import { casesMessages } from '../features/cases/cases.messages.ts';
import { dashboardMessages } from '../features/dashboard/dashboard.messages.ts';
import { detectionMessages } from '../features/detection/detection.messages.ts';
import { feedsMessages } from '../features/feeds/feeds.messages.ts';
import { importsMessages } from '../features/imports/imports.messages.ts';
import { incidentsMessages } from '../features/incidents/incidents.messages.ts';
import { meetingsMessages } from '../features/meetings/meetings.messages.ts';
import { notificationsMessages } from '../features/notifications/notifications.messages.ts';
import { plansMessages } from '../features/plans/plans.messages.ts';
import { reportsMessages } from '../features/reports/reports.messages.ts';
import { tasksMessages } from '../features/tasks/tasks.messages.ts';

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
  casesMessages,
  dashboardMessages,
  detectionMessages,
  feedsMessages,
  importsMessages,
  incidentsMessages,
  meetingsMessages,
  notificationsMessages,
  plansMessages,
  reportsMessages,
  tasksMessages,
];
