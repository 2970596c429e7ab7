/**
 * Drizzle definitions of migrations/0060_exercises.sql (the SQL is the source of truth; the drift test compares).
 * The exercise mark on other features' records (exercise_id on case_reports, feed_counts, signals,
 * detection_runs, alerts, incidents, notifications) is declared in each owner's tables file.
 */
import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import { notificationChannels } from '../notifications/index.ts';

/** HSEEP / WHO SimEx exercise types. */
export const EXERCISE_TYPES = ['tabletop', 'drill', 'functional', 'full_scale'] as const;
export type ExerciseType = (typeof EXERCISE_TYPES)[number];
export const EXERCISE_STATUSES = ['planned', 'running', 'paused', 'stopped', 'closed'] as const;
export type ExerciseStatus = (typeof EXERCISE_STATUSES)[number];
/** Exercises whose injects may still fire and whose records are live in the platform. */
export const LIVE_EXERCISE_STATUSES: readonly ExerciseStatus[] = ['running', 'paused'];

export const INJECT_KINDS = ['cases', 'feed', 'message', 'stock'] as const;
export type InjectKind = (typeof INJECT_KINDS)[number];
/** What a participant is expected to do after an inject, timed from the platform's own records. */
export const EXPECTED_ACTIONS = [
  'none',
  'alert_verified',
  'incident_opened',
  'level_activated',
  'tasks_accepted',
  'tasks_done',
  'report_approved',
] as const;
export type ExpectedAction = (typeof EXPECTED_ACTIONS)[number];
/** HSEEP ratings: performed without challenges, with some, with major challenges, unable to be performed. */
export const RATINGS = ['P', 'S', 'M', 'U'] as const;
export type Rating = (typeof RATINGS)[number];

export interface CriticalTask {
  key: string;
  title: string;
  titleEn: string;
}
/** A pause of the exercise clock; `to` null while it lasts. ISO instants. */
export interface ClockPause {
  from: string;
  to: string | null;
}

export const exercises = pgTable(
  'exercises',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    type: text('type').$type<ExerciseType>().notNull(),
    objectives: text('objectives').array().notNull().default(sql`'{}'`),
    scenario: text('scenario').notNull().default(''),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    participantAgencyIds: uuid('participant_agency_ids').array().notNull().default(sql`'{}'`),
    participantTownshipIds: uuid('participant_township_ids').array().notNull().default(sql`'{}'`),
    evaluatorIds: uuid('evaluator_ids').array().notNull().default(sql`'{}'`),
    criticalTasks: jsonb('critical_tasks').$type<CriticalTask[]>().notNull().default(sql`'[]'::jsonb`),
    scheduledDate: date('scheduled_date', { mode: 'string' }).notNull(),
    testChannelId: uuid('test_channel_id').references(() => notificationChannels.id),
    status: text('status').$type<ExerciseStatus>().notNull().default('planned'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    pauses: jsonb('pauses').$type<ClockPause[]>().notNull().default(sql`'[]'::jsonb`),
    stoppedAt: timestamp('stopped_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    // no foreign key (migrations/0060: it would close a cycle incidents → exercises → reviews → incidents)
    reviewId: uuid('review_id'),
    createdBy: uuid('created_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [index('exercises_jurisdiction_idx').on(t.jurisdictionId, t.scheduledDate)],
);

export const exerciseInjects = pgTable(
  'exercise_injects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    exerciseId: uuid('exercise_id')
      .notNull()
      .references(() => exercises.id, { onDelete: 'cascade' }),
    offsetMinutes: integer('offset_minutes').notNull(),
    kind: text('kind').$type<InjectKind>().notNull(),
    title: text('title').notNull(),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    expectedAction: text('expected_action').$type<ExpectedAction>().notNull(),
    targetMinutes: integer('target_minutes'),
    firedAt: timestamp('fired_at', { withTimezone: true }),
    result: jsonb('result').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('exercise_injects_exercise_idx').on(t.exerciseId, t.offsetMinutes)],
);

export const exerciseRatings = pgTable(
  'exercise_ratings',
  {
    exerciseId: uuid('exercise_id')
      .notNull()
      .references(() => exercises.id, { onDelete: 'cascade' }),
    taskKey: text('task_key').notNull(),
    evaluatorId: uuid('evaluator_id')
      .notNull()
      .references(() => users.id),
    rating: text('rating').$type<Rating>().notNull(),
    notes: text('notes').notNull().default(''),
    ratedAt: timestamp('rated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.exerciseId, t.taskKey, t.evaluatorId] })],
);
