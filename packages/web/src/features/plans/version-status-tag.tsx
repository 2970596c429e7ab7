import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PlanVersionStatus } from './plans-api.ts';

const COLOURS: Record<PlanVersionStatus, string> = {
  draft: 'default',
  in_review: 'processing',
  returned: 'warning',
  approved: 'success',
  superseded: 'default',
};

export function VersionStatusTag({ status }: { status: PlanVersionStatus }) {
  const { t } = useTranslation();
  return <Tag color={COLOURS[status]}>{t(`plans.status.${status}`)}</Tag>;
}
