/**
 * Rules of detection: settings (who may read and change them, defaults from the catalogue, parameters checked by
 * running the method), runs ("run now" and the schedule), signals and the back-test. Authorisation is the first
 * line of every function.
 */
import cronParser from 'cron-parser';
import { and, eq, sql } from 'drizzle-orm';
import type { AuditActor } from '../../platform/audit/audit.ts';
import { audit } from '../../platform/audit/audit.ts';
import { type Principal, pathInScope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { conflict, notFound, validationFailed } from '../../platform/errors.ts';
import { diseases } from '../cases/cases.tables.ts';
import { feedTypes } from '../feeds/feeds.tables.ts';
import type { ConfigCreate, ConfigPatch, SignalListQuery } from './detection.schema.ts';
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
import { DEFAULT_SCHEDULE, detectionConfigs } from './detection.tables.ts';

interface Context {
  actor: AuditActor;
  ip?: string;
}

const actorOf = (principal: Principal): AuditActor => ({ id: principal.id, username: principal.username });

/** Today in China time (UTC+8, the district's calendar), 'YYYY-MM-DD'. */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
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
    return cronParser.parseExpression(schedule, { currentDate: new Date(at.getTime() + 1000), utc: true }).prev().toDate();
  } catch {
    return null;
  }
}

function checkSchedule(schedule: string): void {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) throw validationFailed([{ path: 'schedule', message: 'a schedule is a cron of 5 fields (minute hour day month weekday), in UTC' }]);
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
    explanation: s.explanation,
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
    configIds: r.configIds ?? null,
  };
}

// ── methods and settings ────────────────────────────────────────────────────────────────────────

export function listMethodsFor(principal: Principal) {
  scopeFor(principal, 'signals.read');
  return { items: listMethodInfos().map((m) => ({ id: m.id, defaults: m.defaults, thresholdIsCount: m.thresholdIsCount, reaches: m.reaches })) };
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
    const [d] = await database.db.select({ method: diseases.defaultMethod, params: diseases.defaultParams }).from(diseases).where(eq(diseases.id, input.diseaseId));
    if (!d) throw validationFailed([{ path: 'diseaseId', message: 'no such disease' }]);
    return d;
  }
  const [f] = await database.db.select({ method: feedTypes.defaultMethod, params: feedTypes.defaultParams }).from(feedTypes).where(eq(feedTypes.id, input.feedTypeId!));
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
    if (!resolved) throw validationFailed([{ path: 'method', message: `the catalogue's default method ${JSON.stringify(defaults.method)} is not available; choose one` }]);
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
      throw validationFailed([{ path: 'method', message: `${method} models counts; a proportion feed is watched as a share with ${PROPORTION_METHODS.join(', ')}` }]);
    }
  }
  if (method === 'scan') {
    if (!subject.diseaseId) throw validationFailed([{ path: 'method', message: 'the space-time scan reads case reports: choose a disease, not a feed' }]);
    if (level !== 'township') throw validationFailed([{ path: 'level', message: 'the space-time scan runs over townships: level must be township' }]);
  }
  return { method, parameters: validateParameters(method, parameters ?? {}) };
}

export async function createConfig(database: Database, principal: Principal, input: ConfigCreate, ctx: { ip?: string } = {}) {
  const scope = scopeFor(principal, 'detection.configure');
  if ((input.diseaseId ? 1 : 0) + (input.feedTypeId ? 1 : 0) !== 1) {
    throw validationFailed([{ path: input.diseaseId ? 'feedTypeId' : 'diseaseId', message: 'give exactly one of diseaseId and feedTypeId' }]);
  }
  const [place] = await database.db.select({ path: jurisdictions.path, level: jurisdictions.level }).from(jurisdictions).where(eq(jurisdictions.id, input.jurisdictionId));
  if (!place || !pathInScope(scope, place.path)) throw notFound('jurisdiction');
  if (input.level === 'township' && (place.level === 'township' || place.level === 'community')) {
    throw validationFailed([{ path: 'level', message: 'a township or community has no townships below it: watch it at level district' }]);
  }
  const { method, parameters } = await resolveMethodAndParameters(database, input, input, input.level);
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
      if (!row) throw conflict('a setting with this disease or feed, place, level and method exists already', { fields: ['method', 'level'] });
      await audit(tx, { actor: actorOf(principal), ip: ctx.ip, action: 'create', entityType: 'detection_config', entityId: row.id, after: row });
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
    const [place] = await database.db.select({ level: jurisdictions.level }).from(jurisdictions).where(eq(jurisdictions.id, before.jurisdictionId));
    if (place?.level === 'township' || place?.level === 'community') {
      throw validationFailed([{ path: 'level', message: 'a township or community has no townships below it: watch it at level district' }]);
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
      await audit(tx, { actor: actorOf(principal), ip: ctx.ip, action: 'update', entityType: 'detection_config', entityId: id, before, after: row });
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
    await audit(tx, { actor: actorOf(principal), ip: ctx.ip, action: 'delete', entityType: 'detection_config', entityId: id, before: current.config });
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
export async function runNow(database: Database, principal: Principal, input: { asOf?: string; configIds?: string[] }, ctx: { ip?: string; threads?: number } = {}) {
  const scope = scopeFor(principal, 'detection.configure');
  const asOf = input.asOf ?? chinaToday();
  if (asOf > chinaToday(new Date(Date.now() + 86_400_000))) throw validationFailed([{ path: 'asOf', message: 'asOf must not lie in the future' }]);
  let configIds: string[];
  if (input.configIds) {
    const wanted = [...new Set(input.configIds.map((id) => id.toLowerCase()))];
    configIds = await configIdsInScope(database.db, scope, wanted);
    if (configIds.length !== wanted.length) throw notFound('detection config');
  } else {
    configIds = await enabledConfigIdsInScope(database.db, scope);
  }
  const run = await runDetection(database, { asOf, configIds, trigger: 'manual', actor: actorOf(principal), ip: ctx.ip, threads: ctx.threads });
  return presentRun(run);
}

/**
 * The scheduled part of detection (the `detection.daily` job): the enabled settings whose own cron fired since
 * they last ran, evaluated for the last complete day in China time before the firing, grouped into one run per
 * day evaluated. Returns the runs made.
 */
export async function runScheduledDetection(database: Database, now = new Date(), options: { threads?: number } = {}) {
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
      .where(and(sql`${detectionConfigs.id} IN (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`, sql`(${detectionConfigs.lastScheduledAt} IS NULL OR ${detectionConfigs.lastScheduledAt} < ${fired.toISOString()}::timestamptz)`))
      .returning({ id: detectionConfigs.id });
    if (claimed.length === 0) continue;
    runs.push(await runDetection(database, { asOf, configIds: claimed.map((c) => c.id), trigger: 'schedule', now, threads: options.threads }));
  }
  return runs;
}


// ── signals ─────────────────────────────────────────────────────────────────────────────────────

export async function listSignalsFor(database: Database, principal: Principal, q: SignalListQuery) {
  const scope = scopeFor(principal, 'signals.read');
  let placePath: string | null = null;
  if (q.jurisdictionId) {
    const [place] = await database.db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, q.jurisdictionId));
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
