/**
 * Drizzle definitions of the investigation tables of migrations/0050_travel_investigations.sql (the SQL is the
 * source of truth; the drift test compares): the epidemiological investigation (流调) of a case and its timeline.
 */
import { date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import { caseReports } from '../cases/index.ts';
import { travelTrips } from '../travel/index.ts';

export const PLACE_KINDS = ['home', 'work', 'school', 'market', 'clinic', 'gathering', 'other_place'] as const;
export const JOURNEY_KINDS = ['voyage', 'bus', 'train', 'flight', 'port_shift'] as const;
export const EVENT_KINDS = [...PLACE_KINDS, ...JOURNEY_KINDS] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const INVESTIGATION_STATUSES = ['open', 'closed'] as const;
export const SOURCE_KINDS = ['unknown', 'household', 'local', 'travel', 'imported', 'healthcare', 'other'] as const;

export const investigations = pgTable('investigations', {
  id: uuid('id').primaryKey().defaultRandom(),
  caseId: uuid('case_id')
    .notNull()
    .unique()
    .references(() => caseReports.id),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  status: text('status').$type<(typeof INVESTIGATION_STATUSES)[number]>().notNull().default('open'),
  windowFrom: date('window_from').notNull(),
  windowTo: date('window_to').notNull(),
  likelySourceKind: text('likely_source_kind').$type<(typeof SOURCE_KINDS)[number]>().notNull().default('unknown'),
  likelySource: text('likely_source').notNull().default(''),
  notes: text('notes').notNull().default(''),
  investigatorId: uuid('investigator_id').references(() => users.id),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  ...timestamps,
});

export const investigationEvents = pgTable(
  'investigation_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    investigationId: uuid('investigation_id')
      .notNull()
      .references(() => investigations.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    kind: text('kind').$type<EventKind>().notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    place: text('place').notNull().default(''),
    activity: text('activity').notNull().default(''),
    tripId: uuid('trip_id').references(() => travelTrips.id),
    serviceNumber: text('service_number').notNull().default(''),
    deck: text('deck').notNull().default(''),
    cabin: text('cabin').notNull().default(''),
    seat: text('seat').notNull().default(''),
    notes: text('notes').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [index('investigation_events_investigation_idx').on(t.investigationId, t.startsAt)],
);
