/**
 * The key figures of a review's indicator snapshot (issue 18, item 3: "the indicators above attached
 * automatically"): what a review meeting reads first, taken from the snapshot attached at submission so that the
 * review shows the figures as they stood then, never today's. Pure; older snapshots lacking a part (stock-out
 * days and contact tracing were added later) simply lack those rows.
 */
export const REVIEW_KEY_FIGURES = [
  'reportsOnTime',
  'alertsVerifiedInTime',
  'alertVerificationMedianHours',
  'confirmationToActivationMedianHours',
  'tasksOnTime',
  'stockOutDays',
  'contactsTracedWithin24h',
  'contactDaysFollowedUp',
] as const;
export type ReviewKeyFigureKey = (typeof REVIEW_KEY_FIGURES)[number];

export interface ReviewKeyFigure {
  key: ReviewKeyFigureKey;
  /** a count of records meeting the figure's rule, out of `of` (null for a figure in hours) */
  count: number | null;
  of: number | null;
  /** the median in hours (null for a count, or when nothing was complete) */
  hours: number | null;
}

type Snapshot = Record<string, unknown> | null | undefined;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v.filter(obj) as Record<string, unknown>[]) : []);
const total = (rows: Record<string, unknown>[], field: string) => rows.reduce((s, r) => s + (num(r[field]) ?? 0), 0);

/** The key figures of a snapshot (`{ sevenOneSeven, indicators: {…} }`), in the order of REVIEW_KEY_FIGURES. */
export function reviewKeyFigures(snapshot: Snapshot): ReviewKeyFigure[] {
  const indicators = obj(snapshot?.indicators);
  if (!indicators) return [];
  const out: ReviewKeyFigure[] = [];
  const ratio = (key: ReviewKeyFigureKey, count: number | null, of: number | null) => {
    if (count !== null && of !== null) out.push({ key, count, of, hours: null });
  };
  const median = (key: ReviewKeyFigureKey, part: Record<string, unknown> | null) => {
    if (part && 'medianHours' in part) out.push({ key, count: null, of: null, hours: num(part.medianHours) });
  };

  const timeliness = list(indicators.reportingTimeliness);
  if (Array.isArray(indicators.reportingTimeliness)) ratio('reportsOnTime', total(timeliness, 'onTime'), total(timeliness, 'reports'));
  const verification = obj(indicators.alertVerification);
  if (verification) ratio('alertsVerifiedInTime', num(verification.withinDeadline), num(verification.withDeadline));
  median('alertVerificationMedianHours', verification);
  median('confirmationToActivationMedianHours', obj(indicators.confirmationToActivation));
  const agencies = list(indicators.taskOnTime);
  if (Array.isArray(indicators.taskOnTime)) ratio('tasksOnTime', total(agencies, 'onTime'), total(agencies, 'judged'));
  const stock = obj(indicators.stockOut);
  if (stock) ratio('stockOutDays', num(stock.stockOutDays), num(stock.observedDays));
  const tracing = obj(indicators.contactTracing);
  if (tracing) {
    ratio('contactsTracedWithin24h', num(tracing.tracedWithin24h), num(tracing.judged24h));
    const followUp = obj(tracing.followUp);
    if (followUp) ratio('contactDaysFollowedUp', num(followUp.seenDays), num(followUp.dueDays));
  }
  return out;
}
