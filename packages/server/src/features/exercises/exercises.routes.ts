/**
 * HTTP adapter of exercises (docs/exercises.md): validate, call the service, present. An exercise outside the
 * caller's area answers 404.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import { notFound } from '../../platform/errors.ts';
import { renderExercisePdf } from './exercises.pdf.ts';
import {
  ExerciseCreateSchema,
  ExerciseListQuerySchema,
  ExerciseListSchema,
  ExercisePatchSchema,
  ExerciseSchema,
  RatingInputSchema,
  ScorecardSchema,
} from './exercises.schema.ts';
import {
  closeExerciseAs,
  type ControlAction,
  controlExerciseAs,
  createExerciseAs,
  evaluatorOptionsFor,
  fireInjectAs,
  getExerciseFor,
  listExercisesFor,
  rateAs,
  reportDataFor,
  reviewFromExerciseAs,
  scorecardFor,
  updateExerciseAs,
} from './exercises.service.ts';

const tags = ['exercises'];
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);
const database = (c: AppContext) => c.get('deps').database;

function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}

const InjectParams = IdParam.extend({ injectId: z.string().openapi({ param: { name: 'injectId', in: 'path' }, format: 'uuid' }) });
const TaskParams = IdParam.extend({ taskKey: z.string().openapi({ param: { name: 'taskKey', in: 'path' } }) });

const listRoute = createRoute({
  method: 'get',
  path: '/api/exercises',
  tags,
  summary: 'Exercises of your area, latest first',
  request: { query: ExerciseListQuerySchema },
  responses: { 200: jsonResponse(ExerciseListSchema, 'Exercises'), ...errorResponses(400, 401, 403) },
});
const evaluatorsRoute = createRoute({
  method: 'get',
  path: '/api/exercises/evaluator-options',
  tags,
  summary: 'Who may be named an evaluator of an exercise in an area (holders of exercises.read there)',
  request: { query: z.object({ jurisdictionId: z.uuid() }) },
  responses: {
    200: jsonResponse(
      z.object({ items: z.array(z.object({ id: z.uuid(), displayName: z.string() })) }).openapi('ExerciseEvaluatorOptions'),
      'People',
    ),
    ...errorResponses(400, 401, 403),
  },
});
const getRoute = createRoute({
  method: 'get',
  path: '/api/exercises/{id}',
  tags,
  summary: 'One exercise: plan, MSEL with each inject’s state, clock, and what it created in the platform',
  request: { params: IdParam },
  responses: { 200: jsonResponse(ExerciseSchema, 'The exercise'), ...errorResponses(401, 403, 404) },
});
const createExerciseRoute = createRoute({
  method: 'post',
  path: '/api/exercises',
  tags,
  summary: 'Plan an exercise (type, objectives, scenario, participants, evaluators, critical tasks, MSEL)',
  request: { body: jsonBody(ExerciseCreateSchema) },
  responses: { 201: jsonResponse(ExerciseSchema, 'Planned'), ...writeErrors },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/api/exercises/{id}',
  tags,
  summary: 'Change the plan; the MSEL only before the start',
  request: { params: IdParam, body: jsonBody(ExercisePatchSchema) },
  responses: { 200: jsonResponse(ExerciseSchema, 'Changed'), ...writeErrors },
});

const controlRoute = (action: ControlAction, summary: string) =>
  createRoute({
    method: 'post',
    path: `/api/exercises/{id}/${action}`,
    tags,
    summary,
    request: { params: IdParam },
    responses: { 200: jsonResponse(ExerciseSchema, 'The exercise'), ...errorResponses(401, 403, 404, 409) },
  });
const startRoute = controlRoute('start', 'Start the exercise clock; injects at offset 0 fire at once');
const pauseRoute = controlRoute('pause', 'Pause the clock (no inject fires, response times do not run)');
const resumeRoute = controlRoute('resume', 'Resume the clock; injects it has reached fire');
const stopRoute = controlRoute('stop', 'End play: the clock stops and actions not done count as missed');
const closeRoute = createRoute({
  method: 'post',
  path: '/api/exercises/{id}/close',
  tags,
  summary: 'Close a stopped exercise: its open alerts and incidents are closed, open tasks cancelled, synthetic feed counts removed',
  request: { params: IdParam },
  responses: { 200: jsonResponse(ExerciseSchema, 'The exercise'), ...errorResponses(401, 403, 404, 409) },
});
const fireRoute = createRoute({
  method: 'post',
  path: '/api/exercises/{id}/injects/{injectId}/fire',
  tags,
  summary: 'Fire one inject now (a controller, ahead of the clock)',
  request: { params: InjectParams },
  responses: { 200: jsonResponse(ExerciseSchema, 'The exercise'), ...errorResponses(401, 403, 404, 409) },
});
const scorecardRoute = createRoute({
  method: 'get',
  path: '/api/exercises/{id}/scorecard',
  tags,
  summary: 'Times of the expected actions against their targets (from the platform’s timestamps) and the evaluators’ ratings',
  request: { params: IdParam },
  responses: { 200: jsonResponse(ScorecardSchema, 'The scorecard'), ...errorResponses(401, 403, 404) },
});
const rateRoute = createRoute({
  method: 'put',
  path: '/api/exercises/{id}/ratings/{taskKey}',
  tags,
  summary: 'Rate a critical task P/S/M/U with notes (the exercise’s evaluators)',
  request: { params: TaskParams, body: jsonBody(RatingInputSchema) },
  responses: { 200: jsonResponse(ScorecardSchema, 'The scorecard'), ...writeErrors },
});
const reviewRoute = createRoute({
  method: 'post',
  path: '/api/exercises/{id}/review',
  tags,
  summary: 'Draft the after-action review of the exercise in the assessment area from its scorecard',
  request: { params: IdParam },
  responses: {
    201: jsonResponse(z.object({ reviewId: z.uuid(), code: z.string() }).openapi('ExerciseReviewRef'), 'The review drafted'),
    ...errorResponses(401, 403, 404, 409),
  },
});
const pdfRoute = createRoute({
  method: 'get',
  path: '/api/exercises/{id}/report.pdf',
  tags,
  summary: 'The after-action report (PDF, Chinese): plan, timeline, scorecard and ratings',
  request: { params: IdParam },
  responses: {
    200: { description: 'The PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errorResponses(401, 403, 404),
  },
});

export function registerExercisesRoutes(app: AppOpenAPI): void {
  app.openapi(listRoute, async (c) => c.json(await listExercisesFor(database(c).db, requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(evaluatorsRoute, async (c) =>
    c.json(await evaluatorOptionsFor(database(c).db, requirePrincipal(c), c.req.valid('query').jurisdictionId.toLowerCase()), 200),
  );
  app.openapi(getRoute, async (c) =>
    c.json(await getExerciseFor(database(c).db, requirePrincipal(c), idOf(c.req.valid('param').id, 'exercise')), 200),
  );
  app.openapi(createExerciseRoute, async (c) =>
    c.json(await createExerciseAs(database(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(patchRoute, async (c) => {
    const id = idOf(c.req.valid('param').id, 'exercise');
    return c.json(await updateExerciseAs(database(c), requirePrincipal(c), id, c.req.valid('json'), clientIp(c)), 200);
  });
  for (const [route, action] of [
    [startRoute, 'start'],
    [pauseRoute, 'pause'],
    [resumeRoute, 'resume'],
    [stopRoute, 'stop'],
  ] as const) {
    app.openapi(route, async (c) => {
      const id = idOf(c.req.valid('param').id, 'exercise');
      return c.json(await controlExerciseAs(database(c), requirePrincipal(c), id, action, clientIp(c)), 200);
    });
  }
  app.openapi(closeRoute, async (c) => {
    const id = idOf(c.req.valid('param').id, 'exercise');
    return c.json(await closeExerciseAs(database(c), requirePrincipal(c), id, clientIp(c)), 200);
  });
  app.openapi(fireRoute, async (c) => {
    const { id, injectId } = c.req.valid('param');
    return c.json(await fireInjectAs(database(c), requirePrincipal(c), idOf(id, 'exercise'), idOf(injectId, 'inject'), clientIp(c)), 200);
  });
  app.openapi(scorecardRoute, async (c) =>
    c.json(await scorecardFor(database(c).db, requirePrincipal(c), idOf(c.req.valid('param').id, 'exercise')), 200),
  );
  app.openapi(rateRoute, async (c) => {
    const { id, taskKey } = c.req.valid('param');
    return c.json(await rateAs(database(c), requirePrincipal(c), idOf(id, 'exercise'), taskKey, c.req.valid('json'), clientIp(c)), 200);
  });
  app.openapi(reviewRoute, async (c) =>
    c.json(await reviewFromExerciseAs(database(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'exercise'), clientIp(c)), 201),
  );
  app.openapi(pdfRoute, async (c) => {
    const { view, card } = await reportDataFor(database(c).db, requirePrincipal(c), idOf(c.req.valid('param').id, 'exercise'));
    const pdf = await renderExercisePdf(view, card);
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', `attachment; filename="exercise-${view.id.slice(0, 8)}.pdf"`);
    c.header('Cache-Control', 'no-store');
    return c.body(new Uint8Array(pdf), 200) as never;
  });
}
