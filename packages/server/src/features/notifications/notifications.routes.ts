/**
 * HTTP routes of the notifications feature. (Pre-wired into createApp by the lead; the feature's owner fills it in.)
 */
import type { AppOpenAPI } from '../../platform/http/context.ts';

export function registerNotificationsRoutes(app: AppOpenAPI): void {
  void app;
}
