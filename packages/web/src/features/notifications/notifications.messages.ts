/**
 * Messages of the notifications feature, zh-CN first, under the `notifications` namespace (merged by app/feature-messages.ts).
 */
import type { FeatureMessages } from '../../app/feature-messages.ts';

export const notificationsMessages: FeatureMessages = {
  'zh-CN': {},
  en: {},
};
