/**
 * The case list's totals ("1,000,000 reports"), shared and kept until the case reports change.
 *
 * Why: a page of the list costs a few index entries, but its total is a count over every report in the reader's
 * scope — about half a second for a district at a million reports, and under 50 concurrent readers the counts
 * queued behind each other (issue 11: 450 ms a request at 30,000 reports, p95 7.4 s). The total depends only on
 * the data, the reader's scope and the filters, and every page of one list has the same one. So:
 *
 * - identical counts asked while one is running share it (single flight) — always;
 * - with a live hub (the server), a finished total is kept and dropped as soon as a live event says case reports
 *   or the catalogue changed (every write of case reports publishes one in its transaction: the case service and
 *   imports; the timeliness filter reads the catalogue's deadlines). A count that started before such an event is
 *   not kept when it finishes, as it may predate the change. `KEEP_MS` bounds how long a total lives anyway, for
 *   changes that publish nothing (a jurisdiction moved in the registry);
 * - without a live hub (tests, scripts) nothing is kept beyond the flight, so every answer is exact at once.
 *
 * The key holds the whole scope (not only its paths: a scope may also bind facilities) and every filter.
 */
import type { Scope } from '../../platform/auth/scope.ts';
import type { AppDeps } from '../../platform/http/context.ts';
import type { CaseListQuery } from './cases.schema.ts';

/** Topics whose events may change a total. */
const TOPICS = new Set(['cases', 'diseases']);
/** How long a kept total lives at most (ms). */
export const KEEP_MS = 60_000;
/** Kept totals at most (distinct scopes × filter combinations); the oldest go first. */
const MAX_ENTRIES = 1000;

interface Entry {
  at: number;
  value: Promise<number>;
  settled: boolean;
}

export class CaseListTotals {
  readonly #entries = new Map<string, Entry>();
  /** bumped by every change event: a count started under an older generation is not kept */
  #generation = 0;

  constructor(private readonly keep: boolean) {}

  /** Forgets every total (a change arrived). */
  invalidate(): void {
    this.#generation += 1;
    this.#entries.clear();
  }

  async get(scope: Scope, query: CaseListQuery, count: () => Promise<number>): Promise<number> {
    const { page: _page, pageSize: _pageSize, ...filters } = query;
    const key = JSON.stringify([scope, filters]);
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && (!hit.settled || now - hit.at < KEEP_MS)) return hit.value;
    const generation = this.#generation;
    const entry: Entry = { at: now, value: count(), settled: false };
    this.#entries.set(key, entry);
    if (this.#entries.size > MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    try {
      const total = await entry.value;
      entry.settled = true;
      if (!this.keep || generation !== this.#generation) {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      }
      return total;
    } catch (error) {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
      throw error;
    }
  }
}

const byDeps = new WeakMap<AppDeps, CaseListTotals>();

/** The totals of one server (its database and live hub). */
export function caseListTotalsFor(deps: AppDeps): CaseListTotals {
  let totals = byDeps.get(deps);
  if (!totals) {
    const created = new CaseListTotals(Boolean(deps.live));
    deps.live?.onEvent((event) => {
      if (TOPICS.has(event.topic)) created.invalidate();
    });
    byDeps.set(deps, created);
    totals = created;
  }
  return totals;
}
