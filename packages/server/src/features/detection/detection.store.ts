/**
 * Every query of detection settings, runs and signals, scoped.
 *
 * Settings are read by whoever holds `signals.read` over any part of the area they watch (a township officer sees
 * the district's settings that cover their township) and written only within the `detection.configure` scope.
 * Signals are scoped by their own jurisdiction.
 */
import { type SQL, and, count, desc, eq, gte, inArray, lte, or, sql } from 'drizzle-orm';
import { type Scope, inScope } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { runHook } from '../../platform/hooks/hooks.ts';
import { diseases } from '../catalogue/index.ts';
import { feedTypes } from '../catalogue/index.ts';
import { detectionConfigs, detectionRuns } from './detection.tables.ts';
import type { SignalListQuery } from './detection.schema.ts';
import { signals } from './signals.tables.ts';

export type ConfigRow = typeof detectionConfigs.$inferSelect;

/** SQL: the jurisdiction (by id column) lies in the scope, or contains part of it (an ancestor of a scope root). */
export function coversOrWithin(scope: Scope, jurisdictionIdColumn: SQL.Aliased | typeof detectionConfigs.jurisdictionId): SQL {
  if (scope.paths.length === 0) return sql`false`;
  return sql`${jurisdictionIdColumn} IN (SELECT ${jurisdictions.id} FROM ${jurisdictions} WHERE ${or(
    ...scope.paths.map((p) => sql`(${jurisdictions.path} LIKE ${`${p}%`} OR ${p} LIKE ${jurisdictions.path} || '%')`),
  )})`;
}

const configColumns = {
  config: detectionConfigs,
  diseaseCode: diseases.code,
  diseaseName: diseases.name,
  diseaseNameEn: diseases.nameEn,
  feedCode: feedTypes.code,
  feedName: feedTypes.name,
  feedNameEn: feedTypes.nameEn,
  feedMeasure: feedTypes.measure,
  jurisdictionName: jurisdictions.name,
  jurisdictionNameEn: jurisdictions.nameEn,
  jurisdictionPath: jurisdictions.path,
};

export type ConfigWithNames = {
  config: ConfigRow;
  diseaseCode: string | null;
  diseaseName: string | null;
  diseaseNameEn: string | null;
  feedCode: string | null;
  feedName: string | null;
  feedNameEn: string | null;
  feedMeasure: string | null;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  jurisdictionPath: string;
};

function configQuery(db: Executor) {
  return db
    .select(configColumns)
    .from(detectionConfigs)
    .innerJoin(jurisdictions, eq(jurisdictions.id, detectionConfigs.jurisdictionId))
    .leftJoin(diseases, eq(diseases.id, detectionConfigs.diseaseId))
    .leftJoin(feedTypes, eq(feedTypes.id, detectionConfigs.feedTypeId));
}

/** Settings visible to a reader (see the module comment), filtered. */
export async function listConfigs(
  db: Executor,
  scope: Scope,
  filter: { diseaseId?: string; feedTypeId?: string; level?: string; method?: string },
): Promise<ConfigWithNames[]> {
  const where = [coversOrWithin(scope, detectionConfigs.jurisdictionId)];
  if (filter.diseaseId) where.push(eq(detectionConfigs.diseaseId, filter.diseaseId));
  if (filter.feedTypeId) where.push(eq(detectionConfigs.feedTypeId, filter.feedTypeId));
  if (filter.level) where.push(eq(detectionConfigs.level, filter.level as ConfigRow['level']));
  if (filter.method) where.push(eq(detectionConfigs.method, filter.method));
  return configQuery(db)
    .where(and(...where))
    .orderBy(sql`coalesce(${diseases.sortOrder}, 100000)`, diseases.code, feedTypes.code, detectionConfigs.level, detectionConfigs.method);
}

/** One setting visible to the reader (read scope) or writable (configure scope: `within` only). */
export async function findConfig(db: Executor, scope: Scope, id: string, mode: 'read' | 'write'): Promise<ConfigWithNames | undefined> {
  const rows = await configQuery(db)
    .where(
      and(
        eq(detectionConfigs.id, id),
        mode === 'read' ? coversOrWithin(scope, detectionConfigs.jurisdictionId) : inScope(scope, detectionConfigs.jurisdictionId),
      ),
    )
    .limit(1);
  return rows[0];
}

/** The ids among `ids` of settings within the scope. */
export async function configIdsInScope(db: Executor, scope: Scope, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: detectionConfigs.id })
    .from(detectionConfigs)
    .where(and(inArray(detectionConfigs.id, ids), inScope(scope, detectionConfigs.jurisdictionId)));
  return rows.map((r) => r.id);
}

/** Enabled settings within the scope. */
export async function enabledConfigIdsInScope(db: Executor, scope: Scope): Promise<string[]> {
  const rows = await db
    .select({ id: detectionConfigs.id })
    .from(detectionConfigs)
    .where(and(eq(detectionConfigs.enabled, true), inScope(scope, detectionConfigs.jurisdictionId)));
  return rows.map((r) => r.id);
}

export async function listRuns(db: Executor, page: number, pageSize: number) {
  const items = await db
    .select()
    .from(detectionRuns)
    .orderBy(desc(detectionRuns.startedAt), desc(detectionRuns.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [total] = await db.select({ n: count() }).from(detectionRuns);
  return { items, total: Number(total?.n ?? 0) };
}

export async function findRun(db: Executor, id: string) {
  const [row] = await db.select().from(detectionRuns).where(eq(detectionRuns.id, id));
  return row;
}

const signalColumns = {
  signal: signals,
  diseaseCode: diseases.code,
  diseaseName: diseases.name,
  diseaseNameEn: diseases.nameEn,
  feedCode: feedTypes.code,
  feedName: feedTypes.name,
  feedNameEn: feedTypes.nameEn,
  jurisdictionName: jurisdictions.name,
  jurisdictionNameEn: jurisdictions.nameEn,
};

export type SignalWithNames = {
  signal: typeof signals.$inferSelect;
  diseaseCode: string | null;
  diseaseName: string | null;
  diseaseNameEn: string | null;
  feedCode: string | null;
  feedName: string | null;
  feedNameEn: string | null;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  alertCode: string | null;
  alertStatus: string | null;
};

function signalQuery(db: Executor) {
  return db
    .select(signalColumns)
    .from(signals)
    .innerJoin(jurisdictions, eq(jurisdictions.id, signals.jurisdictionId))
    .leftJoin(diseases, eq(diseases.id, signals.diseaseId))
    .leftJoin(feedTypes, eq(feedTypes.id, signals.feedTypeId));
}

/**
 * Adds the code and status of the alert each signal went into. Alerts build on detection's signals, so detection
 * does not import them: it asks through 'detection.alert-labels' (detection.hooks.ts), which alerts answer.
 */
async function withAlertLabels(db: Executor, rows: Array<Omit<SignalWithNames, 'alertCode' | 'alertStatus'>>): Promise<SignalWithNames[]> {
  const alertIds = [...new Set(rows.map((row) => row.signal.alertId).filter((id): id is string => id !== null))];
  const labels = new Map<string, { code: string; status: string }>();
  if (alertIds.length > 0) {
    const answers = await db.transaction((tx) => runHook(tx, 'detection.alert-labels', { alertIds }));
    for (const answer of answers) for (const [id, label] of Object.entries(answer)) labels.set(id, label);
  }
  return rows.map((row) => {
    const label = row.signal.alertId ? labels.get(row.signal.alertId) : undefined;
    return { ...row, alertCode: label?.code ?? null, alertStatus: label?.status ?? null };
  });
}

/** Signals within the scope, newest period first. */
export async function listSignals(db: Executor, scope: Scope, q: SignalListQuery, placePath: string | null) {
  const where: SQL[] = [inScope(scope, signals.jurisdictionId)];
  if (q.diseaseId) where.push(eq(signals.diseaseId, q.diseaseId));
  if (q.feedTypeId) where.push(eq(signals.feedTypeId, q.feedTypeId));
  if (q.kind) where.push(eq(signals.kind, q.kind));
  if (q.from) where.push(gte(signals.periodEnd, q.from));
  if (q.to) where.push(lte(signals.periodEnd, q.to));
  if (q.runId) where.push(eq(signals.runId, q.runId));
  if (placePath !== null) {
    where.push(
      sql`${signals.jurisdictionId} IN (SELECT ${jurisdictions.id} FROM ${jurisdictions} WHERE ${jurisdictions.path} LIKE ${`${placePath}%`})`,
    );
  }
  const rows = await signalQuery(db)
    .where(and(...where))
    .orderBy(desc(signals.periodEnd), desc(signals.createdAt), desc(signals.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const items = await withAlertLabels(db, rows);
  const [total] = await db
    .select({ n: count() })
    .from(signals)
    .where(and(...where));
  return { items, total: Number(total?.n ?? 0) };
}

export async function findSignal(db: Executor, scope: Scope, id: string): Promise<SignalWithNames | undefined> {
  const rows = await signalQuery(db).where(and(eq(signals.id, id), inScope(scope, signals.jurisdictionId)));
  const [row] = await withAlertLabels(db, rows);
  return row;
}
