/**
 * Drizzle definitions of the alerts feature's tables (the SQL is the source of truth; the drift test compares):
 * alerts (migrations/0007_alerts.sql, 0018 summary_zh) and from 0013_alerts_workflow.sql an alert's history,
 * comments and risk assessment.
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import { diseases } from '../catalogue/index.ts';
import { feedTypes } from '../catalogue/index.ts';

export const ALERT_STATUSES = [
  'new',
  'verifying',
  'discarded',
  'monitoring',
  'risk_assessment',
  'characterised',
  'closed',
  'confirmed',
] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
/** Most to least severe: red, orange, yellow, blue (DOMAIN.md §3). */
export const WARNING_LEVELS = ['red', 'orange', 'yellow', 'blue'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];
/** "An open alert": still being verified, watched or assessed. The one definition every feature uses. */
export const OPEN_ALERT_STATUSES: readonly AlertStatus[] = ['new', 'verifying', 'monitoring', 'risk_assessment', 'characterised'];
/** The rest: discarded, closed or confirmed (a new signal opens a new alert rather than reopening one of these). */
export const CLOSED_ALERT_STATUSES: readonly AlertStatus[] = ALERT_STATUSES.filter((s) => !OPEN_ALERT_STATUSES.includes(s));

/** Where an alert comes from: detection's signals, or an event reported by a person (event-based surveillance, 0039). */
export const ALERT_ORIGINS = ['signal', 'event'] as const;
export type AlertOrigin = (typeof ALERT_ORIGINS)[number];

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
  origin: text('origin').$type<AlertOrigin>().notNull().default('signal'),
  /** 0060: the exercise that created this record (docs/exercises.md; FK in SQL only: exercises sits above); null for real data */
  exerciseId: uuid('exercise_id'),
});

export const ALERT_EVENT_KINDS = [
  'created',
  'signals',
  'assigned',
  'status',
  'assessed',
  'characterised',
  'escalated',
  'commented',
  'attached',
] as const;
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

/**
 * The class of an alert, for sorting, filtering and subscriptions: 'A' = Class A and diseases managed as Class A
 * (2-hour verification), 'B', 'C' = Class C and the diseases a district adds ('other'), 'syndromic' = a feed.
 */
export const ALERT_CLASSES = ['A', 'B', 'C', 'syndromic'] as const;
export type AlertClass = (typeof ALERT_CLASSES)[number];

/** 0035: what a user wants to be told about when a new alert opens (no row: the role's default). */
export const alertSubscriptions = pgTable('alert_subscriptions', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  alertClasses: text('alert_classes').array().$type<AlertClass[]>().notNull().default(sql`'{}'`),
  /** empty: every disease */
  diseaseIds: uuid('disease_ids').array().notNull().default(sql`'{}'`),
  /** empty: the user's whole area */
  jurisdictionIds: uuid('jurisdiction_ids').array().notNull().default(sql`'{}'`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

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

/** What a township officer can report (event-based surveillance); the web names each in both languages. */
export const EVENT_TYPES = ['school_cluster', 'workplace_cluster', 'market', 'gathering', 'rumour', 'animal_deaths', 'other'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A reported local event (migration 0039); each opened one alert of class 'event'. */
export const eventReports = pgTable(
  'event_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    alertId: uuid('alert_id')
      .notNull()
      .unique()
      .references(() => alerts.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    eventType: text('event_type').$type<EventType>().notNull(),
    place: text('place').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    peopleAffected: integer('people_affected').notNull(),
    deaths: integer('deaths').notNull().default(0),
    suspectedDiseaseId: uuid('suspected_disease_id').references(() => diseases.id),
    description: text('description').notNull(),
    source: text('source').notNull().default(''),
    reportedBy: uuid('reported_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('event_reports_jurisdiction_idx').on(t.jurisdictionId)],
);
