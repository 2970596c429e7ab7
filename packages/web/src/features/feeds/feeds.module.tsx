/**
 * The feeds feature's pages and navigation entries: a page per feed type (chart and latest entries), the
 * entry grid, the CSV upload and the reporting sites.
 */
import { EnvironmentOutlined, LineChartOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature-module.ts';
import { RIGHTS } from '../../app/auth.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const FeedsPage = page(() => import('./feeds-page.tsx'), 'FeedsPage');
const FeedEntryPage = page(() => import('./feed-entry-page.tsx'), 'FeedEntryPage');
const FeedSitesPage = page(() => import('./feed-sites-page.tsx'), 'FeedSitesPage');
const FeedsUploadPage = page(() => import('./feeds-upload-page.tsx'), 'FeedsUploadPage');

export const feedsModule: FeatureModule = {
  routes: [
    { path: 'feeds', element: guarded(FeedsPage, RIGHTS.feedsRead) },
    { path: 'feeds/entry', element: guarded(FeedEntryPage, RIGHTS.feedsReport) },
    { path: 'feeds/upload', element: guarded(FeedsUploadPage, RIGHTS.feedsReport) },
    { path: 'feeds/sites', element: guarded(FeedSitesPage, RIGHTS.feedsRead) },
  ],
  nav: [
    { key: 'feeds', path: '/feeds', module: 'feeds', right: RIGHTS.feedsRead, label: 'feeds.nav.feeds', group: 'nav.surveillance', icon: <LineChartOutlined /> },
    { key: 'feed-sites', path: '/feeds/sites', module: 'feeds', right: RIGHTS.feedsRead, label: 'feeds.nav.sites', group: 'nav.surveillance', icon: <EnvironmentOutlined /> },
  ],
};
