/**
 * HTTP adapter of the tasks feature (docs/tasks.md): list, inbox, board, detail, create (one or many), the
 * workflow, management (reassign, due time, cancel), checklist, notes, attachments and recurring tasks.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { IdParam, UUID_PATTERN, errorResponses, jsonBody, jsonResponse } from '../../platform/http/schemas.ts';
import { notFound } from '../../platform/errors.ts';
import { ExportParams, exportFileResponse, exportQuerySchema, streamListExport } from '../../platform/export/export.ts';
import { attachmentDownload, readUploadedFile } from '../../platform/files/attachments.ts';
import { TASK_EXPORT_COLUMNS, taskExportFor, taskInboxExportFor } from './tasks.export.ts';
import {
  AttachmentSchema,
  BoardQuerySchema,
  ChecklistParam,
  ChecklistToggleSchema,
  FileParam,
  InboxQuerySchema,
  RecurrenceCreateSchema,
  RecurrenceListQuerySchema,
  RecurrenceListSchema,
  RecurrencePatchSchema,
  RecurrenceSchema,
  TaskBoardSchema,
  TaskBulkCreateSchema,
  TaskCancelSchema,
  TaskCreateSchema,
  TaskDetailSchema,
  TaskListQuerySchema,
  TaskListSchema,
  TaskNoteCreateSchema,
  TaskNoteSchema,
  TaskPatchSchema,
  TaskSchema,
  TaskTransitionSchema,
} from './tasks.schema.ts';
import {
  addNote,
  assignablePeople,
  boardFor,
  cancelTask,
  createTaskAs,
  createTasksBulkAs,
  getTaskDetail,
  inboxFor,
  listTaskFiles,
  listTasksFor,
  readTaskFile,
  toggleChecklist,
  transitionTask,
  updateTaskAs,
  uploadTaskFile,
} from './tasks.service.ts';
import { createRecurrenceAs, listRecurrencesFor, updateRecurrenceAs } from './task-recurrences.ts';

const tags = ['tasks'];
const readErrors = errorResponses(400, 401, 403);
const oneErrors = errorResponses(401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);

function idOf(id: string, entity = 'task'): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}
const database = (c: AppContext) => c.get('deps').database;

const listRoute = createRoute({
  method: 'get',
  path: '/api/tasks',
  tags,
  summary: 'Tasks you may see, filtered by incident, agency, township, status, overdue or due range',
  request: { query: TaskListQuerySchema },
  responses: { 200: jsonResponse(TaskListSchema, 'A page of tasks, soonest due first'), ...readErrors },
});
const exportRoute = createRoute({
  method: 'get',
  path: '/api/tasks/export',
  tags,
  summary: "The task list as xlsx or CSV: the list's filters, the tasks you may see; audited",
  request: { query: exportQuerySchema(TaskListQuerySchema) },
  responses: { 200: exportFileResponse, ...readErrors },
});
const inboxExportRoute = createRoute({
  method: 'get',
  path: '/api/tasks/inbox/export',
  tags,
  summary: "Your tasks (the inbox) as xlsx or CSV: the inbox tab's statuses, what is assigned to you within what you may see; audited",
  request: { query: InboxQuerySchema.extend(ExportParams.shape) },
  responses: { 200: exportFileResponse, ...readErrors },
});
const inboxRoute = createRoute({
  method: 'get',
  path: '/api/tasks/inbox',
  tags,
  summary: 'Tasks assigned to your agency, to townships where you work, or to you (open ones by default)',
  request: { query: InboxQuerySchema },
  responses: { 200: jsonResponse(TaskListSchema, 'Your tasks'), ...readErrors },
});
const boardRoute = createRoute({
  method: 'get',
  path: '/api/tasks/board',
  tags,
  summary: "An incident's tasks by assignee and status",
  request: { query: BoardQuerySchema },
  responses: { 200: jsonResponse(TaskBoardSchema, 'The board'), ...errorResponses(400, 401, 403, 404) },
});
const peopleRoute = createRoute({
  method: 'get',
  path: '/api/tasks/assignees',
  tags,
  summary: 'People a task may be assigned to by name (tasks.assign): users with a role in your jurisdiction',
  request: { query: z.object({ q: z.string().trim().max(100).optional() }) },
  responses: {
    200: jsonResponse(
      z.object({
        items: z.array(
          z.object({
            id: z.uuid(),
            displayName: z.string(),
            username: z.string(),
            agencyName: z.string().nullable(),
            agencyNameEn: z.string().nullable(),
          }),
        ),
      }),
      'Up to 50 people',
    ),
    ...readErrors,
  },
});
const getRoute = createRoute({
  method: 'get',
  path: '/api/tasks/{id}',
  tags,
  summary: 'One task with its notes, files and the actions open to you',
  request: { params: IdParam },
  responses: { 200: jsonResponse(TaskDetailSchema, 'The task'), ...oneErrors },
});
const createOneRoute = createRoute({
  method: 'post',
  path: '/api/tasks',
  tags,
  summary: 'Assign a task to an agency, a township or a person (tasks.assign)',
  request: { body: jsonBody(TaskCreateSchema) },
  responses: { 201: jsonResponse(TaskSchema, 'Created'), ...writeErrors },
});
const bulkRoute = createRoute({
  method: 'post',
  path: '/api/tasks/bulk',
  tags,
  summary: 'Assign several tasks at once, all or none (errors name tasks.<i>.<field>)',
  request: { body: jsonBody(TaskBulkCreateSchema) },
  responses: { 201: jsonResponse(z.object({ items: z.array(TaskSchema) }), 'Created, in the order given'), ...writeErrors },
});
const transitionRoute = createRoute({
  method: 'post',
  path: '/api/tasks/{id}/transition',
  tags,
  summary: 'Accept, start, complete, reject (reason), block (reason) or reopen — the assignee side only',
  request: { params: IdParam, body: jsonBody(TaskTransitionSchema) },
  responses: { 200: jsonResponse(TaskSchema, 'The task after the step'), ...writeErrors },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/api/tasks/{id}',
  tags,
  summary: 'Reassign, change the due time, priority or content (tasks.assign)',
  request: { params: IdParam, body: jsonBody(TaskPatchSchema) },
  responses: { 200: jsonResponse(TaskSchema, 'Changed'), ...writeErrors },
});
const cancelRoute = createRoute({
  method: 'post',
  path: '/api/tasks/{id}/cancel',
  tags,
  summary: 'Cancel a task, with the reason (tasks.assign)',
  request: { params: IdParam, body: jsonBody(TaskCancelSchema) },
  responses: { 200: jsonResponse(TaskSchema, 'Cancelled'), ...writeErrors },
});
const checklistRoute = createRoute({
  method: 'put',
  path: '/api/tasks/{id}/checklist/{index}',
  tags,
  summary: 'Tick or untick one checklist item',
  request: { params: ChecklistParam, body: jsonBody(ChecklistToggleSchema) },
  responses: { 200: jsonResponse(TaskSchema, 'Changed'), ...writeErrors },
});
const noteRoute = createRoute({
  method: 'post',
  path: '/api/tasks/{id}/notes',
  tags,
  summary: 'Add a progress note',
  request: { params: IdParam, body: jsonBody(TaskNoteCreateSchema) },
  responses: { 201: jsonResponse(TaskNoteSchema, 'Added'), ...writeErrors },
});
const filesRoute = createRoute({
  method: 'get',
  path: '/api/tasks/{id}/files',
  tags,
  summary: "A task's attachments",
  request: { params: IdParam },
  responses: { 200: jsonResponse(z.object({ items: z.array(AttachmentSchema) }), 'Attachments'), ...oneErrors },
});
const uploadRoute = createRoute({
  method: 'post',
  path: '/api/tasks/{id}/files',
  tags,
  summary: 'Attach a file (multipart/form-data, field "file"; pdf, images, Office documents, csv, txt)',
  request: { params: IdParam },
  responses: { 201: jsonResponse(AttachmentSchema, 'Stored'), ...writeErrors },
});
const downloadRoute = createRoute({
  method: 'get',
  path: '/api/tasks/{id}/files/{fileId}',
  tags,
  summary: 'Download an attachment',
  request: { params: FileParam },
  responses: { 200: { description: 'The file, as an attachment' }, ...oneErrors },
});
const recurrencesRoute = createRoute({
  method: 'get',
  path: '/api/task-recurrences',
  tags,
  summary: 'Recurring tasks in your scope',
  request: { query: RecurrenceListQuerySchema },
  responses: { 200: jsonResponse(RecurrenceListSchema, 'Recurring tasks'), ...readErrors },
});
const createRecurrenceRoute = createRoute({
  method: 'post',
  path: '/api/task-recurrences',
  tags,
  summary: 'Define a recurring task: one task per day (or chosen weekdays) due at a local time (tasks.assign)',
  request: { body: jsonBody(RecurrenceCreateSchema) },
  responses: { 201: jsonResponse(RecurrenceSchema, 'Created'), ...writeErrors },
});
const patchRecurrenceRoute = createRoute({
  method: 'patch',
  path: '/api/task-recurrences/{id}',
  tags,
  summary: 'Stop, resume or change the end date or due time of a recurring task (tasks.assign)',
  request: { params: IdParam, body: jsonBody(RecurrencePatchSchema) },
  responses: { 200: jsonResponse(RecurrenceSchema, 'Changed'), ...writeErrors },
});

/**
 * Mounts the tasks routes on the application.
 * @example registerTasksRoutes(app); // in createApp
 */
export function registerTasksRoutes(app: AppOpenAPI): void {
  app.openapi(listRoute, async (c) => c.json(await listTasksFor(database(c).db, requirePrincipal(c), c.req.valid('query')), 200));
  // Declared before /{id}: 'inbox' and 'board' are not ids.
  // before /{id}: 'export' is not an id
  app.openapi(exportRoute, async (c) => {
    const { format, lang, check: _check, ...filters } = c.req.valid('query');
    const batches = await taskExportFor(database(c).db, requirePrincipal(c), filters);
    return streamListExport(c, { list: 'tasks', format, lang, filters, columns: TASK_EXPORT_COLUMNS, batches }) as never;
  });
  app.openapi(inboxExportRoute, async (c) => {
    const { format, lang, check: _check, ...filters } = c.req.valid('query');
    const batches = await taskInboxExportFor(database(c).db, requirePrincipal(c), filters);
    return streamListExport(c, { list: 'task-inbox', format, lang, filters, columns: TASK_EXPORT_COLUMNS, batches }) as never;
  });
  app.openapi(inboxRoute, async (c) => c.json(await inboxFor(database(c).db, requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(boardRoute, async (c) =>
    c.json(await boardFor(database(c).db, requirePrincipal(c), c.req.valid('query').incidentId.toLowerCase()), 200),
  );
  app.openapi(peopleRoute, async (c) => c.json(await assignablePeople(database(c).db, requirePrincipal(c), c.req.valid('query').q), 200));
  app.openapi(getRoute, async (c) => c.json(await getTaskDetail(database(c).db, requirePrincipal(c), idOf(c.req.valid('param').id)), 200));
  app.openapi(createOneRoute, async (c) =>
    c.json(await createTaskAs(database(c), requirePrincipal(c), c.req.valid('json'), { ip: clientIp(c) }), 201),
  );
  app.openapi(bulkRoute, async (c) =>
    c.json({ items: await createTasksBulkAs(database(c), requirePrincipal(c), c.req.valid('json').tasks, { ip: clientIp(c) }) }, 201),
  );
  app.openapi(transitionRoute, async (c) =>
    c.json(
      await transitionTask(database(c), requirePrincipal(c), idOf(c.req.valid('param').id), c.req.valid('json'), { ip: clientIp(c) }),
      200,
    ),
  );
  app.openapi(patchRoute, async (c) =>
    c.json(
      await updateTaskAs(database(c), requirePrincipal(c), idOf(c.req.valid('param').id), c.req.valid('json'), { ip: clientIp(c) }),
      200,
    ),
  );
  app.openapi(cancelRoute, async (c) =>
    c.json(
      await cancelTask(database(c), requirePrincipal(c), idOf(c.req.valid('param').id), c.req.valid('json').reason, { ip: clientIp(c) }),
      200,
    ),
  );
  app.openapi(checklistRoute, async (c) => {
    const { id, index } = c.req.valid('param');
    return c.json(
      await toggleChecklist(database(c), requirePrincipal(c), idOf(id), index, c.req.valid('json').done, { ip: clientIp(c) }),
      200,
    );
  });
  app.openapi(noteRoute, async (c) =>
    c.json(
      await addNote(database(c), requirePrincipal(c), idOf(c.req.valid('param').id), c.req.valid('json').body, { ip: clientIp(c) }),
      201,
    ),
  );
  app.openapi(filesRoute, async (c) =>
    c.json({ items: await listTaskFiles(database(c).db, requirePrincipal(c), idOf(c.req.valid('param').id)) }, 200),
  );
  app.openapi(uploadRoute, async (c) => {
    const principal = requirePrincipal(c);
    const id = idOf(c.req.valid('param').id);
    const { name, bytes } = await readUploadedFile(c);
    const view = await uploadTaskFile(
      database(c),
      principal,
      id,
      { filename: name, bytes },
      {
        ip: clientIp(c),
        limitBytes: c.get('deps').config.attachmentLimitBytes,
      },
    );
    return c.json(view, 201);
  });
  app.openapi(downloadRoute, async (c) => {
    const { id, fileId } = c.req.valid('param');
    const file = await readTaskFile(database(c).db, requirePrincipal(c), idOf(id), idOf(fileId, 'attachment'));
    return attachmentDownload(c, file) as never;
  });
  app.openapi(recurrencesRoute, async (c) =>
    c.json(await listRecurrencesFor(database(c).db, requirePrincipal(c), c.req.valid('query')), 200),
  );
  app.openapi(createRecurrenceRoute, async (c) =>
    c.json(await createRecurrenceAs(database(c), requirePrincipal(c), c.req.valid('json'), { ip: clientIp(c) }), 201),
  );
  app.openapi(patchRecurrenceRoute, async (c) =>
    c.json(
      await updateRecurrenceAs(database(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'recurrence'), c.req.valid('json'), {
        ip: clientIp(c),
      }),
      200,
    ),
  );
}
