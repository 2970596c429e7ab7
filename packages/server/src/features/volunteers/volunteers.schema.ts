/**
 * Request and answer shapes of the volunteer registry (zod: validation, types and the OpenAPI document).
 */
import { z } from '@hono/zod-openapi';
import {
  ASSIGNMENT_STATUSES,
  VETTING_STATUSES,
  VOLUNTEER_AVAILABILITY,
  VOLUNTEER_ID_TYPES,
  VOLUNTEER_LANGUAGES,
  VOLUNTEER_SEXES,
  VOLUNTEER_SKILLS,
} from './volunteers.tables.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const text = (max: number) => z.string().trim().max(max);
const Named = z.object({ id: z.uuid(), name: z.string(), nameEn: z.string() });
const Person = z.object({ id: z.uuid(), displayName: z.string() });

export const ActivitySchema = z
  .object({
    minutes: z.number().int().openapi({ description: 'minutes served within the window of the rule' }),
    hoursPerMonth: z.number().openapi({ description: 'hours a month averaged over the window (one decimal)' }),
    active: z.boolean().openapi({ description: 'Sahana Eden’s rule: at least 8 hours a month on average over the last year' }),
    window: z.object({ from: z.string(), to: z.string() }).nullable(),
    lastWorkedOn: z.string().nullable(),
  })
  .openapi('VolunteerActivity');

export const VolunteerSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    sex: z.enum(VOLUNTEER_SEXES),
    birthYear: z.number().int().nullable(),
    jurisdiction: Named,
    township: Named.nullable(),
    grid: z.string(),
    phoneMasked: z
      .string()
      .openapi({ description: 'holders of volunteers.personal over the volunteer: 138****5678; everyone else: stars only' }),
    idType: z.enum(VOLUNTEER_ID_TYPES),
    idNumberMasked: z.string(),
    skills: z.array(z.enum(VOLUNTEER_SKILLS)),
    languages: z.array(z.enum(VOLUNTEER_LANGUAGES)),
    availability: z.array(z.enum(VOLUNTEER_AVAILABILITY)),
    organisation: z.string(),
    notes: z.string(),
    hasAccount: z.boolean(),
    vettingStatus: z.enum(VETTING_STATUSES),
    vettingNote: z.string(),
    vettedBy: Person.nullable(),
    vettedAt: z.string().nullable(),
    registeredBy: Person.nullable(),
    createdAt: z.string(),
    activity: ActivitySchema,
    can: z.object({ manage: z.boolean(), vet: z.boolean(), reveal: z.boolean() }),
  })
  .openapi('Volunteer');

export const AssignmentSchema = z
  .object({
    id: z.uuid(),
    volunteerId: z.uuid(),
    volunteerCode: z.string(),
    volunteerName: z.string(),
    task: z.object({ id: z.uuid(), code: z.string(), title: z.string(), status: z.string(), dueAt: z.string() }),
    duty: z.string(),
    contactDetails: z
      .string()
      .nullable()
      .openapi({ description: 'what the task needs to know about a third person; null when the reader may not see it' }),
    status: z.enum(ASSIGNMENT_STATUSES),
    checkedInAt: z.string().nullable(),
    checkedOutAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('VolunteerAssignment');

export const HoursSchema = z
  .object({
    id: z.uuid(),
    workedOn: z.string(),
    minutes: z.number().int(),
    activity: z.string(),
    source: z.enum(['check_out', 'manual']),
    assignmentId: z.uuid().nullable(),
    loggedBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('VolunteerHours');

export const VolunteerDetailSchema = VolunteerSchema.extend({
  assignments: z.array(AssignmentSchema),
  hours: z.array(HoursSchema),
}).openapi('VolunteerDetail');

export const VolunteerListSchema = z
  .object({
    items: z.array(VolunteerSchema),
    total: z.number().int(),
    counts: z.object({ pending: z.number().int(), approved: z.number().int(), active: z.number().int() }),
  })
  .openapi('VolunteerList');

export const VolunteerListQuery = z.object({
  status: z.enum(VETTING_STATUSES).optional(),
  skill: z.enum(VOLUNTEER_SKILLS).optional(),
  language: z.enum(VOLUNTEER_LANGUAGES).optional(),
  availability: z.enum(VOLUNTEER_AVAILABILITY).optional(),
  jurisdictionId: z.uuid().optional().openapi({ description: 'a township or community: volunteers in its subtree' }),
  active: z.enum(['true', 'false']).optional(),
  q: z.string().max(100).optional().openapi({ description: 'name or code' }),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{5,19}$/, 'a phone number: digits, spaces and "-" (6–20), optionally after "+"');

export const VolunteerCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    sex: z.enum(VOLUNTEER_SEXES).default('unknown'),
    birthYear: z.number().int().min(1900).max(2199).nullable().optional(),
    jurisdictionId: z.uuid().openapi({ description: 'the community (or township) the volunteer serves' }),
    grid: text(100).optional(),
    phone: phone.or(z.literal('')).optional(),
    idType: z.enum(VOLUNTEER_ID_TYPES).default('none'),
    idNumber: z.string().trim().max(40).optional(),
    skills: z.array(z.enum(VOLUNTEER_SKILLS)).max(VOLUNTEER_SKILLS.length).default([]),
    languages: z.array(z.enum(VOLUNTEER_LANGUAGES)).max(VOLUNTEER_LANGUAGES.length).default([]),
    availability: z.array(z.enum(VOLUNTEER_AVAILABILITY)).max(VOLUNTEER_AVAILABILITY.length).default([]),
    organisation: text(200).optional(),
    notes: text(2000).optional(),
    userId: z.uuid().nullable().optional().openapi({ description: 'the volunteer’s own account (role volunteer), if any' }),
  })
  .strict()
  .openapi('VolunteerInput');
export type VolunteerCreate = z.infer<typeof VolunteerCreateSchema>;

export const VolunteerPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    sex: z.enum(VOLUNTEER_SEXES).optional(),
    birthYear: z.number().int().min(1900).max(2199).nullable().optional(),
    jurisdictionId: z.uuid().optional(),
    grid: text(100).optional(),
    phone: phone.or(z.literal('')).optional(),
    idType: z.enum(VOLUNTEER_ID_TYPES).optional(),
    idNumber: z.string().trim().max(40).optional(),
    skills: z.array(z.enum(VOLUNTEER_SKILLS)).max(VOLUNTEER_SKILLS.length).optional(),
    languages: z.array(z.enum(VOLUNTEER_LANGUAGES)).max(VOLUNTEER_LANGUAGES.length).optional(),
    availability: z.array(z.enum(VOLUNTEER_AVAILABILITY)).max(VOLUNTEER_AVAILABILITY.length).optional(),
    organisation: text(200).optional(),
    notes: text(2000).optional(),
    userId: z.uuid().nullable().optional(),
  })
  .strict()
  .openapi('VolunteerPatch');
export type VolunteerPatch = z.infer<typeof VolunteerPatchSchema>;

export const VetSchema = z
  .object({
    decision: z.enum(['approved', 'rejected']),
    note: text(1000).default(''),
  })
  .strict()
  .openapi('VolunteerVetInput');

export const StatusChangeSchema = z
  .object({
    status: z
      .enum(['suspended', 'withdrawn', 'approved'])
      .openapi({ description: 'approved: reinstate a suspended volunteer (volunteers.vet, not the registrar)' }),
    note: z.string().trim().min(1, 'say why').max(1000),
  })
  .strict()
  .openapi('VolunteerStatusInput');

export const AssignSchema = z
  .object({
    taskId: z.uuid().optional().openapi({ description: 'an open task in your area; or give `task` to create one' }),
    task: z
      .object({
        title: z.string().trim().min(1).max(200),
        description: text(4000).optional(),
        dueAt: z.iso.datetime({ offset: true }),
        priority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal'),
        incidentId: z.uuid().nullable().optional(),
      })
      .strict()
      .optional(),
    duty: text(500).default(''),
    contactDetails: text(1000).default('').openapi({
      description: 'personal data the task needs (an address to deliver to): shown to the volunteer while the assignment is open',
    }),
  })
  .strict()
  .openapi('VolunteerAssignInput');
export type AssignInput = z.infer<typeof AssignSchema>;

export const HoursCreateSchema = z
  .object({
    workedOn: isoDate,
    minutes: z.number().int().min(1).max(1440),
    activity: text(500).default(''),
    assignmentId: z.uuid().nullable().optional(),
  })
  .strict()
  .openapi('VolunteerHoursInput');
export type HoursCreate = z.infer<typeof HoursCreateSchema>;

export const PersonalSchema = z
  .object({ phone: z.string().nullable(), idType: z.enum(VOLUNTEER_ID_TYPES), idNumber: z.string().nullable() })
  .openapi('VolunteerPersonal');

export const SelfSchema = z
  .object({
    volunteer: VolunteerSchema.omit({ can: true }),
    assignments: z.array(AssignmentSchema),
    hours: z.array(HoursSchema),
  })
  .openapi('VolunteerSelf');
