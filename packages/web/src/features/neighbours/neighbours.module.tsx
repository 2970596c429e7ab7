/**
 * The neighbours feature's pages and navigation entries: links with neighbouring districts' platforms (list,
 * one link with its agreement and delivery) and the inbox of their case notifications (preview, accept, reject).
 */
import { AlertOutlined, ApartmentOutlined, InboxOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature-module.ts';
import { RIGHTS } from '../../app/auth.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const NeighboursPage = page(() => import('./neighbours-page.tsx'), 'NeighboursPage');
const NeighbourPage = page(() => import('./neighbour-page.tsx'), 'NeighbourPage');
const InboxPage = page(() => import('./inbox-page.tsx'), 'InboxPage');
const PreviewPage = page(() => import('./preview-page.tsx'), 'PreviewPage');
const BorderAlertsPage = page(() => import('./border-alerts-page.tsx'), 'BorderAlertsPage');
const ContactPreviewPage = page(() => import('./contact-preview-page.tsx'), 'ContactPreviewPage');

export const neighboursModule: FeatureModule = {
  routes: [
    { path: 'neighbours', element: guarded(NeighboursPage, RIGHTS.neighboursRead) },
    { path: 'neighbours/inbox', element: guarded(InboxPage, RIGHTS.neighboursInbox) },
    { path: 'neighbours/inbox/:id', element: guarded(PreviewPage, RIGHTS.neighboursInbox) },
    { path: 'neighbours/alerts', element: guarded(BorderAlertsPage, RIGHTS.alertsRead) },
    { path: 'neighbours/:id', element: guarded(NeighbourPage, RIGHTS.neighboursRead) },
    { path: 'neighbours/inbox/contacts/:id', element: guarded(ContactPreviewPage, RIGHTS.neighboursInbox) },
  ],
  nav: [
    {
      key: 'neighbours',
      path: '/neighbours',
      module: 'neighbours',
      right: RIGHTS.neighboursRead,
      label: 'neighbours.nav.links',
      group: 'nav.response',
      icon: <ApartmentOutlined />,
    },
    {
      key: 'neighbours-inbox',
      path: '/neighbours/inbox',
      module: 'neighbours',
      right: RIGHTS.neighboursInbox,
      label: 'neighbours.nav.inbox',
      group: 'nav.response',
      icon: <InboxOutlined />,
    },
    {
      key: 'neighbours-alerts',
      path: '/neighbours/alerts',
      module: 'neighbours',
      right: RIGHTS.alertsRead,
      label: 'neighbours.nav.alerts',
      group: 'nav.surveillance',
      icon: <AlertOutlined />,
    },
  ],
};
