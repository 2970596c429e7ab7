/**
 * Outbound delivery of notifications: each `notification_deliveries` row is one message through one channel.
 * `deliverDue` claims due rows (a lease, so two processes never send the same row at once), sends them, and
 * records the outcome: delivered, or retried with exponential back-off (30 s, 1 min, 2 min … capped at 1 h)
 * until MAX_ATTEMPTS, then failed. The delivery log (attempts, last error) is what an admin reads to see why a
 * message did not arrive.
 *
 * Channels:
 * - webhook, format 'generic': POST of the JSON payload, signed: `X-OC-Timestamp: <unix s>` and
 *   `X-OC-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`; a receiver recomputes it and
 *   rejects old timestamps. An SMS gateway plugs in here.
 * - webhook, format 'dingtalk': a DingTalk group robot (text message; the URL is signed with `timestamp` and
 *   `sign` = base64 HMAC-SHA256(secret, "<timestamp ms>\n<secret>"), as DingTalk documents).
 * - webhook, format 'wecom': a WeCom (企业微信) group robot (text message; the key is in the URL).
 * - email: through the SMTP server of SMTP_URL, from SMTP_FROM, to the channel's addresses.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { guardedLookup, type WebhookTargetOptions } from './webhook-target.ts';
import { createHmac } from 'node:crypto';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Config } from '../../platform/config.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/logger.ts';
import {
  type EmailChannelConfig,
  type WebhookChannelConfig,
  notificationChannels,
  notificationDeliveries,
} from './notifications.tables.ts';

/** Attempts before a delivery is marked failed. */
export const MAX_ATTEMPTS = 6;
/** How long a claimed delivery is reserved for the process sending it. */
const LEASE_SECONDS = 120;
const TIMEOUT_MS = 10_000;

/** Delay before attempt `attempts + 1`, after `attempts` failures: 30 s × 2^(attempts−1), at most 1 h. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
}

/** What a channel sends: the notification's texts and where to open it. */
export interface DeliveryPayload {
  kind: string;
  severity: string;
  title: string;
  titleEn: string;
  body: string;
  bodyEn: string;
  link: string;
  entity: { type: string; id: string } | null;
  recipients: number;
  at: string;
}

/** The signature headers of a generic webhook request. */
export function signWebhook(secret: string, body: string, timestampSeconds: number): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return { 'X-OC-Timestamp': String(timestampSeconds), 'X-OC-Signature': `sha256=${signature}` };
}

/** DingTalk's URL signature (timestamp in milliseconds). */
export function dingtalkUrl(url: string, secret: string, timestampMs: number): string {
  const sign = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
  const u = new URL(url);
  u.searchParams.set('timestamp', String(timestampMs));
  u.searchParams.set('sign', sign);
  return u.toString();
}

/** One text for chat robots and e-mail: Chinese first, English below, with the link. */
export function plainText(payload: DeliveryPayload, publicUrl?: string): string {
  const link = payload.link ? `${publicUrl ?? ''}${payload.link}` : '';
  return [
    payload.title,
    payload.body,
    payload.titleEn !== payload.title ? `${payload.titleEn}` : '',
    payload.bodyEn && payload.bodyEn !== payload.body ? payload.bodyEn : '',
    link,
  ]
    .filter(Boolean)
    .join('\n');
}

type Channel = typeof notificationChannels.$inferSelect;

/**
 * POSTs to a webhook with node:http(s) rather than fetch: their `lookup` hook lets the private-address check
 * run on the very address the socket connects to (fetch offers no such hook without another dependency).
 */
function postWebhook(
  target: string,
  headers: Record<string, string>,
  body: string,
  options: WebhookTargetOptions,
): Promise<{ status: number; text: string }> {
  const url = new URL(target);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(options),
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          // only the start of the answer is kept (for the error message and the robots' error codes)
          if (size < 64 * 1024) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends one payload through one channel; throws with a readable message on failure. */
export async function sendThroughChannel(
  channel: Channel,
  payload: DeliveryPayload,
  config: Pick<Config, 'smtpUrl' | 'smtpFrom' | 'publicUrl' | 'webhookAllowPrivate'>,
): Promise<void> {
  if (channel.kind === 'webhook') {
    const { url, secret, format = 'generic' } = channel.config as WebhookChannelConfig;
    let target = url;
    let body: string;
    const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8', 'User-Agent': 'OutbreakCommand/1' };
    if (format === 'dingtalk') {
      body = JSON.stringify({ msgtype: 'text', text: { content: plainText(payload, config.publicUrl) } });
      if (secret) target = dingtalkUrl(url, secret, Date.now());
    } else if (format === 'wecom') {
      body = JSON.stringify({ msgtype: 'text', text: { content: plainText(payload, config.publicUrl) } });
    } else {
      body = JSON.stringify({ ...payload, url: payload.link && config.publicUrl ? `${config.publicUrl}${payload.link}` : null });
      Object.assign(headers, signWebhook(secret, body, Math.floor(Date.now() / 1000)));
    }
    let response: { status: number; text: string };
    try {
      response = await postWebhook(target, headers, body, { allowPrivate: config.webhookAllowPrivate });
    } catch (error) {
      throw new Error(`webhook not reachable: ${(error as Error).cause ? String((error as Error).cause) : (error as Error).message}`);
    }
    const text = response.text.slice(0, 300);
    // redirects are not followed (as before): a 3xx is a failure like any other non-2xx
    if (response.status < 200 || response.status >= 300)
      throw new Error(`webhook answered HTTP ${response.status}${text ? `: ${text}` : ''}`);
    // DingTalk and WeCom answer 200 with an error code in the body
    if (format !== 'generic') {
      try {
        const parsed = JSON.parse(text) as { errcode?: number; errmsg?: string };
        if (parsed.errcode && parsed.errcode !== 0) throw new Error(`robot refused: ${parsed.errcode} ${parsed.errmsg ?? ''}`.trim());
      } catch (error) {
        if ((error as Error).message.startsWith('robot refused')) throw error;
      }
    }
    return;
  }
  if (!config.smtpUrl) throw new Error('e-mail is not configured: set SMTP_URL');
  const { to } = channel.config as EmailChannelConfig;
  const transport = nodemailer.createTransport(config.smtpUrl, {
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    await transport.sendMail({
      from: config.smtpFrom,
      to,
      subject: payload.titleEn && payload.titleEn !== payload.title ? `${payload.title} / ${payload.titleEn}` : payload.title,
      text: plainText(payload, config.publicUrl),
    });
  } finally {
    transport.close();
  }
}

/** What one sweep did. */
export interface DeliverySweep {
  delivered: number;
  retried: number;
  failed: number;
}

/**
 * Claims up to `limit` due deliveries and sends them. Safe to run from several processes at once.
 * `now` is for tests.
 */
export async function deliverDue(
  db: Executor,
  config: Pick<Config, 'smtpUrl' | 'smtpFrom' | 'publicUrl' | 'webhookAllowPrivate'>,
  options: { now?: Date; limit?: number; log?: Logger } = {},
): Promise<DeliverySweep> {
  const now = options.now ?? new Date();
  const lease = new Date(now.getTime() + LEASE_SECONDS * 1000);
  // Claim: move next_attempt_at past the lease, so another sweep skips the row while it is being sent.
  const claimed = await db
    .update(notificationDeliveries)
    .set({ nextAttemptAt: lease, attempts: sql`${notificationDeliveries.attempts} + 1`, updatedAt: now })
    .where(
      inArray(
        notificationDeliveries.id,
        db
          .select({ id: notificationDeliveries.id })
          .from(notificationDeliveries)
          .where(and(eq(notificationDeliveries.status, 'pending'), lte(notificationDeliveries.nextAttemptAt, now)))
          .orderBy(notificationDeliveries.nextAttemptAt)
          .limit(options.limit ?? 50)
          .for('update', { skipLocked: true }),
      ),
    )
    .returning();
  const sweep: DeliverySweep = { delivered: 0, retried: 0, failed: 0 };
  if (claimed.length === 0) return sweep;
  const channels = new Map(
    (
      await db
        .select()
        .from(notificationChannels)
        .where(inArray(notificationChannels.id, [...new Set(claimed.map((d) => d.channelId))]))
    ).map((c) => [c.id, c]),
  );
  for (const delivery of claimed) {
    const channel = channels.get(delivery.channelId);
    let error: string | null = null;
    if (!channel?.enabled) error = 'channel disabled or removed';
    else {
      try {
        await sendThroughChannel(channel, delivery.payload as unknown as DeliveryPayload, config);
      } catch (e) {
        error = (e as Error).message.slice(0, 500);
      }
    }
    const at = new Date();
    if (error === null) {
      await db
        .update(notificationDeliveries)
        .set({ status: 'delivered', deliveredAt: at, lastError: null, nextAttemptAt: null, updatedAt: at })
        .where(eq(notificationDeliveries.id, delivery.id));
      sweep.delivered += 1;
    } else if (delivery.attempts >= MAX_ATTEMPTS || !channel) {
      await db
        .update(notificationDeliveries)
        .set({ status: 'failed', lastError: error, nextAttemptAt: null, updatedAt: at })
        .where(eq(notificationDeliveries.id, delivery.id));
      sweep.failed += 1;
      options.log?.warn('notification delivery failed for good', { delivery: delivery.id, channel: channel?.name, error });
    } else {
      await db
        .update(notificationDeliveries)
        .set({ lastError: error, nextAttemptAt: new Date(now.getTime() + backoffSeconds(delivery.attempts) * 1000), updatedAt: at })
        .where(eq(notificationDeliveries.id, delivery.id));
      sweep.retried += 1;
      options.log?.info('notification delivery will be retried', {
        delivery: delivery.id,
        channel: channel.name,
        attempts: delivery.attempts,
        error,
      });
    }
  }
  return sweep;
}
