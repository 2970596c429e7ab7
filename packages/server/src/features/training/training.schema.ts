/**
 * Request and answer shapes of training (zod: validation, types and the OpenAPI document).
 */
import { z } from '@hono/zod-openapi';
import { ATTENDANCE_VALUES, COURSE_AUDIENCES, COURSE_TOPICS, SESSION_STATUSES } from './training.tables.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const text = (max: number) => z.string().trim().max(max);
const Named = z.object({ id: z.uuid(), name: z.string(), nameEn: z.string() });
export const STANDINGS = ['current', 'expiring', 'expired', 'untrained'] as const;

export const CourseSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    title: z.string(),
    titleEn: z.string(),
    topic: z.enum(COURSE_TOPICS),
    audience: z.enum(COURSE_AUDIENCES),
    description: z.string(),
    descriptionEn: z.string(),
    durationMinutes: z.number().int(),
    validityMonths: z.number().int().nullable(),
    active: z.boolean(),
  })
  .openapi('TrainingCourse');
export const CourseListSchema = z.object({ items: z.array(CourseSchema) }).openapi('TrainingCourseList');

export const CourseCreateSchema = z
  .object({
    code: z
      .string()
      .regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'capital letters, digits and "-", 2–32 characters')
      .openapi({ example: 'PPE-DON' }),
    title: z.string().trim().min(1).max(200),
    titleEn: z.string().trim().min(1).max(200),
    topic: z.enum(COURSE_TOPICS),
    audience: z.enum(COURSE_AUDIENCES).default('staff'),
    description: text(4000).default(''),
    descriptionEn: text(4000).default(''),
    durationMinutes: z.number().int().min(1).max(10080).default(120),
    validityMonths: z.number().int().min(1).max(120).nullable().default(null),
  })
  .strict()
  .openapi('TrainingCourseInput');
export const CoursePatchSchema = CourseCreateSchema.omit({ code: true })
  .partial()
  .extend({ active: z.boolean().optional() })
  .strict()
  .openapi('TrainingCoursePatch');

export const EnrolmentSchema = z
  .object({
    id: z.uuid(),
    person: z.object({ kind: z.enum(['staff', 'volunteer']), id: z.uuid(), name: z.string(), detail: z.string() }),
    attendance: z.enum(ATTENDANCE_VALUES),
    passed: z.boolean().nullable(),
    certificateCode: z.string().nullable(),
  })
  .openapi('TrainingEnrolment');

export const SessionSchema = z
  .object({
    id: z.uuid(),
    course: z.object({
      id: z.uuid(),
      code: z.string(),
      title: z.string(),
      titleEn: z.string(),
      validityMonths: z.number().int().nullable(),
    }),
    jurisdiction: Named,
    startsAt: z.string(),
    endsAt: z.string(),
    location: z.string(),
    trainer: z.string(),
    capacity: z.number().int().nullable(),
    status: z.enum(SESSION_STATUSES),
    closedAt: z.string().nullable(),
    enrolled: z.number().int(),
    present: z.number().int(),
    canManage: z.boolean(),
  })
  .openapi('TrainingSession');
export const SessionDetailSchema = SessionSchema.extend({ enrolments: z.array(EnrolmentSchema) }).openapi('TrainingSessionDetail');
export const SessionListSchema = z.object({ items: z.array(SessionSchema) }).openapi('TrainingSessionList');
export const SessionListQuery = z.object({
  courseId: z.uuid().optional(),
  status: z.enum(SESSION_STATUSES).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export const SessionCreateSchema = z
  .object({
    courseId: z.uuid(),
    jurisdictionId: z.uuid(),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    location: text(200).default(''),
    trainer: text(200).default(''),
    capacity: z.number().int().min(1).max(1000).nullable().default(null),
  })
  .strict()
  .openapi('TrainingSessionInput');

export const EnrolSchema = z
  .object({ userIds: z.array(z.uuid()).max(500).default([]), volunteerIds: z.array(z.uuid()).max(500).default([]) })
  .strict()
  .openapi('TrainingEnrolInput');

export const AttendanceSchema = z
  .object({
    entries: z
      .array(
        z
          .object({
            enrolmentId: z.uuid(),
            attendance: z.enum(['present', 'absent', 'excused']),
            passed: z.boolean().nullable().default(null),
          })
          .strict(),
      )
      .min(1)
      .max(1000),
  })
  .strict()
  .openapi('TrainingAttendanceInput');

export const CertificateSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    course: z.object({ id: z.uuid(), code: z.string(), title: z.string(), titleEn: z.string() }),
    person: z.object({ kind: z.enum(['staff', 'volunteer']), id: z.uuid(), name: z.string() }),
    jurisdiction: Named,
    agency: Named.nullable(),
    sessionId: z.uuid().nullable(),
    issuedOn: z.string(),
    expiresOn: z.string().nullable(),
    standing: z.enum(STANDINGS),
    revokedAt: z.string().nullable(),
    revokeReason: z.string(),
  })
  .openapi('TrainingCertificate');
export const CertificateListSchema = z
  .object({ items: z.array(CertificateSchema), total: z.number().int() })
  .openapi('TrainingCertificateList');
export const CertificateListQuery = z.object({
  courseId: z.uuid().optional(),
  standing: z.enum(['current', 'expiring', 'expired']).optional(),
  withinDays: z.coerce.number().int().min(1).max(365).default(60),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export const CertificateCreateSchema = z
  .object({
    courseId: z.uuid(),
    userId: z.uuid().optional(),
    volunteerId: z.uuid().optional(),
    issuedOn: isoDate,
    expiresOn: isoDate.nullable().optional().openapi({ description: 'default: issuedOn + the course’s validity' }),
  })
  .strict()
  .openapi('TrainingCertificateInput');
export const RevokeSchema = z
  .object({ reason: z.string().trim().min(1).max(1000) })
  .strict()
  .openapi('TrainingRevokeInput');

const Counts = {
  people: z.number().int(),
  current: z.number().int(),
  expiring: z.number().int(),
  expired: z.number().int(),
  untrained: z.number().int(),
};
export const ReadinessSchema = z
  .object({
    course: CourseSchema,
    today: z.string(),
    withinDays: z.number().int(),
    by: z.enum(['agency', 'township']),
    totals: z.object({ ...Counts, readyPercent: z.number().nullable() }),
    groups: z.array(
      z.object({
        kind: z.enum(['agency', 'township', 'district', 'none', 'volunteers']),
        id: z.uuid().nullable(),
        name: z.string(),
        nameEn: z.string(),
        ...Counts,
        readyPercent: z.number().nullable().openapi({ description: '(current + expiring) / people × 100, one decimal' }),
      }),
    ),
    people: z.array(
      z.object({
        kind: z.enum(['staff', 'volunteer']),
        id: z.uuid(),
        name: z.string(),
        group: z.string(),
        groupEn: z.string(),
        standing: z.enum(STANDINGS),
        expiresOn: z.string().nullable(),
        certificateCode: z.string().nullable(),
      }),
    ),
  })
  .openapi('TrainingReadiness');
export const ReadinessQuery = z.object({
  courseId: z.uuid(),
  by: z.enum(['agency', 'township']).default('township'),
  withinDays: z.coerce.number().int().min(1).max(365).default(60),
});

export const CandidateListSchema = z
  .object({ items: z.array(z.object({ kind: z.enum(['staff', 'volunteer']), id: z.uuid(), name: z.string(), detail: z.string() })) })
  .openapi('TrainingCandidates');
export const CandidateQuery = z.object({ q: z.string().max(100).optional() });
