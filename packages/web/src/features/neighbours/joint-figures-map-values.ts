/**
 * What the joint view's map shows for each district of the region (pure, tested): the chosen day's count of the
 * chosen measure, for all diseases (the district's total, always published) or one disease (whose count a
 * neighbour may have suppressed: 1–4 sent as null). A district with no figures for the day is "not received".
 */
import type { JointFigures } from './neighbour-work-api.ts';

export type MapMeasure = 'newCases' | 'cumulativeCases';
export type RegionValue = { kind: 'count'; value: number } | { kind: 'suppressed' } | { kind: 'missing' };

/** The colour classes (light → dark) and their lower bounds: 0, 1–4, 5–9, 10–19, 20+. */
export const REGION_BREAKS = [1, 5, 10, 20] as const;
export const REGION_PALETTE = ['#f5f5f5', '#fcbba1', '#fb6a4a', '#de2d26', '#a50f15'] as const;
export const SUPPRESSED_COLOUR = '#bfbfbf';
export const MISSING_COLOUR = '#ffffff';

export function regionValues(data: JointFigures, dayIndex: number, measure: MapMeasure, diseaseCode: string | null) {
  const out = new Map<string, RegionValue>();
  for (const s of data.series) {
    const f = s.days[dayIndex];
    if (!f) {
      out.set(s.district.code, { kind: 'missing' });
      continue;
    }
    if (diseaseCode === null) {
      out.set(s.district.code, { kind: 'count', value: f[measure] });
      continue;
    }
    const d = f.diseases.find((x) => x.code === diseaseCode);
    const v = d ? d[measure] : 0;
    out.set(s.district.code, v === null ? { kind: 'suppressed' } : { kind: 'count', value: v });
  }
  return out;
}

/**
 * The day the map shows by default: the last day for which a neighbour's figures arrived. A neighbour sends a day's
 * figures the night after (00:30), so today is never in yet and a map of today would show every neighbour as
 * "not received"; with no neighbour's figures at all, the last day.
 */
export function mapDayIndex(data: JointFigures): number {
  for (let i = data.days.length - 1; i >= 0; i--) if (data.series.some((s) => !s.own && s.days[i])) return i;
  return data.days.length - 1;
}

export function colourOf(v: RegionValue): string {
  if (v.kind === 'suppressed') return SUPPRESSED_COLOUR;
  if (v.kind === 'missing') return MISSING_COLOUR;
  let i = 0;
  while (i < REGION_BREAKS.length && v.value >= REGION_BREAKS[i]!) i += 1;
  return REGION_PALETTE[i]!;
}
