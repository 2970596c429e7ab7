/**
 * Outbound deliveries: a sweep every minute (pg-boss schedule) catches retries that fell due and anything a
 * crashed process left behind; new messages go out at once, because notify() announces them on the live
 * channel and this process reacts to that (after the commit that queued them).
 */
import type { AppDeps } from '../../platform/http/context.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { deliverDue } from './delivery.ts';
import { DELIVERIES_TOPIC } from './notify.ts';

export async function registerNotificationsJobs(jobs: JobQueue, deps: AppDeps): Promise<void> {
  const { database, config, log } = deps;
  let running: Promise<void> | null = null;
  let again = false;
  // One sweep at a time in this process; a wake-up during a sweep runs one more right after it.
  const sweep = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          const result = await deliverDue(database.db, config, { log });
          if (result.delivered + result.retried + result.failed > 0) log.debug('notification deliveries', { ...result });
        } while (again);
      } catch (error) {
        log.error('notification delivery sweep failed', { error });
      } finally {
        running = null;
      }
    })();
    return running;
  };
  await jobs.work('notifications.deliver', sweep);
  await jobs.schedule('notifications.deliver', '* * * * *');
  deps.live?.onEvent((event) => {
    if (event.topic === DELIVERIES_TOPIC) void sweep();
  });
}
