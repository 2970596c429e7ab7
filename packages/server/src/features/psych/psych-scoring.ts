/**
 * Scoring of the four screening instruments (docs/psych.md): pure functions, no I/O. The bands and rules are
 * the instruments' own published ones; the cut-offs are data (`DEFAULT_CUTOFFS`) that a district may replace
 * with those of a locally validated Chinese version (`validateCutoffs` checks a replacement).
 *
 * Sources:
 * - PHQ-9: Kroenke K, Spitzer RL, Williams JB. The PHQ-9. J Gen Intern Med 2001;16:606–613 (9 items 0–3;
 *   5/10/15/20 = mild/moderate/moderately severe/severe; item 9 > 0 needs risk follow-up whatever the total).
 * - GAD-7: Spitzer RL et al. Arch Intern Med 2006;166:1092–1097 (7 items 0–3; 5/10/15).
 * - ISI: Bastien CH, Vallières A, Morin CM. Sleep Med 2001;2:297–307 (7 items 0–4; 0–7 none, 8–14
 *   subthreshold, 15–21 moderate, 22–28 severe).
 * - PCL-5: Weathers FW et al., National Center for PTSD, 2013; Blevins CA et al. J Trauma Stress 2015;28:489–498
 *   (20 items 0–4; provisional PTSD at a total of 31–33, or by the DSM-5 rule: an item rated ≥ 2 "Moderately"
 *   counts as a symptom; ≥ 1 of B 1–5, ≥ 1 of C 6–7, ≥ 2 of D 8–14, ≥ 2 of E 15–20).
 */

export const INSTRUMENTS = ['phq9', 'gad7', 'isi', 'pcl5'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

/** Items and the answer range of each instrument. */
export const INSTRUMENT_SHAPE: Record<Instrument, { items: number; max: number }> = {
  phq9: { items: 9, max: 3 },
  gad7: { items: 7, max: 3 },
  isi: { items: 7, max: 4 },
  pcl5: { items: 20, max: 4 },
};

/** A band by its lowest total: bands are ordered by `min`, the first starts at 0. */
export interface Band {
  band: string;
  min: number;
}

/** Cut-offs of a banded instrument, or PCL-5's threshold (31–33) and whether the DSM-5 item rule applies. */
export type Cutoffs = { bands: Band[] } | { threshold: number; itemRule: boolean };

export const DEFAULT_CUTOFFS: Record<Instrument, Cutoffs> = {
  phq9: {
    bands: [
      { band: 'minimal', min: 0 },
      { band: 'mild', min: 5 },
      { band: 'moderate', min: 10 },
      { band: 'moderately_severe', min: 15 },
      { band: 'severe', min: 20 },
    ],
  },
  gad7: {
    bands: [
      { band: 'minimal', min: 0 },
      { band: 'mild', min: 5 },
      { band: 'moderate', min: 10 },
      { band: 'severe', min: 15 },
    ],
  },
  isi: {
    bands: [
      { band: 'none', min: 0 },
      { band: 'subthreshold', min: 8 },
      { band: 'moderate', min: 15 },
      { band: 'severe', min: 22 },
    ],
  },
  pcl5: { threshold: 33, itemRule: true },
};

/** Bands a result can have, per instrument (PCL-5: below the threshold or provisional PTSD). */
export const PCL5_BANDS = ['below_threshold', 'provisional_ptsd'] as const;

/** Flags a screening can raise. */
export const SCREENING_FLAGS = ['self_harm', 'score_threshold', 'dsm5_item_rule'] as const;
export type ScreeningFlag = (typeof SCREENING_FLAGS)[number];

export interface ScreeningResult {
  score: number;
  band: string;
  flags: ScreeningFlag[];
}

/** A problem with the answers, by item (1-based) or for the whole list. */
export interface AnswerIssue {
  path: string;
  message: string;
}

/** The issues of `answers` for `instrument` (empty when valid): the count, and each an integer in range. */
export function answerIssues(instrument: Instrument, answers: readonly unknown[]): AnswerIssue[] {
  const { items, max } = INSTRUMENT_SHAPE[instrument];
  if (answers.length !== items) {
    return [
      { path: 'answers', message: `${instrument} has ${items} items: expected ${items} answers in item order, got ${answers.length}` },
    ];
  }
  const issues: AnswerIssue[] = [];
  answers.forEach((a, i) => {
    if (typeof a !== 'number' || !Number.isInteger(a) || a < 0 || a > max) {
      issues.push({ path: `answers.${i}`, message: `item ${i + 1} must be an integer from 0 to ${max}` });
    }
  });
  return issues;
}

/** Thrown by {@link scoreScreening} for invalid answers (the service maps it to a 400). */
export class InvalidAnswersError extends Error {
  constructor(readonly issues: AnswerIssue[]) {
    super(issues.map((i) => i.message).join('; '));
  }
}

/** The band of `score` under banded cut-offs: the last band whose `min` is ≤ the score. */
export function bandOf(bands: readonly Band[], score: number): string {
  let found = bands[0]!.band;
  for (const b of bands) if (score >= b.min) found = b.band;
  return found;
}

/** Whether PCL-5 answers meet the DSM-5 item rule (items rated ≥ 2 count as symptoms). */
export function pcl5ItemRule(answers: readonly number[]): boolean {
  const count = (from: number, to: number) => answers.slice(from - 1, to).filter((a) => a >= 2).length;
  return count(1, 5) >= 1 && count(6, 7) >= 1 && count(8, 14) >= 2 && count(15, 20) >= 2;
}

/**
 * Scores a screening: total, band and flags. Throws {@link InvalidAnswersError} for answers of the wrong
 * count or out of range.
 *
 * @example
 * scoreScreening('phq9', [1, 1, 1, 1, 1, 0, 0, 0, 1]); // { score: 6, band: 'mild', flags: ['self_harm'] }
 */
export function scoreScreening(
  instrument: Instrument,
  answers: readonly unknown[],
  cutoffs: Cutoffs = DEFAULT_CUTOFFS[instrument],
): ScreeningResult {
  const issues = answerIssues(instrument, answers);
  if (issues.length > 0) throw new InvalidAnswersError(issues);
  const values = answers as number[];
  const score = values.reduce((s, a) => s + a, 0);
  const flags: ScreeningFlag[] = [];
  if (instrument === 'phq9' && values[8]! > 0) flags.push('self_harm');
  if ('bands' in cutoffs) return { score, band: bandOf(cutoffs.bands, score), flags };
  const byScore = score >= cutoffs.threshold;
  const byItems = cutoffs.itemRule && pcl5ItemRule(values);
  if (byScore) flags.push('score_threshold');
  if (byItems) flags.push('dsm5_item_rule');
  return { score, band: byScore || byItems ? 'provisional_ptsd' : 'below_threshold', flags };
}

/** The highest total of an instrument. */
export const maxScore = (instrument: Instrument) => INSTRUMENT_SHAPE[instrument].items * INSTRUMENT_SHAPE[instrument].max;

/**
 * The issues of replacement cut-offs (empty when acceptable): banded instruments keep their band names in
 * order, the first at 0, the others strictly increasing and within the score range; PCL-5's threshold lies
 * within 31–33, the range the instrument's authors give (Blevins 2015; Bovin 2016).
 */
export function validateCutoffs(instrument: Instrument, cutoffs: Cutoffs): AnswerIssue[] {
  const defaults = DEFAULT_CUTOFFS[instrument];
  if ('bands' in defaults) {
    if (!('bands' in cutoffs)) return [{ path: 'cutoffs', message: `${instrument} takes bands` }];
    const names = defaults.bands.map((b) => b.band);
    if (cutoffs.bands.length !== names.length || cutoffs.bands.some((b, i) => b.band !== names[i])) {
      return [{ path: 'cutoffs.bands', message: `bands must be ${names.join(', ')} in this order` }];
    }
    const issues: AnswerIssue[] = [];
    if (cutoffs.bands[0]!.min !== 0) issues.push({ path: 'cutoffs.bands.0.min', message: 'the first band starts at 0' });
    for (let i = 1; i < cutoffs.bands.length; i++) {
      const b = cutoffs.bands[i]!;
      if (!Number.isInteger(b.min) || b.min <= cutoffs.bands[i - 1]!.min || b.min > maxScore(instrument)) {
        issues.push({
          path: `cutoffs.bands.${i}.min`,
          message: `must be an integer above the previous band's and at most ${maxScore(instrument)}`,
        });
      }
    }
    return issues;
  }
  if (!('threshold' in cutoffs)) return [{ path: 'cutoffs', message: 'pcl5 takes a threshold and itemRule' }];
  if (!Number.isInteger(cutoffs.threshold) || cutoffs.threshold < 31 || cutoffs.threshold > 33) {
    return [{ path: 'cutoffs.threshold', message: 'must be 31, 32 or 33' }];
  }
  return [];
}

/** Bands of an instrument, in order (for aggregates and the chart). */
export function bandsOf(instrument: Instrument): string[] {
  const c = DEFAULT_CUTOFFS[instrument];
  return 'bands' in c ? c.bands.map((b) => b.band) : [...PCL5_BANDS];
}
