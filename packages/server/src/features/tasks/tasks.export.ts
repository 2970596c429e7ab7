/**
 * The task list as a file (docs/exports.md): the list's filters and visibility (tasks.read in scope, plus the
 * assigned agency's and person's own), the list's order, columns in the reader's language. The inbox ("my
 * tasks") exports the same way: its tab's statuses, what is assigned to the reader, in the inbox's order.
 */
import type { Principal } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { type ExportColumn, type ExportLanguage, pagedBatches, primed } from '../../platform/export/export.ts';
import type { TaskListQuery } from './tasks.schema.ts';
import type { TaskStatus } from './tasks.tables.ts';
import { inboxPageFor, listTasksFor } from './tasks.service.ts';
import type { TaskView } from './tasks.store.ts';

type Labels = Record<string, { zh: string; en: string }>;
const STATUSES: Labels = {
  assigned: { zh: '待接收', en: 'Assigned' },
  accepted: { zh: '已接收', en: 'Accepted' },
  in_progress: { zh: '办理中', en: 'In progress' },
  done: { zh: '已办结', en: 'Done' },
  rejected: { zh: '已退回', en: 'Rejected' },
  blocked: { zh: '受阻', en: 'Blocked' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};
const PRIORITIES: Labels = {
  low: { zh: '低', en: 'Low' },
  normal: { zh: '一般', en: 'Normal' },
  high: { zh: '高', en: 'High' },
  urgent: { zh: '紧急', en: 'Urgent' },
};

const en = (l: ExportLanguage) => l === 'en';
const label = (labels: Labels, key: string, l: ExportLanguage) => labels[key]?.[en(l) ? 'en' : 'zh'] ?? key;
const pick = (zh: string | null, enName: string | null, l: ExportLanguage) => (en(l) ? enName || zh : zh);

export const TASK_EXPORT_COLUMNS: readonly ExportColumn<TaskView>[] = [
  { zh: '任务编号', en: 'Task', value: (x) => x.code, width: 13 },
  { zh: '任务', en: 'Title', value: (x) => x.title, width: 32 },
  { zh: '事件', en: 'Incident', value: (x) => (x.incidentCode ? `${x.incidentCode} ${x.incidentTitle ?? ''}`.trim() : null), width: 24 },
  { zh: '状态', en: 'Status', value: (x, l) => label(STATUSES, x.status, l), width: 10 },
  { zh: '状态说明', en: 'Status reason', value: (x) => x.statusReason || null, width: 24 },
  { zh: '优先级', en: 'Priority', value: (x, l) => label(PRIORITIES, x.priority, l), width: 8 },
  { zh: '承办部门', en: 'Agency', value: (x, l) => pick(x.assigneeAgencyName, x.assigneeAgencyNameEn, l), width: 20 },
  { zh: '承办地区', en: 'Township', value: (x, l) => pick(x.assigneeJurisdictionName, x.assigneeJurisdictionNameEn, l), width: 14 },
  { zh: '承办人', en: 'Assignee', value: (x) => x.assigneeUserName, width: 12 },
  { zh: '地区', en: 'Place', value: (x, l) => pick(x.jurisdictionName, x.jurisdictionNameEn, l), width: 14 },
  { zh: '截止时间', en: 'Due', value: (x) => new Date(x.dueAt), width: 17 },
  { zh: '是否逾期', en: 'Overdue', value: (x, l) => (x.overdue ? (en(l) ? 'yes' : '是') : en(l) ? 'no' : '否'), width: 8 },
  { zh: '办结时间', en: 'Completed', value: (x) => (x.completedAt ? new Date(x.completedAt) : null), width: 17 },
  { zh: '分派人', en: 'Assigned by', value: (x) => x.createdByName, width: 12 },
  { zh: '创建时间', en: 'Created', value: (x) => new Date(x.createdAt), width: 17 },
];

/** The task list's rows for an export, in the list's order (what the principal may see, as the list; its refusals before the first byte). */
export function taskExportFor(
  db: Executor,
  principal: Principal,
  filters: Omit<TaskListQuery, 'page' | 'pageSize'>,
  now = new Date(),
): Promise<AsyncIterable<TaskView[]>> {
  return primed(pagedBatches(async (page, pageSize) => (await listTasksFor(db, principal, { ...filters, page, pageSize }, now)).items));
}

/** The inbox's rows for an export (its tab's statuses; assigned to the reader and visible to them; refusals first). */
export function taskInboxExportFor(
  db: Executor,
  principal: Principal,
  query: { status?: TaskStatus[] },
  now = new Date(),
): Promise<AsyncIterable<TaskView[]>> {
  return primed(
    pagedBatches((page, pageSize) => inboxPageFor(db, principal, query, { limit: pageSize, offset: (page - 1) * pageSize }, now)),
  );
}
