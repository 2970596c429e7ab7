/**
 * The volunteers feature's pages: the registry (/volunteers), one volunteer (/volunteers/:id) and a volunteer's own
 * page (/volunteers/me).
 */
import { TeamOutlined, UserOutlined } from '@ant-design/icons';
import { RIGHTS } from '../../app/auth.ts';
import type { FeatureModule } from '../../app/feature-module.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const VolunteersPage = page(() => import('./volunteers-page.tsx'), 'VolunteersPage');
const VolunteerPage = page(() => import('./volunteer-page.tsx'), 'VolunteerPage');
const MyVolunteeringPage = page(() => import('./my-volunteering-page.tsx'), 'MyVolunteeringPage');

export const volunteersModule: FeatureModule = {
  routes: [
    { path: 'volunteers', element: guarded(VolunteersPage, RIGHTS.volunteersRead) },
    { path: 'volunteers/me', element: guarded(MyVolunteeringPage, RIGHTS.volunteersSelf) },
    { path: 'volunteers/:id', element: guarded(VolunteerPage, RIGHTS.volunteersRead) },
  ],
  nav: [
    {
      key: 'volunteers',
      path: '/volunteers',
      module: 'volunteers',
      right: RIGHTS.volunteersRead,
      label: 'volunteers.nav.registry',
      group: 'nav.response',
      icon: <TeamOutlined />,
    },
    {
      key: 'volunteers-me',
      path: '/volunteers/me',
      module: 'volunteers',
      right: RIGHTS.volunteersSelf,
      label: 'volunteers.nav.me',
      group: 'nav.response',
      icon: <UserOutlined />,
    },
  ],
};
