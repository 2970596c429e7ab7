/**
 * The alert workflow as data: which action may be taken in which status, and where it leads
 * (DOMAIN.md §3: new → verification → discarded | monitoring | risk assessment → characterisation → closed |
 * confirmed). The service refuses any other move with 409 listing the actions allowed in the current status.
 */
import { type AlertStatus, OPEN_ALERT_STATUSES } from './alerts.tables.ts';

export const ALERT_ACTIONS = ['assign', 'start_verification', 'discard', 'monitor', 'assess', 'characterise', 'close', 'confirm'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

/** For each action: the statuses it may start from, and the status it leads to (null: stays). */
export const TRANSITIONS: Record<AlertAction, { from: readonly AlertStatus[]; to: AlertStatus | null }> = {
  // (re)assigning is possible while the alert is open; it does not change the status
  assign: { from: OPEN_ALERT_STATUSES, to: null },
  start_verification: { from: ['new'], to: 'verifying' },
  // a signal found to be an artefact (duplicate report, data error, known cause) is discarded with a reason;
  // also after a period of monitoring that showed nothing
  discard: { from: ['new', 'verifying', 'monitoring'], to: 'discarded' },
  // verified but not (yet) worrying: watch it; also when an assessment concludes that watching is enough
  monitor: { from: ['verifying', 'risk_assessment'], to: 'monitoring' },
  // a verified signal that may be a threat is assessed (hazard, exposure, context); revising stays here
  assess: { from: ['verifying', 'monitoring', 'risk_assessment'], to: 'risk_assessment' },
  // likelihood × consequence gives the warning level; it may be revised while characterised
  characterise: { from: ['risk_assessment', 'characterised'], to: 'characterised' },
  close: { from: ['monitoring', 'risk_assessment', 'characterised'], to: 'closed' },
  // an event: the response module opens an incident from it
  confirm: { from: ['characterised'], to: 'confirmed' },
};

/** The actions allowed in a status, in workflow order. */
export function allowedActions(status: AlertStatus): AlertAction[] {
  return ALERT_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(status));
}

/** Statuses whose verification deadline still runs (escalation looks at these). */
export const VERIFICATION_STATUSES: readonly AlertStatus[] = ['new', 'verifying'];
