/**
 * HTTP routes of the meetings feature. (Pre-wired into createApp by the lead; the feature's owner fills it in.)
 */
import type { AppOpenAPI } from '../../platform/http/context.ts';

export function registerMeetingsRoutes(app: AppOpenAPI): void {
  void app;
}
