/**
 * Background job of imports (pg-boss): 'imports.purge-files' deletes, every hour, the uploaded files of imports
 * that were never run or were interrupted, IMPORT_FILE_RETENTION_HOURS after their job last changed. A file is
 * sealed under the identity key while it waits (imports.service.ts), and it is deleted at once when its import
 * ends; this job bounds how long a forgotten upload keeps a line list of personal data in the database (and so
 * in its backups).
 */
import type { AppDeps } from '../../platform/http/context.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { purgeStagedFiles } from './imports.service.ts';

export const IMPORTS_PURGE_JOB = 'imports.purge-files';

export async function registerImportsJobs(jobs: JobQueue, deps: AppDeps): Promise<void> {
  await jobs.work(IMPORTS_PURGE_JOB, async () => {
    const purged = await purgeStagedFiles(deps.database, deps.config.importFileRetentionHours);
    if (purged > 0)
      deps.log.info('imports: files of imports never run deleted', { count: purged, retentionHours: deps.config.importFileRetentionHours });
  });
  await jobs.schedule(IMPORTS_PURGE_JOB, '7 * * * *');
}
