import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { translateError } from '../../app/errors.ts';
import { NotFoundPage } from '../../app/not-found-page.tsx';
import { jurisdictionIndex, localName, useJurisdictions } from '../jurisdictions/jurisdictions-api.ts';
import { AgencyForm } from './agency-form.tsx';
import { useAgency } from './agencies-api.ts';
import { RosterPanel } from './roster-panel.tsx';

export function AgencyPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const me = useMe();
  const agency = useAgency(id);
  const jurisdictions = jurisdictionIndex(useJurisdictions().data);
  const [editing, setEditing] = useState(false);
  const canManage = hasRight(me.data, RIGHTS.registryManage);

  if (agency.error instanceof ApiError && agency.error.status === 404) return <NotFoundPage backTo="/registry/agencies" />;
  if (agency.error) return <Alert type="error" showIcon message={translateError(t, agency.error)} />;
  if (!agency.data) return <Skeleton active />;
  const record = agency.data;
  const jurisdiction = jurisdictions.get(record.jurisdictionId);

  return (
    <div>
      <Space style={{ marginBottom: 16 }}>
        <Link to="/registry/agencies">
          <Button icon={<ArrowLeftOutlined />}>{t('agencies.title')}</Button>
        </Link>
      </Space>
      <Card
        title={<Typography.Text strong>{localName(record, i18n.language)}</Typography.Text>}
        extra={
          canManage && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('common.edit')}
            </Button>
          )
        }
        style={{ marginBottom: 16 }}
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('agencies.code')}>{record.code}</Descriptions.Item>
          <Descriptions.Item label={t('agencies.kind')}>{t(`agencyKinds.${record.kind}`, { defaultValue: record.kind })}</Descriptions.Item>
          <Descriptions.Item label={t('common.nameZh')}>{record.name}</Descriptions.Item>
          <Descriptions.Item label={t('common.nameEn')}>{record.nameEn || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('common.jurisdiction')}>
            {jurisdiction ? localName(jurisdiction, i18n.language) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('agencies.contactPerson')}>{record.contactPerson}</Descriptions.Item>
          <Descriptions.Item label={t('common.phone')}>{record.phone}</Descriptions.Item>
          <Descriptions.Item label={t('common.email')}>{record.email || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('common.address')} span={2}>
            {record.address || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('agencies.duties')} span={2}>
            {record.duties || '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <RosterPanel agencyId={record.id} canManage={canManage} />
      <AgencyForm open={editing} editing={record} onClose={() => setEditing(false)} />
    </div>
  );
}
