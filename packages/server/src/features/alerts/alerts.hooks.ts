/**
 * What the alerts feature receives through hooks (registered once by features/feature-hooks.ts): detection's
 * new signals go through the intake, in the detection run's transaction.
 *
 * And the hook alerts runs: an alert's page names the incident opened from it, but incidents build on alerts
 * (a response feature above surveillance), so alerts asks through 'alerts.linked-incident' and the incidents
 * feature answers.
 */
import { inArray } from 'drizzle-orm';
import { type HookHandler, onHook } from '../../platform/hooks/hooks.ts';
import { alerts } from './alerts.tables.ts';
import { intakeSignals } from './alert-intake.ts';

const intakeNewSignals: HookHandler<'detection.signals-created'> = (tx, { signals, now }) => intakeSignals(tx, signals, { now });

const alertLabels: HookHandler<'detection.alert-labels'> = async (tx, { alertIds }) => {
  const rows = await tx
    .select({ id: alerts.id, code: alerts.code, status: alerts.status })
    .from(alerts)
    .where(inArray(alerts.id, alertIds));
  return Object.fromEntries(rows.map((row) => [row.id, { code: row.code, status: row.status }]));
};

export function registerAlertsHooks(): void {
  onHook('detection.signals-created', intakeNewSignals);
  onHook('detection.alert-labels', alertLabels);
}

/** The incident opened from an alert, as the alert page shows it. */
export interface LinkedIncident {
  id: string;
  code: string;
  title: string;
  status: string;
}

declare module '../../platform/hooks/hooks.ts' {
  interface Hooks {
    'alerts.linked-incident': { payload: { alertId: string }; result: LinkedIncident | undefined };
  }
}

declare module '../../platform/hooks/hooks.ts' {
  interface Hooks {
    /**
     * Alerts were created or changed (intake, event reports, every workflow step), in the writer's transaction:
     * the neighbours feature shares border alerts with linked districts (response layer, above alerts).
     */
    'alerts.changed': { payload: { alertIds: string[]; now: Date }; result: undefined };
  }
}
