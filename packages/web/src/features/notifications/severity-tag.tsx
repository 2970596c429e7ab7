import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Severity } from './notifications-api.ts';

const COLOURS: Record<Severity, string> = { info: 'blue', warning: 'orange', critical: 'red' };

export function SeverityTag({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return <Tag color={COLOURS[severity]}>{t(`notifications.severities.${severity}`)}</Tag>;
}
