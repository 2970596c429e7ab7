/**
 * The public-education feature's pages: materials and campaigns (/education) and one campaign with its events
 * (/education/campaigns/:id).
 */
import { NotificationOutlined } from '@ant-design/icons';
import { RIGHTS } from '../../app/auth.ts';
import type { FeatureModule } from '../../app/feature-module.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const EducationPage = page(() => import('./education-page.tsx'), 'EducationPage');
const CampaignPage = page(() => import('./campaign-page.tsx'), 'CampaignPage');

export const educationModule: FeatureModule = {
  routes: [
    { path: 'education', element: guarded(EducationPage, RIGHTS.educationRead) },
    { path: 'education/campaigns/:id', element: guarded(CampaignPage, RIGHTS.educationRead) },
  ],
  nav: [
    {
      key: 'education',
      path: '/education',
      module: 'education',
      right: RIGHTS.educationRead,
      label: 'education.nav',
      group: 'nav.response',
      icon: <NotificationOutlined />,
    },
  ],
};
