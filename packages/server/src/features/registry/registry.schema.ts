/**
 * Request and response schemas of the registry (docs/api-contract.md, "Registry"): one source for
 * validation, TypeScript types and the OpenAPI document. Bodies are `.strict()`: an unknown field is a
 * `validation_failed` naming it, never silently dropped.
 */
import { z } from '@hono/zod-openapi';
import { JURISDICTION_LEVELS } from '../../platform/db/platform.tables.ts';
import { PageQuery } from '../../platform/http/schemas.ts';
import { AGENCY_KINDS, FACILITY_TYPES, MAP_FEATURE_KINDS, ROSTER_SHIFTS } from './registry.tables.ts';

/** `[lon, lat]` in WGS 84 degrees. */
export const LonLatSchema = z
  .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])
  // Not a named component: the generator would fold a `.nullable()` use into the shared component, making
  // every position nullable in the document.
  .openapi({ description: '[longitude, latitude] in WGS 84 degrees', example: [106.51, 29.53] });

const ringSchema = z
  .array(LonLatSchema)
  .min(4, 'a linear ring needs at least 4 positions')
  .refine((ring) => ring.length < 4 || (ring[0][0] === ring.at(-1)![0] && ring[0][1] === ring.at(-1)![1]), {
    message: 'a linear ring must end where it starts',
  });

/** A GeoJSON Polygon or MultiPolygon geometry (RFC 7946), as stored for a jurisdiction's outline. */
export const GeometrySchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('Polygon'), coordinates: z.array(ringSchema).min(1).max(100) }).strict(),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ringSchema).min(1).max(100)).min(1).max(500) }).strict(),
  ])
  .openapi('Geometry', { description: 'GeoJSON Polygon or MultiPolygon (RFC 7946), WGS 84' });

const uuid = (description: string) => z.uuid().openapi({ description });
const text = (max: number) => z.string().trim().max(max);
const requiredText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const phone = z
  .string()
  .trim()
  .max(40)
  .regex(/^[0-9+\-() ]*$/, 'digits, spaces and + - ( ) only')
  .openapi({ example: '023-61234567' });
const email = z.union([z.literal(''), z.email()]).openapi({ example: 'cdc@districtj.example' });
const count = (description: string) => z.number().int().min(0).max(1_000_000).openapi({ description });

// ── jurisdictions ───────────────────────────────────────────────────────────────────────────────

export const JurisdictionLevelSchema = z.enum(JURISDICTION_LEVELS).openapi('JurisdictionLevel');

export const JurisdictionSchema = z
  .object({
    id: z.uuid(),
    parentId: z.uuid().nullable(),
    level: JurisdictionLevelSchema,
    code: z.string().openapi({ description: 'GB/T 2260 6-digit code, or 12-digit statistical division code', example: '500199001000' }),
    name: z.string().openapi({ example: '望江街道' }),
    nameEn: z.string().openapi({ example: 'Wangjiang Subdistrict' }),
    population: z.number().int().nullable(),
    centroid: LonLatSchema.nullable(),
    adjacentIds: z.array(z.uuid()).openapi({
      description: 'ids of the jurisdictions sharing a border with this one, within your subtree only (ordered by code)',
    }),
  })
  .openapi('Jurisdiction');

export const JurisdictionListQuerySchema = z.object({ level: JurisdictionLevelSchema.optional() });
export const JurisdictionListSchema = z.object({ items: z.array(JurisdictionSchema) }).openapi('JurisdictionList');

export const JurisdictionCreateSchema = z
  .object({
    parentId: uuid('the jurisdiction it belongs to; must lie within your subtree'),
    level: JurisdictionLevelSchema,
    code: requiredText(12).openapi({
      description: '6 digits for province, city and district; 12 digits (parent prefix + 3 + 3) for township and community',
    }),
    name: requiredText(100),
    nameEn: requiredText(200),
    population: z.number().int().min(0).max(2_000_000_000).nullable().optional(),
    centroid: LonLatSchema.nullable().optional(),
    geometry: GeometrySchema.nullable().optional(),
  })
  .strict()
  .openapi('JurisdictionCreate');

export const JurisdictionPatchSchema = z
  .object({
    code: requiredText(12),
    name: requiredText(100),
    nameEn: requiredText(200),
    population: z.number().int().min(0).max(2_000_000_000).nullable(),
    centroid: LonLatSchema.nullable(),
    geometry: GeometrySchema.nullable(),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'give at least one field to change' })
  .openapi('JurisdictionPatch');

export const GeoJsonQuerySchema = z.object({ level: JurisdictionLevelSchema.optional() });

export const FeatureCollectionSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.string(),
        geometry: z.union([GeometrySchema, z.object({ type: z.literal('Point'), coordinates: LonLatSchema })]),
        properties: z.object({
          id: z.uuid(),
          code: z.string(),
          name: z.string(),
          nameEn: z.string(),
          level: JurisdictionLevelSchema,
          population: z.number().int().nullable(),
        }),
      }),
    ),
  })
  .openapi('JurisdictionFeatureCollection', {
    description: 'Jurisdictions in scope as GeoJSON; communities without an outline are points at their centroid',
  });

// ── adjacency, flows, map features ──────────────────────────────────────────────────────────────

export const AdjacencyListSchema = z
  .object({
    items: z.array(
      z.object({
        aId: z.uuid().openapi({ description: 'the smaller of the two ids' }),
        bId: z.uuid(),
        sharedBorderKm: z.number().openapi({ description: 'length of the common border, km' }),
      }),
    ),
  })
  .openapi('JurisdictionAdjacencyList', {
    description: 'Pairs of jurisdictions sharing a border, both within your subtree; each pair once',
  });

export const JurisdictionFlowListSchema = z
  .object({
    items: z.array(
      z.object({
        originId: z.uuid(),
        destinationId: z.uuid(),
        dailyTrips: z.number().int().openapi({ description: 'residents of the origin spending a typical working day in the destination' }),
        source: z
          .string()
          .openapi({ description: 'where the figure comes from', example: 'synthetic: production-constrained gravity model (demo data)' }),
      }),
    ),
  })
  .openapi('JurisdictionFlowList', { description: 'Directed daily flows between jurisdictions, both ends within your subtree' });

export const MapFeatureKindSchema = z.enum(MAP_FEATURE_KINDS).openapi('MapFeatureKind');
export const MapFeatureQuerySchema = z.object({ kind: MapFeatureKindSchema.optional() });

const lineSchema = z.array(LonLatSchema).min(2);
const MapFeatureGeometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: LonLatSchema }),
  z.object({ type: z.literal('LineString'), coordinates: lineSchema }),
  z.object({ type: z.literal('MultiLineString'), coordinates: z.array(lineSchema) }),
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(LonLatSchema)) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(LonLatSchema))) }),
]);

export const MapFeatureCollectionSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.string(),
        geometry: MapFeatureGeometrySchema,
        properties: z.object({
          id: z.uuid(),
          kind: MapFeatureKindSchema,
          name: z.string(),
          nameEn: z.string(),
          jurisdictionId: z.uuid().openapi({ description: 'the jurisdiction the feature lies in' }),
        }),
      }),
    ),
  })
  .openapi('MapFeatureCollection', {
    description:
      'Map features other than jurisdictions (river reaches as LineString/MultiLineString, the port as a Point) lying in your subtree',
  });

// ── adjacent districts ──────────────────────────────────────────────────────────────────────────

const flowSchema = z.object({
  in: z.number().int().openapi({ description: 'person-trips per day into our district' }),
  out: z.number().int().openapi({ description: 'person-trips per day out of our district' }),
});

export const AdjacentDistrictSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    nameEn: z.string(),
    population: z.number().int().nullable(),
    centroid: LonLatSchema.nullable(),
    dailyFlowIn: z.number().int().openapi({ description: 'all modes, person-trips per day into our district' }),
    dailyFlowOut: z.number().int().openapi({ description: 'all modes, person-trips per day out of our district' }),
    modes: z.object({ road: flowSchema, rail: flowSchema, river: flowSchema }),
  })
  .openapi('AdjacentDistrict');
export const AdjacentDistrictListSchema = z.object({ items: z.array(AdjacentDistrictSchema) }).openapi('AdjacentDistrictList');

// ── agencies ────────────────────────────────────────────────────────────────────────────────────

export const AgencyKindSchema = z.enum(AGENCY_KINDS).openapi('AgencyKind');

export const AgencySchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    nameEn: z.string(),
    kind: AgencyKindSchema,
    jurisdictionId: z.uuid(),
    contactPerson: z.string(),
    phone: z.string(),
    email: z.string(),
    address: z.string(),
    duties: z.string(),
  })
  .openapi('Agency');

export const AgencyListQuerySchema = PageQuery.extend({ q: z.string().trim().max(100).optional() });
export const AgencyListSchema = z.object({ items: z.array(AgencySchema), total: z.number().int() }).openapi('AgencyList');

const agencyFields = {
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/, '2–40 letters, digits, "-" or "_"')
    .openapi({ example: 'JJ-CDC' }),
  name: requiredText(200),
  nameEn: requiredText(300),
  kind: AgencyKindSchema,
  jurisdictionId: uuid('the jurisdiction the agency serves; must lie within your subtree'),
  contactPerson: text(100),
  phone,
  email,
  address: text(300),
  duties: text(4000),
};

export const AgencyCreateSchema = z
  .object({
    ...agencyFields,
    contactPerson: agencyFields.contactPerson.default(''),
    phone: phone.default(''),
    email: email.default(''),
    address: agencyFields.address.default(''),
    duties: agencyFields.duties.default(''),
  })
  .strict()
  .openapi('AgencyCreate');

export const AgencyPatchSchema = z
  .object(agencyFields)
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'give at least one field to change' })
  .openapi('AgencyPatch');

// ── duty roster ─────────────────────────────────────────────────────────────────────────────────

const isoDate = z.iso.date().openapi({ example: '2026-03-02' });

export const RosterShiftSchema = z.enum(ROSTER_SHIFTS).openapi('RosterShift', {
  description: 'day 08:00–20:00, night 20:00–08:00, all_day = 24-hour duty leader',
});

export const RosterEntrySchema = z
  .object({ id: z.uuid(), date: isoDate, shift: RosterShiftSchema, personName: z.string(), phone: z.string(), role: z.string() })
  .openapi('RosterEntry');
export const RosterListSchema = z.object({ items: z.array(RosterEntrySchema) }).openapi('RosterList');

export const RosterQuerySchema = z.object({
  from: isoDate.optional().openapi({ description: 'first day (default: today)' }),
  to: isoDate.optional().openapi({ description: 'last day, inclusive (default: from + 13 days)' }),
});

export const RosterEntryInputSchema = z
  .object({ date: isoDate, shift: RosterShiftSchema, personName: requiredText(100), phone, role: requiredText(100) })
  .strict();

export const RosterPutSchema = z
  .object({
    from: isoDate,
    to: isoDate,
    entries: z.array(RosterEntryInputSchema).max(5000),
  })
  .strict()
  .openapi('RosterReplace', { description: 'Replaces every entry from `from` to `to` (inclusive) with `entries`' });

// ── facilities ──────────────────────────────────────────────────────────────────────────────────

export const FacilityTypeSchema = z.enum(FACILITY_TYPES).openapi('FacilityType');

export const FacilitySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    nameEn: z.string(),
    type: FacilityTypeSchema,
    jurisdictionId: z.uuid(),
    address: z.string(),
    location: LonLatSchema.nullable(),
    beds: z.number().int(),
    icuBeds: z.number().int(),
    isolationRooms: z.number().int(),
    rooms: z.number().int(),
    phone: z.string(),
  })
  .openapi('Facility');

export const FacilityListQuerySchema = PageQuery.extend({
  type: FacilityTypeSchema.optional(),
  jurisdictionId: z.uuid().optional().openapi({ description: "facilities in this jurisdiction's whole subtree" }),
  q: z.string().trim().max(100).optional(),
});
export const FacilityListSchema = z.object({ items: z.array(FacilitySchema), total: z.number().int() }).openapi('FacilityList');

const facilityFields = {
  name: requiredText(200),
  nameEn: requiredText(300),
  type: FacilityTypeSchema,
  jurisdictionId: uuid('the jurisdiction it stands in; must lie within your subtree'),
  address: text(300),
  location: LonLatSchema.nullable(),
  beds: count('inpatient beds'),
  icuBeds: count('intensive-care beds'),
  isolationRooms: count('single isolation rooms (negative-pressure in hospitals)'),
  rooms: count('guest rooms (quarantine hotels)'),
  phone,
};

export const FacilityCreateSchema = z
  .object({
    ...facilityFields,
    address: facilityFields.address.default(''),
    location: facilityFields.location.default(null),
    beds: facilityFields.beds.default(0),
    icuBeds: facilityFields.icuBeds.default(0),
    isolationRooms: facilityFields.isolationRooms.default(0),
    rooms: facilityFields.rooms.default(0),
    phone: phone.default(''),
  })
  .strict()
  .openapi('FacilityCreate');

export const FacilityPatchSchema = z
  .object(facilityFields)
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'give at least one field to change' })
  .openapi('FacilityPatch');

// ── dashboard ───────────────────────────────────────────────────────────────────────────────────

export const DashboardSummarySchema = z
  .object({
    population: z.number().int(),
    townships: z.number().int(),
    communities: z.number().int(),
    agencies: z.number().int(),
    facilitiesByType: z.record(z.string(), z.number().int()),
    beds: z.number().int(),
    icuBeds: z.number().int(),
    isolationRooms: z.number().int(),
    quarantineRooms: z.number().int(),
  })
  .openapi('DashboardSummary');

export type JurisdictionCreate = z.infer<typeof JurisdictionCreateSchema>;
export type JurisdictionPatch = z.infer<typeof JurisdictionPatchSchema>;
export type AgencyCreate = z.infer<typeof AgencyCreateSchema>;
export type AgencyPatch = z.infer<typeof AgencyPatchSchema>;
export type RosterPut = z.infer<typeof RosterPutSchema>;
export type FacilityCreate = z.infer<typeof FacilityCreateSchema>;
export type FacilityPatch = z.infer<typeof FacilityPatchSchema>;
export type FacilityListQuery = z.infer<typeof FacilityListQuerySchema>;
export type AgencyListQuery = z.infer<typeof AgencyListQuerySchema>;
