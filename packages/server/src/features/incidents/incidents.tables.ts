/**
 * Drizzle definitions of the incidents feature's tables (the SQL is the source of truth, the drift test
 * compares): incidents (migrations/0009_response.sql), and from 0015_plans_incidents.sql the levels activated,
 * the timeline and the command structure of an incident.
 */
import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import { alerts } from '../alerts/index.ts';
import { caseReports } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { planVersions, plans } from '../plans/index.ts';
import { agencies } from '../registry/index.ts';

/** Response levels: the plans' vocabulary (plans/response-vocabulary.ts), re-exported for the incident code. */
import type { ResponseLevel } from '../plans/index.ts';
export { RESPONSE_LEVELS, type ResponseLevel } from '../plans/index.ts';

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
  /** 0060: the exercise that created this record (docs/exercises.md; FK in SQL only: exercises sits above); null for real data */
  exerciseId: uuid('exercise_id'),
});

/** The first activation of a level in an incident: its measures were instantiated then, and only then. */
export const incidentLevelActivations = pgTable(
  'incident_level_activations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    level: text('level').$type<ResponseLevel>().notNull(),
    planVersionId: uuid('plan_version_id').references(() => planVersions.id),
    activatedAt: timestamp('activated_at', { withTimezone: true }).notNull(),
    taskCount: integer('task_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.incidentId, t.level)],
);

export const INCIDENT_EVENT_KINDS = [
  'opened',
  'updated',
  'level_set',
  'level_raised',
  'level_lowered',
  'level_ended',
  'log',
  'staffing',
  'stand_down',
] as const;
export type IncidentEventKind = (typeof INCIDENT_EVENT_KINDS)[number];

export const incidentEvents = pgTable('incident_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  incidentId: uuid('incident_id')
    .notNull()
    .references(() => incidents.id),
  kind: text('kind').$type<IncidentEventKind>().notNull(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  text: text('text').notNull().default(''),
  fromLevel: text('from_level').$type<ResponseLevel>(),
  toLevel: text('to_level').$type<ResponseLevel>(),
  approverId: uuid('approver_id').references(() => users.id),
  authorId: uuid('author_id').references(() => users.id),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const INCIDENT_ROLES = ['commander', 'deputy_commander', 'group_lead', 'agency_liaison', 'member'] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

export const incidentRoles = pgTable('incident_roles', {
  id: uuid('id').primaryKey().defaultRandom(),
  incidentId: uuid('incident_id')
    .notNull()
    .references(() => incidents.id),
  role: text('role').$type<IncidentRole>().notNull(),
  workingGroupId: text('working_group_id'),
  agencyId: uuid('agency_id').references(() => agencies.id),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  assignedBy: uuid('assigned_by').references(() => users.id),
  assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
  endedAt: timestamp('ended_at', { withTimezone: true }),
});

/** 'exercise' (0070): linked by an exercise's inject to that exercise's incident (docs/exercises.md) */
export const INCIDENT_CASE_ORIGINS = ['alert', 'hand', 'exercise'] as const;
export type IncidentCaseOrigin = (typeof INCIDENT_CASE_ORIGINS)[number];

/**
 * Cases linked to an incident (migrations/0036_incident_cases.sql): from its source alert when it was opened, or
 * by hand. Counted in its figures beside the cases found by area, disease and period; an unlinked row is kept.
 */
export const incidentCases = pgTable('incident_cases', {
  id: uuid('id').primaryKey().defaultRandom(),
  incidentId: uuid('incident_id')
    .notNull()
    .references(() => incidents.id),
  caseId: uuid('case_id')
    .notNull()
    .references(() => caseReports.id),
  origin: text('origin').$type<IncidentCaseOrigin>().notNull(),
  reason: text('reason').notNull().default(''),
  linkedBy: uuid('linked_by').references(() => users.id),
  linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
  unlinkedBy: uuid('unlinked_by').references(() => users.id),
  unlinkedAt: timestamp('unlinked_at', { withTimezone: true }),
  unlinkReason: text('unlink_reason').notNull().default(''),
});
