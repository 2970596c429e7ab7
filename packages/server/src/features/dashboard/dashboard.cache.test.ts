/**
 * The dashboard's answer cache: identical concurrent requests share one computation; with a live hub an answer
 * is kept until an event about the data arrives; readers with different scopes never share; failures are not
 * kept.
 */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../platform/auth/scope.ts';
import type { AppDeps } from '../../platform/http/context.ts';
import type { LiveEvent } from '../../platform/live/live.ts';
import { cached } from './dashboard.cache.ts';

const principal = (path: string): Principal => ({
  id: 'u',
  username: 'u',
  displayName: 'u',
  locale: 'en',
  grants: [{ role: 'epidemiologist', jurisdictionId: 'j', jurisdictionName: 'j', jurisdictionPath: path }],
});

function fakeDeps(withLive: boolean) {
  const listeners: Array<(e: LiveEvent) => void> = [];
  const deps = { live: withLive ? { onEvent: (l: (e: LiveEvent) => void) => listeners.push(l) } : undefined } as unknown as AppDeps;
  return { deps, emit: (topic: string) => listeners.forEach((l) => l({ topic })) };
}

describe('dashboard answer cache', () => {
  it('shares concurrent computations, keeps answers until a data event, and separates scopes', async () => {
    const { deps, emit } = fakeDeps(true);
    let runs = 0;
    const compute = async () => {
      runs += 1;
      await new Promise((r) => setTimeout(r, 20));
      return runs;
    };
    const a = principal('/d/');
    const [x, y] = await Promise.all([cached(deps, a, 'curve', { q: 1 }, compute), cached(deps, a, 'curve', { q: 1 }, compute)]);
    expect([x, y, runs]).toEqual([1, 1, 1]);
    expect(await cached(deps, a, 'curve', { q: 1 }, compute)).toBe(1); // kept
    expect(await cached(deps, a, 'curve', { q: 2 }, compute)).toBe(2); // another query
    expect(await cached(deps, principal('/d/t/'), 'curve', { q: 1 }, compute)).toBe(3); // another scope
    emit('feeds'); // not about the dashboard's data
    expect(await cached(deps, a, 'curve', { q: 1 }, compute)).toBe(1);
    emit('cases');
    expect(await cached(deps, a, 'curve', { q: 1 }, compute)).toBe(4);
  });

  it('keeps nothing without a live hub, and never keeps a failure', async () => {
    const { deps } = fakeDeps(false);
    let runs = 0;
    const compute = async () => ++runs;
    const a = principal('/d/');
    expect(await cached(deps, a, 'x', {}, compute)).toBe(1);
    expect(await cached(deps, a, 'x', {}, compute)).toBe(2);
    const live = fakeDeps(true).deps;
    await expect(cached(live, a, 'y', {}, () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await cached(live, a, 'y', {}, compute)).toBe(3);
  });
});
