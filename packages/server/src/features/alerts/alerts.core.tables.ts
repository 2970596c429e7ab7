/**
 * Drizzle definition of migrations/0007_alerts.sql and 0018 (summary_zh) (the SQL is the source of truth; the
 * drift test compares).
 * The alerts feature adds its history, comments and other tables in alerts.tables.ts.
 */
import { sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import { diseases } from '../cases/cases.tables.ts';
import { feedTypes } from '../feeds/feeds.tables.ts';

export const ALERT_STATUSES = ['new', 'verifying', 'discarded', 'monitoring', 'risk_assessment', 'characterised', 'closed', 'confirmed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
/** Most to least severe: red, orange, yellow, blue (DOMAIN.md §3). */
export const WARNING_LEVELS = ['red', 'orange', 'yellow', 'blue'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];

export const alerts = pgTable('alerts', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code')
    .notNull()
    .unique()
    // a sequence number, given by the database (migration)
    .default(sql`record_code('A', nextval('alerts_code_seq'), 4)`),
  diseaseId: uuid('disease_id').references(() => diseases.id),
  feedTypeId: uuid('feed_type_id').references(() => feedTypes.id),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  status: text('status').$type<AlertStatus>().notNull().default('new'),
  warningLevel: text('warning_level').$type<WarningLevel>(),
  title: text('title').notNull(),
  /** the latest signals in one line, in English (messages, exports) */
  summary: text('summary').notNull().default(''),
  /** the same line in Chinese ('' for alerts opened before migration 0018) */
  summaryZh: text('summary_zh').notNull().default(''),
  signalCount: integer('signal_count').notNull().default(0),
  firstSignalAt: timestamp('first_signal_at', { withTimezone: true }),
  lastSignalAt: timestamp('last_signal_at', { withTimezone: true }),
  assigneeId: uuid('assignee_id').references(() => users.id),
  verificationDueAt: timestamp('verification_due_at', { withTimezone: true }),
  escalatedAt: timestamp('escalated_at', { withTimezone: true }),
  ...timestamps,
  closedAt: timestamp('closed_at', { withTimezone: true }),
});
