/**
 * Request and answer shapes of bed occupancy (zod: validation, types and the OpenAPI document in one place).
 */
import { z } from '@hono/zod-openapi';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const occupied = z.number().int('must be a whole number').min(0, 'must not be negative').max(100_000);

export const OccupancyReportSchema = z
  .object({
    facilityId: z.uuid(),
    date: isoDate.openapi({ description: 'the day reported (district time); a second report of a day replaces the first' }),
    bedsOccupied: occupied,
    icuBedsOccupied: occupied,
    isolationRoomsOccupied: occupied,
    overCapacity: z
      .boolean()
      .optional()
      .openapi({ description: 'keep figures above the registered capacity (surge beds); a note is then required' }),
    note: z.string().max(500).optional(),
  })
  .strict()
  .openapi('OccupancyReportInput');

export const OccupancyOverviewQuery = z.object({
  date: isoDate.optional().openapi({ description: 'the day (default: today, district time)' }),
});
export const FacilityOccupancyQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(14) });

const Capacity = z.object({ beds: z.number().int(), icuBeds: z.number().int(), isolationRooms: z.number().int() });
const ReportFields = z.object({
  id: z.uuid(),
  facilityId: z.uuid(),
  reportDate: z.string(),
  bedsOccupied: z.number().int(),
  icuBedsOccupied: z.number().int(),
  isolationRoomsOccupied: z.number().int(),
  capacity: Capacity.openapi({ description: 'the capacity registered when the report was made' }),
  overCapacity: z.boolean(),
  note: z.string(),
  source: z.enum(['form', 'import', 'demo']),
  updatedAt: z.string(),
});
export const OccupancyReportViewSchema = ReportFields.openapi('OccupancyReport');

export const OccupancyPictureSchema = z
  .object({
    date: z.string(),
    facilities: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        nameEn: z.string(),
        type: z.string(),
        jurisdiction: z.object({ id: z.uuid(), name: z.string(), nameEn: z.string() }),
        capacity: Capacity,
        // the unnamed shape: a named schema made nullable here would make the named one nullable everywhere
        latest: ReportFields.nullable(),
        reportedOnDate: z.boolean(),
        bedRate: z.number().nullable().openapi({ description: 'occupied beds, per cent of capacity' }),
      }),
    ),
    totals: z.object({
      occupied: Capacity,
      capacity: Capacity.openapi({ description: 'capacity of the facilities counted (those that have reported)' }),
      registered: Capacity.openapi({ description: 'capacity registered for every facility expected to report' }),
      rates: z.object({ beds: z.number().nullable(), icuBeds: z.number().nullable(), isolationRooms: z.number().nullable() }),
      facilities: z.number().int(),
      reportedOnDate: z.number().int(),
    }),
    notReported: z.array(z.object({ id: z.uuid(), name: z.string(), nameEn: z.string(), lastReportDate: z.string().nullable() })),
  })
  .openapi('OccupancyPicture');

export const OccupancyOverviewSchema = OccupancyPictureSchema.extend({
  reportable: z.array(z.uuid()).openapi({ description: 'facilities you may report for' }),
}).openapi('OccupancyOverview');

export const FacilityOccupancySchema = z
  .object({
    facility: z.object({ id: z.uuid(), name: z.string(), nameEn: z.string(), type: z.string(), capacity: Capacity }),
    canReport: z.boolean(),
    items: z.array(OccupancyReportViewSchema),
  })
  .openapi('FacilityOccupancy');
