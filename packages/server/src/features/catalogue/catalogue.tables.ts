/**
 * The catalogue: the diseases under surveillance and the types of syndromic feeds, the reference data every
 * surveillance and response feature names (migrations 0004_cases.sql, 0005_feeds.sql, 0010_disease_catalogue.sql
 * and later; the SQL is the source of truth, the drift test compares). One owner: features import these from
 * `catalogue/index.ts`, never from cases or feeds.
 */
import { sql } from 'drizzle-orm';
import { boolean, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamps } from '../../platform/db/platform.tables.ts';

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
  /** migrations/0048_contacts.sql: the follow-up window of a contact, from its last exposure */
  maxIncubationDays: integer('max_incubation_days').notNull().default(14),
  active: boolean('active').notNull().default(true),
  sortOrder: integer('sort_order').notNull().default(0),
  ...timestamps,
  /** 0035: a chronic disease (HIV, hepatitis B/C, TB, syphilis …) is not watched by the moving percentile (CIDARS) */
  chronic: boolean('chronic').notNull().default(false),
});

export const FEED_MEASURES = ['count', 'proportion'] as const;

export const feedTypes = pgTable('feed_types', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  measure: text('measure').$type<(typeof FEED_MEASURES)[number]>().notNull(),
  unit: text('unit').notNull().default(''),
  unitEn: text('unit_en').notNull().default(''),
  description: text('description').notNull().default(''),
  defaultMethod: text('default_method').notNull().default('earsC_C3'),
  defaultParams: jsonb('default_params').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  active: boolean('active').notNull().default(true),
  ...timestamps,
});
