/**
 * Links with neighbouring districts: this platform's identity (what a neighbour's administrator needs), the
 * links with their state, agreement and delivery state, and (neighbours.manage) proposing a new link.
 */
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { typedApi } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { translateError } from '../../app/errors.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { useFormSave } from '../../app/use-form-save.ts';
import { localName } from '../jurisdictions/jurisdictions-api.ts';
import { type Neighbour, useIdentity, useNeighbours } from './neighbours-api.ts';

export const STATE_COLOURS = { proposed: 'gold', active: 'green', suspended: 'orange', revoked: 'default' } as const;

/** The delivery counts of a link, as tags. */
export function DeliveryTags({ delivery }: { delivery: Neighbour['delivery'] }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <Tag color={delivery.pending > 0 ? 'blue' : 'default'}>{`${t('neighbours.delivery.pending')} ${delivery.pending}`}</Tag>
      <Tag color="green">{`${t('neighbours.delivery.delivered')} ${delivery.delivered}`}</Tag>
      <Tag color={delivery.failed > 0 ? 'red' : 'default'}>{`${t('neighbours.delivery.failed')} ${delivery.failed}`}</Tag>
    </Space>
  );
}

export function NeighboursPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const neighbours = useNeighbours();
  const identity = useIdentity();
  const [adding, setAdding] = useState(false);
  const canManage = hasRight(me.data, RIGHTS.neighboursManage);

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('neighbours.title')}
        </Typography.Title>
        {canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('neighbours.add')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary">{t('neighbours.intro')}</Typography.Paragraph>
      {neighbours.error && <Alert type="error" showIcon message={translateError(t, neighbours.error)} style={{ marginBottom: 16 }} />}
      <ResponsiveTable<Neighbour>
        data-testid="neighbour-list"
        cardTitle={['name', 'state']}
        rowKey="id"
        loading={neighbours.isFetching && !neighbours.data}
        dataSource={neighbours.data?.items}
        pagination={false}
        locale={{ emptyText: t('neighbours.empty') }}
        onRow={(n) => ({ onClick: () => navigate(`/neighbours/${n.id}`) })}
        columns={[
          {
            title: t('neighbours.fields.district'),
            dataIndex: 'name',
            render: (_: string, n) => <Link to={`/neighbours/${n.id}`}>{`${localName(n, i18n.language)} ${n.districtCode}`}</Link>,
          },
          {
            title: t('neighbours.fields.state'),
            dataIndex: 'state',
            render: (_: string, n) => (
              <Space size={4} wrap>
                <Tag color={STATE_COLOURS[n.state]}>{t(`neighbours.state.${n.state}`)}</Tag>
                {n.state === 'active' && (
                  <Tag color={n.peerConfirmed ? 'green' : 'gold'}>
                    {n.peerConfirmed ? t('neighbours.peerConfirmed') : t('neighbours.peerWaiting')}
                  </Tag>
                )}
              </Space>
            ),
          },
          { title: t('neighbours.fields.delivery'), render: (_, n) => <DeliveryTags delivery={n.delivery} /> },
          { title: t('neighbours.fields.inbox'), dataIndex: 'inboxPending' },
          { title: t('neighbours.fields.baseUrl'), dataIndex: 'baseUrl', responsive: ['md'] },
        ]}
      />
      {identity.data && (
        <Card size="small" title={t('neighbours.identity')} style={{ marginTop: 16 }}>
          <Typography.Paragraph type="secondary">{t('neighbours.identityHint')}</Typography.Paragraph>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('neighbours.publicKey')}>
              <Typography.Text copyable code data-testid="own-public-key">
                {identity.data.publicKey}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('neighbours.fingerprint')}>
              <Typography.Text code>{identity.data.fingerprint}</Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {canManage && <LinkDialog open={adding} onClose={() => setAdding(false)} />}
    </div>
  );
}

interface LinkValues {
  districtCode: string;
  name: string;
  nameEn?: string;
  baseUrl: string;
  publicKey: string;
}

function LinkDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<LinkValues>();
  const { submit, saving, formError } = useFormSave(
    form,
    ['districtCode', 'name', 'nameEn', 'baseUrl', 'publicKey'],
    (v: LinkValues) =>
      typedApi.post('/api/neighbours', {
        body: { districtCode: v.districtCode, name: v.name, nameEn: v.nameEn ?? '', baseUrl: v.baseUrl, publicKey: v.publicKey },
      }),
    async (link) => {
      void message.success(t('neighbours.actions.done'));
      form.resetFields();
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['neighbours'] });
      navigate(`/neighbours/${link.id}`);
    },
  );
  const required = [{ required: true, message: t('neighbours.required') }];
  return (
    <Modal open={open} title={t('neighbours.add')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} destroyOnHidden>
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
      <Form<LinkValues> form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="districtCode" label={t('neighbours.fields.districtCode')} rules={required}>
          <Input maxLength={6} inputMode="numeric" />
        </Form.Item>
        <Form.Item name="name" label={t('neighbours.fields.name')} rules={required}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('neighbours.fields.nameEn')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="baseUrl" label={t('neighbours.fields.baseUrl')} rules={required}>
          <Input maxLength={300} placeholder="https://" />
        </Form.Item>
        <Form.Item name="publicKey" label={t('neighbours.fields.publicKey')} rules={required}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
