/**
 * Public education: materials by audience and language (write, publish — never one's own —, withdraw; published
 * ones are on the public portal) and campaigns with their reach.
 */
import { Alert, App, Button, Form, Input, InputNumber, Modal, Progress, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Schemas } from '../../api/contract.ts';
import { api, queryClient } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { districtToday, formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import {
  AUDIENCES,
  type Campaign,
  FORMATS,
  MATERIAL_LANGUAGES,
  type Material,
  TOPICS,
  createCampaign,
  createMaterial,
  materialColour,
  nameIn,
  publishMaterial,
  updateMaterial,
  useCampaigns,
  useMaterials,
  withdrawMaterial,
} from './education-api.ts';

const refresh = () => queryClient.invalidateQueries({ queryKey: ['education'] });

function usePlaces() {
  return useQuery({
    queryKey: ['education', 'places'],
    queryFn: async () => (await api.get<{ items: Schemas['Jurisdiction'][] }>('/api/jurisdictions')).items,
  });
}

export function EducationPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  useLiveInvalidate('education', [['education']]);
  return (
    <div>
      <Typography.Title level={3}>{t('education.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('education.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={params.get('tab') ?? 'materials'}
        onChange={(key) => setParams({ tab: key })}
        items={[
          { key: 'materials', label: t('education.tabs.materials'), children: <MaterialsTab /> },
          { key: 'campaigns', label: t('education.tabs.campaigns'), children: <CampaignsTab /> },
        ]}
      />
    </div>
  );
}

function MaterialsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const manage = hasRight(me.data, RIGHTS.educationManage);
  const [filters, setFilters] = useState<Record<string, string | undefined>>({});
  const [page, setPage] = useState(1);
  const materials = useMaterials({ ...filters, page, pageSize: 50 });
  const [editing, setEditing] = useState<Material | 'new' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const set = (key: string) => (value: string | undefined) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setPage(1);
  };
  async function act(work: () => Promise<unknown>, done: string) {
    setError(null);
    try {
      await work();
      message.success(done);
      await refresh();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        {manage && (
          <Button type="primary" onClick={() => setEditing('new')} data-testid="material-new">
            {t('education.newMaterial')}
          </Button>
        )}
        <Select
          allowClear
          placeholder={t('education.audience')}
          style={{ width: 160 }}
          onChange={set('audience')}
          options={AUDIENCES.map((a) => ({ value: a, label: t(`education.audiences.${a}`) }))}
        />
        <Select
          allowClear
          placeholder={t('education.language')}
          style={{ width: 140 }}
          onChange={set('language')}
          options={MATERIAL_LANGUAGES.map((l) => ({ value: l, label: t(`education.languages.${l}`) }))}
        />
        <Select
          allowClear
          placeholder={t('education.status')}
          style={{ width: 140 }}
          onChange={set('status')}
          options={(['draft', 'published', 'withdrawn'] as const).map((s) => ({ value: s, label: t(`education.statuses.${s}`) }))}
        />
      </Space>
      {error != null && <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 8 }} />}
      <ResponsiveTable<Material>
        size="small"
        rowKey="id"
        data-testid="material-list"
        loading={materials.isFetching}
        dataSource={materials.data?.items ?? []}
        pagination={{ current: page, pageSize: 50, total: materials.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
        cardTitle={['title']}
        columns={[
          {
            title: t('education.materialTitle'),
            key: 'title',
            render: (_, m) =>
              m.url ? (
                <a href={m.url} target="_blank" rel="noreferrer">
                  {m.title}
                </a>
              ) : (
                m.title
              ),
          },
          { title: t('education.audience'), key: 'aud', render: (_, m) => t(`education.audiences.${m.audience}`) },
          {
            title: t('education.language'),
            key: 'lang',
            render: (_, m) => t(`education.languages.${m.language}`, { defaultValue: m.language }),
          },
          {
            title: t('education.topic'),
            key: 'topic',
            render: (_, m) => `${t(`education.topics.${m.topic}`)} · ${t(`education.formats.${m.format}`)}`,
          },
          {
            title: t('education.status'),
            key: 'status',
            render: (_, m) => (
              <Space size={4} wrap>
                <Tag color={materialColour(m.status)}>{t(`education.statuses.${m.status}`)}</Tag>
                {m.publishedAt && (
                  <Typography.Text type="secondary">{`${formatDateTime(m.publishedAt)} · ${m.publishedBy ?? ''}`}</Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: '',
            key: 'actions',
            render: (_, m) =>
              manage && (
                <Space wrap>
                  {m.status !== 'withdrawn' && (
                    <Button size="small" onClick={() => setEditing(m)}>
                      {t('education.edit')}
                    </Button>
                  )}
                  {m.canPublish && (
                    <Button size="small" type="primary" onClick={() => act(() => publishMaterial(m.id), t('education.published'))}>
                      {t('education.publish')}
                    </Button>
                  )}
                  {m.status !== 'withdrawn' && (
                    <Button size="small" danger onClick={() => act(() => withdrawMaterial(m.id), t('education.withdrawn'))}>
                      {t('education.withdraw')}
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
      {editing && <MaterialForm material={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

function MaterialForm({ material, onClose }: { material: Material | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const places = usePlaces();
  const [error, setError] = useState<unknown>(null);
  return (
    <Modal
      open
      title={material ? t('education.edit') : t('education.newMaterial')}
      onCancel={onClose}
      footer={null}
      width={Math.min(680, window.innerWidth)}
      destroyOnHidden
    >
      {error != null && <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 12 }} />}
      {material?.status === 'published' && (
        <Alert type="warning" showIcon message={t('education.editUnpublishes')} style={{ marginBottom: 12 }} />
      )}
      <Form
        layout="vertical"
        initialValues={material ?? { audience: 'general', language: 'zh-CN', topic: 'other', format: 'leaflet' }}
        onFinish={async (v: Schemas['EducationMaterialInput']) => {
          setError(null);
          try {
            const body = {
              title: v.title,
              summary: v.summary ?? '',
              body: v.body ?? '',
              audience: v.audience,
              language: v.language,
              topic: v.topic,
              format: v.format,
              url: v.url ?? '',
            };
            if (material) await updateMaterial(material.id, body);
            else await createMaterial({ ...body, jurisdictionId: v.jurisdictionId });
            await refresh();
            onClose();
          } catch (e) {
            setError(e);
          }
        }}
      >
        {!material && (
          <Form.Item name="jurisdictionId" label={t('education.owner')} rules={[{ required: true, message: t('education.required') }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={places.data?.map((j) => ({ value: j.id, label: nameIn(i18n.language, j) }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="title"
          label={t('education.materialTitle')}
          rules={[{ required: true, message: t('education.required') }, { max: 200 }]}
        >
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item name="audience" label={t('education.audience')}>
            <Select style={{ width: 160 }} options={AUDIENCES.map((a) => ({ value: a, label: t(`education.audiences.${a}`) }))} />
          </Form.Item>
          <Form.Item name="language" label={t('education.language')}>
            <Select style={{ width: 140 }} options={MATERIAL_LANGUAGES.map((l) => ({ value: l, label: t(`education.languages.${l}`) }))} />
          </Form.Item>
          <Form.Item name="topic" label={t('education.topic')}>
            <Select style={{ width: 160 }} options={TOPICS.map((a) => ({ value: a, label: t(`education.topics.${a}`) }))} />
          </Form.Item>
          <Form.Item name="format" label={t('education.format')}>
            <Select style={{ width: 120 }} options={FORMATS.map((a) => ({ value: a, label: t(`education.formats.${a}`) }))} />
          </Form.Item>
        </Space>
        <Form.Item name="summary" label={t('education.summary')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="body" label={t('education.body')} rules={[{ max: 20000 }]}>
          <Input.TextArea rows={5} />
        </Form.Item>
        <Form.Item name="url" label={t('education.url')} rules={[{ pattern: /^(https?:\/\/\S+)?$/, message: t('education.urlFormat') }]}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('education.save')}
        </Button>
      </Form>
    </Modal>
  );
}

function CampaignsTab() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const campaigns = useCampaigns();
  const [creating, setCreating] = useState(false);
  return (
    <div>
      {hasRight(me.data, RIGHTS.educationManage) && (
        <Button type="primary" style={{ marginBottom: 8 }} onClick={() => setCreating(true)}>
          {t('education.newCampaign')}
        </Button>
      )}
      <ResponsiveTable<Campaign>
        size="small"
        rowKey="id"
        data-testid="campaign-list"
        dataSource={campaigns.data?.items ?? []}
        pagination={false}
        cardTitle={['title']}
        columns={[
          {
            title: t('education.campaign'),
            key: 'title',
            render: (_, c) => (
              <Link to={`/education/campaigns/${c.id}`}>{i18n.language.startsWith('en') ? c.titleEn || c.title : c.title}</Link>
            ),
          },
          { title: t('education.period'), key: 'period', render: (_, c) => `${c.startsOn} – ${c.endsOn}` },
          {
            title: t('education.audiences.title'),
            key: 'aud',
            render: (_, c) => c.audiences.map((a) => t(`education.audiences.${a}`)).join('、'),
          },
          {
            title: t('education.reach'),
            key: 'reach',
            render: (_, c) =>
              c.targetReach ? (
                <Progress
                  percent={Math.min(100, Math.round((c.reach / c.targetReach) * 100))}
                  size="small"
                  format={() => `${c.reach} / ${c.targetReach}`}
                />
              ) : (
                c.reach
              ),
          },
          { title: t('education.events'), dataIndex: 'events', key: 'events' },
          { title: t('education.status'), key: 'status', render: (_, c) => <Tag>{t(`education.campaignStatuses.${c.status}`)}</Tag> },
        ]}
      />
      {creating && <CampaignForm onClose={() => setCreating(false)} />}
    </div>
  );
}

function CampaignForm({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const places = usePlaces();
  const [error, setError] = useState<unknown>(null);
  return (
    <Modal
      open
      title={t('education.newCampaign')}
      onCancel={onClose}
      footer={null}
      width={Math.min(600, window.innerWidth)}
      destroyOnHidden
    >
      {error != null && <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 12 }} />}
      <Form
        layout="vertical"
        initialValues={{ audiences: ['general'], startsOn: dayjs(districtToday()), endsOn: dayjs(districtToday()).add(30, 'day') }}
        onFinish={async (v: {
          jurisdictionId: string;
          title: string;
          titleEn?: string;
          goal?: string;
          audiences: Campaign['audiences'];
          startsOn: dayjs.Dayjs;
          endsOn: dayjs.Dayjs;
          targetReach?: number;
        }) => {
          setError(null);
          try {
            const created = await createCampaign({
              jurisdictionId: v.jurisdictionId,
              title: v.title,
              titleEn: v.titleEn ?? '',
              goal: v.goal ?? '',
              audiences: v.audiences,
              startsOn: v.startsOn.format('YYYY-MM-DD'),
              endsOn: v.endsOn.format('YYYY-MM-DD'),
              targetReach: v.targetReach ?? null,
            });
            await refresh();
            navigate(`/education/campaigns/${created.id}`);
          } catch (e) {
            setError(e);
          }
        }}
      >
        <Form.Item name="jurisdictionId" label={t('education.owner')} rules={[{ required: true, message: t('education.required') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={places.data?.map((j) => ({ value: j.id, label: nameIn(i18n.language, j) }))}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('education.campaign')}
          rules={[{ required: true, message: t('education.required') }, { max: 200 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="titleEn" label={t('education.campaignEn')} rules={[{ max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="goal" label={t('education.goal')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="audiences" label={t('education.audiences.title')} rules={[{ required: true, message: t('education.required') }]}>
          <Select mode="multiple" options={AUDIENCES.map((a) => ({ value: a, label: t(`education.audiences.${a}`) }))} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="startsOn" label={t('education.startsOn')} rules={[{ required: true, message: t('education.required') }]}>
            <DistrictDatePicker />
          </Form.Item>
          <Form.Item name="endsOn" label={t('education.endsOn')} rules={[{ required: true, message: t('education.required') }]}>
            <DistrictDatePicker />
          </Form.Item>
          <Form.Item name="targetReach" label={t('education.targetReach')}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
        </Space>
        <Button type="primary" htmlType="submit">
          {t('education.save')}
        </Button>
      </Form>
    </Modal>
  );
}
