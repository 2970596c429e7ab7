/**
 * Drizzle definitions of migrations/0004_cases.sql and later (the SQL is the source of truth; the drift test compares).
 */
import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import { diseases } from '../catalogue/index.ts';
import { facilities } from '../registry/index.ts';

export const SEXES = ['male', 'female', 'unknown'] as const;
export const ID_TYPES = ['resident_id', 'passport', 'other', 'none'] as const;
export const CASE_CLASSIFICATIONS = ['suspected', 'clinical', 'confirmed', 'asymptomatic', 'excluded'] as const;
export const SEVERITIES = ['mild', 'moderate', 'severe', 'critical'] as const;
export const OUTCOMES = ['under_treatment', 'recovered', 'died', 'unknown'] as const;
export const CASE_SOURCES = ['form', 'import', 'api', 'demo'] as const;
export const REVIEW_STATUSES = ['pending', 'approved', 'returned'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
/** Kinds of correction (订正) as NIDRIS has them: a changed diagnosis, a revised classification, a death; or other. */
export const CORRECTION_TYPES = ['diagnosis_changed', 'classification_revised', 'death', 'other'] as const;
export type CorrectionType = (typeof CORRECTION_TYPES)[number];
export const CASE_VERSION_SOURCES = ['correction', 'import_update', 'neighbour_update'] as const;
export type CaseVersionSource = (typeof CASE_VERSION_SOURCES)[number];
/** 0075: the district a neighbour's update came from (a version with source 'neighbour_update'). */
export interface CaseVersionNeighbour {
  linkId: string;
  districtCode: string;
  name: string;
  nameEn: string;
  /** the sender's version of the shared record */
  version: number;
}

/** One laboratory result on a case report. */
export interface LabResult {
  test: string;
  specimen: string;
  result: string;
  /** ISO date or date-time */
  at: string | null;
}

export const caseReports = pgTable(
  'case_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code')
      .notNull()
      .unique()
      // a sequence number, given by the database (migration)
      .default(sql`record_code('C', nextval('case_reports_code_seq'), 6)`),
    diseaseId: uuid('disease_id')
      .notNull()
      .references(() => diseases.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    personName: text('person_name').notNull(),
    sex: text('sex').$type<(typeof SEXES)[number]>().notNull(),
    birthDate: date('birth_date'),
    idType: text('id_type').$type<(typeof ID_TYPES)[number]>().notNull(),
    idNumberEncrypted: text('id_number_encrypted'),
    idNumberMasked: text('id_number_masked').notNull().default(''),
    idNumberHash: text('id_number_hash'),
    phone: text('phone').notNull().default(''),
    address: text('address').notNull().default(''),
    occupation: text('occupation').notNull().default(''),
    classification: text('classification').$type<(typeof CASE_CLASSIFICATIONS)[number]>().notNull(),
    onsetDate: date('onset_date'),
    diagnosisAt: timestamp('diagnosis_at', { withTimezone: true }).notNull(),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    /** the CDC's first review decision (migration 0049, kept by a trigger): the review time of the timeliness report */
    firstReviewedAt: timestamp('first_reviewed_at', { withTimezone: true }),
    facilityId: uuid('facility_id').references(() => facilities.id),
    reportingDoctor: text('reporting_doctor').notNull().default(''),
    severity: text('severity').$type<(typeof SEVERITIES)[number]>().notNull().default('mild'),
    outcome: text('outcome').$type<(typeof OUTCOMES)[number]>().notNull().default('under_treatment'),
    labResults: jsonb('lab_results').$type<LabResult[]>().notNull().default(sql`'[]'::jsonb`),
    source: text('source').$type<(typeof CASE_SOURCES)[number]>().notNull().default('form'),
    importId: uuid('import_id'),
    /** 'exercise' (0060): a synthetic report of an exercise, never counted as real */
    /** 'neighbour' (0067): a neighbour's case referenced as the index case of a contact it notified, never counted */
    status: text('status').$type<'active' | 'merged' | 'exercise' | 'neighbour'>().notNull().default('active'),
    mergedInto: uuid('merged_into'),
    createdBy: uuid('created_by').references(() => users.id),
    /** 0044: CDC review (审核) — pending until approved or returned with a reason; a correction makes it pending again */
    /** 0060: the exercise that created this record (docs/exercises.md); null for real data */
    exerciseId: uuid('exercise_id'),
    reviewStatus: text('review_status').$type<ReviewStatus>().notNull().default('pending'),
    reviewNote: text('review_note').notNull().default(''),
    /** 1 as filed, +1 for every correction (case_report_versions) */
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    // 0044: the review queue
    index('case_reports_review_queue_idx').on(t.reportedAt).where(sql`${t.status} = 'active' AND ${t.reviewStatus} = 'pending'`),
    index('case_reports_disease_onset_idx').on(t.diseaseId, t.onsetDate),
    // migrations/0022_case_search_duplicates.sql: name or code search by any part
    index('case_reports_search_idx').using('gin', sql`case_search_grams(${t.personName}, ${t.code})`),
    // also in 0022, not declarable here (INCLUDE): case_reports_duplicates_idx (reported_at) INCLUDE (…) WHERE status = 'active'
    // migrations/0033_case_list_load.sql: the reports merged into one (its detail page)
    index('case_reports_merged_into_idx').on(t.mergedInto).where(sql`${t.mergedInto} IS NOT NULL`),
    // migrations/0073_cases_under_load.sql, not declarable here (INCLUDE): case_reports_place_time_idx
    // (jurisdiction_id, status, reported_at, code) INCLUDE (disease_id, id) — a township's list, place by place
  ],
);

/** Every correction of a card (0044): the card before and after, who, when, why (case-corrections.ts). */
export const caseReportVersions = pgTable(
  'case_report_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => caseReports.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    version: integer('version').notNull(),
    source: text('source').$type<CaseVersionSource>().notNull(),
    correctionTypes: text('correction_types').array().$type<CorrectionType[]>().notNull().default(sql`'{}'`),
    reason: text('reason').notNull().default(''),
    eventAt: timestamp('event_at', { withTimezone: true }),
    deadlineHours: integer('deadline_hours'),
    changedFields: text('changed_fields').array().notNull().default(sql`'{}'`),
    before: jsonb('before').$type<Record<string, unknown>>().notNull(),
    after: jsonb('after').$type<Record<string, unknown>>().notNull(),
    // references import_jobs (0044); not declared here: the imports feature depends on this one
    importId: uuid('import_id'),
    neighbour: jsonb('neighbour').$type<CaseVersionNeighbour>(),
    changedBy: uuid('changed_by').references(() => users.id),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('case_report_versions_case_id_version_key').on(t.caseId, t.version),
    index('case_report_versions_changed_at_idx').on(t.changedAt),
  ],
);
