/**
 * Messages of the meetings feature, zh-CN first, under the `meetings` namespace (merged by app/feature-messages.ts).
 */
import type { FeatureMessages } from '../../app/feature-messages.ts';

export const meetingsMessages: FeatureMessages = {
  'zh-CN': {},
  en: {},
};
