/**
 * HTTP routes of the feeds feature. (Pre-wired into createApp by the lead; the feature's owner fills it in.)
 */
import type { AppOpenAPI } from '../../platform/http/context.ts';

export function registerFeedsRoutes(app: AppOpenAPI): void {
  void app;
}
