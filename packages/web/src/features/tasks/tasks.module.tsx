/**
 * The tasks feature's pages: my tasks (/tasks: the inbox and every task in scope), one task (/tasks/:id), the
 * assignment form (/tasks/new, one or several assignees), recurring tasks (/tasks/recurring) and the task
 * board of an incident (/incidents/:id/tasks).
 */
import { CheckSquareOutlined } from '@ant-design/icons';
import { RIGHTS } from '../../app/auth.ts';
import type { FeatureModule } from '../../app/feature-module.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const TasksPage = page(() => import('./tasks-page.tsx'), 'TasksPage');
const TaskPage = page(() => import('./task-page.tsx'), 'TaskPage');
const TaskFormPage = page(() => import('./task-form-page.tsx'), 'TaskFormPage');
const RecurrencesPage = page(() => import('./recurrences-page.tsx'), 'RecurrencesPage');
const TaskBoardPage = page(() => import('./task-board-page.tsx'), 'TaskBoardPage');

export const tasksModule: FeatureModule = {
  routes: [
    { path: 'tasks', element: guarded(TasksPage, RIGHTS.tasksRead) },
    { path: 'tasks/new', element: guarded(TaskFormPage, RIGHTS.tasksAssign) },
    { path: 'tasks/recurring', element: guarded(RecurrencesPage, RIGHTS.tasksRead) },
    { path: 'tasks/:id', element: guarded(TaskPage, RIGHTS.tasksRead) },
    { path: 'incidents/:id/tasks', element: guarded(TaskBoardPage, RIGHTS.tasksRead) },
  ],
  nav: [
    {
      key: 'tasks',
      path: '/tasks',
      module: 'tasks',
      right: RIGHTS.tasksRead,
      label: 'tasks.nav.mine',
      group: 'nav.response',
      icon: <CheckSquareOutlined />,
    },
  ],
};
