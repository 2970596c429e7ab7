/**
 * Drizzle definitions of migrations/0015_plans_incidents.sql (incidents part; the SQL is the source of truth,
 * the drift test compares): levels activated, the timeline and the command structure of an incident.
 */
import { integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/db/platform.tables.ts';
import { planVersions } from '../plans/plans.tables.ts';
import { agencies } from '../registry/registry.tables.ts';
import { incidents, type ResponseLevel } from './incidents.core.tables.ts';

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
