/** Request and response schemas of the inbox, the channels and the delivery log. Bodies are `.strict()`. */
import { z } from '@hono/zod-openapi';
import { PageQuery } from '../../platform/http/schemas.ts';
import { NOTIFICATION_SEVERITIES, WEBHOOK_FORMATS } from './notifications.tables.ts';

export const NotificationSchema = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    severity: z.enum(NOTIFICATION_SEVERITIES),
    title: z.string(),
    titleEn: z.string(),
    body: z.string(),
    bodyEn: z.string(),
    link: z.string(),
    entityType: z.string().nullable(),
    entityId: z.string().nullable(),
    readAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Notification');

export const NotificationList = z.object({ items: z.array(NotificationSchema), unread: z.number().int() }).openapi('NotificationList');

export const NotificationListQuery = z.object({
  unreadOnly: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  /** ISO time: only notifications older than this (paging backwards) */
  before: z.iso.datetime({ offset: true }).optional(),
});

const name = z.string().trim().min(1, 'must not be empty').max(100);
const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      const u = new URL(value);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL');
const email = z.email('must be an e-mail address');

const WebhookConfigInput = z
  .object({
    url: httpUrl,
    /** omitted on update: keep the stored secret */
    secret: z.string().min(8, 'must have at least 8 characters').max(200).optional(),
    format: z.enum(WEBHOOK_FORMATS).default('generic'),
  })
  .strict();
const EmailConfigInput = z.object({ to: z.array(email).min(1, 'give at least one address').max(50) }).strict();

const channelFields = {
  name,
  kinds: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
  minSeverity: z.enum(NOTIFICATION_SEVERITIES).default('warning'),
  enabled: z.boolean().default(true),
};

export const ChannelCreateInput = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('webhook'), config: WebhookConfigInput, ...channelFields }).strict(),
    z.object({ kind: z.literal('email'), config: EmailConfigInput, ...channelFields }).strict(),
  ])
  .openapi('NotificationChannelCreate');

export const ChannelUpdateInput = z
  .object({
    name: name.optional(),
    config: z.union([WebhookConfigInput, EmailConfigInput]).optional(),
    kinds: channelFields.kinds.optional(),
    minSeverity: z.enum(NOTIFICATION_SEVERITIES).optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .openapi('NotificationChannelUpdate');

export const ChannelSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(['webhook', 'email']),
    /** webhook: url, format and whether a secret is set (never the secret); email: the addresses */
    config: z.object({
      url: z.string().optional(),
      format: z.enum(WEBHOOK_FORMATS).optional(),
      hasSecret: z.boolean().optional(),
      to: z.array(z.string()).optional(),
    }),
    kinds: z.array(z.string()),
    minSeverity: z.enum(NOTIFICATION_SEVERITIES),
    enabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('NotificationChannel');

export const ChannelList = z.object({ items: z.array(ChannelSchema), emailConfigured: z.boolean() }).openapi('NotificationChannelList');

export const ChannelTestResult = z.object({ ok: z.boolean(), error: z.string().nullable() }).openapi('NotificationChannelTest');

export const DeliverySchema = z
  .object({
    id: z.uuid(),
    channelId: z.uuid(),
    channelName: z.string(),
    kind: z.string(),
    title: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('NotificationDelivery');

export const DeliveryListQuery = PageQuery.extend({
  channelId: z.uuid().optional(),
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
});
export const DeliveryList = z
  .object({ items: z.array(DeliverySchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .openapi('NotificationDeliveryList');

export type ChannelCreate = z.infer<typeof ChannelCreateInput>;
export type ChannelUpdate = z.infer<typeof ChannelUpdateInput>;
