/**
 * The response vocabulary a plan is written in: the response levels it defines and the priorities of its
 * measures. Plans are the lowest of the response features (incidents enter a plan's levels, tasks carry out its
 * measures), so the words are defined here once; incidents and tasks re-export them from their tables.
 */

/** Response levels, most severe first (DOMAIN.md §4). */
export const RESPONSE_LEVELS = ['I', 'II', 'III', 'IV'] as const;
export type ResponseLevel = (typeof RESPONSE_LEVELS)[number];

/** How urgent a task is; a plan measure's priority becomes the priority of the task made from it. */
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
