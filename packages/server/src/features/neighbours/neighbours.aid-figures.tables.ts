/**
 * Drizzle definitions of migrations/0068_neighbours_aid_figures.sql (the SQL is the source of truth; the drift test
 * compares): the local handling of a neighbour's border alert, mutual aid requests, a neighbour's daily figures.
 */
import { date, index, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { neighbourAlerts, neighbourLinks } from './neighbours.tables.ts';

/** How we handle a neighbour's alert here (its status at the neighbour stays as sent). */
export const ALERT_HANDLING_STATES = ['acknowledged', 'monitoring', 'actioned'] as const;
export type AlertHandlingState = (typeof ALERT_HANDLING_STATES)[number];

export const neighbourAlertHandling = pgTable('neighbour_alert_handling', {
  neighbourAlertId: uuid('neighbour_alert_id')
    .primaryKey()
    .references(() => neighbourAlerts.id),
  localState: text('local_state').$type<AlertHandlingState>().notNull(),
  note: text('note').notNull().default(''),
  taskId: uuid('task_id'),
  handledBy: uuid('handled_by').references(() => users.id),
  handledAt: timestamp('handled_at', { withTimezone: true }).notNull().defaultNow(),
});

export const AID_KINDS = ['staff', 'beds', 'materials', 'testing'] as const;
export type AidKind = (typeof AID_KINDS)[number];
export const AID_DIRECTIONS = ['outgoing', 'incoming'] as const;
export type AidDirection = (typeof AID_DIRECTIONS)[number];
/**
 * draft (outgoing, waiting for a second person) → sent/received → offered (all or part) | refused → accepted →
 * delivered; cancelled by the requester before it is accepted.
 */
export const AID_STATUSES = ['draft', 'sent', 'received', 'offered', 'refused', 'accepted', 'delivered', 'cancelled'] as const;
export type AidStatus = (typeof AID_STATUSES)[number];

export interface AidItem {
  kind: AidKind;
  description: string;
  unit: string;
  quantity: number;
  /** what the neighbour offers (null until it answers) */
  offered: number | null;
  /** what was delivered (null until closed) */
  delivered: number | null;
}

/** An answer drafted by one person, sent when another approves it (four eyes: an offer commits the district). */
export interface AidAnswerDraft {
  decision: 'offer' | 'refuse';
  offered: number[];
  note: string;
}

export const neighbourAidRequests = pgTable(
  'neighbour_aid_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => neighbourLinks.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    direction: text('direction').$type<AidDirection>().notNull(),
    requestRef: uuid('request_ref').notNull(),
    title: text('title').notNull(),
    reason: text('reason').notNull().default(''),
    neededBy: date('needed_by').notNull(),
    items: jsonb('items').$type<AidItem[]>().notNull(),
    status: text('status').$type<AidStatus>().notNull(),
    answerNote: text('answer_note').notNull().default(''),
    answerDraft: jsonb('answer_draft').$type<AidAnswerDraft>(),
    answerDraftedBy: uuid('answer_drafted_by').references(() => users.id),
    answerApprovedBy: uuid('answer_approved_by').references(() => users.id),
    deliveredNote: text('delivered_note').notNull().default(''),
    stockRequestId: uuid('stock_request_id'),
    taskId: uuid('task_id'),
    createdBy: uuid('created_by').references(() => users.id),
    approvedBy: uuid('approved_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('neighbour_aid_requests_link_id_direction_request_ref_key').on(t.linkId, t.direction, t.requestRef),
    index('neighbour_aid_requests_jurisdiction_idx').on(t.jurisdictionId, t.updatedAt),
  ],
);

/** A district's daily figures as sent: no personal data; a suppressed count is null. */
export interface DailyFigures {
  day: string;
  district: { code: string; name: string; nameEn: string };
  diseases: { code: string; name: string; nameEn: string; newCases: number | null; cumulativeCases: number | null }[];
  /** the district's totals (district-level headline figures, published as they are, like a bulletin's) */
  newCases: number;
  cumulativeCases: number;
  openAlerts: number;
  /** the highest active response level (I … IV), or null */
  responseLevel: string | null;
  /** the threshold: counts 1 … k−1 are suppressed; null when the agreement allows small numbers */
  k: number | null;
  suppressed: number;
}

export const neighbourDailyFigures = pgTable(
  'neighbour_daily_figures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => neighbourLinks.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    day: date('day').notNull(),
    figures: jsonb('figures').$type<DailyFigures>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('neighbour_daily_figures_link_id_day_key').on(t.linkId, t.day)],
);
