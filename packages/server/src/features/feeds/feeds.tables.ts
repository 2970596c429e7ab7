/**
 * Drizzle definitions of migrations/0005_feeds.sql (the SQL is the source of truth; the drift test compares).
 */
import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import { facilities } from '../registry/registry.tables.ts';

export const FEED_MEASURES = ['count', 'proportion'] as const;
export const FEED_SITE_KINDS = ['fever_clinic', 'pharmacy', 'school', 'port', 'sentinel_hospital', 'other'] as const;
export const FEED_SOURCES = ['form', 'api', 'csv', 'demo'] as const;

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

export const feedSites = pgTable('feed_sites', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull().default(''),
  kind: text('kind').$type<(typeof FEED_SITE_KINDS)[number]>().notNull(),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  facilityId: uuid('facility_id').references(() => facilities.id),
  active: boolean('active').notNull().default(true),
  ...timestamps,
});

export const feedCounts = pgTable('feed_counts', {
  id: uuid('id').primaryKey().defaultRandom(),
  feedTypeId: uuid('feed_type_id')
    .notNull()
    .references(() => feedTypes.id),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  siteId: uuid('site_id').references(() => feedSites.id),
  date: date('date').notNull(),
  value: doublePrecision('value').notNull(),
  denominator: doublePrecision('denominator'),
  source: text('source').$type<(typeof FEED_SOURCES)[number]>().notNull().default('form'),
  createdBy: uuid('created_by').references(() => users.id),
  ...timestamps,
});
