/**
 * Drizzle definitions of migrations/0015_plans_incidents.sql (plans part) and 0019_plan_four_eyes.sql (the SQL is
 * the source of truth, the drift test compares): emergency plans and their versions.
 */
import { integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import type { PlanContent } from './plans.content.ts';

/** A version's workflow states: only draft and returned versions can be edited; approved is the one in force. */
export const PLAN_VERSION_STATUSES = ['draft', 'in_review', 'returned', 'approved', 'superseded'] as const;
export type PlanVersionStatus = (typeof PLAN_VERSION_STATUSES)[number];

export const plans = pgTable('plans', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  createdBy: uuid('created_by').references(() => users.id),
  ...timestamps,
});

export const planVersions = pgTable(
  'plan_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    version: integer('version').notNull(),
    status: text('status').$type<PlanVersionStatus>().notNull().default('draft'),
    content: jsonb('content').$type<PlanContent>().notNull(),
    changeNote: text('change_note').notNull().default(''),
    reviewComment: text('review_comment').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id),
    /** who last saved the content (migration 0019): may not approve the version (four-eyes rule) */
    lastEditedBy: uuid('last_edited_by').references(() => users.id),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [unique().on(t.planId, t.version)],
);
