/**
 * HTTP routes of the tasks feature. (Pre-wired into createApp by the lead; the feature's owner fills it in.)
 */
import type { AppOpenAPI } from '../../platform/http/context.ts';

export function registerTasksRoutes(app: AppOpenAPI): void {
  void app;
}
