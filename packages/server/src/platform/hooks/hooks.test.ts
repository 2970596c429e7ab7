import { describe, expect, it } from 'vitest';
import type { Tx } from '../db/database.ts';
import { type HookHandler, onHook, runHook } from './hooks.ts';

declare module './hooks.ts' {
  interface Hooks {
    'test.echo': { payload: { n: number }; result: number };
    'test.unwired': { payload: { n: number }; result: number };
  }
}

const tx = {} as Tx;

describe('hooks', () => {
  it('runs every handler once, in registration order, with the writer’s transaction', async () => {
    const seen: unknown[] = [];
    const double: HookHandler<'test.echo'> = async (t, { n }) => {
      seen.push(t);
      return n * 2;
    };
    const square: HookHandler<'test.echo'> = async (_t, { n }) => n * n;
    onHook('test.echo', double);
    onHook('test.echo', square);
    onHook('test.echo', double); // registering again (a second start-up) adds nothing
    expect(await runHook(tx, 'test.echo', { n: 3 })).toEqual([6, 9]);
    expect(seen).toEqual([tx]);
  });

  it('refuses a hook nobody registered instead of dropping the hand-off', async () => {
    await expect(runHook(tx, 'test.unwired', { n: 1 })).rejects.toThrow(/has no handler/);
  });
});
