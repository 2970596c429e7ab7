/**
 * Drizzle definitions of migrations/0008_notifications.sql (the SQL is the source of truth; the drift test
 * compares): the inbox and outbound channels with their delivery log. The attachments table of the same
 * migration belongs to the platform (platform/files/attachments.ts) and is defined in platform.tables.ts.
 */
import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { timestamps, users } from '../../platform/db/platform.tables.ts';

export const NOTIFICATION_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type NotificationSeverity = (typeof NOTIFICATION_SEVERITIES)[number];

export const notifications = pgTable('notifications', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(),
  severity: text('severity').$type<NotificationSeverity>().notNull().default('info'),
  title: text('title').notNull(),
  titleEn: text('title_en').notNull(),
  body: text('body').notNull().default(''),
  bodyEn: text('body_en').notNull().default(''),
  link: text('link').notNull().default(''),
  entityType: text('entity_type'),
  entityId: uuid('entity_id'),
  readAt: timestamp('read_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** 0060: the exercise that created this record (docs/exercises.md; FK in SQL only: exercises sits above); null for real data */
  exerciseId: uuid('exercise_id'),
});

/** Webhook formats: our signed JSON (also for SMS gateways), DingTalk and WeCom group robots. */
export const WEBHOOK_FORMATS = ['generic', 'dingtalk', 'wecom'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export interface WebhookChannelConfig {
  url: string;
  /** HMAC key (generic: required; dingtalk: the robot's 加签 secret, optional; wecom: unused) */
  secret: string;
  format?: WebhookFormat;
}
export interface EmailChannelConfig {
  to: string[];
}

export const notificationChannels = pgTable('notification_channels', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  kind: text('kind').$type<'webhook' | 'email'>().notNull(),
  config: jsonb('config').$type<WebhookChannelConfig | EmailChannelConfig>().notNull(),
  kinds: text('kinds').array().notNull().default([]),
  minSeverity: text('min_severity').$type<NotificationSeverity>().notNull().default('warning'),
  enabled: boolean('enabled').notNull().default(true),
  ...timestamps,
});

export const notificationDeliveries = pgTable('notification_deliveries', {
  id: uuid('id').primaryKey().defaultRandom(),
  channelId: uuid('channel_id')
    .notNull()
    .references(() => notificationChannels.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  status: text('status').$type<'pending' | 'delivered' | 'failed'>().notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  ...timestamps,
});
