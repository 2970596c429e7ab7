/**
 * The imports feature's pages and navigation entries: the case line-list import wizard with its history, and
 * one import's details.
 */
import { CloudUploadOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature-module.ts';
import { RIGHTS } from '../../app/auth.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const ImportsPage = page(() => import('./imports-page.tsx'), 'ImportsPage');
const ImportPage = page(() => import('./import-page.tsx'), 'ImportPage');

export const importsModule: FeatureModule = {
  routes: [
    { path: 'imports', element: guarded(ImportsPage, RIGHTS.casesImport) },
    { path: 'imports/:id', element: guarded(ImportPage, null) },
  ],
  nav: [
    {
      key: 'imports',
      path: '/imports',
      module: 'imports',
      right: RIGHTS.casesImport,
      label: 'imports.nav.import',
      group: 'nav.surveillance',
      icon: <CloudUploadOutlined />,
    },
  ],
};
