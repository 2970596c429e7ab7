/**
 * The registry of detection methods: one entry per algorithm, found by its R / reference-file name
 * (`earsC_C3`, `farringtonFlexible` …) or its CLI name (`ears-c3`, `farrington-flexible` …).
 * The CLI, the server's detection jobs and the parity tests all dispatch through it, so a method
 * added here is available everywhere.
 *
 * @example
 * ```ts
 * const method = findMethod('ears-c3');
 * const result = method?.run(series, { range: [731, 1095] });
 * ```
 */
import { auto } from './auto/auto.ts';
import { bayes } from './bayes/bayes.ts';
import { fixedThreshold } from './cidars/fixed-threshold.ts';
import { mpm } from './cidars/mpm.ts';
import { cusum } from './cusum/cusum.ts';
import { earsC } from './ears-c/ears-c.ts';
import { DetectionInputError } from './errors.ts';
import { farrington } from './farrington/farrington.ts';
import { farringtonFlexible } from './farrington/farrington-flexible.ts';
import { glrnb } from './glrnb/glrnb.ts';
import { rki, rki1, rki2, rki3 } from './rki/rki.ts';
import type { DetectionResult, SurveillanceSeries } from './types.ts';

/** A control list as plain data (R's names), e.g. parsed from `--params` JSON. */
export type ControlList = Record<string, unknown>;

/** One registered detection method. */
export interface DetectionMethod {
  /** R / reference-file name, e.g. `earsC_C1`, `farringtonFlexible` */
  name: string;
  /** name on the command line (`outbreak detect --method …`), or null when only the library has it */
  cliName: string | null;
  /** further names that select this method (reference-file variants such as `farringtonFlexible_nbPlugin`) */
  aliases: readonly string[];
  /** the R function it matches, for documentation */
  rFunction: string | null;
  /** runs the method on one series; throws DetectionInputError when the series cannot be evaluated */
  run(series: SurveillanceSeries, control?: ControlList): DetectionResult;
}

// The control lists are validated inside each algorithm (unknown values raise DetectionInputError),
// so the registry passes them through with a cast.
type AnyAlgorithm = (series: SurveillanceSeries, control?: never) => DetectionResult;
const call =
  (fn: AnyAlgorithm, fixed: ControlList = {}) =>
  (series: SurveillanceSeries, control: ControlList = {}) =>
    fn(series, { ...control, ...fixed } as never);

const registry: readonly DetectionMethod[] = [
  { name: 'earsC_C1', cliName: 'ears-c1', aliases: [], rFunction: 'earsC(method = "C1")', run: call(earsC, { method: 'C1' }) },
  { name: 'earsC_C2', cliName: 'ears-c2', aliases: [], rFunction: 'earsC(method = "C2")', run: call(earsC, { method: 'C2' }) },
  { name: 'earsC_C3', cliName: 'ears-c3', aliases: [], rFunction: 'earsC(method = "C3")', run: call(earsC, { method: 'C3' }) },
  { name: 'farrington', cliName: 'farrington', aliases: [], rFunction: 'farrington', run: call(farrington) },
  {
    name: 'farringtonFlexible',
    cliName: 'farrington-flexible',
    // reference-file variants: the same function, selected by thresholdMethod / populationOffset in the control
    aliases: ['farringtonFlexible_nbPlugin', 'farringtonFlexible_populationOffset'],
    rFunction: 'farringtonFlexible',
    run: call(farringtonFlexible),
  },
  { name: 'cusum', cliName: 'cusum', aliases: [], rFunction: 'cusum', run: call(cusum) },
  { name: 'glrnb', cliName: 'glrnb', aliases: [], rFunction: 'glrnb', run: call(glrnb) },
  { name: 'bayes', cliName: 'bayes', aliases: [], rFunction: 'bayes', run: call(bayes) },
  { name: 'rki', cliName: null, aliases: [], rFunction: 'rki', run: call(rki) },
  { name: 'rki1', cliName: 'rki1', aliases: [], rFunction: 'algo.rki1', run: call(rki1) },
  { name: 'rki2', cliName: 'rki2', aliases: [], rFunction: 'algo.rki2', run: call(rki2) },
  { name: 'rki3', cliName: 'rki3', aliases: [], rFunction: 'algo.rki3', run: call(rki3) },
  { name: 'mpm', cliName: 'mpm', aliases: ['movingPercentile'], rFunction: null, run: call(mpm) },
  { name: 'fixedThreshold', cliName: 'fixed-threshold', aliases: [], rFunction: null, run: call(fixedThreshold) },
  { name: 'auto', cliName: 'auto', aliases: [], rFunction: null, run: call(auto) },
];

/** Every registered method, in registration order. */
export function listMethods(): readonly DetectionMethod[] {
  return registry;
}

/** The method with this R / reference name, alias or CLI name, or undefined. */
export function findMethod(name: string): DetectionMethod | undefined {
  return registry.find((m) => m.name === name || m.cliName === name || m.aliases.includes(name));
}

/** The CLI names, in registration order (the methods of `outbreak detect`). */
export function cliMethodNames(): string[] {
  return registry.flatMap((m) => (m.cliName ? [m.cliName] : []));
}

/** One series in a batch. */
export interface BatchItem {
  id: string;
  series: SurveillanceSeries;
}

/** The outcome for one series of a batch: its result, or the reason it could not be evaluated. */
export type BatchOutcome = { id: string; result: DetectionResult; error?: undefined } | { id: string; error: string; result?: undefined };

/**
 * Runs one method over many series, one at a time (so a caller can stream them). A series that
 * cannot be evaluated (DetectionInputError) yields `{ id, error }` and the others still run;
 * any other exception is a bug and propagates. Series are independent: the outcome of one never
 * depends on the others or on their order.
 */
export function* runBatch(method: DetectionMethod, items: Iterable<BatchItem>, control: ControlList = {}): Generator<BatchOutcome> {
  for (const item of items) {
    try {
      yield { id: item.id, result: method.run(item.series, control) };
    } catch (err) {
      if (err instanceof DetectionInputError) yield { id: item.id, error: err.message };
      else throw err;
    }
  }
}
