/**
 * Drizzle definitions of migrations/0058_neighbours.sql (the SQL is the source of truth; the drift test compares).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { alerts } from '../alerts/index.ts';
import { caseReports } from '../cases/index.ts';
import type { Agreements } from './neighbours.agreements.ts';

export const LINK_STATES = ['proposed', 'active', 'suspended', 'revoked'] as const;
export type LinkState = (typeof LINK_STATES)[number];
export const OUTBOX_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
export const INBOX_STATUSES = ['pending', 'accepted', 'rejected', 'recorded'] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];
export const SHARE_STATUSES = ['sent', 'accepted', 'rejected'] as const;
export type ShareStatus = (typeof SHARE_STATUSES)[number];
/** What may be shared with a neighbour as a notification (0067: contacts too). */
export const SHARED_ENTITY_TYPES = ['case_report', 'contact'] as const;
export type SharedEntityType = (typeof SHARED_ENTITY_TYPES)[number];

export const neighbourIdentity = pgTable('neighbour_identity', {
  id: integer('id').primaryKey(),
  keyId: text('key_id').notNull(),
  publicKey: text('public_key').notNull(),
  privateKeySealed: text('private_key_sealed').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const neighbourLinks = pgTable(
  'neighbour_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    districtCode: text('district_code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull().default(''),
    baseUrl: text('base_url').notNull(),
    peerPublicKey: text('peer_public_key').notNull(),
    peerKeyId: text('peer_key_id').notNull().unique(),
    state: text('state').$type<LinkState>().notNull().default('proposed'),
    stateReason: text('state_reason').notNull().default(''),
    agreements: jsonb('agreements').$type<Agreements>().notNull(),
    proposedBy: uuid('proposed_by').references(() => users.id),
    approvedBy: uuid('approved_by').references(() => users.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    peerConfirmedAt: timestamp('peer_confirmed_at', { withTimezone: true }),
    lastReceivedSeq: bigint('last_received_seq', { mode: 'number' }).notNull().default(0),
    lastSentSeq: bigint('last_sent_seq', { mode: 'number' }).notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('neighbour_links_district_idx').on(t.jurisdictionId, t.districtCode).where(sql`${t.state} <> 'revoked'`)],
);

export const neighbourOutbox = pgTable(
  'neighbour_outbox',
  {
    id: uuid('id').primaryKey(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => neighbourLinks.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    envelopeSealed: text('envelope_sealed').notNull(),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error').notNull().default(''),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('neighbour_outbox_link_id_seq_key').on(t.linkId, t.seq),
    index('neighbour_outbox_due_idx').on(t.linkId, t.seq).where(sql`${t.status} IN ('pending', 'failed')`),
  ],
);

export const neighbourInbox = pgTable(
  'neighbour_inbox',
  {
    id: uuid('id').primaryKey(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => neighbourLinks.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    payloadSealed: text('payload_sealed').notNull(),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    status: text('status').$type<InboxStatus>().notNull(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionReason: text('decision_reason').notNull().default(''),
    resultEntityType: text('result_entity_type'),
    resultEntityId: uuid('result_entity_id'),
    /** 0067: the version of the shared record applied here, and per field the value last applied (the conflict base) */
    appliedVersion: integer('applied_version').notNull().default(1),
    appliedFields: jsonb('applied_fields').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [
    unique('neighbour_inbox_link_id_seq_key').on(t.linkId, t.seq),
    index('neighbour_inbox_pending_idx').on(t.jurisdictionId, t.receivedAt).where(sql`${t.status} = 'pending'`),
    index('neighbour_inbox_result_idx').on(t.resultEntityId).where(sql`${t.resultEntityId} IS NOT NULL`),
  ],
);

export const neighbourShares = pgTable(
  'neighbour_shares',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => neighbourLinks.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    entityType: text('entity_type').$type<SharedEntityType>().notNull(),
    entityId: uuid('entity_id').notNull(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => neighbourOutbox.id),
    withPersonalData: boolean('with_personal_data').notNull(),
    status: text('status').$type<ShareStatus>().notNull().default('sent'),
    decisionReason: text('decision_reason').notNull().default(''),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedByName: text('decided_by_name').notNull().default(''),
    sharedBy: uuid('shared_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** 0067: the last version sent (1: the notification) and, per field, what it said ('{}': no baseline yet) */
    version: integer('version').notNull().default(1),
    sentFields: jsonb('sent_fields').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [
    unique('neighbour_shares_link_id_entity_type_entity_id_key').on(t.linkId, t.entityType, t.entityId),
    index('neighbour_shares_entity_idx').on(t.entityId),
  ],
);

/** migrations/0059: what was sent of each of our alerts to each neighbour. */
export const neighbourAlertShares = pgTable(
  'neighbour_alert_shares',
  {
    linkId: uuid('link_id')
      .notNull()
      .references(() => neighbourLinks.id),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    lastStatus: text('last_status').notNull(),
    lastWarningLevel: text('last_warning_level'),
    sharedAt: timestamp('shared_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.linkId, t.alertId] }), index('neighbour_alert_shares_alert_idx').on(t.alertId)],
);

/** migrations/0059: a neighbour's border alert as received (read-only here). */
export const neighbourAlerts = pgTable(
  'neighbour_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => neighbourLinks.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    remoteAlertId: uuid('remote_alert_id').notNull(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    summaryZh: text('summary_zh').notNull().default(''),
    diseaseCode: text('disease_code'),
    diseaseName: text('disease_name'),
    diseaseNameEn: text('disease_name_en'),
    placeName: text('place_name').notNull().default(''),
    placeNameEn: text('place_name_en').notNull().default(''),
    status: text('status').notNull(),
    warningLevel: text('warning_level'),
    synced: boolean('synced').notNull(),
    firstSignalAt: timestamp('first_signal_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    remoteUpdatedAt: timestamp('remote_updated_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('neighbour_alerts_link_id_remote_alert_id_key').on(t.linkId, t.remoteAlertId),
    index('neighbour_alerts_jurisdiction_idx').on(t.jurisdictionId, t.updatedAt),
  ],
);

/** migrations/0067: the reference case made for a neighbour's case (the index case of a contact it notified). */
export const neighbourCaseRefs = pgTable(
  'neighbour_case_refs',
  {
    linkId: uuid('link_id')
      .notNull()
      .references(() => neighbourLinks.id),
    senderCaseCode: text('sender_case_code').notNull(),
    caseReportId: uuid('case_report_id')
      .notNull()
      .references(() => caseReports.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.linkId, t.senderCaseCode] })],
);

export const UPDATE_STATUSES = ['waiting', 'applied', 'stale', 'ignored', 'conflict', 'resolved'] as const;
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];
/** One field in conflict: the value last applied here (base), the local value, the neighbour's new value. */
export interface FieldConflict {
  base: unknown;
  local: unknown;
  remote: unknown;
}

/** migrations/0067: an update of a shared record as received. */
export const neighbourUpdates = pgTable(
  'neighbour_updates',
  {
    id: uuid('id').primaryKey(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => neighbourLinks.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    notificationId: uuid('notification_id')
      .notNull()
      .references(() => neighbourInbox.id),
    version: integer('version').notNull(),
    changes: jsonb('changes').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<UpdateStatus>().notNull(),
    conflicts: jsonb('conflicts').$type<Record<string, FieldConflict>>().notNull().default(sql`'{}'::jsonb`),
    resolution: jsonb('resolution').$type<Record<string, 'local' | 'remote'>>().notNull().default(sql`'{}'::jsonb`),
    resolvedBy: uuid('resolved_by').references(() => users.id),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('neighbour_updates_notification_idx').on(t.notificationId, t.version),
    index('neighbour_updates_open_idx').on(t.jurisdictionId).where(sql`${t.status} = 'conflict'`),
  ],
);

/** migrations/0067: comments on a notification, both ways ('in': the neighbour's, 'out': ours). */
export const neighbourComments = pgTable(
  'neighbour_comments',
  {
    id: uuid('id').primaryKey(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => neighbourLinks.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    notificationId: uuid('notification_id').notNull(),
    direction: text('direction').$type<'in' | 'out'>().notNull(),
    authorName: text('author_name').notNull(),
    body: text('body').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('neighbour_comments_notification_idx').on(t.notificationId, t.createdAt)],
);
