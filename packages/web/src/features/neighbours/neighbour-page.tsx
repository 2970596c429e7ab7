/**
 * One link with a neighbouring district: its state and the actions on it (neighbours.manage: approve, suspend,
 * resume, revoke), the agreement, the delivery state and the latest messages sent, the cases notified and the
 * neighbour's decisions, and (neighbours.share) notifying it of a case.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Descriptions, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, typedApi } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { PageSpinner } from '../../app/page-spinner.tsx';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { useFormSave } from '../../app/use-form-save.ts';
import { localName, useJurisdictions } from '../jurisdictions/jurisdictions-api.ts';
import { type Agreements, type NeighbourDetail, useNeighbour } from './neighbours-api.ts';
import { DeliveryTags, STATE_COLOURS } from './neighbours-page.tsx';

type OutboxRow = NeighbourDetail['outbox'][number];
type ShareRow = NeighbourDetail['shares'][number];

export function NeighbourPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const link = useNeighbour(id);
  if (link.error) return <Alert type="error" showIcon message={translateError(t, link.error)} />;
  if (!link.data) return <PageSpinner />;
  const n = link.data;
  const canManage = hasRight(me.data, RIGHTS.neighboursManage);
  const canShare = hasRight(me.data, RIGHTS.neighboursShare) && hasRight(me.data, RIGHTS.casesRead);
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {`${localName(n, i18n.language)} ${n.districtCode}`}
        </Typography.Title>
        {canManage && <LinkActions link={n} />}
      </Space>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('neighbours.fields.state')}>
            <Space size={4} wrap>
              <Tag color={STATE_COLOURS[n.state]} data-testid="link-state">
                {t(`neighbours.state.${n.state}`)}
              </Tag>
              {n.state === 'active' && (
                <Tag color={n.peerConfirmed ? 'green' : 'gold'}>
                  {n.peerConfirmed ? t('neighbours.peerConfirmed') : t('neighbours.peerWaiting')}
                </Tag>
              )}
              {n.stateReason && <Typography.Text type="secondary">{n.stateReason}</Typography.Text>}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('neighbours.fields.baseUrl')}>{n.baseUrl}</Descriptions.Item>
          <Descriptions.Item label={t('neighbours.fingerprint')}>
            <Typography.Text code>{n.peerFingerprint}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('neighbours.fields.delivery')}>
            <DeliveryTags delivery={n.delivery} />
          </Descriptions.Item>
          {n.delivery.lastError && (
            <Descriptions.Item label={t('neighbours.delivery.lastError')}>
              {`${n.delivery.lastError} · ${t('neighbours.delivery.nextAttempt')} ${formatDateTime(n.delivery.nextAttemptAt)}`}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <AgreementsCard link={n} editable={canManage && n.state !== 'revoked'} />
      {canShare && <SharePanel link={n} />}
      <Card size="small" title={t('neighbours.shares')} style={{ marginBottom: 16 }}>
        <ResponsiveTable<ShareRow>
          rowKey="id"
          cardTitle={['createdAt', 'status']}
          dataSource={n.shares}
          pagination={false}
          columns={[
            { title: t('neighbours.createdAt'), dataIndex: 'createdAt', render: (d: string) => formatDateTime(d) },
            {
              title: t('neighbours.shareStatus.sent'),
              dataIndex: 'entityId',
              render: (entityId: string, r) =>
                r.entityType === 'contact' ? (
                  <Link to={`/contacts/${entityId}`}>{t('neighbourRecords.openContact')}</Link>
                ) : (
                  <Link to={`/cases/${entityId}`}>{t('neighbours.preview.openCase')}</Link>
                ),
            },
            {
              title: t('neighbours.fields.agreements'),
              dataIndex: 'withPersonalData',
              render: (p: boolean) => t(p ? 'neighbours.personal.yes' : 'neighbours.personal.no'),
            },
            {
              title: t('neighbours.inbox.status'),
              dataIndex: 'status',
              render: (s: ShareRow['status'], r) => (
                <Space size={4} wrap>
                  <Tag color={s === 'accepted' ? 'green' : s === 'rejected' ? 'red' : 'blue'}>{t(`neighbours.shareStatus.${s}`)}</Tag>
                  {r.decisionReason && <Typography.Text type="secondary">{r.decisionReason}</Typography.Text>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('neighbours.outbox')}>
        <ResponsiveTable<OutboxRow>
          rowKey="id"
          cardTitle={['seq', 'status']}
          dataSource={n.outbox}
          pagination={false}
          columns={[
            { title: t('neighbours.seq'), dataIndex: 'seq' },
            { title: t('neighbours.createdAt'), dataIndex: 'createdAt', render: (d: string) => formatDateTime(d) },
            {
              title: t('neighbours.fields.delivery'),
              dataIndex: 'kind',
              render: (k: string) => t(`neighbours.kind.${k.replace('.', '_')}`, { defaultValue: k }),
            },
            {
              title: t('neighbours.inbox.status'),
              dataIndex: 'status',
              render: (s: OutboxRow['status'], r) => (
                <Space size={4} wrap>
                  <Tag color={s === 'delivered' ? 'green' : s === 'failed' ? 'red' : s === 'pending' ? 'blue' : 'default'}>
                    {t(`neighbours.delivery.${s}`)}
                  </Tag>
                  {r.lastError && <Typography.Text type="secondary">{r.lastError}</Typography.Text>}
                </Space>
              ),
            },
            { title: t('neighbours.attempts'), dataIndex: 'attempts', responsive: ['md'] },
          ]}
        />
      </Card>
    </div>
  );
}

function LinkActions({ link }: { link: NeighbourDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [reasonFor, setReasonFor] = useState<'suspend' | 'revoke' | null>(null);
  const [reason, setReason] = useState('');
  const path = { path: { id: link.id } };
  async function run(step: () => Promise<unknown>) {
    setError(null);
    try {
      await step();
      void message.success(t('neighbours.actions.done'));
      await queryClient.invalidateQueries({ queryKey: ['neighbours'] });
      return true;
    } catch (e) {
      setError(translateError(t, e));
      return false;
    }
  }
  return (
    <Space wrap>
      {error && <Alert type="error" showIcon message={error} />}
      {link.state === 'proposed' && (
        <Button type="primary" onClick={() => run(() => typedApi.post('/api/neighbours/{id}/approve', path))}>
          {t('neighbours.actions.approve')}
        </Button>
      )}
      {link.state === 'active' && <Button onClick={() => setReasonFor('suspend')}>{t('neighbours.actions.suspend')}</Button>}
      {link.state === 'suspended' && (
        <Button onClick={() => run(() => typedApi.post('/api/neighbours/{id}/resume', path))}>{t('neighbours.actions.resume')}</Button>
      )}
      {link.state !== 'revoked' && (
        <Button danger onClick={() => setReasonFor('revoke')}>
          {t('neighbours.actions.revoke')}
        </Button>
      )}
      <Modal
        open={reasonFor !== null}
        title={reasonFor ? t(`neighbours.actions.${reasonFor}`) : ''}
        onCancel={() => setReasonFor(null)}
        okButtonProps={{ disabled: reason.trim() === '', danger: reasonFor === 'revoke' }}
        onOk={async () => {
          const body = { reason: reason.trim() };
          const ok = await run(() =>
            reasonFor === 'revoke'
              ? typedApi.post('/api/neighbours/{id}/revoke', { ...path, body })
              : typedApi.post('/api/neighbours/{id}/suspend', { ...path, body }),
          );
          if (ok) {
            setReasonFor(null);
            setReason('');
          }
        }}
        destroyOnHidden
      >
        {reasonFor === 'revoke' && (
          <Alert type="warning" showIcon message={t('neighbours.actions.revokeConfirm')} style={{ marginBottom: 12 }} />
        )}
        <Input.TextArea
          aria-label={t('neighbours.fields.reason')}
          placeholder={t('neighbours.reasonRequired')}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Space>
  );
}

function AgreementsCard({ link, editable }: { link: NeighbourDetail; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const jurisdictions = useJurisdictions();
  const townships = (jurisdictions.data ?? [])
    .filter((j) => j.level === 'township' && j.parentId === link.jurisdictionId)
    .map((j) => ({ value: j.id, label: localName(j, i18n.language) }));
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Agreements>();
  const { submit, saving, formError } = useFormSave(
    form,
    [],
    (v: Agreements) => typedApi.put('/api/neighbours/{id}/agreements', { path: { id: link.id }, body: { agreements: v } }),
    async () => {
      void message.success(t('neighbours.agreement.saved'));
      await queryClient.invalidateQueries({ queryKey: ['neighbours'] });
    },
  );
  return (
    <Card size="small" title={t('neighbours.fields.agreements')} style={{ marginBottom: 16 }}>
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
      <Form<Agreements>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ contactNotifications: { send: false, accept: false, personalData: false }, ...link.agreements }}
        disabled={!editable}
      >
        <Typography.Text strong>{t('neighbours.agreement.caseNotifications')}</Typography.Text>
        <Space wrap style={{ display: 'flex', marginTop: 8 }}>
          <Form.Item name={['caseNotifications', 'send']} valuePropName="checked" noStyle>
            <Checkbox>{t('neighbours.agreement.send')}</Checkbox>
          </Form.Item>
          <Form.Item name={['caseNotifications', 'accept']} valuePropName="checked" noStyle>
            <Checkbox>{t('neighbours.agreement.accept')}</Checkbox>
          </Form.Item>
          <Form.Item name={['caseNotifications', 'personalData']} valuePropName="checked" noStyle>
            <Checkbox>{t('neighbours.agreement.personalData')}</Checkbox>
          </Form.Item>
        </Space>
        <Typography.Text strong style={{ display: 'block', marginTop: 16 }}>
          {t('neighbourRecords.agreement')}
        </Typography.Text>
        <Space wrap style={{ display: 'flex', marginTop: 8 }}>
          <Form.Item name={['contactNotifications', 'send']} valuePropName="checked" noStyle>
            <Checkbox data-testid="contacts-send">{t('neighbours.agreement.send')}</Checkbox>
          </Form.Item>
          <Form.Item name={['contactNotifications', 'accept']} valuePropName="checked" noStyle>
            <Checkbox>{t('neighbours.agreement.accept')}</Checkbox>
          </Form.Item>
          <Form.Item name={['contactNotifications', 'personalData']} valuePropName="checked" noStyle>
            <Checkbox>{t('neighbours.agreement.personalData')}</Checkbox>
          </Form.Item>
        </Space>
        <Typography.Text strong style={{ display: 'block', marginTop: 16 }}>
          {t('neighbours.agreement.borderAlerts')}
        </Typography.Text>
        <Space wrap style={{ display: 'flex', marginTop: 8 }}>
          <Form.Item name={['borderAlerts', 'send']} valuePropName="checked" noStyle>
            <Checkbox>{t('neighbours.agreement.send')}</Checkbox>
          </Form.Item>
          <Form.Item name={['borderAlerts', 'accept']} valuePropName="checked" noStyle>
            <Checkbox>{t('neighbours.agreement.accept')}</Checkbox>
          </Form.Item>
          <Form.Item name={['borderAlerts', 'synced']} valuePropName="checked" noStyle>
            <Checkbox>{t('neighbours.agreement.synced')}</Checkbox>
          </Form.Item>
        </Space>
        <Form.Item name={['borderAlerts', 'townshipIds']} label={t('neighbours.agreement.townships')} style={{ marginTop: 8 }}>
          <Select mode="multiple" allowClear optionFilterProp="label" options={townships} data-testid="border-townships" />
        </Form.Item>
        {editable && (
          <Button htmlType="submit" loading={saving} style={{ marginTop: 12 }}>
            {t('neighbours.agreement.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}

interface CaseOption {
  id: string;
  code: string;
  personName: string;
}

function SharePanel({ link }: { link: NeighbourDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [options, setOptions] = useState<CaseOption[]>([]);
  const [form] = Form.useForm<{ caseId: string; note?: string }>();
  const { submit, saving, formError } = useFormSave(
    form,
    ['caseId', 'note'],
    (v: { caseId: string; note?: string }) =>
      typedApi.post('/api/neighbours/{id}/case-notifications', { path: { id: link.id }, body: { caseId: v.caseId, note: v.note ?? '' } }),
    async () => {
      void message.success(t('neighbours.share.sent'));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['neighbours'] });
    },
  );
  if (link.state !== 'active') return null;
  if (!link.agreements.caseNotifications.send)
    return <Alert type="info" showIcon message={t('neighbours.share.none')} style={{ marginBottom: 16 }} />;
  async function search(q: string) {
    if (q.trim().length < 1) return;
    const found = await api.get<{ items: CaseOption[] }>('/api/cases', { q: q.trim(), pageSize: 20 });
    setOptions(found.items);
  }
  return (
    <Card size="small" title={t('neighbours.share.title')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('neighbours.share.hint')}</Typography.Paragraph>
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="caseId" label={t('neighbours.share.search')} rules={[{ required: true, message: t('neighbours.required') }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={(q) => void search(q)}
            options={options.map((c) => ({ value: c.id, label: `${c.code} ${c.personName}` }))}
            data-testid="share-case"
          />
        </Form.Item>
        <Form.Item name="note" label={t('neighbours.share.note')}>
          <Input.TextArea maxLength={1000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('neighbours.share.send')}
        </Button>
      </Form>
    </Card>
  );
}
