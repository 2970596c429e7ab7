/**
 * The plans feature's pages and navigation entry: emergency plans (list, detail with versions and approval,
 * editor, print view).
 */
import { BookOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature-module.ts';
import { RIGHTS } from '../../app/auth.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const PlansPage = page(() => import('./plans-page.tsx'), 'PlansPage');
const PlanPage = page(() => import('./plan-page.tsx'), 'PlanPage');
const PlanEditorPage = page(() => import('./plan-editor-page.tsx'), 'PlanEditorPage');
const PlanPrintPage = page(() => import('./plan-print-page.tsx'), 'PlanPrintPage');

export const plansModule: FeatureModule = {
  routes: [
    { path: 'plans', element: guarded(PlansPage, RIGHTS.plansRead) },
    { path: 'plans/new', element: guarded(PlanEditorPage, RIGHTS.plansManage) },
    { path: 'plans/:id', element: guarded(PlanPage, RIGHTS.plansRead) },
    { path: 'plans/:id/versions/:versionId/edit', element: guarded(PlanEditorPage, RIGHTS.plansManage) },
    { path: 'plans/:id/versions/:versionId/print', element: guarded(PlanPrintPage, RIGHTS.plansRead) },
  ],
  nav: [
    {
      key: 'plans',
      path: '/plans',
      module: 'plans',
      right: RIGHTS.plansRead,
      label: 'plans.nav.list',
      group: 'nav.response',
      icon: <BookOutlined />,
    },
  ],
};
