/**
 * Drizzle definitions of migrations/0055_stock.sql (the SQL is the source of truth; the drift test compares).
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, date, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { adjacentDistricts, agencies, facilities } from '../registry/index.ts';

export const ITEM_CATEGORIES = ['ppe', 'test_kit', 'disinfectant', 'medicine', 'oxygen', 'ventilator', 'bed', 'vehicle', 'other'] as const;
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];
export const STORAGE_CLASSES = ['ambient', 'cool', 'cold_chain', 'frozen', 'flammable', 'compressed_gas', 'controlled'] as const;
export type StorageClass = (typeof STORAGE_CLASSES)[number];
export const MOVEMENT_KINDS = ['receipt', 'issue', 'transfer', 'adjustment', 'disposal'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];
export const REQUESTER_KINDS = ['facility', 'township', 'agency', 'district'] as const;
export type RequesterKind = (typeof REQUESTER_KINDS)[number];
export const REQUEST_PRIORITIES = ['routine', 'urgent', 'critical'] as const;
export type RequestPriority = (typeof REQUEST_PRIORITIES)[number];
export const REQUEST_STATUSES = [
  'submitted',
  'info_requested',
  'approved',
  'rejected',
  'committed',
  'dispatched',
  'received',
  'cancelled',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
/** A request still being worked on (owned here: warnings, dashboards and lists read it). */
export const OPEN_REQUEST_STATUSES = [
  'submitted',
  'info_requested',
  'approved',
  'committed',
  'dispatched',
] as const satisfies readonly RequestStatus[];
export const WARNING_KINDS = ['below_minimum', 'expiring', 'request_overdue', 'stock_out_forecast'] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];

export const stockItems = pgTable('stock_items', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  category: text('category').$type<ItemCategory>().notNull(),
  unit: text('unit').notNull(),
  unitEn: text('unit_en').notNull(),
  packSize: integer('pack_size').notNull().default(1),
  shelfLifeDays: integer('shelf_life_days'),
  storageClass: text('storage_class').$type<StorageClass>().notNull().default('ambient'),
  perCase: numeric('per_case', { precision: 12, scale: 4 }).notNull().default('0'),
  perBedDay: numeric('per_bed_day', { precision: 12, scale: 4 }).notNull().default('0'),
  perStaffDay: numeric('per_staff_day', { precision: 12, scale: 4 }).notNull().default('0'),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
export type StockItemRow = typeof stockItems.$inferSelect;

export const stockMinimums = pgTable(
  'stock_minimums',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => stockItems.id),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    minimum: integer('minimum').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.facilityId] })],
);

export const stockRequests = pgTable('stock_requests', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique().default(sql`record_code('M', nextval('stock_requests_code_seq'), 5)`),
  requesterKind: text('requester_kind').$type<RequesterKind>().notNull(),
  requesterFacilityId: uuid('requester_facility_id').references(() => facilities.id),
  requesterAgencyId: uuid('requester_agency_id').references(() => agencies.id),
  requesterDistrictId: uuid('requester_district_id').references(() => adjacentDistricts.id),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  priority: text('priority').$type<RequestPriority>().notNull(),
  neededBy: date('needed_by').notNull(),
  purpose: text('purpose').notNull().default(''),
  deliveryAddress: text('delivery_address').notNull().default(''),
  status: text('status').$type<RequestStatus>().notNull().default('submitted'),
  decisionNote: text('decision_note').notNull().default(''),
  originType: text('origin_type').$type<'task' | 'meeting'>(),
  originId: uuid('origin_id'),
  supplierFacilityId: uuid('supplier_facility_id').references(() => facilities.id),
  createdBy: uuid('created_by')
    .notNull()
    .references(() => users.id),
  approvedBy: uuid('approved_by').references(() => users.id),
  approvedAt: timestamp('approved_at', { withTimezone: true }),
  committedAt: timestamp('committed_at', { withTimezone: true }),
  dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
  receivedAt: timestamp('received_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
export type StockRequestRow = typeof stockRequests.$inferSelect;

export const stockRequestLines = pgTable('stock_request_lines', {
  id: uuid('id').primaryKey().defaultRandom(),
  requestId: uuid('request_id')
    .notNull()
    .references(() => stockRequests.id),
  itemId: uuid('item_id')
    .notNull()
    .references(() => stockItems.id),
  quantityRequested: integer('quantity_requested').notNull(),
  quantityApproved: integer('quantity_approved'),
  quantityCommitted: integer('quantity_committed').notNull().default(0),
  quantityDispatched: integer('quantity_dispatched').notNull().default(0),
  quantityReceived: integer('quantity_received').notNull().default(0),
  note: text('note').notNull().default(''),
});
export type StockRequestLineRow = typeof stockRequestLines.$inferSelect;

export const stockRequestEvents = pgTable('stock_request_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  requestId: uuid('request_id')
    .notNull()
    .references(() => stockRequests.id),
  action: text('action').notNull(),
  fromStatus: text('from_status'),
  toStatus: text('to_status').notNull(),
  note: text('note').notNull().default(''),
  actorId: uuid('actor_id').references(() => users.id),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

export const stockMovements = pgTable('stock_movements', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').$type<MovementKind>().notNull(),
  itemId: uuid('item_id')
    .notNull()
    .references(() => stockItems.id),
  facilityId: uuid('facility_id')
    .notNull()
    .references(() => facilities.id),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  toFacilityId: uuid('to_facility_id').references(() => facilities.id),
  quantity: integer('quantity').notNull(),
  lot: text('lot'),
  expiresOn: date('expires_on'),
  reason: text('reason').notNull().default(''),
  donor: text('donor').notNull().default(''),
  reference: text('reference').notNull().default(''),
  requestId: uuid('request_id').references(() => stockRequests.id),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
export type StockMovementRow = typeof stockMovements.$inferSelect;

export const stockLedger = pgTable('stock_ledger', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  movementId: uuid('movement_id')
    .notNull()
    .references(() => stockMovements.id),
  itemId: uuid('item_id')
    .notNull()
    .references(() => stockItems.id),
  facilityId: uuid('facility_id')
    .notNull()
    .references(() => facilities.id),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  lot: text('lot').notNull(),
  expiresOn: date('expires_on'),
  delta: integer('delta').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const stockBalances = pgTable(
  'stock_balances',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => stockItems.id),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    lot: text('lot').notNull(),
    expiresOn: date('expires_on'),
    quantity: integer('quantity').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.facilityId, t.lot] })],
);
export type StockBalanceRow = typeof stockBalances.$inferSelect;

export const stockWarnings = pgTable(
  'stock_warnings',
  {
    kind: text('kind').$type<WarningKind>().notNull(),
    subject: text('subject').notNull(),
    sentOn: date('sent_on').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.subject, t.sentOn] })],
);

export const stockScenarios = pgTable('stock_scenarios', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  inputs: jsonb('inputs').$type<Record<string, unknown>>().notNull(),
  result: jsonb('result').$type<Record<string, unknown>>().notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
export type StockScenarioRow = typeof stockScenarios.$inferSelect;

/**
 * 0070: an exercise's stock shock (docs/stock.md, "Exercises"): a simulated loss of usable stock and/or a spike in
 * use at a site, marked with its exercise. Never a movement — no ledger entry, no balance — so no real figure moves.
 */
export const stockExerciseShocks = pgTable('stock_exercise_shocks', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** FK in SQL only: exercises sits above stock */
  exerciseId: uuid('exercise_id').notNull(),
  injectId: uuid('inject_id'),
  title: text('title').notNull(),
  itemId: uuid('item_id')
    .notNull()
    .references(() => stockItems.id),
  facilityId: uuid('facility_id')
    .notNull()
    .references(() => facilities.id),
  jurisdictionId: uuid('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id),
  lossQuantity: integer('loss_quantity').notNull().default(0),
  extraDailyUse: numeric('extra_daily_use', { precision: 12, scale: 2 }).notNull().default('0'),
  picture: jsonb('picture').$type<ExerciseStockPicture>().notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
});
export type StockExerciseShockRow = typeof stockExerciseShocks.$inferSelect;

/** A site's real figures for one item when a shock fired, and the exercise's picture of them. */
export interface ExerciseStockPicture {
  date: string;
  minimum: number | null;
  real: { usable: number; dailyUse: number; daysOfCover: number | null; stockOutOn: string | null; belowMinimum: boolean };
  exercise: { usable: number; dailyUse: number; daysOfCover: number | null; stockOutOn: string | null; belowMinimum: boolean };
}
