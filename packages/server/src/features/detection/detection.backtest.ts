/**
 * The back-test: a method with chosen parameters run over past days or weeks of one disease or feed in one place,
 * to see which periods would have alarmed. Nothing is written. A district tunes a percentile or an alpha by
 * comparing two parameter sets side by side (the page calls this twice).
 *
 * @example
 * const result = await backtestFor(database, principal, { diseaseId, jurisdictionId, method: 'mpm', parameters: { p: 0.9 },
 *   from: '2024-01-01', to: '2025-12-31', step: 'week' });
 * result.alarmsByYear; // [{ year: 2024, alarms: 7, periods: 52 }, …]
 */
import { eq } from 'drizzle-orm';
import { type Principal, pathInScope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database } from '../../platform/db/database.ts';
import { diseases } from '../catalogue/index.ts';
import { feedTypes } from '../catalogue/index.ts';
import { notFound, validationFailed } from '../../platform/errors.ts';
import { addDays, dayNumber, placeById, readDailySeries, weeklySums } from './detection.counts.ts';
import { PROPORTION_METHODS, methodInfo, resolveMethodName, validateParameters } from './detection.methods.ts';
import { computeInWorkers } from './detection.pool.ts';
import type { BacktestInput, BacktestResult } from './detection.schema.ts';

/** Longest back-test: ten years of days (about 3,650 points) or weeks. */
const MAX_SPAN_DAYS = 10 * 366;

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export async function backtestFor(
  database: Database,
  principal: Principal,
  input: BacktestInput,
  options: { threads?: number } = {},
): Promise<BacktestResult> {
  const scope = scopeFor(principal, 'signals.read');
  if ((input.diseaseId ? 1 : 0) + (input.feedTypeId ? 1 : 0) !== 1) {
    throw validationFailed([
      { path: input.diseaseId ? 'feedTypeId' : 'diseaseId', message: 'give exactly one of diseaseId and feedTypeId' },
    ]);
  }
  const place = await placeById(database.db, input.jurisdictionId);
  if (!place || !pathInScope(scope, place.path)) throw notFound('jurisdiction');
  // A proportion feed (ILI share) is back-tested as a share, as detection runs watch it (detection.compute.ts).
  let proportion = false;
  if (input.diseaseId) {
    const [d] = await database.db.select({ id: diseases.id }).from(diseases).where(eq(diseases.id, input.diseaseId));
    if (!d) throw validationFailed([{ path: 'diseaseId', message: 'no such disease' }]);
  } else {
    const [f] = await database.db
      .select({ id: feedTypes.id, measure: feedTypes.measure })
      .from(feedTypes)
      .where(eq(feedTypes.id, input.feedTypeId!));
    if (!f) throw validationFailed([{ path: 'feedTypeId', message: 'no such feed type' }]);
    proportion = f.measure === 'proportion';
  }
  const method = resolveMethodName(input.method);
  if (!method) throw validationFailed([{ path: 'method', message: `unknown detection method ${JSON.stringify(input.method)}` }]);
  if (method === 'scan')
    throw validationFailed([
      { path: 'method', message: 'the back-test runs temporal methods on one series; the space-time scan is not one' },
    ]);
  if (proportion && !PROPORTION_METHODS.includes(method)) {
    throw validationFailed([
      { path: 'method', message: `${method} models counts; a proportion feed is watched as a share with ${PROPORTION_METHODS.join(', ')}` },
    ]);
  }
  const parameters = validateParameters(method, input.parameters ?? {});
  if (input.to < input.from) throw validationFailed([{ path: 'to', message: 'to must not be before from' }]);
  if (dayNumber(input.to) - dayNumber(input.from) > MAX_SPAN_DAYS)
    throw validationFailed([{ path: 'from', message: 'a back-test spans at most ten years' }]);
  const step = input.step ?? 'week';
  const dateBasis = input.dateBasis ?? 'onset';
  const info = methodInfo(method)!;
  const frequency = step === 'day' ? 365 : 52;
  const history = info.history(parameters, frequency);

  // Days read: the history before the first period, through the last.
  let readFrom: string;
  let readTo = input.to;
  if (step === 'day') {
    readFrom = addDays(input.from, -history);
  } else {
    const fromDay = dayNumber(input.from);
    const firstMonday = fromDay - ((((fromDay + 3) % 7) + 7) % 7); // 1970-01-01 was a Thursday
    readFrom = addDays(input.from, firstMonday - fromDay - history * 7);
    const toDay = dayNumber(input.to);
    const lastSunday = toDay - ((((toDay + 3) % 7) + 1) % 7); // the Sunday on or before `to`
    readTo = addDays(input.to, lastSunday - toDay);
    if (readTo < input.from)
      throw validationFailed([{ path: 'to', message: 'weekly back-test: the range holds no complete week (Monday to Sunday)' }]);
  }
  const read = await readDailySeries(
    database.db,
    {
      subject: input.diseaseId ? { diseaseId: input.diseaseId } : { feedTypeId: input.feedTypeId! },
      area: place,
      level: 'district',
      dateBasis,
      from: readFrom,
      to: readTo,
      proportion,
    },
    [place],
  );
  const daily = read.counts.get(place.id)!;
  const dailyDenominators = read.denominators?.get(place.id);
  let counts: Float64Array;
  let denominators: Float64Array | undefined;
  let end: string;
  let first: number;
  if (step === 'day') {
    counts = daily;
    denominators = dailyDenominators;
    end = readTo;
    first = history + 1;
  } else {
    const weeks = weeklySums(daily, readFrom);
    counts = weeks.weeks;
    denominators = dailyDenominators && weeklySums(dailyDenominators, readFrom).weeks;
    end = addDays(weeks.firstMonday, (counts.length - 1) * 7);
    first = history + 1;
  }
  const n = counts.length;
  if (first > n) throw validationFailed([{ path: 'to', message: 'the range is too short' }]);
  const [outcome] = (
    await computeInWorkers(
      [
        {
          method,
          params: parameters,
          frequency,
          end,
          n,
          first,
          last: n,
          explain: false,
          proportion,
          series: [{ key: place.id, counts, ...(denominators ? { denominators } : {}) }],
        },
      ],
      { threads: options.threads ?? 1 },
    )
  )[0]!;
  const errors: string[] = [];
  const periods: BacktestResult['periods'] = [];
  if (outcome!.error !== undefined) {
    errors.push(outcome!.error);
  } else {
    for (const p of outcome!.points!) {
      const periodEnd = step === 'day' ? p.date : addDays(p.date, 6);
      const periodStart =
        method === 'mpm' && step === 'day'
          ? addDays(p.date, -((parameters.periodLength as number) - 1))
          : method === 'fixedThreshold' && (parameters.period as number) > 1
            ? addDays(p.date, -((parameters.period as number) - 1) * (step === 'day' ? 1 : 7))
            : p.date;
      periods.push({
        start: periodStart,
        end: periodEnd,
        observed: finite(p.observed),
        threshold: info.thresholdIsCount ? finite(p.upperbound) : null,
        expected: finite(p.extra.expected) ?? finite(p.extra.m) ?? finite(p.extra.mu0),
        alarm: p.alarm,
      });
    }
  }
  const years = new Map<number, { alarms: number; periods: number }>();
  for (const p of periods) {
    const year = Number(p.end.slice(0, 4));
    const y = years.get(year) ?? { alarms: 0, periods: 0 };
    y.periods++;
    if (p.alarm === true) y.alarms++;
    years.set(year, y);
  }
  return {
    method,
    parameters,
    dateBasis,
    step,
    monitored: proportion ? ('share' as const) : ('count' as const),
    periods,
    alarms: periods.filter((p) => p.alarm === true).length,
    alarmsByYear: [...years].sort(([a], [b]) => a - b).map(([year, v]) => ({ year, ...v })),
    errors,
  };
}
