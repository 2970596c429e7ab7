/**
 * Neighbours on a record's own page (issue 16, 0067): on a case's or a contact's page, where and when it was
 * shared and its status at each neighbour (decision, version sent, comments both ways), or where it came from
 * when a neighbour notified it; a button to notify a linked neighbour. On a received notification's preview, the
 * updates received (versions applied, waiting, stale, conflicts to resolve) and the comments.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, List, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { typedApi } from '../../app/api.ts';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useFormSave } from '../../app/use-form-save.ts';
import {
  type NeighbourUpdate,
  type RecordShare,
  useComments,
  useNeighbours,
  useRecordProvenance,
  useRecordShares,
  useUpdates,
} from './neighbours-api.ts';

type Entity = 'case_report' | 'contact';
const SHARE_COLOURS = { sent: 'blue', accepted: 'green', rejected: 'red' } as const;
const UPDATE_COLOURS = {
  applied: 'green',
  waiting: 'gold',
  stale: 'default',
  ignored: 'default',
  conflict: 'red',
  resolved: 'cyan',
} as const;

/** The neighbours card of a case's or contact's page; nothing when the record was never shared nor received. */
export function NeighbourSharingPanel({ entity, id }: { entity: Entity; id: string }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const shares = useRecordShares(entity, id);
  const provenance = useRecordProvenance(entity, id);
  const [notifying, setNotifying] = useState(false);
  const canShare = hasRight(me.data, RIGHTS.neighboursShare) && hasRight(me.data, RIGHTS.neighboursRead);
  const canInbox = hasRight(me.data, RIGHTS.neighboursInbox);
  const items = shares.data?.items ?? [];
  const from = provenance.data;
  if (items.length === 0 && !from && !canShare) return null;
  const en = i18n.language === 'en';
  return (
    <Card
      size="small"
      title={t('neighbourRecords.title')}
      style={{ marginTop: 16, marginBottom: 16 }}
      data-testid="neighbour-sharing"
      extra={
        canShare && (
          <Button size="small" onClick={() => setNotifying(true)} data-testid="notify-neighbour">
            {t('neighbourRecords.notify')}
          </Button>
        )
      }
    >
      {from && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: items.length > 0 ? 12 : 0 }}
          data-testid="neighbour-provenance"
          message={t('neighbourRecords.receivedFrom', {
            district: en && from.districtNameEn ? from.districtNameEn : from.districtName,
            code: from.senderCode,
          })}
          description={
            <Space direction="vertical" size={2}>
              <span>{`${t('neighbourRecords.sentBy')}: ${from.sharedBy} · ${formatDateTime(from.sentAt)}`}</span>
              <span>{`${t('neighbourRecords.acceptedBy')}: ${from.acceptedBy ?? '—'} · ${formatDateTime(from.acceptedAt)}`}</span>
              {canInbox && (
                <Link to={entity === 'contact' ? `/neighbours/inbox/contacts/${from.messageId}` : `/neighbours/inbox/${from.messageId}`}>
                  {t('neighbourRecords.openNotification')}
                </Link>
              )}
            </Space>
          }
        />
      )}
      {shares.error && <Alert type="error" showIcon message={translateError(t, shares.error)} />}
      {items.length === 0 && !from && <Typography.Text type="secondary">{t('neighbourRecords.notShared')}</Typography.Text>}
      {items.length > 0 && (
        <List<RecordShare> size="small" dataSource={items} data-testid="neighbour-shares" renderItem={(s) => <ShareItem share={s} />} />
      )}
      {notifying && <NotifyDialog entity={entity} id={id} onClose={() => setNotifying(false)} />}
    </Card>
  );
}

function ShareItem({ share }: { share: RecordShare }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <List.Item style={{ display: 'block' }}>
      <Space wrap size={[8, 4]}>
        <Typography.Text strong>{i18n.language === 'en' && share.nameEn ? share.nameEn : share.name}</Typography.Text>
        <Tag color={SHARE_COLOURS[share.status]}>{t(`neighbours.shareStatus.${share.status}`)}</Tag>
        <Typography.Text type="secondary">{`${t('neighbourRecords.sharedAt')} ${formatDateTime(share.createdAt)}`}</Typography.Text>
        <Tag>{t(share.withPersonalData ? 'neighbours.personal.yes' : 'neighbours.personal.no')}</Tag>
        <Tag>{t('neighbourRecords.version', { version: share.version })}</Tag>
        {share.linkState !== 'active' && <Tag color="default">{t(`neighbours.state.${share.linkState}`)}</Tag>}
        <Button size="small" type="link" onClick={() => setOpen(!open)}>
          {t('neighbourRecords.comments', { count: share.comments })}
        </Button>
      </Space>
      {share.decidedAt && (
        <div>
          <Typography.Text type="secondary">
            {`${share.decidedByName || '—'} · ${formatDateTime(share.decidedAt)}${share.decisionReason ? ` · ${share.decisionReason}` : ''}`}
          </Typography.Text>
        </div>
      )}
      {open && <CommentsPanel notificationId={share.messageId} canWrite={share.linkState === 'active'} bare />}
    </List.Item>
  );
}

interface LinkOption {
  id: string;
  label: string;
}

function NotifyDialog({ entity, id, onClose }: { entity: Entity; id: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const neighbours = useNeighbours();
  const links: LinkOption[] = (neighbours.data?.items ?? [])
    .filter(
      (l) => l.state === 'active' && (entity === 'contact' ? l.agreements.contactNotifications?.send : l.agreements.caseNotifications.send),
    )
    .map((l) => ({ id: l.id, label: i18n.language === 'en' && l.nameEn ? l.nameEn : l.name }));
  const [form] = Form.useForm<{ linkId: string; note?: string }>();
  const { submit, saving, formError } = useFormSave(
    form,
    ['linkId', 'note'],
    (v: { linkId: string; note?: string }): Promise<unknown> =>
      entity === 'contact'
        ? typedApi.post('/api/neighbours/{id}/contact-notifications', {
            path: { id: v.linkId },
            body: { contactId: id, note: v.note ?? '' },
          })
        : typedApi.post('/api/neighbours/{id}/case-notifications', { path: { id: v.linkId }, body: { caseId: id, note: v.note ?? '' } }),
    async () => {
      void message.success(t('neighbours.share.sent'));
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['neighbours'] });
    },
  );
  return (
    <Modal
      open
      title={t('neighbourRecords.notifyTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t(entity === 'contact' ? 'neighbourRecords.notifyContactHint' : 'neighbourRecords.notifyCaseHint')}
      </Typography.Paragraph>
      {links.length === 0 && !neighbours.isLoading && <Alert type="info" showIcon message={t('neighbourRecords.noLink')} />}
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="linkId" label={t('neighbours.fields.district')} rules={[{ required: true, message: t('neighbours.required') }]}>
          <Select options={links.map((l) => ({ value: l.id, label: l.label }))} data-testid="notify-link" />
        </Form.Item>
        <Form.Item name="note" label={t('neighbours.share.note')}>
          <Input.TextArea maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The comments on a notification (both ways) and a box to add one. */
export function CommentsPanel({ notificationId, canWrite, bare }: { notificationId: string; canWrite: boolean; bare?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const comments = useComments(notificationId);
  const [form] = Form.useForm<{ body: string }>();
  const { submit, saving, formError } = useFormSave(
    form,
    ['body'],
    (v: { body: string }) =>
      typedApi.post('/api/neighbours/notifications/{id}/comments', { path: { id: notificationId }, body: { body: v.body } }),
    async () => {
      void message.success(t('neighbourRecords.commentSent'));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['neighbours'] });
    },
  );
  const body = (
    <div data-testid="neighbour-comments">
      {comments.error && <Alert type="error" showIcon message={translateError(t, comments.error)} />}
      <List
        size="small"
        dataSource={comments.data?.items ?? []}
        locale={{ emptyText: t('neighbourRecords.noComments') }}
        renderItem={(c) => (
          <List.Item>
            <Space direction="vertical" size={0}>
              <Space wrap size={4}>
                <Tag color={c.direction === 'in' ? 'purple' : 'blue'}>{t(`neighbourRecords.direction.${c.direction}`)}</Tag>
                <Typography.Text strong>{c.authorName}</Typography.Text>
                <Typography.Text type="secondary">{formatDateTime(c.createdAt)}</Typography.Text>
              </Space>
              <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{c.body}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {canWrite && (
        <Form form={form} layout="vertical" onFinish={submit} style={{ marginTop: 8 }}>
          {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 8 }} />}
          <Form.Item
            name="body"
            label={t('neighbourRecords.comment')}
            extra={t('neighbourRecords.commentHint')}
            rules={[{ required: true, whitespace: true, message: t('neighbours.required') }]}
          >
            <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="comment-body" />
          </Form.Item>
          <Button htmlType="submit" loading={saving}>
            {t('neighbourRecords.send')}
          </Button>
        </Form>
      )}
    </div>
  );
  if (bare) return body;
  return (
    <Card size="small" title={t('neighbourRecords.commentsTitle')} style={{ marginTop: 16 }}>
      {body}
    </Card>
  );
}

const show = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
};

/** The updates received for a notification: versions, their state, and conflicts to resolve. */
export function UpdatesPanel({ notificationId, canResolve }: { notificationId: string; canResolve: boolean }) {
  const { t } = useTranslation();
  const updates = useUpdates(notificationId);
  const items = updates.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card
      size="small"
      title={`${t('neighbourRecords.updatesTitle')} · ${t('neighbourRecords.version', { version: updates.data?.appliedVersion ?? 1 })}`}
      style={{ marginTop: 16 }}
      data-testid="neighbour-updates"
    >
      <List<NeighbourUpdate> size="small" dataSource={items} renderItem={(u) => <UpdateItem update={u} canResolve={canResolve} />} />
    </Card>
  );
}

function UpdateItem({ update, canResolve }: { update: NeighbourUpdate; canResolve: boolean }) {
  const { t } = useTranslation();
  const [resolving, setResolving] = useState(false);
  const fieldName = (f: string) => t(`neighbourRecords.fields.${f}`, { defaultValue: f });
  return (
    <List.Item style={{ display: 'block' }}>
      <Space wrap size={[8, 4]}>
        <Tag>{t('neighbourRecords.version', { version: update.version })}</Tag>
        <Tag color={UPDATE_COLOURS[update.status]}>{t(`neighbourRecords.updateStatus.${update.status}`)}</Tag>
        <Typography.Text type="secondary">{formatDateTime(update.receivedAt)}</Typography.Text>
        {update.status === 'conflict' && canResolve && (
          <Button size="small" type="primary" danger onClick={() => setResolving(true)} data-testid="resolve-conflict">
            {t('neighbourRecords.resolve')}
          </Button>
        )}
      </Space>
      <div>
        {Object.entries(update.changes).map(([f, v]) => (
          <div key={f}>
            <Typography.Text>{`${fieldName(f)}: ${show(v)}`}</Typography.Text>
          </div>
        ))}
      </div>
      {update.status === 'resolved' && (
        <Typography.Text type="secondary">
          {`${update.resolvedByName ?? ''} · ${formatDateTime(update.resolvedAt)} · ${Object.entries(update.resolution)
            .map(([f, c]) => `${fieldName(f)}: ${t(`neighbourRecords.choice.${c}`)}`)
            .join('；')}`}
        </Typography.Text>
      )}
      {resolving && <ResolveDialog update={update} onClose={() => setResolving(false)} />}
    </List.Item>
  );
}

function ResolveDialog({ update, onClose }: { update: NeighbourUpdate; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const fields = Object.keys(update.conflicts);
  const [form] = Form.useForm<Record<string, 'local' | 'remote'>>();
  const { submit, saving, formError } = useFormSave(
    form,
    [],
    (v: Record<string, 'local' | 'remote'>) =>
      typedApi.post('/api/neighbours/updates/{id}/resolve', { path: { id: update.id }, body: { choices: v } }),
    async () => {
      void message.success(t('neighbourRecords.resolved'));
      onClose();
      await queryClient.invalidateQueries();
    },
  );
  return (
    <Modal
      open
      title={t('neighbourRecords.resolveTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('neighbourRecords.resolveHint')}</Typography.Paragraph>
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        {fields.map((f) => {
          const c = update.conflicts[f]!;
          return (
            <Form.Item
              key={f}
              name={f}
              label={t(`neighbourRecords.fields.${f}`, { defaultValue: f })}
              rules={[{ required: true, message: t('neighbours.required') }]}
            >
              <Radio.Group>
                <Space direction="vertical">
                  <Radio value="local">{`${t('neighbourRecords.choice.local')}: ${show(c.local)}`}</Radio>
                  <Radio value="remote">{`${t('neighbourRecords.choice.remote')}: ${show(c.remote)}`}</Radio>
                </Space>
              </Radio.Group>
            </Form.Item>
          );
        })}
        <Descriptions size="small" column={1}>
          {fields.map((f) => (
            <Descriptions.Item key={f} label={`${t(`neighbourRecords.fields.${f}`, { defaultValue: f })} · ${t('neighbourRecords.base')}`}>
              {show(update.conflicts[f]!.base)}
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Form>
    </Modal>
  );
}
