/**
 * HTTP routes of the reports feature. (Pre-wired into createApp by the lead; the feature's owner fills it in.)
 */
import type { AppOpenAPI } from '../../platform/http/context.ts';

export function registerReportsRoutes(app: AppOpenAPI): void {
  void app;
}
