import { boolean, date, doublePrecision, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import { feedTypes } from '../catalogue/index.ts';
import { facilities } from '../registry/index.ts';

export const FEED_SITE_KINDS = ['fever_clinic', 'pharmacy', 'school', 'port', 'sentinel_hospital', 'other'] as const;
export const FEED_SOURCES = ['form', 'api', 'csv', 'demo'] as const;

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
  /** 0060: the exercise that created this record (docs/exercises.md); null for real data */
  exerciseId: uuid('exercise_id'),
  ...timestamps,
});
