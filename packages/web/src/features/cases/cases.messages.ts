/**
 * Messages of the cases feature, zh-CN first, under the `cases` namespace (merged by app/feature-messages.ts).
 */
import type { FeatureMessages } from '../../app/feature-messages.ts';

export const casesMessages: FeatureMessages = {
  'zh-CN': {},
  en: {},
};
