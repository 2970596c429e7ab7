/**
 * Messages of the plans feature, zh-CN first, under the `plans` namespace (merged by app/feature-messages.ts).
 */
import type { FeatureMessages } from '../../app/feature-messages.ts';

export const plansMessages: FeatureMessages = {
  'zh-CN': {},
  en: {},
};
