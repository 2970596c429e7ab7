/**
 * HTTP routes of the cases feature. (Pre-wired into createApp by the lead; the feature's owner fills it in.)
 */
import type { AppOpenAPI } from '../../platform/http/context.ts';

export function registerCasesRoutes(app: AppOpenAPI): void {
  void app;
}
