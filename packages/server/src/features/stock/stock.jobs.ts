/**
 * Background job of stock: 'stock.warnings' every hour at minute 20 (below minimum, expiring lots, overdue
 * requests, forecast stock-outs; each sent once, see stock.warnings.ts).
 */
import type { AppDeps } from '../../platform/http/context.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { sendStockWarnings } from './stock.warnings.ts';

export const STOCK_WARNINGS_JOB = 'stock.warnings';

export async function registerStockJobs(jobs: JobQueue, deps: AppDeps): Promise<void> {
  await jobs.work(STOCK_WARNINGS_JOB, async () => {
    const sent = await sendStockWarnings(deps.database, new Date());
    const total = Object.values(sent).reduce((a, b) => a + b, 0);
    if (total > 0) deps.log.info('stock: warnings sent', sent);
  });
  await jobs.schedule(STOCK_WARNINGS_JOB, '20 * * * *');
}
