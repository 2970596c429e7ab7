/**
 * Request and answer shapes of emergency materials and logistics (zod: validation, types and the OpenAPI document).
 */
import { z } from '@hono/zod-openapi';
import { ITEM_CATEGORIES, MOVEMENT_KINDS, REQUEST_PRIORITIES, REQUEST_STATUSES, REQUESTER_KINDS, STORAGE_CLASSES } from './stock.tables.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const quantity = z.number().int('must be a whole number').min(1, 'must be at least 1').max(100_000_000);
const lotText = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[^\s].*$/, 'must not start with a space');
const rate = z.number().min(0).max(1_000_000);

export const ItemSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    nameEn: z.string(),
    category: z.enum(ITEM_CATEGORIES),
    unit: z.string(),
    unitEn: z.string(),
    packSize: z.number().int(),
    shelfLifeDays: z.number().int().nullable(),
    storageClass: z.enum(STORAGE_CLASSES),
    consumption: z
      .object({ perCase: z.number(), perBedDay: z.number(), perStaffDay: z.number() })
      .openapi({ description: 'units used per confirmed case, per occupied bed-day, per staff-day (forecasts and scenarios)' }),
    active: z.boolean(),
  })
  .openapi('StockItem');
export const ItemListSchema = z.object({ items: z.array(ItemSchema) }).openapi('StockItemList');
export const ItemListQuery = z.object({
  category: z.enum(ITEM_CATEGORIES).optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
});

export const ItemCreateSchema = z
  .object({
    code: z
      .string()
      .regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'capital letters, digits and "-", 2–32 characters')
      .openapi({ example: 'PPE-N95' }),
    name: z.string().trim().min(1).max(200),
    nameEn: z.string().trim().min(1).max(200),
    category: z.enum(ITEM_CATEGORIES),
    unit: z.string().trim().min(1).max(40),
    unitEn: z.string().trim().min(1).max(40),
    packSize: z.number().int().min(1).max(1_000_000).default(1),
    shelfLifeDays: z.number().int().min(1).max(36_500).nullable().default(null),
    storageClass: z.enum(STORAGE_CLASSES).default('ambient'),
    consumption: z.object({ perCase: rate, perBedDay: rate, perStaffDay: rate }).strict().optional(),
  })
  .strict()
  .openapi('StockItemInput');
export const ItemPatchSchema = ItemCreateSchema.omit({ code: true })
  .partial()
  .extend({ active: z.boolean().optional() })
  .strict()
  .openapi('StockItemPatch');

export const MovementCreateSchema = z
  .object({
    kind: z.enum(MOVEMENT_KINDS),
    itemId: z.uuid(),
    facilityId: z.uuid().openapi({ description: 'the site: where goods arrive (receipt) or leave from' }),
    toFacilityId: z.uuid().optional().openapi({ description: 'transfers: the receiving site' }),
    quantity: z
      .number()
      .int('must be a whole number')
      .min(-100_000_000)
      .max(100_000_000)
      .openapi({ description: "in the item's unit; positive, except an adjustment (signed: + found, − lost)" }),
    lot: lotText.optional().openapi({ description: 'required for receipts and adjustments; an issue without one takes lots FEFO' }),
    expiresOn: isoDate.optional().openapi({ description: 'receipts of an item with a shelf life' }),
    reason: z.string().max(1000).optional().openapi({ description: 'required for adjustments' }),
    donor: z.string().max(200).optional().openapi({ description: 'a donation: who gave it' }),
    reference: z.string().max(200).optional().openapi({ description: 'delivery note, invoice or order number' }),
  })
  .strict()
  .openapi('StockMovementInput');

const LedgerEntrySchema = z.object({ facilityId: z.uuid(), lot: z.string(), expiresOn: z.string().nullable(), delta: z.number().int() });
export const MovementSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(MOVEMENT_KINDS),
    itemId: z.uuid(),
    itemName: z.string(),
    itemNameEn: z.string(),
    facilityId: z.uuid(),
    facilityName: z.string(),
    facilityNameEn: z.string(),
    toFacilityId: z.uuid().nullable(),
    quantity: z.number().int(),
    lot: z.string().nullable(),
    expiresOn: z.string().nullable(),
    reason: z.string(),
    donor: z.string(),
    reference: z.string(),
    requestId: z.uuid().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    entries: z.array(LedgerEntrySchema),
  })
  .openapi('StockMovement');
export const MovementListSchema = z
  .object({ items: z.array(MovementSchema.omit({ entries: true })), total: z.number().int() })
  .openapi('StockMovementList');
export const MovementListQuery = z.object({
  itemId: z.uuid().optional(),
  facilityId: z.uuid().optional(),
  kind: z.enum(MOVEMENT_KINDS).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const BalanceQuery = z.object({
  itemId: z.uuid().optional(),
  facilityId: z.uuid().optional(),
  includeEmpty: z.enum(['true', 'false']).optional().openapi({ description: 'also lots now at 0' }),
});
export const BalanceListSchema = z
  .object({
    items: z.array(
      z.object({
        itemId: z.uuid(),
        facilityId: z.uuid(),
        lot: z.string(),
        expiresOn: z.string().nullable(),
        quantity: z.number().int(),
        itemName: z.string(),
        itemNameEn: z.string(),
        unit: z.string(),
        unitEn: z.string(),
        facilityName: z.string(),
        facilityNameEn: z.string(),
        expired: z.boolean(),
      }),
    ),
  })
  .openapi('StockBalances');

export const FefoQuery = z.object({ itemId: z.uuid(), facilityId: z.uuid(), quantity: z.coerce.number().int().min(1).max(100_000_000) });
export const FefoSchema = z
  .object({
    picks: z.array(z.object({ lot: z.string(), expiresOn: z.string().nullable(), quantity: z.number().int() })),
    available: z.number().int(),
    missing: z.number().int(),
  })
  .openapi('StockFefoSuggestion');

export const SiteListSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        nameEn: z.string(),
        type: z.string(),
        jurisdictionId: z.uuid(),
        jurisdictionName: z.string(),
        jurisdictionNameEn: z.string(),
        manageable: z.boolean().openapi({ description: 'you may record movements here (resources.manage)' }),
      }),
    ),
  })
  .openapi('StockSites');

export const MinimumSchema = z
  .object({ itemId: z.uuid(), facilityId: z.uuid(), minimum: z.number().int().min(0).max(100_000_000) })
  .strict()
  .openapi('StockMinimumInput');

export const SummaryQuery = z.object({
  facilityId: z.uuid().optional(),
  expiringDays: z.coerce.number().int().min(1).max(365).default(30),
});
export const SummarySchema = z
  .object({
    date: z.string(),
    rows: z.array(
      z.object({
        itemId: z.uuid(),
        itemName: z.string(),
        itemNameEn: z.string(),
        category: z.enum(ITEM_CATEGORIES),
        unit: z.string(),
        unitEn: z.string(),
        facilityId: z.uuid(),
        facilityName: z.string(),
        facilityNameEn: z.string(),
        jurisdictionId: z.uuid(),
        facilityType: z.string().openapi({ description: "the site's registry type (warehouse, general_hospital, …)" }),
        townshipId: z.uuid().nullable().openapi({ description: 'the township the site lies in; null: a district-level site' }),
        quantity: z.number().int().openapi({ description: 'usable: lots not expired' }),
        expired: z.number().int().openapi({ description: 'in expired lots, to dispose of' }),
        expiringSoon: z.number().int().openapi({ description: 'in lots expiring within expiringDays' }),
        nearestExpiry: z.string().nullable(),
        minimum: z.number().int().nullable(),
        belowMinimum: z.boolean(),
        dailyUse: z.number().openapi({ description: 'average units issued per day over the last 28 days' }),
        daysOfCover: z.number().nullable().openapi({ description: 'quantity / dailyUse; null when nothing is used' }),
        stockOutOn: z.string().nullable(),
        incoming: z.number().int().openapi({ description: 'dispatched to this site by requests, not yet received' }),
      }),
    ),
  })
  .openapi('StockSummary');

// requests

const RequestLineInput = z.object({ itemId: z.uuid(), quantity, note: z.string().max(500).optional() }).strict();
export const RequestCreateSchema = z
  .object({
    requesterKind: z.enum(REQUESTER_KINDS),
    requesterFacilityId: z.uuid().optional().openapi({ description: "kind 'facility'" }),
    requesterJurisdictionId: z.uuid().optional().openapi({ description: "kind 'township': the township (or community)" }),
    requesterAgencyId: z.uuid().optional().openapi({ description: "kind 'agency'" }),
    requesterDistrictId: z.uuid().optional().openapi({ description: "kind 'district': a neighbouring district (mutual aid)" }),
    priority: z.enum(REQUEST_PRIORITIES),
    neededBy: isoDate,
    purpose: z.string().max(2000).optional(),
    deliveryAddress: z.string().max(500).optional(),
    origin: z
      .object({ type: z.enum(['task', 'meeting']), id: z.uuid() })
      .strict()
      .optional()
      .openapi({
        description: "raised from a task or a meeting decision (id: the task's or the decision's); the raiser must be able to see it",
      }),
    lines: z.array(RequestLineInput).min(1).max(50),
  })
  .strict()
  .openapi('StockRequestInput');

export const RequestNoteSchema = z
  .object({ note: z.string().trim().min(1, 'required').max(2000) })
  .strict()
  .openapi('StockRequestNote');
export const RequestOptionalNoteSchema = z
  .object({ note: z.string().max(2000).optional() })
  .strict()
  .openapi('StockRequestOptionalNote');
export const RequestApproveSchema = z
  .object({
    lines: z.array(z.object({ itemId: z.uuid(), quantity: z.number().int().min(0).max(100_000_000) }).strict()).min(1),
    note: z.string().max(2000).optional().openapi({ description: 'required when approving in part: why less' }),
  })
  .strict()
  .openapi('StockRequestApproval');
export const RequestCommitSchema = z
  .object({
    supplierFacilityId: z.uuid().openapi({ description: 'the warehouse or store the goods are taken from' }),
    lines: z
      .array(z.object({ itemId: z.uuid(), quantity: z.number().int().min(0).max(100_000_000) }).strict())
      .optional()
      .openapi({ description: 'default: every approved quantity' }),
  })
  .strict()
  .openapi('StockRequestCommit');
export const RequestReceiveSchema = z
  .object({
    lines: z.array(z.object({ itemId: z.uuid(), quantity: z.number().int().min(0).max(100_000_000) }).strict()).min(1),
    note: z.string().max(2000).optional(),
  })
  .strict()
  .openapi('StockRequestReceipt');

export const RequestListQuery = z.object({
  status: z.enum([...REQUEST_STATUSES, 'open']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

const RequestLineSchema = z.object({
  itemId: z.uuid(),
  itemName: z.string(),
  itemNameEn: z.string(),
  unit: z.string(),
  unitEn: z.string(),
  quantityRequested: z.number().int(),
  quantityApproved: z.number().int().nullable(),
  quantityCommitted: z.number().int(),
  quantityDispatched: z.number().int(),
  quantityReceived: z.number().int(),
  note: z.string(),
});
const Fill = z.enum(['none', 'partial', 'complete']);
export const RequestSummarySchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    requesterKind: z.enum(REQUESTER_KINDS),
    requesterName: z.string(),
    requesterNameEn: z.string(),
    jurisdictionId: z.uuid(),
    priority: z.enum(REQUEST_PRIORITIES),
    neededBy: z.string(),
    status: z.enum(REQUEST_STATUSES),
    overdue: z.boolean(),
    createdAt: z.string(),
    createdByName: z.string(),
    lineCount: z.number().int(),
  })
  .openapi('StockRequestSummary');
export const RequestListSchema = z.object({ items: z.array(RequestSummarySchema), total: z.number().int() }).openapi('StockRequestList');
export const RequestDetailSchema = RequestSummarySchema.extend({
  purpose: z.string(),
  deliveryAddress: z.string(),
  decisionNote: z.string(),
  origin: z
    .object({
      type: z.enum(['task', 'meeting']),
      id: z.uuid().openapi({ description: "a task's id, or a meeting decision's id" }),
      title: z.string().nullable().openapi({ description: 'what the reader may see of it; null: hidden from this reader' }),
      meetingId: z.uuid().nullable().openapi({ description: "a decision's meeting (for the link)" }),
    })
    .nullable(),
  supplierFacilityId: z.uuid().nullable(),
  supplierName: z.string().nullable(),
  supplierNameEn: z.string().nullable(),
  approvedByName: z.string().nullable(),
  lines: z.array(RequestLineSchema),
  fill: z.object({ approval: Fill, commit: Fill, transit: Fill, receipt: Fill }).openapi({
    description: 'how much of the request each step covers (none / partial / complete), as in Sahana Eden',
  }),
  events: z.array(
    z.object({
      action: z.string(),
      fromStatus: z.string().nullable(),
      toStatus: z.string(),
      note: z.string(),
      actorName: z.string(),
      at: z.string(),
    }),
  ),
  allowed: z.array(z.enum(['request_info', 'answer', 'approve', 'reject', 'commit', 'dispatch', 'receive', 'cancel'])).openapi({
    description: 'the steps you may take now',
  }),
}).openapi('StockRequest');

export const RequestBoardSchema = z
  .object({
    byStatus: z.array(z.object({ status: z.enum(REQUEST_STATUSES), count: z.number().int() })),
    byAge: z.array(
      z.object({
        status: z.enum(REQUEST_STATUSES),
        under1: z.number().int(),
        days1to3: z.number().int(),
        days3to7: z.number().int(),
        over7: z.number().int(),
      }),
    ),
    overdue: z.number().int(),
  })
  .openapi('StockRequestBoard');

// scenarios

export const ScenarioInputsQuery = z.object({
  diseaseId: z.uuid().optional().openapi({ description: 'default: the disease with most cases in the last 28 days' }),
});
export const ScenarioInputsSchema = z
  .object({
    date: z.string(),
    townships: z.array(
      z.object({ id: z.uuid(), code: z.string(), name: z.string(), nameEn: z.string(), population: z.number().int(), port: z.boolean() }),
    ),
    borders: z.array(z.object({ a: z.uuid(), b: z.uuid() })),
    neighbours: z.array(
      z.object({
        id: z.uuid(),
        code: z.string(),
        name: z.string(),
        nameEn: z.string(),
        population: z.number().int(),
        flows: z.array(z.object({ mode: z.enum(['road', 'rail', 'river']), dailyIn: z.number().int(), dailyOut: z.number().int() })),
      }),
    ),
    diseases: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string(), nameEn: z.string(), cases: z.number().int() })),
    diseaseId: z.uuid().nullable(),
    cases: z.object({
      days: z.array(z.string()),
      district: z.array(z.number().int()),
      byTownship: z.array(z.object({ id: z.uuid(), counts: z.array(z.number().int()) })),
    }),
    capacity: z.object({ beds: z.number().int(), icuBeds: z.number().int() }),
    items: z.array(ItemSchema),
    stock: z.array(
      z.object({
        itemId: z.uuid(),
        facilityId: z.uuid(),
        facilityName: z.string(),
        facilityNameEn: z.string(),
        quantity: z.number().int(),
        incoming: z.number().int(),
        dailyUse: z.number(),
      }),
    ),
  })
  .openapi('ScenarioInputs');

export const ScenarioSaveSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    inputs: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'what the commander chose: disease, start, model, interventions, consumption' }),
    result: z.record(z.string(), z.unknown()).openapi({ description: 'the computed projection as shown (curves, beds, item cover)' }),
  })
  .strict()
  .openapi('ScenarioInput');
const ScenarioHead = z.object({ id: z.uuid(), name: z.string(), createdAt: z.string(), createdByName: z.string() });
export const ScenarioListSchema = z.object({ items: z.array(ScenarioHead) }).openapi('ScenarioList');
export const ScenarioSchema = ScenarioHead.extend({
  inputs: z.record(z.string(), z.unknown()),
  result: z.record(z.string(), z.unknown()),
}).openapi('Scenario');
