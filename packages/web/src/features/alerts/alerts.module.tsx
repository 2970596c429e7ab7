/**
 * The alerts feature's pages: the inbox (/alerts) and one alert (/alerts/:id), for holders of alerts.read.
 */
import { AlertOutlined } from '@ant-design/icons';
import { RIGHTS } from '../../app/auth.ts';
import type { FeatureModule } from '../../app/feature-module.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const AlertsPage = page(() => import('./alerts-page.tsx'), 'AlertsPage');
const AlertPage = page(() => import('./alert-page.tsx'), 'AlertPage');

export const alertsModule: FeatureModule = {
  routes: [
    { path: 'alerts', element: guarded(AlertsPage, RIGHTS.alertsRead) },
    { path: 'alerts/:id', element: guarded(AlertPage, RIGHTS.alertsRead) },
  ],
  nav: [
    {
      key: 'alerts',
      path: '/alerts',
      module: 'alerts',
      right: RIGHTS.alertsRead,
      label: 'alerts.nav.inbox',
      group: 'nav.surveillance',
      icon: <AlertOutlined />,
    },
  ],
};
