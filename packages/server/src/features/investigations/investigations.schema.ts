/**
 * Request and response schemas of the epidemiological investigation (流调) of a case (docs/travel.md).
 */
import { z } from '@hono/zod-openapi';
import { TRIP_MODES } from '../travel/index.ts';
import { EVENT_KINDS, INVESTIGATION_STATUSES, SOURCE_KINDS } from './investigations.tables.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const instant = z.iso.datetime({ offset: true }).openapi({ example: '2026-11-28T08:00:00+08:00' });
const text = (max: number) => z.string().trim().max(max);

export const InvestigationStartSchema = z
  .object({
    windowFrom: isoDate.optional().openapi({ description: 'default: onset (or diagnosis) day − the disease’s maximum incubation period' }),
    windowTo: isoDate.optional().openapi({ description: 'default: the diagnosis day' }),
  })
  .strict()
  .openapi('InvestigationStart');
export type InvestigationStart = z.infer<typeof InvestigationStartSchema>;

export const InvestigationPatchSchema = z
  .object({
    windowFrom: isoDate,
    windowTo: isoDate,
    likelySourceKind: z.enum(SOURCE_KINDS),
    likelySource: text(1000),
    notes: text(10_000),
    status: z.enum(INVESTIGATION_STATUSES),
  })
  .partial()
  .strict()
  .openapi('InvestigationPatch');
export type InvestigationPatch = z.infer<typeof InvestigationPatchSchema>;

const eventFields = {
  kind: z.enum(EVENT_KINDS),
  startsAt: instant,
  endsAt: instant.nullable(),
  place: text(200).openapi({ description: 'place or address; for a journey: from → to' }),
  activity: text(500),
  tripId: z.uuid().nullable().openapi({ description: 'a journey on a recorded trip: links the case to it and builds its cohort' }),
  serviceNumber: text(40).openapi({ description: 'voyage, bus, train or flight number as told' }),
  deck: text(40).openapi({ description: 'deck; a train carriage; a port work area' }),
  cabin: text(40),
  seat: text(40),
  boardedAt: text(100).openapi({ description: 'stop where the case boarded (for a linked trip)' }),
  alightedAt: text(100),
  notes: text(2000),
};
export const EventCreateSchema = z
  .object({
    kind: eventFields.kind,
    startsAt: eventFields.startsAt,
    endsAt: eventFields.endsAt.default(null),
    place: eventFields.place.default(''),
    activity: eventFields.activity.default(''),
    tripId: eventFields.tripId.default(null),
    serviceNumber: eventFields.serviceNumber.default(''),
    deck: eventFields.deck.default(''),
    cabin: eventFields.cabin.default(''),
    seat: eventFields.seat.default(''),
    boardedAt: eventFields.boardedAt.default(''),
    alightedAt: eventFields.alightedAt.default(''),
    notes: eventFields.notes.default(''),
  })
  .strict()
  .openapi('InvestigationEventCreate');
export type EventCreate = z.infer<typeof EventCreateSchema>;
export const EventPatchSchema = z.object(eventFields).partial().strict().openapi('InvestigationEventPatch');
export type EventPatch = z.infer<typeof EventPatchSchema>;

export const EventParams = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, format: 'uuid' }),
  eventId: z.string().openapi({ param: { name: 'eventId', in: 'path' }, format: 'uuid' }),
});

export const InvestigationEventSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(EVENT_KINDS),
    startsAt: z.string(),
    endsAt: z.string().nullable(),
    place: z.string(),
    activity: z.string(),
    trip: z
      .object({ id: z.uuid(), code: z.string(), mode: z.enum(TRIP_MODES), serviceNumber: z.string(), exposureId: z.uuid().nullable() })
      .nullable(),
    serviceNumber: z.string(),
    deck: z.string(),
    cabin: z.string(),
    seat: z.string(),
    notes: z.string(),
    inWindow: z.boolean().openapi({ description: 'whether the entry overlaps the exposure window' }),
    createdAt: z.string(),
  })
  .openapi('InvestigationEvent');

export const InvestigationSchema = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    jurisdictionId: z.uuid(),
    status: z.enum(INVESTIGATION_STATUSES),
    windowFrom: isoDate,
    windowTo: isoDate,
    likelySourceKind: z.enum(SOURCE_KINDS),
    likelySource: z.string(),
    notes: z.string(),
    investigator: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
    events: z.array(InvestigationEventSchema),
    closedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Investigation');

export const CaseInvestigationSchema = z
  .object({
    case: z.object({ id: z.uuid(), code: z.string(), classification: z.string(), onsetDate: isoDate.nullable(), diagnosisAt: z.string() }),
    suggestedWindow: z.object({ from: isoDate, to: isoDate }),
    investigation: InvestigationSchema.nullable(),
    canWrite: z.boolean(),
  })
  .openapi('CaseInvestigation');
