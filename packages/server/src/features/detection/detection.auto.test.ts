/**
 * The `auto` method (docs/auto-method.md) in the district's detection settings: a setting may choose it, its
 * parameters are checked like the others', and a daily run gives the library's threshold and alarm with an explained
 * signal (rule "reaches", expected count, residual and CUSUM).
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { AUTO_DEFAULTS, auto } from '@outbreak/surveillance';
import { buildDistrictTree, testEngines, withTestDb } from '../../test-support/index.ts';
import { addDays } from './detection.counts.ts';
import { isoDates, methodInfo, resolveMethodName, validateParameters } from './detection.methods.ts';
import { runDetection } from './detection.run.ts';
import { signals } from './signals.tables.ts';
import { buildConfig, buildDisease, insertDailyCases, seasonalCounts } from './detection.test-support.ts';

const AS_OF = '2026-06-30';

describe('auto in the detection settings', () => {
  it('is offered with its defaults, resolves by its CLI name, and checks its parameters naming the field', () => {
    expect(methodInfo('auto')?.defaults).toEqual({ ...AUTO_DEFAULTS });
    expect(resolveMethodName('auto')).toBe('auto');
    expect(validateParameters('auto', { h: 1.2 })).toEqual({ ...AUTO_DEFAULTS, h: 1.2 });
    const problem = (params: Record<string, unknown>) => {
      try {
        validateParameters('auto', params);
      } catch (err) {
        return (err as { details?: Array<{ path: string; message: string }> }).details?.[0];
      }
      return undefined;
    };
    expect(problem({ h: -1 })).toEqual({ path: 'parameters.h', message: 'h must be >= 0, not -1' });
    expect(problem({ window: 12 })?.path).toBe('parameters.window');
    expect(problem({ weekday: 'sometimes' })?.path).toBe('parameters.weekday');
    expect(problem({ alpha: 0.05 })?.message).toMatch(/auto has no parameter alpha/);
  });
});

describe.each(testEngines())('auto detection runs (%s)', (engine) => {
  const t = withTestDb(engine);

  it('signals a rise in daily counts with the threshold and alarm of the library, explained', async () => {
    const tree = await buildDistrictTree(t.database);
    const disease = await buildDisease(t.database);
    const info = methodInfo('auto')!;
    const n = info.history(AUTO_DEFAULTS, 365) + info.runIn;
    const counts = seasonalCounts(n, 4, 17);
    for (let i = n - 3; i < n; i++) counts[i] = counts[i]! + 12; // three raised days
    await insertDailyCases(t.database, {
      diseaseId: disease.id,
      jurisdictionId: tree.communityA.id,
      start: addDays(AS_OF, -(n - 1)),
      counts,
    });
    const config = await buildConfig(t.database, {
      diseaseId: disease.id,
      jurisdictionId: tree.district.id,
      level: 'district',
      method: 'auto',
      parameters: { ...AUTO_DEFAULTS },
    });
    const run = await runDetection(t.database, { asOf: AS_OF, trigger: 'manual', configIds: [config.id], threads: 0 });
    expect(run.status).toBe('succeeded');

    const dates = isoDates(AS_OF, n, 1);
    const direct = auto({ observed: counts, dates, frequency: 365, start: dates[0]!, epochAsDate: true }, { range: [n, n] }).points[0]!;
    expect(direct.alarm).toBe(true);
    const [signal] = await t.database.db.select().from(signals).where(eq(signals.runId, run.id));
    expect(signal).toBeDefined();
    expect(signal!.method).toBe('auto');
    expect(signal!.observed).toBe(counts[n - 1]);
    expect(signal!.threshold).toBe(direct.upperbound);
    expect(signal!.expected).toBeCloseTo(direct.expected!, 9);
    const why = signal!.explanation as Record<string, any>;
    expect(why.rule).toBe('reaches');
    expect(why.observed).toBeGreaterThanOrEqual(why.threshold);
    expect(why.extra.score).toBeCloseTo(direct.score!, 9);
    expect(why.extra.cusum).toBeCloseTo(direct.cusum!, 9);
    expect(why.recent.counts.at(-1)).toBe(counts[n - 1]);
  });
});
