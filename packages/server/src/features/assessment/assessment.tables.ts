/**
 * Drizzle definitions of migrations/0056_assessment.sql (the SQL is the source of truth; the drift test compares):
 * 7-1-7 notes per event, reviews (AAR/IAR), their actions, the preparedness self-assessment and the lessons library.
 */
import { sql } from 'drizzle-orm';
import { date, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import { alerts } from '../alerts/index.ts';
import { incidents } from '../incidents/index.ts';
import { planVersions } from '../plans/index.ts';
import { agencies } from '../registry/index.ts';
import { tasks } from '../tasks/index.ts';

/** The three 7-1-7 intervals (emergence → detection → notification; detection → early response completed). */
export const INTERVALS = ['detection', 'notification', 'response'] as const;
export type IntervalName = (typeof INTERVALS)[number];

/** A bottleneck of an event: an interval and a code of the coded list (bottlenecks.ts), with a note. */
export interface EventBottleneck {
  interval: IntervalName;
  code: string;
  note: string;
}

export const assessmentEvents = pgTable('assessment_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  incidentId: uuid('incident_id')
    .unique()
    .references(() => incidents.id),
  alertId: uuid('alert_id')
    .unique()
    .references(() => alerts.id),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  /** the emergence as corrected by a person (null: computed from the linked cases' onsets) */
  emergenceAt: timestamp('emergence_at', { withTimezone: true }),
  emergenceReason: text('emergence_reason').notNull().default(''),
  bottlenecks: jsonb('bottlenecks').$type<EventBottleneck[]>().notNull().default(sql`'[]'::jsonb`),
  updatedBy: uuid('updated_by').references(() => users.id),
  ...timestamps,
});

export const REVIEW_KINDS = ['after_action', 'intra_action'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
/** WHO AAR toolkit formats. */
export const REVIEW_FORMATS = ['debrief', 'working_group', 'key_informant', 'mixed'] as const;
export type ReviewFormat = (typeof REVIEW_FORMATS)[number];
export const ASSESSMENT_REVIEW_STATUSES = ['draft', 'submitted', 'approved'] as const;
export type AssessmentReviewStatus = (typeof ASSESSMENT_REVIEW_STATUSES)[number];
/** The response pillars a review covers (WHO IAR pillars, shortened to the district's work). */
export const REVIEW_PILLARS = [
  'coordination',
  'surveillance',
  'laboratory',
  'case_management',
  'infection_prevention',
  'risk_communication',
  'logistics',
  'points_of_entry',
] as const;
export type ReviewPillar = (typeof REVIEW_PILLARS)[number];

export const assessmentReviews = pgTable('assessment_reviews', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique().default(sql`record_code('R', nextval('assessment_reviews_code_seq'), 3)`),
  kind: text('kind').$type<ReviewKind>().notNull(),
  incidentId: uuid('incident_id').references(() => incidents.id),
  exerciseName: text('exercise_name').notNull().default(''),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  title: text('title').notNull(),
  format: text('format').$type<ReviewFormat>().notNull(),
  reviewDate: date('review_date', { mode: 'string' }).notNull(),
  participantAgencyIds: uuid('participant_agency_ids').array().notNull().default(sql`'{}'`),
  pillars: text('pillars').array().$type<ReviewPillar[]>().notNull().default(sql`'{}'`),
  wentWell: text('went_well').notNull().default(''),
  challenges: text('challenges').notNull().default(''),
  rootCauses: text('root_causes').notNull().default(''),
  indicators: jsonb('indicators').$type<Record<string, unknown>>(),
  status: text('status').$type<AssessmentReviewStatus>().notNull().default('draft'),
  authorIds: uuid('author_ids').array().notNull().default(sql`'{}'`),
  submittedBy: uuid('submitted_by').references(() => users.id),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  approvedBy: uuid('approved_by').references(() => users.id),
  approvedAt: timestamp('approved_at', { withTimezone: true }),
  reviewComment: text('review_comment').notNull().default(''),
  createdBy: uuid('created_by').references(() => users.id),
  ...timestamps,
});

/** What the evidence of a self-assessment score may link to (0065). */
export const SPAR_LINK_KINDS = ['plan_version', 'review', 'indicator', 'url'] as const;
export type SparLinkKind = (typeof SPAR_LINK_KINDS)[number];
export interface SparEvidenceLink {
  kind: SparLinkKind;
  /** a plan version's or review's id, an indicator's key (spar.ts), or an http(s) address */
  ref: string;
  label: string;
}

export const SPAR_STATUSES = ['draft', 'submitted', 'approved'] as const;
export type SparStatus = (typeof SPAR_STATUSES)[number];

export const assessmentSparRounds = pgTable(
  'assessment_spar_rounds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    year: integer('year').notNull(),
    status: text('status').$type<SparStatus>().notNull().default('draft'),
    authorIds: uuid('author_ids').array().notNull().default(sql`'{}'`),
    approvedBy: uuid('approved_by').references(() => users.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    ...timestamps,
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    reviewComment: text('review_comment').notNull().default(''),
  },
  (t) => [unique().on(t.jurisdictionId, t.year)],
);

export const assessmentSparScores = pgTable(
  'assessment_spar_scores',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => assessmentSparRounds.id, { onDelete: 'cascade' }),
    indicatorCode: text('indicator_code').notNull(),
    score: integer('score').notNull(),
    evidence: text('evidence').notNull().default(''),
    evidenceLinks: jsonb('evidence_links').$type<SparEvidenceLink[]>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.indicatorCode] })],
);

export const ACTION_TERMS = ['immediate', 'mid_long'] as const;
export type ActionTerm = (typeof ACTION_TERMS)[number];

export const assessmentActions = pgTable('assessment_actions', {
  id: uuid('id').primaryKey().defaultRandom(),
  reviewId: uuid('review_id').references(() => assessmentReviews.id, { onDelete: 'cascade' }),
  sparRoundId: uuid('spar_round_id').references(() => assessmentSparRounds.id, { onDelete: 'cascade' }),
  sparIndicatorCode: text('spar_indicator_code'),
  position: integer('position').notNull().default(0),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  term: text('term').$type<ActionTerm>().notNull().default('immediate'),
  ownerAgencyId: uuid('owner_agency_id')
    .notNull()
    .references(() => agencies.id),
  dueDate: date('due_date', { mode: 'string' }).notNull(),
  priority: text('priority').$type<'low' | 'normal' | 'high' | 'urgent'>().notNull().default('normal'),
  taskId: uuid('task_id').references(() => tasks.id),
  planVersionId: uuid('plan_version_id').references(() => planVersions.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const LESSON_SOURCES = ['own_event', 'review', 'external'] as const;
export type LessonSource = (typeof LESSON_SOURCES)[number];

export const assessmentLessons = pgTable('assessment_lessons', {
  id: uuid('id').primaryKey().defaultRandom(),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  title: text('title').notNull(),
  context: text('context').notNull().default(''),
  lesson: text('lesson').notNull(),
  source: text('source').$type<LessonSource>().notNull(),
  sourceNote: text('source_note').notNull().default(''),
  incidentId: uuid('incident_id').references(() => incidents.id),
  reviewId: uuid('review_id').references(() => assessmentReviews.id),
  tags: text('tags').array().notNull().default(sql`'{}'`),
  planVersionId: uuid('plan_version_id').references(() => planVersions.id),
  planSection: text('plan_section').notNull().default(''),
  createdBy: uuid('created_by').references(() => users.id),
  ...timestamps,
});
