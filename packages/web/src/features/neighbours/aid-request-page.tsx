/**
 * One request for help: its lines (asked, offered, delivered), status and who did what; the next step for the
 * side we are on — approve and send, accept the offer, withdraw (requester); draft an offer or a refusal, approve
 * the answer, record the delivery (helper). Four eyes: the server refuses a drafter's own approval.
 */
import { Alert, App, Button, Card, Descriptions, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { typedApi } from '../../app/api.ts';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { AID_STATUS_COLOURS } from './aid-page.tsx';
import { type AidRequest, useAidRequest } from './neighbour-work-api.ts';

type Step = 'cancel' | 'offer' | 'refuse' | 'delivered';

export function AidRequestPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const request = useAidRequest(id);
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [step, setStep] = useState<Step | null>(null);
  const [quantities, setQuantities] = useState<number[]>([]);
  const [text, setText] = useState('');
  if (request.error) return <Alert type="error" showIcon message={translateError(t, request.error)} />;
  const r = request.data;
  if (!r) return null;
  const path = { path: { id: r.id } };
  const canRequest = hasRight(me.data, RIGHTS.stockRequest);
  const canApprove = hasRight(me.data, RIGHTS.stockApprove);

  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: ['neighbour-work'] });
      void message.success(t('neighbourWork.aid.done'));
      setStep(null);
      setText('');
    } catch (e) {
      setError(translateError(t, e));
    }
  }
  function open(next: Step) {
    setStep(next);
    setText('');
    setQuantities(r!.items.map((it) => (next === 'delivered' ? (it.offered ?? 0) : it.quantity)));
  }

  const outgoing = r.direction === 'outgoing';
  return (
    <div>
      <Typography.Title level={3}>
        <Link to={`/neighbours/aid${outgoing ? '' : '?direction=incoming'}`}>{t('neighbourWork.aid.title')}</Link> / {r.title}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Tag color={AID_STATUS_COLOURS[r.status]} data-testid="aid-status">
          {t(`neighbourWork.aid.statuses.${r.status}`)}
        </Tag>
        <Tag>{outgoing ? t('neighbourWork.aid.outgoing') : t('neighbourWork.aid.incoming')}</Tag>
        <Tag color="geekblue">{en && r.district.nameEn ? r.district.nameEn : r.district.name}</Tag>
      </Space>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      {r.answerDraft && r.status === 'received' && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('neighbourWork.aid.draftPending', { decision: t(`neighbourWork.aid.decisions.${r.answerDraft.decision}`) })}
          description={r.answerDraft.note}
        />
      )}
      <Space wrap style={{ marginBottom: 16 }}>
        {outgoing && r.status === 'draft' && canApprove && (
          <Button
            type="primary"
            onClick={() => run(() => typedApi.post('/api/neighbours/aid/requests/{id}/approve', path))}
            data-testid="aid-approve"
          >
            {t('neighbourWork.aid.actions.approve')}
          </Button>
        )}
        {outgoing && r.status === 'offered' && canApprove && (
          <Button
            type="primary"
            onClick={() => run(() => typedApi.post('/api/neighbours/aid/requests/{id}/accept', path))}
            data-testid="aid-accept"
          >
            {t('neighbourWork.aid.actions.accept')}
          </Button>
        )}
        {outgoing && ['draft', 'sent', 'offered', 'refused'].includes(r.status) && canRequest && (
          <Button danger onClick={() => open('cancel')}>
            {t('neighbourWork.aid.actions.cancel')}
          </Button>
        )}
        {!outgoing && r.status === 'received' && canRequest && (
          <>
            <Button onClick={() => open('offer')} data-testid="aid-offer">
              {t('neighbourWork.aid.actions.offer')}
            </Button>
            <Button danger onClick={() => open('refuse')}>
              {t('neighbourWork.aid.actions.refuse')}
            </Button>
          </>
        )}
        {!outgoing && r.status === 'received' && r.answerDraft && canApprove && (
          <Button
            type="primary"
            onClick={() => run(() => typedApi.post('/api/neighbours/aid/requests/{id}/approve-answer', path))}
            data-testid="aid-approve-answer"
          >
            {t('neighbourWork.aid.actions.approveAnswer')}
          </Button>
        )}
        {!outgoing && r.status === 'accepted' && canApprove && (
          <Button type="primary" onClick={() => open('delivered')} data-testid="aid-delivered">
            {t('neighbourWork.aid.actions.delivered')}
          </Button>
        )}
      </Space>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Table<AidRequest['items'][number]>
          size="small"
          rowKey={(_, i) => String(i)}
          pagination={false}
          dataSource={r.items}
          scroll={{ x: true }}
          columns={[
            { title: t('neighbourWork.aid.kind'), dataIndex: 'kind', render: (k: string) => t(`neighbourWork.aid.kinds.${k}`) },
            { title: t('neighbourWork.aid.description'), dataIndex: 'description' },
            { title: t('neighbourWork.aid.quantity'), key: 'q', align: 'right', render: (_, it) => `${it.quantity} ${it.unit}` },
            { title: t('neighbourWork.aid.offered'), dataIndex: 'offered', align: 'right', render: (v: number | null) => v ?? '—' },
            { title: t('neighbourWork.aid.delivered'), dataIndex: 'delivered', align: 'right', render: (v: number | null) => v ?? '—' },
          ]}
        />
      </Card>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label={t('neighbourWork.aid.reason')}>{r.reason || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('neighbourWork.aid.neededBy')}>{r.neededBy}</Descriptions.Item>
        {r.createdBy && <Descriptions.Item label={t('neighbourWork.aid.createdBy')}>{r.createdBy}</Descriptions.Item>}
        {r.approvedBy && <Descriptions.Item label={t('neighbourWork.aid.approvedBy')}>{r.approvedBy}</Descriptions.Item>}
        {r.answerDraftedBy && <Descriptions.Item label={t('neighbourWork.aid.draftedBy')}>{r.answerDraftedBy}</Descriptions.Item>}
        {r.answerApprovedBy && <Descriptions.Item label={t('neighbourWork.aid.answerApprovedBy')}>{r.answerApprovedBy}</Descriptions.Item>}
        {r.answerNote && <Descriptions.Item label={t('neighbourWork.aid.answerNote')}>{r.answerNote}</Descriptions.Item>}
        {r.deliveredNote && <Descriptions.Item label={t('neighbourWork.aid.deliveredNote')}>{r.deliveredNote}</Descriptions.Item>}
        {r.taskId && (
          <Descriptions.Item label={t('neighbourWork.aid.task')}>
            <Link to={`/tasks/${r.taskId}`}>{r.taskId.slice(0, 8)}</Link>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('neighbourWork.aid.updated')}>{formatDateTime(r.updatedAt)}</Descriptions.Item>
      </Descriptions>
      <Modal
        open={step !== null}
        title={step ? t(`neighbourWork.aid.actions.${step}`) : ''}
        onCancel={() => setStep(null)}
        onOk={() =>
          run(() =>
            step === 'cancel'
              ? typedApi.post('/api/neighbours/aid/requests/{id}/cancel', { ...path, body: { reason: text } })
              : step === 'delivered'
                ? typedApi.post('/api/neighbours/aid/requests/{id}/delivered', { ...path, body: { delivered: quantities, note: text } })
                : typedApi.post('/api/neighbours/aid/requests/{id}/answer', {
                    ...path,
                    body: { decision: step === 'refuse' ? 'refuse' : 'offer', offered: step === 'refuse' ? [] : quantities, note: text },
                  }),
          )
        }
        destroyOnHidden
      >
        {(step === 'offer' || step === 'delivered') &&
          r.items.map((it, i) => (
            <Space key={`${it.kind}:${it.description}:${it.quantity}:${it.unit}`} style={{ display: 'flex', marginBottom: 8 }} wrap>
              <Typography.Text style={{ minWidth: 160, display: 'inline-block' }}>
                {it.description} ({step === 'offer' ? it.quantity : (it.offered ?? 0)} {it.unit})
              </Typography.Text>
              <InputNumber
                min={0}
                max={step === 'offer' ? it.quantity : (it.offered ?? 0)}
                precision={0}
                value={quantities[i]}
                onChange={(v) => setQuantities((q) => q.map((x, j) => (j === i ? Number(v ?? 0) : x)))}
                aria-label={it.description}
                data-testid={`aid-quantity-${i}`}
              />
            </Space>
          ))}
        <Input.TextArea
          rows={3}
          maxLength={2000}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={
            step === 'cancel'
              ? t('neighbourWork.aid.cancelReason')
              : step === 'refuse'
                ? t('neighbourWork.aid.refuseReason')
                : step === 'delivered'
                  ? t('neighbourWork.aid.deliveredNote')
                  : t('neighbourWork.aid.answerNote')
          }
        />
      </Modal>
    </div>
  );
}
