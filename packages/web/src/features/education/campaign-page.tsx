/**
 * One campaign: its reach against the target, by audience and place, its events, and the form to record one
 * (where, when, whom, how many reached).
 */
import { Alert, App, Button, Card, Form, Input, InputNumber, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { Schemas } from '../../api/contract.ts';
import { api, queryClient } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { districtToday } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import {
  AUDIENCES,
  type CampaignDetail,
  EVENT_KINDS,
  nameIn,
  recordEvent,
  setCampaignStatus,
  useCampaign,
  useMaterials,
} from './education-api.ts';

export function CampaignPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const campaign = useCampaign(id);
  const materials = useMaterials({ status: 'published', pageSize: 200 });
  const places = useQuery({
    queryKey: ['education', 'places'],
    queryFn: async () => (await api.get<{ items: Schemas['Jurisdiction'][] }>('/api/jurisdictions')).items,
  });
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm();
  useLiveInvalidate('education', [['education']]);
  if (campaign.error) return <Alert type="error" showIcon message={translateError(t, campaign.error)} />;
  const c = campaign.data;
  if (!c) return null;
  const manage = hasRight(me.data, RIGHTS.educationManage) && c.status !== 'closed';
  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {i18n.language.startsWith('en') ? c.titleEn || c.title : c.title}
        </Typography.Title>
        <Tag>{t(`education.campaignStatuses.${c.status}`)}</Tag>
      </Space>
      <Typography.Paragraph type="secondary">
        {c.startsOn} – {c.endsOn} · {c.audiences.map((a) => t(`education.audiences.${a}`)).join('、')}
        {c.goal ? ` · ${c.goal}` : ''}
      </Typography.Paragraph>
      {error != null && <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 12 }} />}
      <Card size="small" style={{ marginBottom: 12 }} data-testid="campaign-reach">
        <Space wrap size="large">
          {c.targetReach ? (
            <Progress
              type="circle"
              size={80}
              percent={Math.min(100, Math.round((c.reach / c.targetReach) * 100))}
              format={() => `${c.reach}`}
            />
          ) : (
            <Typography.Title level={4}>{c.reach}</Typography.Title>
          )}
          <span>
            {t('education.reachLine', {
              reach: c.reach,
              target: c.targetReach ?? '—',
              events: c.events,
              materials: c.materialsDistributed,
            })}
          </span>
        </Space>
        <Table
          size="small"
          style={{ marginTop: 8 }}
          pagination={false}
          rowKey="audience"
          dataSource={c.reachByAudience}
          columns={[
            { title: t('education.audience'), key: 'a', render: (_, r) => t(`education.audiences.${r.audience}`) },
            { title: t('education.reach'), dataIndex: 'reach', align: 'right' },
            { title: t('education.events'), dataIndex: 'events', align: 'right' },
          ]}
        />
        <Table
          size="small"
          style={{ marginTop: 8 }}
          pagination={false}
          rowKey={(r) => r.jurisdiction.id}
          dataSource={c.reachByPlace}
          columns={[
            { title: t('education.place'), key: 'p', render: (_, r) => nameIn(i18n.language, r.jurisdiction) },
            { title: t('education.reach'), dataIndex: 'reach', align: 'right' },
            { title: t('education.events'), dataIndex: 'events', align: 'right' },
          ]}
        />
      </Card>
      {manage && (
        <Card size="small" title={t('education.recordEvent')} style={{ marginBottom: 12 }}>
          <Form
            form={form}
            layout="vertical"
            initialValues={{ heldOn: dayjs(districtToday()), kind: 'lecture', audience: c.audiences[0], reach: 0, materialsDistributed: 0 }}
            onFinish={async (v: {
              jurisdictionId: string;
              heldOn: dayjs.Dayjs;
              kind: CampaignDetail['eventList'][number]['kind'];
              audience: CampaignDetail['audiences'][number];
              location?: string;
              reach: number;
              materialsDistributed?: number;
              materialId?: string;
              notes?: string;
            }) => {
              setError(null);
              try {
                await recordEvent(c.id, {
                  jurisdictionId: v.jurisdictionId,
                  heldOn: v.heldOn.format('YYYY-MM-DD'),
                  kind: v.kind,
                  audience: v.audience,
                  location: v.location ?? '',
                  reach: v.reach,
                  materialsDistributed: v.materialsDistributed ?? 0,
                  materialId: v.materialId ?? null,
                  notes: v.notes ?? '',
                });
                message.success(t('education.eventRecorded'));
                form.resetFields(['location', 'reach', 'materialsDistributed', 'notes']);
                await queryClient.invalidateQueries({ queryKey: ['education'] });
              } catch (e) {
                setError(e);
              }
            }}
          >
            <Space wrap align="start">
              <Form.Item name="jurisdictionId" label={t('education.place')} rules={[{ required: true, message: t('education.required') }]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  style={{ width: 200 }}
                  options={places.data?.map((j) => ({ value: j.id, label: nameIn(i18n.language, j) }))}
                />
              </Form.Item>
              <Form.Item name="heldOn" label={t('education.heldOn')} rules={[{ required: true, message: t('education.required') }]}>
                <DistrictDatePicker notFuture />
              </Form.Item>
              <Form.Item name="kind" label={t('education.kind')}>
                <Select style={{ width: 140 }} options={EVENT_KINDS.map((k) => ({ value: k, label: t(`education.kinds.${k}`) }))} />
              </Form.Item>
              <Form.Item name="audience" label={t('education.audience')}>
                <Select style={{ width: 160 }} options={AUDIENCES.map((a) => ({ value: a, label: t(`education.audiences.${a}`) }))} />
              </Form.Item>
              <Form.Item name="reach" label={t('education.reach')} rules={[{ required: true, message: t('education.required') }]}>
                <InputNumber min={0} precision={0} />
              </Form.Item>
              <Form.Item name="materialsDistributed" label={t('education.materialsDistributed')}>
                <InputNumber min={0} precision={0} />
              </Form.Item>
            </Space>
            <Form.Item name="location" label={t('education.location')} rules={[{ max: 200 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="materialId" label={t('education.material')}>
              <Select allowClear options={materials.data?.items.map((m) => ({ value: m.id, label: m.title }))} />
            </Form.Item>
            <Space wrap>
              <Button type="primary" htmlType="submit">
                {t('education.recordEvent')}
              </Button>
              <Button
                onClick={async () => {
                  setError(null);
                  try {
                    await setCampaignStatus(c.id, 'closed');
                    await queryClient.invalidateQueries({ queryKey: ['education'] });
                  } catch (e) {
                    setError(e);
                  }
                }}
              >
                {t('education.closeCampaign')}
              </Button>
            </Space>
          </Form>
        </Card>
      )}
      <ResponsiveTable<CampaignDetail['eventList'][number]>
        size="small"
        rowKey="id"
        dataSource={c.eventList}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        cardTitle={['heldOn']}
        columns={[
          { title: t('education.heldOn'), dataIndex: 'heldOn', key: 'heldOn' },
          { title: t('education.kind'), key: 'kind', render: (_, e) => t(`education.kinds.${e.kind}`) },
          { title: t('education.audience'), key: 'aud', render: (_, e) => t(`education.audiences.${e.audience}`) },
          {
            title: t('education.place'),
            key: 'place',
            render: (_, e) => [nameIn(i18n.language, e.jurisdiction), e.location].filter(Boolean).join(' · '),
          },
          { title: t('education.reach'), dataIndex: 'reach', key: 'reach' },
          { title: t('education.materialsDistributed'), dataIndex: 'materialsDistributed', key: 'md' },
          { title: t('education.material'), key: 'm', render: (_, e) => e.material?.title ?? '—' },
        ]}
      />
    </div>
  );
}
