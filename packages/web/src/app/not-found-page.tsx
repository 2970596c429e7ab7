import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** Shown for unknown paths and for records the server answers 404 for (which includes out-of-scope ones). */
export function NotFoundPage({ backTo = '/' }: { backTo?: string }) {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('common.notFoundTitle')}
      subTitle={t('common.notFound')}
      extra={
        <Link to={backTo}>
          <Button type="primary">{t('common.back')}</Button>
        </Link>
      }
    />
  );
}
