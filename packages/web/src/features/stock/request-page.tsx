/**
 * One material request: who asked for what, how much of each step is covered (approval, commit, transit,
 * receipt), the history, and the steps the reader may take now (the server lists them in `allowed`).
 */
import { FilePdfOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { queryClient } from '../../app/api.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { type StockRequest, nameIn, priorityColour, requestStep, statusColour, useRequest, useSites } from './stock-api.ts';

type Action = StockRequest['allowed'][number];
const STEP_PATH: Record<Action, string> = {
  request_info: 'request-info',
  answer: 'answer',
  approve: 'approve',
  reject: 'reject',
  commit: 'commit',
  dispatch: 'dispatch',
  receive: 'receive',
  cancel: 'cancel',
};

export function RequestPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const request = useRequest(id);
  const [acting, setActing] = useState<Action | null>(null);
  useLiveInvalidate('stock-requests', [['stock-requests']]);
  const r = request.data;
  if (request.error) return <Alert type="error" showIcon message={translateError(t, request.error)} />;
  if (!r) return null;
  const unit = (l: StockRequest['lines'][number]) => (i18n.language.startsWith('en') ? l.unitEn : l.unit);

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {r.code} · {nameIn(i18n.language, { name: r.requesterName, nameEn: r.requesterNameEn })}
        </Typography.Title>
        <Space wrap>
          <Tag color={statusColour(r.status)} data-testid="request-page-status">
            {t(`stock.requests.statuses.${r.status}`)}
          </Tag>
          <Tag color={priorityColour(r.priority)}>{t(`stock.requests.priorities.${r.priority}`)}</Tag>
          {r.overdue && <Tag color="red">{t('stock.requests.overdue')}</Tag>}
        </Space>
      </Space>
      <Space wrap style={{ marginBottom: 12 }} data-testid="request-actions">
        {r.allowed.map((a) => (
          <Button
            key={a}
            type={a === 'approve' || a === 'commit' || a === 'dispatch' || a === 'receive' ? 'primary' : 'default'}
            danger={a === 'reject'}
            onClick={() => setActing(a)}
            data-testid={`request-action-${a}`}
          >
            {t(`stock.requests.actions.${a}`)}
          </Button>
        ))}
        {['committed', 'dispatched', 'received'].includes(r.status) && (
          <Button icon={<FilePdfOutlined />} href={`/api/stock/requests/${r.id}/dispatch-note`} data-testid="request-dispatch-note">
            {t('stock.requests.dispatchNote')}
          </Button>
        )}
      </Space>
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('stock.requests.requesterKind')}>{t(`stock.requests.kinds.${r.requesterKind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('stock.requests.neededBy')}>{r.neededBy}</Descriptions.Item>
        <Descriptions.Item label={t('stock.requests.createdBy')}>
          {r.createdByName} · {formatDateTime(r.createdAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('stock.requests.approvedBy')}>{r.approvedByName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('stock.requests.purpose')}>{r.purpose || '—'}</Descriptions.Item>
        {r.origin && (
          <Descriptions.Item label={t('stock.requests.origin')}>
            <span data-testid="request-origin">
              {t(r.origin.type === 'task' ? 'stock.requests.originTask' : 'stock.requests.originMeeting')}{' '}
              {r.origin.title === null ? (
                t('stock.requests.originHidden')
              ) : (
                <Link to={r.origin.type === 'task' ? `/tasks/${r.origin.id}` : `/meetings/${r.origin.meetingId}`}>{r.origin.title}</Link>
              )}
            </span>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('stock.requests.deliveryAddress')}>{r.deliveryAddress || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('stock.requests.supplier')}>
          {r.supplierName ? nameIn(i18n.language, { name: r.supplierName, nameEn: r.supplierNameEn ?? '' }) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('stock.requests.decisionNote')}>{r.decisionNote || '—'}</Descriptions.Item>
      </Descriptions>
      <Space wrap style={{ marginBottom: 8 }} data-testid="request-fill">
        {(['approval', 'commit', 'transit', 'receipt'] as const).map((k) => (
          <Tag key={k} color={r.fill[k] === 'complete' ? 'green' : r.fill[k] === 'partial' ? 'orange' : 'default'}>
            {t(`stock.requests.fill.${k}`)}: {t(`stock.requests.fills.${r.fill[k]}`)}
          </Tag>
        ))}
      </Space>
      <Table
        size="small"
        rowKey="itemId"
        pagination={false}
        scroll={{ x: 560 }}
        dataSource={r.lines}
        data-testid="request-lines"
        columns={[
          { title: t('stock.item'), key: 'item', render: (_, l) => nameIn(i18n.language, { name: l.itemName, nameEn: l.itemNameEn }) },
          { title: t('stock.requests.requested'), key: 'q', align: 'right', render: (_, l) => `${l.quantityRequested} ${unit(l)}` },
          { title: t('stock.requests.approved'), key: 'a', align: 'right', render: (_, l) => l.quantityApproved ?? '—' },
          { title: t('stock.requests.committed'), dataIndex: 'quantityCommitted', align: 'right' },
          { title: t('stock.requests.dispatched'), dataIndex: 'quantityDispatched', align: 'right' },
          { title: t('stock.requests.received'), dataIndex: 'quantityReceived', align: 'right' },
        ]}
      />
      <Card size="small" title={t('stock.requests.history')} style={{ marginTop: 12 }}>
        <Timeline
          items={r.events.map((e) => ({
            children: (
              <div>
                <Typography.Text strong>{t(`stock.requests.actions.${e.action}`, { defaultValue: e.action })}</Typography.Text> ·{' '}
                {e.actorName} · {formatDateTime(e.at)}
                {e.note && <div>{e.note}</div>}
              </div>
            ),
          }))}
        />
      </Card>
      {acting && <StepModal request={r} action={acting} onClose={() => setActing(null)} />}
    </div>
  );
}

/** The form of one step: a note, quantities per line (approve, commit, receive) or the supplying site (commit). */
function StepModal({ request, action, onClose }: { request: StockRequest; action: Action; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const sites = useSites();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const withLines = action === 'approve' || action === 'commit' || action === 'receive';
  const noteRequired = action === 'request_info' || action === 'answer' || action === 'reject';
  const initialQuantity = (l: StockRequest['lines'][number]) =>
    action === 'approve'
      ? l.quantityRequested
      : action === 'commit'
        ? (l.quantityApproved ?? 0) - l.quantityCommitted
        : l.quantityDispatched;

  async function save(v: { note?: string; supplierFacilityId?: string; quantities?: Record<string, number> }) {
    setSaving(true);
    setError(null);
    const lines = request.lines.map((l) => ({ itemId: l.itemId, quantity: v.quantities?.[l.itemId] ?? 0 }));
    const note = v.note?.trim();
    const body =
      action === 'approve' || action === 'receive'
        ? { lines, ...(note ? { note } : {}) }
        : action === 'commit'
          ? { supplierFacilityId: v.supplierFacilityId, lines }
          : noteRequired
            ? { note: note ?? '' }
            : note
              ? { note }
              : {};
    try {
      await requestStep(request.id, STEP_PATH[action], body);
      message.success(t('stock.requests.done'));
      await queryClient.invalidateQueries({ queryKey: ['stock-requests'] });
      await queryClient.invalidateQueries({ queryKey: ['stock'] });
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal open title={t(`stock.requests.actions.${action}`)} onCancel={onClose} footer={null} destroyOnHidden>
      {error != null && (
        <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 12 }} data-testid="step-error" />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ quantities: Object.fromEntries(request.lines.map((l) => [l.itemId, initialQuantity(l)])) }}
        data-testid="step-form"
      >
        {action === 'commit' && (
          <Form.Item
            name="supplierFacilityId"
            label={t('stock.requests.supplier')}
            rules={[{ required: true, message: t('stock.form.required') }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              options={sites.data?.items.filter((s) => s.manageable).map((s) => ({ value: s.id, label: nameIn(i18n.language, s) }))}
              data-testid="step-supplier"
            />
          </Form.Item>
        )}
        {withLines &&
          request.lines.map((l) => (
            <Form.Item
              key={l.itemId}
              name={['quantities', l.itemId]}
              label={nameIn(i18n.language, { name: l.itemName, nameEn: l.itemNameEn })}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid={`step-quantity-${l.itemId}`} />
            </Form.Item>
          ))}
        {action !== 'commit' && (
          <Form.Item
            name="note"
            label={t('stock.requests.note')}
            extra={action === 'approve' || action === 'receive' ? t('stock.requests.noteRequiredPartial') : undefined}
            rules={[{ required: noteRequired, whitespace: true, message: t('stock.form.required') }, { max: 2000 }]}
          >
            <Input.TextArea rows={3} data-testid="step-note" />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={saving} data-testid="step-save" danger={action === 'reject'}>
          {t(`stock.requests.actions.${action}`)}
        </Button>
      </Form>
    </Modal>
  );
}
