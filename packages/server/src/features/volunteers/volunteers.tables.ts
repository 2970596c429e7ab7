/**
 * Drizzle definitions of migrations/0062_volunteers.sql (the SQL is the source of truth; the drift test compares).
 */
import { sql } from 'drizzle-orm';
import { date, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { tasks } from '../tasks/index.ts';

/** What a volunteer can do (the registry's skill list; a volunteer has any number). */
export const VOLUNTEER_SKILLS = [
  'medical',
  'nursing',
  'first_aid',
  'psychological_support',
  'logistics',
  'driving',
  'translation',
  'community_outreach',
  'port_work',
  'it_support',
  'data_entry',
  'elderly_care',
] as const;
export type VolunteerSkill = (typeof VOLUNTEER_SKILLS)[number];
/** Languages spoken (BCP 47 primary tags and dialects common in the district and on the river). */
export const VOLUNTEER_LANGUAGES = ['zh', 'en', 'yue', 'cdo', 'wuu', 'vi', 'my', 'ru', 'ja', 'ko', 'csl'] as const;
export type VolunteerLanguage = (typeof VOLUNTEER_LANGUAGES)[number];
/** When a volunteer can serve. */
export const VOLUNTEER_AVAILABILITY = ['weekday_daytime', 'weekday_evening', 'weekend', 'on_call', 'emergency_only'] as const;
export type VolunteerAvailability = (typeof VOLUNTEER_AVAILABILITY)[number];
/** Vetting states: pending → approved | rejected; approved → suspended | withdrawn; suspended → approved. */
export const VETTING_STATUSES = ['pending', 'approved', 'rejected', 'suspended', 'withdrawn'] as const;
export type VettingStatus = (typeof VETTING_STATUSES)[number];
export const VOLUNTEER_ID_TYPES = ['resident_id', 'passport', 'other', 'none'] as const;
export type VolunteerIdType = (typeof VOLUNTEER_ID_TYPES)[number];
export const VOLUNTEER_SEXES = ['male', 'female', 'unknown'] as const;
export const ASSIGNMENT_STATUSES = ['assigned', 'checked_in', 'completed', 'cancelled'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];
/** Assignments still running: the volunteer sees the task's contact details only in these. */
export const OPEN_ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = ['assigned', 'checked_in'];
export const HOURS_SOURCES = ['check_out', 'manual'] as const;

export const volunteers = pgTable('volunteers', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique().default(sql`record_code('V', nextval('volunteers_code_seq'), 5)`),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  grid: text('grid').notNull().default(''),
  name: text('name').notNull(),
  sex: text('sex').$type<(typeof VOLUNTEER_SEXES)[number]>().notNull().default('unknown'),
  birthYear: integer('birth_year'),
  phoneEncrypted: text('phone_encrypted'),
  phoneMasked: text('phone_masked').notNull().default(''),
  idType: text('id_type').$type<VolunteerIdType>().notNull().default('none'),
  idNumberEncrypted: text('id_number_encrypted'),
  idNumberMasked: text('id_number_masked').notNull().default(''),
  idNumberHash: text('id_number_hash'),
  skills: jsonb('skills').$type<VolunteerSkill[]>().notNull().default(sql`'[]'::jsonb`),
  languages: jsonb('languages').$type<VolunteerLanguage[]>().notNull().default(sql`'[]'::jsonb`),
  availability: jsonb('availability').$type<VolunteerAvailability[]>().notNull().default(sql`'[]'::jsonb`),
  organisation: text('organisation').notNull().default(''),
  notes: text('notes').notNull().default(''),
  userId: uuid('user_id')
    .unique()
    .references(() => users.id),
  vettingStatus: text('vetting_status').$type<VettingStatus>().notNull().default('pending'),
  vettingNote: text('vetting_note').notNull().default(''),
  vettedBy: uuid('vetted_by').references(() => users.id),
  vettedAt: timestamp('vetted_at', { withTimezone: true }),
  registeredBy: uuid('registered_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const volunteerAssignments = pgTable('volunteer_assignments', {
  id: uuid('id').primaryKey().defaultRandom(),
  volunteerId: uuid('volunteer_id')
    .notNull()
    .references(() => volunteers.id, { onDelete: 'cascade' }),
  taskId: uuid('task_id')
    .notNull()
    .references(() => tasks.id),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  duty: text('duty').notNull().default(''),
  contactDetails: text('contact_details').notNull().default(''),
  status: text('status').$type<AssignmentStatus>().notNull().default('assigned'),
  checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
  checkedOutAt: timestamp('checked_out_at', { withTimezone: true }),
  assignedBy: uuid('assigned_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const volunteerHours = pgTable('volunteer_hours', {
  id: uuid('id').primaryKey().defaultRandom(),
  volunteerId: uuid('volunteer_id')
    .notNull()
    .references(() => volunteers.id, { onDelete: 'cascade' }),
  assignmentId: uuid('assignment_id').references(() => volunteerAssignments.id, { onDelete: 'set null' }),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  workedOn: date('worked_on', { mode: 'string' }).notNull(),
  minutes: integer('minutes').notNull(),
  activity: text('activity').notNull().default(''),
  source: text('source').$type<(typeof HOURS_SOURCES)[number]>().notNull(),
  loggedBy: uuid('logged_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
