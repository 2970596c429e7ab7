/**
 * Shared types of `@outbreak/surveillance`: the input series, the per-point result, and the
 * range convention. Every detection algorithm (EARS, CUSUM, GLR, Bayes, RKI, Farrington, CIDARS)
 * takes a {@link SurveillanceSeries} plus a control object named after R `surveillance`'s control
 * list, and returns a {@link DetectionResult}.
 *
 * @example
 * ```ts
 * import { earsC } from '@outbreak/surveillance';
 * const series = { observed: [3, 4, 2, 5, 3, 4, 3, 12], frequency: 52, start: [2024, 1] } satisfies SurveillanceSeries;
 * const { points } = earsC(series, { method: 'C1', range: [8, 8] });
 * points[0]; // { t: 8, observed: 12, upperbound: 6.444…, alarm: true }
 * ```
 */

/**
 * One univariate count series, the equivalent of a one-column R `sts` object.
 *
 * Time points are numbered 1..n (R's 1-based indexing), so `observed[t - 1]` is the count at `t`.
 */
export interface SurveillanceSeries {
  /** counts at time points 1..n (non-negative; `NaN` is R's `NA`) */
  observed: ArrayLike<number>;
  /** population / denominator per time point (same length as `observed`), or absent */
  population?: ArrayLike<number> | null;
  /** ISO dates (YYYY-MM-DD) of every time point when the series is date-indexed (`sts@epoch` as dates) */
  dates?: string[] | null;
  /** observations per year, `sts@freq`: 52 (weekly), 365 (daily), 12 (monthly) */
  frequency: number;
  /** `sts@start`: `[year, period]` of the first observation, or its ISO date when date-indexed */
  start: [number, number] | string;
  /** `true` when `dates` index the time points (R `sts(..., epochAsDate = TRUE)`) */
  epochAsDate?: boolean;
}

/**
 * The monitored time points, R's `control$range`: `[first, last]`, 1-based and inclusive.
 * Every time point before `first` is history only. When omitted, each algorithm monitors every
 * point that has enough history (documented per algorithm).
 */
export type DetectionRange = readonly [first: number, last: number];

/** The part every control object shares: the monitored range. */
export interface DetectionControl {
  /** monitored time points, 1-based inclusive; see {@link DetectionRange} */
  range?: DetectionRange | null;
}

/** Extra per-point outputs R gives besides `upperbound` and `alarm` (`null` where R gives NA). */
export type DetectionExtra = number | boolean | null;

/**
 * The result at one monitored time point.
 *
 * Algorithms add their own named fields as R returns them (`expected`, `score`, `pvalue`,
 * `trend`, `phi`, `mu0`, `cusum`, `m`, `nb_alpha` …), documented with each algorithm.
 */
export interface DetectionPoint {
  /** time point, 1-based index into the series */
  t: number;
  /** observed count at `t` (the period sum for CIDARS MPM) */
  observed: number;
  /** the threshold in counts (for `glrnb` the GLR statistic, as R with `ret = "value"`); `null` = R NA */
  upperbound: number | null;
  /** whether the point raises a signal; `null` = R NA (threshold could not be computed) */
  alarm: boolean | null;
  [extra: string]: DetectionExtra;
}

/** The output of a detection algorithm: one point per monitored time point, in order. */
export interface DetectionResult {
  points: DetectionPoint[];
}

/**
 * The signature every algorithm exports: a series plus a partial control list (R's names; missing
 * entries take R's defaults). Throws {@link DetectionInputError} (from `./errors.ts`) when the
 * series cannot be evaluated (too short for the requested range, invalid counts, bad parameters).
 */
export type DetectionAlgorithm<Control extends DetectionControl = DetectionControl> = (
  series: SurveillanceSeries,
  control?: Partial<Control>,
) => DetectionResult;
