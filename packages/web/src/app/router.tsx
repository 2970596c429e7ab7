import { Suspense } from 'react';
import { createBrowserRouter } from 'react-router';
import { RIGHTS } from './auth.ts';
import { FEATURE_MODULES } from './feature-modules.ts';
import { RequireAuth } from './require-auth.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { guarded, page, pageFallback } from './route-helpers.tsx';
import { LandingRoute } from './landing.tsx';
import { selfScreenRoute } from '../features/psych/psych.module.tsx';

const SignInPage = page(() => import('../features/auth/sign-in-page.tsx'), 'SignInPage');
const DashboardPage = page(() => import('../features/dashboard/dashboard-page.tsx'), 'DashboardPage');
const JurisdictionsPage = page(() => import('../features/jurisdictions/jurisdictions-page.tsx'), 'JurisdictionsPage');
const AgenciesPage = page(() => import('../features/agencies/agencies-page.tsx'), 'AgenciesPage');
const AgencyPage = page(() => import('../features/agencies/agency-page.tsx'), 'AgencyPage');
const FacilitiesPage = page(() => import('../features/facilities/facilities-page.tsx'), 'FacilitiesPage');
const FacilityPage = page(() => import('../features/facilities/facility-page.tsx'), 'FacilityPage');
const UsersPage = page(() => import('../features/users/users-page.tsx'), 'UsersPage');
const AuditPage = page(() => import('../features/audit/audit-page.tsx'), 'AuditPage');

const fallback = pageFallback;

export const router = createBrowserRouter([
  {
    path: '/sign-in',
    element: (
      <Suspense fallback={fallback}>
        <SignInPage />
      </Suspense>
    ),
  },
  // a client's one-time self-screening link: no sign-in (psychological assistance)
  selfScreenRoute,
  {
    path: '/',
    element: <RequireAuth />,
    children: [
      { index: true, element: <LandingRoute dashboard={guarded(DashboardPage, RIGHTS.dashboardRead)} /> },
      { path: 'registry/jurisdictions', element: guarded(JurisdictionsPage, RIGHTS.registryRead) },
      { path: 'registry/agencies', element: guarded(AgenciesPage, RIGHTS.registryRead) },
      { path: 'registry/agencies/:id', element: guarded(AgencyPage, RIGHTS.registryRead) },
      { path: 'registry/facilities', element: guarded(FacilitiesPage, RIGHTS.registryRead) },
      { path: 'registry/facilities/:id', element: guarded(FacilityPage, RIGHTS.registryRead) },
      { path: 'admin/users', element: guarded(UsersPage, RIGHTS.usersManage) },
      { path: 'admin/audit', element: guarded(AuditPage, RIGHTS.auditRead) },
      ...FEATURE_MODULES.flatMap((module) => module.routes),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
