import { Alert, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { hasRight, useMe } from './auth.ts';
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

/** A page the user lacks the right for says so, rather than failing request by request. */
export function RequireRight({ right, children }: { right: string | null; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  if (right !== null && !hasRight(me.data, right)) {
    return <Result status="403" title={t('errors.forbidden')} subTitle={t('common.noRight')} />;
  }
  return <>{children}</>;
}
