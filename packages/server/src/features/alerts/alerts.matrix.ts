/**
 * The risk matrix of alert characterisation (WHO Rapid Risk Assessment of Acute Public Health Events, 2012,
 * adapted to the four warning colours of China's early-warning system, DOMAIN.md §3).
 *
 * Likelihood and consequence are each rated on five levels; their product (1–25) gives the level of risk and
 * the warning colour:
 *
 * | score   | risk       | warning level |
 * |---------|------------|---------------|
 * | 1–4     | low        | blue          |
 * | 5–9     | moderate   | yellow        |
 * | 10–16   | high       | orange        |
 * | 20–25   | very high  | red           |
 *
 * (Products of two numbers from 1 to 5 never fall on 17–19, so the bands leave no gap.) A person may choose
 * another level than the matrix gives, with a reason; both levels are kept.
 */
import type { WarningLevel } from './alerts.tables.ts';

export const LIKELIHOODS = [
  { value: 1, key: 'rare', name: '极不可能', nameEn: 'Rare' },
  { value: 2, key: 'unlikely', name: '不太可能', nameEn: 'Unlikely' },
  { value: 3, key: 'possible', name: '可能', nameEn: 'Possible' },
  { value: 4, key: 'likely', name: '很可能', nameEn: 'Likely' },
  { value: 5, key: 'almost_certain', name: '几乎肯定', nameEn: 'Almost certain' },
] as const;

export const CONSEQUENCES = [
  { value: 1, key: 'minimal', name: '极小', nameEn: 'Minimal' },
  { value: 2, key: 'minor', name: '较小', nameEn: 'Minor' },
  { value: 3, key: 'moderate', name: '中等', nameEn: 'Moderate' },
  { value: 4, key: 'major', name: '严重', nameEn: 'Major' },
  { value: 5, key: 'severe', name: '特别严重', nameEn: 'Severe' },
] as const;

/** Lowest score of each level, from the most severe. */
export const LEVEL_BANDS: ReadonlyArray<{ level: WarningLevel; minScore: number; risk: string; riskEn: string }> = [
  { level: 'red', minScore: 20, risk: '极高风险', riskEn: 'Very high risk' },
  { level: 'orange', minScore: 10, risk: '高风险', riskEn: 'High risk' },
  { level: 'yellow', minScore: 5, risk: '中等风险', riskEn: 'Moderate risk' },
  { level: 'blue', minScore: 1, risk: '低风险', riskEn: 'Low risk' },
];

/** The warning level the matrix gives for a likelihood and a consequence (each 1–5). */
export function matrixLevel(likelihood: number, consequence: number): WarningLevel {
  if (
    !Number.isInteger(likelihood) ||
    !Number.isInteger(consequence) ||
    likelihood < 1 ||
    likelihood > 5 ||
    consequence < 1 ||
    consequence > 5
  ) {
    throw new RangeError(`likelihood and consequence must be integers 1-5 (got ${likelihood}, ${consequence})`);
  }
  const score = likelihood * consequence;
  return LEVEL_BANDS.find((b) => score >= b.minScore)!.level;
}

/** The whole matrix, for the web app's dialog: cells[likelihood-1][consequence-1]. */
export function riskMatrix() {
  return {
    likelihoods: LIKELIHOODS.map((l) => ({ ...l })),
    consequences: CONSEQUENCES.map((c) => ({ ...c })),
    bands: LEVEL_BANDS.map((b) => ({ ...b })),
    cells: LIKELIHOODS.map((l) => CONSEQUENCES.map((c) => matrixLevel(l.value, c.value))),
  };
}
