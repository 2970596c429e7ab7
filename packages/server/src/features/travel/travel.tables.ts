/**
 * Drizzle definitions of the travel tables of migrations/0050_travel_investigations.sql (the SQL is the source
 * of truth; the drift test compares): vessels, routes, trips (voyages, bus and train runs, flights, port
 * shifts), their manifests, the cases on them and the exposure cohorts built from the manifests.
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';
import { caseReports, type ID_TYPES, type SEXES } from '../cases/index.ts';
import { contacts, type RISK_CATEGORIES } from '../contacts/index.ts';

export const TRIP_MODES = ['voyage', 'bus', 'train', 'flight', 'port_shift'] as const;
export type TripMode = (typeof TRIP_MODES)[number];
export const MANIFEST_ROLES = ['passenger', 'crew', 'worker'] as const;
export const PROXIMITIES = [
  'same_cabin',
  'same_deck',
  'same_vessel',
  'near_seat',
  'same_carriage',
  'same_vehicle',
  'same_post',
  'same_area',
  'same_shift',
] as const;
export type Proximity = (typeof PROXIMITIES)[number];
export const COHORT_STATUSES = ['suggested', 'confirmed', 'dismissed'] as const;
export type CohortStatus = (typeof COHORT_STATUSES)[number];

export interface RouteStop {
  name: string;
  nameEn?: string;
}
export interface TripCall {
  place: string;
  arrivesAt: string | null;
  departsAt: string | null;
}

export const travelVessels = pgTable('travel_vessels', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull().default(''),
  registration: text('registration').notNull().unique(),
  operator: text('operator').notNull().default(''),
  decks: integer('decks').notNull().default(1),
  passengerCapacity: integer('passenger_capacity').notNull().default(0),
  ...timestamps,
});

export const travelRoutes = pgTable(
  'travel_routes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mode: text('mode').$type<TripMode>().notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull().default(''),
    stops: jsonb('stops').$type<RouteStop[]>().notNull().default(sql`'[]'::jsonb`),
    ...timestamps,
  },
  (t) => [unique().on(t.mode, t.name)],
);

export const travelTrips = pgTable(
  'travel_trips',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique().default(sql`record_code('V', nextval('travel_trips_code_seq'), 6)`),
    mode: text('mode').$type<TripMode>().notNull(),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    vesselId: uuid('vessel_id').references(() => travelVessels.id),
    routeId: uuid('route_id').references(() => travelRoutes.id),
    serviceNumber: text('service_number').notNull(),
    origin: text('origin').notNull().default(''),
    destination: text('destination').notNull().default(''),
    departsAt: timestamp('departs_at', { withTimezone: true }).notNull(),
    arrivesAt: timestamp('arrives_at', { withTimezone: true }).notNull(),
    calls: jsonb('calls').$type<TripCall[]>().notNull().default(sql`'[]'::jsonb`),
    terminal: text('terminal').notNull().default(''),
    berth: text('berth').notNull().default(''),
    notes: text('notes').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [index('travel_trips_jurisdiction_departs_idx').on(t.jurisdictionId, t.departsAt)],
);

export const travelManifestEntries = pgTable(
  'travel_manifest_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tripId: uuid('trip_id')
      .notNull()
      .references(() => travelTrips.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    rowNumber: integer('row_number').notNull(),
    role: text('role').$type<(typeof MANIFEST_ROLES)[number]>().notNull().default('passenger'),
    personName: text('person_name').notNull(),
    sex: text('sex').$type<(typeof SEXES)[number]>().notNull().default('unknown'),
    idType: text('id_type').$type<(typeof ID_TYPES)[number]>().notNull().default('none'),
    idNumberEncrypted: text('id_number_encrypted'),
    idNumberMasked: text('id_number_masked').notNull().default(''),
    idNumberHash: text('id_number_hash'),
    phone: text('phone').notNull().default(''),
    residence: text('residence').notNull().default(''),
    residenceJurisdictionId: uuid('residence_jurisdiction_id').references(() => jurisdictions.id),
    deck: text('deck').notNull().default(''),
    cabin: text('cabin').notNull().default(''),
    seat: text('seat').notNull().default(''),
    boardedAt: text('boarded_at').notNull().default(''),
    alightedAt: text('alighted_at').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.tripId, t.rowNumber),
    index('travel_manifest_entries_identity_idx').on(t.tripId, t.idNumberHash).where(sql`${t.idNumberHash} IS NOT NULL`),
  ],
);

export const travelExposures = pgTable(
  'travel_exposures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tripId: uuid('trip_id')
      .notNull()
      .references(() => travelTrips.id),
    caseId: uuid('case_id')
      .notNull()
      .references(() => caseReports.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    manifestEntryId: uuid('manifest_entry_id').references(() => travelManifestEntries.id),
    deck: text('deck').notNull().default(''),
    cabin: text('cabin').notNull().default(''),
    seat: text('seat').notNull().default(''),
    boardedAt: text('boarded_at').notNull().default(''),
    alightedAt: text('alighted_at').notNull().default(''),
    notes: text('notes').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [unique().on(t.tripId, t.caseId), index('travel_exposures_case_idx').on(t.caseId)],
);

export const travelCohortMembers = pgTable(
  'travel_cohort_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    exposureId: uuid('exposure_id')
      .notNull()
      .references(() => travelExposures.id),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => travelManifestEntries.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    proximity: text('proximity').$type<Proximity>().notNull(),
    rank: integer('rank').notNull(),
    suggestedRisk: text('suggested_risk').$type<(typeof RISK_CATEGORIES)[number]>().notNull(),
    lastExposureAt: timestamp('last_exposure_at', { withTimezone: true }).notNull(),
    status: text('status').$type<CohortStatus>().notNull().default('suggested'),
    contactId: uuid('contact_id').references(() => contacts.id),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [unique().on(t.exposureId, t.entryId), index('travel_cohort_members_exposure_rank_idx').on(t.exposureId, t.rank, t.status)],
);
