import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { formatDate } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { type PlanSummary, usePlans } from './plans-api.ts';
import { VersionStatusTag } from './version-status-tag.tsx';
import { ResponsiveTable } from '../../app/responsive-list.tsx';

export function PlansPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const plans = usePlans();
  useLiveInvalidate('plans', [['plans']]);
  const en = i18n.language === 'en';

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('plans.title')}
        </Typography.Title>
        {hasRight(me.data, RIGHTS.plansManage) && (
          <Link to="/plans/new">
            <Button type="primary" icon={<PlusOutlined />}>
              {t('plans.create')}
            </Button>
          </Link>
        )}
      </Space>
      {plans.error && <Alert type="error" showIcon message={translateError(t, plans.error)} style={{ marginBottom: 16 }} />}
      <ResponsiveTable<PlanSummary>
        data-testid="plan-list"
        cardTitle={['code', 'name']}
        rowKey="id"
        loading={plans.isFetching}
        dataSource={plans.data?.items}
        pagination={false}
        columns={[
          { title: t('plans.code'), dataIndex: 'code', width: 170 },
          {
            title: t('plans.name'),
            key: 'name',
            render: (_, p) => <Link to={`/plans/${p.id}`}>{en && p.nameEn ? p.nameEn : p.name}</Link>,
          },
          {
            title: t('common.jurisdiction'),
            key: 'j',
            width: 160,
            render: (_, p) => (en ? p.jurisdictionNameEn || p.jurisdictionName : p.jurisdictionName),
          },
          {
            title: t('plans.inForce'),
            key: 'inForce',
            width: 220,
            render: (_, p) =>
              p.inForce ? (
                <Space>
                  <Tag color="green">{t('plans.versionN', { n: p.inForce.version })}</Tag>
                  {p.inForce.approvedAt && formatDate(p.inForce.approvedAt)}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('plans.noneInForce')}</Typography.Text>
              ),
          },
          {
            title: t('plans.openVersion'),
            key: 'open',
            width: 200,
            render: (_, p) =>
              p.openVersion ? (
                <Space>
                  {t('plans.versionN', { n: p.openVersion.version })}
                  <VersionStatusTag status={p.openVersion.status} />
                </Space>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </div>
  );
}
