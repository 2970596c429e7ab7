/**
 * The signed-in area's gate, which renders the app shell. Kept apart from guards.tsx (RequireRight), which the
 * feature modules use: the shell builds its menu from the feature modules, so a module importing the shell's file
 * would close an import cycle.
 */
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { useMe } from './auth.ts';
import { translateError } from './errors.ts';
import { PageSpinner } from './page-spinner.tsx';
import { AppShell } from './shell/app-shell.tsx';

/** Signed-in area: unauthenticated visitors go to sign-in and come back to where they were heading. */
export function RequireAuth() {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return <PageSpinner />;
  if (me.isError) return <Alert type="error" showIcon style={{ margin: 48 }} message={translateError(t, me.error)} />;
  if (!me.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <AppShell me={me.data} />;
}
