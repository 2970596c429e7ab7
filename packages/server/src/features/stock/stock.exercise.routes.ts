/**
 * HTTP adapter of the exercise stock shocks (stock.exercise.ts; docs/stock.md "Exercises"): the stock page's
 * list of an exercise's simulated stock events, each marked `exercise: true`. Real stock routes never show them.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { type AppContext, type AppOpenAPI, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, jsonResponse } from '../../platform/http/schemas.ts';
import { exerciseShocksFor } from './stock.exercise.ts';

const figures = z.object({
  usable: z.number().int(),
  dailyUse: z.number(),
  daysOfCover: z.number().nullable(),
  stockOutOn: z.string().nullable(),
  belowMinimum: z.boolean(),
});

export const ExerciseStockShockSchema = z
  .object({
    id: z.uuid(),
    exercise: z.literal(true).openapi({ description: 'always true: an exercise scenario, never real stock (show the 演练 tag)' }),
    exerciseId: z.uuid(),
    title: z.string(),
    itemId: z.uuid(),
    itemName: z.string(),
    itemNameEn: z.string(),
    unit: z.string(),
    unitEn: z.string(),
    facilityId: z.uuid(),
    facilityName: z.string(),
    facilityNameEn: z.string(),
    jurisdictionId: z.uuid(),
    lossQuantity: z.number().int().openapi({ description: 'units of usable stock the exercise pretends were lost' }),
    extraDailyUse: z.number().openapi({ description: 'units a day the exercise pretends are used on top of the real rate' }),
    picture: z
      .object({ date: z.string(), minimum: z.number().int().nullable(), real: figures, exercise: figures })
      .openapi({ description: "the site's real figures when the shock fired, and the exercise's picture of them" }),
    createdAt: z.string(),
    archived: z.boolean().openapi({ description: 'the exercise is closed: kept as its record' }),
  })
  .openapi('ExerciseStockShock');

export const ExerciseStockShockListSchema = z.object({ items: z.array(ExerciseStockShockSchema) }).openapi('ExerciseStockShockList');

const exerciseShocksRoute = createRoute({
  method: 'get',
  path: '/api/stock/exercise-shocks',
  tags: ['stock', 'exercises'],
  summary:
    "Exercise stock shocks at sites in your area (stock.read): the live ones, or one exercise's (with its archived ones). Never part of real stock",
  request: {
    query: z.object({ exerciseId: z.uuid({ message: 'Unknown exercise' }).optional() }),
  },
  responses: { 200: jsonResponse(ExerciseStockShockListSchema, 'The shocks, newest first'), ...errorResponses(400, 401, 403) },
});

const database = (c: AppContext) => c.get('deps').database;

export function registerStockExerciseRoutes(app: AppOpenAPI) {
  app.openapi(exerciseShocksRoute, async (c) =>
    c.json(await exerciseShocksFor(database(c), requirePrincipal(c), c.req.valid('query')), 200),
  );
}
