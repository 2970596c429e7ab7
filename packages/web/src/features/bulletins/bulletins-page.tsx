/**
 * Bulletins: the list (filter by status; phone width: cards) and drafting a new one from a template.
 */
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Modal, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { districtTodayValue } from '../../app/district-dayjs.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { useDiseases } from '../cases/cases-api.ts';
import { BULLETIN_KINDS, BULLETIN_STATUSES, type Bulletin, type BulletinSummary, useBulletins } from './bulletins-api.ts';

const PAGE_SIZE = 20;
export const STATUS_COLOURS: Record<string, string> = {
  draft: 'default',
  in_review: 'orange',
  approved: 'blue',
  scheduled: 'cyan',
  published: 'green',
  superseded: 'purple',
  withdrawn: 'red',
};

export function BulletinsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? undefined;
  const page = Number(params.get('page') ?? '1') || 1;
  const list = useBulletins({ status, page, pageSize: PAGE_SIZE });
  useLiveInvalidate('bulletins', [['bulletins']]);
  const [drafting, setDrafting] = useState(false);
  const en = i18n.language === 'en';

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('bulletins.title')}
        </Typography.Title>
        <Space wrap>
          <Link to="/bulletins/registers">{t('bulletins.registers')}</Link>
          <a href="/portal/" target="_blank" rel="noreferrer">
            {t('bulletins.openPortal')}
          </a>
          <Select
            aria-label={t('bulletins.statusFilter')}
            style={{ minWidth: 140 }}
            allowClear
            placeholder={t('bulletins.allStatuses')}
            value={status}
            onChange={(value) => setParams(value ? { status: value } : {})}
            options={BULLETIN_STATUSES.map((s) => ({ value: s, label: t(`bulletins.status.${s}`) }))}
          />
          {hasRight(me.data, RIGHTS.bulletinsDraft) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrafting(true)}>
              {t('bulletins.new')}
            </Button>
          )}
        </Space>
      </Space>
      {list.error && <Alert type="error" showIcon message={translateError(t, list.error)} style={{ marginBottom: 16 }} />}
      <ResponsiveTable<BulletinSummary>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        cardTitle={['title']}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          onChange: (p) => setParams({ ...(status ? { status } : {}), page: String(p) }),
        }}
        columns={[
          {
            key: 'title',
            title: t('bulletins.titleColumn'),
            render: (_, b) => <Link to={`/bulletins/${b.id}`}>{en && b.titleEn ? b.titleEn : b.title}</Link>,
          },
          { key: 'kind', title: t('bulletins.kindColumn'), render: (_, b) => t(`bulletins.kind.${b.kind}`) },
          {
            key: 'status',
            title: t('bulletins.statusColumn'),
            render: (_, b) => (
              <Tag color={STATUS_COLOURS[b.status]}>
                {t(`bulletins.status.${b.status}`)}
                {b.version > 1 ? ` · v${b.version}` : ''}
              </Tag>
            ),
          },
          { key: 'drafted', title: t('bulletins.draftedBy'), render: (_, b) => b.draftedByName },
          {
            key: 'when',
            title: t('bulletins.when'),
            render: (_, b) => formatDateTime(b.publishedAt ?? b.publishAt ?? b.updatedAt),
          },
        ]}
      />
      {drafting && <NewBulletinDialog onClose={() => setDrafting(false)} />}
    </div>
  );
}

function NewBulletinDialog({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const diseases = useDiseases();
  const [form] = Form.useForm<{ kind: string; jurisdictionId: string; figuresDate?: Dayjs; diseaseId?: string }>();
  const kind = Form.useWatch('kind', form);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const areas = [...new Map((me.data?.roles ?? []).map((r) => [r.jurisdictionId, r.jurisdictionName])).entries()];

  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      const b = await api.post<Bulletin>('/api/bulletins', {
        kind: values.kind,
        jurisdictionId: values.jurisdictionId,
        ...(values.figuresDate ? { figuresDate: values.figuresDate.format('YYYY-MM-DD') } : {}),
        ...(values.kind === 'daily' ? { diseaseId: values.diseaseId ?? null } : {}),
      });
      await queryClient.invalidateQueries({ queryKey: ['bulletins'] });
      navigate(`/bulletins/${b.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={t('bulletins.new')} onCancel={onClose} onOk={submit} okText={t('bulletins.create')} confirmLoading={saving}>
      {error !== null && <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'daily', jurisdictionId: areas[0]?.[0], figuresDate: districtTodayValue() }}
      >
        <Form.Item name="kind" label={t('bulletins.kindColumn')} rules={[{ required: true }]}>
          <Select options={BULLETIN_KINDS.map((k) => ({ value: k, label: t(`bulletins.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="jurisdictionId" label={t('bulletins.area')} rules={[{ required: true, message: t('bulletins.areaRequired') }]}>
          <Select options={areas.map(([id, name]) => ({ value: id, label: name }))} />
        </Form.Item>
        <Form.Item
          name="figuresDate"
          label={t('bulletins.figuresDate')}
          rules={[{ required: kind === 'daily', message: t('bulletins.dateRequired') }]}
        >
          <DistrictDatePicker notFuture style={{ width: '100%' }} />
        </Form.Item>
        {kind === 'daily' && (
          <Form.Item name="diseaseId" label={t('bulletins.disease')} extra={t('bulletins.diseaseHelp')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={(diseases.data?.items ?? []).map((d) => ({ value: d.id, label: i18n.language === 'en' ? d.nameEn : d.name }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
