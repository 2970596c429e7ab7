/**
 * One neighbour's contact notification (neighbours.inbox): the preview (the identity number masked; local contacts
 * of the same person as possible duplicates; the local index case it will be filed under), then accept — a contact
 * under follow-up here, the residence chosen here — or reject with a reason that goes back to the sender. Below:
 * the updates received and the comments.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, typedApi } from '../../app/api.ts';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { formatDate, formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { PageSpinner } from '../../app/page-spinner.tsx';
import { useFormSave } from '../../app/use-form-save.ts';
import { buildJurisdictionTree, useJurisdictions } from '../jurisdictions/jurisdictions-api.ts';
import { INBOX_COLOURS } from './inbox-page.tsx';
import { CommentsPanel, UpdatesPanel } from './neighbour-records.tsx';
import { type ContactPreview, useContactPreview } from './neighbours-api.ts';

export function ContactPreviewPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const preview = useContactPreview(id);
  const [deciding, setDeciding] = useState<'accept' | 'reject' | null>(null);
  if (preview.error) return <Alert type="error" showIcon message={translateError(t, preview.error)} />;
  if (!preview.data) return <PageSpinner />;
  const p = preview.data;
  const n = p.notification;
  const en = i18n.language === 'en';
  const district = en && p.districtNameEn ? p.districtNameEn : p.districtName;
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {`${t('neighbourRecords.contactPreview')} · ${district} ${n.contactCode}`}
        </Typography.Title>
        <Space wrap>
          <Tag color={INBOX_COLOURS[p.status]} data-testid="notification-status">
            {t(`neighbours.inboxStatus.${p.status}`)}
          </Tag>
          {p.status === 'pending' && (
            <>
              <Button type="primary" onClick={() => setDeciding('accept')} data-testid="accept-contact">
                {t('neighbours.preview.accept')}
              </Button>
              <Button danger onClick={() => setDeciding('reject')}>
                {t('neighbours.preview.reject')}
              </Button>
            </>
          )}
        </Space>
      </Space>
      {p.status !== 'pending' && (
        <Alert
          type={p.status === 'accepted' ? 'success' : 'warning'}
          showIcon
          style={{ marginBottom: 16 }}
          message={`${t('neighbours.preview.decided')}: ${t(`neighbours.inboxStatus.${p.status}`)} · ${p.decidedByName ?? ''} ${formatDateTime(p.decidedAt)}`}
          description={
            p.resultEntityId ? (
              <Link to={`/contacts/${p.resultEntityId}`}>{t('neighbourRecords.openContact')}</Link>
            ) : (
              p.decisionReason || undefined
            )
          }
        />
      )}
      {p.possibleDuplicates.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('neighbourRecords.duplicates')}
          description={
            <Space wrap>
              {p.possibleDuplicates.map((d) => (
                <Link key={d.id} to={`/contacts/${d.id}`}>
                  {d.code}
                </Link>
              ))}
            </Space>
          }
        />
      )}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('neighbours.inbox.disease')}>{en ? n.disease.nameEn : n.disease.name}</Descriptions.Item>
          <Descriptions.Item label={t('neighbourRecords.indexCase')}>
            {`${n.indexCase.code} · ${t(`cases.classification.${n.indexCase.classification}`, { defaultValue: n.indexCase.classification })}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('neighbourRecords.indexCaseHere')}>
            {p.indexCaseHere ? (
              <Link
                to={`/cases/${p.indexCaseHere.id}`}
              >{`${p.indexCaseHere.code} · ${t(`neighbourRecords.indexKind.${p.indexCaseHere.kind}`)}`}</Link>
            ) : (
              t('neighbourRecords.indexKind.new')
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.relation')}>
            {t(`contacts.relations.${n.relation}`, { defaultValue: n.relation })}
          </Descriptions.Item>
          <Descriptions.Item label={t('contacts.fields.setting')}>
            {t(`contacts.settings.${n.setting}`, { defaultValue: n.setting })}
          </Descriptions.Item>
          <Descriptions.Item label={t('neighbourRecords.fields.riskCategory')}>
            {t(`contacts.risks.${n.riskCategory}`, { defaultValue: n.riskCategory })}
          </Descriptions.Item>
          <Descriptions.Item label={t('neighbourRecords.fields.lastExposureAt')}>{formatDateTime(n.lastExposureAt)}</Descriptions.Item>
          <Descriptions.Item label={t('neighbourRecords.followUpUntil')}>{formatDate(n.followUpUntil)}</Descriptions.Item>
          <Descriptions.Item label={t('neighbours.preview.sex')}>{t(`neighbours.sex.${n.sex}`, { defaultValue: n.sex })}</Descriptions.Item>
          <Descriptions.Item label={t('neighbours.preview.sentBy')}>{n.sharedBy}</Descriptions.Item>
          <Descriptions.Item label={t('neighbours.preview.sentAt')}>{formatDateTime(p.sentAt)}</Descriptions.Item>
          {n.note && <Descriptions.Item label={t('neighbours.preview.note')}>{n.note}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card size="small" title={t('neighbours.preview.person')} style={{ marginBottom: 16 }}>
        {n.person ? (
          <Descriptions size="small" column={{ xs: 1, md: 2 }} data-testid="notified-person">
            <Descriptions.Item label={t('neighbours.preview.name')}>{n.person.name}</Descriptions.Item>
            <Descriptions.Item label={t('neighbours.preview.idNumber')}>{n.person.idNumberMasked || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('neighbours.preview.phone')}>{n.person.phone || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('neighbours.preview.address')}>{n.person.address || '—'}</Descriptions.Item>
          </Descriptions>
        ) : (
          <Typography.Text type="secondary">{t('neighbours.preview.noPerson')}</Typography.Text>
        )}
      </Card>
      <UpdatesPanel notificationId={p.id} canResolve={hasRight(me.data, RIGHTS.contactsWrite)} />
      <CommentsPanel notificationId={p.id} canWrite />
      <AcceptContactDialog preview={p} open={deciding === 'accept'} onClose={() => setDeciding(null)} />
      <RejectContactDialog preview={p} open={deciding === 'reject'} onClose={() => setDeciding(null)} />
    </div>
  );
}

interface CaseOption {
  id: string;
  code: string;
  personName: string;
}

function AcceptContactDialog({ preview, open, onClose }: { preview: ContactPreview; open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const jurisdictions = useJurisdictions();
  const tree = useMemo(() => buildJurisdictionTree(jurisdictions.data ?? [], i18n.language), [jurisdictions.data, i18n.language]);
  const [options, setOptions] = useState<CaseOption[]>([]);
  const [form] = Form.useForm<{ jurisdictionId: string; indexCaseId?: string }>();
  const { submit, saving, formError } = useFormSave(
    form,
    ['jurisdictionId', 'indexCaseId'],
    (v: { jurisdictionId: string; indexCaseId?: string }) =>
      typedApi.post('/api/neighbours/contact-notifications/{id}/accept', {
        path: { id: preview.id },
        body: { jurisdictionId: v.jurisdictionId, indexCaseId: v.indexCaseId ?? null },
      }),
    async () => {
      void message.success(t('neighbourRecords.contactAccepted'));
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['neighbours'] });
    },
  );
  async function search(q: string) {
    if (q.trim().length < 1) return;
    const found = await api.get<{ items: CaseOption[] }>('/api/cases', { q: q.trim(), pageSize: 20 });
    setOptions(found.items);
  }
  return (
    <Modal
      open={open}
      title={t('neighbourRecords.acceptContactTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="jurisdictionId"
          label={t('neighbours.preview.residence')}
          rules={[{ required: true, message: t('neighbours.required') }]}
        >
          <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" treeDefaultExpandAll data-testid="accept-residence" />
        </Form.Item>
        <Form.Item name="indexCaseId" label={t('neighbourRecords.indexCaseChoice')} extra={t('neighbourRecords.indexCaseChoiceHint')}>
          <Select
            allowClear
            showSearch
            filterOption={false}
            onSearch={(q) => void search(q)}
            options={options.map((c) => ({ value: c.id, label: `${c.code} ${c.personName}` }))}
            data-testid="accept-index-case"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RejectContactDialog({ preview, open, onClose }: { preview: ContactPreview; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const { submit, saving, formError } = useFormSave(
    form,
    ['reason'],
    (v: { reason: string }) =>
      typedApi.post('/api/neighbours/contact-notifications/{id}/reject', { path: { id: preview.id }, body: { reason: v.reason } }),
    async () => {
      void message.success(t('neighbours.preview.rejected'));
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['neighbours'] });
    },
  );
  return (
    <Modal
      open={open}
      title={t('neighbours.preview.rejectTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="reason"
          label={t('neighbours.fields.reason')}
          rules={[{ required: true, whitespace: true, message: t('neighbours.reasonRequired') }]}
        >
          <Input.TextArea maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
