/**
 * Material requests: the board (by state, open ones by age, overdue), the list, and the form of a new request for
 * a township, facility, agency or neighbouring district.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Schemas } from '../../api/contract.ts';
import { api, queryClient } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { districtToday, formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { useQuery } from '@tanstack/react-query';
import {
  PRIORITIES,
  REQUEST_STATUSES,
  REQUESTER_KINDS,
  type StockRequestInput,
  type StockRequestSummary,
  createRequest,
  nameIn,
  priorityColour,
  statusColour,
  useItems,
  useRequestBoard,
  useRequests,
  useSites,
} from './stock-api.ts';

export function RequestsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [status, setStatus] = useState<string | undefined>('open');
  const [page, setPage] = useState(1);
  const list = useRequests({ status, page, pageSize: 50 });
  const board = useRequestBoard();
  const [params, setParams] = useSearchParams();
  // a request raised from a task or a meeting decision arrives as ?from=task:<id>&label=… (the form opens with it)
  const origin = originFrom(params.get('from'));
  const [creating, setCreating] = useState(false);
  const closeForm = () => {
    setCreating(false);
    if (params.has('from')) setParams({}, { replace: true });
  };
  useLiveInvalidate('stock-requests', [['stock-requests']]);

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('stock.requests.title')}
        </Typography.Title>
        {hasRight(me.data, RIGHTS.stockRequest) && (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="request-new">
            {t('stock.requests.new')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary">{t('stock.requests.intro')}</Typography.Paragraph>
      {board.data && (
        <Card size="small" title={t('stock.requests.board')} style={{ marginBottom: 12 }} data-testid="request-board">
          <Space wrap style={{ marginBottom: 8 }}>
            {board.data.byStatus
              .filter((s) => s.count > 0)
              .map((s) => (
                <Tag key={s.status} color={statusColour(s.status)} style={{ cursor: 'pointer' }} onClick={() => setStatus(s.status)}>
                  {t(`stock.requests.statuses.${s.status}`)} {s.count}
                </Tag>
              ))}
            {board.data.overdue > 0 && <Tag color="red">{t('stock.requests.overdueCount', { n: board.data.overdue })}</Tag>}
          </Space>
          <Table
            size="small"
            rowKey="status"
            pagination={false}
            scroll={{ x: 480 }}
            dataSource={board.data.byAge}
            columns={[
              { title: t('stock.requests.status'), key: 's', render: (_, r) => t(`stock.requests.statuses.${r.status}`) },
              ...(['under1', 'days1to3', 'days3to7', 'over7'] as const).map((k) => ({
                title: t(`stock.requests.age.${k}`),
                dataIndex: k,
                align: 'right' as const,
              })),
            ]}
          />
        </Card>
      )}
      <Space wrap style={{ marginBottom: 8 }}>
        <Select
          allowClear
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={['open', ...REQUEST_STATUSES].map((s) => ({ value: s, label: t(`stock.requests.statuses.${s}`) }))}
          style={{ width: 180 }}
          aria-label={t('stock.requests.status')}
          data-testid="request-status-filter"
        />
      </Space>
      {list.error && <Alert type="error" showIcon message={translateError(t, list.error)} />}
      <ResponsiveTable<StockRequestSummary>
        size="small"
        rowKey="id"
        data-testid="request-list"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 50, total: list.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
        cardTitle={['code']}
        columns={[
          { title: t('stock.requests.code'), key: 'code', render: (_, r) => <Link to={`/stock/requests/${r.id}`}>{r.code}</Link> },
          {
            title: t('stock.requests.requester'),
            key: 'requester',
            render: (_, r) =>
              `${nameIn(i18n.language, { name: r.requesterName, nameEn: r.requesterNameEn })} · ${t(`stock.requests.kinds.${r.requesterKind}`)}`,
          },
          {
            title: t('stock.requests.priority'),
            key: 'p',
            render: (_, r) => <Tag color={priorityColour(r.priority)}>{t(`stock.requests.priorities.${r.priority}`)}</Tag>,
          },
          {
            title: t('stock.requests.neededBy'),
            key: 'needed',
            render: (_, r) => (
              <Space size={4}>
                {r.neededBy}
                {r.overdue && <Tag color="red">{t('stock.requests.overdue')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('stock.requests.status'),
            key: 'status',
            render: (_, r) => (
              <Tag color={statusColour(r.status)} data-testid="request-status">
                {t(`stock.requests.statuses.${r.status}`)}
              </Tag>
            ),
          },
          { title: t('stock.requests.created'), key: 'created', render: (_, r) => `${formatDateTime(r.createdAt)} · ${r.createdByName}` },
        ]}
      />
      {(creating || (origin && hasRight(me.data, RIGHTS.stockRequest))) && (
        <RequestForm onClose={closeForm} origin={origin} originLabel={params.get('label') ?? ''} />
      )}
    </div>
  );
}

interface RequestValues {
  requesterKind: StockRequestInput['requesterKind'];
  requesterId: string;
  priority: StockRequestInput['priority'];
  neededBy: dayjs.Dayjs;
  purpose?: string;
  deliveryAddress?: string;
  lines: { itemId: string; quantity: number }[];
}

/** Who may be a requester, by kind, within the user's area (registry reads). */
function useRequesterOptions(kind: StockRequestInput['requesterKind'] | undefined) {
  const { i18n } = useTranslation();
  const sites = useSites();
  const places = useQuery({
    queryKey: ['stock', 'request-places', kind],
    enabled: kind === 'township' || kind === 'agency' || kind === 'district',
    queryFn: async () => {
      if (kind === 'township') {
        const r = await api.get<{ items: Schemas['Jurisdiction'][] }>('/api/jurisdictions');
        return r.items
          .filter((j) => j.level === 'township' || j.level === 'community')
          .map((j) => ({ value: j.id, label: nameIn(i18n.language, j) }));
      }
      if (kind === 'agency') {
        const r = await api.get<{ items: Schemas['Agency'][] }>('/api/agencies', { pageSize: 500 });
        return r.items.map((a) => ({ value: a.id, label: nameIn(i18n.language, a) }));
      }
      const r = await api.get<{ items: { id: string; name: string; nameEn: string }[] }>('/api/adjacent-districts');
      return r.items.map((d) => ({ value: d.id, label: nameIn(i18n.language, d) }));
    },
  });
  if (kind === 'facility') return sites.data?.items.map((s) => ({ value: s.id, label: nameIn(i18n.language, s) })) ?? [];
  return places.data ?? [];
}

/** `task:<uuid>` or `meeting:<uuid>` (a decision) → the request's origin; anything else → none. */
function originFrom(from: string | null): { type: 'task' | 'meeting'; id: string } | undefined {
  const m = /^(task|meeting):([0-9a-f-]{36})$/i.exec(from ?? '');
  return m ? { type: m[1] as 'task' | 'meeting', id: m[2]! } : undefined;
}

function RequestForm({
  onClose,
  origin,
  originLabel,
}: {
  onClose: () => void;
  origin?: { type: 'task' | 'meeting'; id: string };
  originLabel: string;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<RequestValues>();
  const items = useItems();
  const kind = Form.useWatch('requesterKind', form) ?? 'township';
  const options = useRequesterOptions(kind);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const refField = {
    facility: 'requesterFacilityId',
    township: 'requesterJurisdictionId',
    agency: 'requesterAgencyId',
    district: 'requesterDistrictId',
  } as const;

  async function save(v: RequestValues) {
    setSaving(true);
    setError(null);
    try {
      const created = await createRequest({
        requesterKind: v.requesterKind,
        [refField[v.requesterKind]]: v.requesterId,
        priority: v.priority,
        neededBy: v.neededBy.format('YYYY-MM-DD'),
        ...(v.purpose?.trim() ? { purpose: v.purpose.trim() } : {}),
        ...(v.deliveryAddress?.trim() ? { deliveryAddress: v.deliveryAddress.trim() } : {}),
        ...(origin ? { origin } : {}),
        lines: v.lines.map((l) => ({ itemId: l.itemId, quantity: l.quantity })),
      });
      message.success(t('stock.requests.done'));
      await queryClient.invalidateQueries({ queryKey: ['stock-requests'] });
      navigate(`/stock/requests/${created.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }
  const req = [{ required: true, message: t('stock.form.required') }];
  return (
    <Modal open title={t('stock.requests.new')} onCancel={onClose} footer={null} width={Math.min(680, window.innerWidth)} destroyOnHidden>
      {error != null && <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{
          requesterKind: 'township',
          priority: 'routine',
          neededBy: dayjs(districtToday()).add(2, 'day'),
          lines: [{}],
          purpose: originLabel.slice(0, 2000) || undefined,
        }}
        data-testid="request-form"
      >
        {origin && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="request-origin"
            message={`${t('stock.requests.origin')}: ${t(origin.type === 'task' ? 'stock.requests.originTask' : 'stock.requests.originMeeting')} ${originLabel}`}
          />
        )}
        <Form.Item name="requesterKind" label={t('stock.requests.requesterKind')} rules={req}>
          <Select
            options={REQUESTER_KINDS.map((k) => ({ value: k, label: t(`stock.requests.kinds.${k}`) }))}
            onChange={() => form.setFieldValue('requesterId', undefined)}
            data-testid="request-kind"
          />
        </Form.Item>
        <Form.Item name="requesterId" label={t('stock.requests.requester')} rules={req}>
          <Select showSearch optionFilterProp="label" options={options} data-testid="request-requester" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="priority" label={t('stock.requests.priority')} rules={req}>
            <Select style={{ width: 140 }} options={PRIORITIES.map((p) => ({ value: p, label: t(`stock.requests.priorities.${p}`) }))} />
          </Form.Item>
          <Form.Item name="neededBy" label={t('stock.requests.neededBy')} rules={req}>
            <DistrictDatePicker disabledDate={(d) => d.format('YYYY-MM-DD') < districtToday()} />
          </Form.Item>
        </Space>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <Card size="small" title={t('stock.requests.lines')} style={{ marginBottom: 12 }}>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'itemId']} rules={req}>
                    <Select
                      showSearch
                      optionFilterProp="label"
                      style={{ width: 260 }}
                      placeholder={t('stock.item')}
                      options={items.data?.items.map((i) => ({
                        value: i.id,
                        label: `${nameIn(i18n.language, i)} (${i18n.language.startsWith('en') ? i.unitEn : i.unit})`,
                      }))}
                      data-testid="request-line-item"
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'quantity']} rules={req}>
                    <InputNumber min={1} precision={0} placeholder={t('stock.quantity')} data-testid="request-line-quantity" />
                  </Form.Item>
                  {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} aria-label="remove" />}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                {t('stock.requests.addLine')}
              </Button>
            </Card>
          )}
        </Form.List>
        <Form.Item name="purpose" label={t('stock.requests.purpose')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} data-testid="request-purpose" />
        </Form.Item>
        <Form.Item name="deliveryAddress" label={t('stock.requests.deliveryAddress')} rules={[{ max: 500 }]}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="request-submit">
          {t('stock.requests.actions.submit')}
        </Button>
      </Form>
    </Modal>
  );
}
