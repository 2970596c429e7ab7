/**
 * Request and response schemas of the disease catalogue (docs/cases.md, "The disease catalogue"): one source for
 * validation, TypeScript types and the OpenAPI document. Bodies are `.strict()`.
 */
import { z } from '@hono/zod-openapi';
import { DISEASE_CLASSES } from './catalogue.tables.ts';

export const DiseaseSchema = z
  .object({
    id: z.uuid(),
    code: z.string().openapi({ example: 'hfmd' }),
    name: z.string().openapi({ example: '手足口病' }),
    nameEn: z.string().openapi({ example: 'Hand, foot and mouth disease' }),
    icd10: z.string().openapi({ example: 'B08.4' }),
    class: z.enum(DISEASE_CLASSES),
    managedAsClassA: z.boolean(),
    reportDeadlineHours: z.number().int(),
    verificationHours: z.number().int(),
    maxIncubationDays: z
      .number()
      .int()
      .openapi({ example: 14, description: 'maximum incubation period, days: a contact is followed this long after the last exposure' }),
    defaultMethod: z.string().openapi({ example: 'mpm', description: 'an @outbreak/surveillance method name' }),
    defaultParams: z
      .record(z.string(), z.unknown())
      .openapi({ example: { years: 3, halfWindow: 2, p: 0.8, minCount: 1, periodLength: 7 } }),
    active: z.boolean(),
    sortOrder: z.number().int(),
    chronic: z
      .boolean()
      .openapi({ description: 'chronic (HIV, hepatitis B/C, TB, syphilis …): not watched by the moving percentile (CIDARS)' }),
    updatedAt: z.string(),
  })
  .openapi('Disease');

export const DiseaseListQuerySchema = z.object({
  includeInactive: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .openapi({ description: 'also list diseases switched off in the catalogue' }),
});
export const DiseaseListSchema = z.object({ items: z.array(DiseaseSchema) }).openapi('DiseaseList');

const hours = z
  .number()
  .int()
  .min(1)
  .max(24 * 30);
const incubationDays = z.number().int().min(1).max(365);
const params = z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()]));

export const DiseasePatchSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    nameEn: z.string().trim().min(1).max(200),
    icd10: z.string().trim().max(20),
    class: z.enum(DISEASE_CLASSES),
    managedAsClassA: z.boolean(),
    reportDeadlineHours: hours,
    verificationHours: hours,
    maxIncubationDays: incubationDays,
    defaultMethod: z.string().trim().min(1).max(60),
    defaultParams: params,
    active: z.boolean(),
    sortOrder: z.number().int().min(0).max(100_000),
    chronic: z.boolean(),
  })
  .partial()
  .strict()
  .openapi('DiseasePatch');

export const DiseaseCreateSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{1,39}$/, 'lower-case letters, digits and _ (2–40), starting with a letter'),
    name: z.string().trim().min(1).max(100),
    nameEn: z.string().trim().min(1).max(200),
    icd10: z.string().trim().max(20).default(''),
    class: z.enum(DISEASE_CLASSES),
    managedAsClassA: z.boolean().default(false),
    reportDeadlineHours: hours.optional().openapi({ description: 'default: 2 for Class A or managed as A, else 24' }),
    verificationHours: hours.optional().openapi({ description: 'default: as the report deadline' }),
    maxIncubationDays: incubationDays.default(14).openapi({ description: 'days a contact is followed after the last exposure' }),
    defaultMethod: z.string().trim().min(1).max(60).default('mpm'),
    defaultParams: params.default({}),
    active: z.boolean().default(true),
    sortOrder: z.number().int().min(0).max(100_000).default(1000),
    chronic: z.boolean().default(false),
  })
  .strict()
  .openapi('DiseaseCreate');

export type DiseasePatch = z.infer<typeof DiseasePatchSchema>;
export type DiseaseCreate = z.infer<typeof DiseaseCreateSchema>;
