/**
 * The space-time permutation scan (Kulldorff 2005, SaTScan's "space-time permutation" model) as detection runs it:
 * one setting with method 'scan' reads the daily counts of every township of its area, runs the scan of
 * `@outbreak/surveillance` (src/scan: the kernel, the Monte Carlo replications, their worker threads), and turns each
 * cluster with p < alpha into a signal whose explanation names the cluster's townships, window, observed and
 * expected cases. The statistics live in the surveillance package; this file is where the platform uses them.
 * Called by detection.run.ts for each scan setting of a run.
 */
import { spaceTimePermutationScan, type ScanCluster, type ScanResult } from '@outbreak/surveillance';
import { spaceTimePermutationScanParallel } from '@outbreak/surveillance/scan-node';
import type { Database } from '../../platform/db/database.ts';
import { type Place, addDays, readDailySeries } from './detection.counts.ts';
import type { ScanParameters } from './detection.methods.ts';
import type { RunConfigDetail, detectionConfigs } from './detection.tables.ts';
import { MAX_ERRORS_PER_CONFIG, type RunOptions, type SubjectInfo, dedupeKey } from './detection.run.ts';
import type { signals } from './signals.tables.ts';
import type { SignalExplanation } from './detection.schema.ts';

type ConfigRow = typeof detectionConfigs.$inferSelect;
type SignalInsert = typeof signals.$inferInsert;

/**
 * Scans whose Monte Carlo work (replications × townships × study days) exceeds this run their replications in
 * worker threads (@outbreak/surveillance/scan-node); smaller ones take well under a second in this thread.
 */
const SCAN_WORKER_MIN_WORK = 5_000_000;

/** Runs the space-time permutation scan of one setting; clusters with p < alpha become signals. */
export async function scanConfig(
  db: Database['db'],
  config: ConfigRow,
  area: Place,
  townships: Place[],
  subject: SubjectInfo,
  options: RunOptions,
  runId: string,
): Promise<{ rows: SignalInsert[]; detail: Omit<RunConfigDetail, 'ms'> }> {
  const p = config.parameters as unknown as ScanParameters;
  const detail: Omit<RunConfigDetail, 'ms'> = {
    configId: config.id,
    method: 'scan',
    series: townships.length,
    failed: 0,
    signals: 0,
    errors: [],
  };
  const located = townships.filter((t) => Array.isArray(t.centroid) && t.centroid.length === 2);
  for (const t of townships.filter((x) => !located.includes(x)).slice(0, MAX_ERRORS_PER_CONFIG)) {
    detail.errors.push({ jurisdictionId: t.id, message: 'township has no centroid: left out of the scan' });
  }
  const result = await scanTownships(db, {
    diseaseId: config.diseaseId!,
    area,
    townships: located,
    dateBasis: config.dateBasis,
    asOf: options.asOf,
    parameters: p,
    threads: options.threads,
  });
  if ('error' in result) {
    detail.failed = 1;
    detail.errors.push({ jurisdictionId: area.id, message: result.error });
    return { rows: [], detail };
  }
  const byId = new Map(located.map((t) => [t.id, t]));
  const rows: SignalInsert[] = [];
  for (const cluster of result.scan.clusters) {
    if (cluster.pValue === null || !(cluster.pValue < p.alpha)) continue;
    const centre = byId.get(cluster.centre)!;
    const locations = cluster.locations.map((id) => ({ id, name: byId.get(id)!.name, nameEn: byId.get(id)!.nameEn }));
    rows.push({
      diseaseId: config.diseaseId,
      feedTypeId: null,
      jurisdictionId: centre.id,
      kind: 'cluster',
      method: 'scan',
      parameters: config.parameters,
      periodStart: cluster.start,
      periodEnd: cluster.end,
      dateBasis: config.dateBasis,
      observed: cluster.observed,
      expected: cluster.expected,
      threshold: null,
      explanation: clusterExplanation(config, subject, cluster, locations, result.scan, options.asOf),
      runId,
      dedupeKey: dedupeKey({
        config: config.id,
        centre: centre.id,
        start: cluster.start,
        end: cluster.end,
        locations: [...cluster.locations].sort(),
        method: 'scan',
        parameters: config.parameters,
        dateBasis: config.dateBasis,
      }),
    });
  }
  return { rows, detail };
}

function clusterExplanation(
  config: ConfigRow,
  subject: SubjectInfo,
  cluster: ScanCluster,
  locations: Array<{ id: string; name: string; nameEn: string }>,
  scan: ScanResult,
  asOf: string,
) {
  return {
    configId: config.id,
    level: config.level,
    method: 'scan',
    parameters: config.parameters,
    dateBasis: config.dateBasis,
    asOf,
    subject: { code: subject.code, name: subject.name, nameEn: subject.nameEn },
    place: locations[0],
    rule: 'pvalue',
    observed: cluster.observed,
    expected: cluster.expected,
    threshold: null,
    cluster: {
      rank: cluster.rank,
      centre: cluster.centre,
      locations,
      radiusKm: cluster.radius,
      window: {
        start: cluster.start,
        end: cluster.end,
        days: Math.round((Date.parse(cluster.end) - Date.parse(cluster.start)) / 86_400_000) + 1,
      },
      observed: cluster.observed,
      expected: cluster.expected,
      ratio: cluster.ratio,
      llr: cluster.llr,
      pValue: cluster.pValue,
      recurrenceInterval: cluster.recurrenceInterval,
      alpha: (config.parameters as { alpha?: number }).alpha ?? null,
      replications: scan.replicationsRun,
      study: {
        start: scan.studyStart,
        end: scan.studyEnd,
        cases: scan.totals.cases,
        locations: scan.totals.locations,
        days: scan.totals.days,
      },
    },
  } satisfies SignalExplanation;
}

/** The scan over townships for one disease and study period (also used by the back-test of a scan setting). */
export async function scanTownships(
  db: Database['db'],
  input: {
    diseaseId: string;
    area: Place;
    townships: Place[];
    dateBasis: 'onset' | 'report';
    asOf: string;
    parameters: ScanParameters;
    threads?: number;
  },
): Promise<{ scan: ScanResult } | { error: string }> {
  const p = input.parameters;
  if (input.townships.length < 2) return { error: 'the scan needs at least two townships with centroids' };
  const studyStart = addDays(input.asOf, -(p.studyDays - 1));
  const read = await readDailySeries(
    db,
    {
      subject: { diseaseId: input.diseaseId },
      area: input.area,
      level: 'township',
      dateBasis: input.dateBasis,
      from: studyStart,
      to: input.asOf,
    },
    input.townships,
  );
  const cases: Array<{ location: string; date: string; count: number }> = [];
  for (const [id, counts] of read.counts) {
    counts.forEach((c, i) => {
      if (c > 0) cases.push({ location: id, date: addDays(studyStart, i), count: c });
    });
  }
  if (cases.reduce((s, c) => s + c.count, 0) < p.minCases)
    return { error: `fewer than ${p.minCases} cases in the study period: nothing to scan` };
  const scanInput = {
    coordinates: 'latlong' as const,
    locations: input.townships.map((t) => ({ id: t.id, long: t.centroid![0], lat: t.centroid![1] })),
    cases,
    studyStart,
    studyEnd: input.asOf,
  };
  const scanOptions = {
    analysis: 'prospective' as const,
    maxSpatialFractionOfCases: p.maxSpatialShare,
    maxTemporalDays: p.maxTemporalDays,
    minCasesInCluster: p.minCases,
    replications: p.replications,
    seed: p.seed,
  };
  try {
    const work = p.replications * input.townships.length * p.studyDays;
    const threads = input.threads ?? (work >= SCAN_WORKER_MIN_WORK ? 2 : 0);
    const scan =
      threads === 0
        ? spaceTimePermutationScan(scanInput, scanOptions)
        : await spaceTimePermutationScanParallel(scanInput, { ...scanOptions, threads: Math.max(2, threads) });
    return { scan };
  } catch (err) {
    if (err instanceof Error && (err.name === 'ScanInputError' || err.name === 'DetectionInputError')) return { error: err.message };
    throw err;
  }
}
