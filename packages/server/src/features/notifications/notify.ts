/**
 * `notify(tx, …)`: tells people something happened. In the caller's transaction it writes one inbox row per
 * recipient, queues a live event for them (badge, inbox and toast update at once, on commit), and queues an
 * outbound delivery for every enabled channel that carries this kind and severity (signed webhook, e-mail;
 * sent with retries by the delivery worker, notifications.delivery.ts).
 *
 * Recipients are users chosen by id, and/or the holders of a right whose scope contains a jurisdiction, and/or
 * the users of an agency. Disabled users are skipped. The actor (who caused it) is not told about their own act
 * unless named in `userIds`.
 *
 * @example
 * await notify(tx, {
 *   recipients: { right: 'alerts.verify', jurisdictionId: alert.jurisdictionId },
 *   kind: 'alert.new', severity: 'warning',
 *   title: `新预警：${disease.name}`, titleEn: `New alert: ${disease.nameEn}`,
 *   link: `/alerts/${alert.id}`, entity: { type: 'alert', id: alert.id },
 *   actorId: principal.id,
 * });
 */
import { and, eq } from 'drizzle-orm';
import { holdersOf } from '../../platform/auth/holders.ts';
import type { Right } from '../../platform/auth/rights.ts';
import type { Executor } from '../../platform/db/database.ts';
import { users } from '../../platform/db/platform.tables.ts';
import { publishLive } from '../../platform/live/live.ts';
import { EXERCISE_TITLE_PREFIX, exerciseMarkOf } from './notifications.hooks.ts';
import { type NotificationSeverity, notificationChannels, notificationDeliveries, notifications } from './notifications.tables.ts';

/** Live topic that tells the delivery worker new outbound messages are queued. */
export const DELIVERIES_TOPIC = 'notification-deliveries';

const SEVERITY_RANK: Record<NotificationSeverity, number> = { info: 0, warning: 1, critical: 2 };

/** Who is told. At least one of the three must be given; the union of the matches is notified. */
export interface NotifyRecipients {
  userIds?: string[];
  /** holders of this right … */
  right?: Right;
  /** … whose scope of it contains this jurisdiction (anywhere when absent) */
  jurisdictionId?: string;
  /** users working for this agency (users.agency_id) */
  agencyId?: string;
}

export interface NotifyInput {
  recipients: NotifyRecipients;
  /** stable id of what happened: 'alert.new', 'alert.overdue', 'task.assigned', 'task.overdue', … */
  kind: string;
  severity?: NotificationSeverity;
  title: string;
  titleEn: string;
  body?: string;
  bodyEn?: string;
  /** the web app's path to open ('/alerts/<id>') */
  link?: string;
  entity?: { type: string; id: string };
  /** who caused it: not notified unless listed in recipients.userIds */
  actorId?: string | null;
}

/** What notify() did. */
export interface NotifyResult {
  userIds: string[];
  deliveries: number;
}

/** The ids of the users matching `recipients` (enabled accounts only). */
export async function resolveRecipients(db: Executor, recipients: NotifyRecipients): Promise<string[]> {
  const out = new Set<string>(recipients.userIds ?? []);
  if (recipients.right) {
    for (const id of await holdersOf(db, recipients.right, recipients.jurisdictionId)) out.add(id);
  }
  if (recipients.agencyId) {
    const rows = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.agencyId, recipients.agencyId), eq(users.disabled, false)));
    for (const row of rows) out.add(row.id);
  }
  return [...out];
}

/** Notifies; see the module comment. Call inside the transaction of the change it reports. */
export async function notify(db: Executor, given: NotifyInput): Promise<NotifyResult> {
  // An exercise's record (docs/exercises.md): marked in the inbox, titled as an exercise, and sent out by no
  // channel but the exercise's named test channel.
  const mark = given.entity ? await exerciseMarkOf(db, given.entity) : null;
  const input: NotifyInput = mark
    ? { ...given, title: `${EXERCISE_TITLE_PREFIX.zh}${given.title}`, titleEn: `${EXERCISE_TITLE_PREFIX.en}${given.titleEn}` }
    : given;
  const named = new Set(input.recipients.userIds ?? []);
  const userIds = (await resolveRecipients(db, input.recipients)).filter((id) => id !== input.actorId || named.has(id));
  const severity = input.severity ?? 'info';
  if (userIds.length > 0) {
    await db.insert(notifications).values(
      userIds.map((userId) => ({
        userId,
        kind: input.kind,
        severity,
        title: input.title,
        titleEn: input.titleEn,
        body: input.body ?? '',
        bodyEn: input.bodyEn ?? '',
        link: input.link ?? '',
        entityType: input.entity?.type ?? null,
        entityId: input.entity?.id ?? null,
        exerciseId: mark?.exerciseId ?? null,
      })),
    );
    await publishLive(db, {
      topic: 'notifications',
      action: 'created',
      userIds,
      data: { kind: input.kind, severity, title: input.title, titleEn: input.titleEn, link: input.link ?? '' },
    });
  }
  const channels = (await db.select().from(notificationChannels).where(eq(notificationChannels.enabled, true))).filter(
    (channel) =>
      (mark === null || channel.id === mark.testChannelId) &&
      SEVERITY_RANK[severity] >= SEVERITY_RANK[channel.minSeverity] &&
      (channel.kinds.length === 0 || channel.kinds.includes(input.kind)),
  );
  if (channels.length > 0) {
    const payload = {
      kind: input.kind,
      severity,
      title: input.title,
      titleEn: input.titleEn,
      body: input.body ?? '',
      bodyEn: input.bodyEn ?? '',
      link: input.link ?? '',
      entity: input.entity ?? null,
      recipients: userIds.length,
      at: new Date().toISOString(),
      ...(mark ? { exercise: true, exerciseId: mark.exerciseId } : {}),
    };
    await db
      .insert(notificationDeliveries)
      .values(channels.map((channel) => ({ channelId: channel.id, kind: input.kind, payload, nextAttemptAt: new Date() })));
    // No browser receives this (no user ids); the server's delivery worker wakes up on it after the commit.
    await publishLive(db, { topic: DELIVERIES_TOPIC, userIds: [] });
  }
  return { userIds, deliveries: channels.length };
}
