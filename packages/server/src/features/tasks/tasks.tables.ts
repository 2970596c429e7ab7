/**
 * Drizzle definitions of migrations/0016_tasks.sql (the SQL is the source of truth; the drift test compares):
 * tasks (the table itself from 0009_response.sql), a task's notes and recurring task definitions.
 */
import { sql } from 'drizzle-orm';
import { boolean, date, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import { incidents } from '../incidents/index.ts';
import { agencies } from '../registry/index.ts';

export const TASK_STATUSES = ['assigned', 'accepted', 'in_progress', 'done', 'rejected', 'blocked', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** "An open task": still to be done (it can become overdue). The one definition every feature uses. */
export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ['assigned', 'accepted', 'in_progress', 'blocked'];
/** Priorities: the plans' vocabulary (plans/response-vocabulary.ts), re-exported for the task code. */
import type { TASK_PRIORITIES } from '../plans/index.ts';
export { TASK_PRIORITIES } from '../plans/index.ts';
export const TASK_ORIGINS = ['manual', 'plan_measure', 'meeting_decision', 'recurring', 'bulk', 'review_action'] as const;
export type TaskOrigin = (typeof TASK_ORIGINS)[number];

/** One item of a task's checklist. */
export interface ChecklistItem {
  text: string;
  done: boolean;
}

export const tasks = pgTable('tasks', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code')
    .notNull()
    .unique()
    // a sequence number, given by the database (migration)
    .default(sql`record_code('T', nextval('tasks_code_seq'), 5)`),
  incidentId: uuid('incident_id').references(() => incidents.id),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  assigneeAgencyId: uuid('assignee_agency_id').references(() => agencies.id),
  assigneeJurisdictionId: uuid('assignee_jurisdiction_id').references(() => jurisdictions.id),
  assigneeUserId: uuid('assignee_user_id').references(() => users.id),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  status: text('status').$type<TaskStatus>().notNull().default('assigned'),
  statusReason: text('status_reason').notNull().default(''),
  priority: text('priority').$type<(typeof TASK_PRIORITIES)[number]>().notNull().default('normal'),
  dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
  checklist: jsonb('checklist').$type<ChecklistItem[]>().notNull().default(sql`'[]'::jsonb`),
  origin: text('origin').$type<TaskOrigin>().notNull().default('manual'),
  originRef: text('origin_ref'),
  escalatedAt: timestamp('escalated_at', { withTimezone: true }),
  completedAt: timestamp('completed_at', { withTimezone: true }),
  /** what was done, written at completion (migration 0038); cleared on reopening, kept in the notes */
  result: text('result').notNull().default(''),
  createdBy: uuid('created_by').references(() => users.id),
  ...timestamps,
});

export const TASK_NOTE_KINDS = ['note', 'status', 'escalation', 'change'] as const;
export type TaskNoteKind = (typeof TASK_NOTE_KINDS)[number];

export const taskNotes = pgTable('task_notes', {
  id: uuid('id').primaryKey().defaultRandom(),
  taskId: uuid('task_id')
    .notNull()
    .references(() => tasks.id, { onDelete: 'cascade' }),
  kind: text('kind').$type<TaskNoteKind>().notNull().default('note'),
  body: text('body').notNull(),
  status: text('status').$type<TaskStatus>(),
  authorId: uuid('author_id').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const RECURRENCE_FREQUENCIES = ['daily', 'weekly'] as const;
export type RecurrenceFrequency = (typeof RECURRENCE_FREQUENCIES)[number];

export const taskRecurrences = pgTable('task_recurrences', {
  id: uuid('id').primaryKey().defaultRandom(),
  incidentId: uuid('incident_id').references(() => incidents.id),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  assigneeAgencyId: uuid('assignee_agency_id').references(() => agencies.id),
  assigneeJurisdictionId: uuid('assignee_jurisdiction_id').references(() => jurisdictions.id),
  assigneeUserId: uuid('assignee_user_id').references(() => users.id),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  priority: text('priority').$type<(typeof TASK_PRIORITIES)[number]>().notNull().default('normal'),
  checklist: jsonb('checklist').$type<ChecklistItem[]>().notNull().default(sql`'[]'::jsonb`),
  frequency: text('frequency').$type<RecurrenceFrequency>().notNull(),
  weekdays: integer('weekdays').array().notNull().default(sql`'{}'`),
  dueTime: text('due_time').notNull(),
  startsOn: date('starts_on', { mode: 'string' }).notNull(),
  endsOn: date('ends_on', { mode: 'string' }),
  active: boolean('active').notNull().default(true),
  lastPeriod: date('last_period', { mode: 'string' }),
  createdBy: uuid('created_by').references(() => users.id),
  ...timestamps,
});
