/**
 * The hand-off incidents run: when a response level is entered under a plan in force, the plan's measures
 * become tasks. Tasks are a response feature that builds on incidents, so incidents does not import them; the
 * tasks feature registers the handler (features/feature-hooks.ts) and creates them in the activation's
 * transaction.
 */
import { eq } from 'drizzle-orm';
import type { AuditActor } from '../../platform/audit/audit.ts';
import { type HookHandler, onHook } from '../../platform/hooks/hooks.ts';
import { incidents } from './incidents.tables.ts';

/** One task requested by an incident (the tasks feature validates it like any other). */
export interface RequestedTask {
  incidentId: string;
  title: string;
  description: string;
  assigneeAgencyId: string;
  jurisdictionId: string;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  dueAt: Date;
  checklist: Array<{ text: string; done: boolean }>;
  origin: 'plan_measure';
  originRef: string;
}

declare module '../../platform/hooks/hooks.ts' {
  interface Hooks {
    'incidents.tasks-requested': {
      payload: { tasks: RequestedTask[]; actor: AuditActor | null; ip: string | null; now: Date };
      /** ids of the tasks created, in the order requested */
      result: { taskIds: string[] };
    };
  }
}

/**
 * What incidents answer through hooks: the alerts page asks which incident was opened from an alert
 * ('alerts.linked-incident', declared by alerts). Registered once by features/feature-hooks.ts.
 */
const linkedIncident: HookHandler<'alerts.linked-incident'> = async (tx, { alertId }) => {
  const [row] = await tx
    .select({ id: incidents.id, code: incidents.code, title: incidents.title, status: incidents.status })
    .from(incidents)
    .where(eq(incidents.alertId, alertId));
  return row;
};

export function registerIncidentsHooks(): void {
  onHook('alerts.linked-incident', linkedIncident);
}
