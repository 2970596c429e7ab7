/**
 * A small answer cache for the dashboard's reads. Many people keep the dashboard open and every live event makes
 * each of them refetch the same panels at once; the answers depend only on the data, the reader's scope and the
 * query. So:
 *
 * - identical requests that arrive while one is being computed share that computation (single flight) — always;
 * - a finished answer is kept for `ttlMs` (default 20 s) when the server has a live hub, and dropped at once
 *   when a live event about cases, signals, alerts, detection or diseases arrives (those writes publish one in
 *   their transaction, delivered on commit). Without a live hub (tests, scripts) nothing is kept beyond the
 *   flight. Writes that publish nothing (none should) show after `ttlMs` at the latest.
 *
 * The key holds the reader's scope for every right a panel uses, so an answer is never served to someone who may
 * see a different set of places; failures (403, 404, 400) are never kept.
 */
import type { Right } from '../../platform/auth/rights.ts';
import { type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { AppDeps } from '../../platform/http/context.ts';
import { districtToday } from '../../platform/time/district-time.ts';

const TOPICS = new Set(['cases', 'signals', 'alerts', 'detection', 'diseases']);
const RIGHTS: Right[] = ['dashboard.read', 'cases.read', 'alerts.read', 'signals.read'];

let defaultTtlMs = 20_000;

/** Changes how long answers are kept (0: only shared while in flight). The benchmark measures both. */
export function setDashboardCacheTtl(ms: number): void {
  defaultTtlMs = ms;
}

interface Entry {
  at: number;
  value: Promise<unknown>;
  settled: boolean;
}

class AnswerCache {
  readonly #entries = new Map<string, Entry>();
  constructor(private readonly keep: boolean) {}

  clear(): void {
    this.#entries.clear();
  }

  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && (!hit.settled || (this.keep && now - hit.at < defaultTtlMs))) return hit.value as Promise<T>;
    const entry: Entry = { at: now, value: compute(), settled: false };
    this.#entries.set(key, entry);
    // keep the map small: forget expired answers now and then
    if (this.#entries.size > 500) for (const [k, e] of this.#entries) if (e.settled && now - e.at >= defaultTtlMs) this.#entries.delete(k);
    try {
      const value = await entry.value;
      entry.settled = true;
      if (!this.keep || defaultTtlMs <= 0) this.#entries.delete(key);
      return value as T;
    } catch (error) {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
      throw error;
    }
  }
}

const caches = new WeakMap<AppDeps, AnswerCache>();

function cacheFor(deps: AppDeps): AnswerCache {
  let cache = caches.get(deps);
  if (!cache) {
    const created = new AnswerCache(Boolean(deps.live));
    deps.live?.onEvent((event) => {
      if (TOPICS.has(event.topic)) created.clear();
    });
    caches.set(deps, created);
    cache = created;
  }
  return cache;
}

/** The reader's scope for each right the dashboard uses (null where not held): part of every key. */
function scopeKey(principal: Principal): string {
  return RIGHTS.map((right) => {
    try {
      return scopeFor(principal, right).paths.join(',');
    } catch {
      return '-';
    }
  }).join('|');
}

/**
 * The answer of `compute` for this endpoint, query and reader, shared or kept as described above.
 * @example cached(deps, principal, 'curve', query, () => epidemicCurve(db, principal, query))
 */
export function cached<T>(deps: AppDeps, principal: Principal, endpoint: string, query: unknown, compute: () => Promise<T>): Promise<T> {
  // the China day is part of the key: default periods end today
  const day = districtToday();
  return cacheFor(deps).get(`${endpoint}\n${day}\n${scopeKey(principal)}\n${JSON.stringify(query)}`, compute);
}
