/**
 * The root route `/`: the dashboard for users who hold its right, otherwise a redirect to the first page of the
 * navigation they may open (`landingPath`), so a volunteer or a counsellor does not land on a 403 after sign-in.
 */
import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { RIGHTS, hasRight, useMe, useModules } from './auth.ts';
import { RequireRight } from './guards.tsx';
import { landingPath } from './navigation.ts';
import { PageSpinner } from './page-spinner.tsx';

export function LandingRoute({ dashboard }: { dashboard: ReactNode }) {
  const me = useMe();
  const modules = useModules();
  if (hasRight(me.data, RIGHTS.dashboardRead)) return <>{dashboard}</>;
  if (me.isPending || modules.isPending) return <PageSpinner />;
  const path = landingPath(me.data, modules.data);
  if (path && path !== '/') return <Navigate to={path} replace />;
  // no page at all: the 403 page says so
  return <RequireRight right={RIGHTS.dashboardRead}>{dashboard}</RequireRight>;
}
