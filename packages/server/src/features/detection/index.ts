/**
 * The detection feature's public entry: what other features may use. Everything else in the folder is private
 * (the dependency rule, docs/architecture.md, refuses an import that bypasses this file).
 */
export * from './signals.tables.ts';
// the cases behind signals (signal-cases.ts)
export { caseSetsOfAlert, caseSetsOfSignals, signalCasesFor } from './signal-cases.ts';
// exercises (docs/exercises.md): an inject runs detection in exercise mode on the settings that watch its subject
export { detectionConfigs } from './detection.tables.ts';
export { runDetection } from './detection.run.ts';
// the assessment's detection performance (docs/assessment.md): settings replayed over the district's history
export {
  ALTERNATIVE_METHODS,
  type Place as DetectionPlace,
  type PlaceReplay,
  type ReplayResult,
  forgetReplays,
  readSettingSeries,
  replayHistory,
  replayOnSeries,
  replaySetting,
  type SettingSeries,
  settingPlaces,
  type ThresholdVariant,
  thresholdVariants,
} from './detection.replay.ts';
export { placeById as detectionPlaceById } from './detection.counts.ts';
