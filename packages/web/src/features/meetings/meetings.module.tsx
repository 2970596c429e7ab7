/**
 * The meetings feature's pages and navigation entry: joint prevention and control meetings (list and one meeting).
 */
import { TeamOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature-module.ts';
import { RIGHTS } from '../../app/auth.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const MeetingsPage = page(() => import('./meetings-page.tsx'), 'MeetingsPage');
const MeetingPage = page(() => import('./meeting-page.tsx'), 'MeetingPage');

export const meetingsModule: FeatureModule = {
  routes: [
    { path: 'meetings', element: guarded(MeetingsPage, RIGHTS.incidentsRead) },
    { path: 'meetings/:id', element: guarded(MeetingPage, RIGHTS.incidentsRead) },
  ],
  nav: [
    {
      key: 'meetings',
      path: '/meetings',
      module: 'meetings',
      right: RIGHTS.incidentsRead,
      label: 'meetings.nav.list',
      group: 'nav.response',
      icon: <TeamOutlined />,
    },
  ],
};
