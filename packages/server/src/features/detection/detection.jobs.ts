/**
 * Background jobs of the detection feature (pg-boss). Pre-wired by the lead into registerFeatureJobs; the feature's
 * owner fills it in.
 */
import type { AppDeps } from '../../platform/http/context.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';

export async function registerDetectionJobs(jobs: JobQueue, deps: AppDeps): Promise<void> {
  void jobs;
  void deps;
}
