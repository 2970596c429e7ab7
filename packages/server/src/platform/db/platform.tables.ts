/**
 * Drizzle definitions of the tables created by migrations/0001_platform.sql.
 *
 * The SQL file is the source of truth for the database; these definitions give typed queries.
 * `schema-drift.test.ts` compares both (columns, types, nullability), so they cannot drift apart.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  customType,
  boolean,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/** Levels of the administrative hierarchy (DOMAIN.md §1), highest first. */
export const JURISDICTION_LEVELS = ['province', 'city', 'district', 'township', 'community'] as const;
export type JurisdictionLevel = (typeof JURISDICTION_LEVELS)[number];

/** A GeoJSON geometry object as stored in `jurisdictions.geometry`. */
export interface GeoJsonGeometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: number[][][] | number[][][][];
}

export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const jurisdictions = pgTable('jurisdictions', {
  id: uuid('id').primaryKey().defaultRandom(),
  parentId: uuid('parent_id').references((): AnyPgColumn => jurisdictions.id),
  level: text('level').$type<JurisdictionLevel>().notNull(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  population: integer('population'),
  /** [lon, lat], WGS 84 degrees */
  centroid: jsonb('centroid').$type<[number, number]>(),
  geometry: jsonb('geometry').$type<GeoJsonGeometry>(),
  /** materialised path '/<root id>/…/<own id>/', set by a database trigger: never write it */
  path: text('path').notNull().default(sql`''`),
  ...timestamps,
});

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  locale: text('locale').$type<'zh-CN' | 'en'>().notNull().default('zh-CN'),
  disabled: boolean('disabled').notNull().default(false),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
  // the agency a user works for (agencies, 0002; FK in migrations/0004 — a reference here would be circular)
  agencyId: uuid('agency_id'),
  // the facility a user reports for (facilities, 0002; FK in migrations/0025): binds a hospital reporter's case rights
  facilityId: uuid('facility_id'),
  ...timestamps,
});

export const userRoles = pgTable(
  'user_roles',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role, t.jurisdictionId] })],
);

export const sessions = pgTable('sessions', {
  /** sha256 (hex) of the cookie token */
  id: text('id').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
});

export const loginAttempts = pgTable('login_attempts', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  username: text('username').notNull(),
  ip: text('ip').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  success: boolean('success').notNull(),
});

export const auditLog = pgTable('audit_log', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  actorId: uuid('actor_id'),
  actorUsername: text('actor_username'),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id'),
  before: jsonb('before'),
  after: jsonb('after'),
  ip: text('ip'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
  // migrations/0027_audit_keys.sql: 1 = sha256 (records before the keyed chain), 2 = HMAC with the audit key
  chainVersion: smallint('chain_version').notNull().default(1),
  jurisdictionId: uuid('jurisdiction_id'),
  changedFields: text('changed_fields').array(),
});

// bytea: both drivers take a Buffer (a Uint8Array view of the same memory) and give back a Uint8Array/Buffer.
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
});

/** Files attached to any record (migrations/0008_notifications.sql): platform/files/attachments.ts. */
export const attachments = pgTable('attachments', {
  id: uuid('id').primaryKey().defaultRandom(),
  entityType: text('entity_type').notNull(),
  entityId: uuid('entity_id').notNull(),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  filename: text('filename').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  content: bytea('content').notNull(),
  uploadedBy: uuid('uploaded_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Failed sign-in attempts and locks per (username, client address) (migrations/0031_login_throttle.sql):
 * platform auth state like login_attempts; features/auth/auth.service.ts `reserveAttempt` keeps it.
 */
export const loginThrottle = pgTable(
  'login_throttle',
  {
    username: text('username').notNull(),
    ip: text('ip').notNull(),
    failures: integer('failures').notNull().default(0),
    lockouts: integer('lockouts').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.username, t.ip] })],
);
