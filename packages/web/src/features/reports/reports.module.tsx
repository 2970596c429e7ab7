/**
 * The reports feature's pages and navigation entry: situation reports (list, one report, its print view) and the
 * incident command dashboard (/incidents/:id/command), whose figures come from this feature's command summary.
 */
import { FileTextOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature-module.ts';
import { RIGHTS } from '../../app/auth.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const ReportsPage = page(() => import('./reports-page.tsx'), 'ReportsPage');
const ReportPage = page(() => import('./report-page.tsx'), 'ReportPage');
const ReportPrintPage = page(() => import('./report-print-page.tsx'), 'ReportPrintPage');
const CommandPage = page(() => import('./command-page.tsx'), 'CommandPage');

export const reportsModule: FeatureModule = {
  routes: [
    { path: 'reports', element: guarded(ReportsPage, RIGHTS.reportsRead) },
    { path: 'reports/:id', element: guarded(ReportPage, RIGHTS.reportsRead) },
    { path: 'reports/:id/print', element: guarded(ReportPrintPage, RIGHTS.reportsRead) },
    { path: 'incidents/:id/command', element: guarded(CommandPage, RIGHTS.incidentsRead) },
  ],
  nav: [
    {
      key: 'reports',
      path: '/reports',
      module: 'reports',
      right: RIGHTS.reportsRead,
      label: 'reports.nav.list',
      group: 'nav.response',
      icon: <FileTextOutlined />,
    },
  ],
};
