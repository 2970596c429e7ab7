/**
 * Request and response schemas of voyages, trips, manifests and exposure cohorts (docs/travel.md): one source for
 * validation, types and the OpenAPI document. Bodies are `.strict()`.
 */
import { z } from '@hono/zod-openapi';
import { PageQuery } from '../../platform/http/schemas.ts';
import { ID_TYPES, SEXES } from '../cases/index.ts';
import { CONTACT_TYPES, RISK_CATEGORIES } from '../contacts/index.ts';
import { COHORT_STATUSES, MANIFEST_ROLES, PROXIMITIES, TRIP_MODES } from './travel.tables.ts';

const instant = z.iso.datetime({ offset: true }).openapi({ example: '2026-11-28T08:00:00+08:00' });
const text = (max: number) => z.string().trim().max(max);
const name = z.string().trim().min(1, 'must not be empty').max(100);

export const VesselCreateSchema = z
  .object({
    name,
    nameEn: text(100).default(''),
    registration: z.string().trim().min(1, 'must not be empty').max(40).openapi({ description: '船舶登记号 or MMSI' }),
    operator: text(100).default(''),
    decks: z.number().int().min(1).max(20).default(1),
    passengerCapacity: z.number().int().min(0).max(10_000).default(0),
  })
  .strict()
  .openapi('VesselCreate');
export type VesselCreate = z.infer<typeof VesselCreateSchema>;
export const VesselSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    nameEn: z.string(),
    registration: z.string(),
    operator: z.string(),
    decks: z.number().int(),
    passengerCapacity: z.number().int(),
  })
  .openapi('Vessel');
export const VesselListSchema = z.object({ items: z.array(VesselSchema) }).openapi('VesselList');

const Stop = z.object({ name, nameEn: text(100).optional() });
export const RouteCreateSchema = z
  .object({
    mode: z.enum(TRIP_MODES),
    name,
    nameEn: text(100).default(''),
    stops: z.array(Stop.strict()).max(50).default([]),
  })
  .strict()
  .openapi('TravelRouteCreate');
export type RouteCreate = z.infer<typeof RouteCreateSchema>;
export const RouteSchema = z
  .object({ id: z.uuid(), mode: z.enum(TRIP_MODES), name: z.string(), nameEn: z.string(), stops: z.array(Stop) })
  .openapi('TravelRoute');
export const RouteListSchema = z.object({ items: z.array(RouteSchema) }).openapi('TravelRouteList');

const Call = z.object({ place: name, arrivesAt: instant.nullable().default(null), departsAt: instant.nullable().default(null) }).strict();

const tripFields = {
  jurisdictionId: z.uuid().openapi({ description: 'where the district meets the trip (the port, the station); must lie in your scope' }),
  vesselId: z.uuid().nullable().openapi({ description: 'required for a voyage' }),
  routeId: z.uuid().nullable(),
  serviceNumber: name.openapi({ description: 'voyage number, bus or train number, flight number, or the shift' }),
  origin: text(100),
  destination: text(100),
  departsAt: instant,
  arrivesAt: instant,
  calls: z.array(Call).max(50),
  terminal: text(100),
  berth: text(100),
  notes: text(2000),
};
export const TripCreateSchema = z
  .object({
    mode: z.enum(TRIP_MODES),
    jurisdictionId: tripFields.jurisdictionId,
    vesselId: tripFields.vesselId.default(null),
    routeId: tripFields.routeId.default(null),
    serviceNumber: tripFields.serviceNumber,
    origin: tripFields.origin.default(''),
    destination: tripFields.destination.default(''),
    departsAt: instant,
    arrivesAt: instant,
    calls: tripFields.calls.default([]),
    terminal: tripFields.terminal.default(''),
    berth: tripFields.berth.default(''),
    notes: tripFields.notes.default(''),
  })
  .strict()
  .openapi('TripCreate');
export type TripCreate = z.infer<typeof TripCreateSchema>;
export const TripPatchSchema = z.object(tripFields).partial().strict().openapi('TripPatch');
export type TripPatch = z.infer<typeof TripPatchSchema>;

const Ref = z.object({ id: z.uuid(), name: z.string(), nameEn: z.string() });
export const TripSchema = z
  .object({
    id: z.uuid(),
    code: z.string().openapi({ example: 'V2026-000003' }),
    mode: z.enum(TRIP_MODES),
    jurisdictionId: z.uuid(),
    jurisdiction: Ref,
    vessel: VesselSchema.nullable(),
    route: Ref.nullable(),
    serviceNumber: z.string(),
    origin: z.string(),
    destination: z.string(),
    departsAt: z.string(),
    arrivesAt: z.string(),
    calls: z.array(z.object({ place: z.string(), arrivesAt: z.string().nullable(), departsAt: z.string().nullable() })),
    terminal: z.string(),
    berth: z.string(),
    notes: z.string(),
    manifestCount: z.number().int(),
    exposureCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Trip');
export const TripListQuerySchema = PageQuery.extend({
  mode: z.enum(TRIP_MODES).optional(),
  q: z.string().trim().max(100).optional().openapi({ description: 'part of the code, number, vessel, origin or destination' }),
  from: z.iso.date().optional().openapi({ description: 'departing on or after this day (district time)' }),
  to: z.iso.date().optional(),
});
export type TripListQuery = z.infer<typeof TripListQuerySchema>;
export const TripListSchema = z
  .object({ items: z.array(TripSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .openapi('TripList');

export const ManifestEntrySchema = z
  .object({
    id: z.uuid(),
    rowNumber: z.number().int(),
    role: z.enum(MANIFEST_ROLES),
    personName: z.string(),
    sex: z.enum(SEXES),
    idType: z.enum(ID_TYPES),
    idNumberMasked: z.string().openapi({ description: 'full stars without cases.identity over the trip' }),
    phone: z.string(),
    residence: z.string(),
    residenceJurisdiction: Ref.nullable(),
    deck: z.string(),
    cabin: z.string(),
    seat: z.string(),
    boardedAt: z.string(),
    alightedAt: z.string(),
  })
  .openapi('ManifestEntry');
export const ManifestQuerySchema = PageQuery.extend({
  role: z.enum(MANIFEST_ROLES).optional(),
  q: z.string().trim().max(100).optional().openapi({ description: 'part of the name, deck, cabin or seat' }),
});
export const ManifestPageSchema = z
  .object({ items: z.array(ManifestEntrySchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .openapi('ManifestPage');

export const ManifestUploadForm = z.object({
  file: z.any().openapi({ type: 'string', format: 'binary', description: '.csv (UTF-8, GB18030/GBK, UTF-16) or .xlsx, first sheet' }),
  mapping: z
    .string()
    .max(20_000)
    .optional()
    .openapi({ description: 'JSON { field: header }; default: the suggested columns', example: '{"personName":"姓名"}' }),
  preview: z
    .enum(['true', 'false'])
    .default('false')
    .openapi({ description: "'true': answer the header, first rows and suggested columns, write nothing" }),
});
export const ManifestPreviewSchema = z
  .object({
    headers: z.array(z.string()),
    preview: z.array(z.array(z.string())),
    totalRows: z.number().int(),
    fields: z.array(z.object({ field: z.string(), required: z.boolean() })),
    suggested: z.record(z.string(), z.string()),
  })
  .openapi('ManifestPreview');
export const ManifestImportResultSchema = z
  .object({
    imported: z.number().int(),
    manifestCount: z.number().int(),
    cohortsRebuilt: z.number().int().openapi({ description: "exposure cohorts of the trip's cases rebuilt with the new rows" }),
  })
  .openapi('ManifestImportResult');

const Position = {
  deck: text(40).default('').openapi({ description: 'deck; a train carriage; a port work area' }),
  cabin: text(40).default(''),
  seat: text(40).default('').openapi({ description: 'seat or berth; a port post' }),
  boardedAt: text(100).default('').openapi({ description: 'stop where the case boarded (one of the trip stops)' }),
  alightedAt: text(100).default(''),
};
export const ExposureCreateSchema = z
  .object({ caseId: z.uuid(), ...Position, notes: text(2000).default('') })
  .strict()
  .openapi('TravelExposureCreate', { description: 'a case on this trip: builds the exposure cohort from the manifest' });
export type ExposureCreate = z.infer<typeof ExposureCreateSchema>;

const CohortTally = z.object({
  total: z.number().int(),
  byRank: z.object({ '1': z.number().int(), '2': z.number().int(), '3': z.number().int() }),
  suggested: z.number().int(),
  confirmed: z.number().int(),
  dismissed: z.number().int(),
});
export const ExposureSchema = z
  .object({
    id: z.uuid(),
    tripId: z.uuid(),
    tripCode: z.string(),
    tripMode: z.enum(TRIP_MODES),
    serviceNumber: z.string(),
    departsAt: z.string(),
    arrivesAt: z.string(),
    case: z.object({ id: z.uuid(), code: z.string() }),
    manifestEntryId: z.uuid().nullable().openapi({ description: "the case's own manifest row, when recognised" }),
    deck: z.string(),
    cabin: z.string(),
    seat: z.string(),
    boardedAt: z.string(),
    alightedAt: z.string(),
    notes: z.string(),
    cohort: CohortTally,
    createdAt: z.string(),
  })
  .openapi('TravelExposure');
export const ExposureListSchema = z.object({ items: z.array(ExposureSchema) }).openapi('TravelExposureList');

export const CohortQuerySchema = PageQuery.extend({
  rank: z.coerce.number().int().min(1).max(3).optional(),
  status: z.enum(COHORT_STATUSES).optional(),
});
export const CohortMemberSchema = z
  .object({
    id: z.uuid(),
    entry: ManifestEntrySchema,
    proximity: z.enum(PROXIMITIES),
    rank: z.number().int(),
    suggestedRisk: z.enum(RISK_CATEGORIES),
    lastExposureAt: z.string(),
    status: z.enum(COHORT_STATUSES),
    contact: z.object({ id: z.uuid(), code: z.string(), riskCategory: z.enum(RISK_CATEGORIES) }).nullable(),
    decidedAt: z.string().nullable(),
  })
  .openapi('CohortMember');
export const CohortPageSchema = z
  .object({
    exposure: ExposureSchema,
    items: z.array(CohortMemberSchema),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .openapi('CohortPage');

export const CohortConfirmSchema = z
  .object({
    memberIds: z.array(z.uuid()).min(1).max(5000),
    riskCategory: z.enum(RISK_CATEGORIES).optional().openapi({ description: 'for every member; default: each one its suggested risk' }),
    contactType: z.enum(CONTACT_TYPES).optional().openapi({ description: 'default: close for rank 1–2, general for rank 3' }),
    defaultJurisdictionId: z
      .uuid()
      .optional()
      .openapi({ description: 'residence for members whose residence was not recognised on the manifest' }),
    followUpPerDay: z.number().int().min(1).max(4).default(1),
  })
  .strict()
  .openapi('CohortConfirm');
export type CohortConfirm = z.infer<typeof CohortConfirmSchema>;
export const CohortDismissSchema = z
  .object({ memberIds: z.array(z.uuid()).min(1).max(10_000) })
  .strict()
  .openapi('CohortDismiss');
export const CohortDecisionResultSchema = z
  .object({ changed: z.number().int(), contactIds: z.array(z.uuid()), exposure: ExposureSchema })
  .openapi('CohortDecisionResult');

export const ManifestIdentitySchema = z.object({ idType: z.enum(ID_TYPES), idNumber: z.string().nullable() }).openapi('ManifestIdentity');
