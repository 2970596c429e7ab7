import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../test-support/http.ts';
import { testEngines, withTestDb } from '../../test-support/test-db.ts';
import { startJobs } from './jobs.ts';

describe.each(testEngines())('background jobs (%s)', (engine) => {
  const t = withTestDb(engine);

  it('runs a sent job with its data after its delay, keeps schedules, and stops', async () => {
    const jobs = await startJobs(t.database, memoryLogger(), { pollingIntervalSeconds: 0.5 });
    try {
      const seen: { district: string }[] = [];
      await jobs.work<{ district: string }>('test.count', async (data) => {
        seen.push(data);
      });
      const sentAt = Date.now();
      const id = await jobs.send('test.count', { district: 'J' }, { startAfterSeconds: 1 });
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      for (let i = 0; i < 80 && seen.length === 0; i += 1) await new Promise((r) => setTimeout(r, 250));
      expect(seen).toEqual([{ district: 'J' }]);
      expect(Date.now() - sentAt).toBeGreaterThanOrEqual(1000);
      await jobs.schedule('test.count', '0 3 * * *', { district: 'nightly' });
      const schedules = await t.database.raw.query<{ name: string; cron: string }>('SELECT name, cron FROM pgboss.schedule');
      expect(schedules).toEqual([{ name: 'test.count', cron: '0 3 * * *' }]);
    } finally {
      await jobs.stop();
    }
  });
});
