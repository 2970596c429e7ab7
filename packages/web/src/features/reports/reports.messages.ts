/**
 * Messages of the reports feature, zh-CN first, under the `reports` namespace (merged by app/feature-messages.ts).
 */
import type { FeatureMessages } from '../../app/feature-messages.ts';

export const reportsMessages: FeatureMessages = {
  'zh-CN': {},
  en: {},
};
