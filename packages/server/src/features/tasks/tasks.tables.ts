/**
 * Drizzle definitions of migrations/0016_tasks.sql (the SQL is the source of truth; the drift test compares):
 * a task's notes and recurring task definitions. The `tasks` table itself is a core table
 * (incidents/incidents.core.tables.ts).
 */
import { sql } from 'drizzle-orm';
import { boolean, date, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import { type ChecklistItem, type TASK_PRIORITIES, type TaskStatus, incidents, tasks } from '../incidents/incidents.core.tables.ts';
import { agencies } from '../registry/registry.tables.ts';

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
