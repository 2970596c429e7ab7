/**
 * Firing an inject: the exercise puts its data into the real pipelines of the platform, marked (docs/exercises.md).
 *
 * - cases: synthetic case reports (status 'exercise', exercise_id set) of a disease in a township, `firstDay` on
 *   the first of `days` days ending today and growing by `growth` a day; then detection runs in exercise mode on
 *   the settings watching the disease, so an alert is raised in exercise mode exactly as a real one would be.
 * - feed: syndromic counts of a feed type in the township (feed_counts with exercise_id), the same way.
 * - message: a message or rumour in the inbox of the exercise's players (holders of alerts.read over its area).
 * - stock: a stock shock at a site (usable stock lost and/or a spike in use), recorded by the stock feature apart
 *   from the ledger (no real figure moves) and told to the site's logistics, marked (docs/stock.md "Exercises").
 *
 * Case reports of an inject are linked (origin 'exercise') to the exercise's open incidents of their disease, so
 * that the incident's figures in the exercise count them wherever they live; an incident opened later from the
 * exercise's alert links them from the alert's signals. An exercise's report is never linked to a real incident.
 *
 * The inject is claimed (fired_at set) in the transaction that writes its records, so it fires once even when the
 * job and a controller's "fire now" meet. Detection runs after the commit in its own transactions.
 */
import { and, eq, isNull, or } from 'drizzle-orm';
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { conflict, validationFailed } from '../../platform/errors.ts';
import { districtInstant, districtToday } from '../../platform/time/district-time.ts';
import { diseases, feedTypes } from '../catalogue/index.ts';
import { caseReports } from '../cases/index.ts';
import { incidentCases, incidents } from '../incidents/index.ts';
import { applyExerciseStockShock, checkStockShockContent, type StockShockContent } from '../stock/index.ts';
import { detectionConfigs, runDetection } from '../detection/index.ts';
import { feedCounts } from '../feeds/index.ts';
import { notify } from '../notifications/index.ts';
import { exerciseInjects, exercises } from './exercises.tables.ts';
import type { ExerciseRow, InjectRow } from './exercises.store.ts';

/** At most this many synthetic reports per inject (a drill needs a signal, not a flood). */
export const MAX_CASES_PER_INJECT = 500;

/** Counts per day: `firstDay` × (1 + growth)^i, rounded, for i = 0 … days − 1. */
export function growthSeries(firstDay: number, growth: number, days: number, integer = true): number[] {
  return Array.from({ length: days }, (_, i) => {
    const v = firstDay * (1 + growth) ** i;
    return integer ? Math.round(v) : Math.round(v * 10) / 10;
  });
}

interface CasesContent {
  diseaseId: string;
  townshipId: string;
  days: number;
  firstDay: number;
  growth: number;
  classification?: 'suspected' | 'clinical' | 'confirmed';
}
interface FeedContent {
  feedTypeId: string;
  townshipId: string;
  days: number;
  firstDay: number;
  growth: number;
  denominator?: number | null;
}
interface MessageContent {
  text: string;
  textEn?: string;
}

/** Checks an inject's references against the exercise's area (at planning time, in the caller's transaction). */
export async function checkInjectContent(
  tx: Tx,
  areaPath: string,
  inject: { kind: string; content: Record<string, unknown> },
  path: string,
) {
  if (inject.kind === 'message') return;
  if (inject.kind === 'stock') return checkStockShockContent(tx, areaPath, inject.content as unknown as StockShockContent, path);
  const content = inject.content as unknown as CasesContent | FeedContent;
  const [township] = await tx
    .select({ path: jurisdictions.path, level: jurisdictions.level })
    .from(jurisdictions)
    .where(eq(jurisdictions.id, content.townshipId));
  if (!township?.path.startsWith(areaPath))
    throw validationFailed([{ path: `${path}.content.townshipId`, message: "No such township in the exercise's area" }]);
  if (inject.kind === 'cases') {
    const [d] = await tx
      .select({ id: diseases.id })
      .from(diseases)
      .where(eq(diseases.id, (content as CasesContent).diseaseId));
    if (!d) throw validationFailed([{ path: `${path}.content.diseaseId`, message: 'No such disease' }]);
    const total = growthSeries(content.firstDay, content.growth, content.days).reduce((a, b) => a + b, 0);
    if (total > MAX_CASES_PER_INJECT)
      throw validationFailed([
        { path: `${path}.content.firstDay`, message: `At most ${MAX_CASES_PER_INJECT} reports per inject (${total} asked)` },
      ]);
  } else {
    const [f] = await tx
      .select({ id: feedTypes.id, measure: feedTypes.measure })
      .from(feedTypes)
      .where(eq(feedTypes.id, (content as FeedContent).feedTypeId));
    if (!f) throw validationFailed([{ path: `${path}.content.feedTypeId`, message: 'No such feed type' }]);
    if (f.measure === 'proportion' && !(content as FeedContent).denominator)
      throw validationFailed([{ path: `${path}.content.denominator`, message: 'A proportion feed needs the denominator (visits)' }]);
  }
}

export interface FireOutcome {
  injectId: string;
  result: Record<string, unknown>;
}

/**
 * Fires one inject now (see the module comment). Refused unless the exercise runs; an inject already fired
 * answers 409. `actor` is who fired it (null: the clock).
 */
export async function fireInject(
  database: Database,
  exercise: ExerciseRow,
  injectId: string,
  opts: { actor: AuditActor | null; ip?: string | null; now?: Date; threads?: number },
): Promise<FireOutcome> {
  const now = opts.now ?? new Date();
  const today = districtToday(now);
  const claimed = await database.db.transaction(async (tx) => {
    const [live] = await tx.select({ status: exercises.status }).from(exercises).where(eq(exercises.id, exercise.id)).for('update');
    if (live?.status !== 'running')
      throw conflict('exercise_not_running', 'Injects fire only while the exercise runs', { status: live?.status ?? null });
    const [inject] = await tx
      .update(exerciseInjects)
      .set({ firedAt: now })
      .where(and(eq(exerciseInjects.id, injectId), eq(exerciseInjects.exerciseId, exercise.id), isNull(exerciseInjects.firedAt)))
      .returning();
    if (!inject) throw conflict('inject_already_fired', 'This inject has already fired', { injectId });
    const result = await writeInject(tx, exercise, inject, now, today, opts.actor?.id ?? null);
    await tx.update(exerciseInjects).set({ result }).where(eq(exerciseInjects.id, inject.id));
    await audit(tx, {
      actor: opts.actor,
      ip: opts.ip,
      action: 'fire_inject',
      entityType: 'exercise',
      entityId: exercise.id,
      jurisdictionId: exercise.jurisdictionId,
      after: { injectId: inject.id, kind: inject.kind, title: inject.title, result },
    });
    return { inject, result };
  });
  const { inject, result } = claimed;
  if (inject.kind === 'message' || inject.kind === 'stock') return { injectId, result };

  // Detection in exercise mode on the settings that watch the subject (enabled or not: a drill may exercise a
  // method the district keeps off); the alerts it opens carry the exercise's mark.
  const content = inject.content as unknown as CasesContent | FeedContent;
  const subject =
    inject.kind === 'cases'
      ? eq(detectionConfigs.diseaseId, (content as CasesContent).diseaseId)
      : eq(detectionConfigs.feedTypeId, (content as FeedContent).feedTypeId);
  const configs = await database.db.select({ id: detectionConfigs.id }).from(detectionConfigs).where(subject);
  const configIds = configs.map((c) => c.id);
  let detection: Record<string, unknown> = { settings: 0, signals: 0, alertsCreated: [] as string[] };
  if (configIds.length > 0) {
    const run = await runDetection(database, {
      asOf: today,
      configIds,
      trigger: 'manual',
      actor: opts.actor,
      now,
      exerciseId: exercise.id,
      threads: opts.threads ?? 0,
    });
    detection = {
      runId: run.id,
      settings: configIds.length,
      signals: run.signalsCreated,
      alertsCreated: run.alertsCreated,
      alertsUpdated: run.alertsUpdated,
    };
  }
  const full = { ...result, detection };
  await database.db.update(exerciseInjects).set({ result: full }).where(eq(exerciseInjects.id, inject.id));
  return { injectId, result: full };
}

async function writeInject(
  tx: Tx,
  exercise: ExerciseRow,
  inject: InjectRow,
  now: Date,
  today: string,
  actorId: string | null,
): Promise<Record<string, unknown>> {
  if (inject.kind === 'message') {
    const content = inject.content as unknown as MessageContent;
    const sent = await notify(tx, {
      recipients: { right: 'alerts.read', jurisdictionId: exercise.jurisdictionId },
      kind: 'exercise.message',
      severity: 'warning',
      title: `${inject.title}：${content.text.slice(0, 120)}`,
      titleEn: `${inject.title}: ${(content.textEn || content.text).slice(0, 120)}`,
      body: content.text,
      bodyEn: content.textEn || content.text,
      link: `/exercises/${exercise.id}`,
      entity: { type: 'exercise', id: exercise.id },
      actorId: null,
    });
    return { notified: sent.userIds.length, deliveries: sent.deliveries };
  }
  if (inject.kind === 'stock') {
    const shock = await applyExerciseStockShock(tx, {
      exerciseId: exercise.id,
      injectId: inject.id,
      title: inject.title,
      content: inject.content as unknown as StockShockContent,
      actorId,
      now,
    });
    return { stockShockId: shock.shockId, stock: shock.picture, notified: shock.notified };
  }
  if (inject.kind === 'cases') {
    const c = inject.content as unknown as CasesContent;
    const perDay = growthSeries(c.firstDay, c.growth, c.days);
    const rows: Array<typeof caseReports.$inferInsert> = [];
    let n = 0;
    perDay.forEach((count, i) => {
      const day = districtToday(now, c.days - 1 - i);
      for (let k = 0; k < count; k++) {
        n++;
        // seen at noon of the onset day (or now, today before noon); reported now
        const noon = districtInstant(day, '12:00');
        const diagnosisAt = noon.getTime() < now.getTime() ? noon : now;
        rows.push({
          diseaseId: c.diseaseId,
          jurisdictionId: c.townshipId,
          personName: `演练病例${String(n).padStart(3, '0')} EXERCISE`,
          sex: n % 2 === 0 ? 'female' : 'male',
          idType: 'none',
          classification: c.classification ?? 'confirmed',
          onsetDate: day,
          diagnosisAt,
          reportedAt: now,
          source: 'api',
          status: 'exercise',
          exerciseId: exercise.id,
          createdBy: actorId,
          createdAt: now,
          updatedAt: now,
        });
      }
    });
    const ids: string[] = [];
    for (let i = 0; i < rows.length; i += 200)
      ids.push(
        ...(
          await tx
            .insert(caseReports)
            .values(rows.slice(i, i + 200))
            .returning({ id: caseReports.id })
        ).map((r) => r.id),
      );
    const linkedTo = await linkToExerciseIncidents(tx, exercise.id, c.diseaseId, ids, inject.title, actorId, now);
    return { cases: rows.length, perDay, asOf: today, linkedIncidents: linkedTo };
  }
  const f = inject.content as unknown as FeedContent;
  const perDay = growthSeries(f.firstDay, f.growth, f.days, false);
  const values = perDay.map((value, i) => ({
    feedTypeId: f.feedTypeId,
    jurisdictionId: f.townshipId,
    siteId: null,
    date: districtToday(now, f.days - 1 - i),
    value,
    denominator: f.denominator ?? null,
    source: 'api' as const,
    createdBy: actorId,
    exerciseId: exercise.id,
  }));
  // a later feed inject of the same exercise, feed, township and day replaces that day's count
  for (const v of values) {
    await tx
      .insert(feedCounts)
      .values(v)
      .onConflictDoUpdate({
        target: [feedCounts.feedTypeId, feedCounts.jurisdictionId, feedCounts.siteId, feedCounts.date, feedCounts.exerciseId],
        set: { value: v.value, updatedAt: now },
      });
  }
  return { feedCounts: values.length, perDay, asOf: today };
}

/**
 * Links an inject's case reports to the exercise's open incidents of their disease (or of no disease): origin
 * 'exercise', the inject's title as the reason. Only this exercise's incidents: a real incident never gets them.
 * Answers the incidents linked.
 */
async function linkToExerciseIncidents(
  tx: Tx,
  exerciseId: string,
  diseaseId: string,
  caseIds: string[],
  reason: string,
  actorId: string | null,
  now: Date,
): Promise<string[]> {
  if (caseIds.length === 0) return [];
  const open = await tx
    .select({ id: incidents.id })
    .from(incidents)
    .where(
      and(
        eq(incidents.exerciseId, exerciseId),
        eq(incidents.status, 'open'),
        or(eq(incidents.diseaseId, diseaseId), isNull(incidents.diseaseId)),
      ),
    );
  for (const incident of open) {
    const values = caseIds.map((caseId) => ({
      incidentId: incident.id,
      caseId,
      origin: 'exercise' as const,
      reason,
      linkedBy: actorId,
      linkedAt: now,
    }));
    for (let i = 0; i < values.length; i += 200)
      await tx
        .insert(incidentCases)
        .values(values.slice(i, i + 200))
        .onConflictDoNothing();
  }
  return open.map((i) => i.id);
}
