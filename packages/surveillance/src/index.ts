/**
 * `@outbreak/surveillance`: outbreak-detection algorithms at parity with R `surveillance`, the
 * CIDARS methods, our own `auto` method, and the space-time permutation scan. Pure functions, no I/O.
 */
export type * from './types.ts';
export { DetectionInputError } from './errors.ts';
export {
  earsC,
  earsCInto,
  earsCSettings,
  earsCScratch,
  earsCMaxLag,
  EARS_C_DEFAULTS,
  type EarsCControl,
  type EarsCSettings,
  type EarsCScratch,
} from './ears-c/ears-c.ts';
export { cusum, CUSUM_DEFAULTS, CUSUM_TRANSFORMATIONS, type CusumControl, type CusumTransformation } from './cusum/cusum.ts';
export { glrnb, GLRNB_DEFAULTS, type GlrnbControl, type GlrnbMu0Model } from './glrnb/glrnb.ts';
export { bayes, BAYES_DEFAULTS, type BayesControl } from './bayes/bayes.ts';
export { rki, rki1, rki2, rki3, RKI_DEFAULTS, RKI1_SETTINGS, RKI2_SETTINGS, RKI3_SETTINGS, type RkiControl } from './rki/rki.ts';
export { RKI_CI_TABLE } from './rki/rki-table.ts';
export { mpm, planMpm, mpmPointInto, MPM_DEFAULTS, type MpmControl, type MpmPlan } from './cidars/mpm.ts';
export { fixedThreshold, FIXED_THRESHOLD_DEFAULTS, type FixedThresholdControl } from './cidars/fixed-threshold.ts';
export { detectionMetrics, averageMetrics, type DetectionMetrics, type EvaluatedSeries } from './quality/detection-metrics.ts';
export { auto, AUTO_DEFAULTS, type AutoControl, type AutoPoint, type AutoResult } from './auto/auto.ts';
export {
  simulateNoufailyGrid,
  NOUFAILY_SCENARIOS,
  lognormalSpread,
  scenarioMean,
  type NoufailyScenario,
  type SimulatedSeries,
  type GridOptions,
} from './quality/simulate-grid.ts';
export {
  findMethod,
  listMethods,
  cliMethodNames,
  runBatch,
  type DetectionMethod,
  type ControlList,
  type BatchItem,
  type BatchOutcome,
} from './methods.ts';
export * from './farrington/index.ts';
export * from './scan/index.ts';
export * from './labels.ts';
