/**
 * Request and response schemas of contact tracing (docs/contacts.md): one source for validation, types and
 * the OpenAPI document. Bodies are `.strict()`.
 */
import { z } from '@hono/zod-openapi';
import { PageQuery } from '../../platform/http/schemas.ts';
import { CASE_CLASSIFICATIONS, ID_TYPES, SEXES } from '../cases/index.ts';
import {
  CONTACT_RELATIONS,
  CONTACT_SETTINGS,
  CONTACT_STATUSES,
  CONTACT_TYPES,
  FOLLOW_UP_STATUSES,
  RISK_CATEGORIES,
} from './contacts.tables.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
/** an instant, or a calendar day (taken as the start of that day, district time) */
const exposureTime = z
  .union([z.iso.datetime({ offset: true }), isoDate], { message: 'must be an ISO 8601 date-time with a time zone, or a date YYYY-MM-DD' })
  .openapi({ example: '2026-03-10T19:30:00+08:00' });
const text = (max: number) => z.string().trim().max(max);

const person = {
  personName: z.string().trim().min(1, 'must not be empty').max(100),
  jurisdictionId: z.uuid().openapi({ description: 'residence (现住址), township or community; must lie in your scope' }),
  sex: z.enum(SEXES),
  idType: z.enum(ID_TYPES),
  idNumber: z.string().trim().max(40).nullable().openapi({ example: '11010519491231002X' }),
  phone: text(40),
  address: text(300),
  relation: z.enum(CONTACT_RELATIONS),
  setting: z.enum(CONTACT_SETTINGS),
  contactType: z.enum(CONTACT_TYPES).openapi({ description: 'close (密切接触者) or general (一般接触者)' }),
  riskCategory: z.enum(RISK_CATEGORIES).openapi({ description: 'default from contact type, setting and degree (docs/contacts.md)' }),
  lastExposureAt: exposureTime,
  followUpPerDay: z.number().int().min(1).max(4).openapi({ description: 'follow-ups due each day' }),
  notes: text(2000),
  otherDistrict: text(60).openapi({
    description: 'the other district (county) the person lives in, empty when in this district: flagged for notification',
  }),
};

export const ContactCreateSchema = z
  .object({
    sourceCaseId: z.uuid().optional().openapi({ description: 'the case this person was exposed to (a close contact)' }),
    sourceContactId: z
      .uuid()
      .optional()
      .openapi({ description: 'or the contact this person was exposed to (次密接, a contact of a contact)' }),
    personName: person.personName,
    jurisdictionId: person.jurisdictionId,
    lastExposureAt: person.lastExposureAt,
    sex: person.sex.default('unknown'),
    idType: person.idType.default('none'),
    idNumber: person.idNumber.optional(),
    phone: person.phone.default(''),
    address: person.address.default(''),
    relation: person.relation.default('other'),
    setting: person.setting.default('other'),
    contactType: person.contactType.default('close'),
    riskCategory: person.riskCategory.optional(),
    followUpPerDay: person.followUpPerDay.default(1),
    notes: person.notes.default(''),
    otherDistrict: person.otherDistrict.default(''),
    teamId: z.uuid().optional().openapi({ description: 'a tracing team chosen by hand; default: the team of the residence township' }),
  })
  .strict()
  .openapi('ContactCreate');
export type ContactCreate = z.infer<typeof ContactCreateSchema>;

export const ContactPatchSchema = z
  .object(person)
  .partial()
  .strict()
  .openapi('ContactPatch', { description: 'a later lastExposureAt restarts the follow-up clock' });
export type ContactPatch = z.infer<typeof ContactPatchSchema>;

export const ContactStatusChangeSchema = z
  .object({
    status: z.enum(CONTACT_STATUSES),
    reason: text(1000).default('').openapi({ description: 'required to cancel' }),
    caseReportId: z.uuid().optional().openapi({ description: 'for a conversion: the existing case report this contact became' }),
  })
  .strict()
  .openapi('ContactStatusChange');
export type ContactStatusChange = z.infer<typeof ContactStatusChangeSchema>;

export const FollowUpCreateSchema = z
  .object({
    date: isoDate.openapi({
      example: '2026-03-12',
      description: 'day of the follow-up (district time), within the window, not in the future',
    }),
    status: z.enum(FOLLOW_UP_STATUSES),
    temperature: z.number().min(30).max(45).nullable().default(null).openapi({ example: 36.8, description: '°C' }),
    symptoms: z
      .array(z.string().trim().min(1).max(100))
      .max(20)
      .default([])
      .openapi({ example: ['fever', 'cough'] }),
    notes: text(1000).default(''),
  })
  .strict()
  .openapi('FollowUpCreate');
export type FollowUpCreate = z.infer<typeof FollowUpCreateSchema>;

export const ContactCaseReportSchema = z
  .object({
    classification: z
      .enum(CASE_CLASSIFICATIONS.filter((c) => c !== 'excluded') as ['suspected', 'clinical', 'confirmed', 'asymptomatic'])
      .default('suspected'),
    onsetDate: isoDate.nullable().optional().openapi({ description: 'default: the first day the contact was seen unwell' }),
    diagnosisAt: z.iso.datetime({ offset: true }).optional().openapi({ description: 'default: now' }),
    facilityId: z.uuid().nullable().optional(),
    reportingDoctor: text(100).default(''),
  })
  .strict()
  .openapi('ContactCaseReport');
export type ContactCaseReport = z.infer<typeof ContactCaseReportSchema>;

export const ContactListQuerySchema = PageQuery.extend({
  status: z.enum(CONTACT_STATUSES).optional(),
  jurisdictionId: z.uuid().optional().openapi({ description: 'residence within this jurisdiction (its subtree)' }),
  sourceCaseId: z.uuid().optional(),
  indexCaseId: z.uuid().optional().openapi({ description: 'contacts and contacts of contacts of this case' }),
  riskCategory: z.enum(RISK_CATEGORIES).optional(),
  q: z.string().trim().max(100).optional().openapi({ description: 'part of the name or the code' }),
  teamId: z.uuid().optional().openapi({ description: 'contacts followed by this tracing team' }),
  otherDistrict: z
    .enum(['any', 'to_notify'])
    .optional()
    .openapi({ description: 'any: living in another district; to_notify: those whose district is not yet notified' }),
});
export type ContactListQuery = z.infer<typeof ContactListQuerySchema>;

export const WorkListQuerySchema = z.object({
  jurisdictionId: z.uuid().optional(),
  teamId: z.uuid().optional().openapi({ description: 'the daily list of one tracing team' }),
  date: isoDate.optional().openapi({ description: 'default: today (district time)' }),
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'the `nextCursor` of the previous page; absent: the first page (with the counts)' }),
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: 'contacts per page (1–200)' }),
});

const Ref = z.object({ id: z.uuid(), name: z.string(), nameEn: z.string() });
const CodeRef = z.object({ id: z.uuid(), code: z.string() });

export const ContactSchema = z
  .object({
    id: z.uuid(),
    code: z.string().openapi({ example: 'K2026-000012' }),
    disease: Ref.extend({ code: z.string(), maxIncubationDays: z.number().int() }),
    sourceCase: CodeRef.nullable(),
    sourceContact: CodeRef.extend({ personName: z.string() }).nullable(),
    indexCase: CodeRef,
    degree: z.number().int().openapi({ description: '1 contact of a case, 2 contact of a contact' }),
    jurisdiction: Ref,
    personName: z.string(),
    sex: z.enum(SEXES),
    idType: z.enum(ID_TYPES),
    idNumberMasked: z.string().openapi({ description: 'full stars without cases.identity over the residence' }),
    phone: z.string(),
    address: z.string(),
    relation: z.enum(CONTACT_RELATIONS),
    setting: z.enum(CONTACT_SETTINGS),
    contactType: z.enum(CONTACT_TYPES),
    riskCategory: z.enum(RISK_CATEGORIES),
    lastExposureAt: z.string(),
    followUpUntil: isoDate.openapi({ description: 'last day of follow-up: exposure day + max incubation days' }),
    followUpPerDay: z.number().int(),
    status: z.enum(CONTACT_STATUSES),
    statusReason: z.string(),
    statusChangedAt: z.string(),
    caseReport: CodeRef.nullable(),
    notes: z.string(),
    team: z.object({ id: z.uuid(), name: z.string(), byHand: z.boolean() }).nullable(),
    otherDistrict: z.string().openapi({ description: 'another district of residence, empty when in this district' }),
    otherDistrictNotifiedAt: z.string().nullable(),
    mergedInto: CodeRef.nullable().openapi({ description: 'this record was a duplicate merged into that contact' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Contact');

export const FollowUpSchema = z
  .object({
    id: z.uuid(),
    contactId: z.uuid(),
    date: isoDate,
    round: z.number().int(),
    status: z.enum(FOLLOW_UP_STATUSES),
    temperature: z.number().nullable(),
    symptoms: z.array(z.string()),
    notes: z.string(),
    recordedBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('FollowUp');

export const ContactDetailSchema = ContactSchema.extend({
  followUps: z.array(FollowUpSchema),
  contactsOfContact: z.array(CodeRef.extend({ personName: z.string(), status: z.enum(CONTACT_STATUSES) })),
  mergedFrom: z.array(CodeRef).openapi({ description: 'duplicates merged into this contact (their follow-ups are listed here)' }),
}).openapi('ContactDetail');

export const ContactListSchema = z
  .object({ items: z.array(ContactSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .openapi('ContactList');

export const WorkListItemSchema = ContactSchema.extend({
  recordedToday: z.number().int(),
  dueToday: z.number().int().openapi({ description: 'follow-ups still due today' }),
  missedDays: z.number().int().openapi({ description: 'past days of the window without any record' }),
  lastFollowUp: z.object({ date: isoDate, status: z.enum(FOLLOW_UP_STATUSES) }).nullable(),
}).openapi('WorkListItem');
export const WorkListSchema = z
  .object({
    date: isoDate,
    items: z.array(WorkListItemSchema),
    nextCursor: z.string().nullable().openapi({ description: 'pass as `cursor` for the next page; null on the last page' }),
    counts: z
      .object({
        total: z.number().int().openapi({ description: 'contacts in the whole list' }),
        due: z.number().int().openapi({ description: 'of them still due a follow-up that day' }),
        overdue: z.number().int().openapi({ description: 'of them with a past day of the window not followed up' }),
      })
      .nullable()
      .openapi({ description: 'on the first page only (no cursor)' }),
  })
  .openapi('WorkList');

export const ContactCaseReportResultSchema = z
  .object({ contact: ContactSchema, caseReport: CodeRef.extend({ classification: z.string() }) })
  .openapi('ContactCaseReportResult');

export const ContactIdentitySchema = z.object({ idType: z.enum(ID_TYPES), idNumber: z.string().nullable() }).openapi('ContactIdentity');
