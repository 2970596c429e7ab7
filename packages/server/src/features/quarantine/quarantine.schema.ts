/**
 * Request and response schemas of quarantine (docs/quarantine.md): one source for validation, types and the
 * OpenAPI document. Bodies are `.strict()`.
 */
import { z } from '@hono/zod-openapi';
import { PageQuery } from '../../platform/http/schemas.ts';
import { CASE_CLASSIFICATIONS } from '../cases/index.ts';
import { CONTACT_STATUSES } from '../contacts/index.ts';
import { QUARANTINE_KINDS, QUARANTINE_STATUSES, RELEASE_REASONS } from './quarantine.tables.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const text = (max: number) => z.string().trim().max(max);

// ── rooms ──

const RoomInput = z
  .object({
    roomNo: z.string().trim().min(1, 'must not be empty').max(20).openapi({ example: '0312' }),
    floor: z.number().int().min(-5).max(200).nullable().default(null),
    capacity: z.number().int().min(1).max(8).default(1).openapi({ description: 'people the room takes' }),
    notes: text(500).default(''),
  })
  .strict();

export const RoomsCreateSchema = z
  .object({ rooms: z.array(RoomInput).min(1).max(500) })
  .strict()
  .openapi('QuarantineRoomsCreate', { description: 'rooms to add to a site (room numbers unique per site)' });
export type RoomsCreate = z.infer<typeof RoomsCreateSchema>;

export const RoomPatchSchema = z
  .object({
    floor: z.number().int().min(-5).max(200).nullable(),
    capacity: z.number().int().min(1).max(8).openapi({ description: 'not below the people in the room now' }),
    inService: z.boolean().openapi({ description: 'a room out of service takes no new arrivals' }),
    notes: text(500),
  })
  .partial()
  .strict()
  .openapi('QuarantineRoomPatch');
export type RoomPatch = z.infer<typeof RoomPatchSchema>;

// ── stays ──

const placeFields = {
  kind: z.enum(QUARANTINE_KINDS).openapi({ description: 'site: a room of a quarantine site (集中隔离); home: home quarantine (居家隔离)' }),
  siteId: z.uuid().optional().openapi({ description: 'for kind site: the quarantine site (a quarantine hotel of the registry)' }),
  roomId: z.uuid().optional().openapi({ description: 'for kind site: a room of that site with a free place' }),
  homeAddress: text(300).optional().openapi({ description: "for kind home: where (default: the contact's address)" }),
};

export const AssignmentCreateSchema = z
  .object({
    contactId: z.uuid().optional().openapi({ description: 'a contact under follow-up in your jurisdiction (or caseReportId)' }),
    caseReportId: z
      .uuid()
      .optional()
      .openapi({ description: 'a case person to isolate (an asymptomatic infection, a mild case), of your jurisdiction (or contactId)' }),
    ...placeFields,
    startDate: isoDate.optional().openapi({ description: 'first day (default today, district time); not in the future' }),
    endDate: isoDate.optional().openapi({
      description: "last day (default: a contact's followUpUntil; a case person's first day + the disease's maximum incubation period)",
    }),
    notes: text(1000).default(''),
  })
  .strict()
  .openapi('QuarantineAssignmentCreate', { description: 'places one person: a contact (contactId) or a case person (caseReportId)' });
export type AssignmentCreate = z.infer<typeof AssignmentCreateSchema>;

export const TransferSchema = z
  .object({
    ...placeFields,
    date: isoDate.optional().openapi({ description: 'day of the move (default today): the old stay ends, the new one starts' }),
    endDate: isoDate.optional().openapi({ description: 'last day of the new stay (default: that of the old one)' }),
    notes: text(1000).default(''),
  })
  .strict()
  .openapi('QuarantineTransfer');
export type Transfer = z.infer<typeof TransferSchema>;

export const AssignmentPatchSchema = z
  .object({
    startDate: isoDate,
    endDate: isoDate,
    homeAddress: text(300),
    notes: text(1000),
  })
  .partial()
  .strict()
  .openapi('QuarantineAssignmentPatch', { description: 'change the dates or notes of a current stay' });
export type AssignmentPatch = z.infer<typeof AssignmentPatchSchema>;

export const ReleaseSchema = z
  .object({
    releasedOn: isoDate.optional().openapi({ description: 'day of release (default today); not before the start, not in the future' }),
    reason: z.enum(RELEASE_REASONS).openapi({
      description:
        'a contact: period_completed, converted_to_case, not_a_contact, moved_away, other; a case person: period_completed, admitted_to_hospital, recovered, moved_away, other',
    }),
    notes: text(1000).default(''),
  })
  .strict()
  .openapi('QuarantineRelease');
export type Release = z.infer<typeof ReleaseSchema>;

export const AssignmentListQuerySchema = PageQuery.extend({
  status: z.enum(QUARANTINE_STATUSES).optional(),
  kind: z.enum(QUARANTINE_KINDS).optional(),
  siteId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  caseReportId: z.uuid().optional(),
  person: z.enum(['contact', 'case']).optional().openapi({ description: 'contacts only, or case persons only' }),
  jurisdictionId: z.uuid().optional().openapi({ description: "the person's residence within this jurisdiction" }),
  q: z.string().trim().max(100).optional().openapi({ description: 'part of the name, the contact or case code, or the stay code' }),
});
export type AssignmentListQuery = z.infer<typeof AssignmentListQuerySchema>;

export const NoticeQuerySchema = z.object({
  kind: z.enum(['quarantine', 'release']).default('quarantine').openapi({ description: '隔离通知书 or 解除隔离通知书' }),
});

// ── responses ──

const Ref = z.object({ id: z.uuid(), name: z.string(), nameEn: z.string() });

export const AssignmentSchema = z
  .object({
    id: z.uuid(),
    code: z.string().openapi({ example: 'Q2026-000012' }),
    person: z
      .object({ kind: z.enum(['contact', 'case']), id: z.uuid(), code: z.string(), personName: z.string() })
      .openapi({ description: 'who is in quarantine: a contact or a case person' }),
    contact: z
      .object({
        id: z.uuid(),
        code: z.string(),
        personName: z.string(),
        status: z.enum(CONTACT_STATUSES),
        followUpUntil: isoDate,
      })
      .nullable(),
    caseReport: z
      .object({ id: z.uuid(), code: z.string(), personName: z.string(), classification: z.enum(CASE_CLASSIFICATIONS) })
      .nullable(),
    jurisdictionId: z.uuid().openapi({ description: "the person's residence (scopes the record)" }),
    jurisdiction: Ref,
    kind: z.enum(QUARANTINE_KINDS),
    site: Ref.nullable(),
    room: z.object({ id: z.uuid(), roomNo: z.string() }).nullable(),
    homeAddress: z.string(),
    startDate: isoDate,
    endDate: isoDate,
    status: z.enum(QUARANTINE_STATUSES),
    endedOn: isoDate.nullable(),
    releaseReason: z.enum(RELEASE_REASONS).nullable(),
    releaseNotes: z.string(),
    previousId: z.uuid().nullable(),
    notes: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('QuarantineAssignment');

export const AssignmentListSchema = z
  .object({ items: z.array(AssignmentSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .openapi('QuarantineAssignmentList');

const Movements = {
  arrivalsToday: z.number().int(),
  releasesToday: z.number().int().openapi({ description: 'stays ended today (released or moved elsewhere)' }),
};

export const SiteSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    nameEn: z.string(),
    jurisdiction: Ref,
    address: z.string(),
    phone: z.string(),
    registryRooms: z.number().int().openapi({ description: 'guest rooms of the hotel in the registry' }),
    rooms: z.number().int().openapi({ description: 'rooms set up for quarantine' }),
    roomsInService: z.number().int(),
    capacity: z.number().int().openapi({ description: 'places in the rooms in service' }),
    occupied: z.number().int(),
    free: z.number().int(),
    ...Movements,
  })
  .openapi('QuarantineSite');

export const OccupancySchema = z
  .object({
    date: isoDate,
    sites: z.array(SiteSchema),
    home: z.object({ active: z.number().int(), ...Movements }),
    totals: z.object({ capacity: z.number().int(), occupied: z.number().int(), free: z.number().int(), ...Movements }),
  })
  .openapi('QuarantineOccupancy');

export const RoomSchema = z
  .object({
    id: z.uuid(),
    roomNo: z.string(),
    floor: z.number().int().nullable(),
    capacity: z.number().int(),
    inService: z.boolean(),
    notes: z.string(),
    occupied: z.number().int(),
    occupants: z
      .array(z.object({ assignmentId: z.uuid(), code: z.string(), personName: z.string(), startDate: isoDate, endDate: isoDate }))
      .openapi({ description: 'the people staying, those resident in your jurisdiction only' }),
  })
  .openapi('QuarantineRoom');

export const SiteWithRoomsSchema = z
  .object({ site: SiteSchema, rooms: z.array(RoomSchema), date: isoDate })
  .openapi('QuarantineSiteWithRooms');
