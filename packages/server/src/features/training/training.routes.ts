/**
 * HTTP adapter of training (docs/capability.md): validate, call the service, present.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.ts';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import {
  AttendanceSchema,
  CandidateListSchema,
  CandidateQuery,
  CertificateCreateSchema,
  CertificateListQuery,
  CertificateListSchema,
  CourseCreateSchema,
  CourseListSchema,
  CoursePatchSchema,
  CourseSchema,
  EnrolSchema,
  ReadinessQuery,
  ReadinessSchema,
  RevokeSchema,
  SessionCreateSchema,
  SessionDetailSchema,
  SessionListQuery,
  SessionListSchema,
} from './training.schema.ts';
import {
  cancelSessionAs,
  candidatesFor,
  closeSessionAs,
  createCourseAs,
  createSessionAs,
  enrolAs,
  getSessionFor,
  listCertificatesFor,
  listCoursesFor,
  listSessionsFor,
  readinessFor,
  recordAttendanceAs,
  recordCertificateAs,
  revokeCertificateAs,
  updateCourseAs,
} from './training.service.ts';

const tags = ['training'];
const deps = (c: AppContext) => ({ database: c.get('deps').database });
const readErrors = errorResponses(400, 401, 403);
const oneErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);
const idOf = (id: string, entity: string) => {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
};
const CertificateRecorded = z
  .object({ id: z.uuid(), code: z.string(), issuedOn: z.string(), expiresOn: z.string().nullable() })
  .openapi('TrainingCertificateRecorded');

const r = {
  courses: createRoute({
    method: 'get',
    path: '/api/training/courses',
    tags,
    summary: 'The course catalogue (PPE donning and doffing, sampling, contact tracing, the platform …)',
    request: { query: z.object({ includeInactive: z.enum(['true', 'false']).optional() }) },
    responses: { 200: jsonResponse(CourseListSchema, 'The courses'), ...readErrors },
  }),
  createCourse: createRoute({
    method: 'post',
    path: '/api/training/courses',
    tags,
    summary: 'Add a course (training.manage; audited)',
    request: { body: jsonBody(CourseCreateSchema) },
    responses: { 201: jsonResponse(CourseSchema, 'Created'), ...writeErrors },
  }),
  patchCourse: createRoute({
    method: 'patch',
    path: '/api/training/courses/{id}',
    tags,
    summary: 'Change or retire a course (active: false) (training.manage; audited)',
    request: { params: IdParam, body: jsonBody(CoursePatchSchema) },
    responses: { 200: jsonResponse(CourseSchema, 'Saved'), ...writeErrors },
  }),
  sessions: createRoute({
    method: 'get',
    path: '/api/training/sessions',
    tags,
    summary: 'Sessions held in your area, newest first, with enrolled and present counts',
    request: { query: SessionListQuery },
    responses: { 200: jsonResponse(SessionListSchema, 'The sessions'), ...readErrors },
  }),
  createSession: createRoute({
    method: 'post',
    path: '/api/training/sessions',
    tags,
    summary: 'Plan a session of a course in a place (training.manage)',
    request: { body: jsonBody(SessionCreateSchema) },
    responses: { 201: jsonResponse(SessionDetailSchema, 'Planned'), ...writeErrors },
  }),
  session: createRoute({
    method: 'get',
    path: '/api/training/sessions/{id}',
    tags,
    summary: 'One session with its list of people, attendance and certificates',
    request: { params: IdParam },
    responses: { 200: jsonResponse(SessionDetailSchema, 'The session'), ...oneErrors },
  }),
  enrol: createRoute({
    method: 'post',
    path: '/api/training/sessions/{id}/enrolments',
    tags,
    summary: 'Enrol staff users and approved volunteers (of the course’s audience, in your area) in a planned session',
    request: { params: IdParam, body: jsonBody(EnrolSchema) },
    responses: { 200: jsonResponse(SessionDetailSchema, 'Enrolled'), ...writeErrors },
  }),
  attendance: createRoute({
    method: 'put',
    path: '/api/training/sessions/{id}/attendance',
    tags,
    summary: 'Take attendance: present, absent or excused, and passed (training.manage; audited)',
    request: { params: IdParam, body: jsonBody(AttendanceSchema) },
    responses: { 200: jsonResponse(SessionDetailSchema, 'Recorded'), ...writeErrors },
  }),
  close: createRoute({
    method: 'post',
    path: '/api/training/sessions/{id}/close',
    tags,
    summary: 'Close a session once attendance is taken: those present who did not fail get certificates (expiry from the course)',
    request: { params: IdParam },
    responses: { 200: jsonResponse(SessionDetailSchema, 'Closed'), ...writeErrors },
  }),
  cancel: createRoute({
    method: 'post',
    path: '/api/training/sessions/{id}/cancel',
    tags,
    summary: 'Cancel a planned session (training.manage)',
    request: { params: IdParam },
    responses: { 200: jsonResponse(SessionDetailSchema, 'Cancelled'), ...writeErrors },
  }),
  certificates: createRoute({
    method: 'get',
    path: '/api/training/certificates',
    tags,
    summary: 'Certificates of people in your area (current, expiring within N days, expired), soonest expiry first',
    request: { query: CertificateListQuery },
    responses: { 200: jsonResponse(CertificateListSchema, 'The certificates'), ...readErrors },
  }),
  recordCertificate: createRoute({
    method: 'post',
    path: '/api/training/certificates',
    tags,
    summary: 'Record a certificate earned elsewhere (training.manage; audited)',
    request: { body: jsonBody(CertificateCreateSchema) },
    responses: { 201: jsonResponse(CertificateRecorded, 'Recorded'), ...writeErrors },
  }),
  revoke: createRoute({
    method: 'post',
    path: '/api/training/certificates/{id}/revoke',
    tags,
    summary: 'Revoke a certificate, saying why (training.manage; audited)',
    request: { params: IdParam, body: jsonBody(RevokeSchema) },
    responses: {
      200: jsonResponse(z.object({ id: z.uuid(), code: z.string(), revokedAt: z.string() }).openapi('TrainingRevoked'), 'Revoked'),
      ...writeErrors,
    },
  }),
  readiness: createRoute({
    method: 'get',
    path: '/api/training/readiness',
    tags,
    summary: 'Readiness for a course per agency or township: who is current, expiring soon, expired or untrained',
    request: { query: ReadinessQuery },
    responses: { 200: jsonResponse(ReadinessSchema, 'The readiness'), ...oneErrors },
  }),
  candidates: createRoute({
    method: 'get',
    path: '/api/training/candidates',
    tags,
    summary: 'People you may enrol: staff and approved volunteers in your area (training.manage)',
    request: { query: CandidateQuery },
    responses: { 200: jsonResponse(CandidateListSchema, 'The people'), ...readErrors },
  }),
};

export function registerTrainingRoutes(app: AppOpenAPI): void {
  app.openapi(r.courses, async (c) =>
    c.json(await listCoursesFor(deps(c), requirePrincipal(c), c.req.valid('query').includeInactive === 'true'), 200),
  );
  app.openapi(r.createCourse, async (c) =>
    c.json(await createCourseAs(deps(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(r.patchCourse, async (c) =>
    c.json(
      await updateCourseAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'course'), c.req.valid('json'), clientIp(c)),
      200,
    ),
  );
  app.openapi(r.sessions, async (c) => c.json(await listSessionsFor(deps(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(r.createSession, async (c) =>
    c.json(await createSessionAs(deps(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(r.session, async (c) =>
    c.json(await getSessionFor(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'session')), 200),
  );
  app.openapi(r.enrol, async (c) =>
    c.json(await enrolAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'session'), c.req.valid('json'), clientIp(c)), 200),
  );
  app.openapi(r.attendance, async (c) =>
    c.json(
      await recordAttendanceAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'session'), c.req.valid('json'), clientIp(c)),
      200,
    ),
  );
  app.openapi(r.close, async (c) =>
    c.json(await closeSessionAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'session'), clientIp(c)), 200),
  );
  app.openapi(r.cancel, async (c) =>
    c.json(await cancelSessionAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'session'), clientIp(c)), 200),
  );
  app.openapi(r.certificates, async (c) => c.json(await listCertificatesFor(deps(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(r.recordCertificate, async (c) =>
    c.json(await recordCertificateAs(deps(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(r.revoke, async (c) =>
    c.json(
      await revokeCertificateAs(
        deps(c),
        requirePrincipal(c),
        idOf(c.req.valid('param').id, 'certificate'),
        c.req.valid('json').reason,
        clientIp(c),
      ),
      200,
    ),
  );
  app.openapi(r.readiness, async (c) => c.json(await readinessFor(deps(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(r.candidates, async (c) => c.json(await candidatesFor(deps(c), requirePrincipal(c), c.req.valid('query').q), 200));
}
