/**
 * Drizzle definitions of migrations/0052_quarantine.sql and 0066 (the SQL is the source of truth; the drift test compares).
 */
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, text, unique, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import { caseReports } from '../cases/index.ts';
import { contacts } from '../contacts/index.ts';
import { facilities } from '../registry/index.ts';

/** Where a person is quarantined: a room of a quarantine site (集中隔离) or at home (居家隔离). */
export const QUARANTINE_KINDS = ['site', 'home'] as const;
export type QuarantineKind = (typeof QUARANTINE_KINDS)[number];

export const QUARANTINE_STATUSES = ['active', 'transferred', 'released'] as const;
export type QuarantineStatus = (typeof QUARANTINE_STATUSES)[number];

/** Why a quarantine ended: the period ran out, the person became a case (moved to hospital), was no contact after all, moved away. */
export const RELEASE_REASONS = [
  'period_completed',
  'converted_to_case',
  'not_a_contact',
  'moved_away',
  'admitted_to_hospital',
  'recovered',
  'other',
] as const;
/** The reasons that end a contact's stay, and those that end a case person's (0066). */
export const CONTACT_RELEASE_REASONS = ['period_completed', 'converted_to_case', 'not_a_contact', 'moved_away', 'other'] as const;
export const CASE_RELEASE_REASONS = ['period_completed', 'admitted_to_hospital', 'recovered', 'moved_away', 'other'] as const;
export type ReleaseReason = (typeof RELEASE_REASONS)[number];

/** The facility type that is a quarantine site (registry). */
export const QUARANTINE_SITE_TYPE = 'quarantine_hotel' as const;

export const quarantineRooms = pgTable(
  'quarantine_rooms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    roomNo: text('room_no').notNull(),
    floor: integer('floor'),
    capacity: integer('capacity').notNull().default(1),
    inService: boolean('in_service').notNull().default(true),
    notes: text('notes').notNull().default(''),
    ...timestamps,
  },
  (t) => [unique().on(t.facilityId, t.roomNo)],
);

export const quarantineAssignments = pgTable(
  'quarantine_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique().default(sql`record_code('Q', nextval('quarantine_assignments_code_seq'), 6)`),
    /** the contact in quarantine, or (0066) */
    contactId: uuid('contact_id').references(() => contacts.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    kind: text('kind').$type<QuarantineKind>().notNull(),
    facilityId: uuid('facility_id').references(() => facilities.id),
    roomId: uuid('room_id').references(() => quarantineRooms.id),
    homeAddress: text('home_address').notNull().default(''),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    status: text('status').$type<QuarantineStatus>().notNull().default('active'),
    endedOn: date('ended_on', { mode: 'string' }),
    releaseReason: text('release_reason').$type<ReleaseReason>(),
    releaseNotes: text('release_notes').notNull().default(''),
    previousId: uuid('previous_id').references((): AnyPgColumn => quarantineAssignments.id),
    notes: text('notes').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id),
    endedBy: uuid('ended_by').references(() => users.id),
    ...timestamps,
    /** … the case person isolated (0066): exactly one of the two */
    caseReportId: uuid('case_report_id').references(() => caseReports.id),
  },
  (t) => [
    uniqueIndex('quarantine_assignments_one_active_idx').on(t.contactId).where(sql`${t.status} = 'active'`),
    index('quarantine_assignments_room_active_idx').on(t.roomId).where(sql`${t.status} = 'active'`),
    index('quarantine_assignments_facility_idx').on(t.facilityId, t.status),
    index('quarantine_assignments_jurisdiction_idx').on(t.jurisdictionId, t.status),
    index('quarantine_assignments_contact_idx').on(t.contactId),
    uniqueIndex('quarantine_assignments_one_active_case_idx')
      .on(t.caseReportId)
      .where(sql`${t.status} = 'active' AND ${t.caseReportId} IS NOT NULL`),
    index('quarantine_assignments_case_idx').on(t.caseReportId).where(sql`${t.caseReportId} IS NOT NULL`),
  ],
);
