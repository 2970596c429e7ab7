/**
 * Request and response schemas of joint prevention and control meetings (zod: validation, types and OpenAPI).
 * Bodies are `.strict()`: an unknown field is refused.
 */
import { z } from '@hono/zod-openapi';
import { TASK_PRIORITIES } from '../tasks/index.ts';
import { MEETING_STATUSES } from './meetings.tables.ts';

const text = (max: number) => z.string().max(max, { message: `At most ${max} characters` });
const uuid = (what: string) => z.string().uuid({ message: `Unknown ${what}` });
const instant = z.string().datetime({ offset: true, message: 'A date and time (ISO 8601 with offset)' });

export const AgendaItemSchema = z
  .object({ title: text(300).trim().min(1, { message: 'An agenda item needs a title' }), presenter: text(100).default('') })
  .strict();

export const AttendeeInputSchema = z
  .object({
    agencyId: uuid('agency').nullable().optional(),
    personName: text(100).default(''),
    position: text(100).default(''),
  })
  .strict()
  .refine((a) => Boolean(a.agencyId) || a.personName.trim() !== '', {
    message: 'An attendee is an agency or a named person',
    path: ['personName'],
  });

const meetingFields = {
  title: text(200).trim().min(1, { message: 'A title is required' }),
  heldAt: instant,
  location: text(200).default(''),
  chair: text(100).default(''),
  agenda: z.array(AgendaItemSchema).max(50).default([]),
  attendees: z.array(AttendeeInputSchema).max(200).default([]),
  minutes: text(50000).default(''),
  status: z.enum(MEETING_STATUSES).default('scheduled'),
};

export const MeetingCreateSchema = z
  .object({
    /** the incident it is held for; omitted or null for a standing meeting */
    incidentId: uuid('incident').nullable().optional(),
    /** the area of a standing meeting (an incident's meeting takes the incident's area) */
    jurisdictionId: uuid('jurisdiction').optional(),
    ...meetingFields,
  })
  .strict()
  .openapi('MeetingCreate');

export const MeetingPatchSchema = z
  .object({
    title: meetingFields.title.optional(),
    heldAt: instant.optional(),
    location: text(200).optional(),
    chair: text(100).optional(),
    agenda: z.array(AgendaItemSchema).max(50).optional(),
    attendees: z.array(AttendeeInputSchema).max(200).optional(),
    minutes: text(50000).optional(),
    status: z.enum(MEETING_STATUSES).optional(),
  })
  .strict()
  .openapi('MeetingPatch');

export const DecisionInputSchema = z
  .object({ text: text(2000).trim().min(1, { message: 'A decision needs a text' }) })
  .strict()
  .openapi('MeetingDecisionInput');

export const DecisionTasksSchema = z
  .object({
    /** one task per agency */
    agencyIds: z.array(uuid('agency')).min(1, { message: 'Pick at least one agency' }).max(50),
    dueAt: instant,
    /** the tasks' title; the decision's text (first 200 characters) when omitted */
    title: text(200).trim().min(1).optional(),
    description: text(5000).optional(),
    priority: z.enum(TASK_PRIORITIES).default('normal'),
  })
  .strict()
  .openapi('MeetingDecisionTasks');

export const MeetingListQuerySchema = z.object({
  incidentId: z.string().uuid().optional(),
  /** 'standing': only meetings without an incident */
  kind: z.enum(['incident', 'standing']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const DecisionTaskSchema = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  status: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  assigneeAgencyId: z.string().nullable(),
  assigneeName: z.string(),
  assigneeNameEn: z.string(),
});

export const MeetingSummarySchema = z
  .object({
    id: z.string(),
    incidentId: z.string().nullable(),
    incidentCode: z.string().nullable(),
    incidentTitle: z.string().nullable(),
    jurisdictionId: z.string(),
    jurisdictionName: z.string(),
    jurisdictionNameEn: z.string(),
    title: z.string(),
    heldAt: z.string(),
    location: z.string(),
    status: z.enum(MEETING_STATUSES),
    decisionCount: z.number(),
  })
  .openapi('MeetingSummary');

export const MeetingSchema = MeetingSummarySchema.extend({
  chair: z.string(),
  agenda: z.array(z.object({ title: z.string(), presenter: z.string() })),
  attendees: z.array(
    z.object({
      id: z.string(),
      agencyId: z.string().nullable(),
      agencyName: z.string().nullable(),
      agencyNameEn: z.string().nullable(),
      personName: z.string(),
      position: z.string(),
    }),
  ),
  minutes: z.string(),
  decisions: z.array(z.object({ id: z.string(), seq: z.number(), text: z.string(), tasks: z.array(DecisionTaskSchema) })),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).openapi('Meeting');

export const MeetingListSchema = z.object({ items: z.array(MeetingSummarySchema), total: z.number() }).openapi('MeetingList');

export type MeetingCreate = z.infer<typeof MeetingCreateSchema>;
export type MeetingPatch = z.infer<typeof MeetingPatchSchema>;
export type DecisionTasks = z.infer<typeof DecisionTasksSchema>;
export type MeetingListQuery = z.infer<typeof MeetingListQuerySchema>;
export type AttendeeInput = z.infer<typeof AttendeeInputSchema>;
