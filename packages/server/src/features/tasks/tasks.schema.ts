/**
 * Request and response schemas of the tasks API (docs/tasks.md). Bodies are `.strict()`: an unknown field is a
 * `validation_failed` naming it.
 */
import { z } from '@hono/zod-openapi';
import { PageQuery } from '../../platform/http/schemas.ts';

import { RECURRENCE_FREQUENCIES, TASK_NOTE_KINDS, TASK_ORIGINS, TASK_PRIORITIES, TASK_STATUSES } from './tasks.tables.ts';

const requiredText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const dueAt = z.iso
  .datetime({ offset: true, message: 'a date and time (ISO 8601, e.g. 2026-12-01T16:00:00+08:00)' })
  .openapi({ description: 'When the task is due', example: '2026-12-01T16:00:00+08:00' });

export const TaskStatusSchema = z.enum(TASK_STATUSES).openapi('TaskStatus');
export const TaskPrioritySchema = z.enum(TASK_PRIORITIES).openapi('TaskPriority');
const ChecklistItemSchema = z.object({ text: requiredText(300), done: z.boolean().default(false) }).strict();

export const TaskSchema = z
  .object({
    id: z.uuid(),
    code: z.string().openapi({ example: 'T2026-00042' }),
    incidentId: z.uuid().nullable(),
    incidentCode: z.string().nullable(),
    incidentTitle: z.string().nullable(),
    exercise: z.boolean().openapi({ description: "a task of an exercise's incident (docs/exercises.md): show the 演练 EXERCISE tag" }),
    exerciseId: z.uuid().nullable().openapi({ description: "the exercise of the task's incident; null for real work" }),
    title: z.string(),
    description: z.string(),
    assigneeAgencyId: z.uuid().nullable(),
    assigneeAgencyName: z.string().nullable(),
    assigneeAgencyNameEn: z.string().nullable(),
    assigneeJurisdictionId: z.uuid().nullable(),
    assigneeJurisdictionName: z.string().nullable(),
    assigneeJurisdictionNameEn: z.string().nullable(),
    assigneeUserId: z.uuid().nullable(),
    assigneeUserName: z.string().nullable(),
    jurisdictionId: z.uuid(),
    jurisdictionName: z.string(),
    jurisdictionNameEn: z.string(),
    status: TaskStatusSchema,
    statusReason: z.string(),
    priority: TaskPrioritySchema,
    dueAt: z.string(),
    overdue: z.boolean(),
    checklist: z.array(z.object({ text: z.string(), done: z.boolean() })),
    origin: z.enum(TASK_ORIGINS),
    originRef: z.string().nullable(),
    escalatedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    /** what was done, written at completion; empty until then and after a reopening */
    result: z.string(),
    createdBy: z.uuid().nullable(),
    createdByName: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Task');

export const TaskActionSchema = z.enum(['accept', 'start', 'complete', 'reject', 'block', 'reopen']).openapi('TaskAction');

export const TaskNoteSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(TASK_NOTE_KINDS),
    body: z.string(),
    status: TaskStatusSchema.nullable(),
    authorId: z.uuid().nullable(),
    authorName: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('TaskNote');

export const AttachmentSchema = z
  .object({
    id: z.uuid(),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    uploadedBy: z.uuid().nullable(),
    createdAt: z.string(),
  })
  .openapi('TaskAttachment');

/** A task with what the viewer may do with it. */
export const TaskDetailSchema = z
  .object({
    task: TaskSchema,
    notes: z.array(TaskNoteSchema),
    files: z.array(AttachmentSchema),
    /** the workflow actions this user may take now */
    actions: z.array(TaskActionSchema),
    /** the user is on the assignee side (may work on it: notes, checklist, files) */
    isAssignee: z.boolean(),
    /** the user may reassign, change the due time, edit or cancel (tasks.assign here) */
    canManage: z.boolean(),
  })
  .openapi('TaskDetail');

const assignee = {
  assigneeAgencyId: z.uuid().nullish().openapi({ description: 'The agency that must act' }),
  assigneeJurisdictionId: z.uuid().nullish().openapi({ description: 'A township or community government that must act' }),
  assigneeUserId: z.uuid().nullish().openapi({ description: 'A person who must act' }),
};

const taskFields = {
  incidentId: z.uuid().nullish(),
  title: requiredText(200),
  description: z.string().trim().max(4000).optional(),
  ...assignee,
  jurisdictionId: z.uuid().optional().openapi({
    description: "The task's area (scope). Default: the incident's area, else the assigned township, else the agency's",
  }),
  priority: TaskPrioritySchema.optional(),
  dueAt,
  checklist: z.array(ChecklistItemSchema).max(50).optional(),
};

export const TaskCreateSchema = z.object(taskFields).strict().openapi('TaskCreate');
export type TaskCreate = z.infer<typeof TaskCreateSchema>;

export const TaskBulkCreateSchema = z
  .object({ tasks: z.array(z.object(taskFields).strict()).min(1, 'at least one task').max(200) })
  .strict()
  .openapi('TaskBulkCreate');

export const TaskPatchSchema = z
  .object({
    title: requiredText(200).optional(),
    description: z.string().trim().max(4000).optional(),
    ...assignee,
    priority: TaskPrioritySchema.optional(),
    dueAt: dueAt.optional(),
    checklist: z.array(ChecklistItemSchema).max(50).optional(),
    /** why (kept in the task's notes) */
    reason: z.string().trim().max(1000).optional(),
  })
  .strict()
  .openapi('TaskPatch');
export type TaskPatch = z.infer<typeof TaskPatchSchema>;

export const TaskTransitionSchema = z
  .object({
    action: TaskActionSchema,
    reason: z.string().trim().max(1000).optional().openapi({ description: 'why: required to reject, block, and reopen a done task' }),
    result: z.string().trim().max(4000).optional().openapi({ description: 'what was done: required to complete' }),
  })
  .strict()
  .openapi('TaskTransition');

export const TaskCancelSchema = z
  .object({ reason: requiredText(1000) })
  .strict()
  .openapi('TaskCancel');
export const TaskNoteCreateSchema = z
  .object({ body: requiredText(4000) })
  .strict()
  .openapi('TaskNoteCreate');
export const ChecklistToggleSchema = z.object({ done: z.boolean() }).strict().openapi('ChecklistToggle');
export const ChecklistParam = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, format: 'uuid' }),
  index: z.coerce
    .number()
    .int()
    .min(0)
    .max(49)
    .openapi({ param: { name: 'index', in: 'path' } }),
});
export const FileParam = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, format: 'uuid' }),
  fileId: z.string().openapi({ param: { name: 'fileId', in: 'path' }, format: 'uuid' }),
});

const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
const statusList = z
  .string()
  .transform((s) => s.split(',').filter(Boolean))
  .pipe(z.array(TaskStatusSchema))
  .openapi({ description: 'Comma-separated statuses', example: 'assigned,accepted' });

export const TaskListQuerySchema = PageQuery.extend({
  incidentId: z.uuid().optional(),
  agencyId: z.uuid().optional(),
  assigneeJurisdictionId: z.uuid().optional(),
  jurisdictionId: z.uuid().optional().openapi({ description: "Tasks in this jurisdiction's subtree" }),
  status: statusList.optional(),
  overdue: boolQuery.optional(),
  dueFrom: dueAt.optional(),
  dueTo: dueAt.optional(),
  q: z.string().trim().max(100).optional(),
});
export type TaskListQuery = z.infer<typeof TaskListQuerySchema>;

export const TaskListSchema = z.object({ items: z.array(TaskSchema), total: z.number().int() }).openapi('TaskList');

export const InboxQuerySchema = z.object({
  status: statusList.optional().openapi({ description: 'Default: open tasks (assigned, accepted, in progress, blocked)' }),
});

export const BoardQuerySchema = z.object({ incidentId: z.uuid() });
export const TaskBoardSchema = z
  .object({
    incidentId: z.uuid(),
    statuses: z.array(TaskStatusSchema),
    rows: z.array(
      z.object({
        key: z.string(),
        kind: z.enum(['agency', 'jurisdiction', 'user']),
        name: z.string(),
        nameEn: z.string(),
        counts: z.record(z.string(), z.number().int()),
        overdue: z.number().int(),
        total: z.number().int(),
      }),
    ),
    totals: z.record(z.string(), z.number().int()),
    overdue: z.number().int(),
    tasks: z.array(TaskSchema),
  })
  .openapi('TaskBoard');

export const RecurrenceSchema = z
  .object({
    id: z.uuid(),
    incidentId: z.uuid().nullable(),
    incidentCode: z.string().nullable(),
    title: z.string(),
    description: z.string(),
    assigneeAgencyId: z.uuid().nullable(),
    assigneeAgencyName: z.string().nullable(),
    assigneeAgencyNameEn: z.string().nullable(),
    assigneeJurisdictionId: z.uuid().nullable(),
    assigneeUserId: z.uuid().nullable(),
    jurisdictionId: z.uuid(),
    priority: TaskPrioritySchema,
    checklist: z.array(z.object({ text: z.string(), done: z.boolean() })),
    frequency: z.enum(RECURRENCE_FREQUENCIES),
    weekdays: z.array(z.number().int()),
    dueTime: z.string(),
    startsOn: z.string(),
    endsOn: z.string().nullable(),
    active: z.boolean(),
    lastPeriod: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('TaskRecurrence');

const localDate = z.iso.date({ message: 'a date (YYYY-MM-DD)' });
export const RecurrenceCreateSchema = z
  .object({
    incidentId: z.uuid().nullish(),
    title: requiredText(200),
    description: z.string().trim().max(4000).optional(),
    ...assignee,
    jurisdictionId: z.uuid().optional(),
    priority: TaskPrioritySchema.optional(),
    checklist: z.array(ChecklistItemSchema).max(50).optional(),
    frequency: z.enum(RECURRENCE_FREQUENCIES),
    weekdays: z
      .array(z.number().int().min(1).max(7))
      .max(7)
      .optional()
      .openapi({ description: 'ISO weekdays (1 Monday … 7 Sunday), weekly only' }),
    dueTime: z
      .string()
      .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'a time of day HH:MM')
      .openapi({ description: 'Local (district) time the task of each period is due', example: '16:00' }),
    startsOn: localDate,
    endsOn: localDate.nullish(),
  })
  .strict()
  .openapi('TaskRecurrenceCreate');
export type RecurrenceCreate = z.infer<typeof RecurrenceCreateSchema>;

export const RecurrencePatchSchema = z
  .object({ active: z.boolean().optional(), endsOn: localDate.nullish(), dueTime: RecurrenceCreateSchema.shape.dueTime.optional() })
  .strict()
  .openapi('TaskRecurrencePatch');

export const RecurrenceListQuerySchema = z.object({ incidentId: z.uuid().optional() });
export const RecurrenceListSchema = z.object({ items: z.array(RecurrenceSchema) }).openapi('TaskRecurrenceList');
