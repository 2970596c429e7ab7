/**
 * Psychological assistance (docs/psych.md): the aggregates for everyone; the hotline, clients, tasks,
 * referrals, group sessions and settings (cut-offs, retention) for the team; break-glass review for the team lead;
 * the receiving facility's referral answers for its own staff. The client's self-screening page
 * (`/screen/:token`, no sign-in) is `selfScreenRoute`, mounted outside the signed-in layout by router.tsx.
 */
import {
  AlertOutlined,
  HeartOutlined,
  InboxOutlined,
  PhoneOutlined,
  ScheduleOutlined,
  SendOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Suspense } from 'react';
import type { RouteObject } from 'react-router';
import type { FeatureModule } from '../../app/feature-module.ts';
import { RIGHTS } from '../../app/auth.ts';
import { guarded, page, pageFallback } from '../../app/route-helpers.tsx';

const OverviewPage = page(() => import('./overview-page.tsx'), 'PsychOverviewPage');
const HotlinePage = page(() => import('./hotline-page.tsx'), 'HotlinePage');
const ClientsPage = page(() => import('./clients-page.tsx'), 'PsychClientsPage');
const ClientPage = page(() => import('./client-page.tsx'), 'PsychClientPage');
const TasksPage = page(() => import('./tasks-page.tsx'), 'PsychTasksPage');
const ReferralsPage = page(() => import('./referrals-page.tsx'), 'PsychReferralsPage');
const BreakGlassPage = page(() => import('./break-glass-page.tsx'), 'BreakGlassPage');
const SelfScreenPage = page(() => import('./screen-page.tsx'), 'SelfScreenPage');
const GroupsPage = page(() => import('./groups-page.tsx'), 'PsychGroupsPage');
const SettingsPage = page(() => import('./settings-page.tsx'), 'PsychSettingsPage');
const FacilityReferralsPage = page(() => import('./facility-referrals-page.tsx'), 'PsychFacilityReferralsPage');

/** The one-time self-screening link's page: public, phone first. */
export const selfScreenRoute: RouteObject = {
  path: '/screen/:token',
  element: (
    <Suspense fallback={pageFallback}>
      <SelfScreenPage />
    </Suspense>
  ),
};

const group = 'nav.response';

export const psychModule: FeatureModule = {
  routes: [
    { path: 'psych', element: guarded(OverviewPage, RIGHTS.dashboardRead) },
    { path: 'psych/hotline', element: guarded(HotlinePage, RIGHTS.counsellingRead) },
    { path: 'psych/clients', element: guarded(ClientsPage, RIGHTS.counsellingRead) },
    // a break-glass reader holds no counselling.read: the server decides (404 without a live grant)
    { path: 'psych/clients/:id', element: guarded(ClientPage, null) },
    { path: 'psych/tasks', element: guarded(TasksPage, RIGHTS.counsellingRead) },
    { path: 'psych/referrals', element: guarded(ReferralsPage, RIGHTS.counsellingRead) },
    { path: 'psych/break-glass', element: guarded(BreakGlassPage, RIGHTS.counsellingLead) },
    { path: 'psych/groups', element: guarded(GroupsPage, RIGHTS.counsellingRead) },
    { path: 'psych/settings', element: guarded(SettingsPage, RIGHTS.counsellingRead) },
    { path: 'psych/facility-referrals', element: guarded(FacilityReferralsPage, RIGHTS.counsellingReferrals) },
  ],
  nav: [
    {
      key: 'psych',
      path: '/psych',
      module: 'psych',
      right: RIGHTS.dashboardRead,
      label: 'psych.nav.overview',
      group,
      icon: <HeartOutlined />,
    },
    {
      key: 'psych-hotline',
      path: '/psych/hotline',
      module: 'psych',
      right: RIGHTS.counsellingRead,
      label: 'psych.nav.hotline',
      group,
      icon: <PhoneOutlined />,
    },
    {
      key: 'psych-clients',
      path: '/psych/clients',
      module: 'psych',
      right: RIGHTS.counsellingRead,
      label: 'psych.nav.clients',
      group,
      icon: <UserOutlined />,
    },
    {
      key: 'psych-tasks',
      path: '/psych/tasks',
      module: 'psych',
      right: RIGHTS.counsellingRead,
      label: 'psych.nav.tasks',
      group,
      icon: <ScheduleOutlined />,
    },
    {
      key: 'psych-referrals',
      path: '/psych/referrals',
      module: 'psych',
      right: RIGHTS.counsellingRead,
      label: 'psych.nav.referrals',
      group,
      icon: <SendOutlined />,
    },
    {
      key: 'psych-break-glass',
      path: '/psych/break-glass',
      module: 'psych',
      right: RIGHTS.counsellingLead,
      label: 'psych.nav.breakGlass',
      group,
      icon: <AlertOutlined />,
    },
    {
      key: 'psych-groups',
      path: '/psych/groups',
      module: 'psych',
      right: RIGHTS.counsellingRead,
      label: 'psych.nav.groups',
      group,
      icon: <TeamOutlined />,
    },
    {
      key: 'psych-settings',
      path: '/psych/settings',
      module: 'psych',
      right: RIGHTS.counsellingRead,
      label: 'psych.nav.settings',
      group,
      icon: <SettingOutlined />,
    },
    {
      key: 'psych-facility-referrals',
      path: '/psych/facility-referrals',
      module: 'psych',
      right: RIGHTS.counsellingReferrals,
      label: 'psych.nav.facilityReferrals',
      group,
      icon: <InboxOutlined />,
    },
  ],
};
