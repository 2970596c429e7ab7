/**
 * Drizzle definitions of migrations/0054_bulletins.sql (the SQL is the source of truth; the drift test compares).
 */
import { sql } from 'drizzle-orm';
import { customType, date, index, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import { diseases } from '../catalogue/index.ts';

export const BULLETIN_KINDS = ['daily', 'trajectory', 'risk_areas', 'guidance', 'rebuttal', 'press_release'] as const;
export type BulletinKind = (typeof BULLETIN_KINDS)[number];
export const BULLETIN_STATUSES = ['draft', 'in_review', 'approved', 'scheduled', 'published', 'superseded', 'withdrawn'] as const;
export type BulletinStatus = (typeof BULLETIN_STATUSES)[number];
/** Versions still in the workflow (one per series at a time). */
export const OPEN_BULLETIN_STATUSES = ['draft', 'in_review', 'approved', 'scheduled'] as const satisfies readonly BulletinStatus[];
/** Versions the public sees (a superseded one with its correction, a withdrawn one with its reason). */
export const PUBLIC_BULLETIN_STATUSES = ['published', 'superseded', 'withdrawn'] as const satisfies readonly BulletinStatus[];
export const BULLETIN_EVENTS = [
  'drafted',
  'submitted',
  'returned',
  'approved',
  'scheduled',
  'published',
  'corrected',
  'withdrawn',
  'guard_refused',
] as const;
export type BulletinEvent = (typeof BULLETIN_EVENTS)[number];
export const RISK_AREA_LEVELS = ['high', 'medium', 'low'] as const;
export type RiskAreaLevel = (typeof RISK_AREA_LEVELS)[number];
export const RUMOUR_CHANNELS = ['wechat', 'weibo', 'douyin', 'news', 'phone', 'portal', 'other'] as const;
export type RumourChannel = (typeof RUMOUR_CHANNELS)[number];
export const RUMOUR_VERDICTS = ['unverified', 'false', 'misleading', 'true'] as const;
export type RumourVerdict = (typeof RUMOUR_VERDICTS)[number];
export const SUBMISSION_KINDS = ['symptoms', 'rumour'] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];
export const SUBMISSION_STATUSES = ['new', 'handled', 'dismissed'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const bulletins = pgTable(
  'bulletins',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seriesId: uuid('series_id').notNull(),
    version: integer('version').notNull().default(1),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    kind: text('kind').$type<BulletinKind>().notNull(),
    status: text('status').$type<BulletinStatus>().notNull().default('draft'),
    title: text('title').notNull(),
    titleEn: text('title_en'),
    body: text('body').notNull().default(''),
    bodyEn: text('body_en'),
    figuresDate: date('figures_date', { mode: 'string' }),
    diseaseId: uuid('disease_id').references(() => diseases.id),
    figures: jsonb('figures').$type<unknown>(),
    suppressionK: integer('suppression_k').notNull().default(5),
    correctionNote: text('correction_note'),
    correctionNoteEn: text('correction_note_en'),
    publishAt: timestamp('publish_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: uuid('published_by').references(() => users.id),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnReason: text('withdrawn_reason'),
    withdrawnBy: uuid('withdrawn_by').references(() => users.id),
    draftedBy: uuid('drafted_by')
      .notNull()
      .references(() => users.id),
    approvedBy: uuid('approved_by').references(() => users.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    unique().on(t.seriesId, t.version),
    index('bulletins_public_idx').on(t.publishedAt.desc()).where(sql`status IN ('published', 'superseded', 'withdrawn')`),
    index('bulletins_jurisdiction_idx').on(t.jurisdictionId, t.status),
    index('bulletins_series_idx').on(t.seriesId, t.version),
    index('bulletins_due_idx').on(t.publishAt).where(sql`status = 'scheduled'`),
    uniqueIndex('bulletins_one_open_version').on(t.seriesId).where(sql`status IN ('draft', 'in_review', 'approved', 'scheduled')`),
  ],
);

export const bulletinEvents = pgTable(
  'bulletin_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bulletinId: uuid('bulletin_id')
      .notNull()
      .references(() => bulletins.id, { onDelete: 'cascade' }),
    event: text('event').$type<BulletinEvent>().notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    comment: text('comment').notNull().default(''),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('bulletin_events_bulletin_idx').on(t.bulletinId, t.at)],
);

export const riskAreas = pgTable(
  'risk_areas',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    level: text('level').$type<RiskAreaLevel>().notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }),
    note: text('note').notNull().default(''),
    noteEn: text('note_en').notNull().default(''),
    bulletinId: uuid('bulletin_id').references(() => bulletins.id),
    createdBy: uuid('created_by').references(() => users.id),
    ...timestamps,
    /** a polygon drawn on the map (0071), else the registry area's outline */
    geometry: jsonb('geometry').$type<RiskGeometry>(),
    placeName: text('place_name'),
    placeNameEn: text('place_name_en'),
  },
  (t) => [index('risk_areas_bulletin_idx').on(t.bulletinId), index('risk_areas_jurisdiction_idx').on(t.jurisdictionId)],
);

/** A drawn risk area (GeoJSON, RFC 7946, WGS 84 [lon, lat]). */
export type RiskGeometry = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export const BULLETIN_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type BulletinImageType = (typeof BULLETIN_IMAGE_TYPES)[number];

// bytea: both drivers take a Buffer (a Uint8Array view of the same memory) and give back a Uint8Array/Buffer.
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
});

/** Images of a bulletin version (0071), as the server re-encoded them. */
export const bulletinImages = pgTable(
  'bulletin_images',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bulletinId: uuid('bulletin_id')
      .notNull()
      .references(() => bulletins.id, { onDelete: 'cascade' }),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    position: integer('position').notNull().default(0),
    alt: text('alt').notNull(),
    altEn: text('alt_en').notNull(),
    contentType: text('content_type').$type<BulletinImageType>().notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    filename: text('filename').notNull().default(''),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [index('bulletin_images_bulletin_idx').on(t.bulletinId, t.position)],
);

export const rumours = pgTable(
  'rumours',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    claim: text('claim').notNull(),
    source: text('source').notNull().default(''),
    channel: text('channel').$type<RumourChannel>().notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
    reach: integer('reach'),
    verdict: text('verdict').$type<RumourVerdict>().notNull().default('unverified'),
    rebuttalBulletinId: uuid('rebuttal_bulletin_id').references(() => bulletins.id),
    reviewerId: uuid('reviewer_id').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    origin: text('origin').$type<'staff' | 'public'>().notNull().default('staff'),
    createdBy: uuid('created_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [index('rumours_jurisdiction_idx').on(t.jurisdictionId, t.firstSeenAt.desc())],
);

export const publicSubmissions = pgTable(
  'public_submissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    kind: text('kind').$type<SubmissionKind>().notNull(),
    text: text('text').notNull(),
    placeId: uuid('place_id').references(() => jurisdictions.id),
    occurredOn: date('occurred_on', { mode: 'string' }),
    status: text('status').$type<SubmissionStatus>().notNull().default('new'),
    rumourId: uuid('rumour_id').references(() => rumours.id),
    handledBy: uuid('handled_by').references(() => users.id),
    handledAt: timestamp('handled_at', { withTimezone: true }),
    senderHash: text('sender_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('public_submissions_sender_idx').on(t.senderHash, t.createdAt.desc()),
    index('public_submissions_status_idx').on(t.jurisdictionId, t.status, t.createdAt.desc()),
  ],
);
