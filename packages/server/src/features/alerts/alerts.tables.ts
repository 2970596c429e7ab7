/**
 * Drizzle definitions of migrations/0013_alerts_workflow.sql (the SQL is the source of truth; the drift test
 * compares): an alert's history, comments and risk assessment. The alerts table is in alerts.core.tables.ts.
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/db/platform.tables.ts';
import { type AlertStatus, type WarningLevel, alerts } from './alerts.core.tables.ts';

export const ALERT_EVENT_KINDS = ['created', 'signals', 'assigned', 'status', 'assessed', 'characterised', 'escalated', 'commented', 'attached'] as const;
export type AlertEventKind = (typeof ALERT_EVENT_KINDS)[number];

export const alertEvents = pgTable(
  'alert_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<AlertEventKind>().notNull(),
    fromStatus: text('from_status').$type<AlertStatus>(),
    toStatus: text('to_status').$type<AlertStatus>(),
    actorId: uuid('actor_id').references(() => users.id),
    reason: text('reason').notNull().default(''),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('alert_events_alert_idx').on(t.alertId, t.createdAt)],
);

export const alertComments = pgTable(
  'alert_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('alert_comments_alert_idx').on(t.alertId, t.createdAt)],
);

export const alertAssessments = pgTable('alert_assessments', {
  alertId: uuid('alert_id')
    .primaryKey()
    .references(() => alerts.id, { onDelete: 'cascade' }),
  hazard: text('hazard').notNull().default(''),
  exposure: text('exposure').notNull().default(''),
  context: text('context').notNull().default(''),
  assessedBy: uuid('assessed_by').references(() => users.id),
  assessedAt: timestamp('assessed_at', { withTimezone: true }),
  likelihood: integer('likelihood'),
  consequence: integer('consequence'),
  matrixLevel: text('matrix_level').$type<WarningLevel>(),
  warningLevel: text('warning_level').$type<WarningLevel>(),
  overrideReason: text('override_reason').notNull().default(''),
  characterisedBy: uuid('characterised_by').references(() => users.id),
  characterisedAt: timestamp('characterised_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
