/**
 * The team's clients: search, state filter, registration (name, group, phone, consent). Phone width: cards.
 */
import { Button, Checkbox, Form, Input, Modal, Select, Space, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { queryClient, typedApi } from '../../app/api.ts';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { formatDate } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { CLIENT_GROUPS, type ClientFilters, INSTRUMENT_LABELS, type PsychClient, riskColour, usePsychClients } from './psych-api.ts';

export function PsychClientsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const navigate = useNavigate();
  const [filters, setFilters] = useState<ClientFilters>({ page: 1, pageSize: 50, status: 'open' });
  const list = usePsychClients(filters);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ name: string; group: PsychClient['group']; phone: string; consent: boolean }>();

  const create = async () => {
    const values = await form.validateFields();
    try {
      const client = await typedApi.post('/api/psych/clients', {
        body: {
          name: values.name,
          group: values.group,
          phone: values.phone ?? '',
          consent: Boolean(values.consent),
          linkedCaseId: null,
          linkedContactId: null,
        },
      });
      void message.success(t('psych.clients.created'));
      setCreating(false);
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['psych'] });
      navigate(`/psych/clients/${client.id}`);
    } catch (error) {
      void message.error(translateError(t, error));
    }
  };

  return (
    <div>
      <Typography.Title level={3}>{t('psych.clients.title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('psych.clients.search')}
          onSearch={(q) => setFilters((f) => ({ ...f, q: q || undefined, page: 1 }))}
          style={{ width: 220 }}
        />
        <Select
          allowClear
          value={filters.status}
          onChange={(status) => setFilters((f) => ({ ...f, status, page: 1 }))}
          options={(['open', 'closed'] as const).map((s) => ({ value: s, label: t(`psych.clients.statuses.${s}`) }))}
          style={{ width: 140 }}
        />
        {hasRight(me, RIGHTS.counsellingWrite) && (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="psych-new-client">
            {t('psych.clients.new')}
          </Button>
        )}
      </Space>
      <ResponsiveTable<PsychClient>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        data-testid="psych-clients"
        cardTitle={['code', 'name']}
        scroll={{ x: true }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
        }}
        columns={[
          {
            key: 'code',
            title: t('psych.clients.code'),
            dataIndex: 'code',
            render: (code: string, c) => <Link to={`/psych/clients/${c.id}`}>{code}</Link>,
          },
          { key: 'name', title: t('psych.clients.name'), dataIndex: 'name' },
          { key: 'group', title: t('psych.clients.group'), dataIndex: 'group', render: (g: string) => t(`psych.groups.${g}`) },
          {
            key: 'risk',
            title: t('psych.clients.risk'),
            dataIndex: 'riskLevel',
            render: (r: string | null) => (r ? <Tag color={riskColour(r)}>{t(`psych.risks.${r}`)}</Tag> : '—'),
          },
          {
            key: 'last',
            title: t('psych.clients.last'),
            dataIndex: 'lastScreening',
            render: (s: PsychClient['lastScreening']) =>
              s ? `${INSTRUMENT_LABELS[s.instrument]} ${s.score}（${t(`psych.bands.${s.band}`)}）${formatDate(s.screenedAt)}` : '—',
          },
          { key: 'status', title: t('psych.clients.status'), dataIndex: 'status', render: (s: string) => t(`psych.clients.statuses.${s}`) },
        ]}
      />
      <Modal open={creating} title={t('psych.clients.new')} onOk={() => void create()} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ group: 'public', consent: true }}>
          <Form.Item name="name" label={t('psych.clients.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="group" label={t('psych.clients.group')} rules={[{ required: true }]}>
            <Select options={CLIENT_GROUPS.map((g) => ({ value: g, label: t(`psych.groups.${g}`) }))} />
          </Form.Item>
          <Form.Item name="phone" label={t('psych.clients.phone')}>
            <Input maxLength={40} inputMode="tel" />
          </Form.Item>
          <Form.Item name="consent" valuePropName="checked">
            <Checkbox>{t('psych.clients.consent')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
