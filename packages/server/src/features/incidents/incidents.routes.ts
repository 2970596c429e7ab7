/**
 * HTTP routes of the incidents feature. (Pre-wired into createApp by the lead; the feature's owner fills it in.)
 */
import type { AppOpenAPI } from '../../platform/http/context.ts';

export function registerIncidentsRoutes(app: AppOpenAPI): void {
  void app;
}
