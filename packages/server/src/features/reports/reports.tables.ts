/**
 * Drizzle definitions of migrations/0017_meetings_reports.sql, reports part (the SQL is the source of truth; the
 * drift test compares): daily situation reports and their snapshots.
 */
import { sql } from 'drizzle-orm';
import { boolean, date, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import { incidents } from '../incidents/index.ts';
import type { OccupancyEntry, ReportFigures } from './reports.figures.ts';
import type { ReportScenario } from './reports.scenario.ts';

export const REPORT_STATUSES = ['draft', 'submitted', 'approved', 'archived'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_EVENTS = ['submitted', 'returned', 'approved', 'revised', 'archived'] as const;
export type ReportEvent = (typeof REPORT_EVENTS)[number];

/** What a snapshot keeps: everything a reader of the report sees. */
export interface ReportContent {
  title: string;
  summary: string;
  situation: string;
  measures: string;
  nextSteps: string;
  figures: ReportFigures;
  occupancy: OccupancyEntry[];
  /** the attached stock scenario's snapshot (migration 0072); absent in versions kept before it */
  scenario?: ReportScenario | null;
}

export const situationReports = pgTable(
  'situation_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    reportDate: date('report_date').notNull(),
    issueNo: integer('issue_no').notNull(),
    status: text('status').$type<ReportStatus>().notNull().default('draft'),
    version: integer('version').notNull().default(1),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    situation: text('situation').notNull().default(''),
    measures: text('measures').notNull().default(''),
    nextSteps: text('next_steps').notNull().default(''),
    figures: jsonb('figures').$type<ReportFigures>().notNull(),
    figuresGeneratedAt: timestamp('figures_generated_at', { withTimezone: true }).notNull(),
    occupancy: jsonb('occupancy').$type<OccupancyEntry[]>().notNull().default([]),
    /** the attached stock scenario, as a snapshot (migration 0072; reports.scenario.ts); null: none */
    scenario: jsonb('scenario').$type<ReportScenario>(),
    reviewComment: text('review_comment').notNull().default(''),
    draftedByJob: boolean('drafted_by_job').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
    updatedBy: uuid('updated_by').references(() => users.id),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    approvedBy: uuid('approved_by').references(() => users.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    /** everyone who drafted, edited or submitted it (migration 0038): none of them may approve it */
    authorIds: uuid('author_ids').array().notNull().default(sql`'{}'`),
    ...timestamps,
  },
  (t) => [unique().on(t.incidentId, t.reportDate), unique().on(t.incidentId, t.issueNo)],
);

export const situationReportVersions = pgTable('situation_report_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  reportId: uuid('report_id')
    .notNull()
    .references(() => situationReports.id, { onDelete: 'cascade' }),
  version: integer('version').notNull(),
  event: text('event').$type<ReportEvent>().notNull(),
  content: jsonb('content').$type<ReportContent>().notNull(),
  comment: text('comment').notNull().default(''),
  actorId: uuid('actor_id').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
