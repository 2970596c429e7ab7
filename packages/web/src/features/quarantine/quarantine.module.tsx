/**
 * The quarantine feature's pages and navigation entry: sites with occupancy and the people in quarantine, and one
 * site's rooms. A contact's quarantine card is `quarantine-panel.tsx` (on the contact page); the dashboard's card
 * is `occupancy-card.tsx`.
 */
import { HomeOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature-module.ts';
import { RIGHTS } from '../../app/auth.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const QuarantinePage = page(() => import('./quarantine-page.tsx'), 'QuarantinePage');
const SitePage = page(() => import('./site-page.tsx'), 'SitePage');

export const quarantineModule: FeatureModule = {
  routes: [
    { path: 'quarantine', element: guarded(QuarantinePage, RIGHTS.quarantineRead) },
    { path: 'quarantine/sites/:id', element: guarded(SitePage, RIGHTS.quarantineRead) },
  ],
  nav: [
    {
      key: 'quarantine',
      path: '/quarantine',
      module: 'quarantine',
      right: RIGHTS.quarantineRead,
      label: 'quarantine.nav.sites',
      group: 'nav.surveillance',
      icon: <HomeOutlined />,
    },
  ],
};
