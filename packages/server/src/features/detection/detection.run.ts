/**
 * A detection run: every enabled setting (or the ones asked for) evaluated for one day, the alarms stored as
 * signals with what explains them, and the new signals handed to the alerts intake, all in one transaction.
 *
 * Idempotent: each signal has a `dedupe_key` (a hash of the setting, the place, the period end, the method, its
 * parameters and the date basis) and is inserted with ON CONFLICT DO NOTHING, so running the same day again stores
 * nothing new and the intake sees nothing new. Each run is recorded in detection_runs (also a failed one).
 *
 * The arithmetic runs in worker threads (detection.pool.ts); counts are read with one query per setting.
 *
 * @example
 * const run = await runDetection(database, { asOf: '2026-11-28', trigger: 'manual', actor: { id, username } });
 * run.signalsCreated; // 3
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { runHook } from '../../platform/hooks/hooks.ts';
import { publishLive, publishLiveDistrictWide } from '../../platform/live/live.ts';
import { diseases } from '../catalogue/index.ts';
import { feedTypes } from '../catalogue/index.ts';
import type { ComputeGroup, PointExplanation, SeriesOutcome } from './detection.compute.ts';
import { type Place, type PlaceIndex, addDays, placeById, placeIndexOf, placesOf, readDailySeries } from './detection.counts.ts';
import { methodInfo } from './detection.methods.ts';
import { computeInWorkers } from './detection.pool.ts';
import { type RunConfigDetail, type RunTrigger, detectionConfigs, detectionRuns } from './detection.tables.ts';
import { signals } from './signals.tables.ts';
import type { SignalExplanation } from './detection.schema.ts';
import { scanConfig } from './space-time-scan.ts';
import './detection.hooks.ts';

type ConfigRow = typeof detectionConfigs.$inferSelect;
type SignalInsert = typeof signals.$inferInsert;
export type RunRow = typeof detectionRuns.$inferSelect;

export interface RunOptions {
  /** the day evaluated, 'YYYY-MM-DD' (district calendar) */
  asOf: string;
  /** only these settings (run even when disabled); omitted: every enabled setting */
  configIds?: string[];
  trigger: RunTrigger;
  /** who asked (manual runs); null or omitted for the schedule and the demo */
  actor?: AuditActor | null;
  ip?: string;
  /** worker threads for the arithmetic and the scan; 0 = this thread (default: available parallelism) */
  threads?: number;
  /** the time signals and alerts are stamped with (default: now) */
  now?: Date;
  /** called with the run's id as soon as it is recorded (the API answers before a long run ends) */
  onStarted?: (runId: string) => void;
  /** scheduled runs: which attempt of how many, for which firing of the schedule (detection.service.ts) */
  attempt?: number;
  maxAttempts?: number;
  firedAt?: Date | null;
  /** recorded on the run if this attempt fails: when the next attempt is due */
  retryAtOnFailure?: Date | null;
  /**
   * Exercise mode (docs/exercises.md): the series read real data plus this exercise's records, the space-time
   * scan is left out, and the signals (and so the alerts the intake opens from them) carry the exercise's mark.
   */
  exerciseId?: string;
}

/**
 * A seam for tests (never set in production code): `duringWrite` runs inside the run's write transaction after
 * the signals and alerts are written and before the run is marked succeeded; throwing there fails the run the way
 * a database error at commit would (everything of the attempt is rolled back).
 */
export const detectionTestSeams: { duringWrite?: (run: RunRow) => void | Promise<void> } = {};

/** What one setting watches, in words for explanations. */
export interface SubjectInfo {
  code: string;
  name: string;
  nameEn: string;
  /** feeds: 'proportion' (ILI share) is watched as a share, see detection.compute.ts */
  measure?: string;
}

export const MAX_ERRORS_PER_CONFIG = 5;
/** Runs with at least this many series compute in a worker thread. */
const WORKER_MIN_SERIES = 200;

/** A stable hash of what makes a signal the same signal (see the module comment). */
export function dedupeKey(parts: Record<string, unknown>): string {
  return createHash('sha256').update(canonical(parts)).digest('hex');
}

/** JSON with object keys sorted, so equal parameters hash equally whatever their order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Runs detection (see the module comment) and returns the recorded run. */
export async function runDetection(database: Database, options: RunOptions): Promise<RunRow> {
  const now = options.now ?? new Date();
  const [run] = await database.db
    .insert(detectionRuns)
    .values({
      trigger: options.trigger,
      asOf: options.asOf,
      configIds: options.configIds ?? null,
      startedAt: new Date(),
      actorId: options.actor?.id ?? null,
      attempt: options.attempt ?? 1,
      maxAttempts: options.maxAttempts ?? 1,
      firedAt: options.firedAt ?? null,
      exerciseId: options.exerciseId ?? null,
    })
    .returning();
  options.onStarted?.(run!.id);
  try {
    return await evaluate(database, run!, options, now);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const [failed] = await database.db
      .update(detectionRuns)
      .set({ status: 'failed', finishedAt: new Date(), error: message.slice(0, 2000), retryAt: options.retryAtOnFailure ?? null })
      .where(eq(detectionRuns.id, run!.id))
      .returning();
    await database.db.transaction((tx) =>
      publishLiveDistrictWide(tx, {
        topic: 'signals',
        id: failed!.id,
        action: 'run',
        right: 'signals.read',
        data: { runId: failed!.id, status: 'failed' },
      }),
    );
    throw err;
  }
}

async function evaluate(database: Database, run: RunRow, options: RunOptions, now: Date): Promise<RunRow> {
  const db = database.db;
  const configs = await db
    .select()
    .from(detectionConfigs)
    .where(
      options.configIds
        ? inArray(detectionConfigs.id, options.configIds.length > 0 ? options.configIds : ['00000000-0000-0000-0000-000000000000'])
        : eq(detectionConfigs.enabled, true),
    )
    .orderBy(detectionConfigs.createdAt, detectionConfigs.id);

  const subjects = new Map<string, SubjectInfo>();
  for (const d of await db.select({ id: diseases.id, code: diseases.code, name: diseases.name, nameEn: diseases.nameEn }).from(diseases))
    subjects.set(d.id, d);
  for (const f of await db
    .select({ id: feedTypes.id, code: feedTypes.code, name: feedTypes.name, nameEn: feedTypes.nameEn, measure: feedTypes.measure })
    .from(feedTypes))
    subjects.set(f.id, f);

  const areas = new Map<string, Place>();
  const townshipsByArea = new Map<string, Place[]>();
  const indexByArea = new Map<string, PlaceIndex>();
  const knownPaths = new Map<string, string>();
  const details: RunConfigDetail[] = [];
  const rows: SignalInsert[] = [];
  const groups: Array<{ config: ConfigRow; group: ComputeGroup; places: Map<string, Place>; readMs: number }> = [];
  // Temporal settings of the same subject, area and date basis share one read (township and district levels,
  // several methods): the counts are read once, from the earliest day any of them needs.
  const pending = new Map<string, Array<{ config: ConfigRow; area: Place; n: number; runIn: number }>>();

  for (const config of configs) {
    const started = performance.now();
    let area = areas.get(config.jurisdictionId);
    if (!area) {
      area = await placeById(db, config.jurisdictionId);
      if (!area) continue;
      areas.set(area.id, area);
      const townships = await placesOf(db, area, 'township');
      townshipsByArea.set(area.id, townships);
      indexByArea.set(area.id, await placeIndexOf(db, area, 'township', townships));
      for (const p of [area, ...townships]) knownPaths.set(p.id, p.path);
    }
    const subject = subjects.get((config.diseaseId ?? config.feedTypeId)!)!;
    if (config.method === 'scan') {
      if (options.exerciseId) continue;
      const found = await scanConfig(db, config, area, townshipsByArea.get(area.id)!, subject, options, run.id);
      rows.push(...found.rows);
      details.push({ ...found.detail, ms: Math.round(performance.now() - started) });
      continue;
    }
    const info = methodInfo(config.method);
    if (!info) {
      details.push({
        configId: config.id,
        method: config.method,
        series: 0,
        failed: 0,
        signals: 0,
        errors: [{ jurisdictionId: area.id, message: `unknown method ${config.method}` }],
        ms: 0,
      });
      continue;
    }
    const key = `${config.diseaseId ?? config.feedTypeId}|${area.id}|${config.dateBasis}`;
    const list = pending.get(key) ?? [];
    list.push({ config, area, n: info.history(config.parameters, 365) + info.runIn, runIn: info.runIn });
    pending.set(key, list);
  }

  for (const list of pending.values()) {
    const { config: first, area } = list[0]!;
    const longest = Math.max(...list.map((c) => c.n));
    const from = addDays(options.asOf, -(longest - 1));
    const townships = townshipsByArea.get(area.id)!;
    const readStarted = performance.now();
    const proportion = subjects.get((first.diseaseId ?? first.feedTypeId)!)!.measure === 'proportion';
    const read = await readDailySeries(
      db,
      {
        subject: first.diseaseId ? { diseaseId: first.diseaseId } : { feedTypeId: first.feedTypeId! },
        area,
        level: 'township',
        dateBasis: first.dateBasis,
        from,
        to: options.asOf,
        proportion,
        exerciseId: options.exerciseId,
      },
      townships,
      indexByArea.get(area.id),
    );
    const readMs = (performance.now() - readStarted) / list.length;
    for (const { config, n, runIn } of list) {
      const offset = longest - n;
      const places = config.level === 'district' ? [area] : townships;
      groups.push({
        config,
        readMs,
        places: new Map(places.map((p) => [p.id, p])),
        group: {
          method: config.method,
          params: config.parameters,
          frequency: 365,
          end: options.asOf,
          n,
          first: n - runIn + 1,
          last: n,
          explain: true,
          proportion,
          series: places.map((p) => ({
            key: p.id,
            counts: (config.level === 'district' ? read.total : read.counts.get(p.id)!).slice(offset),
            ...(proportion
              ? { denominators: (config.level === 'district' ? read.totalDenominator! : read.denominators!.get(p.id)!).slice(offset) }
              : {}),
          })),
        },
      });
    }
  }

  const outcomes = await computeInWorkers(
    groups.map((g) => g.group),
    // One worker keeps the event loop free during a large run; a small one costs less than a worker's start-up.
    { threads: options.threads ?? (groups.reduce((s, g) => s + g.group.series.length, 0) >= WORKER_MIN_SERIES ? 1 : 0) },
  );
  groups.forEach(({ config, group, places, readMs }, g) => {
    const subject = subjects.get((config.diseaseId ?? config.feedTypeId)!)!;
    const detail: RunConfigDetail = {
      configId: config.id,
      method: config.method,
      series: group.series.length,
      failed: 0,
      signals: 0,
      errors: [],
      ms: 0,
    };
    for (const outcome of outcomes[g]!) {
      const place = places.get(outcome.key)!;
      if (outcome.error !== undefined) {
        detail.failed++;
        if (detail.errors.length < MAX_ERRORS_PER_CONFIG) detail.errors.push({ jurisdictionId: place.id, message: outcome.error });
        continue;
      }
      const row = aberrationSignal(config, place, subject, outcome, options.asOf, run.id, options.exerciseId ?? null);
      if (row) {
        rows.push(row);
        detail.signals++;
      }
    }
    detail.ms = Math.round(readMs);
    details.push(detail);
  });

  return db.transaction(async (tx) => {
    const inserted = rows.length > 0 ? await insertSignals(tx, rows) : [];
    // The receivers (the alerts intake) write in this transaction: a run's signals and their alerts commit together.
    const handed = inserted.length > 0 ? await runHook(tx, 'detection.signals-created', { signals: inserted, now }) : [];
    const intake = { created: handed.flatMap((r) => r.created), updated: handed.flatMap((r) => r.updated) };
    const createdByConfig = new Map<string, number>();
    for (const s of inserted) {
      const id = (s.explanation as { configId?: string }).configId ?? '';
      createdByConfig.set(id, (createdByConfig.get(id) ?? 0) + 1);
    }
    // details[].signals counts the alarms found; signalsCreated only those that were new.
    for (const d of details) d.signals = createdByConfig.get(d.configId) ?? 0;
    await detectionTestSeams.duringWrite?.(run);
    const [finished] = await tx
      .update(detectionRuns)
      .set({
        status: 'succeeded',
        finishedAt: new Date(),
        configsEvaluated: details.length,
        seriesEvaluated: details.reduce((s, d) => s + d.series, 0),
        seriesFailed: details.reduce((s, d) => s + d.failed, 0),
        signalsCreated: inserted.length,
        alertsCreated: intake.created.length,
        alertsUpdated: intake.updated.length,
        details,
      })
      .where(eq(detectionRuns.id, run.id))
      .returning();
    if (options.trigger === 'manual') {
      await audit(tx, {
        actor: options.actor ?? null,
        ip: options.ip,
        action: 'create',
        entityType: 'detection_run',
        entityId: run.id,
        after: { ...finished!, details: undefined },
      });
    }
    // One live event per place with new signals (receivers refetch through the scoped API), and one for the run.
    const paths = new Map<string, string>();
    for (const s of inserted) paths.set(s.jurisdictionId, knownPaths.get(s.jurisdictionId) ?? '');
    for (const [jurisdictionId, path] of paths) {
      await publishLive(tx, {
        topic: 'signals',
        action: 'created',
        right: 'signals.read',
        jurisdictionPath: path,
        data: { runId: run.id, jurisdictionId },
      });
    }
    await publishLiveDistrictWide(tx, {
      topic: 'signals',
      id: run.id,
      action: 'run',
      right: 'signals.read',
      data: { runId: run.id, status: 'succeeded', signalsCreated: inserted.length },
    });
    return finished!;
  });
}

/** Inserts signals, skipping those already stored (same dedupe key); returns the new ones. */
async function insertSignals(tx: Tx, rows: SignalInsert[]) {
  const out: Array<typeof signals.$inferSelect> = [];
  // Chunks keep each statement well under PostgreSQL's parameter limit.
  for (let i = 0; i < rows.length; i += 500) {
    out.push(
      ...(await tx
        .insert(signals)
        .values(rows.slice(i, i + 500))
        .onConflictDoNothing({ target: signals.dedupeKey })
        .returning()),
    );
  }
  return out;
}

/** The signal for a series whose last point alarmed, or null. */
function aberrationSignal(
  config: ConfigRow,
  place: Place,
  subject: SubjectInfo,
  outcome: SeriesOutcome,
  asOf: string,
  runId: string,
  exerciseId: string | null,
): SignalInsert | null {
  const point = outcome.points?.at(-1);
  if (point?.alarm !== true) return null;
  const info = methodInfo(config.method)!;
  const why: PointExplanation = outcome.explanation!;
  const extra = point.extra;
  const expected = finite(extra.expected) ?? finite(extra.m) ?? finite(extra.mu0) ?? finite(why.baselineMean);
  const threshold = info.thresholdIsCount ? finite(point.upperbound) : null;
  // A proportion (ILI share): observed, threshold, expected and the baseline are shares in percent, and the
  // numerator and denominator behind the observed share are kept with them.
  const proportion = subject.measure === 'proportion';
  const explanation = {
    ...(proportion
      ? { measure: 'proportion', unit: '%', share: { numerator: finite(extra.numerator), denominator: finite(extra.denominator) } }
      : {}),
    configId: config.id,
    level: config.level,
    method: config.method,
    parameters: config.parameters,
    dateBasis: config.dateBasis,
    asOf,
    subject: { code: subject.code, name: subject.name, nameEn: subject.nameEn },
    place: { id: place.id, name: place.name, nameEn: place.nameEn },
    rule: info.thresholdIsCount ? (info.reaches ? 'reaches' : 'exceeds') : 'statistic',
    observed: point.observed,
    threshold,
    statistic: info.thresholdIsCount ? null : finite(point.upperbound),
    expected,
    baseline: { kind: why.baselineKind, values: why.baseline, mean: why.baselineMean },
    recent: why.recent,
    extra,
  } satisfies SignalExplanation;

  return {
    diseaseId: config.diseaseId,
    feedTypeId: config.feedTypeId,
    jurisdictionId: place.id,
    kind: 'aberration',
    method: config.method,
    parameters: config.parameters,
    periodStart: why.periodStart,
    periodEnd: asOf,
    dateBasis: config.dateBasis,
    observed: point.observed,
    expected,
    threshold,
    explanation,
    runId,
    exerciseId,
    dedupeKey: dedupeKey({
      config: config.id,
      place: place.id,
      periodEnd: asOf,
      method: config.method,
      parameters: config.parameters,
      dateBasis: config.dateBasis,
      // an exercise's signal is another signal than the real one of the same day (real keys stay as they were)
      ...(exerciseId ? { exercise: exerciseId } : {}),
    }),
  };
}

/** The configs of a run that exist, for callers that check ids first. */
export async function existingConfigIds(db: Database['db'], ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: detectionConfigs.id })
    .from(detectionConfigs)
    .where(and(inArray(detectionConfigs.id, ids)));
  return rows.map((r) => r.id);
}
