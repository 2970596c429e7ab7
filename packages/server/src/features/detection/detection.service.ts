/**
 * Rules of detection: settings (who may read and change them, defaults from the catalogue, parameters checked by
 * running the method), runs ("run now" and the schedule), signals and the back-test. Authorisation is the first
 * line of every function.
 */
import cronParser from 'cron-parser';
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { AuditActor } from '../../platform/audit/audit.ts';
import { audit } from '../../platform/audit/audit.ts';
import { type Principal, pathInScope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { conflict, notFound, validationFailed } from '../../platform/errors.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import type { Logger } from '../../platform/logger.ts';
import { notify, resolveRecipients } from '../notifications/index.ts';
import { diseases } from '../catalogue/index.ts';
import { feedTypes } from '../catalogue/index.ts';
import type { ConfigCreate, ConfigPatch, SignalExplanation, SignalListQuery } from './detection.schema.ts';
import { PROPORTION_METHODS, listMethodInfos, resolveMethodName, validateParameters } from './detection.methods.ts';
import { runDetection } from './detection.run.ts';
import {
  type ConfigWithNames,
  type SignalWithNames,
  configIdsInScope,
  enabledConfigIdsInScope,
  findConfig,
  findRun,
  findSignal,
  listConfigs,
  listRuns,
  listSignals,
} from './detection.store.ts';
import { DEFAULT_SCHEDULE, detectionConfigs, detectionRuns } from './detection.tables.ts';
import { districtToday } from '../../platform/time/district-time.ts';

const actorOf = (principal: Principal): AuditActor => ({ id: principal.id, username: principal.username });

/** Today in China time (UTC+8, the district's calendar), 'YYYY-MM-DD'. */
export function chinaToday(now = new Date()): string {
  return districtToday(now);
}

/** The next time a cron fires after `from`, or null when it cannot be read. */
export function nextRun(schedule: string, from = new Date()): Date | null {
  try {
    return cronParser.parseExpression(schedule, { currentDate: from, utc: true }).next().toDate();
  } catch {
    return null;
  }
}

/** The last time a cron fired at or before `at`. */
export function previousRun(schedule: string, at: Date): Date | null {
  try {
    // cron-parser's prev() is strictly before currentDate: a fire exactly at `at` counts as fired.
    return cronParser
      .parseExpression(schedule, { currentDate: new Date(at.getTime() + 1000), utc: true })
      .prev()
      .toDate();
  } catch {
    return null;
  }
}

function checkSchedule(schedule: string): void {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5)
    throw validationFailed([{ path: 'schedule', message: 'a schedule is a cron of 5 fields (minute hour day month weekday), in UTC' }]);
  try {
    cronParser.parseExpression(schedule, { utc: true });
  } catch (err) {
    throw validationFailed([{ path: 'schedule', message: err instanceof Error ? err.message : 'not a valid cron' }]);
  }
}

// ── presentation ────────────────────────────────────────────────────────────────────────────────

export function presentConfig(row: ConfigWithNames) {
  const c = row.config;
  return {
    id: c.id,
    diseaseId: c.diseaseId,
    feedTypeId: c.feedTypeId,
    subject: c.diseaseId
      ? { code: row.diseaseCode ?? '', name: row.diseaseName ?? '', nameEn: row.diseaseNameEn ?? '' }
      : { code: row.feedCode ?? '', name: row.feedName ?? '', nameEn: row.feedNameEn ?? '' },
    monitored: row.feedMeasure === 'proportion' ? ('share' as const) : ('count' as const),
    jurisdictionId: c.jurisdictionId,
    jurisdictionName: row.jurisdictionName,
    jurisdictionNameEn: row.jurisdictionNameEn,
    level: c.level,
    method: c.method,
    parameters: c.parameters,
    dateBasis: c.dateBasis,
    enabled: c.enabled,
    schedule: c.schedule,
    nextRunAt: c.enabled ? (nextRun(c.schedule)?.toISOString() ?? null) : null,
    lastScheduledAt: c.lastScheduledAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export function presentSignal(row: SignalWithNames) {
  const s = row.signal;
  return {
    id: s.id,
    diseaseId: s.diseaseId,
    feedTypeId: s.feedTypeId,
    subject: s.diseaseId
      ? { code: row.diseaseCode ?? '', name: row.diseaseName ?? '', nameEn: row.diseaseNameEn ?? '' }
      : { code: row.feedCode ?? '', name: row.feedName ?? '', nameEn: row.feedNameEn ?? '' },
    jurisdictionId: s.jurisdictionId,
    jurisdictionName: row.jurisdictionName,
    jurisdictionNameEn: row.jurisdictionNameEn,
    kind: s.kind,
    method: s.method,
    parameters: s.parameters,
    periodStart: s.periodStart,
    periodEnd: s.periodEnd,
    dateBasis: s.dateBasis,
    observed: s.observed,
    expected: s.expected,
    threshold: s.threshold,
    // written by the run (detection.run.ts, space-time-scan.ts) in this shape; stored as JSON
    explanation: s.explanation as SignalExplanation,
    runId: s.runId,
    alertId: s.alertId,
    alertCode: row.alertCode,
    alertStatus: row.alertStatus,
    createdAt: s.createdAt.toISOString(),
  };
}

type RunRow = NonNullable<Awaited<ReturnType<typeof findRun>>>;
export function presentRun(r: RunRow) {
  return {
    ...r,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    firedAt: r.firedAt?.toISOString() ?? null,
    retryAt: r.retryAt?.toISOString() ?? null,
    configIds: r.configIds ?? null,
  };
}

// ── methods and settings ────────────────────────────────────────────────────────────────────────

export function listMethodsFor(principal: Principal) {
  scopeFor(principal, 'signals.read');
  return {
    items: listMethodInfos().map((m) => ({ id: m.id, defaults: m.defaults, thresholdIsCount: m.thresholdIsCount, reaches: m.reaches })),
  };
}

export async function listConfigsFor(database: Database, principal: Principal, filter: Parameters<typeof listConfigs>[2]) {
  const scope = scopeFor(principal, 'signals.read');
  return { items: (await listConfigs(database.db, scope, filter)).map(presentConfig) };
}

export async function getConfig(database: Database, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'signals.read');
  const row = await findConfig(database.db, scope, id, 'read');
  if (!row) throw notFound('detection config');
  return presentConfig(row);
}

/** The catalogue's default method and parameters of a disease or feed type (404 when it does not exist). */
async function subjectDefaults(database: Database, input: { diseaseId?: string | null; feedTypeId?: string | null }) {
  if (input.diseaseId) {
    const [d] = await database.db
      .select({ method: diseases.defaultMethod, params: diseases.defaultParams })
      .from(diseases)
      .where(eq(diseases.id, input.diseaseId));
    if (!d) throw validationFailed([{ path: 'diseaseId', message: 'no such disease' }]);
    return d;
  }
  const [f] = await database.db
    .select({ method: feedTypes.defaultMethod, params: feedTypes.defaultParams })
    .from(feedTypes)
    .where(eq(feedTypes.id, input.feedTypeId!));
  if (!f) throw validationFailed([{ path: 'feedTypeId', message: 'no such feed type' }]);
  return f;
}

/** Method and parameters of a setting: given ones checked; missing ones from the catalogue, else the method's defaults. */
async function resolveMethodAndParameters(
  database: Database,
  subject: { diseaseId?: string | null; feedTypeId?: string | null },
  requested: { method?: string; parameters?: Record<string, unknown> },
  level: string,
): Promise<{ method: string; parameters: Record<string, unknown> }> {
  let method: string;
  let parameters = requested.parameters;
  if (requested.method === undefined) {
    const defaults = await subjectDefaults(database, subject);
    const resolved = resolveMethodName(defaults.method);
    if (!resolved)
      throw validationFailed([
        { path: 'method', message: `the catalogue's default method ${JSON.stringify(defaults.method)} is not available; choose one` },
      ]);
    method = resolved;
    parameters ??= defaults.params;
  } else {
    const resolved = resolveMethodName(requested.method);
    if (!resolved) throw validationFailed([{ path: 'method', message: `unknown detection method ${JSON.stringify(requested.method)}` }]);
    method = resolved;
    if (parameters === undefined) {
      // The catalogue's parameters apply when the chosen method is the catalogue's own.
      const defaults = await subjectDefaults(database, subject);
      parameters = resolveMethodName(defaults.method) === method ? defaults.params : {};
    }
  }
  if (subject.feedTypeId && !PROPORTION_METHODS.includes(method)) {
    const [feed] = await database.db.select({ measure: feedTypes.measure }).from(feedTypes).where(eq(feedTypes.id, subject.feedTypeId));
    if (feed?.measure === 'proportion') {
      throw validationFailed([
        {
          path: 'method',
          message: `${method} models counts; a proportion feed is watched as a share with ${PROPORTION_METHODS.join(', ')}`,
        },
      ]);
    }
  }
  if (method === 'scan') {
    if (!subject.diseaseId)
      throw validationFailed([
        { path: 'method', code: 'scan_needs_disease', message: 'the space-time scan reads case reports: choose a disease, not a feed' },
      ]);
    if (level !== 'township')
      throw validationFailed([
        { path: 'level', code: 'scan_needs_township_level', message: 'the space-time scan runs over townships: level must be township' },
      ]);
  }
  return { method, parameters: validateParameters(method, parameters ?? {}) };
}

/**
 * CIDARS leaves chronic diseases (HIV, hepatitis B/C, TB, syphilis, gonorrhoea …; `diseases.chronic`) out of the
 * moving percentile: their reports follow screening, not this week's transmission, and MPM would fire on single
 * cases every day. An enabled MPM setting for one is refused; a disabled one (switched off by migration 0035) may
 * stay, so that it can still be looked at, back-tested or deleted.
 */
async function refuseChronicMpm(database: Database, diseaseId: string | null | undefined, method: string, enabled: boolean) {
  if (!diseaseId || method !== 'mpm' || !enabled) return;
  const [d] = await database.db.select({ chronic: diseases.chronic }).from(diseases).where(eq(diseases.id, diseaseId));
  if (d?.chronic) {
    throw validationFailed([
      {
        path: 'method',
        message:
          'chronic disease: not watched by the moving percentile (CIDARS); use fixedThreshold for a rise you must not miss, or leave it to the programme',
      },
    ]);
  }
}

export async function createConfig(database: Database, principal: Principal, input: ConfigCreate, ctx: { ip?: string } = {}) {
  const scope = scopeFor(principal, 'detection.configure');
  if ((input.diseaseId ? 1 : 0) + (input.feedTypeId ? 1 : 0) !== 1) {
    throw validationFailed([
      { path: input.diseaseId ? 'feedTypeId' : 'diseaseId', message: 'give exactly one of diseaseId and feedTypeId' },
    ]);
  }
  const [place] = await database.db
    .select({ path: jurisdictions.path, level: jurisdictions.level })
    .from(jurisdictions)
    .where(eq(jurisdictions.id, input.jurisdictionId));
  if (!place || !pathInScope(scope, place.path)) throw notFound('jurisdiction');
  if (input.level === 'township' && (place.level === 'township' || place.level === 'community')) {
    throw validationFailed([
      {
        path: 'level',
        code: 'level_no_townships_below',
        message: 'a township or community has no townships below it: watch it at level district',
      },
    ]);
  }
  const { method, parameters } = await resolveMethodAndParameters(database, input, input, input.level);
  await refuseChronicMpm(database, input.diseaseId, method, input.enabled ?? true);
  const schedule = input.schedule ?? DEFAULT_SCHEDULE;
  checkSchedule(schedule);
  return presentConfig(
    await database.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(detectionConfigs)
        .values({
          diseaseId: input.diseaseId ?? null,
          feedTypeId: input.feedTypeId ?? null,
          jurisdictionId: input.jurisdictionId,
          level: input.level,
          method,
          parameters,
          dateBasis: input.dateBasis ?? 'onset',
          enabled: input.enabled ?? true,
          schedule,
          createdBy: principal.id,
        })
        .onConflictDoNothing()
        .returning();
      if (!row)
        throw conflict('already_exists', 'a setting with this disease or feed, place, level and method exists already', {
          fields: ['method', 'level'],
        });
      await audit(tx, {
        actor: actorOf(principal),
        ip: ctx.ip,
        action: 'create',
        entityType: 'detection_config',
        entityId: row.id,
        after: row,
      });
      return (await findConfig(tx, scope, row.id, 'write'))!;
    }),
  );
}

export async function updateConfig(database: Database, principal: Principal, id: string, patch: ConfigPatch, ctx: { ip?: string } = {}) {
  const scope = scopeFor(principal, 'detection.configure');
  const current = await findConfig(database.db, scope, id, 'write');
  if (!current) throw notFound('detection config');
  const before = current.config;
  const level = patch.level ?? before.level;
  if (patch.level === 'township') {
    const [place] = await database.db
      .select({ level: jurisdictions.level })
      .from(jurisdictions)
      .where(eq(jurisdictions.id, before.jurisdictionId));
    if (place?.level === 'township' || place?.level === 'community') {
      throw validationFailed([
        {
          path: 'level',
          code: 'level_no_townships_below',
          message: 'a township or community has no townships below it: watch it at level district',
        },
      ]);
    }
  }
  const methodChanged = patch.method !== undefined && resolveMethodName(patch.method) !== before.method;
  const { method, parameters } = await resolveMethodAndParameters(
    database,
    before,
    // A new method without parameters starts from its defaults, not from the old method's parameters.
    { method: patch.method ?? before.method, parameters: patch.parameters ?? (methodChanged ? {} : before.parameters) },
    level,
  );
  await refuseChronicMpm(database, before.diseaseId, method, patch.enabled ?? before.enabled);
  if (patch.schedule !== undefined) checkSchedule(patch.schedule);
  return presentConfig(
    await database.db.transaction(async (tx) => {
      const [row] = await tx
        .update(detectionConfigs)
        .set({
          level,
          method,
          parameters,
          dateBasis: patch.dateBasis ?? before.dateBasis,
          enabled: patch.enabled ?? before.enabled,
          schedule: patch.schedule ?? before.schedule,
          updatedAt: new Date(),
        })
        .where(eq(detectionConfigs.id, id))
        .returning();
      await audit(tx, {
        actor: actorOf(principal),
        ip: ctx.ip,
        action: 'update',
        entityType: 'detection_config',
        entityId: id,
        before,
        after: row,
      });
      return (await findConfig(tx, scope, id, 'write'))!;
    }),
  );
}

export async function deleteConfig(database: Database, principal: Principal, id: string, ctx: { ip?: string } = {}) {
  const scope = scopeFor(principal, 'detection.configure');
  const current = await findConfig(database.db, scope, id, 'write');
  if (!current) throw notFound('detection config');
  await database.db.transaction(async (tx) => {
    await tx.delete(detectionConfigs).where(eq(detectionConfigs.id, id));
    await audit(tx, {
      actor: actorOf(principal),
      ip: ctx.ip,
      action: 'delete',
      entityType: 'detection_config',
      entityId: id,
      before: current.config,
    });
  });
}

// ── runs ────────────────────────────────────────────────────────────────────────────────────────

export async function listRunsFor(database: Database, principal: Principal, page: number, pageSize: number) {
  scopeFor(principal, 'signals.read');
  const { items, total } = await listRuns(database.db, page, pageSize);
  return { items: items.map(presentRun), total };
}

export async function getRunFor(database: Database, principal: Principal, id: string) {
  scopeFor(principal, 'signals.read');
  const run = await findRun(database.db, id);
  if (!run) throw notFound('detection run');
  return presentRun(run);
}

/** "Run now": the settings asked for (all within the caller's scope) or every enabled one in it. */
export async function runNow(
  database: Database,
  principal: Principal,
  input: { asOf?: string; configIds?: string[] },
  ctx: { ip?: string; threads?: number } = {},
) {
  const scope = scopeFor(principal, 'detection.configure');
  const asOf = input.asOf ?? chinaToday();
  if (asOf > chinaToday(new Date(Date.now() + 86_400_000)))
    throw validationFailed([{ path: 'asOf', message: 'asOf must not lie in the future' }]);
  let configIds: string[];
  if (input.configIds) {
    const wanted = [...new Set(input.configIds.map((id) => id.toLowerCase()))];
    configIds = await configIdsInScope(database.db, scope, wanted);
    if (configIds.length !== wanted.length) throw notFound('detection config');
  } else {
    configIds = await enabledConfigIdsInScope(database.db, scope);
  }
  const run = await runDetection(database, {
    asOf,
    configIds,
    trigger: 'manual',
    actor: actorOf(principal),
    ip: ctx.ip,
    threads: ctx.threads,
  });
  return presentRun(run);
}

/** Attempts of one firing of the schedule: the first and three retries. */
export const SCHEDULED_MAX_ATTEMPTS = 4;
/** Delay before the first retry; each further retry waits twice as long (2, 4, 8 minutes). */
export const RETRY_DELAY_SECONDS = 120;
/** A scheduled run still 'running' after this long was abandoned (the server stopped during it). */
export const ABANDONED_AFTER_MS = 30 * 60_000;
/** The job that retries a failed scheduled run (data: ScheduledFiring). */
export const DETECTION_RETRY_JOB = 'detection.retry';

/** Seconds to wait after failed attempt `attempt` (1-based) before the next one. */
export const retryDelaySeconds = (attempt: number) => RETRY_DELAY_SECONDS * 2 ** (attempt - 1);

/** One firing of the schedule for one day, and the attempt to make (the data of a retry job). */
export interface ScheduledFiring {
  asOf: string;
  configIds: string[];
  /** when the schedule fired (ISO) */
  firedAt: string;
  attempt: number;
}

/** Where retries are queued (the job queue's `send`); without one a failure is final at once. */
export interface RetryQueue {
  send: JobQueue['send'];
}

export interface ScheduleOptions {
  threads?: number;
  retries?: RetryQueue;
  log?: Pick<Logger, 'warn' | 'error'>;
}

/**
 * The scheduled part of detection (the `detection.daily` job): the enabled settings whose own cron fired since
 * they last ran, evaluated for the last complete day in China time before the firing, grouped into one run per
 * day evaluated. A failed run is retried with back-off (see runScheduledAttempt); a scheduled run abandoned by a
 * stopped server is marked failed and retried the same way. Returns the runs made.
 */
export async function runScheduledDetection(database: Database, now = new Date(), options: ScheduleOptions = {}) {
  await retryAbandonedRuns(database, now, options);
  const configs = await database.db.select().from(detectionConfigs).where(eq(detectionConfigs.enabled, true));
  const due = new Map<string, { ids: string[]; fired: Date }>();
  for (const c of configs) {
    const fired = previousRun(c.schedule, now);
    if (!fired) continue;
    const since = c.lastScheduledAt ?? c.createdAt;
    if (fired <= since) continue;
    // The day before the firing's China date: the last day whose reports are complete when a run fires at dawn.
    const asOf = chinaToday(new Date(fired.getTime() - 86_400_000));
    const entry = due.get(asOf) ?? { ids: [], fired };
    entry.ids.push(c.id);
    if (fired > entry.fired) entry.fired = fired;
    due.set(asOf, entry);
  }
  const runs = [];
  for (const [asOf, { ids, fired }] of [...due].sort(([a], [b]) => a.localeCompare(b))) {
    // Claimed first (only rows still unclaimed for this firing), so two servers never run the same firing twice.
    const claimed = await database.db
      .update(detectionConfigs)
      .set({ lastScheduledAt: fired })
      .where(
        and(
          sql`${detectionConfigs.id} IN (${sql.join(
            ids.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`,
          sql`(${detectionConfigs.lastScheduledAt} IS NULL OR ${detectionConfigs.lastScheduledAt} < ${fired.toISOString()}::timestamptz)`,
        ),
      )
      .returning({ id: detectionConfigs.id });
    if (claimed.length === 0) continue;
    const run = await runScheduledAttempt(
      database,
      { asOf, configIds: claimed.map((c) => c.id), firedAt: fired.toISOString(), attempt: 1 },
      now,
      options,
    );
    if (run) runs.push(run);
  }
  return runs;
}

/**
 * One attempt of a scheduled firing. A retry whose firing has succeeded meanwhile does nothing (returns null).
 * When the attempt fails (a database error, a crashed worker …) the run is recorded as failed with the error and,
 * unless it was the last attempt, the next one is queued after the back-off delay; after the last one the
 * detection managers of the settings' areas (`detection.configure`) are notified, so someone clicks "run now".
 * Retries are idempotent like every run: signals already stored are found by their keys, and a failed attempt
 * rolled its writes back.
 */
export async function runScheduledAttempt(database: Database, firing: ScheduledFiring, now = new Date(), options: ScheduleOptions = {}) {
  const firedAt = new Date(firing.firedAt);
  if (firing.attempt > 1) {
    const [done] = await database.db
      .select({ id: detectionRuns.id })
      .from(detectionRuns)
      .where(
        and(
          eq(detectionRuns.trigger, 'schedule'),
          eq(detectionRuns.firedAt, firedAt),
          eq(detectionRuns.asOf, firing.asOf),
          eq(detectionRuns.status, 'succeeded'),
        ),
      )
      .limit(1);
    if (done) return null;
  }
  const maxAttempts = options.retries ? SCHEDULED_MAX_ATTEMPTS : firing.attempt;
  const retryAt = firing.attempt < maxAttempts ? new Date(now.getTime() + retryDelaySeconds(firing.attempt) * 1000) : null;
  let runId: string | undefined;
  try {
    return await runDetection(database, {
      asOf: firing.asOf,
      configIds: firing.configIds,
      trigger: 'schedule',
      now,
      threads: options.threads,
      attempt: firing.attempt,
      maxAttempts,
      firedAt,
      retryAtOnFailure: retryAt,
      onStarted: (id) => (runId = id),
    });
  } catch (err) {
    if (!runId) throw err; // not even recorded: the database is unreachable; the job queue retries the job
    const [failed] = await database.db.select().from(detectionRuns).where(eq(detectionRuns.id, runId));
    await afterFailedAttempt(database, failed!, firing, options);
    return failed!;
  }
}

/** Queues the next attempt of a failed one, or (the last one, or when queueing fails) tells the managers. */
async function afterFailedAttempt(
  database: Database,
  run: typeof detectionRuns.$inferSelect,
  firing: ScheduledFiring,
  options: ScheduleOptions,
) {
  if (run.retryAt && options.retries) {
    try {
      await options.retries.send(DETECTION_RETRY_JOB, { ...firing, attempt: firing.attempt + 1 } satisfies ScheduledFiring, {
        startAfterSeconds: retryDelaySeconds(firing.attempt),
      });
      options.log?.warn('scheduled detection run failed; will retry', {
        runId: run.id,
        asOf: run.asOf,
        attempt: run.attempt,
        retryAt: run.retryAt.toISOString(),
        error: run.error,
      });
      return;
    } catch (err) {
      options.log?.error('could not queue the retry of a failed detection run', { runId: run.id, error: err });
      await database.db.update(detectionRuns).set({ retryAt: null }).where(eq(detectionRuns.id, run.id));
    }
  }
  options.log?.error('scheduled detection run failed after its last attempt', {
    runId: run.id,
    asOf: run.asOf,
    attempt: run.attempt,
    error: run.error,
  });
  await notifyRunFailed(database, run, firing.configIds);
}

/** The first line of an error message, shortened: what the runs list and the notification show. */
export function errorGist(error: string | null): string {
  const line = (error ?? '').split('\n')[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** Tells the holders of `detection.configure` over the settings' areas that a scheduled run failed for good. */
async function notifyRunFailed(database: Database, run: typeof detectionRuns.$inferSelect, configIds: string[]) {
  const areas =
    configIds.length > 0
      ? await database.db
          .selectDistinct({ id: detectionConfigs.jurisdictionId })
          .from(detectionConfigs)
          .where(inArray(detectionConfigs.id, configIds))
      : [];
  const userIds = new Set<string>();
  for (const area of areas)
    for (const id of await resolveRecipients(database.db, { right: 'detection.configure', jurisdictionId: area.id })) userIds.add(id);
  const gist = errorGist(run.error);
  await database.db.transaction((tx) =>
    notify(tx, {
      recipients: { userIds: [...userIds] },
      kind: 'detection.run_failed',
      severity: 'warning',
      title: `预警计算失败：${run.asOf}（${run.attempt} 次尝试均未成功）`,
      titleEn: `Detection run failed: ${run.asOf} (all ${run.attempt} attempts)`,
      body: `按计划运行的 ${configIds.length} 项预警设置未能完成，当天尚未预警。请排除原因后在"预警设置"页点击"立即运行"。错误：${gist}`,
      bodyEn: `The scheduled run of ${configIds.length} detection settings did not complete, so the day has not been checked. Fix the cause and click "Run now" on the detection settings page. Error: ${gist}`,
      link: '/detection/settings',
      entity: { type: 'detection_run', id: run.id },
    }),
  );
}

/**
 * Scheduled runs still 'running' long after they started were abandoned by a server that stopped: each is marked
 * failed (claimed by the update, so one server handles it) and retried like any failed attempt.
 */
async function retryAbandonedRuns(database: Database, now: Date, options: ScheduleOptions) {
  const before = new Date(now.getTime() - ABANDONED_AFTER_MS);
  const maxAttempts = options.retries ? SCHEDULED_MAX_ATTEMPTS : 1;
  const abandoned = await database.db
    .update(detectionRuns)
    .set({
      status: 'failed',
      finishedAt: now,
      error: 'abandoned: the server stopped during this run (no result after 30 minutes)',
      retryAt: sql`CASE WHEN ${detectionRuns.firedAt} IS NOT NULL AND ${detectionRuns.attempt} < ${maxAttempts} THEN ${now.toISOString()}::timestamptz ELSE NULL END`,
    })
    .where(and(eq(detectionRuns.trigger, 'schedule'), eq(detectionRuns.status, 'running'), lt(detectionRuns.startedAt, before)))
    .returning();
  for (const run of abandoned) {
    if (!run.firedAt) continue;
    const firing: ScheduledFiring = {
      asOf: run.asOf,
      configIds: run.configIds ?? [],
      firedAt: run.firedAt.toISOString(),
      attempt: run.attempt,
    };
    // Retried at once (the attempt already waited half an hour), or the managers are told.
    if (run.retryAt && options.retries) await runScheduledAttempt(database, { ...firing, attempt: run.attempt + 1 }, now, options);
    else await afterFailedAttempt(database, run, firing, options);
  }
}

// ── signals ─────────────────────────────────────────────────────────────────────────────────────

export async function listSignalsFor(database: Database, principal: Principal, q: SignalListQuery) {
  const scope = scopeFor(principal, 'signals.read');
  let placePath: string | null = null;
  if (q.jurisdictionId) {
    const [place] = await database.db
      .select({ path: jurisdictions.path })
      .from(jurisdictions)
      .where(eq(jurisdictions.id, q.jurisdictionId));
    // An unknown place or one outside the scope simply has no signals for this reader.
    placePath = place?.path ?? '/none/';
  }
  const { items, total } = await listSignals(database.db, scope, q, placePath);
  return { items: items.map(presentSignal), total };
}

export async function getSignalFor(database: Database, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'signals.read');
  const row = await findSignal(database.db, scope, id);
  if (!row) throw notFound('signal');
  return presentSignal(row);
}
