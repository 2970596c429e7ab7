/**
 * Drizzle definitions of the public-education tables of migrations/0063_training_education.sql (the SQL is the
 * source of truth; the drift test compares).
 */
import { sql } from 'drizzle-orm';
import { date, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';

/** Who a material or an event is for. */
export const EDUCATION_AUDIENCES = ['general', 'schools', 'port_river_workers', 'elderly', 'migrants', 'businesses'] as const;
export type EducationAudience = (typeof EDUCATION_AUDIENCES)[number];
export const EDUCATION_TOPICS = [
  'hand_hygiene',
  'masks',
  'vaccination',
  'food_water',
  'vector_control',
  'respiratory',
  'travel',
  'mental_health',
  'other',
] as const;
export const MATERIAL_FORMATS = ['leaflet', 'poster', 'article', 'video', 'audio', 'slides'] as const;
export const MATERIAL_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type MaterialStatus = (typeof MATERIAL_STATUSES)[number];
/** Languages offered in the editor (any BCP 47 tag is stored): Chinese, English, Cantonese, Vietnamese, Burmese … */
export const MATERIAL_LANGUAGES = ['zh-CN', 'en', 'yue', 'vi', 'my', 'ru', 'ko', 'ja'] as const;
export const CAMPAIGN_STATUSES = ['planned', 'active', 'closed'] as const;
export const EDUCATION_EVENT_KINDS = ['lecture', 'stall', 'door_to_door', 'school_class', 'broadcast', 'social_media', 'workshop'] as const;

export const educationMaterials = pgTable('education_materials', {
  id: uuid('id').primaryKey().defaultRandom(),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  title: text('title').notNull(),
  summary: text('summary').notNull().default(''),
  body: text('body').notNull().default(''),
  audience: text('audience').$type<EducationAudience>().notNull(),
  language: text('language').notNull(),
  topic: text('topic').$type<(typeof EDUCATION_TOPICS)[number]>().notNull().default('other'),
  format: text('format').$type<(typeof MATERIAL_FORMATS)[number]>().notNull().default('leaflet'),
  url: text('url').notNull().default(''),
  status: text('status').$type<MaterialStatus>().notNull().default('draft'),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  publishedBy: uuid('published_by').references(() => users.id),
  createdBy: uuid('created_by').references(() => users.id),
  updatedBy: uuid('updated_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const educationCampaigns = pgTable('education_campaigns', {
  id: uuid('id').primaryKey().defaultRandom(),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  title: text('title').notNull(),
  titleEn: text('title_en').notNull().default(''),
  goal: text('goal').notNull().default(''),
  audiences: jsonb('audiences').$type<EducationAudience[]>().notNull().default(sql`'[]'::jsonb`),
  startsOn: date('starts_on', { mode: 'string' }).notNull(),
  endsOn: date('ends_on', { mode: 'string' }).notNull(),
  targetReach: integer('target_reach'),
  status: text('status').$type<(typeof CAMPAIGN_STATUSES)[number]>().notNull().default('planned'),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const educationEvents = pgTable('education_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  campaignId: uuid('campaign_id')
    .notNull()
    .references(() => educationCampaigns.id, { onDelete: 'cascade' }),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  heldOn: date('held_on', { mode: 'string' }).notNull(),
  kind: text('kind').$type<(typeof EDUCATION_EVENT_KINDS)[number]>().notNull(),
  audience: text('audience').$type<EducationAudience>().notNull(),
  location: text('location').notNull().default(''),
  reach: integer('reach').notNull(),
  materialsDistributed: integer('materials_distributed').notNull().default(0),
  materialId: uuid('material_id').references(() => educationMaterials.id, { onDelete: 'set null' }),
  notes: text('notes').notNull().default(''),
  recordedBy: uuid('recorded_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
