/**
 * Replaying detection settings over the past (the back-test of detection.backtest.ts, without its HTTP input):
 * one method with its parameters, on the daily series the setting watches (frequency 365, as scheduled runs do),
 * over every day of a window, for each place of the setting (the area at district level, each township at
 * township level). Answers the days that would have alarmed, per place. Nothing is written and nothing is
 * authorised here: the caller (the assessment's detection performance, docs/assessment.md) checks its reader's
 * scope and passes only places within it.
 *
 * Results are kept in a small in-process cache keyed by the method, its parameters, the window and a hash of the
 * counts read: the same counts and the same setting give the same alarms, so a cached answer is never stale
 * (new or corrected case reports change the counts, hence the key). Reading the counts is one indexed query; the
 * arithmetic is what the cache saves.
 *
 * @example
 * const places = await settingPlaces(db, config.jurisdictionId, config.level);
 * const replay = await replaySetting(db, { diseaseId, method: 'mpm', parameters: { p: 0.8 }, dateBasis: 'onset', area, level, places, from, to });
 * replay.places[0].alarmDays; // ['2026-03-04', …]
 */
import { createHash } from 'node:crypto';
import type { Executor } from '../../platform/db/database.ts';
import { addDays, dayNumber, type Place, placeById, placesOf, readDailySeries } from './detection.counts.ts';
import { listMethodInfos, methodInfo, validateParameters } from './detection.methods.ts';
import { computeInWorkers } from './detection.pool.ts';
import type { DetectionLevel } from './detection.tables.ts';
import type { DateBasis } from './signals.tables.ts';

export type { Place } from './detection.counts.ts';

/** The places a setting watches: its jurisdiction (district level) or the townships under it. */
export async function settingPlaces(db: Executor, jurisdictionId: string, level: DetectionLevel): Promise<Place[]> {
  const area = await placeById(db, jurisdictionId);
  if (!area) return [];
  return placesOf(db, area, level);
}

export interface ReplayInput {
  diseaseId: string;
  method: string;
  parameters: Record<string, unknown>;
  dateBasis: DateBasis;
  /** the setting's area and level */
  area: Place;
  level: DetectionLevel;
  /** the series replayed: the area (district level) or some of its townships (each summed over its subtree) */
  places: Place[];
  /** first and last day replayed (ISO, inclusive) */
  from: string;
  to: string;
}

export interface PlaceReplay {
  place: Place;
  /** days from..to on which the method alarmed */
  alarmDays: string[];
  /** cases counted per ISO week (Monday) of the window: the aggregate shown beside a false alarm */
  weekCounts: Record<string, number>;
}

export interface ReplayResult {
  places: PlaceReplay[];
  /** why the method could not be evaluated (too little history, refused parameters); null when it ran */
  error: string | null;
  /** whether the alarms came from the cache */
  cached: boolean;
}

const CACHE_LIMIT = 2000;
const cache = new Map<string, { alarms: string[][]; error: string | null }>();

/** For tests: forget cached replays. */
export function forgetReplays(): void {
  cache.clear();
}

const mondayOf = (day: string) => {
  const d = dayNumber(day);
  return addDays(day, -((((d + 3) % 7) + 7) % 7)); // 1970-01-01 was a Thursday
};

/** The history (days) a method with these parameters needs before the first day replayed; null when refused. */
export function replayHistory(method: string, parameters: Record<string, unknown>): number | null {
  const info = methodInfo(method);
  if (!info || method === 'scan') return null;
  try {
    return info.history(validateParameters(method, parameters), 365);
  } catch {
    return null;
  }
}

/** The counts of a setting's places, read once for every variant replayed on them. */
export interface SettingSeries {
  diseaseId: string;
  dateBasis: DateBasis;
  places: Place[];
  from: string;
  to: string;
  /** days read before `from` */
  history: number;
  /** per place, day `from - history` … `to` */
  counts: Float64Array[];
}

/** Reads the daily counts a setting watches, with `history` days before the window (one query). */
export async function readSettingSeries(
  db: Executor,
  input: Omit<ReplayInput, 'method' | 'parameters'> & { history: number },
): Promise<SettingSeries> {
  const readFrom = addDays(input.from, -input.history);
  const read = await readDailySeries(
    db,
    {
      subject: { diseaseId: input.diseaseId },
      area: input.area,
      level: input.level,
      dateBasis: input.dateBasis,
      from: readFrom,
      to: input.to,
    },
    input.level === 'district' ? [input.area] : input.places,
  );
  return {
    diseaseId: input.diseaseId,
    dateBasis: input.dateBasis,
    places: input.places,
    from: input.from,
    to: input.to,
    history: input.history,
    counts: input.places.map((place) => read.counts.get(place.id) ?? new Float64Array(read.days)),
  };
}

/** Replays one method on counts already read (see the file comment). */
export async function replayOnSeries(
  series: SettingSeries,
  method: string,
  rawParameters: Record<string, unknown>,
  options: { threads?: number } = {},
): Promise<ReplayResult> {
  const info = methodInfo(method);
  if (!info || method === 'scan') return { places: [], error: `${method} is not a temporal method`, cached: false };
  let parameters: Record<string, unknown>;
  try {
    parameters = validateParameters(method, rawParameters);
  } catch (error) {
    return { places: [], error: (error as Error).message, cached: false };
  }
  const history = info.history(parameters, 365);
  // `from` is any day: weeks are keyed by their Monday, computed once for the window
  const days = dayNumber(series.to) - dayNumber(series.from) + 1;
  const weekOfDay: string[] = new Array(days);
  for (let d = 0, monday = mondayOf(series.from); d < days; d++) {
    const day = addDays(series.from, d);
    if (d > 0 && mondayOf(day) !== monday) monday = day;
    weekOfDay[d] = monday;
  }
  const weekCountsOf = (counts: Float64Array) => {
    const weekCounts: Record<string, number> = {};
    for (let d = 0; d < days; d++) weekCounts[weekOfDay[d]!] = (weekCounts[weekOfDay[d]!] ?? 0) + counts[series.history + d]!;
    return weekCounts;
  };
  if (history > series.history) {
    return {
      places: series.places.map((place, i) => ({ place, alarmDays: [], weekCounts: weekCountsOf(series.counts[i]!) })),
      error: `needs ${history} days of history before the window; ${series.history} were read`,
      cached: false,
    };
  }
  const sliced = series.counts.map((c) => c.subarray(series.history - history));
  const n = dayNumber(series.to) - dayNumber(series.from) + 1 + history;
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify([series.diseaseId, method, parameters, series.dateBasis, series.from, series.to, series.places.map((p) => p.id)]),
  );
  for (const s of sliced) hash.update(new Uint8Array(s.buffer, s.byteOffset, s.byteLength));
  const key = hash.digest('hex');

  let hit = cache.get(key);
  const cached = hit !== undefined;
  if (!hit) {
    const [outcomes] = await computeInWorkers(
      [
        {
          method,
          params: parameters,
          frequency: 365,
          end: series.to,
          n,
          first: history + 1,
          last: n,
          explain: false,
          series: sliced.map((counts, i) => ({ key: series.places[i]!.id, counts: Float64Array.from(counts) })),
        },
      ],
      { threads: options.threads ?? 1 },
    );
    hit = {
      alarms: outcomes!.map((o) => (o.points ?? []).filter((p) => p.alarm === true && p.date >= series.from).map((p) => p.date)),
      error: outcomes!.find((o) => o.error !== undefined)?.error ?? null,
    };
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, hit);
  }
  return {
    places: series.places.map((place, i) => ({ place, alarmDays: hit.alarms[i] ?? [], weekCounts: weekCountsOf(series.counts[i]!) })),
    error: hit.error,
    cached,
  };
}

/** Reads and replays one setting (or a variant of it) over the window. */
export async function replaySetting(db: Executor, input: ReplayInput, options: { threads?: number } = {}): Promise<ReplayResult> {
  const history = replayHistory(input.method, input.parameters);
  if (history === null) {
    return { places: [], error: `${input.method}: not a temporal method, or parameters refused`, cached: false };
  }
  return replayOnSeries(await readSettingSeries(db, { ...input, history }), input.method, input.parameters, options);
}

/** How a variant of a setting differs from it: the knob that makes a method alarm less (stricter) or more often. */
export interface ThresholdVariant {
  kind: 'stricter' | 'looser';
  parameters: Record<string, unknown>;
  /** the parameter changed, and its value in the setting and in the variant */
  knob: { name: string; from: number; to: number };
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * The stricter and looser variants of a method's parameters, one step each on the knob that sets its threshold:
 * MPM's percentile p (±0.1 within 0.5–0.99), the fixed threshold's count k (±1, at least 1), an alpha (÷5 / ×5, at
 * most 0.2) for EARS, Bayes and Farrington, a decision limit (×1.5 / ÷1.5) for CUSUM h, GLR c.ARL and auto's h.
 * RKI takes no parameters: none.
 */
export function thresholdVariants(method: string, parameters: Record<string, unknown>): ThresholdVariant[] {
  const info = methodInfo(method);
  if (!info) return [];
  const p = { ...info.defaults, ...parameters };
  const knob = (name: string, stricter: (v: number) => number, looser: (v: number) => number): ThresholdVariant[] => {
    const value = p[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) return [];
    const out: ThresholdVariant[] = [];
    for (const [kind, to] of [
      ['stricter', round4(stricter(value))],
      ['looser', round4(looser(value))],
    ] as const) {
      if (to !== value) out.push({ kind, parameters: { ...parameters, [name]: to }, knob: { name, from: value, to } });
    }
    return out;
  };
  const alpha = () =>
    knob(
      'alpha',
      (v) => v / 5,
      (v) => Math.min(0.2, v * 5),
    );
  switch (method) {
    case 'mpm':
      return knob(
        'p',
        (v) => Math.min(0.99, v + 0.1),
        (v) => Math.max(0.5, v - 0.1),
      );
    case 'fixedThreshold':
      return knob(
        'k',
        (v) => v + 1,
        (v) => Math.max(1, v - 1),
      );
    case 'earsC_C1':
    case 'earsC_C2':
    case 'earsC_C3':
    case 'bayes':
    case 'farrington':
    case 'farringtonFlexible':
      return alpha();
    case 'cusum':
    case 'auto':
      return knob(
        'h',
        (v) => v * 1.5,
        (v) => v / 1.5,
      );
    case 'glrnb':
      return knob(
        'c.ARL',
        (v) => v * 1.5,
        (v) => v / 1.5,
      );
    default:
      return [];
  }
}

/**
 * The other methods a setting is compared with, each with its defaults except where those need more history than a
 * district keeps beside a back-test window (Farrington and auto default to five past years; three here, said in
 * docs/assessment.md). The space-time scan and the RKI variants are left out (the scan is not a temporal method;
 * RKI's three fixed settings add nothing the others do not show).
 */
export const ALTERNATIVE_METHODS: ReadonlyArray<{ method: string; parameters: Record<string, unknown> }> = [
  { method: 'mpm', parameters: {} },
  { method: 'fixedThreshold', parameters: { k: 3 } },
  { method: 'earsC_C1', parameters: {} },
  { method: 'earsC_C3', parameters: {} },
  { method: 'cusum', parameters: {} },
  { method: 'bayes', parameters: {} },
  { method: 'farringtonFlexible', parameters: { b: 3 } },
].filter((m) => listMethodInfos().some((i) => i.id === m.method));
