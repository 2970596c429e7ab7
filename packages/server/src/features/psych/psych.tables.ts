/**
 * Drizzle definitions of migrations/0053_psych.sql (the SQL is the source of truth; the drift test compares).
 */
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { caseReports } from '../cases/index.ts';
import { contacts } from '../contacts/index.ts';
import { facilities } from '../registry/index.ts';
import type { Cutoffs, Instrument, ScreeningFlag } from './psych-scoring.ts';

export const CLIENT_GROUPS = ['public', 'patient', 'family', 'quarantined', 'health_worker', 'other'] as const;
export type ClientGroup = (typeof CLIENT_GROUPS)[number];
export const RISK_LEVELS = ['low', 'moderate', 'high', 'imminent'] as const;
/**
 * Facility types a referral may go to: mental-health centres (psychiatric hospitals, 精神卫生中心) first — where a
 * client is meant to go — then hospitals and township health centres (where there is no such centre nearby).
 */
export const REFERRAL_FACILITY_TYPES = [
  'mental_health_centre',
  'designated_hospital',
  'general_hospital',
  'township_health_centre',
] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
/** Risk levels that raise a same-day task for the team. */
export const URGENT_RISK_LEVELS = ['high', 'imminent'] as const satisfies readonly RiskLevel[];
export const PLAN_ITEMS = ['self_help', 'counselling', 'group', 'referral'] as const;
export type PlanItem = (typeof PLAN_ITEMS)[number];
/** Coded concerns of a hotline call. */
export const CALL_CONCERNS = [
  'anxiety',
  'low_mood',
  'sleep',
  'grief',
  'fear_of_infection',
  'quarantine_stress',
  'work_stress',
  'family_conflict',
  'financial',
  'self_harm',
  'substance_use',
  'information',
  'other',
] as const;
export const PSYCH_TASK_KINDS = ['self_harm', 'high_risk', 'rescreen', 'follow_up'] as const;
export type PsychTaskKind = (typeof PSYCH_TASK_KINDS)[number];
export const PSYCH_TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
/**
 * FHIR R4 Task.status codes used by the referral loop (hl7.org/fhir/R4/valueset-task-status.html), plus
 * `cancelled` for a referral withdrawn by the team.
 */
export const REFERRAL_STATUSES = ['requested', 'received', 'accepted', 'rejected', 'in-progress', 'completed', 'cancelled'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
/** Referrals still waiting on somebody: listed as open, can be overdue. */
export const OPEN_REFERRAL_STATUSES = ['requested', 'received', 'accepted', 'in-progress'] as const satisfies readonly ReferralStatus[];
/** Why the team closed a client (migrations/0064_psych_closing.sql). */
export const CLOSE_REASONS = ['goals_met', 'referred_on', 'declined', 'lost_contact', 'moved_away', 'other'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
/** How the client was doing when closed. */
export const CLOSE_OUTCOMES = ['improved', 'unchanged', 'worse', 'unknown'] as const;
export type CloseOutcome = (typeof CLOSE_OUTCOMES)[number];
/** The answers a receiving facility gives to a referral itself (FHIR Task states, no cancelling). */
export const FACILITY_ANSWERS = [
  'received',
  'accepted',
  'rejected',
  'in-progress',
  'completed',
] as const satisfies readonly ReferralStatus[];
export const SESSION_MODES = ['phone', 'in_person', 'video'] as const;
export const GROUP_AUDIENCES = ['health_workers', 'quarantine_site', 'patients', 'families', 'other'] as const;

const createdAt = timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const psychClients = pgTable(
  'psych_clients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique().default(sql`record_code('P', nextval('psych_clients_code_seq'), 5)`),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    name: text('name').notNull(),
    phone: text('phone').notNull().default(''),
    clientGroup: text('client_group').$type<ClientGroup>().notNull(),
    consent: boolean('consent').notNull().default(false),
    consentAt: timestamp('consent_at', { withTimezone: true }),
    linkedCaseId: uuid('linked_case_id').references(() => caseReports.id, { onDelete: 'set null' }),
    linkedContactId: uuid('linked_contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    riskLevel: text('risk_level').$type<RiskLevel>(),
    plan: jsonb('plan').$type<PlanItem[]>().notNull().default(sql`'[]'::jsonb`),
    planNotes: text('plan_notes').notNull().default(''),
    nextContactDate: date('next_contact_date'),
    status: text('status').$type<'open' | 'closed'>().notNull().default('open'),
    outcome: text('outcome').notNull().default(''),
    closeReason: text('close_reason').$type<CloseReason>(),
    closeOutcome: text('close_outcome').$type<CloseOutcome>(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt,
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('psych_clients_jurisdiction_idx').on(t.jurisdictionId, t.status),
    index('psych_clients_activity_idx').on(t.lastActivityAt).where(sql`${t.status} = 'closed'`),
  ],
);

export const psychScreenings = pgTable(
  'psych_screenings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => psychClients.id, { onDelete: 'cascade' }),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    instrument: text('instrument').$type<Instrument>().notNull(),
    answers: jsonb('answers').$type<number[]>().notNull(),
    score: integer('score').notNull(),
    band: text('band').notNull(),
    flags: jsonb('flags').$type<ScreeningFlag[]>().notNull().default(sql`'[]'::jsonb`),
    cutoffs: jsonb('cutoffs').$type<Cutoffs>().notNull(),
    source: text('source').$type<'counsellor' | 'self'>().notNull().default('counsellor'),
    screenedAt: timestamp('screened_at', { withTimezone: true }).notNull().defaultNow(),
    recordedBy: uuid('recorded_by').references(() => users.id),
  },
  (t) => [index('psych_screenings_client_idx').on(t.clientId, t.screenedAt), index('psych_screenings_at_idx').on(t.screenedAt)],
);

export const psychCalls = pgTable(
  'psych_calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    calledAt: timestamp('called_at', { withTimezone: true }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    callerGroup: text('caller_group').$type<ClientGroup>().notNull(),
    concerns: jsonb('concerns').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    riskLevel: text('risk_level').$type<RiskLevel>().notNull(),
    action: text('action').notNull().default(''),
    callbackNeeded: boolean('callback_needed').notNull().default(false),
    callbackPhone: text('callback_phone').notNull().default(''),
    callbackDueAt: timestamp('callback_due_at', { withTimezone: true }),
    callbackDoneAt: timestamp('callback_done_at', { withTimezone: true }),
    callbackNote: text('callback_note').notNull().default(''),
    clientId: uuid('client_id').references(() => psychClients.id, { onDelete: 'set null' }),
    counsellorId: uuid('counsellor_id').references(() => users.id),
    createdAt,
  },
  (t) => [
    index('psych_calls_at_idx').on(t.jurisdictionId, t.calledAt),
    index('psych_calls_callbacks_idx').on(t.callbackDueAt).where(sql`${t.callbackNeeded} AND ${t.callbackDoneAt} IS NULL`),
  ],
);

export const psychTasks = pgTable(
  'psych_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    clientId: uuid('client_id').references(() => psychClients.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<PsychTaskKind>().notNull(),
    instrument: text('instrument').$type<Instrument>(),
    dueDate: date('due_date').notNull(),
    status: text('status').$type<(typeof PSYCH_TASK_STATUSES)[number]>().notNull().default('open'),
    note: text('note').notNull().default(''),
    sourceScreeningId: uuid('source_screening_id').references(() => psychScreenings.id, { onDelete: 'set null' }),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneBy: uuid('done_by').references(() => users.id),
    createdAt,
  },
  (t) => [index('psych_tasks_open_idx').on(t.jurisdictionId, t.dueDate).where(sql`${t.status} = 'open'`)],
);

/** One step of a referral's history. */
export interface ReferralStep {
  status: ReferralStatus;
  at: string;
  by: string | null;
  reason: string;
  /** who recorded the step: the team (by phone or letter) or the receiving facility itself; absent = team */
  side?: 'team' | 'facility';
}

export const psychReferrals = pgTable(
  'psych_referrals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => psychClients.id, { onDelete: 'cascade' }),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    reason: text('reason').notNull().default(''),
    urgency: text('urgency').$type<'routine' | 'urgent'>().notNull().default('routine'),
    status: text('status').$type<ReferralStatus>().notNull().default('requested'),
    statusReason: text('status_reason').notNull().default(''),
    respondBy: timestamp('respond_by', { withTimezone: true }).notNull(),
    history: jsonb('history').$type<ReferralStep[]>().notNull().default(sql`'[]'::jsonb`),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt,
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('psych_referrals_client_idx').on(t.clientId),
    index('psych_referrals_status_idx').on(t.jurisdictionId, t.status),
    index('psych_referrals_facility_idx').on(t.facilityId, t.status),
  ],
);

export const psychSessions = pgTable(
  'psych_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => psychClients.id, { onDelete: 'cascade' }),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    heldAt: timestamp('held_at', { withTimezone: true }).notNull(),
    mode: text('mode').$type<(typeof SESSION_MODES)[number]>().notNull().default('phone'),
    notes: text('notes').notNull().default(''),
    counsellorId: uuid('counsellor_id').references(() => users.id),
    createdAt,
  },
  (t) => [index('psych_sessions_client_idx').on(t.clientId, t.heldAt)],
);

export const psychBreakGlass = pgTable(
  'psych_break_glass',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    clientId: uuid('client_id').references(() => psychClients.id, { onDelete: 'set null' }),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    reason: text('reason').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    reads: integer('reads').notNull().default(0),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewNote: text('review_note').notNull().default(''),
  },
  (t) => [index('psych_break_glass_user_idx').on(t.userId, t.clientId, t.expiresAt)],
);

export const psychLinks = pgTable('psych_links', {
  id: uuid('id').primaryKey().defaultRandom(),
  tokenHash: text('token_hash').notNull().unique(),
  clientId: uuid('client_id')
    .notNull()
    .references(() => psychClients.id, { onDelete: 'cascade' }),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  instrument: text('instrument').$type<Instrument>().notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  screeningId: uuid('screening_id').references(() => psychScreenings.id, { onDelete: 'set null' }),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt,
});

export const psychGroups = pgTable(
  'psych_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    title: text('title').notNull(),
    audience: text('audience').$type<(typeof GROUP_AUDIENCES)[number]>().notNull(),
    heldAt: timestamp('held_at', { withTimezone: true }).notNull(),
    facilitatorId: uuid('facilitator_id').references(() => users.id),
    attendance: integer('attendance').notNull().default(0),
    attendeeClientIds: jsonb('attendee_client_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    notes: text('notes').notNull().default(''),
    createdAt,
  },
  (t) => [index('psych_groups_at_idx').on(t.jurisdictionId, t.heldAt)],
);

export const psychSettings = pgTable('psych_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
