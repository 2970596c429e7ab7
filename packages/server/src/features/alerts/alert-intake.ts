/**
 * Intake: signals (machine output of detection) become alerts (what a person handles).
 *
 * Signals are grouped by what was monitored (a disease or a feed) and the place (the signal's jurisdiction). An
 * open alert (any status but discarded, closed and confirmed) for the same disease or feed and place absorbs the
 * group: its signal count and last-signal time grow, the signals point to it, and its history says so. Otherwise
 * a new alert is opened with a verification deadline of the disease's `verification_hours` (the catalogue gives
 * 2 h for Class A and diseases managed as Class A, 24 h for the rest; feeds 24 h), the holders of
 * `alerts.verify` covering the place whose subscription covers it are notified (all of them for Class A; critical
 * for 2-hour diseases; alerts.subscriptions.ts), the others who may comment on
 * it there (`alerts.comment` without `alerts.verify`: the township officers of the township) are told for their
 * information, browsers are told live, and the creation is audited with the system as actor. The summary line
 * is kept in English (summary) and Chinese (summary_zh), so that each reader sees their language.
 *
 * Clusters (signals of kind 'cluster', from the space-time scan) carry the jurisdiction of the cluster's centre
 * township; that township is the alert's place, so a cluster alert is absorbed by (and absorbs) the aberration
 * alerts of its centre township for the same disease.
 *
 * Idempotent: a signal already absorbed by an alert (signals.alert_id set) is skipped, so calling intake again
 * with the same rows changes nothing.
 *
 * @example
 * await database.db.transaction(async (tx) => {
 *   const stored = await tx.insert(signals).values(rows).returning();
 *   const { created, updated } = await intakeSignals(tx, stored, { now: new Date() });
 * });
 */
import { and, desc, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import { methodLabel } from '@outbreak/surveillance';
import { audit } from '../../platform/audit/audit.ts';
import type { Tx } from '../../platform/db/database.ts';
import { runHook } from '../../platform/hooks/hooks.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { publishLive } from '../../platform/live/live.ts';
import { diseases } from '../catalogue/index.ts';
import { signals } from '../detection/index.ts';
import { feedTypes } from '../catalogue/index.ts';
import { notify, resolveRecipients } from '../notifications/index.ts';

import { alertClassOf, subscribersOf } from './alerts.subscriptions.ts';
import { type AlertClass, alertEvents, alerts, CLOSED_ALERT_STATUSES } from './alerts.tables.ts';

type SignalRow = typeof signals.$inferSelect;

/** Statuses in which an alert is finished and absorbs nothing more. */

/** Hours to verify an alert of a feed (feeds have no catalogue entry). */
export const FEED_VERIFICATION_HOURS = 24;

/** Verification at or below this many hours marks an urgent (Class A-like) alert: critical notifications. */
const URGENT_HOURS = 2;

interface Subject {
  kind: 'disease' | 'feed';
  id: string;
  name: string;
  nameEn: string;
  verificationHours: number;
  urgent: boolean;
  alertClass: AlertClass;
}

async function subjectOf(tx: Tx, signal: SignalRow): Promise<Subject> {
  if (signal.diseaseId) {
    const [d] = await tx.select().from(diseases).where(eq(diseases.id, signal.diseaseId));
    if (!d) throw new Error(`signal ${signal.id}: disease ${signal.diseaseId} not found`);
    const urgent = d.class === 'A' || d.managedAsClassA || d.verificationHours <= URGENT_HOURS;
    return {
      kind: 'disease',
      id: d.id,
      name: d.name,
      nameEn: d.nameEn,
      verificationHours: d.verificationHours,
      urgent,
      alertClass: alertClassOf(d),
    };
  }
  const [f] = await tx.select().from(feedTypes).where(eq(feedTypes.id, signal.feedTypeId!));
  if (!f) throw new Error(`signal ${signal.id}: feed type ${signal.feedTypeId} not found`);
  return {
    kind: 'feed',
    id: f.id,
    name: f.name,
    nameEn: f.nameEn,
    verificationHours: FEED_VERIFICATION_HOURS,
    urgent: false,
    alertClass: 'syndromic',
  };
}

const fmtNumber = (v: number | null) => (v === null ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(1));

/** A value of `signal` as text: a proportion feed's values (ILI share) are percentages, written with %. */
const formatterOf = (signal: SignalRow) =>
  signal.explanation.unit === '%' ? (v: number | null) => (v === null ? '–' : `${v.toFixed(1)}%`) : fmtNumber;

/**
 * One line on the latest signal: what was observed against what was expected, and by which method — by its name
 * in the shared catalogue (@outbreak/surveillance labels), never its code ('mpm', 'earsC_C3').
 */
function summaryOf(group: SignalRow[], clusters: number): string {
  const last = group.reduce((a, b) => (b.periodEnd > a.periodEnd ? b : a));
  const fmt = formatterOf(last);
  const parts = [
    `${last.periodStart}–${last.periodEnd}: observed ${fmt(last.observed)}`,
    last.threshold !== null ? `threshold ${fmt(last.threshold)}` : null,
    last.expected !== null ? `expected ${fmt(last.expected)}` : null,
    `(${methodLabel(last.method, 'en')})`,
    clusters > 0 ? `; ${clusters} space-time cluster(s)` : null,
  ];
  return parts.filter(Boolean).join(', ').replace(', (', ' (');
}

/** The same line in Chinese (alerts.summary_zh, and the Chinese text of notifications). */
function summaryZhOf(group: SignalRow[], clusters: number): string {
  const last = group.reduce((a, b) => (b.periodEnd > a.periodEnd ? b : a));
  const fmt = formatterOf(last);
  const parts = [
    `${last.periodStart}至${last.periodEnd}：观察值 ${fmt(last.observed)}`,
    last.threshold !== null ? `阈值 ${fmt(last.threshold)}` : null,
    last.expected !== null ? `期望值 ${fmt(last.expected)}` : null,
  ];
  return `${parts.filter(Boolean).join('，')}（${methodLabel(last.method, 'zh')}）${clusters > 0 ? `，含时空聚集 ${clusters} 个` : ''}`;
}

/**
 * Turns signals into alerts in the caller's transaction (see the module comment).
 * Returns the ids of the alerts created and of the open alerts that absorbed signals.
 */
export async function intakeSignals(
  tx: Tx,
  signalRows: Array<typeof signals.$inferSelect>,
  opts: { now: Date },
): Promise<{ created: string[]; updated: string[] }> {
  const created: string[] = [];
  const updated: string[] = [];
  const groups = new Map<string, SignalRow[]>();
  for (const row of signalRows) {
    if (row.alertId) continue;
    // an exercise's signals make the exercise's alerts, never a real one's evidence (and the reverse)
    const key = `${row.diseaseId ? `d:${row.diseaseId}` : `f:${row.feedTypeId}`}|${row.jurisdictionId}|${row.exerciseId ?? ''}`;
    const list = groups.get(key) ?? [];
    list.push(row);
    groups.set(key, list);
  }

  for (const candidates of groups.values()) {
    const first = candidates[0]!;
    const subject = await subjectOf(tx, first);
    const [place] = await tx
      .select({ id: jurisdictions.id, name: jurisdictions.name, nameEn: jurisdictions.nameEn, path: jurisdictions.path })
      .from(jurisdictions)
      .where(eq(jurisdictions.id, first.jurisdictionId));
    if (!place) throw new Error(`signal ${first.id}: jurisdiction ${first.jurisdictionId} not found`);

    // The open alert for this subject and place, locked so that two concurrent intakes cannot both open one.
    const [open] = await tx
      .select()
      .from(alerts)
      .where(
        and(
          subject.kind === 'disease' ? eq(alerts.diseaseId, subject.id) : eq(alerts.feedTypeId, subject.id),
          eq(alerts.jurisdictionId, place.id),
          notInArray(alerts.status, [...CLOSED_ALERT_STATUSES]),
          first.exerciseId ? eq(alerts.exerciseId, first.exerciseId) : isNull(alerts.exerciseId),
        ),
      )
      .orderBy(desc(alerts.createdAt))
      .limit(1)
      .for('update');

    let alertId: string;
    if (open) {
      alertId = open.id;
    } else {
      const title = `${subject.name} · ${place.name}`;
      const [row] = await tx
        .insert(alerts)
        .values({
          diseaseId: subject.kind === 'disease' ? subject.id : null,
          feedTypeId: subject.kind === 'feed' ? subject.id : null,
          jurisdictionId: place.id,
          status: 'new',
          title,
          summary: '',
          summaryZh: '',
          signalCount: 0,
          firstSignalAt: opts.now,
          lastSignalAt: opts.now,
          verificationDueAt: new Date(opts.now.getTime() + subject.verificationHours * 3_600_000),
          createdAt: opts.now,
          updatedAt: opts.now,
          exerciseId: first.exerciseId,
        })
        .returning();
      alertId = row!.id;
    }

    // Claim the signals (only those no other intake claimed meanwhile: idempotent re-runs).
    const claimed = await tx
      .update(signals)
      .set({ alertId })
      .where(
        and(
          inArray(
            signals.id,
            candidates.map((s) => s.id),
          ),
          isNull(signals.alertId),
        ),
      )
      .returning({ id: signals.id, kind: signals.kind });
    if (claimed.length === 0) {
      // Nothing left to absorb; a freshly inserted alert without signals must not stay behind.
      if (!open) await tx.delete(alerts).where(eq(alerts.id, alertId));
      continue;
    }
    const claimedIds = new Set(claimed.map((s) => s.id));
    const group = candidates.filter((s) => claimedIds.has(s.id));
    const clusters = claimed.filter((s) => s.kind === 'cluster').length;
    const summary = summaryOf(group, clusters);
    const summaryZh = summaryZhOf(group, clusters);

    const [after] = await tx
      .update(alerts)
      .set({
        signalCount: sql`${alerts.signalCount} + ${claimed.length}`,
        lastSignalAt: opts.now,
        summary,
        summaryZh,
        updatedAt: opts.now,
      })
      .where(eq(alerts.id, alertId))
      .returning();
    // a border alert reaches linked districts in this transaction (neighbours, through the hook)
    await runHook(tx, 'alerts.changed', { alertIds: [alertId], now: opts.now });

    await tx.insert(alertEvents).values({
      alertId,
      kind: open ? 'signals' : 'created',
      toStatus: open ? null : 'new',
      actorId: null,
      data: { signalIds: [...claimedIds], count: claimed.length, clusters, summary },
      createdAt: opts.now,
    });
    await audit(tx, {
      actor: null,
      action: open ? 'update' : 'create',
      entityType: 'alert',
      entityId: alertId,
      before: open ? { signalCount: open.signalCount, lastSignalAt: open.lastSignalAt, summary: open.summary } : undefined,
      after: open ? { signalCount: after!.signalCount, lastSignalAt: after!.lastSignalAt, summary, signalIds: [...claimedIds] } : after,
    });
    await publishLive(tx, {
      topic: 'alerts',
      id: alertId,
      action: open ? 'updated' : 'created',
      right: 'alerts.read',
      jurisdictionPath: place.path,
    });

    if (open) {
      updated.push(alertId);
      // The person handling it hears that the evidence grew; nobody else is disturbed again.
      if (open.assigneeId) {
        await notify(tx, {
          recipients: { userIds: [open.assigneeId] },
          kind: 'alert.signals',
          severity: 'info',
          title: `预警 ${open.code} 新增 ${claimed.length} 条信号：${open.title}`,
          titleEn: `Alert ${open.code}: ${claimed.length} more signal(s): ${subject.nameEn} · ${place.nameEn}`,
          body: summaryZh,
          bodyEn: summary,
          link: `/alerts/${alertId}`,
          entity: { type: 'alert', id: alertId },
          actorId: null,
        });
      }
    } else {
      created.push(alertId);
      const hours = subject.verificationHours;
      // Who is told follows their subscription (alerts.subscriptions.ts): the verifiers of the place whose
      // subscription covers the alert's class, disease and place — every verifier for a Class A alert.
      const facts = { alertClass: subject.alertClass, diseaseId: subject.kind === 'disease' ? subject.id : null, path: place.path };
      const verifiers = await resolveRecipients(tx, { right: 'alerts.verify', jurisdictionId: place.id });
      await notify(tx, {
        recipients: { userIds: await subscribersOf(tx, verifiers, facts, { alwaysForClassA: true }) },
        kind: 'alert.new',
        severity: subject.urgent ? 'critical' : 'warning',
        title: `新预警 ${after!.code}：${subject.name} · ${place.name}，请在 ${hours} 小时内核实`,
        titleEn: `New alert ${after!.code}: ${subject.nameEn} · ${place.nameEn}, verify within ${hours} h`,
        body: summaryZh,
        bodyEn: summary,
        link: `/alerts/${alertId}`,
        entity: { type: 'alert', id: alertId },
        actorId: null,
      });
      // The township officers of the place (who may comment but not verify) learn of it for their information:
      // they know the local facts (a school, a market) the verifiers will ask about. Severity info keeps it
      // under the outbound channels' default threshold: a channel carries one message per new alert.
      const verifierSet = new Set(verifiers);
      const officers = await subscribersOf(
        tx,
        (await resolveRecipients(tx, { right: 'alerts.comment', jurisdictionId: place.id })).filter((id) => !verifierSet.has(id)),
        facts,
        { alwaysForClassA: false },
      );
      if (officers.length > 0) {
        await notify(tx, {
          recipients: { userIds: officers },
          kind: 'alert.new.local',
          severity: 'info',
          title: `辖区新预警 ${after!.code}：${subject.name} · ${place.name}（供知悉，由疾控人员核实）`,
          titleEn: `New alert ${after!.code} in your area: ${subject.nameEn} · ${place.nameEn} (for your information; the surveillance staff verify it)`,
          body: `${summaryZh}。如了解相关情况（学校、市场、聚集活动等），可在预警讨论区补充。`,
          bodyEn: `${summary}. If you know something relevant (a school, a market, a gathering), add it in the alert's discussion.`,
          link: `/alerts/${alertId}`,
          entity: { type: 'alert', id: alertId },
          actorId: null,
        });
      }
    }
  }
  return { created, updated };
}
