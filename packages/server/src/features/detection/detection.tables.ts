/**
 * Drizzle definitions of migrations/0012_detection.sql and 0020_detection_run_attempts.sql (the SQL is the source of truth; the drift test compares):
 * detection settings and detection runs. Signals are in signals.tables.ts (0006).
 */
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { diseases } from '../catalogue/index.ts';
import { feedTypes } from '../catalogue/index.ts';
import type { DateBasis } from './signals.tables.ts';

export const DETECTION_LEVELS = ['township', 'district'] as const;
export type DetectionLevel = (typeof DETECTION_LEVELS)[number];
export const RUN_TRIGGERS = ['schedule', 'manual', 'demo'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];
export const RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** 06:00 in Asia/Shanghai (UTC+8 all year) as a UTC cron. */
export const DEFAULT_SCHEDULE = '0 22 * * *';

export const detectionConfigs = pgTable(
  'detection_configs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    diseaseId: uuid('disease_id').references(() => diseases.id),
    feedTypeId: uuid('feed_type_id').references(() => feedTypes.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    level: text('level').$type<DetectionLevel>().notNull(),
    method: text('method').notNull(),
    parameters: jsonb('parameters').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    dateBasis: text('date_basis').$type<DateBasis>().notNull().default('onset'),
    enabled: boolean('enabled').notNull().default(true),
    schedule: text('schedule').notNull().default(DEFAULT_SCHEDULE),
    lastScheduledAt: timestamp('last_scheduled_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('detection_configs_jurisdiction_idx').on(t.jurisdictionId)],
);

/** One entry of detection_runs.details: what one setting did in the run. */
export interface RunConfigDetail {
  configId: string;
  method: string;
  series: number;
  failed: number;
  signals: number;
  /** the first few reasons a series could not be evaluated */
  errors: Array<{ jurisdictionId: string; message: string }>;
  /** milliseconds reading its counts (and for a scan, the whole scan); the arithmetic of a run is batched */
  ms: number;
}

export const detectionRuns = pgTable(
  'detection_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trigger: text('trigger').$type<RunTrigger>().notNull(),
    asOf: date('as_of').notNull(),
    configIds: uuid('config_ids').array(),
    status: text('status').$type<RunStatus>().notNull().default('running'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    configsEvaluated: integer('configs_evaluated').notNull().default(0),
    seriesEvaluated: integer('series_evaluated').notNull().default(0),
    seriesFailed: integer('series_failed').notNull().default(0),
    signalsCreated: integer('signals_created').notNull().default(0),
    alertsCreated: integer('alerts_created').notNull().default(0),
    alertsUpdated: integer('alerts_updated').notNull().default(0),
    error: text('error'),
    details: jsonb('details').$type<RunConfigDetail[]>().notNull().default(sql`'[]'::jsonb`),
    actorId: uuid('actor_id').references(() => users.id),
    // 0020: attempts of scheduled runs (a failed one is retried with back-off)
    attempt: integer('attempt').notNull().default(1),
    maxAttempts: integer('max_attempts').notNull().default(1),
    /** scheduled runs: the firing of the schedule this attempt belongs to */
    firedAt: timestamp('fired_at', { withTimezone: true }),
    /** a failed scheduled attempt: when the next attempt is due (null: none) */
    retryAt: timestamp('retry_at', { withTimezone: true }),
    /** 0060: the exercise that created this record (docs/exercises.md; FK in SQL only: exercises sits above); null for real data */
    exerciseId: uuid('exercise_id'),
  },
  (t) => [
    index('detection_runs_started_idx').on(t.startedAt.desc()),
    index('detection_runs_as_of_idx').on(t.asOf, t.trigger),
    index('detection_runs_fired_idx').on(t.firedAt).where(sql`fired_at IS NOT NULL`),
  ],
);
