/**
 * The incidents feature's pages and navigation entry: incidents list, opening one (by hand or from a confirmed
 * alert: /incidents/new?alertId=…), and the incident under command. The task board (/incidents/:id/tasks) and
 * the command dashboard (/incidents/:id/command) belong to the tasks and reports features.
 */
import { AlertOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature-module.ts';
import { RIGHTS } from '../../app/auth.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const IncidentsPage = page(() => import('./incidents-page.tsx'), 'IncidentsPage');
const IncidentNewPage = page(() => import('./incident-new-page.tsx'), 'IncidentNewPage');
const IncidentPage = page(() => import('./incident-page.tsx'), 'IncidentPage');

export const incidentsModule: FeatureModule = {
  routes: [
    { path: 'incidents', element: guarded(IncidentsPage, RIGHTS.incidentsRead) },
    { path: 'incidents/new', element: guarded(IncidentNewPage, RIGHTS.incidentsCommand) },
    { path: 'incidents/:id', element: guarded(IncidentPage, RIGHTS.incidentsRead) },
  ],
  nav: [
    {
      key: 'incidents',
      path: '/incidents',
      module: 'incidents',
      right: RIGHTS.incidentsRead,
      label: 'incidents.nav.list',
      group: 'nav.response',
      icon: <AlertOutlined />,
    },
  ],
};
