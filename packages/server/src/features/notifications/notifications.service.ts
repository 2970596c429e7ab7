/**
 * The inbox (every signed-in user, their own notifications only) and the outbound channels with their
 * delivery log (right `notifications.manage`; channels are deployment-wide, not per jurisdiction).
 * Channel secrets never leave the server: views say whether one is set.
 */
import { randomBytes } from 'node:crypto';
import { and, count, desc, eq, isNull, lt } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Principal } from '../../platform/auth/scope.ts';
import { scopeFor } from '../../platform/auth/scope.ts';
import type { Config } from '../../platform/config.ts';
import type { Database } from '../../platform/db/database.ts';
import { conflict, notFound, validationFailed } from '../../platform/errors.ts';
import { type DeliveryPayload, sendThroughChannel } from './delivery.ts';
import { assertWebhookTarget, type WebhookTargetOptions } from './webhook-target.ts';
import type { ChannelCreate, ChannelUpdate } from './notifications.schema.ts';
import {
  type EmailChannelConfig,
  type WebhookChannelConfig,
  notificationChannels,
  notificationDeliveries,
  notifications,
} from './notifications.tables.ts';

type NotificationRow = typeof notifications.$inferSelect;
type ChannelRow = typeof notificationChannels.$inferSelect;

function notificationView(row: NotificationRow) {
  return {
    id: row.id,
    kind: row.kind,
    severity: row.severity,
    title: row.title,
    titleEn: row.titleEn,
    body: row.body,
    bodyEn: row.bodyEn,
    link: row.link,
    entityType: row.entityType,
    entityId: row.entityId,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The principal's notifications, newest first, and their unread count. */
export async function listInbox(database: Database, principal: Principal, query: { unreadOnly: boolean; limit: number; before?: string }) {
  const { db } = database;
  const rows = await db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, principal.id),
        query.unreadOnly ? isNull(notifications.readAt) : undefined,
        query.before ? lt(notifications.createdAt, new Date(query.before)) : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(query.limit);
  return { items: rows.map(notificationView), unread: await unreadCount(database, principal) };
}

export async function unreadCount(database: Database, principal: Principal): Promise<number> {
  const [row] = await database.db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, principal.id), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/** Marks one of the principal's notifications read (404 for anyone else's). */
export async function markRead(database: Database, principal: Principal, id: string): Promise<void> {
  const rows = await database.db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.id, id), eq(notifications.userId, principal.id)))
    .returning({ id: notifications.id, readAt: notifications.readAt });
  if (rows.length === 0) throw notFound('notification');
}

/** Marks all the principal's notifications read; returns how many changed. */
export async function markAllRead(database: Database, principal: Principal): Promise<number> {
  const rows = await database.db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, principal.id), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** A channel as the API shows it: the secret reduced to whether there is one. */
export function channelView(row: ChannelRow) {
  const config =
    row.kind === 'webhook'
      ? {
          url: (row.config as WebhookChannelConfig).url,
          format: (row.config as WebhookChannelConfig).format ?? ('generic' as const),
          hasSecret: Boolean((row.config as WebhookChannelConfig).secret),
        }
      : { to: (row.config as EmailChannelConfig).to };
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    config,
    kinds: row.kinds,
    minSeverity: row.minSeverity,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of a channel: everything but the secret. */
const audited = (row: ChannelRow) => channelView(row);

export async function listChannels(database: Database, principal: Principal, config: Pick<Config, 'smtpUrl'>) {
  scopeFor(principal, 'notifications.manage');
  const rows = await database.db.select().from(notificationChannels).orderBy(notificationChannels.name);
  return { items: rows.map(channelView), emailConfigured: Boolean(config.smtpUrl) };
}

async function findChannel(database: Database, id: string): Promise<ChannelRow> {
  const [row] = await database.db.select().from(notificationChannels).where(eq(notificationChannels.id, id));
  if (!row) throw notFound('notification channel');
  return row;
}

/** Webhook config to store: a generic webhook must be signed; a DingTalk robot may be. */
function webhookConfig(
  input: { url: string; secret?: string; format: WebhookChannelConfig['format'] },
  previous?: WebhookChannelConfig,
): WebhookChannelConfig {
  const secret = input.secret ?? previous?.secret ?? '';
  if ((input.format ?? 'generic') === 'generic' && !secret) {
    throw validationFailed([{ path: 'config.secret', message: 'A generic webhook needs a signing secret (at least 8 characters)' }]);
  }
  return { url: input.url, secret, format: input.format ?? 'generic' };
}

export async function createChannel(
  database: Database,
  principal: Principal,
  input: ChannelCreate,
  ip: string | null,
  target: WebhookTargetOptions,
) {
  scopeFor(principal, 'notifications.manage');
  if (input.kind === 'webhook') await assertWebhookTarget(input.config.url, target);
  const config = input.kind === 'webhook' ? webhookConfig(input.config) : { to: input.config.to };
  return database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(notificationChannels)
      .values({ name: input.name, kind: input.kind, config, kinds: input.kinds, minSeverity: input.minSeverity, enabled: input.enabled })
      .returning();
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip,
      action: 'create',
      entityType: 'notification_channel',
      entityId: row!.id,
      after: audited(row!),
    });
    return channelView(row!);
  });
}

export async function updateChannel(
  database: Database,
  principal: Principal,
  id: string,
  input: ChannelUpdate,
  ip: string | null,
  target: WebhookTargetOptions,
) {
  scopeFor(principal, 'notifications.manage');
  if (input.config && 'url' in input.config) await assertWebhookTarget(input.config.url, target);
  return database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(notificationChannels).where(eq(notificationChannels.id, id)).for('update');
    if (!before) throw notFound('notification channel');
    let config = before.config;
    if (input.config) {
      if (before.kind === 'webhook') {
        if (!('url' in input.config)) throw validationFailed([{ path: 'config.url', message: 'A webhook channel needs a url' }]);
        config = webhookConfig(input.config, before.config as WebhookChannelConfig);
      } else {
        if (!('to' in input.config)) throw validationFailed([{ path: 'config.to', message: 'An e-mail channel needs addresses' }]);
        config = { to: input.config.to };
      }
    }
    const [row] = await tx
      .update(notificationChannels)
      .set({
        name: input.name ?? before.name,
        config,
        kinds: input.kinds ?? before.kinds,
        minSeverity: input.minSeverity ?? before.minSeverity,
        enabled: input.enabled ?? before.enabled,
        updatedAt: new Date(),
      })
      .where(eq(notificationChannels.id, id))
      .returning();
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip,
      action: 'update',
      entityType: 'notification_channel',
      entityId: id,
      before: audited(before),
      after: audited(row!),
    });
    return channelView(row!);
  });
}

export async function deleteChannel(database: Database, principal: Principal, id: string, ip: string | null) {
  scopeFor(principal, 'notifications.manage');
  await database.db.transaction(async (tx) => {
    const [before] = await tx.delete(notificationChannels).where(eq(notificationChannels.id, id)).returning();
    if (!before) throw notFound('notification channel');
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip,
      action: 'delete',
      entityType: 'notification_channel',
      entityId: id,
      before: audited(before),
    });
  });
}

/**
 * Sends a test message through a channel now and records it in the delivery log (delivered or failed, one
 * attempt, no retries): the admin sees at once whether the URL, secret or SMTP settings work.
 */
export async function testChannel(
  database: Database,
  principal: Principal,
  id: string,
  config: Pick<Config, 'smtpUrl' | 'smtpFrom' | 'publicUrl' | 'webhookAllowPrivate'>,
) {
  scopeFor(principal, 'notifications.manage');
  const channel = await findChannel(database, id);
  const payload: DeliveryPayload = {
    kind: 'channel.test',
    severity: 'info',
    title: `测试消息：${channel.name}`,
    titleEn: `Test message: ${channel.name}`,
    body: `由 ${principal.displayName} 发送的渠道测试。`,
    bodyEn: `Channel test sent by ${principal.username}.`,
    link: '',
    entity: null,
    recipients: 0,
    at: new Date().toISOString(),
  };
  let error: string | null = null;
  try {
    await sendThroughChannel(channel, payload, config);
  } catch (e) {
    error = (e as Error).message.slice(0, 500);
  }
  const now = new Date();
  await database.db.insert(notificationDeliveries).values({
    channelId: channel.id,
    kind: payload.kind,
    payload: payload as unknown as Record<string, unknown>,
    status: error ? 'failed' : 'delivered',
    attempts: 1,
    lastError: error,
    deliveredAt: error ? null : now,
  });
  return { ok: error === null, error };
}

export async function listDeliveries(
  database: Database,
  principal: Principal,
  query: { page: number; pageSize: number; channelId?: string; status?: 'pending' | 'delivered' | 'failed' },
) {
  scopeFor(principal, 'notifications.manage');
  const where = and(
    query.channelId ? eq(notificationDeliveries.channelId, query.channelId) : undefined,
    query.status ? eq(notificationDeliveries.status, query.status) : undefined,
  );
  const rows = await database.db
    .select({ delivery: notificationDeliveries, channelName: notificationChannels.name })
    .from(notificationDeliveries)
    .innerJoin(notificationChannels, eq(notificationChannels.id, notificationDeliveries.channelId))
    .where(where)
    .orderBy(desc(notificationDeliveries.createdAt), desc(notificationDeliveries.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [total] = await database.db.select({ n: count() }).from(notificationDeliveries).where(where);
  return {
    items: rows.map(({ delivery: d, channelName }) => ({
      id: d.id,
      channelId: d.channelId,
      channelName,
      kind: d.kind,
      title: String((d.payload as { title?: unknown }).title ?? ''),
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
      createdAt: d.createdAt.toISOString(),
    })),
    total: Number(total?.n ?? 0),
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Puts a failed delivery back in the queue for an immediate new attempt (with a fresh attempt budget). */
export async function retryDelivery(database: Database, principal: Principal, id: string, ip: string | null) {
  scopeFor(principal, 'notifications.manage');
  await database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(notificationDeliveries).where(eq(notificationDeliveries.id, id)).for('update');
    if (!before) throw notFound('notification delivery');
    if (before.status !== 'failed')
      throw conflict('status_not_allowed', 'Only a failed delivery can be retried', { status: before.status });
    await tx
      .update(notificationDeliveries)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: new Date(), updatedAt: new Date() })
      .where(eq(notificationDeliveries.id, id));
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip,
      action: 'update',
      entityType: 'notification_delivery',
      entityId: id,
      before: { status: 'failed' },
      after: { status: 'pending' },
    });
  });
}

/** A random signing secret, offered by the UI when creating a webhook. */
export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}
