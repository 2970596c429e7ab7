/**
 * HTTP adapter of psychological assistance (docs/psych.md): validate, call the service, present.
 * Tags: `psych` (the team: counselling.read / counselling.write / counselling.lead), `psych-break-glass`
 * (counselling.break_glass), `psych-aggregates` (dashboard.read: counts only, small counts suppressed),
 * `psych-public` (the one-time self-screening link, no sign-in), `psych-facility` (counselling.referrals, bound to
 * the user's facility: the receiving facility answers its referrals).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.ts';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import { INSTRUMENTS } from './psych-scoring.ts';
import {
  AggregatesQuerySchema,
  AggregatesSchema,
  BreakGlassCreateSchema,
  BreakGlassReviewSchema,
  BreakGlassSchema,
  CallbackDoneSchema,
  CallCreateSchema,
  CallListQuerySchema,
  CallListSchema,
  CallSchema,
  ClientCreateSchema,
  ClientDetailSchema,
  ClientListQuerySchema,
  ClientCloseSchema,
  ClientListSchema,
  ClientPatchSchema,
  ClientSchema,
  CutoffsUpdateSchema,
  FacilityAnswerSchema,
  FacilityReferralListSchema,
  FacilityReferralQuerySchema,
  FacilityReferralSchema,
  GroupCreateSchema,
  GroupSchema,
  LinkCreateSchema,
  LinkSchema,
  PublicAnswersSchema,
  PublicReceiptSchema,
  PublicScreenSchema,
  ReferralCreateSchema,
  ReferralFacilitySchema,
  ReferralListQuerySchema,
  ReferralSchema,
  ReferralStatusSchema,
  RecordLinkSchema,
  RetentionUpdateSchema,
  ScreeningCreateSchema,
  ScreeningSchema,
  SessionCreateSchema,
  SettingsSchema,
  TaskDoneSchema,
  TaskListQuerySchema,
  TaskSchema,
  TokenParam,
  TriageSchema,
} from './psych.schema.ts';
import * as service from './psych.service.ts';
import type { Cutoffs } from './psych-scoring.ts';

const deps = (c: AppContext) => ({ database: c.get('deps').database });
function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}

const tags = ['psych'];
const readErrors = errorResponses(400, 401, 403);
const oneErrors = errorResponses(401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);
const items = <T extends z.ZodType>(schema: T, name: string) => z.object({ items: z.array(schema) }).openapi(name);

const InstrumentParam = z.object({ instrument: z.enum(INSTRUMENTS).openapi({ param: { name: 'instrument', in: 'path' } }) });

const r = {
  listClients: createRoute({
    method: 'get',
    path: '/api/psych/clients',
    tags,
    summary: "The team's clients (need to know: counselling.read)",
    request: { query: ClientListQuerySchema },
    responses: { 200: jsonResponse(ClientListSchema, 'A page of clients'), ...readErrors },
  }),
  createClient: createRoute({
    method: 'post',
    path: '/api/psych/clients',
    tags,
    summary: 'Register a client (name, group; a case/contact link only with consent)',
    request: { body: jsonBody(ClientCreateSchema) },
    responses: { 201: jsonResponse(ClientSchema, 'Registered'), ...writeErrors },
  }),
  getClient: createRoute({
    method: 'get',
    path: '/api/psych/clients/{id}',
    tags,
    summary:
      'One client with screenings, sessions, referrals, tasks and calls; 404 to anyone outside the team without a live break-glass grant; every read audited',
    request: { params: IdParam },
    responses: { 200: jsonResponse(ClientDetailSchema, 'The client'), ...oneErrors },
  }),
  patchClient: createRoute({
    method: 'patch',
    path: '/api/psych/clients/{id}',
    tags,
    summary: 'Change a client (details, consent and links); a closed client only takes a withdrawal of consent',
    request: { params: IdParam, body: jsonBody(ClientPatchSchema) },
    responses: { 200: jsonResponse(ClientSchema, 'Changed'), ...writeErrors },
  }),
  closeClient: createRoute({
    method: 'post',
    path: '/api/psych/clients/{id}/close',
    tags,
    summary:
      'Close a client with a coded reason and outcome (read-only until reopened): open re-screens and follow-ups are cancelled, unused self-screening links expire; refused while a same-day risk task is open',
    request: { params: IdParam, body: jsonBody(ClientCloseSchema) },
    responses: { 200: jsonResponse(ClientSchema, 'Closed'), ...writeErrors },
  }),
  reopenClient: createRoute({
    method: 'post',
    path: '/api/psych/clients/{id}/reopen',
    tags,
    summary: 'Reopen a closed client (the retention clock starts again)',
    request: { params: IdParam },
    responses: { 200: jsonResponse(ClientSchema, 'Reopened'), ...writeErrors },
  }),
  recordLink: createRoute({
    method: 'put',
    path: '/api/psych/clients/{id}/record-link',
    tags,
    summary:
      'Link the client to a case or contact by code or id (consent required; only a record in your area; a missing record and one outside your area get the same 400)',
    request: { params: IdParam, body: jsonBody(RecordLinkSchema) },
    responses: { 200: jsonResponse(ClientSchema, 'Linked'), ...writeErrors },
  }),
  facilityReferrals: createRoute({
    method: 'get',
    path: '/api/psych/facility-referrals',
    tags: ['psych-facility'],
    summary: "Referrals addressed to your facility (counselling.referrals, bound to the user's facility); every list read audited",
    request: { query: FacilityReferralQuerySchema },
    responses: { 200: jsonResponse(FacilityReferralListSchema, 'The facility’s referrals'), ...readErrors },
  }),
  facilityAnswer: createRoute({
    method: 'post',
    path: '/api/psych/facility-referrals/{id}/answer',
    tags: ['psych-facility'],
    summary: 'The receiving facility answers a referral: received, accepted, rejected (note required), in-progress (seen), completed',
    request: { params: IdParam, body: jsonBody(FacilityAnswerSchema) },
    responses: { 200: jsonResponse(FacilityReferralSchema, 'Answered'), ...writeErrors },
  }),
  triage: createRoute({
    method: 'post',
    path: '/api/psych/clients/{id}/triage',
    tags,
    summary: 'Triage and plan: risk level, plan, next contact, re-screens; high or imminent raises a same-day task',
    request: { params: IdParam, body: jsonBody(TriageSchema) },
    responses: { 200: jsonResponse(ClientSchema, 'Triaged'), ...writeErrors },
  }),
  session: createRoute({
    method: 'post',
    path: '/api/psych/clients/{id}/sessions',
    tags,
    summary: 'Record a counselling session',
    request: { params: IdParam, body: jsonBody(SessionCreateSchema) },
    responses: {
      201: jsonResponse(
        z
          .object({ id: z.uuid(), heldAt: z.string(), mode: z.string(), notes: z.string(), counsellorId: z.uuid().nullable() })
          .openapi('PsychSessionCreated'),
        'Recorded',
      ),
      ...writeErrors,
    },
  }),
  link: createRoute({
    method: 'post',
    path: '/api/psych/clients/{id}/links',
    tags,
    summary: 'A one-time self-screening link (token shown once)',
    request: { params: IdParam, body: jsonBody(LinkCreateSchema) },
    responses: { 201: jsonResponse(LinkSchema, 'Created'), ...writeErrors },
  }),
  screening: createRoute({
    method: 'post',
    path: '/api/psych/screenings',
    tags,
    summary: 'Record a screening (phq9, gad7, isi, pcl5): answers scored to score, band and flags; PHQ-9 item 9 > 0 raises a same-day task',
    request: { body: jsonBody(ScreeningCreateSchema) },
    responses: { 201: jsonResponse(ScreeningSchema, 'Scored'), ...writeErrors },
  }),
  listCalls: createRoute({
    method: 'get',
    path: '/api/psych/calls',
    tags,
    summary: 'The hotline log, newest first',
    request: { query: CallListQuerySchema },
    responses: { 200: jsonResponse(CallListSchema, 'A page of calls'), ...readErrors },
  }),
  logCall: createRoute({
    method: 'post',
    path: '/api/psych/calls',
    tags,
    summary: 'Log a hotline call',
    request: { body: jsonBody(CallCreateSchema) },
    responses: { 201: jsonResponse(CallSchema, 'Logged'), ...writeErrors },
  }),
  callbacks: createRoute({
    method: 'get',
    path: '/api/psych/callbacks',
    tags,
    summary: 'Callbacks still to make, the earliest due first',
    responses: { 200: jsonResponse(items(CallSchema, 'PsychCallbackQueue'), 'The queue'), ...readErrors },
  }),
  callbackDone: createRoute({
    method: 'post',
    path: '/api/psych/calls/{id}/callback',
    tags,
    summary: 'Mark a callback made',
    request: { params: IdParam, body: jsonBody(CallbackDoneSchema) },
    responses: { 200: jsonResponse(CallSchema, 'Done'), ...writeErrors },
  }),
  tasks: createRoute({
    method: 'get',
    path: '/api/psych/tasks',
    tags,
    summary: "The team's own tasks (same-day risk, re-screens, follow-ups)",
    request: { query: TaskListQuerySchema },
    responses: { 200: jsonResponse(items(TaskSchema, 'PsychTaskList'), 'Tasks'), ...readErrors },
  }),
  taskDone: createRoute({
    method: 'post',
    path: '/api/psych/tasks/{id}/done',
    tags,
    summary: 'Close a task (done or cancelled)',
    request: { params: IdParam, body: jsonBody(TaskDoneSchema) },
    responses: { 200: jsonResponse(TaskSchema, 'Closed'), ...writeErrors },
  }),
  referrals: createRoute({
    method: 'get',
    path: '/api/psych/referrals',
    tags,
    summary: 'Referrals (FHIR Task states), overdue flagged',
    request: { query: ReferralListQuerySchema },
    responses: { 200: jsonResponse(items(ReferralSchema, 'PsychReferralList'), 'Referrals'), ...readErrors },
  }),
  referralFacilities: createRoute({
    method: 'get',
    path: '/api/psych/referral-facilities',
    tags,
    summary: 'Facilities a client may be referred to: mental-health centres first (preferred), then hospitals and health centres',
    responses: { 200: jsonResponse(items(ReferralFacilitySchema, 'PsychReferralFacilityList'), 'Facilities'), ...readErrors },
  }),
  createReferral: createRoute({
    method: 'post',
    path: '/api/psych/referrals',
    tags,
    summary: 'Refer a client to a facility of the registry',
    request: { body: jsonBody(ReferralCreateSchema) },
    responses: { 201: jsonResponse(ReferralSchema, 'Requested'), ...writeErrors },
  }),
  referralStatus: createRoute({
    method: 'post',
    path: '/api/psych/referrals/{id}/status',
    tags,
    summary: "Record the referral's next state (received, accepted, rejected with reason, in-progress, completed, cancelled)",
    request: { params: IdParam, body: jsonBody(ReferralStatusSchema) },
    responses: { 200: jsonResponse(ReferralSchema, 'Changed'), ...writeErrors },
  }),
  groups: createRoute({
    method: 'get',
    path: '/api/psych/groups',
    tags,
    summary: 'Group sessions with attendance',
    responses: { 200: jsonResponse(items(GroupSchema, 'PsychGroupList'), 'Groups'), ...readErrors },
  }),
  createGroup: createRoute({
    method: 'post',
    path: '/api/psych/groups',
    tags,
    summary: 'Record a group session and its attendance',
    request: { body: jsonBody(GroupCreateSchema) },
    responses: { 201: jsonResponse(GroupSchema, 'Recorded'), ...writeErrors },
  }),
  settings: createRoute({
    method: 'get',
    path: '/api/psych/settings',
    tags,
    summary: 'Instruments (texts), cut-offs in force and the retention period',
    responses: { 200: jsonResponse(SettingsSchema, 'Settings'), ...readErrors },
  }),
  cutoffs: createRoute({
    method: 'put',
    path: '/api/psych/settings/cutoffs/{instrument}',
    tags,
    summary: "Replace an instrument's cut-offs (team lead)",
    request: { params: InstrumentParam, body: jsonBody(CutoffsUpdateSchema) },
    responses: { 200: jsonResponse(SettingsSchema, 'Saved'), ...writeErrors },
  }),
  retention: createRoute({
    method: 'put',
    path: '/api/psych/settings/retention',
    tags,
    summary: 'Set the retention period (team lead)',
    request: { body: jsonBody(RetentionUpdateSchema) },
    responses: { 200: jsonResponse(SettingsSchema, 'Saved'), ...writeErrors },
  }),
  breakGlassList: createRoute({
    method: 'get',
    path: '/api/psych/break-glass',
    tags,
    summary: 'Break-glass accesses for review (team lead)',
    request: { query: z.object({ pending: z.enum(['true', 'false']).optional() }) },
    responses: { 200: jsonResponse(items(BreakGlassSchema, 'PsychBreakGlassList'), 'Accesses'), ...readErrors },
  }),
  breakGlassReview: createRoute({
    method: 'post',
    path: '/api/psych/break-glass/{id}/review',
    tags,
    summary: 'Mark a break-glass access reviewed (team lead; not your own)',
    request: { params: IdParam, body: jsonBody(BreakGlassReviewSchema) },
    responses: { 200: jsonResponse(BreakGlassSchema, 'Reviewed'), ...writeErrors },
  }),
  breakGlass: createRoute({
    method: 'post',
    path: '/api/psych/break-glass',
    tags: ['psych-break-glass'],
    summary: 'Break-glass: read one client for a few hours in an emergency (reason required; the team lead is told; reviewed afterwards)',
    request: { body: jsonBody(BreakGlassCreateSchema) },
    responses: {
      201: jsonResponse(z.object({ id: z.uuid(), clientId: z.uuid(), expiresAt: z.string() }).openapi('PsychBreakGlassGrant'), 'Granted'),
      ...writeErrors,
    },
  }),
  aggregates: createRoute({
    method: 'get',
    path: '/api/psych/aggregates',
    tags: ['psych-aggregates'],
    summary: 'Counts for everyone: calls per day, screenings by band, referrals by state (1–4 suppressed)',
    request: { query: AggregatesQuerySchema },
    responses: { 200: jsonResponse(AggregatesSchema, 'Counts'), ...readErrors },
  }),
  publicScreen: createRoute({
    method: 'get',
    path: '/api/public/psych/screen/{token}',
    tags: ['psych-public'],
    summary: 'The questionnaire behind a one-time link (no sign-in)',
    request: { params: TokenParam },
    responses: { 200: jsonResponse(PublicScreenSchema, 'The questionnaire'), ...errorResponses(404) },
  }),
  publicAnswers: createRoute({
    method: 'post',
    path: '/api/public/psych/screen/{token}',
    tags: ['psych-public'],
    summary: 'Submit the answers once (no sign-in); the link is spent',
    request: { params: TokenParam, body: jsonBody(PublicAnswersSchema) },
    responses: { 201: jsonResponse(PublicReceiptSchema, 'Received'), ...errorResponses(400, 403, 404, 413, 415) },
  }),
};

export function registerPsychRoutes(app: AppOpenAPI): void {
  app.openapi(r.listClients, async (c) =>
    c.json(await service.listClientsFor(c.get('deps').database, requirePrincipal(c), c.req.valid('query')), 200),
  );
  app.openapi(r.createClient, async (c) =>
    c.json(await service.createClientAs(deps(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(r.getClient, async (c) =>
    c.json(await service.getClientFor(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'client'), clientIp(c)), 200),
  );
  app.openapi(r.patchClient, async (c) =>
    c.json(
      await service.updateClientAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'client'), c.req.valid('json'), clientIp(c)),
      200,
    ),
  );
  app.openapi(r.closeClient, async (c) =>
    c.json(
      await service.closeClientAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'client'), c.req.valid('json'), clientIp(c)),
      200,
    ),
  );
  app.openapi(r.reopenClient, async (c) =>
    c.json(await service.reopenClientAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'client'), clientIp(c)), 200),
  );
  app.openapi(r.recordLink, async (c) =>
    c.json(
      await service.linkRecordAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'client'), c.req.valid('json'), clientIp(c)),
      200,
    ),
  );
  app.openapi(r.facilityReferrals, async (c) =>
    c.json(await service.facilityReferralsFor(deps(c), requirePrincipal(c), c.req.valid('query').open === 'true', clientIp(c)), 200),
  );
  app.openapi(r.facilityAnswer, async (c) =>
    c.json(
      await service.answerReferralAs(
        deps(c),
        requirePrincipal(c),
        idOf(c.req.valid('param').id, 'referral'),
        c.req.valid('json'),
        clientIp(c),
      ),
      200,
    ),
  );
  app.openapi(r.triage, async (c) =>
    c.json(
      await service.triageAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'client'), c.req.valid('json'), clientIp(c)),
      200,
    ),
  );
  app.openapi(r.session, async (c) =>
    c.json(
      await service.addSessionAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'client'), c.req.valid('json'), clientIp(c)),
      201,
    ),
  );
  app.openapi(r.link, async (c) =>
    c.json(
      await service.createLinkAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'client'), c.req.valid('json'), clientIp(c)),
      201,
    ),
  );
  app.openapi(r.screening, async (c) =>
    c.json(await service.createScreeningAs(deps(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(r.listCalls, async (c) =>
    c.json(await service.listCallsFor(c.get('deps').database, requirePrincipal(c), c.req.valid('query')), 200),
  );
  app.openapi(r.logCall, async (c) => c.json(await service.logCallAs(deps(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201));
  app.openapi(r.callbacks, async (c) => c.json(await service.callbackQueueFor(c.get('deps').database, requirePrincipal(c)), 200));
  app.openapi(r.callbackDone, async (c) =>
    c.json(
      await service.completeCallbackAs(
        deps(c),
        requirePrincipal(c),
        idOf(c.req.valid('param').id, 'call'),
        c.req.valid('json').note,
        clientIp(c),
      ),
      200,
    ),
  );
  app.openapi(r.tasks, async (c) => c.json(await service.listTasksFor(deps(c), requirePrincipal(c), c.req.valid('query').status), 200));
  app.openapi(r.taskDone, async (c) =>
    c.json(
      await service.closeTaskAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'task'), c.req.valid('json'), clientIp(c)),
      200,
    ),
  );
  app.openapi(r.referrals, async (c) => c.json(await service.listReferralsFor(deps(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(r.referralFacilities, async (c) => c.json(await service.referralFacilitiesFor(deps(c), requirePrincipal(c)), 200));
  app.openapi(r.createReferral, async (c) =>
    c.json(await service.createReferralAs(deps(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(r.referralStatus, async (c) =>
    c.json(
      await service.changeReferralStatusAs(
        deps(c),
        requirePrincipal(c),
        idOf(c.req.valid('param').id, 'referral'),
        c.req.valid('json'),
        clientIp(c),
      ),
      200,
    ),
  );
  app.openapi(r.groups, async (c) => c.json(await service.listGroupsFor(c.get('deps').database, requirePrincipal(c)), 200));
  app.openapi(r.createGroup, async (c) =>
    c.json(await service.createGroupAs(deps(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(r.settings, async (c) => c.json(await service.settingsFor(c.get('deps').database, requirePrincipal(c)), 200));
  app.openapi(r.cutoffs, async (c) =>
    c.json(
      await service.setCutoffsAs(
        c.get('deps').database,
        requirePrincipal(c),
        c.req.valid('param').instrument,
        c.req.valid('json').cutoffs as Cutoffs,
        clientIp(c),
      ),
      200,
    ),
  );
  app.openapi(r.retention, async (c) =>
    c.json(await service.setRetentionAs(c.get('deps').database, requirePrincipal(c), c.req.valid('json').days, clientIp(c)), 200),
  );
  app.openapi(r.breakGlassList, async (c) =>
    c.json(await service.listBreakGlassFor(deps(c), requirePrincipal(c), c.req.valid('query').pending === 'true'), 200),
  );
  app.openapi(r.breakGlassReview, async (c) =>
    c.json(
      await service.reviewBreakGlassAs(
        deps(c),
        requirePrincipal(c),
        idOf(c.req.valid('param').id, 'break-glass access'),
        c.req.valid('json').note,
        clientIp(c),
      ),
      200,
    ),
  );
  app.openapi(r.breakGlass, async (c) =>
    c.json(await service.breakGlassAs(deps(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(r.aggregates, async (c) => c.json(await service.aggregatesFor(deps(c), requirePrincipal(c), c.req.valid('query').days), 200));
  app.openapi(r.publicScreen, async (c) => c.json(await service.publicScreenFor(deps(c), c.req.valid('param').token), 200));
  app.openapi(r.publicAnswers, async (c) =>
    c.json(await service.submitPublicScreen(deps(c), c.req.valid('param').token, c.req.valid('json').answers, clientIp(c)), 201),
  );
}
