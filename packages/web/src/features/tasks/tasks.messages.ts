/**
 * Messages of the tasks feature, zh-CN first, under the `tasks` namespace (merged by app/feature-messages.ts).
 */
import type { FeatureMessages } from '../../app/feature-messages.ts';

export const tasksMessages: FeatureMessages = {
  'zh-CN': {},
  en: {},
};
