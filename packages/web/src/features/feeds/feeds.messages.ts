/**
 * Messages of the feeds feature, zh-CN first, under the `feeds` namespace (merged by app/feature-messages.ts).
 */
import type { FeatureMessages } from '../../app/feature-messages.ts';

export const feedsMessages: FeatureMessages = {
  'zh-CN': {},
  en: {},
};
