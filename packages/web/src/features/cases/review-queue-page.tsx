/**
 * The CDC's review queue (审核, issue 12 item 13): cards pending review — new reports and corrected cards — in
 * the reviewer's area, newest first; select some or all of a page and approve them, or return them to their
 * reporting unit with a reason. The server refuses the reviewer's own cards (four eyes) and says which.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Grid, Input, Modal, Segmented, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../app/api.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { localName } from '../jurisdictions/jurisdictions-api.ts';
import { formatDateTime } from '../../app/dates.ts';
import { DeadlineTag } from './case-parts.tsx';
import { type CaseSummary, useCases } from './cases-api.ts';

const PAGE_SIZE = 50;
type Queue = 'pending' | 'returned';
interface BatchResult {
  done: Array<{ id: string; code: string }>;
  refused: Array<{ id: string; code: string | null; reason: 'not_found' | 'merged' | 'not_pending' | 'own_card' }>;
}

export function ReviewQueuePage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const queue: Queue = params.get('queue') === 'returned' ? 'returned' : 'pending';
  const page = Number(params.get('page') ?? '1') || 1;
  const cases = useCases({ reviewStatus: queue, page, pageSize: PAGE_SIZE });
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [returning, setReturning] = useState(false);
  const [result, setResult] = useState<BatchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [returnForm] = Form.useForm<{ reason: string }>();
  useLiveInvalidate('cases', [['cases']]);
  const name = (x: { name: string; nameEn: string }) => localName(x, i18n.language);
  // below 576 px one column per card (the number, then who, what and where), so nothing wraps a letter a line
  const phone = !Grid.useBreakpoint().sm;
  const codeCell = (c: CaseSummary) => (
    <Space size={4} wrap>
      <Link to={`/cases/${c.id}`}>{c.code}</Link>
      {c.version > 1 && <Tag>{t('cases.review.version', { version: c.version })}</Tag>}
    </Space>
  );
  const columns: TableColumnsType<CaseSummary> = phone
    ? [
        {
          title: t('cases.list.code'),
          key: 'card',
          render: (_, c) => (
            <Space direction="vertical" size={2}>
              {codeCell(c)}
              <span>
                {c.personName} · {name(c.disease)} · {t(`cases.classifications.${c.classification}`)}
              </span>
              <Typography.Text type="secondary">
                {c.facility ? name(c.facility) : '—'} · {formatDateTime(c.reportedAt)}
              </Typography.Text>
              <DeadlineTag timeliness={c.timeliness} />
            </Space>
          ),
        },
      ]
    : [
        { title: t('cases.list.code'), key: 'code', render: (_, c) => codeCell(c) },
        { title: t('cases.list.person'), dataIndex: 'personName' },
        { title: t('cases.list.disease'), key: 'disease', render: (_, c) => name(c.disease) },
        { title: t('cases.form.classification'), key: 'classification', render: (_, c) => t(`cases.classifications.${c.classification}`) },
        { title: t('cases.form.facility'), key: 'facility', render: (_, c) => (c.facility ? name(c.facility) : '—') },
        { title: t('cases.list.residence'), key: 'residence', render: (_, c) => name(c.jurisdiction) },
        { title: t('cases.list.reportedAt'), key: 'reportedAt', render: (_, c) => formatDateTime(c.reportedAt) },
        { title: t('cases.list.deadline'), key: 'deadline', render: (_, c) => <DeadlineTag timeliness={c.timeliness} /> },
      ];

  async function decide(decision: 'approve' | 'return', reason = '') {
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<BatchResult>('/api/cases/reviews', { ids: selected, decision, reason });
      setResult(res);
      message.success(t('cases.review.done', { count: res.done.length }));
      setSelected([]);
      setReturning(false);
      returnForm.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
    } catch (e) {
      setError(translateError(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <Typography.Title level={3}>{t('cases.review.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('cases.review.explain')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented<Queue>
          value={queue}
          onChange={(value) => {
            setSelected([]);
            setParams(value === 'pending' ? {} : { queue: value });
          }}
          options={(['pending', 'returned'] as const).map((value) => ({ value, label: t(`cases.reviewStatuses.${value}`) }))}
        />
        {queue === 'pending' && (
          <>
            <Button
              type="primary"
              disabled={selected.length === 0}
              loading={busy}
              onClick={() => void decide('approve')}
              data-testid="approve-selected"
            >
              {t('cases.review.approve')} ({selected.length})
            </Button>
            <Button danger disabled={selected.length === 0} onClick={() => setReturning(true)} data-testid="return-selected">
              {t('cases.review.return')} ({selected.length})
            </Button>
            <Typography.Text type="secondary">{t('cases.review.selected', { count: selected.length })}</Typography.Text>
          </>
        )}
      </Space>
      {error && <Alert type="error" showIcon message={error} closable onClose={() => setError(null)} style={{ marginBottom: 16 }} />}
      {result && result.refused.length > 0 && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setResult(null)}
          style={{ marginBottom: 16 }}
          data-testid="review-refused"
          message={t('cases.review.refusedTitle')}
          description={
            <Space direction="vertical" size={2}>
              {result.refused.map((r) => (
                <span key={r.id}>
                  {r.code ?? r.id}: {t(`cases.review.refused.${r.reason}`)}
                </span>
              ))}
            </Space>
          }
        />
      )}
      {cases.error && <Alert type="error" showIcon message={translateError(t, cases.error)} style={{ marginBottom: 16 }} />}
      <Table<CaseSummary>
        rowKey="id"
        size="small"
        loading={cases.isFetching}
        dataSource={cases.data?.items}
        scroll={{ x: true }}
        rowSelection={queue === 'pending' ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) } : undefined}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: cases.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { count: total }),
          onChange: (p) => {
            setSelected([]);
            setParams({ ...(queue === 'pending' ? {} : { queue }), page: String(p) });
          },
        }}
        columns={columns}
      />
      <Modal
        open={returning}
        title={t('cases.review.returnTitle')}
        okText={`${t('cases.review.return')} (${selected.length})`}
        okButtonProps={{ danger: true, loading: busy }}
        cancelText={t('common.cancel')}
        onOk={() => returnForm.submit()}
        onCancel={() => setReturning(false)}
      >
        <Form form={returnForm} layout="vertical" onFinish={(v) => void decide('return', v.reason)}>
          <Form.Item
            name="reason"
            label={t('cases.review.returnReason')}
            rules={[
              { required: true, whitespace: true, message: t('common.required') },
              { max: 500, message: t('common.tooLong', { count: 500 }) },
            ]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
