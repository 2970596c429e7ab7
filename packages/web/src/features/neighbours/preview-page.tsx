/**
 * One neighbour's case notification (neighbours.inbox): the preview (the identity number masked; local
 * reports of the same person as possible duplicates), then accept — a case report of this district, with the
 * residence chosen here — or reject with a reason that goes back to the sender.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { typedApi } from '../../app/api.ts';
import { formatDate, formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { PageSpinner } from '../../app/page-spinner.tsx';
import { useFormSave } from '../../app/use-form-save.ts';
import { ALL_ON_ONE_PAGE, useFacilities } from '../facilities/facilities-api.ts';
import { buildJurisdictionTree, localName, useJurisdictions } from '../jurisdictions/jurisdictions-api.ts';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { INBOX_COLOURS } from './inbox-page.tsx';
import { CommentsPanel, UpdatesPanel } from './neighbour-records.tsx';
import { type Preview, usePreview } from './neighbours-api.ts';

export function PreviewPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const preview = usePreview(id);
  const me = useMe();
  const [deciding, setDeciding] = useState<'accept' | 'reject' | null>(null);
  if (preview.error) return <Alert type="error" showIcon message={translateError(t, preview.error)} />;
  if (!preview.data) return <PageSpinner />;
  const p = preview.data;
  const n = p.notification;
  const en = i18n.language === 'en';
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {`${t('neighbours.preview.title')} · ${en && p.districtNameEn ? p.districtNameEn : p.districtName} ${n.caseCode}`}
        </Typography.Title>
        <Space wrap>
          <Tag color={INBOX_COLOURS[p.status]} data-testid="notification-status">
            {t(`neighbours.inboxStatus.${p.status}`)}
          </Tag>
          {p.status === 'pending' && (
            <>
              <Button type="primary" onClick={() => setDeciding('accept')}>
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
              <Link to={`/cases/${p.resultEntityId}`}>{t('neighbours.preview.openCase')}</Link>
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
          message={t('neighbours.preview.duplicates')}
          description={
            <Space wrap>
              {p.possibleDuplicates.map((d) => (
                <Link key={d.id} to={`/cases/${d.id}`}>
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
          <Descriptions.Item label={t('neighbours.inbox.classification')}>
            {t(`cases.classification.${n.classification}`, { defaultValue: n.classification })}
          </Descriptions.Item>
          <Descriptions.Item label={t('neighbours.preview.sex')}>{t(`neighbours.sex.${n.sex}`, { defaultValue: n.sex })}</Descriptions.Item>
          <Descriptions.Item label={t('neighbours.preview.age')}>{n.age ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('neighbours.inbox.onsetDate')}>{formatDate(n.onsetDate)}</Descriptions.Item>
          <Descriptions.Item label={t('neighbours.preview.diagnosisAt')}>{formatDateTime(n.diagnosisAt)}</Descriptions.Item>
          <Descriptions.Item label={t('neighbours.preview.reportedAt')}>{formatDateTime(n.reportedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('neighbours.preview.reportingUnit')}>{n.reportingUnit || '—'}</Descriptions.Item>
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
            <Descriptions.Item label={t('neighbours.preview.birthDate')}>{formatDate(n.birthDate)}</Descriptions.Item>
            <Descriptions.Item label={t('neighbours.preview.phone')}>{n.person.phone || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('neighbours.preview.address')}>{n.person.address || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('neighbours.preview.occupation')}>{n.person.occupation || '—'}</Descriptions.Item>
          </Descriptions>
        ) : (
          <Typography.Text type="secondary">{t('neighbours.preview.noPerson')}</Typography.Text>
        )}
      </Card>
      {n.labResults.length > 0 && (
        <Card size="small" title={t('neighbours.preview.labs')}>
          {n.labResults.map((l, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list of the notification's results
            <div key={i}>{[l.test, l.specimen, l.result, l.at].filter(Boolean).join(' · ')}</div>
          ))}
        </Card>
      )}
      <UpdatesPanel notificationId={p.id} canResolve={hasRight(me.data, RIGHTS.casesReport)} />
      <CommentsPanel notificationId={p.id} canWrite />
      <AcceptDialog preview={p} open={deciding === 'accept'} onClose={() => setDeciding(null)} />
      <RejectDialog preview={p} open={deciding === 'reject'} onClose={() => setDeciding(null)} />
    </div>
  );
}

function AcceptDialog({ preview, open, onClose }: { preview: Preview; open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const jurisdictions = useJurisdictions();
  const tree = useMemo(() => buildJurisdictionTree(jurisdictions.data ?? [], i18n.language), [jurisdictions.data, i18n.language]);
  const facilities = useFacilities({ pageSize: ALL_ON_ONE_PAGE });
  const [form] = Form.useForm<{ jurisdictionId: string; facilityId?: string }>();
  const { submit, saving, formError } = useFormSave(
    form,
    ['jurisdictionId', 'facilityId'],
    (v: { jurisdictionId: string; facilityId?: string }) =>
      typedApi.post('/api/neighbours/inbox/{id}/accept', {
        path: { id: preview.id },
        body: { jurisdictionId: v.jurisdictionId, facilityId: v.facilityId ?? null },
      }),
    async () => {
      void message.success(t('neighbours.preview.accepted'));
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['neighbours'] });
    },
  );
  return (
    <Modal
      open={open}
      title={t('neighbours.preview.acceptTitle')}
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
        <Form.Item name="facilityId" label={t('neighbours.preview.facility')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            data-testid="accept-facility"
            options={(facilities.data?.items ?? []).map((f) => ({ value: f.id, label: localName(f, i18n.language) }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RejectDialog({ preview, open, onClose }: { preview: Preview; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const { submit, saving, formError } = useFormSave(
    form,
    ['reason'],
    (v: { reason: string }) => typedApi.post('/api/neighbours/inbox/{id}/reject', { path: { id: preview.id }, body: { reason: v.reason } }),
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
