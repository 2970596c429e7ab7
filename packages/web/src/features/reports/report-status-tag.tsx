import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReportStatus } from './reports-api.ts';

const COLOURS: Record<ReportStatus, string> = { draft: 'default', submitted: 'processing', approved: 'success', archived: 'purple' };

/** A report's status with its version ("已审核 · 第2版"). */
export function ReportStatusTag({ status, version }: { status: ReportStatus; version: number }) {
  const { t } = useTranslation();
  return <Tag color={COLOURS[status]}>{t('reports.statusVersion', { status: t(`reports.status.${status}`), version })}</Tag>;
}
