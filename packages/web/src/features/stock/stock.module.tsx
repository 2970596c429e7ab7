/**
 * The materials feature's pages and navigation entries: stock by item and site (with the ledger and the
 * catalogue), material requests and one request, and "what if" scenarios (run, save, compare).
 */
import { ExperimentOutlined, InboxOutlined, SendOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature-module.ts';
import { RIGHTS } from '../../app/auth.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const StockPage = page(() => import('./stock-page.tsx'), 'StockPage');
const RequestsPage = page(() => import('./requests-page.tsx'), 'RequestsPage');
const RequestPage = page(() => import('./request-page.tsx'), 'RequestPage');
const ScenariosPage = page(() => import('./scenarios-page.tsx'), 'ScenariosPage');

export const stockModule: FeatureModule = {
  routes: [
    { path: 'stock', element: guarded(StockPage, RIGHTS.stockRead) },
    { path: 'stock/requests', element: guarded(RequestsPage, RIGHTS.stockRead) },
    { path: 'stock/requests/:id', element: guarded(RequestPage, RIGHTS.stockRead) },
    { path: 'stock/scenarios', element: guarded(ScenariosPage, RIGHTS.modelsRun) },
  ],
  nav: [
    {
      key: 'stock',
      path: '/stock',
      module: 'stock',
      right: RIGHTS.stockRead,
      label: 'stock.nav.stock',
      group: 'nav.response',
      icon: <InboxOutlined />,
    },
    {
      key: 'stock-requests',
      path: '/stock/requests',
      module: 'stock',
      right: RIGHTS.stockRead,
      label: 'stock.nav.requests',
      group: 'nav.response',
      icon: <SendOutlined />,
    },
    {
      key: 'stock-scenarios',
      path: '/stock/scenarios',
      module: 'stock',
      right: RIGHTS.modelsRun,
      label: 'stock.nav.scenarios',
      group: 'nav.response',
      icon: <ExperimentOutlined />,
    },
  ],
};
