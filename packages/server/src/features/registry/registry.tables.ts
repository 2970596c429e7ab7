/**
 * Drizzle definitions of the tables created by migrations/0002_registry.sql and 0003_registry_adjacency.sql
 * (the SQL is the source of truth; the platform's drift test compares both). Jurisdictions are the platform's
 * table (0001).
 */
import { sql } from 'drizzle-orm';
import { check, date, doublePrecision, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions } from '../../platform/db/platform.tables.ts';

/** Kinds of agency in the joint prevention and control mechanism (DOMAIN.md §1). */
export const AGENCY_KINDS = [
  'health_commission',
  'cdc',
  'hospital',
  'public_security',
  'transport',
  'port_maritime',
  'market_regulation',
  'education',
  'civil_affairs',
  'press_office',
  'emergency_management',
  'township_government',
  'community_grid',
] as const;
/** One of {@link AGENCY_KINDS}. */
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** Facility types (docs/api-contract.md). */
export const FACILITY_TYPES = [
  'designated_hospital',
  'general_hospital',
  'fever_clinic',
  'township_health_centre',
  'cdc_laboratory',
  'port_quarantine',
  'warehouse',
  'quarantine_hotel',
  /** psychiatric hospital or mental-health centre (精神卫生中心): where psychological assistance refers clients */
  'mental_health_centre',
] as const;
/** One of {@link FACILITY_TYPES}. */
export type FacilityType = (typeof FACILITY_TYPES)[number];

/** `[lon, lat]` in WGS 84 degrees. */
export type LonLat = [number, number];

/** Modes of transport between districts. */
export const FLOW_MODES = ['road', 'rail', 'river'] as const;
export type FlowMode = (typeof FLOW_MODES)[number];

/** Duty shifts: day 08:00–20:00, night 20:00–08:00, all_day for the 24-hour duty leader. */
export const ROSTER_SHIFTS = ['all_day', 'day', 'night'] as const;
export type RosterShift = (typeof ROSTER_SHIFTS)[number];

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** Member agencies of the joint prevention and control mechanism. */
export const agencies = pgTable('agencies', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  kind: text('kind').$type<AgencyKind>().notNull(),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  contactPerson: text('contact_person').notNull().default(''),
  phone: text('phone').notNull().default(''),
  email: text('email').notNull().default(''),
  address: text('address').notNull().default(''),
  duties: text('duties').notNull().default(''),
  ...timestamps,
});

/** Who is on duty at an agency, by date and shift. */
export const dutyRoster = pgTable('duty_roster', {
  id: uuid('id').primaryKey().defaultRandom(),
  agencyId: uuid('agency_id')
    .notNull()
    .references(() => agencies.id, { onDelete: 'cascade' }),
  /** YYYY-MM-DD */
  date: date('date', { mode: 'string' }).notNull(),
  shift: text('shift').$type<RosterShift>().notNull(),
  personName: text('person_name').notNull(),
  phone: text('phone').notNull(),
  role: text('role').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Hospitals, clinics, laboratories, quarantine sites and warehouses with capacities. */
export const facilities = pgTable(
  'facilities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    type: text('type').$type<FacilityType>().notNull(),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    address: text('address').notNull().default(''),
    location: jsonb('location').$type<LonLat>(),
    beds: integer('beds').notNull().default(0),
    icuBeds: integer('icu_beds').notNull().default(0),
    isolationRooms: integer('isolation_rooms').notNull().default(0),
    rooms: integer('rooms').notNull().default(0),
    phone: text('phone').notNull().default(''),
    ...timestamps,
  },
  (t) => [unique().on(t.jurisdictionId, t.name)],
);

/** Districts bordering ours (`districtId`), which scopes them. */
export const adjacentDistricts = pgTable(
  'adjacent_districts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => jurisdictions.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    population: integer('population'),
    centroid: jsonb('centroid').$type<LonLat>(),
    ...timestamps,
  },
  (t) => [unique().on(t.districtId, t.code)],
);

/** Daily person-trips between our district and a neighbour, per mode. */
export const districtFlows = pgTable(
  'district_flows',
  {
    adjacentDistrictId: uuid('adjacent_district_id')
      .notNull()
      .references(() => adjacentDistricts.id, { onDelete: 'cascade' }),
    mode: text('mode').$type<FlowMode>().notNull(),
    dailyIn: integer('daily_in').notNull(),
    dailyOut: integer('daily_out').notNull(),
  },
  (t) => [primaryKey({ columns: [t.adjacentDistrictId, t.mode] })],
);

/**
 * Two jurisdictions sharing a border (0003). One row per unordered pair, smaller id first
 * (`jurisdictionAId < jurisdictionBId`, checked): symmetric by construction, so readers look up both columns.
 */
export const jurisdictionAdjacency = pgTable(
  'jurisdiction_adjacency',
  {
    jurisdictionAId: uuid('jurisdiction_a_id')
      .notNull()
      .references(() => jurisdictions.id, { onDelete: 'cascade' }),
    jurisdictionBId: uuid('jurisdiction_b_id')
      .notNull()
      .references(() => jurisdictions.id, { onDelete: 'cascade' }),
    /** km */
    sharedBorderKm: doublePrecision('shared_border_km').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionAId, t.jurisdictionBId] }),
    check('jurisdiction_adjacency_order', sql`${t.jurisdictionAId} < ${t.jurisdictionBId}`),
  ],
);

/** Where the demo district's township flows come from (stored in `jurisdiction_flows.source`). */
export const DEMO_FLOW_SOURCE = 'synthetic: production-constrained gravity model (demo data)';

/** Residents of the origin spending a typical working day in the destination (0003); directed. */
export const jurisdictionFlows = pgTable(
  'jurisdiction_flows',
  {
    originId: uuid('origin_id')
      .notNull()
      .references(() => jurisdictions.id, { onDelete: 'cascade' }),
    destinationId: uuid('destination_id')
      .notNull()
      .references(() => jurisdictions.id, { onDelete: 'cascade' }),
    dailyTrips: integer('daily_trips').notNull(),
    source: text('source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.originId, t.destinationId] })],
);

/** Kinds of map feature that are not jurisdictions. */
export const MAP_FEATURE_KINDS = ['river', 'port'] as const;
/** One of {@link MAP_FEATURE_KINDS}. */
export type MapFeatureKind = (typeof MAP_FEATURE_KINDS)[number];

/** A GeoJSON geometry of a map feature (RFC 7946), WGS 84 degrees. */
export type MapFeatureGeometry =
  | { type: 'Point'; coordinates: LonLat }
  | { type: 'LineString'; coordinates: LonLat[] }
  | { type: 'MultiLineString'; coordinates: LonLat[][] }
  | { type: 'Polygon'; coordinates: LonLat[][] }
  | { type: 'MultiPolygon'; coordinates: LonLat[][][] };

/** Features of the map that are not jurisdictions (0003), scoped by the jurisdiction they lie in. */
export const mapFeatures = pgTable(
  'map_features',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    kind: text('kind').$type<MapFeatureKind>().notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    geometry: jsonb('geometry').$type<MapFeatureGeometry>().notNull(),
    ...timestamps,
  },
  (t) => [unique().on(t.jurisdictionId, t.kind, t.name)],
);
