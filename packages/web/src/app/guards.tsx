import { Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRight, useMe } from './auth.ts';

/** A page the user lacks the right for says so, rather than failing request by request. */
export function RequireRight({ right, children }: { right: string | null; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  if (right !== null && !hasRight(me.data, right)) {
    return <Result status="403" title={t('errors.forbidden')} subTitle={t('common.noRight')} />;
  }
  return <>{children}</>;
}
