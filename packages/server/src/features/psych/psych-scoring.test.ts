import { describe, expect, it } from 'vitest';
import { answerIssues, DEFAULT_CUTOFFS, InvalidAnswersError, pcl5ItemRule, scoreScreening, validateCutoffs } from './psych-scoring.ts';

/** Answers of `items` items summing to `total`, filled from the first item up to `max` each; item 9 of PHQ-9 kept 0 unless set. */
function answersFor(items: number, max: number, total: number, keepZero: number[] = []): number[] {
  const out = Array.from({ length: items }, () => 0);
  let left = total;
  for (let i = 0; i < items && left > 0; i++) {
    if (keepZero.includes(i)) continue;
    out[i] = Math.min(max, left);
    left -= out[i]!;
  }
  if (left > 0) throw new Error('total too high for the kept items');
  return out;
}

describe('PHQ-9', () => {
  const phq = (total: number) => scoreScreening('phq9', answersFor(9, 3, total, [8]));
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately_severe'],
    [19, 'moderately_severe'],
    [20, 'severe'],
    [24, 'severe'],
  ])('total %i → %s', (total, band) => {
    expect(phq(total)).toEqual({ score: total, band, flags: [] });
  });
  it('27 (every item 3) is severe with the self-harm flag', () => {
    expect(scoreScreening('phq9', Array(9).fill(3))).toEqual({ score: 27, band: 'severe', flags: ['self_harm'] });
  });
  it('item 9 > 0 raises self_harm whatever the total', () => {
    expect(scoreScreening('phq9', [0, 0, 0, 0, 0, 0, 0, 0, 1])).toEqual({ score: 1, band: 'minimal', flags: ['self_harm'] });
    expect(scoreScreening('phq9', [0, 0, 0, 0, 0, 0, 0, 0, 3]).flags).toEqual(['self_harm']);
    expect(scoreScreening('phq9', [3, 3, 3, 3, 3, 3, 3, 3, 0]).flags).toEqual([]);
  });
});

describe('GAD-7', () => {
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'severe'],
    [21, 'severe'],
  ])('total %i → %s', (total, band) => {
    expect(scoreScreening('gad7', answersFor(7, 3, total))).toEqual({ score: total, band, flags: [] });
  });
});

describe('ISI', () => {
  it.each([
    [0, 'none'],
    [7, 'none'],
    [8, 'subthreshold'],
    [14, 'subthreshold'],
    [15, 'moderate'],
    [21, 'moderate'],
    [22, 'severe'],
    [28, 'severe'],
  ])('total %i → %s', (total, band) => {
    expect(scoreScreening('isi', answersFor(7, 4, total))).toEqual({ score: total, band, flags: [] });
  });
});

describe('PCL-5', () => {
  it('total 32 below the default threshold 33 and no item rule: below threshold', () => {
    // 8 items at 4 in B, C and the first D items: D has 1 item ≥ 2 only → rule not met
    const a = [4, 4, 4, 4, 4, 4, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(pcl5ItemRule(a)).toBe(false);
    expect(scoreScreening('pcl5', a)).toEqual({ score: 32, band: 'below_threshold', flags: [] });
  });
  it('total 33 meets the threshold', () => {
    const a = [4, 4, 4, 4, 4, 4, 4, 4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(scoreScreening('pcl5', a)).toEqual({ score: 33, band: 'provisional_ptsd', flags: ['score_threshold'] });
  });
  it('the DSM-5 item rule alone: 1 B, 1 C, 2 D, 2 E rated 2 (total 12)', () => {
    const a = [2, 0, 0, 0, 0, 2, 0, 2, 2, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0];
    expect(pcl5ItemRule(a)).toBe(true);
    expect(scoreScreening('pcl5', a)).toEqual({ score: 12, band: 'provisional_ptsd', flags: ['dsm5_item_rule'] });
  });
  it('the item rule fails by one cluster: only 1 E item, or ratings of 1 do not count', () => {
    expect(pcl5ItemRule([2, 0, 0, 0, 0, 2, 0, 2, 2, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0])).toBe(false);
    expect(pcl5ItemRule([2, 0, 0, 0, 0, 1, 1, 2, 2, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0])).toBe(false);
    expect(pcl5ItemRule([0, 0, 0, 0, 0, 2, 0, 2, 2, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0])).toBe(false);
    expect(pcl5ItemRule([2, 0, 0, 0, 0, 2, 0, 2, 0, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0])).toBe(false);
  });
  it('both rules, and a configured threshold of 31', () => {
    const all = Array(20).fill(4);
    expect(scoreScreening('pcl5', all)).toEqual({ score: 80, band: 'provisional_ptsd', flags: ['score_threshold', 'dsm5_item_rule'] });
    const a31 = [4, 4, 4, 4, 4, 4, 4, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(scoreScreening('pcl5', a31).band).toBe('below_threshold');
    expect(scoreScreening('pcl5', a31, { threshold: 31, itemRule: true })).toEqual({
      score: 31,
      band: 'provisional_ptsd',
      flags: ['score_threshold'],
    });
  });
  it('the item rule can be switched off', () => {
    const a = [2, 0, 0, 0, 0, 2, 0, 2, 2, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0];
    expect(scoreScreening('pcl5', a, { threshold: 33, itemRule: false }).band).toBe('below_threshold');
  });
});

describe('invalid answers', () => {
  it('wrong count, out of range, fractions, non-numbers: refused with the item named', () => {
    expect(answerIssues('phq9', [0, 0, 0])).toEqual([
      { path: 'answers', message: 'phq9 has 9 items: expected 9 answers in item order, got 3' },
    ]);
    expect(answerIssues('gad7', [0, 0, 4, 0, 0, -1, 0])).toEqual([
      { path: 'answers.2', message: 'item 3 must be an integer from 0 to 3' },
      { path: 'answers.5', message: 'item 6 must be an integer from 0 to 3' },
    ]);
    expect(answerIssues('isi', [0, 0, 0, 0, 0, 0, 4])).toEqual([]);
    expect(answerIssues('isi', [0, 0, 0, 0, 0, 0, 5])[0]!.path).toBe('answers.6');
    expect(answerIssues('pcl5', [...Array(19).fill(0), 1.5])[0]!.message).toBe('item 20 must be an integer from 0 to 4');
    expect(answerIssues('phq9', [...Array(8).fill(0), '1'])[0]!.path).toBe('answers.8');
    expect(() => scoreScreening('phq9', [0])).toThrow(InvalidAnswersError);
  });
});

describe('configurable cut-offs', () => {
  it('a locally validated PHQ-9 cut-off moves the band edge', () => {
    const bands = [
      { band: 'minimal', min: 0 },
      { band: 'mild', min: 5 },
      { band: 'moderate', min: 9 },
      { band: 'moderately_severe', min: 15 },
      { band: 'severe', min: 20 },
    ];
    expect(validateCutoffs('phq9', { bands })).toEqual([]);
    expect(scoreScreening('phq9', answersFor(9, 3, 9, [8]), { bands }).band).toBe('moderate');
  });
  it('refuses bands out of order, renamed, not starting at 0, above the maximum; PCL-5 outside 31–33', () => {
    const d = DEFAULT_CUTOFFS.gad7 as { bands: { band: string; min: number }[] };
    expect(validateCutoffs('gad7', { bands: d.bands.map((b, i) => (i === 2 ? { ...b, min: 4 } : b)) })[0]!.path).toBe(
      'cutoffs.bands.2.min',
    );
    expect(validateCutoffs('gad7', { bands: d.bands.map((b, i) => (i === 3 ? { ...b, min: 22 } : b)) })[0]!.path).toBe(
      'cutoffs.bands.3.min',
    );
    expect(validateCutoffs('gad7', { bands: d.bands.map((b, i) => (i === 0 ? { ...b, min: 1 } : b)) })[0]!.path).toBe(
      'cutoffs.bands.0.min',
    );
    expect(validateCutoffs('gad7', { bands: d.bands.map((b) => ({ ...b, band: 'x' })) })[0]!.path).toBe('cutoffs.bands');
    expect(validateCutoffs('pcl5', { threshold: 30, itemRule: true })).toEqual([
      { path: 'cutoffs.threshold', message: 'must be 31, 32 or 33' },
    ]);
    expect(validateCutoffs('pcl5', { threshold: 32, itemRule: false })).toEqual([]);
    expect(validateCutoffs('pcl5', { bands: [] })[0]!.path).toBe('cutoffs');
  });
});
