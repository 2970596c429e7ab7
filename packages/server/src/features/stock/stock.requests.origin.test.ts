/**
 * The origin label of a request: only "task not found (or not visible)" reads as "no label"; any other failure of
 * the task lookup (here: the database refusing the query) is thrown, not swallowed as "not visible".
 */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { testEngines, withTestDb } from '../../test-support/index.ts';
import { originLabel } from './stock.requests.ts';

const commander: Principal = {
  id: '00000000-0000-4000-8000-0000000000c1',
  username: 'commander',
  displayName: 'Commander',
  locale: 'zh-CN',
  grants: [{ role: 'commander', jurisdictionId: 'd', jurisdictionName: 'District', jurisdictionPath: '/d/' }],
};
const missingTask = { type: 'task' as const, id: '00000000-0000-4000-8000-000000000000' };

describe.each(testEngines())('request origin label (%s)', (engine) => {
  const t = withTestDb(engine);

  it('answers null for a task that does not exist', async () => {
    expect(await originLabel(t.database.db, commander, missingTask)).toBeNull();
  });

  it('throws a failure that is not "not found" (the database refusing the query)', async () => {
    const failing = new Proxy(t.database.db, {
      get(target, key, receiver) {
        if (key === 'select' || key === 'execute') {
          return () => {
            throw new Error('connection terminated unexpectedly');
          };
        }
        return Reflect.get(target, key, receiver);
      },
    }) as Executor;
    await expect(originLabel(failing, commander, missingTask)).rejects.toThrow('connection terminated unexpectedly');
  });
});
