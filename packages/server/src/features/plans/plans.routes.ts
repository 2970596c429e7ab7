/**
 * HTTP routes of the plans feature. (Pre-wired into createApp by the lead; the feature's owner fills it in.)
 */
import type { AppOpenAPI } from '../../platform/http/context.ts';

export function registerPlansRoutes(app: AppOpenAPI): void {
  void app;
}
