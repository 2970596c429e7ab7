/**
 * Messages of the incidents feature, zh-CN first, under the `incidents` namespace (merged by app/feature-messages.ts).
 */
import type { FeatureMessages } from '../../app/feature-messages.ts';

export const incidentsMessages: FeatureMessages = {
  'zh-CN': {},
  en: {},
};
