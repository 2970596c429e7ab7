/**
 * Request and response schemas of the imports API (zod-openapi).
 */
import { z } from '@hono/zod-openapi';
import { PageQuery } from '../../platform/http/schemas.ts';
import { DUPLICATE_ACTIONS, IMPORT_KINDS, IMPORT_MODES, IMPORT_STATUSES } from './imports.tables.ts';

const Kind = z.enum(IMPORT_KINDS).openapi({
  description:
    "'cases': case line lists; 'feeds': daily feed values; 'occupancy': daily bed occupancy of facilities; 'contacts': contact lists of a case",
});

export const KindQuery = z.object({ kind: Kind.default('cases') });
export const ImportListQuery = PageQuery.extend({ kind: Kind.default('cases') });
export const ErrorReportQuery = z.object({
  lang: z
    .string()
    .max(20)
    .optional()
    .openapi({ description: "language of the report: 'zh-CN' or 'en' (default: the user's saved language)", example: 'zh-CN' }),
});

const Columns = z.record(z.string().max(100), z.string().max(200)).openapi({ description: 'field → header of the file ("" = not mapped)' });
const Values = z
  .record(z.string().max(100), z.record(z.string().max(200), z.string().max(200)))
  .openapi({ description: 'field → { value in the file → value to use } (e.g. { "disease": { "新冠": "covid19" } })' });

export const MappingSchema = z.object({ columns: Columns, values: Values.default({}) }).strict();

export const UploadForm = z.object({
  file: z.any().openapi({ type: 'string', format: 'binary', description: '.csv (UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16) or .xlsx' }),
  kind: Kind.default('cases'),
});

export const ValidateBody = z.object({ mapping: MappingSchema }).strict().openapi('ImportValidate');
const DuplicateActionSchema = z.enum(DUPLICATE_ACTIONS).openapi({
  description:
    "a row matching a report already filed: 'skip' it, 'update' the report with it (a correction, kept as a version), or 'import' it as a new report",
});

export const RunBody = z
  .object({
    mode: z
      .enum(IMPORT_MODES)
      .openapi({ description: "'all_or_nothing': write nothing if any row is wrong; 'valid_only': write the valid rows" }),
    duplicates: DuplicateActionSchema.default('skip').openapi({
      description: "what to do with rows matching reports already filed (default 'skip')",
    }),
    rowActions: z
      .record(z.string().regex(/^\d{1,7}$/, 'a row number'), DuplicateActionSchema)
      .refine((r) => Object.keys(r).length <= 100_000, 'at most 100,000 rows')
      .default({})
      .openapi({
        description: 'row number (as in the file, the header is row 1) → its own choice, overriding `duplicates`',
        example: { '5': 'update' },
      }),
  })
  .strict()
  .openapi('ImportRun');

export const MappingSaveBody = z
  .object({
    kind: Kind,
    name: z.string().trim().min(1, 'must not be empty').max(100),
    columns: Columns,
    values: Values.default({}),
  })
  .strict()
  .openapi('ImportMappingSave');

const RowErrorSchema = z
  .object({
    row: z.number().int().openapi({ description: 'row number as a spreadsheet shows it (the header is row 1)' }),
    column: z.string().openapi({ description: "the file's header of the column" }),
    field: z.string().optional().openapi({ description: 'the import field the column feeds' }),
    value: z.string(),
    code: z.string().optional().openapi({
      description:
        "stable id of the problem (e.g. 'required', 'not_a_date', 'unknown_value', 'resident_id_checksum'); absent on errors stored before codes existed",
      example: 'not_a_date',
    }),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .optional()
      .openapi({ description: "what the problem's sentence needs", example: { value: '2026-13-01' } }),
    message: z.string().openapi({ description: 'the problem in English' }),
  })
  .openapi('ImportRowError');

export const ImportSchema = z
  .object({
    id: z.uuid(),
    kind: Kind,
    filename: z.string(),
    format: z.enum(['csv', 'xlsx']),
    encoding: z.string(),
    size: z.number().int(),
    headers: z.array(z.string()),
    mapping: MappingSchema.nullable(),
    mode: z.enum(IMPORT_MODES).nullable(),
    status: z.enum(IMPORT_STATUSES),
    totalRows: z.number().int(),
    validRows: z.number().int(),
    errorRows: z.number().int(),
    processedRows: z.number().int(),
    importedRows: z.number().int(),
    progress: z.number(),
    errorCount: z.number().int(),
    errors: z.array(RowErrorSchema).openapi({ description: 'the first 500 row problems (all stored ones in errors.csv)' }),
    message: z.string().openapi({ description: "why a failed import failed, in English ('' otherwise)" }),
    messageCode: z.string().nullable().openapi({
      description:
        "stable id of `message` on a failed import: 'import_interrupted', 'write_duplicate', 'write_reference_changed', 'import_failed', or the refusal that caused it ('file_gone', a file problem such as 'csv_unreadable'); null otherwise or for an old failure with an unknown message",
      example: 'write_duplicate',
    }),
    messageParams: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .openapi({ description: "what the message's sentence needs ({} when nothing)" }),
    createdBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    earlierImports: z
      .array(
        z.object({
          id: z.uuid(),
          filename: z.string(),
          status: z.enum(IMPORT_STATUSES),
          importedRows: z.number().int(),
          createdAt: z.string(),
          finishedAt: z.string().nullable(),
          createdBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
        }),
      )
      .openapi({
        description: 'earlier imports of the same file (same SHA-256) that you may see, those that wrote rows first; [] in lists',
      }),
    matchedRows: z
      .number()
      .int()
      .openapi({ description: 'valid rows matching reports already filed (the duplicate rules of docs/cases.md)' }),
    matches: z
      .array(
        z.object({
          row: z.number().int(),
          caseId: z.uuid(),
          code: z.string(),
          match: z.enum(['identity', 'name_birth', 'name_phone']),
          daysApart: z.number(),
          facilityName: z.string().nullable(),
          facilityNameEn: z.string().nullable(),
          reportedAt: z.string(),
          importFilename: z.string().nullable().openapi({ description: 'the file the report was imported with, if it was' }),
          updatable: z
            .boolean()
            .openapi({ description: "false: a report you may not change (another facility's); 'update' skips such a row" }),
        }),
      )
      .openapi({ description: 'the first 500 matching rows' }),
    duplicateAction: DuplicateActionSchema.nullable(),
    rowActions: z.record(z.string(), DuplicateActionSchema),
    skippedRows: z.number().int().openapi({ description: 'matching rows the run left out (or whose report they would not change)' }),
    updatedRows: z.number().int().openapi({ description: 'reports the run corrected with their matching rows' }),
  })
  .openapi('Import');

export const UploadSchema = ImportSchema.extend({
  preview: z.array(z.array(z.string())),
  suggested: z.record(z.string(), z.string()),
}).openapi('ImportUpload');

export const ImportListSchema = z.object({ items: z.array(ImportSchema), total: z.number().int() }).openapi('ImportList');

export const FieldsSchema = z
  .object({
    kind: Kind,
    fields: z.array(z.object({ field: z.string(), required: z.boolean() })),
    modes: z.array(z.enum(IMPORT_MODES)),
  })
  .openapi('ImportFields');

export const SavedMappingSchema = z
  .object({
    id: z.uuid(),
    kind: Kind,
    name: z.string(),
    jurisdictionId: z.uuid().openapi({
      description: "where the mapping belongs: the root of its author's import scope; only users whose scope holds it see or change it",
    }),
    columns: z.record(z.string(), z.string()),
    values: z.record(z.string(), z.record(z.string(), z.string())),
    updatedAt: z.string(),
  })
  .openapi('ImportMapping');
export const SavedMappingListSchema = z.object({ items: z.array(SavedMappingSchema) }).openapi('ImportMappingList');
