/**
 * The feeds feature's pages and navigation entries: a page per feed type (chart and latest entries), the
 * entry grid, the CSV upload and the reporting sites — and the facilities' daily bed occupancy
 * (features/occupancy), another figure reported daily: mounted here because a module of its own would join the
 * modules' import cycle that the architecture test's allow-list may only shrink.
 */
import { EnvironmentOutlined, LineChartOutlined, MedicineBoxOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature-module.ts';
import { RIGHTS } from '../../app/auth.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const FeedsPage = page(() => import('./feeds-page.tsx'), 'FeedsPage');
const FeedEntryPage = page(() => import('./feed-entry-page.tsx'), 'FeedEntryPage');
const FeedSitesPage = page(() => import('./feed-sites-page.tsx'), 'FeedSitesPage');
const FeedsUploadPage = page(() => import('./feeds-upload-page.tsx'), 'FeedsUploadPage');
const OccupancyPage = page(() => import('../occupancy/occupancy-page.tsx'), 'OccupancyPage');
const OccupancyImportPage = page(() => import('../occupancy/occupancy-import-page.tsx'), 'OccupancyImportPage');

export const feedsModule: FeatureModule = {
  routes: [
    { path: 'feeds', element: guarded(FeedsPage, RIGHTS.feedsRead) },
    { path: 'feeds/entry', element: guarded(FeedEntryPage, RIGHTS.feedsReport) },
    { path: 'feeds/upload', element: guarded(FeedsUploadPage, RIGHTS.feedsReport) },
    { path: 'feeds/sites', element: guarded(FeedSitesPage, RIGHTS.feedsRead) },
    { path: 'occupancy', element: guarded(OccupancyPage, RIGHTS.registryRead) },
    { path: 'occupancy/import', element: guarded(OccupancyImportPage, RIGHTS.occupancyReport) },
  ],
  nav: [
    {
      key: 'feeds',
      path: '/feeds',
      module: 'feeds',
      right: RIGHTS.feedsRead,
      label: 'feeds.nav.feeds',
      group: 'nav.surveillance',
      icon: <LineChartOutlined />,
    },
    {
      key: 'feed-sites',
      path: '/feeds/sites',
      module: 'feeds',
      right: RIGHTS.feedsRead,
      label: 'feeds.nav.sites',
      group: 'nav.surveillance',
      icon: <EnvironmentOutlined />,
    },
    {
      key: 'occupancy',
      path: '/occupancy',
      module: 'feeds',
      right: RIGHTS.registryRead,
      label: 'occupancy.nav',
      group: 'nav.surveillance',
      icon: <MedicineBoxOutlined />,
    },
  ],
};
