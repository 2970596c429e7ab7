/**
 * Drizzle definitions of migrations/0017_meetings_reports.sql, meetings part (the SQL is the source of truth; the
 * drift test compares): joint prevention and control meetings, their attendees and decisions.
 */
import { integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import { incidents } from '../incidents/index.ts';
import { agencies } from '../registry/index.ts';

export const MEETING_STATUSES = ['scheduled', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** One agenda item. */
export interface AgendaItem {
  title: string;
  /** who presents it ('' when nobody in particular) */
  presenter: string;
}

export const meetings = pgTable('meetings', {
  id: uuid('id').primaryKey().defaultRandom(),
  incidentId: uuid('incident_id').references(() => incidents.id),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  title: text('title').notNull(),
  heldAt: timestamp('held_at', { withTimezone: true }).notNull(),
  location: text('location').notNull().default(''),
  chair: text('chair').notNull().default(''),
  agenda: jsonb('agenda').$type<AgendaItem[]>().notNull().default([]),
  minutes: text('minutes').notNull().default(''),
  status: text('status').$type<MeetingStatus>().notNull().default('scheduled'),
  createdBy: uuid('created_by').references(() => users.id),
  ...timestamps,
});

export const meetingAttendees = pgTable('meeting_attendees', {
  id: uuid('id').primaryKey().defaultRandom(),
  meetingId: uuid('meeting_id')
    .notNull()
    .references(() => meetings.id, { onDelete: 'cascade' }),
  agencyId: uuid('agency_id').references(() => agencies.id),
  personName: text('person_name').notNull().default(''),
  position: text('position').notNull().default(''),
  sortOrder: integer('sort_order').notNull().default(0),
});

export const meetingDecisions = pgTable(
  'meeting_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    text: text('text').notNull(),
    ...timestamps,
  },
  (t) => [unique().on(t.meetingId, t.seq)],
);
