import { describe, expect, it } from 'vitest';
import type { AppDeps } from '../../platform/http/context.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { buildDistrictTree, memoryLogger, testConfig, testEngines, withTestDb } from '../../test-support/index.ts';
import { alerts } from './alerts.tables.ts';
import { ALERTS_ESCALATE_JOB, registerAlertsJobs } from './alerts.jobs.ts';
import { buildDisease, signalsToAlerts } from './alerts.fixtures.ts';

describe.each(testEngines())('alerts jobs (%s)', (engine) => {
  const t = withTestDb(engine);

  it('schedules the escalation every minute and escalates overdue alerts when it runs', async () => {
    const handlers = new Map<string, () => Promise<void>>();
    const schedules: Array<[string, string]> = [];
    const jobs = {
      work: async (name: string, handler: () => Promise<void>) => void handlers.set(name, handler),
      send: async () => null,
      schedule: async (name: string, cron: string) => void schedules.push([name, cron]),
    } as unknown as JobQueue;
    const deps: AppDeps = { database: t.database, config: testConfig(), log: memoryLogger() };
    await registerAlertsJobs(jobs, deps);
    expect(schedules).toEqual([[ALERTS_ESCALATE_JOB, '* * * * *']]);

    const tree = await buildDistrictTree(t.database);
    const disease = await buildDisease(t.database, 'A');
    // opened three hours ago: the 2-hour deadline has passed
    const { created } = await signalsToAlerts(
      t.database,
      [{ diseaseId: disease.id, jurisdictionId: tree.townshipA.id }],
      new Date(Date.now() - 3 * 3_600_000),
    );
    await handlers.get(ALERTS_ESCALATE_JOB)!();
    const [row] = await t.database.db.select().from(alerts);
    expect(row!.id).toBe(created[0]);
    expect(row!.escalatedAt).not.toBeNull();
  });
});
