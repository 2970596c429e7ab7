/**
 * Mutual aid with neighbours (stock.read): our requests and theirs, with their status on our side; a new request
 * (stock.request) to one or several neighbours, sent when a second person approves it.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { typedApi } from '../../app/api.ts';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { useFormSave } from '../../app/use-form-save.ts';
import { type AidRequest, useAidPartners, useAidRequests } from './neighbour-work-api.ts';

export const AID_KINDS = ['staff', 'beds', 'materials', 'testing'] as const;
export const AID_STATUS_COLOURS: Record<string, string> = {
  draft: 'default',
  sent: 'processing',
  received: 'warning',
  offered: 'cyan',
  refused: 'error',
  accepted: 'blue',
  delivered: 'success',
  cancelled: 'default',
};

export function AidPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [params, setParams] = useSearchParams();
  const direction = params.get('direction') === 'incoming' ? 'incoming' : 'outgoing';
  const requests = useAidRequests(direction);
  const me = useMe();
  const [creating, setCreating] = useState(false);
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('neighbourWork.aid.title')}
        </Typography.Title>
        {hasRight(me.data, RIGHTS.stockRequest) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="aid-new">
            {t('neighbourWork.aid.new')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary">{t('neighbourWork.aid.hint')}</Typography.Paragraph>
      <Tabs
        activeKey={direction}
        onChange={(key) => setParams(key === 'incoming' ? { direction: key } : {})}
        items={[
          { key: 'outgoing', label: t('neighbourWork.aid.outgoing') },
          { key: 'incoming', label: t('neighbourWork.aid.incoming') },
        ]}
      />
      {requests.error && <Alert type="error" showIcon message={translateError(t, requests.error)} style={{ marginBottom: 16 }} />}
      <ResponsiveTable<AidRequest>
        rowKey="id"
        data-testid="aid-requests"
        cardTitle={['title', 'status']}
        loading={requests.isFetching && !requests.data}
        dataSource={requests.data?.items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('neighbourWork.aid.empty') }}
        columns={[
          {
            title: t('neighbourWork.aid.requestTitle'),
            dataIndex: 'title',
            render: (title: string, r) => <Link to={`/neighbours/aid/${r.id}`}>{title}</Link>,
          },
          {
            title: t('neighbourWork.aid.status'),
            dataIndex: 'status',
            width: 140,
            render: (s: string) => <Tag color={AID_STATUS_COLOURS[s]}>{t(`neighbourWork.aid.statuses.${s}`)}</Tag>,
          },
          {
            title: t('neighbourWork.aid.district'),
            key: 'district',
            width: 140,
            render: (_, r) => (en && r.district.nameEn ? r.district.nameEn : r.district.name),
          },
          {
            title: t('neighbourWork.aid.items'),
            key: 'items',
            render: (_, r) =>
              r.items.map((it) => `${t(`neighbourWork.aid.kinds.${it.kind}`)} ${it.description} ×${it.quantity}${it.unit}`).join('；'),
          },
          { title: t('neighbourWork.aid.neededBy'), dataIndex: 'neededBy', width: 120 },
          {
            title: t('neighbourWork.aid.updated'),
            dataIndex: 'updatedAt',
            width: 150,
            responsive: ['md'],
            render: (d: string) => formatDateTime(d),
          },
        ]}
      />
      {creating && <CreateAidModal onClose={() => setCreating(false)} />}
    </div>
  );
}

interface CreateValues {
  linkIds: string[];
  title: string;
  reason?: string;
  neededBy: string;
  items: { kind: (typeof AID_KINDS)[number]; description: string; unit?: string; quantity: number }[];
}

function CreateAidModal({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const partners = useAidPartners();
  const [form] = Form.useForm<CreateValues>();
  const { submit, saving, formError } = useFormSave(
    form,
    ['linkIds', 'title', 'reason', 'neededBy', 'items'],
    (v: CreateValues) =>
      typedApi.post('/api/neighbours/aid/requests', {
        body: {
          linkIds: v.linkIds,
          title: v.title,
          reason: v.reason ?? '',
          neededBy: v.neededBy,
          items: v.items.map((it) => ({ kind: it.kind, description: it.description, unit: it.unit ?? '', quantity: it.quantity })),
        },
      }),
    async (result) => {
      void message.success(t('neighbourWork.aid.created'));
      await queryClient.invalidateQueries({ queryKey: ['neighbour-work'] });
      onClose();
      const first = result.items[0];
      if (first) void navigate(`/neighbours/aid/${first.id}`);
    },
  );
  return (
    <Modal
      open
      width={720}
      title={t('neighbourWork.aid.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
      <Form<CreateValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ items: [{ kind: 'materials', description: '', unit: '', quantity: 1 }] }}
      >
        <Form.Item name="linkIds" label={t('neighbourWork.aid.neighbours')} rules={[{ required: true }]}>
          <Select
            mode="multiple"
            data-testid="aid-neighbours"
            options={(partners.data?.items ?? []).map((p) => ({
              value: p.id,
              disabled: !p.canAsk,
              label: `${i18n.language === 'en' && p.nameEn ? p.nameEn : p.name}${p.canAsk ? '' : ` (${t('neighbourWork.aid.cannotAsk')})`}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t('neighbourWork.aid.requestTitle')} rules={[{ required: true }]}>
          <Input maxLength={200} data-testid="aid-title" />
        </Form.Item>
        <Form.Item name="reason" label={t('neighbourWork.aid.reason')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="neededBy" label={t('neighbourWork.aid.neededBy')} rules={[{ required: true }]}>
          <Input type="date" data-testid="aid-needed-by" />
        </Form.Item>
        <Typography.Text strong>{t('neighbourWork.aid.items')}</Typography.Text>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} wrap align="baseline" style={{ display: 'flex', marginTop: 8 }}>
                  <Form.Item name={[field.name, 'kind']} rules={[{ required: true }]} noStyle>
                    <Select
                      aria-label={t('neighbourWork.aid.kind')}
                      style={{ width: 120 }}
                      options={AID_KINDS.map((value) => ({ value, label: t(`neighbourWork.aid.kinds.${value}`) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'description']} rules={[{ required: true }]} noStyle>
                    <Input placeholder={t('neighbourWork.aid.description')} style={{ width: 180 }} maxLength={200} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'quantity']} rules={[{ required: true }]} noStyle>
                    <InputNumber min={1} precision={0} placeholder={t('neighbourWork.aid.quantity')} style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'unit']} noStyle>
                    <Input placeholder={t('neighbourWork.aid.unit')} style={{ width: 80 }} maxLength={20} />
                  </Form.Item>
                  {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} aria-label="remove" />}
                </Space>
              ))}
              <Button
                type="dashed"
                onClick={() => add({ kind: 'materials', quantity: 1 })}
                icon={<PlusOutlined />}
                style={{ marginTop: 8 }}
              >
                {t('neighbourWork.aid.addItem')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
