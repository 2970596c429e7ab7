import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { earsC, farringtonFlexible, mpm } from '@outbreak/surveillance';
import { buildDistrictTree, buildUser, testEngines, withTestDb } from '../../test-support/index.ts';
import { computeGroup } from './detection.compute.ts';
import { addDays } from './detection.counts.ts';
import { isoDates } from './detection.methods.ts';
import { runDetection } from './detection.run.ts';
import { createConfig, listConfigsFor } from './detection.service.ts';
import { signals } from './signals.tables.ts';
import { backtestFor } from './detection.backtest.ts';
import { buildConfig, buildFeedType, insertProportionCounts } from './detection.test-support.ts';

const AS_OF = '2026-06-30';
const N = 3 * 366 + 60;

/** A deterministic ILI sentinel: about 1,000 visits a day with a weekly rhythm, about 3 % of them ILI. */
function sentinel(seed: number): { visits: number[]; ili: number[] } {
  let state = seed;
  const u = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const visits: number[] = [];
  const ili: number[] = [];
  for (let i = 0; i < N; i++) {
    const v = Math.round(1000 + 150 * Math.sin((2 * Math.PI * i) / 7) + 50 * u());
    const share = 0.03 + 0.003 * Math.sin((2 * Math.PI * i) / 7 + 1) + 0.002 * (2 * u() - 1);
    visits.push(v);
    ili.push(Math.round(v * share));
  }
  return { visits, ili };
}

const pct = (num: number, den: number) => (100 * num) / den;
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe.each(testEngines())('detection of proportion feeds (%s)', (engine) => {
  const t = withTestDb(engine);

  it('watches the ILI share, not the ILI visits: more visits alone raise nothing, a rising share does', async () => {
    const tree = await buildDistrictTree(t.database);
    const feed = await buildFeedType(t.database, { measure: 'proportion', defaultMethod: 'earsC_C3' });
    const start = addDays(AS_OF, -(N - 1));
    // Township A: outpatient visits double over the last three days (a holiday rush), the ILI share stays flat.
    const a = sentinel(3);
    for (let i = N - 3; i < N; i++) {
      a.visits[i] = a.visits[i]! * 2;
      a.ili[i] = Math.round(a.visits[i]! * 0.029);
    }
    // Township B: the same visits as usual, but 9 % of them ILI on the last day.
    const b = sentinel(5);
    b.ili[N - 1] = Math.round(b.visits[N - 1]! * 0.09);
    await insertProportionCounts(t.database, {
      feedTypeId: feed.id,
      jurisdictionId: tree.communityA.id,
      start,
      values: a.ili,
      denominators: a.visits,
    });
    await insertProportionCounts(t.database, {
      feedTypeId: feed.id,
      jurisdictionId: tree.communityB.id,
      start,
      values: b.ili,
      denominators: b.visits,
    });
    const base = { feedTypeId: feed.id, jurisdictionId: tree.district.id, level: 'township' as const };
    const cMpm = await buildConfig(t.database, {
      ...base,
      method: 'mpm',
      parameters: { years: 3, halfWindow: 2, p: 0.8, minCount: 1, periodLength: 7 },
    });
    const cEars = await buildConfig(t.database, { ...base, method: 'earsC_C2', parameters: { baseline: 7, minSigma: 0, alpha: 0.001 } });
    const cFar = await buildConfig(t.database, { ...base, method: 'farringtonFlexible', parameters: { b: 2, w: 3 } });

    // On the ILI visits alone every method would alarm in township A: that is what this change stops.
    const dates = isoDates(AS_OF, N, 1);
    const countsA = { observed: a.ili, dates, frequency: 365, start: dates[0]!, epochAsDate: true } as const;
    expect(mpm(countsA, { range: [N, N] }).points[0]!.alarm).toBe(true);
    expect(earsC(countsA, { method: 'C2', baseline: 7, alpha: 0.001, range: [N, N] }).points[0]!.alarm).toBe(true);
    expect(farringtonFlexible(countsA, { b: 2, w: 3, range: [N, N] }).points[0]!.alarm).toBe(true);

    const run = await runDetection(t.database, { asOf: AS_OF, trigger: 'manual', configIds: [cMpm.id, cEars.id, cFar.id], threads: 0 });
    expect(run.status).toBe('succeeded');
    expect(run.seriesEvaluated).toBe(6);
    expect(run.seriesFailed).toBe(0);
    const stored = await t.database.db.select().from(signals).where(eq(signals.runId, run.id));
    expect(stored.filter((s) => s.jurisdictionId === tree.townshipA.id)).toEqual([]);
    const inB = stored.filter((s) => s.jurisdictionId === tree.townshipB.id);
    expect(inB.map((s) => s.method).sort()).toEqual(['earsC_C2', 'farringtonFlexible', 'mpm']);

    // EARS on the daily shares, in percent.
    const sharesB = b.ili.map((v, i) => pct(v, b.visits[i]!));
    const ears = inB.find((s) => s.method === 'earsC_C2')!;
    const earsDirect = earsC(
      { observed: sharesB, dates, frequency: 365, start: dates[0]!, epochAsDate: true },
      { method: 'C2', baseline: 7, alpha: 0.001, range: [N, N] },
    ).points[0]!;
    expect(ears.observed).toBeCloseTo(sharesB[N - 1]!, 10);
    expect(ears.threshold).toBeCloseTo(earsDirect.upperbound!, 10);
    const earsWhy = ears.explanation as any;
    expect(earsWhy.measure).toBe('proportion');
    expect(earsWhy.unit).toBe('%');
    expect(earsWhy.share).toEqual({ numerator: b.ili[N - 1], denominator: b.visits[N - 1] });
    expect(earsWhy.baseline.values).toHaveLength(7);
    expect(earsWhy.baseline.values[0]).toEqual({
      start: dates[N - 10],
      end: dates[N - 10],
      value: sharesB[N - 10],
      numerator: b.ili[N - 10],
      denominator: b.visits[N - 10],
    });
    expect(earsWhy.recent.counts.at(-1)).toBeCloseTo(sharesB[N - 1]!, 10);
    expect(earsWhy.recent.numerators.at(-1)).toBe(b.ili[N - 1]);
    expect(earsWhy.recent.denominators.at(-1)).toBe(b.visits[N - 1]);

    // MPM: the 7-day share (Σ ILI / Σ visits) against P80 of the same periods' shares in three previous years.
    const m = inB.find((s) => s.method === 'mpm')!;
    const weekIli = sum(b.ili.slice(N - 7));
    const weekVisits = sum(b.visits.slice(N - 7));
    expect(m.observed).toBeCloseTo(pct(weekIli, weekVisits), 10);
    const mWhy = m.explanation as any;
    expect(mWhy.share).toEqual({ numerator: weekIli, denominator: weekVisits });
    expect(mWhy.baseline.values).toHaveLength(15);
    for (const v of mWhy.baseline.values) {
      const from = dates.indexOf(v.start);
      const to = dates.indexOf(v.end);
      expect(to - from).toBe(6);
      expect(v.numerator).toBe(sum(b.ili.slice(from, to + 1)));
      expect(v.denominator).toBe(sum(b.visits.slice(from, to + 1)));
      expect(v.value).toBeCloseTo(pct(v.numerator, v.denominator), 10);
    }
    const sorted = (mWhy.baseline.values as Array<{ value: number }>).map((v) => v.value).sort((x, y) => x - y);
    const h = (sorted.length - 1) * 0.8;
    expect(m.threshold).toBeCloseTo(sorted[Math.floor(h)]! + (h - Math.floor(h)) * (sorted[Math.ceil(h)]! - sorted[Math.floor(h)]!), 10);
    expect(m.threshold!).toBeGreaterThan(2.5);
    expect(m.threshold!).toBeLessThan(3.5);

    // Farrington: ILI visits with log(all visits) as offset (R's populationOffset), reported as shares.
    const f = inB.find((s) => s.method === 'farringtonFlexible')!;
    const fDirect = farringtonFlexible(
      { observed: b.ili, population: b.visits, dates, frequency: 365, start: dates[0]!, epochAsDate: true },
      { b: 2, w: 3, populationOffset: true, range: [N, N] },
    ).points[0]!;
    expect(fDirect.alarm).toBe(true);
    expect(f.observed).toBeCloseTo(sharesB[N - 1]!, 10);
    expect(f.threshold).toBeCloseTo(pct(fDirect.upperbound!, b.visits[N - 1]!), 8);
    expect(f.expected).toBeCloseTo(pct(fDirect.expected!, b.visits[N - 1]!), 8);
    expect((f.explanation as any).extra.thresholdCount).toBeCloseTo(fDirect.upperbound!, 8);

    // The settings say what they watch.
    const epi = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const listed = await listConfigsFor(t.database, epi.principal, { feedTypeId: feed.id });
    expect(listed.items.map((c) => c.monitored)).toEqual(['share', 'share', 'share']);

    // The back-test watches the share too.
    const bt = await backtestFor(
      t.database,
      epi.principal,
      {
        feedTypeId: feed.id,
        jurisdictionId: tree.townshipB.id,
        method: 'earsC_C2',
        parameters: { baseline: 7, alpha: 0.001 },
        from: addDays(AS_OF, -30),
        to: AS_OF,
        step: 'day',
      },
      { threads: 0 },
    );
    expect(bt.monitored).toBe('share');
    expect(bt.periods.at(-1)!.observed).toBeCloseTo(sharesB[N - 1]!, 10);
    expect(bt.periods.at(-1)!.alarm).toBe(true);
  });

  it('treats days without a denominator as missing, not as zero', () => {
    const n = 20;
    const counts = new Float64Array(n).fill(30);
    const denominators = new Float64Array(n).fill(1000);
    counts[n - 3] = 0;
    denominators[n - 3] = 0; // no report that day
    counts[n - 1] = 33;
    // EARS C1: a missing day in the baseline makes the day not evaluable (NA), as R does with NA counts.
    const [c1] = computeGroup({
      method: 'earsC_C1',
      params: { baseline: 7, alpha: 0.001 },
      frequency: 365,
      end: AS_OF,
      n,
      first: n,
      last: n,
      explain: true,
      proportion: true,
      series: [{ key: 'x', counts, denominators }],
    });
    expect(c1!.error).toBeUndefined();
    expect(c1!.points![0]!.alarm).toBeNull();
    expect(c1!.explanation!.recent.counts.at(-3)).toBeNull();
    expect(c1!.explanation!.recent.counts.at(-1)).toBeCloseTo(3.3, 10);
    // Fixed threshold over 7 days: the share of the days reported (Σ 183 / Σ 6000), the missing day left out.
    const [fixed] = computeGroup({
      method: 'fixedThreshold',
      params: { k: 3.04, period: 7 },
      frequency: 365,
      end: AS_OF,
      n,
      first: n,
      last: n,
      explain: true,
      proportion: true,
      series: [{ key: 'x', counts, denominators }],
    });
    expect(fixed!.points![0]!.observed).toBeCloseTo((100 * 183) / 6000, 10);
    expect(fixed!.points![0]!.alarm).toBe(true);
    expect(fixed!.points![0]!.extra).toEqual({ numerator: 183, denominator: 6000 });
    // Methods that model counts say so rather than computing on shares.
    const [cusum] = computeGroup({
      method: 'cusum',
      params: {},
      frequency: 365,
      end: AS_OF,
      n,
      first: n,
      last: n,
      explain: true,
      proportion: true,
      series: [{ key: 'x', counts, denominators }],
    });
    expect(cusum!.error).toMatch(/models counts/);
  });

  it('refuses a method that models counts for a proportion feed, naming the field', async () => {
    const tree = await buildDistrictTree(t.database);
    const feed = await buildFeedType(t.database, { measure: 'proportion' });
    const epi = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    await expect(
      createConfig(t.database, epi.principal, {
        feedTypeId: feed.id,
        jurisdictionId: tree.district.id,
        level: 'district',
        method: 'cusum',
      }),
    ).rejects.toMatchObject({
      details: [{ path: 'method', message: expect.stringMatching(/models counts/) }],
    });
    const ok = await createConfig(t.database, epi.principal, {
      feedTypeId: feed.id,
      jurisdictionId: tree.district.id,
      level: 'district',
      method: 'earsC_C3',
    });
    expect(ok.monitored).toBe('share');
  });
});
