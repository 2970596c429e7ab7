/**
 * Messages of the alerts feature, zh-CN first, under the `alerts` namespace (merged by app/feature-messages.ts).
 */
import type { FeatureMessages } from '../../app/feature-messages.ts';

export const alertsMessages: FeatureMessages = {
  'zh-CN': {},
  en: {},
};
