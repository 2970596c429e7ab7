/** Outbound channels and their delivery log (/admin/notification-channels, right notifications.manage). */
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { formatDateTime, formatTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { ChannelForm, kindLabelKey } from './channel-form.tsx';
import { type Channel, type Delivery, useChannels, useDeliveries } from './notifications-api.ts';
import { SeverityTag } from './severity-tag.tsx';

const STATUS_COLOURS = { pending: 'processing', delivered: 'success', failed: 'error' } as const;

export function ChannelsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const channels = useChannels();
  const [editing, setEditing] = useState<Channel | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [filters, setFilters] = useState<{ channelId?: string; status?: string; page: number }>({ page: 1 });
  const deliveries = useDeliveries({ ...filters, pageSize: 20 });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['notification-channels'] });
    void queryClient.invalidateQueries({ queryKey: ['notification-deliveries'] });
  };

  const run = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      message.success(done);
    } catch (error) {
      message.error(translateError(t, error));
    }
    refresh();
  };

  const test = async (channel: Channel) => {
    try {
      const result = await api.post<{ ok: boolean; error: string | null }>(`/api/notification-channels/${channel.id}/test`);
      if (result.ok) message.success(t('notifications.channels.testOk'));
      else message.error(t('notifications.channels.testFailed', { error: result.error }));
    } catch (error) {
      message.error(translateError(t, error));
    }
    refresh();
  };

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('notifications.channels.title')}
        </Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            setEditing(null);
            setFormOpen(true);
          }}
        >
          {t('notifications.channels.create')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">{t('notifications.channels.intro')}</Typography.Paragraph>
      {channels.data && !channels.data.emailConfigured && (
        <Alert type="info" showIcon message={t('notifications.channels.noSmtp')} style={{ marginBottom: 16 }} />
      )}
      {channels.error && <Alert type="error" showIcon message={translateError(t, channels.error)} style={{ marginBottom: 16 }} />}
      <Table<Channel>
        rowKey="id"
        loading={channels.isFetching}
        dataSource={channels.data?.items}
        pagination={false}
        columns={[
          { title: t('notifications.channels.name'), dataIndex: 'name' },
          {
            title: t('notifications.channels.kind'),
            key: 'kind',
            render: (_, c) =>
              c.kind === 'webhook'
                ? `${t('notifications.channels.kinds.webhook')} · ${t(`notifications.channels.formats.${c.config.format ?? 'generic'}`)}`
                : t('notifications.channels.kinds.email'),
          },
          {
            title: t('notifications.channels.target'),
            key: 'target',
            render: (_, c) => (
              <Typography.Text ellipsis style={{ maxWidth: 280 }}>
                {c.kind === 'webhook' ? c.config.url : c.config.to?.join(', ')}
              </Typography.Text>
            ),
          },
          {
            title: t('notifications.channels.minSeverity'),
            dataIndex: 'minSeverity',
            render: (s: Channel['minSeverity']) => <SeverityTag severity={s} />,
          },
          {
            title: t('notifications.channels.kindsFilter'),
            dataIndex: 'kinds',
            render: (kinds: string[]) =>
              kinds.length
                ? kinds.map((kind) => t(kindLabelKey(kind), { defaultValue: kind })).join(', ')
                : t('notifications.channels.allKinds'),
          },
          {
            title: t('notifications.channels.enabled'),
            dataIndex: 'enabled',
            render: (on: boolean) => (on ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, c) => (
              <Space>
                <Button size="small" onClick={() => void test(c)}>
                  {t('notifications.channels.test')}
                </Button>
                <Button
                  size="small"
                  onClick={() => {
                    setEditing(c);
                    setFormOpen(true);
                  }}
                >
                  {t('common.edit')}
                </Button>
                <Popconfirm
                  title={t('notifications.channels.deleteConfirm')}
                  onConfirm={() => run(() => api.delete(`/api/notification-channels/${c.id}`), t('notifications.channels.deleted'))}
                >
                  <Button size="small" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Card title={t('notifications.deliveries.title')} style={{ marginTop: 24 }}>
        <Space style={{ marginBottom: 12 }} wrap>
          <Select
            allowClear
            style={{ width: 220 }}
            placeholder={t('notifications.deliveries.anyChannel')}
            value={filters.channelId}
            options={(channels.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
            onChange={(channelId) => setFilters({ ...filters, channelId, page: 1 })}
          />
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('notifications.deliveries.anyStatus')}
            value={filters.status}
            options={(['pending', 'delivered', 'failed'] as const).map((s) => ({
              value: s,
              label: t(`notifications.deliveries.statuses.${s}`),
            }))}
            onChange={(status) => setFilters({ ...filters, status, page: 1 })}
          />
        </Space>
        <Table<Delivery>
          rowKey="id"
          size="small"
          loading={deliveries.isFetching}
          dataSource={deliveries.data?.items}
          pagination={{
            current: filters.page,
            pageSize: 20,
            total: deliveries.data?.total,
            showSizeChanger: false,
            onChange: (page) => setFilters({ ...filters, page }),
          }}
          columns={[
            {
              title: t('notifications.deliveries.createdAt'),
              dataIndex: 'createdAt',
              width: 150,
              render: (v: string) => formatDateTime(v, { seconds: true }),
            },
            { title: t('notifications.channels.name'), dataIndex: 'channelName', width: 140 },
            { title: t('notifications.deliveries.message'), key: 'message', render: (_, d) => `${d.kind} · ${d.title}` },
            {
              title: t('notifications.deliveries.status'),
              dataIndex: 'status',
              width: 100,
              render: (s: Delivery['status']) => <Tag color={STATUS_COLOURS[s]}>{t(`notifications.deliveries.statuses.${s}`)}</Tag>,
            },
            { title: t('notifications.deliveries.attempts'), dataIndex: 'attempts', width: 80 },
            {
              title: t('notifications.deliveries.detail'),
              key: 'detail',
              render: (_, d) =>
                d.status === 'pending' && d.nextAttemptAt
                  ? t('notifications.deliveries.nextAttempt', { time: formatTime(d.nextAttemptAt, { seconds: true }) }) +
                    (d.lastError ? ` · ${d.lastError}` : '')
                  : (d.lastError ?? (d.deliveredAt ? formatDateTime(d.deliveredAt, { seconds: true }) : '')),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 90,
              render: (_, d) =>
                d.status === 'failed' ? (
                  <Button
                    size="small"
                    onClick={() =>
                      run(() => api.post(`/api/notification-deliveries/${d.id}/retry`), t('notifications.deliveries.requeued'))
                    }
                  >
                    {t('notifications.deliveries.retry')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <ChannelForm open={formOpen} editing={editing} onClose={() => setFormOpen(false)} />
    </div>
  );
}
