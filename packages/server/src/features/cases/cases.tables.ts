/**
 * Drizzle definitions of migrations/0004_cases.sql and later (the SQL is the source of truth; the drift test compares).
 */
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import { facilities } from '../registry/registry.tables.ts';

/** Statutory classes (甲/乙/丙) plus 'other' for diseases monitored beyond the list. */
export const DISEASE_CLASSES = ['A', 'B', 'C', 'other'] as const;
export type DiseaseClass = (typeof DISEASE_CLASSES)[number];

export const diseases = pgTable('diseases', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  icd10: text('icd10').notNull().default(''),
  class: text('class').$type<DiseaseClass>().notNull(),
  managedAsClassA: boolean('managed_as_class_a').notNull().default(false),
  reportDeadlineHours: integer('report_deadline_hours').notNull(),
  defaultMethod: text('default_method').notNull(),
  defaultParams: jsonb('default_params').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  verificationHours: integer('verification_hours').notNull().default(24),
  active: boolean('active').notNull().default(true),
  sortOrder: integer('sort_order').notNull().default(0),
  ...timestamps,
});

export const SEXES = ['male', 'female', 'unknown'] as const;
export const ID_TYPES = ['resident_id', 'passport', 'other', 'none'] as const;
export const CASE_CLASSIFICATIONS = ['suspected', 'clinical', 'confirmed', 'asymptomatic', 'excluded'] as const;
export const SEVERITIES = ['mild', 'moderate', 'severe', 'critical'] as const;
export const OUTCOMES = ['under_treatment', 'recovered', 'died', 'unknown'] as const;
export const CASE_SOURCES = ['form', 'import', 'api', 'demo'] as const;

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
    facilityId: uuid('facility_id').references(() => facilities.id),
    reportingDoctor: text('reporting_doctor').notNull().default(''),
    severity: text('severity').$type<(typeof SEVERITIES)[number]>().notNull().default('mild'),
    outcome: text('outcome').$type<(typeof OUTCOMES)[number]>().notNull().default('under_treatment'),
    labResults: jsonb('lab_results').$type<LabResult[]>().notNull().default(sql`'[]'::jsonb`),
    source: text('source').$type<(typeof CASE_SOURCES)[number]>().notNull().default('form'),
    importId: uuid('import_id'),
    status: text('status').$type<'active' | 'merged'>().notNull().default('active'),
    mergedInto: uuid('merged_into'),
    createdBy: uuid('created_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [
    index('case_reports_disease_onset_idx').on(t.diseaseId, t.onsetDate),
    // migrations/0022_case_search_duplicates.sql: name or code search by any part
    index('case_reports_search_idx').using('gin', sql`case_search_grams(${t.personName}, ${t.code})`),
    // also in 0022, not declarable here (INCLUDE): case_reports_duplicates_idx (reported_at) INCLUDE (…) WHERE status = 'active'
  ],
);
