/**
 * What the neighbours feature receives through hooks (registered once by features/feature-hooks.ts): a created or
 * changed alert, so that border alerts are shared in the transaction of the change (neighbours.alerts.ts).
 */
import { onHook } from '../../platform/hooks/hooks.ts';
import { shareBorderAlerts } from './neighbours.alerts.ts';

export function registerNeighboursHooks(): void {
  onHook('alerts.changed', shareBorderAlerts);
}
