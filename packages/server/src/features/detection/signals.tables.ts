/**
 * Drizzle definition of migrations/0006_signals.sql (the SQL is the source of truth; the drift test compares).
 * The detection feature adds its configuration and run tables in detection.tables.ts.
 */
import { sql } from 'drizzle-orm';
import { date, doublePrecision, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { diseases } from '../catalogue/index.ts';
import { feedTypes } from '../catalogue/index.ts';

export const SIGNAL_KINDS = ['aberration', 'cluster'] as const;
export const DATE_BASES = ['onset', 'report'] as const;
export type DateBasis = (typeof DATE_BASES)[number];

export const signals = pgTable('signals', {
  id: uuid('id').primaryKey().defaultRandom(),
  diseaseId: uuid('disease_id').references(() => diseases.id),
  feedTypeId: uuid('feed_type_id').references(() => feedTypes.id),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  kind: text('kind').$type<(typeof SIGNAL_KINDS)[number]>().notNull(),
  method: text('method').notNull(),
  parameters: jsonb('parameters').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  periodStart: date('period_start').notNull(),
  periodEnd: date('period_end').notNull(),
  dateBasis: text('date_basis').$type<DateBasis>().notNull().default('onset'),
  observed: doublePrecision('observed').notNull(),
  expected: doublePrecision('expected'),
  threshold: doublePrecision('threshold'),
  explanation: jsonb('explanation').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  runId: uuid('run_id'),
  // FK to alerts (0007) declared in SQL only: alerts.tables.ts imports this file
  alertId: uuid('alert_id'),
  dedupeKey: text('dedupe_key').notNull().unique(),
  /** 0060: the exercise that created this record (docs/exercises.md; FK in SQL only: exercises sits above); null for real data */
  exerciseId: uuid('exercise_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
