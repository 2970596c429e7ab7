/**
 * The detection methods a district can choose, with their defaults, the history each needs, and the check that a
 * setting's parameters are usable. The algorithms are @outbreak/surveillance's; this file only knows how the
 * server feeds them (daily or weekly series of one disease or feed in one place).
 *
 * @example
 * const method = resolveMethodName('cidars_mpm'); // 'mpm'
 * const params = validateParameters('mpm', { p: 0.75 }); // { years: 3, halfWindow: 2, p: 0.75, minCount: 1, periodLength: 7 }
 */
import {
  AUTO_DEFAULTS,
  BAYES_DEFAULTS,
  CUSUM_DEFAULTS,
  DetectionInputError,
  FARRINGTON_DEFAULTS,
  FARRINGTON_FLEXIBLE_DEFAULTS,
  FIXED_THRESHOLD_DEFAULTS,
  GLRNB_DEFAULTS,
  MPM_DEFAULTS,
  RKI1_SETTINGS,
  RKI2_SETTINGS,
  RKI3_SETTINGS,
  SCAN_DEFAULTS,
  findMethod,
} from '@outbreak/surveillance';
import { validationFailed } from '../../platform/errors.ts';

/** Time points per year of the series the server builds: daily or weekly. */
export type SeriesFrequency = 365 | 52;

/** Parameters of the daily space-time permutation scan over townships (names shown to district staff). */
export interface ScanParameters {
  /** longest cluster duration in days (SaTScan MaxTemporalSize) */
  maxTemporalDays: number;
  /** largest circle as a share of all cases in the study period (SaTScan MaxSpatialSizeInPopulationAtRisk/100) */
  maxSpatialShare: number;
  /** Monte Carlo replications */
  replications: number;
  /** seed of the replications (same data + same seed = same p-values) */
  seed: number;
  /** only clusters with p below alpha become signals */
  alpha: number;
  /** days in the study period ending on the day evaluated */
  studyDays: number;
  /** smallest number of cases in a cluster */
  minCases: number;
}

export const SCAN_PARAMETER_DEFAULTS: ScanParameters = {
  maxTemporalDays: SCAN_DEFAULTS.maxTemporalDays,
  maxSpatialShare: SCAN_DEFAULTS.maxSpatialFractionOfCases,
  replications: SCAN_DEFAULTS.replications,
  seed: SCAN_DEFAULTS.seed,
  alpha: 0.05,
  studyDays: 60,
  minCases: SCAN_DEFAULTS.minCasesInCluster,
};

/** How the server uses one method. */
export interface MethodInfo {
  /** registry name in @outbreak/surveillance, or 'scan' */
  id: string;
  /** defaults shown in the settings form; also the list of accepted parameter names */
  defaults: Record<string, unknown>;
  /** time points of history before the first monitored point */
  history(params: Record<string, unknown>, frequency: SeriesFrequency): number;
  /**
   * Points monitored in a daily run (the last of them is the day evaluated): charts that accumulate
   * (CUSUM, GLR) need a run-in so that their statistic on the day reflects the preceding weeks.
   */
  runIn: number;
  /** whether `upperbound` is a count (false: a test statistic, GLR) */
  thresholdIsCount: boolean;
  /** alarm when observed reaches (>=) the threshold instead of exceeding it */
  reaches: boolean;
}

const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

const METHODS: readonly MethodInfo[] = [
  {
    id: 'mpm',
    defaults: { ...MPM_DEFAULTS },
    history: (p, f) =>
      f === 365
        ? num(p.years, 3) * 366 + (num(p.halfWindow, 2) + 1) * num(p.periodLength, 7) + num(p.periodLength, 7)
        : num(p.years, 3) * 53 + num(p.halfWindow, 2) + 2,
    runIn: 1,
    thresholdIsCount: true,
    reaches: false,
  },
  {
    id: 'fixedThreshold',
    defaults: { ...FIXED_THRESHOLD_DEFAULTS },
    history: (p) => num(p.period, 1) - 1,
    runIn: 1,
    thresholdIsCount: true,
    reaches: true,
  },
  ...(['C1', 'C2', 'C3'] as const).map(
    (variant): MethodInfo => ({
      id: `earsC_${variant}`,
      defaults: { baseline: 7, minSigma: 0, alpha: variant === 'C3' ? 0.025 : 0.001 },
      history: (p) => num(p.baseline, 7) + 4,
      runIn: 1,
      thresholdIsCount: true,
      reaches: false,
    }),
  ),
  {
    id: 'cusum',
    defaults: { ...CUSUM_DEFAULTS },
    history: (_p, f) => f,
    runIn: 28,
    thresholdIsCount: true,
    reaches: false,
  },
  {
    id: 'glrnb',
    defaults: {
      'c.ARL': GLRNB_DEFAULTS['c.ARL'],
      alpha: GLRNB_DEFAULTS.alpha,
      Mtilde: GLRNB_DEFAULTS.Mtilde,
      M: GLRNB_DEFAULTS.M,
      change: GLRNB_DEFAULTS.change,
      dir: GLRNB_DEFAULTS.dir,
    },
    history: (_p, f) => 2 * f,
    runIn: 28,
    thresholdIsCount: false,
    reaches: true,
  },
  {
    id: 'bayes',
    defaults: { ...BAYES_DEFAULTS },
    history: (p, f) => num(p.b, 0) * f + num(p.w, 6) + 1,
    runIn: 1,
    thresholdIsCount: true,
    reaches: false,
  },
  ...(
    [
      ['rki1', RKI1_SETTINGS],
      ['rki2', RKI2_SETTINGS],
      ['rki3', RKI3_SETTINGS],
    ] as const
  ).map(
    ([id, s]): MethodInfo => ({
      id,
      defaults: {},
      history: (_p, f) => s.b * f + s.w + 1,
      runIn: 1,
      thresholdIsCount: true,
      reaches: false,
    }),
  ),
  {
    id: 'farrington',
    defaults: {
      b: FARRINGTON_DEFAULTS.b,
      w: FARRINGTON_DEFAULTS.w,
      reweight: true,
      alpha: FARRINGTON_DEFAULTS.alpha,
      trend: true,
      limit54: [...FARRINGTON_DEFAULTS.limit54],
      powertrans: '2/3',
    },
    history: (p, f) => num(p.b, 5) * f + num(p.w, 3) + 2,
    runIn: 1,
    thresholdIsCount: true,
    reaches: false,
  },
  {
    id: 'farringtonFlexible',
    defaults: {
      b: FARRINGTON_FLEXIBLE_DEFAULTS.b,
      w: FARRINGTON_FLEXIBLE_DEFAULTS.w,
      reweight: true,
      weightsThreshold: FARRINGTON_FLEXIBLE_DEFAULTS.weightsThreshold,
      alpha: FARRINGTON_FLEXIBLE_DEFAULTS.alpha,
      trend: true,
      pThresholdTrend: FARRINGTON_FLEXIBLE_DEFAULTS.pThresholdTrend,
      limit54: [...FARRINGTON_FLEXIBLE_DEFAULTS.limit54],
      powertrans: '2/3',
      noPeriods: FARRINGTON_FLEXIBLE_DEFAULTS.noPeriods,
      pastWeeksNotIncluded: null,
      thresholdMethod: 'delta',
    },
    history: (p, f) => num(p.b, 5) * f + num(p.w, 3) + 2 + (typeof p.pastWeeksNotIncluded === 'number' ? p.pastWeeksNotIncluded : 0),
    runIn: 1,
    thresholdIsCount: true,
    reaches: false,
  },
  {
    // Outbreak Command's own method (docs/auto-method.md): its window of `window` points accumulates, so a daily run
    // monitors that many points to explain the last; history: one year plus the gap at least, `b` years when present.
    id: 'auto',
    defaults: { ...AUTO_DEFAULTS },
    history: (p, f) => num(p.b, 5) * f + num(p.gap, 8),
    runIn: 1,
    thresholdIsCount: true,
    reaches: true,
  },
  {
    id: 'scan',
    defaults: { ...SCAN_PARAMETER_DEFAULTS },
    history: (p) => num(p.studyDays, 60) - 1,
    runIn: 1,
    thresholdIsCount: false,
    reaches: false,
  },
];

/**
 * The methods that can watch a proportion feed (ILI share): MPM, EARS and the fixed threshold compute on the share
 * (value / denominator, in percent), Farrington on the numerator with the denominator as population offset. The
 * others model counts only (CUSUM, GLR, Bayes, RKI) and are refused for a proportion.
 */
export const PROPORTION_METHODS: readonly string[] = [
  'mpm',
  'fixedThreshold',
  'earsC_C1',
  'earsC_C2',
  'earsC_C3',
  'farrington',
  'farringtonFlexible',
];

/** Every method offered, in the order the settings form lists them. */
export function listMethodInfos(): readonly MethodInfo[] {
  return METHODS;
}

/** The method by its registry name, or undefined. */
export function methodInfo(id: string): MethodInfo | undefined {
  return METHODS.find((m) => m.id === id);
}

/**
 * The registry name for a name as catalogues write it: registry names, CLI names ('ears-c3', 'fixed-threshold')
 * and the CIDARS shorthands 'cidars_mpm' / 'cidars_fixed' all resolve. Undefined when nothing matches.
 */
export function resolveMethodName(name: string): string | undefined {
  if (name === 'scan') return 'scan';
  const aliases: Record<string, string> = {
    cidars_mpm: 'mpm',
    cidars_fixed: 'fixedThreshold',
    cidars_fixed_threshold: 'fixedThreshold',
    fixed_threshold: 'fixedThreshold',
  };
  const candidate = aliases[name] ?? name;
  const found = findMethod(candidate) ?? findMethod(candidate.replace(/_/g, '-').toLowerCase());
  if (!found) return undefined;
  return methodInfo(found.name) ? found.name : undefined;
}

/** The most history a setting may ask for: ten years and a little (bounds what a run reads). */
const MAX_HISTORY_DAYS = 10 * 366 + 60;

/** A small deterministic count series (seasonal, Poisson-like) to try parameters on. */
function trialSeries(n: number, frequency: SeriesFrequency): Float64Array {
  const y = new Float64Array(n);
  let state = 12345;
  for (let i = 0; i < n; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const u = state / 2147483648;
    const mean = 3 + 2 * Math.sin((2 * Math.PI * i) / frequency);
    y[i] = Math.floor(mean + (u - 0.5) * 4 + 0.5) > 0 ? Math.floor(mean + (u - 0.5) * 4 + 0.5) : 0;
  }
  return y;
}

/** ISO dates of n consecutive days (or weeks) ending on `end`. */
export function isoDates(end: string, n: number, stepDays: number): string[] {
  const last = Date.parse(`${end}T00:00:00Z`);
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = new Date(last - (n - 1 - i) * stepDays * 86_400_000).toISOString().slice(0, 10);
  return out;
}

/**
 * The parameters with defaults filled in, after checking them: unknown names, values the method refuses (it is
 * run on a small trial series, so its own DetectionInputError messages name the field), and more history than a
 * run may read all answer 400 with the field under `pathPrefix` ('parameters.p').
 */
export function validateParameters(
  method: string,
  parameters: Record<string, unknown>,
  pathPrefix = 'parameters',
): Record<string, unknown> {
  const info = methodInfo(method);
  if (!info) throw validationFailed([{ path: 'method', message: `unknown detection method ${JSON.stringify(method)}` }]);
  const known = Object.keys(info.defaults);
  for (const key of Object.keys(parameters)) {
    if (!known.includes(key)) {
      throw validationFailed([
        {
          path: `${pathPrefix}.${key}`,
          message: known.length > 0 ? `${method} has no parameter ${key} (it has ${known.join(', ')})` : `${method} takes no parameters`,
        },
      ]);
    }
  }
  const merged = { ...info.defaults, ...parameters };
  if (method === 'scan') {
    checkScanParameters(merged, pathPrefix);
    return merged;
  }
  for (const frequency of [365, 52] as const) {
    const history = info.history(merged, frequency);
    const days = frequency === 365 ? history : history * 7;
    if (!(days <= MAX_HISTORY_DAYS)) {
      throw validationFailed([
        { path: pathPrefix, message: `these parameters need ${Math.round(days / 365)} years of history; at most 10 are allowed` },
      ]);
    }
  }
  const registry = findMethod(method)!;
  const history = info.history(merged, 365);
  const n = history + Math.max(info.runIn, 7);
  const dates = isoDates('2024-12-31', n, 1);
  try {
    registry.run(
      { observed: trialSeries(n, 365), dates, frequency: 365, start: dates[0]!, epochAsDate: true },
      { ...merged, range: [n - Math.max(info.runIn, 7) + 1, n] },
    );
  } catch (err) {
    if (err instanceof DetectionInputError) {
      const field = err.field === 'observed' || err.field === 'range' ? pathPrefix : `${pathPrefix}.${err.field}`;
      throw validationFailed([{ path: field, message: err.message }]);
    }
    throw err;
  }
  return merged;
}

function checkScanParameters(p: Record<string, unknown>, prefix: string): void {
  const rules: Array<[keyof ScanParameters, number, number, boolean]> = [
    ['maxTemporalDays', 1, 90, true],
    ['maxSpatialShare', 0.01, 0.5, false],
    ['replications', 9, 99_999, true],
    ['seed', 0, 2 ** 31 - 1, true],
    ['alpha', 0.0001, 0.5, false],
    ['studyDays', 7, 730, true],
    ['minCases', 1, 1000, true],
  ];
  for (const [key, min, max, integer] of rules) {
    const v = p[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      throw validationFailed([
        {
          path: `${prefix}.${key}`,
          message: `${key} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, not ${JSON.stringify(v)}`,
        },
      ]);
    }
  }
  if ((p.maxTemporalDays as number) > (p.studyDays as number)) {
    throw validationFailed([{ path: `${prefix}.maxTemporalDays`, message: 'maxTemporalDays must not exceed studyDays' }]);
  }
}
