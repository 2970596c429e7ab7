/**
 * The press office's registers: risk areas (published or not), the rumour register (verdict, rebuttal, reviewer)
 * and what the public sent through the portal.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, InputNumber, Modal, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { formatDate, formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { type RiskArea, type Rumour, type Submission, useRiskAreas, useRumours, useSubmissions } from './bulletins-api.ts';

const VERDICTS = ['unverified', 'false', 'misleading', 'true'] as const;
const CHANNELS = ['wechat', 'weibo', 'douyin', 'news', 'phone', 'portal', 'other'] as const;

export function RegistersPage() {
  const { t } = useTranslation();
  return (
    <div>
      <Space style={{ marginBottom: 8 }}>
        <Link to="/bulletins">{t('bulletins.backToList')}</Link>
      </Space>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('bulletins.registers')}
      </Typography.Title>
      <Tabs
        items={[
          { key: 'rumours', label: t('bulletins.rumours'), children: <RumoursTab /> },
          { key: 'risk', label: t('bulletins.riskAreas'), children: <RiskTab /> },
          { key: 'submissions', label: t('bulletins.submissions'), children: <SubmissionsTab /> },
        ]}
      />
    </div>
  );
}

function RiskTab() {
  const { t, i18n } = useTranslation();
  const areas = useRiskAreas();
  const en = i18n.language === 'en';
  return (
    <ResponsiveTable<RiskArea>
      rowKey="id"
      loading={areas.isLoading}
      dataSource={areas.data?.items ?? []}
      pagination={false}
      columns={[
        { key: 'name', title: t('bulletins.place'), render: (_, a) => (en ? a.nameEn : a.name) },
        { key: 'level', title: t('bulletins.level'), render: (_, a) => t(`bulletins.risk.${a.level}`) },
        {
          key: 'period',
          title: t('bulletins.period'),
          render: (_, a) => `${formatDate(a.startsOn)} – ${a.endsOn ? formatDate(a.endsOn) : '…'}`,
        },
        {
          key: 'bulletin',
          title: t('bulletins.bulletin'),
          render: (_, a) =>
            a.bulletinId ? (
              <Link to={`/bulletins/${a.bulletinId}`}>{a.published ? t('bulletins.status.published') : t('bulletins.notPublished')}</Link>
            ) : (
              t('bulletins.notPublished')
            ),
        },
      ]}
    />
  );
}

function RumoursTab() {
  const { t } = useTranslation();
  const me = useMe();
  const [page, setPage] = useState(1);
  const rumours = useRumours(page);
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const mayEdit = hasRight(me.data, RIGHTS.bulletinsDraft);
  const setVerdict = async (r: Rumour, verdict: string) => {
    try {
      await api.patch(`/api/rumours/${r.id}`, { verdict });
      await queryClient.invalidateQueries({ queryKey: ['bulletins', 'rumours'] });
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      {error !== null && <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 12 }} />}
      {mayEdit && (
        <Button type="primary" onClick={() => setAdding(true)} style={{ marginBottom: 12 }}>
          {t('bulletins.addRumour')}
        </Button>
      )}
      <ResponsiveTable<Rumour>
        rowKey="id"
        loading={rumours.isLoading}
        dataSource={rumours.data?.items ?? []}
        cardTitle={['claim']}
        pagination={{ current: page, pageSize: 20, total: rumours.data?.total ?? 0, onChange: setPage }}
        columns={[
          { key: 'claim', title: t('bulletins.claim'), render: (_, r) => r.claim },
          {
            key: 'source',
            title: t('bulletins.source'),
            render: (_, r) =>
              `${t(`bulletins.channel.${r.channel}`)}${r.source ? ` · ${r.source}` : ''}${r.origin === 'public' ? ` · ${t('bulletins.fromPublic')}` : ''}`,
          },
          { key: 'seen', title: t('bulletins.firstSeen'), render: (_, r) => formatDateTime(r.firstSeenAt) },
          { key: 'reach', title: t('bulletins.reach'), render: (_, r) => r.reach ?? '—' },
          {
            key: 'verdict',
            title: t('bulletins.verdict'),
            render: (_, r) =>
              mayEdit ? (
                <Select
                  aria-label={t('bulletins.verdict')}
                  size="small"
                  value={r.verdict}
                  style={{ minWidth: 110 }}
                  onChange={(v) => setVerdict(r, v)}
                  options={VERDICTS.map((v) => ({ value: v, label: t(`bulletins.verdicts.${v}`) }))}
                />
              ) : (
                <Tag>{t(`bulletins.verdicts.${r.verdict}`)}</Tag>
              ),
          },
          {
            key: 'rebuttal',
            title: t('bulletins.rebuttal'),
            render: (_, r) => (r.rebuttalBulletinId ? <Link to={`/bulletins/${r.rebuttalBulletinId}`}>{r.rebuttalTitle}</Link> : '—'),
          },
          {
            key: 'reviewer',
            title: t('bulletins.reviewer'),
            render: (_, r) => (r.reviewerName ? `${r.reviewerName} · ${formatDateTime(r.reviewedAt)}` : '—'),
          },
        ]}
      />
      {adding && <RumourDialog onClose={() => setAdding(false)} />}
    </div>
  );
}

function RumourDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ claim: string; source?: string; channel: string; reach?: number }>();
  const [error, setError] = useState<unknown>(null);
  const ok = async () => {
    const v = await form.validateFields();
    try {
      await api.post('/api/rumours', {
        jurisdictionId: me.data?.roles[0]?.jurisdictionId,
        claim: v.claim,
        source: v.source ?? '',
        channel: v.channel,
        firstSeenAt: new Date().toISOString(),
        reach: v.reach ?? null,
      });
      await queryClient.invalidateQueries({ queryKey: ['bulletins', 'rumours'] });
      onClose();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Modal open title={t('bulletins.addRumour')} onCancel={onClose} onOk={ok}>
      {error !== null && <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ channel: 'wechat' }}>
        <Form.Item name="claim" label={t('bulletins.claim')} rules={[{ required: true, message: t('bulletins.claimRequired') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="channel" label={t('bulletins.channelLabel')}>
          <Select options={CHANNELS.map((c) => ({ value: c, label: t(`bulletins.channel.${c}`) }))} />
        </Form.Item>
        <Form.Item name="source" label={t('bulletins.source')}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="reach" label={t('bulletins.reach')}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SubmissionsTab() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const subs = useSubmissions(page);
  const queryClient = useQueryClient();
  const mark = async (s: Submission, status: 'handled' | 'dismissed') => {
    await api.patch(`/api/public-submissions/${s.id}`, { status });
    await queryClient.invalidateQueries({ queryKey: ['bulletins', 'submissions'] });
  };
  return (
    <ResponsiveTable<Submission>
      rowKey="id"
      loading={subs.isLoading}
      dataSource={subs.data?.items ?? []}
      cardTitle={['text']}
      pagination={{ current: page, pageSize: 20, total: subs.data?.total ?? 0, onChange: setPage }}
      columns={[
        { key: 'text', title: t('bulletins.submissionText'), render: (_, s) => s.text },
        { key: 'kind', title: t('bulletins.kindColumn'), render: (_, s) => t(`bulletins.submissionKind.${s.kind}`) },
        { key: 'place', title: t('bulletins.place'), render: (_, s) => s.placeName ?? '—' },
        { key: 'at', title: t('bulletins.receivedAt'), render: (_, s) => formatDateTime(s.createdAt) },
        {
          key: 'status',
          title: t('bulletins.statusColumn'),
          render: (_, s) =>
            s.status === 'new' ? (
              <Space>
                <Button size="small" onClick={() => mark(s, 'handled')}>
                  {t('bulletins.handled')}
                </Button>
                <Button size="small" onClick={() => mark(s, 'dismissed')}>
                  {t('bulletins.dismissed')}
                </Button>
              </Space>
            ) : (
              t(`bulletins.submissionStatus.${s.status}`)
            ),
        },
      ]}
    />
  );
}
