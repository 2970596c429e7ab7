/**
 * Neighbours' border alerts (alerts.read): alerts on the townships bordering us, shared by adjacent districts,
 * read-only, with their status as the neighbour last sent it (kept in sync when its agreement says so).
 */
import { Alert, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { type BorderAlert, useBorderAlerts } from './neighbours-api.ts';

const LEVEL_COLOURS: Record<string, string> = { red: 'red', orange: 'orange', yellow: 'gold', blue: 'blue' };

export function BorderAlertsPage() {
  const { t, i18n } = useTranslation();
  const alerts = useBorderAlerts();
  const en = i18n.language === 'en';
  return (
    <div>
      <Typography.Title level={3}>{t('neighbours.alerts.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('neighbours.alerts.hint')}</Typography.Paragraph>
      {alerts.error && <Alert type="error" showIcon message={translateError(t, alerts.error)} style={{ marginBottom: 16 }} />}
      <ResponsiveTable<BorderAlert>
        data-testid="border-alerts"
        rowKey="id"
        cardTitle={['code', 'status']}
        loading={alerts.isFetching && !alerts.data}
        dataSource={alerts.data?.items}
        pagination={false}
        locale={{ emptyText: t('neighbours.alerts.empty') }}
        columns={[
          {
            title: t('neighbours.alerts.from'),
            dataIndex: 'districtName',
            render: (_: string, a) => (en && a.districtNameEn ? a.districtNameEn : a.districtName),
          },
          { title: t('neighbours.alerts.code'), dataIndex: 'code' },
          {
            title: t('neighbours.alerts.alert'),
            dataIndex: 'title',
            render: (title: string, a) => (
              <div>
                <div>{title}</div>
                <Typography.Text type="secondary">{en ? a.summary || a.summaryZh : a.summaryZh || a.summary}</Typography.Text>
              </div>
            ),
          },
          {
            title: t('neighbours.alerts.place'),
            dataIndex: 'placeName',
            render: (_: string, a) => (en && a.placeNameEn ? a.placeNameEn : a.placeName),
            responsive: ['md'],
          },
          {
            title: t('neighbours.alerts.status'),
            dataIndex: 'status',
            render: (s: string, a) => (
              <Space size={4} wrap>
                <Tag>{t(`alerts.statuses.${s}`, { defaultValue: s })}</Tag>
                {a.warningLevel && (
                  <Tag color={LEVEL_COLOURS[a.warningLevel]}>{t(`alerts.levels.${a.warningLevel}`, { defaultValue: a.warningLevel })}</Tag>
                )}
                {!a.synced && <Tag>{t('neighbours.alerts.viewOnly')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('neighbours.alerts.updated'),
            dataIndex: 'remoteUpdatedAt',
            render: (d: string) => formatDateTime(d),
            responsive: ['md'],
          },
        ]}
      />
    </div>
  );
}
