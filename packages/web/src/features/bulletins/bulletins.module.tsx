/**
 * The bulletins feature (information disclosure): bulletins with their workflow, and the registers (risk areas,
 * rumours, what the public sent). The public portal is a separate entry (/portal/, src/portal/), not part of this.
 */
import { NotificationOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature-module.ts';
import { RIGHTS } from '../../app/auth.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const BulletinsPage = page(() => import('./bulletins-page.tsx'), 'BulletinsPage');
const BulletinPage = page(() => import('./bulletin-page.tsx'), 'BulletinPage');
const RegistersPage = page(() => import('./registers-page.tsx'), 'RegistersPage');

export const bulletinsModule: FeatureModule = {
  routes: [
    { path: 'bulletins', element: guarded(BulletinsPage, RIGHTS.bulletinsRead) },
    { path: 'bulletins/registers', element: guarded(RegistersPage, RIGHTS.bulletinsRead) },
    { path: 'bulletins/rumours', element: guarded(RegistersPage, RIGHTS.bulletinsRead) },
    { path: 'bulletins/submissions', element: guarded(RegistersPage, RIGHTS.bulletinsRead) },
    { path: 'bulletins/:id', element: guarded(BulletinPage, RIGHTS.bulletinsRead) },
  ],
  nav: [
    {
      key: 'bulletins',
      path: '/bulletins',
      module: 'bulletins',
      right: RIGHTS.bulletinsRead,
      label: 'bulletins.nav.list',
      group: 'nav.response',
      icon: <NotificationOutlined />,
    },
  ],
};
