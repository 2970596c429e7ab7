/**
 * Messages of the imports feature, zh-CN first, under the `imports` namespace (merged by app/feature-messages.ts).
 */
import type { FeatureMessages } from '../../app/feature-messages.ts';

export const importsMessages: FeatureMessages = {
  'zh-CN': {},
  en: {},
};
