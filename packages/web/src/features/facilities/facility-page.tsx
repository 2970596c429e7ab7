import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Skeleton, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { translateError } from '../../app/errors.ts';
import { NotFoundPage } from '../../app/not-found-page.tsx';
import { jurisdictionIndex, localName, useJurisdictions, useTownshipGeojson } from '../jurisdictions/jurisdictions-api.ts';
import { LazyDistrictMap } from '../map/lazy-district-map.tsx';
import { useFacility } from './facilities-api.ts';
import { FacilityForm } from './facility-form.tsx';

export function FacilityPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const me = useMe();
  const facility = useFacility(id);
  const townships = useTownshipGeojson();
  const jurisdictions = jurisdictionIndex(useJurisdictions().data);
  const [editing, setEditing] = useState(false);
  const onMap = useMemo(() => (facility.data ? [facility.data] : []), [facility.data]);
  const number = new Intl.NumberFormat(i18n.language);

  // The server answers 404 both for a missing id and for one outside the user's jurisdiction, so a
  // township officer learns nothing about another township's facilities from a guessed URL.
  if (facility.error instanceof ApiError && facility.error.status === 404) return <NotFoundPage backTo="/registry/facilities" />;
  if (facility.error) return <Alert type="error" showIcon message={translateError(t, facility.error)} />;
  if (!facility.data) return <Skeleton active />;
  const record = facility.data;
  const jurisdiction = jurisdictions.get(record.jurisdictionId);

  return (
    <div>
      <Space style={{ marginBottom: 16 }}>
        <Link to="/registry/facilities">
          <Button icon={<ArrowLeftOutlined />}>{t('facilities.title')}</Button>
        </Link>
      </Space>
      <Row gutter={16}>
        <Col xs={24} lg={11}>
          <Card
            title={<Typography.Text strong>{localName(record, i18n.language)}</Typography.Text>}
            extra={
              hasRight(me.data, RIGHTS.registryManage) && (
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                  {t('common.edit')}
                </Button>
              )
            }
          >
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('facilities.type')}>
                {t(`facilityTypes.${record.type}`, { defaultValue: record.type })}
              </Descriptions.Item>
              <Descriptions.Item label={t('common.nameZh')}>{record.name}</Descriptions.Item>
              <Descriptions.Item label={t('common.nameEn')}>{record.nameEn || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('common.jurisdiction')}>
                {jurisdiction ? localName(jurisdiction, i18n.language) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('common.address')}>{record.address || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('common.phone')}>{record.phone || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('facilities.beds')}>{number.format(record.beds)}</Descriptions.Item>
              <Descriptions.Item label={t('facilities.icuBeds')}>{number.format(record.icuBeds)}</Descriptions.Item>
              <Descriptions.Item label={t('facilities.isolationRooms')}>{number.format(record.isolationRooms)}</Descriptions.Item>
              <Descriptions.Item label={t('facilities.rooms')}>{number.format(record.rooms)}</Descriptions.Item>
              <Descriptions.Item label={t('facilities.location')}>
                {record.location ? `${record.location[0].toFixed(5)}, ${record.location[1].toFixed(5)}` : '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={13}>
          <Card size="small" title={t('facilities.location')}>
            {!record.location ? (
              <Empty description={t('facilities.noLocation')} />
            ) : townships.data ? (
              <LazyDistrictMap
                townships={townships.data}
                facilities={onMap}
                highlightId={record.jurisdictionId}
                focus={record.location}
                height={420}
              />
            ) : (
              <Skeleton active paragraph={{ rows: 8 }} />
            )}
          </Card>
        </Col>
      </Row>
      <FacilityForm open={editing} editing={record} onClose={() => setEditing(false)} />
    </div>
  );
}
