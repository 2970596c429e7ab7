/**
 * Drizzle definitions of migrations/0048_contacts.sql (the SQL is the source of truth; the drift test compares).
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import { caseReports, type ID_TYPES, type SEXES } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';

export const CONTACT_RELATIONS = [
  'household',
  'family',
  'partner',
  'colleague',
  'classmate',
  'friend',
  'caregiver',
  'health_worker',
  'fellow_traveller',
  'other',
] as const;
export const CONTACT_SETTINGS = [
  'household',
  'workplace',
  'school',
  'healthcare',
  'vessel',
  'port',
  'public_transport',
  'gathering',
  'market',
  'other',
] as const;
/** 密切接触者 (close) or 一般接触者 (general) */
export const CONTACT_TYPES = ['close', 'general'] as const;
export const RISK_CATEGORIES = ['high', 'medium', 'low'] as const;
export const CONTACT_STATUSES = [
  'under_follow_up',
  'completed',
  'lost_to_follow_up',
  'cancelled',
  'converted_suspected',
  'converted_confirmed',
] as const;
export const FOLLOW_UP_STATUSES = ['seen_ok', 'seen_unwell', 'missed', 'not_attempted'] as const;

export type ContactStatus = (typeof CONTACT_STATUSES)[number];
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** Contacts still being followed: the daily work list and the completion job read these. */
export const OPEN_CONTACT_STATUSES = ['under_follow_up'] as const satisfies readonly ContactStatus[];

export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique().default(sql`record_code('K', nextval('contacts_code_seq'), 6)`),
    diseaseId: uuid('disease_id')
      .notNull()
      .references(() => diseases.id),
    sourceCaseId: uuid('source_case_id').references(() => caseReports.id),
    sourceContactId: uuid('source_contact_id').references((): AnyPgColumn => contacts.id),
    indexCaseId: uuid('index_case_id')
      .notNull()
      .references(() => caseReports.id),
    degree: integer('degree').notNull(),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    personName: text('person_name').notNull(),
    sex: text('sex').$type<(typeof SEXES)[number]>().notNull().default('unknown'),
    idType: text('id_type').$type<(typeof ID_TYPES)[number]>().notNull().default('none'),
    idNumberEncrypted: text('id_number_encrypted'),
    idNumberMasked: text('id_number_masked').notNull().default(''),
    idNumberHash: text('id_number_hash'),
    phone: text('phone').notNull().default(''),
    address: text('address').notNull().default(''),
    relation: text('relation').$type<(typeof CONTACT_RELATIONS)[number]>().notNull().default('other'),
    setting: text('setting').$type<(typeof CONTACT_SETTINGS)[number]>().notNull().default('other'),
    contactType: text('contact_type').$type<(typeof CONTACT_TYPES)[number]>().notNull().default('close'),
    riskCategory: text('risk_category').$type<(typeof RISK_CATEGORIES)[number]>().notNull(),
    lastExposureAt: timestamp('last_exposure_at', { withTimezone: true }).notNull(),
    followUpUntil: date('follow_up_until').notNull(),
    followUpPerDay: integer('follow_up_per_day').notNull().default(1),
    status: text('status').$type<ContactStatus>().notNull().default('under_follow_up'),
    statusReason: text('status_reason').notNull().default(''),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }).notNull().defaultNow(),
    caseReportId: uuid('case_report_id').references(() => caseReports.id),
    notes: text('notes').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id),
    ...timestamps,
    // 0051: team, residence in another district, merged duplicates, import
    teamId: uuid('team_id').references((): AnyPgColumn => tracingTeams.id),
    teamByHand: boolean('team_by_hand').notNull().default(false),
    otherDistrict: text('other_district').notNull().default(''),
    otherDistrictNotifiedAt: timestamp('other_district_notified_at', { withTimezone: true }),
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => contacts.id),
    /** the import job (features/imports) that brought the contact; no Drizzle reference: contacts does not import its tables */
    importId: uuid('import_id'),
    // 0066: kept by triggers, never written by the application: the last day with a follow-up record, the records
    // of that day, the first day of the window not yet followed up (the daily work list's order), and the last day
    // the person was seen (the KPI panel's "followed up today")
    lastFollowUpOn: date('last_follow_up_on', { mode: 'string' }),
    lastFollowUpRounds: integer('last_follow_up_rounds').notNull().default(0),
    dueFrom: date('due_from', { mode: 'string' }).notNull().default(sql`CURRENT_DATE`),
    lastSeenOn: date('last_seen_on', { mode: 'string' }),
  },
  (t) => [
    index('contacts_jurisdiction_status_idx').on(t.jurisdictionId, t.status, t.followUpUntil),
    index('contacts_index_case_idx').on(t.indexCaseId),
    index('contacts_source_case_idx').on(t.sourceCaseId).where(sql`${t.sourceCaseId} IS NOT NULL`),
    index('contacts_source_contact_idx').on(t.sourceContactId).where(sql`${t.sourceContactId} IS NOT NULL`),
    index('contacts_identity_idx').on(t.idNumberHash).where(sql`${t.idNumberHash} IS NOT NULL`),
    index('contacts_open_until_idx').on(t.followUpUntil).where(sql`${t.status} = 'under_follow_up'`),
    index('contacts_team_status_idx').on(t.teamId, t.status, t.followUpUntil).where(sql`${t.teamId} IS NOT NULL`),
    index('contacts_other_district_idx').on(t.jurisdictionId).where(sql`${t.otherDistrict} <> '' AND ${t.mergedIntoId} IS NULL`),
    index('contacts_merged_into_idx').on(t.mergedIntoId).where(sql`${t.mergedIntoId} IS NOT NULL`),
    index('contacts_case_report_idx').on(t.caseReportId).where(sql`${t.caseReportId} IS NOT NULL`),
    index('contacts_name_phone_idx').on(t.personName, t.phone).where(sql`${t.phone} <> ''`),
    // 0074, covering indexes (INCLUDE, which this builder does not spell): contacts_open_place_idx
    // (jurisdiction_id, follow_up_until) WHERE under follow-up, for a place's daily list; contacts_window_idx
    // (follow_up_until), for the KPI panel — it replaced contacts_until_idx
    index('contacts_created_idx').on(t.createdAt),
    index('contacts_work_list_idx')
      .on(t.dueFrom, sql`(CASE ${t.riskCategory} WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END)`, t.code)
      .where(sql`${t.status} = 'under_follow_up'`),
    index('contacts_team_work_list_idx')
      .on(t.teamId, t.dueFrom, sql`(CASE ${t.riskCategory} WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END)`, t.code)
      .where(sql`${t.status} = 'under_follow_up' AND ${t.teamId} IS NOT NULL`),
  ],
);

export const contactFollowUps = pgTable(
  'contact_follow_ups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    date: date('date').notNull(),
    round: integer('round').notNull(),
    status: text('status').$type<FollowUpStatus>().notNull(),
    /** °C; numeric comes back as a string */
    temperature: numeric('temperature', { precision: 4, scale: 1 }),
    symptoms: jsonb('symptoms').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    notes: text('notes').notNull().default(''),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.contactId, t.date, t.round),
    index('contact_follow_ups_jurisdiction_date_idx').on(t.jurisdictionId, t.date),
    index('contact_follow_ups_first_seen_idx').on(t.contactId, t.createdAt).where(sql`${t.status} IN ('seen_ok', 'seen_unwell')`),
    index('contact_follow_ups_seen_idx').on(t.date, t.contactId).where(sql`${t.status} IN ('seen_ok', 'seen_unwell')`),
  ],
);

/** Risk rules per disease (0051): the disease's rules, then those for every disease (diseaseId null), by position. */
export const contactRiskRules = pgTable(
  'contact_risk_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    diseaseId: uuid('disease_id').references(() => diseases.id),
    position: integer('position').notNull(),
    setting: text('setting').$type<(typeof CONTACT_SETTINGS)[number]>(),
    relation: text('relation').$type<(typeof CONTACT_RELATIONS)[number]>(),
    contactType: text('contact_type').$type<(typeof CONTACT_TYPES)[number]>(),
    degree: integer('degree'),
    riskCategory: text('risk_category').$type<(typeof RISK_CATEGORIES)[number]>().notNull(),
    note: text('note').notNull().default(''),
    updatedBy: uuid('updated_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [index('contact_risk_rules_disease_idx').on(t.diseaseId, t.position)],
);

/** Tracing teams (0051): scoped by their home jurisdiction. */
export const tracingTeams = pgTable(
  'tracing_teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    leader: text('leader').notNull().default(''),
    phone: text('phone').notNull().default(''),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [unique().on(t.jurisdictionId, t.name)],
);

/** Which team serves a township (one team per township). */
export const tracingTeamTownships = pgTable(
  'tracing_team_townships',
  {
    townshipId: uuid('township_id')
      .primaryKey()
      .references(() => jurisdictions.id),
    teamId: uuid('team_id')
      .notNull()
      .references(() => tracingTeams.id),
  },
  (t) => [index('tracing_team_townships_team_idx').on(t.teamId)],
);
