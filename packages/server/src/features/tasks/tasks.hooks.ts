/**
 * What the tasks feature receives through hooks (registered once by features/feature-hooks.ts): an incident's
 * plan measures become tasks, created in the activation's transaction like any other task (validated, audited,
 * notified).
 */
import { type HookHandler, onHook } from '../../platform/hooks/hooks.ts';
import { createTasks } from './task-creation.ts';

const createRequestedTasks: HookHandler<'incidents.tasks-requested'> = async (tx, { tasks, actor, ip, now }) => {
  const created = await createTasks(tx, tasks, { actor, ip, now });
  return { taskIds: created.map((t) => t.id) };
};

export function registerTasksHooks(): void {
  onHook('incidents.tasks-requested', createRequestedTasks);
}
