import { type ComponentType, type LazyExoticComponent, Suspense, lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { RIGHTS } from './auth.ts';
import { RequireAuth, RequireRight } from './guards.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { PageSpinner } from './page-spinner.tsx';

// Each feature is its own chunk: a user who only opens the agency list never downloads the map or charts.
function page<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const SignInPage = page(() => import('../features/auth/sign-in-page.tsx'), 'SignInPage');
const DashboardPage = page(() => import('../features/dashboard/dashboard-page.tsx'), 'DashboardPage');
const JurisdictionsPage = page(() => import('../features/jurisdictions/jurisdictions-page.tsx'), 'JurisdictionsPage');
const AgenciesPage = page(() => import('../features/agencies/agencies-page.tsx'), 'AgenciesPage');
const AgencyPage = page(() => import('../features/agencies/agency-page.tsx'), 'AgencyPage');
const FacilitiesPage = page(() => import('../features/facilities/facilities-page.tsx'), 'FacilitiesPage');
const FacilityPage = page(() => import('../features/facilities/facility-page.tsx'), 'FacilityPage');
const UsersPage = page(() => import('../features/users/users-page.tsx'), 'UsersPage');
const AuditPage = page(() => import('../features/audit/audit-page.tsx'), 'AuditPage');

const fallback = <PageSpinner />;

function guarded(Page: ComponentType, right: string | null) {
  return (
    <RequireRight right={right}>
      <Suspense fallback={fallback}>
        <Page />
      </Suspense>
    </RequireRight>
  );
}

export const router = createBrowserRouter([
  {
    path: '/sign-in',
    element: (
      <Suspense fallback={fallback}>
        <SignInPage />
      </Suspense>
    ),
  },
  {
    path: '/',
    element: <RequireAuth />,
    children: [
      { index: true, element: guarded(DashboardPage, RIGHTS.dashboardRead) },
      { path: 'registry/jurisdictions', element: guarded(JurisdictionsPage, RIGHTS.registryRead) },
      { path: 'registry/agencies', element: guarded(AgenciesPage, RIGHTS.registryRead) },
      { path: 'registry/agencies/:id', element: guarded(AgencyPage, RIGHTS.registryRead) },
      { path: 'registry/facilities', element: guarded(FacilitiesPage, RIGHTS.registryRead) },
      { path: 'registry/facilities/:id', element: guarded(FacilityPage, RIGHTS.registryRead) },
      { path: 'admin/users', element: guarded(UsersPage, RIGHTS.usersManage) },
      { path: 'admin/audit', element: guarded(AuditPage, RIGHTS.auditRead) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
