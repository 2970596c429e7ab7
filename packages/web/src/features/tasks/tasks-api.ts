/**
 * The tasks API as TanStack Query hooks (server: packages/server/src/features/tasks/tasks.routes.ts). Every
 * query key starts with 'tasks', so `useLiveInvalidate('tasks', [['tasks']])` refreshes them all.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { Schemas, FiltersOf } from '../../api/contract.ts';

export const TASK_STATUSES = ['assigned', 'accepted', 'in_progress', 'done', 'rejected', 'blocked', 'cancelled'] as const;
export type TaskStatus = Schemas['TaskStatus'];
export const OPEN_STATUSES: TaskStatus[] = ['assigned', 'accepted', 'in_progress', 'blocked'];
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = Schemas['TaskPriority'];
export const TASK_ACTIONS = ['accept', 'start', 'complete', 'reject', 'block', 'reopen'] as const;
export type TaskAction = Schemas['TaskAction'];
/** Actions that need a reason. */
export const REASON_ACTIONS: TaskAction[] = ['reject', 'block'];

export const STATUS_COLOURS: Record<TaskStatus, string> = {
  assigned: 'blue',
  accepted: 'cyan',
  in_progress: 'processing',
  done: 'success',
  rejected: 'volcano',
  blocked: 'error',
  cancelled: 'default',
};
export const PRIORITY_COLOURS: Record<TaskPriority, string> = { low: 'default', normal: 'blue', high: 'orange', urgent: 'red' };

export type ChecklistItem = Schemas['Task']['checklist'][number];

export type Task = Schemas['Task'];

export type TaskNote = Schemas['TaskNote'];

export type TaskDetail = Schemas['TaskDetail'];

export type TaskBoard = Schemas['TaskBoard'];

export type Recurrence = Schemas['TaskRecurrence'];

/** What the create forms send (POST /api/tasks, or each item of POST /api/tasks/bulk). */
export type TaskInput = Schemas['TaskCreate'];

export type TaskListFilter = FiltersOf<'/api/tasks'>;

export function useTaskInbox(status?: string) {
  return useQuery({
    queryKey: ['tasks', 'inbox', status ?? ''],
    queryFn: () => api.get<{ items: Task[]; total: number }>('/api/tasks/inbox', { status }),
    placeholderData: keepPreviousData,
  });
}

export function useTasks(filter: TaskListFilter, enabled = true) {
  return useQuery({
    queryKey: ['tasks', 'list', filter],
    queryFn: () => api.get<{ items: Task[]; total: number }>('/api/tasks', { ...filter }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useTask(id: string | undefined) {
  return useQuery({
    queryKey: ['tasks', 'one', id],
    queryFn: () => api.get<TaskDetail>(`/api/tasks/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
}

export function useTaskBoard(incidentId: string | undefined) {
  return useQuery({
    queryKey: ['tasks', 'board', incidentId],
    queryFn: () => api.get<TaskBoard>('/api/tasks/board', { incidentId }),
    enabled: Boolean(incidentId),
  });
}

export function useRecurrences(incidentId?: string) {
  return useQuery({
    queryKey: ['tasks', 'recurrences', incidentId ?? ''],
    queryFn: () => api.get<{ items: Recurrence[] }>('/api/task-recurrences', { incidentId }),
  });
}

/** Open incidents, for the incident pickers of the forms. */
export function useOpenIncidents() {
  return useQuery({
    queryKey: ['tasks', 'incident-options'],
    queryFn: () =>
      api.get<{ items: { id: string; code: string; title: string; status: string; jurisdictionId: string }[] }>('/api/incidents', {
        status: 'open',
        pageSize: 100,
      }),
    staleTime: 60_000,
  });
}

/** People the user may assign tasks to by name (tasks.assign), matching `q`. */
export function useAssignablePeople(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['tasks', 'assignees', q],
    queryFn: () =>
      api.get<{ items: { id: string; displayName: string; username: string; agencyName: string | null; agencyNameEn: string | null }[] }>(
        '/api/tasks/assignees',
        { q: q || undefined },
      ),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** A mutation that refreshes every tasks query when it succeeds. */
export function useTaskMutation<V, R>(fn: (values: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: ['tasks'] }),
  });
}

export const taskApi = {
  create: (input: TaskInput) => api.post<Task>('/api/tasks', input),
  bulk: (tasks: TaskInput[]) => api.post<{ items: Task[] }>('/api/tasks/bulk', { tasks }),
  transition: (id: string, action: TaskAction, text: { reason?: string; result?: string } = {}) =>
    api.post<Task>(`/api/tasks/${id}/transition`, {
      action,
      ...(text.reason ? { reason: text.reason } : {}),
      ...(text.result ? { result: text.result } : {}),
    }),
  patch: (id: string, patch: Partial<TaskInput> & { reason?: string }) => api.patch<Task>(`/api/tasks/${id}`, patch),
  cancel: (id: string, reason: string) => api.post<Task>(`/api/tasks/${id}/cancel`, { reason }),
  checklist: (id: string, index: number, done: boolean) => api.put<Task>(`/api/tasks/${id}/checklist/${index}`, { done }),
  note: (id: string, body: string) => api.post<TaskNote>(`/api/tasks/${id}/notes`, { body }),
  createRecurrence: (input: object) => api.post<Recurrence>('/api/task-recurrences', input),
  patchRecurrence: (id: string, patch: { active?: boolean; endsOn?: string | null }) =>
    api.patch<Recurrence>(`/api/task-recurrences/${id}`, patch),
};

/** The assignee's name in the UI language. */
export function assigneeName(
  task: Pick<
    Task,
    'assigneeAgencyName' | 'assigneeAgencyNameEn' | 'assigneeJurisdictionName' | 'assigneeJurisdictionNameEn' | 'assigneeUserName'
  >,
  language: string,
): string {
  const en = language.startsWith('en');
  const parts = [
    en ? task.assigneeAgencyNameEn : task.assigneeAgencyName,
    en ? task.assigneeJurisdictionNameEn : task.assigneeJurisdictionName,
    task.assigneeUserName,
  ].filter(Boolean);
  return parts.join(' · ') || '—';
}

/**
 * The assignment form's field for a server error path: one form creates one task per assignee, so
 * 'tasks.2.assigneeAgencyId' (bulk) and 'assigneeAgencyId' (single) both belong to the agencies picker.
 */
export function taskFormField(path: string): string {
  const bare = path.replace(/^tasks\.\d+\./, '');
  if (bare.startsWith('assigneeAgencyId')) return 'assigneeAgencyIds';
  if (bare.startsWith('assigneeJurisdictionId') || bare.startsWith('jurisdictionId')) return 'assigneeJurisdictionIds';
  if (bare.startsWith('assigneeUserId')) return 'assigneeUserIds';
  return bare.split('.')[0]!;
}
