/**
 * The alerts feature's pages: the inbox (/alerts) and one alert (/alerts/:id), for holders of alerts.read; the
 * "report an event" form (/alerts/report-event) for holders of events.report.
 */
import { AlertOutlined, FormOutlined } from '@ant-design/icons';
import { RIGHTS } from '../../app/auth.ts';
import type { FeatureModule } from '../../app/feature-module.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const AlertsPage = page(() => import('./alerts-page.tsx'), 'AlertsPage');
const AlertPage = page(() => import('./alert-page.tsx'), 'AlertPage');
const EventReportPage = page(() => import('./event-report-page.tsx'), 'EventReportPage');

export const alertsModule: FeatureModule = {
  routes: [
    { path: 'alerts', element: guarded(AlertsPage, RIGHTS.alertsRead) },
    { path: 'alerts/report-event', element: guarded(EventReportPage, RIGHTS.eventsReport) },
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
    // event-based surveillance: the township officer's own way in (a school cluster, a market, a rumour)
    {
      key: 'report-event',
      path: '/alerts/report-event',
      module: 'alerts',
      right: RIGHTS.eventsReport,
      label: 'eventReports.nav',
      group: 'nav.surveillance',
      icon: <FormOutlined />,
    },
  ],
};
