/**
 * Daily bed occupancy of care facilities (migration 0041, docs/occupancy.md): one row per facility and day, with
 * the capacity in force when it was reported.
 */
import { boolean, date, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import { facilities } from '../registry/index.ts';

export const OCCUPANCY_SOURCES = ['form', 'import', 'demo'] as const;
export type OccupancySource = (typeof OCCUPANCY_SOURCES)[number];

export const bedOccupancy = pgTable(
  'bed_occupancy',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    reportDate: date('report_date').notNull(),
    bedsOccupied: integer('beds_occupied').notNull(),
    icuBedsOccupied: integer('icu_beds_occupied').notNull(),
    isolationRoomsOccupied: integer('isolation_rooms_occupied').notNull(),
    bedsCapacity: integer('beds_capacity').notNull(),
    icuBedsCapacity: integer('icu_beds_capacity').notNull(),
    isolationRoomsCapacity: integer('isolation_rooms_capacity').notNull(),
    overCapacity: boolean('over_capacity').notNull().default(false),
    note: text('note').notNull().default(''),
    source: text('source').$type<OccupancySource>().notNull().default('form'),
    importId: uuid('import_id'),
    reportedBy: uuid('reported_by').references(() => users.id),
    createdAt: timestamps.createdAt,
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('bed_occupancy_facility_id_report_date_key').on(t.facilityId, t.reportDate),
    index('bed_occupancy_date_idx').on(t.reportDate, t.facilityId),
    index('bed_occupancy_jurisdiction_idx').on(t.jurisdictionId),
  ],
);
export type BedOccupancyRow = typeof bedOccupancy.$inferSelect;
