/**
 * Background job of neighbours: 'neighbours.deliver' sends the outboxes (neighbours.outbox.ts) every minute,
 * soon after a write that queued a message (the routes enqueue a run), and again when the next retry is due
 * within the minute.
 */
import type { AppDeps } from '../../platform/http/context.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { deliverOutbox } from './neighbours.outbox.ts';
import { queueRecordUpdates } from './neighbours.updates.ts';
import { httpTransport, type NeighbourTransport } from './neighbours.transport.ts';

export const NEIGHBOURS_DELIVER_JOB = 'neighbours.deliver';

export async function registerNeighboursJobs(
  jobs: JobQueue,
  deps: AppDeps,
  transport: NeighbourTransport = httpTransport(),
): Promise<void> {
  await jobs.work(NEIGHBOURS_DELIVER_JOB, async () => {
    // 0067: shared records changed since their last version go first, as updates (neighbours.updates.ts)
    const updates = await queueRecordUpdates(deps.database, deps.config);
    if (updates > 0) deps.log.info('neighbours: updates of shared records queued', { updates });
    const run = await deliverOutbox(deps.database, deps.config, { transport });
    if (run.delivered > 0 || run.failed > 0) deps.log.info('neighbours: delivery run', { delivered: run.delivered, failed: run.failed });
    if (run.nextDueAt) {
      const seconds = Math.ceil((run.nextDueAt.getTime() - Date.now()) / 1000);
      if (seconds < 60) await jobs.send(NEIGHBOURS_DELIVER_JOB, {}, { startAfterSeconds: Math.max(seconds, 1) });
    }
  });
  await jobs.schedule(NEIGHBOURS_DELIVER_JOB, '* * * * *');
}
