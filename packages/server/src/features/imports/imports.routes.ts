/**
 * HTTP adapter of imports: upload (multipart, under the large UPLOAD_LIMIT_BYTES body limit; 413 beyond),
 * validate with a mapping, run in a mode, poll progress, download the row-error report, saved mappings.
 * Case line lists need `cases.import`; feed value files `feeds.report`; jobs are seen within that right's scope.
 */
import { createRoute } from '@hono/zod-openapi';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { IdParam, UUID_PATTERN, errorResponses, jsonBody, jsonResponse } from '../../platform/http/schemas.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { reportLanguage } from './imports.errors.ts';
import {
  FieldsSchema,
  ImportListQuery,
  ImportListSchema,
  ImportSchema,
  ErrorReportQuery,
  KindQuery,
  MappingSaveBody,
  RunBody,
  SavedMappingListSchema,
  SavedMappingSchema,
  UploadForm,
  UploadSchema,
  ValidateBody,
} from './imports.schema.ts';
import { errorReportCsv, getImport, listImports, startImport, uploadImport, validateImport } from './imports.service.ts';
import { deleteMapping, fieldsOf, listMappings, saveMapping } from './saved-mappings.ts';

const tags = ['imports'];

function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}

const fieldsRoute = createRoute({
  method: 'get',
  path: '/api/imports/fields',
  tags,
  summary: 'The fields a file can be mapped to, and the modes allowed',
  request: { query: KindQuery },
  responses: { 200: jsonResponse(FieldsSchema, 'Fields'), ...errorResponses(400, 401, 403) },
});
const listMappingsRoute = createRoute({
  method: 'get',
  path: '/api/imports/mappings',
  tags,
  summary: 'Saved column mappings',
  request: { query: KindQuery },
  responses: { 200: jsonResponse(SavedMappingListSchema, 'Mappings'), ...errorResponses(400, 401, 403) },
});
const saveMappingRoute = createRoute({
  method: 'post',
  path: '/api/imports/mappings',
  tags,
  summary: 'Save a column mapping by name (replaces the one of that name)',
  request: { body: jsonBody(MappingSaveBody) },
  responses: {
    200: jsonResponse(SavedMappingSchema, 'Replaced'),
    201: jsonResponse(SavedMappingSchema, 'Created'),
    ...errorResponses(400, 401, 403),
  },
});
const deleteMappingRoute = createRoute({
  method: 'delete',
  path: '/api/imports/mappings/{id}',
  tags,
  summary: 'Delete a saved mapping',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
});
const listRoute = createRoute({
  method: 'get',
  path: '/api/imports',
  tags,
  summary: 'Imports within your area, newest first',
  request: { query: ImportListQuery },
  responses: { 200: jsonResponse(ImportListSchema, 'A page of imports'), ...errorResponses(400, 401, 403) },
});
const uploadRoute = createRoute({
  method: 'post',
  path: '/api/imports',
  tags,
  summary: 'Upload a CSV or XLSX file: answers its header, first rows and suggested columns',
  request: { body: { required: true, content: { 'multipart/form-data': { schema: UploadForm } } } },
  responses: { 201: jsonResponse(UploadSchema, 'Uploaded'), ...errorResponses(400, 401, 403, 413) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/api/imports/{id}',
  tags,
  summary: 'One import: status, counts, progress, the first row problems',
  request: { params: IdParam },
  responses: { 200: jsonResponse(ImportSchema, 'The import'), ...errorResponses(401, 403, 404) },
});
const validateRoute = createRoute({
  method: 'post',
  path: '/api/imports/{id}/validate',
  tags,
  summary: 'Check every row with a column mapping, writing nothing',
  request: { params: IdParam, body: jsonBody(ValidateBody) },
  responses: { 200: jsonResponse(ImportSchema, 'Validated'), ...errorResponses(400, 401, 403, 404, 409) },
});
const runRoute = createRoute({
  method: 'post',
  path: '/api/imports/{id}/run',
  tags,
  summary: 'Write a validated import (in the background; poll the import for progress)',
  request: { params: IdParam, body: jsonBody(RunBody) },
  responses: { 202: jsonResponse(ImportSchema, 'Started, or rejected'), ...errorResponses(400, 401, 403, 404, 409) },
});
const errorsRoute = createRoute({
  method: 'get',
  path: '/api/imports/{id}/errors.csv',
  tags,
  summary: "The row problems as CSV (UTF-8 with BOM, opens in Excel), in `lang` or the user's saved language",
  request: { params: IdParam, query: ErrorReportQuery },
  responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errorResponses(401, 403, 404) },
});

export function registerImportsRoutes(app: AppOpenAPI): void {
  const deps = (c: AppContext) => c.get('deps');

  app.openapi(fieldsRoute, (c) => c.json(fieldsOf(requirePrincipal(c), c.req.valid('query').kind), 200));
  app.openapi(listMappingsRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json({ items: await listMappings(deps(c).database, principal, c.req.valid('query').kind) }, 200);
  });
  app.openapi(saveMappingRoute, async (c) => {
    const principal = requirePrincipal(c);
    const { mapping, created } = await saveMapping(deps(c).database, principal, c.req.valid('json'), { ip: clientIp(c) });
    return created ? c.json(mapping, 201) : c.json(mapping, 200);
  });
  app.openapi(deleteMappingRoute, async (c) => {
    const principal = requirePrincipal(c);
    await deleteMapping(deps(c).database, principal, idOf(c.req.valid('param').id, 'mapping'), { ip: clientIp(c) });
    return c.body(null, 204);
  });
  app.openapi(listRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await listImports(deps(c).database, principal, c.req.valid('query')), 200);
  });
  app.openapi(uploadRoute, async (c) => {
    const principal = requirePrincipal(c);
    const form = c.req.valid('form');
    const file = form.file as unknown;
    if (!(file instanceof File)) {
      throw new AppError('validation_failed', 'No file was sent', [
        { path: 'file', code: 'no_file', message: 'attach the file (multipart field "file")' },
      ]);
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const view = await uploadImport(deps(c), principal, { kind: form.kind, filename: file.name, bytes }, { ip: clientIp(c) });
    return c.json(view, 201);
  });
  app.openapi(getRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await getImport(deps(c).database, principal, idOf(c.req.valid('param').id, 'import')), 200);
  });
  app.openapi(validateRoute, async (c) => {
    const principal = requirePrincipal(c);
    const view = await validateImport(deps(c), principal, idOf(c.req.valid('param').id, 'import'), c.req.valid('json'));
    return c.json(view, 200);
  });
  app.openapi(runRoute, async (c) => {
    const principal = requirePrincipal(c);
    const view = await startImport(deps(c), principal, idOf(c.req.valid('param').id, 'import'), c.req.valid('json'), { ip: clientIp(c) });
    return c.json(view, 202);
  });
  app.openapi(errorsRoute, async (c) => {
    const principal = requirePrincipal(c);
    const lang = reportLanguage(c.req.valid('query').lang, principal.locale);
    const report = await errorReportCsv(deps(c).database, principal, idOf(c.req.valid('param').id, 'import'), lang);
    const ascii = report.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    return c.body(report.body, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(report.filename)}`,
      'X-Content-Type-Options': 'nosniff',
    });
  });
}
