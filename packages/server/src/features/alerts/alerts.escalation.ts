/**
 * Escalation: an alert still new or being verified after its verification deadline is escalated once: the
 * time is stamped (alerts.escalated_at), the history says so, and the supervisors (holders of alerts.supervise
 * covering its place) are notified with severity critical. A new deadline set on reassignment clears the stamp,
 * so a missed new deadline escalates again. Run every minute by the 'alerts.escalate' job (alerts.jobs.ts).
 *
 * @example
 * const escalated = await escalateOverdueAlerts(database, new Date());
 */
import { eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Database } from '../../platform/db/database.ts';
import { users } from '../../platform/db/platform.tables.ts';
import { publishLive } from '../../platform/live/live.ts';
import { notify } from '../notifications/index.ts';
import { addEvent, dueForEscalation, jurisdictionPath, updateAlert } from './alerts.store.ts';
import { districtDateTime } from '../../platform/time/district-time.ts';
import type { AlertStatus } from './alerts.tables.ts';

/** The statuses as people read them (the web app's alerts.statuses say the same). */
const STATUS_NAMES: Record<AlertStatus, { zh: string; en: string }> = {
  new: { zh: '新预警', en: 'new' },
  verifying: { zh: '核实中', en: 'verifying' },
  discarded: { zh: '已排除', en: 'discarded' },
  monitoring: { zh: '持续监测', en: 'monitoring' },
  risk_assessment: { zh: '风险评估', en: 'risk assessment' },
  characterised: { zh: '已定级', en: 'characterised' },
  closed: { zh: '已关闭', en: 'closed' },
  confirmed: { zh: '已确认为事件', en: 'confirmed as an event' },
};

const minutesLate = (due: Date, now: Date) => Math.max(0, Math.round((now.getTime() - due.getTime()) / 60_000));

function lateText(minutes: number): { zh: string; en: string } {
  if (minutes < 60) return { zh: `${minutes} 分钟`, en: `${minutes} min` };
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return { zh: m ? `${h} 小时 ${m} 分钟` : `${h} 小时`, en: m ? `${h} h ${m} min` : `${h} h` };
}

/** Escalates every overdue alert not yet escalated; returns their ids. One transaction (all or nothing). */
export async function escalateOverdueAlerts(database: Database, now: Date): Promise<string[]> {
  return database.db.transaction(async (tx) => {
    const due = await dueForEscalation(tx, now);
    for (const alert of due) {
      const late = minutesLate(alert.verificationDueAt!, now);
      const text = lateText(late);
      const after = await updateAlert(tx, alert.id, { escalatedAt: now, updatedAt: now });
      let assigneeName = '';
      if (alert.assigneeId) {
        const [u] = await tx.select({ displayName: users.displayName }).from(users).where(eq(users.id, alert.assigneeId));
        assigneeName = u?.displayName ?? '';
      }
      await addEvent(tx, {
        alertId: alert.id,
        kind: 'escalated',
        fromStatus: alert.status,
        toStatus: alert.status,
        actorId: null,
        reason: `verification deadline ${alert.verificationDueAt!.toISOString()} missed`,
        data: { verificationDueAt: alert.verificationDueAt!.toISOString(), minutesLate: late, assigneeId: alert.assigneeId },
        createdAt: now,
      });
      await audit(tx, {
        actor: null,
        action: 'update',
        entityType: 'alert',
        entityId: alert.id,
        before: { escalatedAt: null },
        after: { escalatedAt: after.escalatedAt, reason: 'verification deadline missed' },
      });
      await publishLive(tx, {
        topic: 'alerts',
        id: alert.id,
        action: 'escalated',
        right: 'alerts.read',
        jurisdictionPath: await jurisdictionPath(tx, alert.jurisdictionId),
      });
      const who = assigneeName ? `（负责人：${assigneeName}）` : '（尚未分派）';
      const whoEn = assigneeName ? ` (assignee: ${assigneeName})` : ' (not assigned)';
      await notify(tx, {
        recipients: { right: 'alerts.supervise', jurisdictionId: alert.jurisdictionId },
        kind: 'alert.overdue',
        severity: 'critical',
        title: `预警 ${alert.code} 核实超时 ${text.zh}：${alert.title}${who}`,
        titleEn: `Alert ${alert.code} not verified in time, ${text.en} late${whoEn}`,
        // in words and district time, not a status code and a UTC instant (issue 12, item 6)
        body: `核实期限 ${districtDateTime(alert.verificationDueAt!)}（北京时间），当前状态：${STATUS_NAMES[alert.status].zh}`,
        bodyEn: `Deadline ${districtDateTime(alert.verificationDueAt!)} (China time), status: ${STATUS_NAMES[alert.status].en}`,
        link: `/alerts/${alert.id}`,
        entity: { type: 'alert', id: alert.id },
        actorId: null,
      });
    }
    return due.map((a) => a.id);
  });
}
