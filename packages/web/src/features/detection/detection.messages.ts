/**
 * Messages of the detection feature, zh-CN first, under the `detection` namespace (merged by app/feature-messages.ts).
 */
import type { FeatureMessages } from '../../app/feature-messages.ts';

export const detectionMessages: FeatureMessages = {
  'zh-CN': {},
  en: {},
};
