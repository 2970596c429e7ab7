/**
 * Drizzle definitions of the training tables of migrations/0063_training_education.sql (the SQL is the source of
 * truth; the drift test compares).
 */
import { sql } from 'drizzle-orm';
import { boolean, date, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { agencies } from '../registry/index.ts';
import { volunteers } from '../volunteers/index.ts';

export const COURSE_TOPICS = [
  'ppe',
  'sampling',
  'contact_tracing',
  'platform',
  'disinfection',
  'risk_communication',
  'psychological_first_aid',
  'other',
] as const;
export type CourseTopic = (typeof COURSE_TOPICS)[number];
export const COURSE_AUDIENCES = ['staff', 'volunteers', 'both'] as const;
export type CourseAudience = (typeof COURSE_AUDIENCES)[number];
export const SESSION_STATUSES = ['planned', 'held', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const ATTENDANCE_VALUES = ['enrolled', 'present', 'absent', 'excused'] as const;
export type Attendance = (typeof ATTENDANCE_VALUES)[number];

export const trainingCourses = pgTable('training_courses', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  title: text('title').notNull(),
  titleEn: text('title_en').notNull(),
  topic: text('topic').$type<CourseTopic>().notNull(),
  audience: text('audience').$type<CourseAudience>().notNull().default('staff'),
  description: text('description').notNull().default(''),
  descriptionEn: text('description_en').notNull().default(''),
  durationMinutes: integer('duration_minutes').notNull().default(120),
  validityMonths: integer('validity_months'),
  active: boolean('active').notNull().default(true),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const trainingSessions = pgTable('training_sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  courseId: uuid('course_id')
    .notNull()
    .references(() => trainingCourses.id),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  location: text('location').notNull().default(''),
  trainer: text('trainer').notNull().default(''),
  capacity: integer('capacity'),
  status: text('status').$type<SessionStatus>().notNull().default('planned'),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  closedBy: uuid('closed_by').references(() => users.id),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const trainingEnrolments = pgTable('training_enrolments', {
  id: uuid('id').primaryKey().defaultRandom(),
  sessionId: uuid('session_id')
    .notNull()
    .references(() => trainingSessions.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').references(() => users.id),
  volunteerId: uuid('volunteer_id').references(() => volunteers.id, { onDelete: 'cascade' }),
  attendance: text('attendance').$type<Attendance>().notNull().default('enrolled'),
  passed: boolean('passed'),
  markedBy: uuid('marked_by').references(() => users.id),
  markedAt: timestamp('marked_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const trainingCertificates = pgTable('training_certificates', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique().default(sql`record_code('TC', nextval('training_certificates_code_seq'), 5)`),
  courseId: uuid('course_id')
    .notNull()
    .references(() => trainingCourses.id),
  userId: uuid('user_id').references(() => users.id),
  volunteerId: uuid('volunteer_id').references(() => volunteers.id, { onDelete: 'cascade' }),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  agencyId: uuid('agency_id').references(() => agencies.id),
  sessionId: uuid('session_id').references(() => trainingSessions.id, { onDelete: 'set null' }),
  issuedOn: date('issued_on', { mode: 'string' }).notNull(),
  expiresOn: date('expires_on', { mode: 'string' }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  revokeReason: text('revoke_reason').notNull().default(''),
  remindedAt: timestamp('reminded_at', { withTimezone: true }),
  issuedBy: uuid('issued_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
