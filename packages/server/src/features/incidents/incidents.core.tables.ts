/**
 * Drizzle definitions of migrations/0009_response.sql (the SQL is the source of truth; the drift test
 * compares): incidents and tasks. The incidents and tasks features add their own tables in their own files.
 */
import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import { alerts } from '../alerts/alerts.core.tables.ts';
import { diseases } from '../cases/cases.tables.ts';
import { plans } from '../plans/plans.tables.ts';
import { agencies } from '../registry/registry.tables.ts';

/** Response levels, most severe first (DOMAIN.md §4). */
export const RESPONSE_LEVELS = ['I', 'II', 'III', 'IV'] as const;
export type ResponseLevel = (typeof RESPONSE_LEVELS)[number];

export const incidents = pgTable('incidents', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code')
    .notNull()
    .unique()
    // a sequence number, given by the database (migration)
    .default(sql`record_code('E', nextval('incidents_code_seq'), 3)`),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  diseaseId: uuid('disease_id').references(() => diseases.id),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  alertId: uuid('alert_id').references(() => alerts.id),
  status: text('status').$type<'open' | 'closed'>().notNull().default('open'),
  responseLevel: text('response_level').$type<ResponseLevel>(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  summary: text('summary').notNull().default(''),
  createdBy: uuid('created_by').references(() => users.id),
  ...timestamps,
  // added by 0015_plans_incidents.sql: the plan the incident is run under
  planId: uuid('plan_id').references(() => plans.id),
});

export const TASK_STATUSES = ['assigned', 'accepted', 'in_progress', 'done', 'rejected', 'blocked', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TASK_ORIGINS = ['manual', 'plan_measure', 'meeting_decision', 'recurring', 'bulk'] as const;
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
  createdBy: uuid('created_by').references(() => users.id),
  ...timestamps,
});
