/**
 * Stock by item and site (usable, expiring, expired, minimum, days of cover, stock-out date, incoming), the lots
 * of one row, the ledger, and the catalogue. The logistics officer records receipts (donations with the donor),
 * issues (FEFO suggested), transfers, adjustments and disposals here.
 */
import { Alert, App, Button, Drawer, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import type dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { queryClient } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { CoverMapTab } from './cover-map-tab.tsx';
import { ExerciseShocksPanel } from './exercise-shocks-panel.tsx';
import {
  ITEM_CATEGORIES,
  MOVEMENT_KINDS,
  STORAGE_CLASSES,
  type StockItem,
  type StockMovementInput,
  type SummaryRow,
  createItem,
  nameIn,
  recordMovement,
  setMinimum,
  updateItem,
  useFefo,
  useItems,
  useLots,
  useMovements,
  useSites,
  useSummary,
} from './stock-api.ts';

export function StockPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const facilityId = params.get('facilityId') ?? undefined;
  const exerciseId = params.get('exerciseId') ?? undefined;
  const sites = useSites();
  const summary = useSummary(facilityId);
  useLiveInvalidate('stock', [['stock']]);
  const [moving, setMoving] = useState(false);
  const [lotsOf, setLotsOf] = useState<SummaryRow | null>(null);
  const [minimumOf, setMinimumOf] = useState<SummaryRow | null>(null);
  const manageable = sites.data?.items.filter((s) => s.manageable) ?? [];
  const canManage = hasRight(me.data, RIGHTS.resourcesManage) && manageable.length > 0;
  const name = (x: { name: string; nameEn: string }) => nameIn(i18n.language, x);

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('stock.title')}
        </Typography.Title>
        <Space wrap>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('stock.allSites')}
            value={facilityId}
            onChange={(v) => setParams(v ? { facilityId: v } : {})}
            options={sites.data?.items.map((s) => ({ value: s.id, label: name(s) }))}
            style={{ minWidth: 220 }}
            data-testid="stock-site-filter"
            aria-label={t('stock.site')}
          />
          {canManage && (
            <Button type="primary" onClick={() => setMoving(true)} data-testid="stock-record">
              {t('stock.record')}
            </Button>
          )}
        </Space>
      </Space>
      <ExerciseShocksPanel exerciseId={exerciseId} />
      <Typography.Paragraph type="secondary">{t('stock.intro')}</Typography.Paragraph>
      {summary.error && <Alert type="error" showIcon message={translateError(t, summary.error)} />}
      <Tabs
        items={[
          {
            key: 'stock',
            label: t('stock.tabs.stock'),
            children: (
              <ResponsiveTable<SummaryRow>
                size="small"
                rowKey={(r) => `${r.itemId}|${r.facilityId}`}
                data-testid="stock-summary"
                loading={summary.isFetching}
                dataSource={summary.data?.rows ?? []}
                pagination={{ pageSize: 50, hideOnSinglePage: true }}
                cardTitle={['item']}
                onRow={(r) => ({ onClick: () => setLotsOf(r), style: { cursor: 'pointer' } })}
                columns={[
                  {
                    title: t('stock.item'),
                    key: 'item',
                    render: (_, r) => `${nameIn(i18n.language, { name: r.itemName, nameEn: r.itemNameEn })}`,
                  },
                  {
                    title: t('stock.site'),
                    key: 'site',
                    render: (_, r) => nameIn(i18n.language, { name: r.facilityName, nameEn: r.facilityNameEn }),
                  },
                  {
                    title: t('stock.usable'),
                    key: 'quantity',
                    align: 'right',
                    render: (_, r) => (
                      <span data-testid="stock-quantity">
                        {r.quantity.toLocaleString()} {i18n.language.startsWith('en') ? r.unitEn : r.unit}
                      </span>
                    ),
                  },
                  {
                    title: t('stock.minimum'),
                    key: 'minimum',
                    align: 'right',
                    render: (_, r) => (
                      <Space size={4}>
                        {r.minimum ?? '—'}
                        {r.belowMinimum && <Tag color="red">{t('stock.belowMinimum')}</Tag>}
                      </Space>
                    ),
                  },
                  {
                    title: t('stock.expiresOn'),
                    key: 'expiry',
                    render: (_, r) => (
                      <Space size={4} wrap>
                        {r.nearestExpiry ?? '—'}
                        {r.expiringSoon > 0 && <Tag color="orange">{t('stock.expiringSoon', { n: r.expiringSoon })}</Tag>}
                        {r.expired > 0 && <Tag color="red">{t('stock.expired', { n: r.expired })}</Tag>}
                      </Space>
                    ),
                  },
                  { title: t('stock.dailyUse'), key: 'use', align: 'right', render: (_, r) => (r.dailyUse > 0 ? r.dailyUse : '—') },
                  {
                    title: t('stock.daysOfCover'),
                    key: 'cover',
                    align: 'right',
                    render: (_, r) =>
                      r.daysOfCover === null ? (
                        <Typography.Text type="secondary">{t('stock.noUse')}</Typography.Text>
                      ) : (
                        <Typography.Text type={r.daysOfCover < 7 ? 'danger' : r.daysOfCover < 14 ? 'warning' : undefined}>
                          {r.daysOfCover}
                        </Typography.Text>
                      ),
                  },
                  { title: t('stock.stockOutOn'), key: 'out', render: (_, r) => r.stockOutOn ?? '—' },
                  { title: t('stock.incoming'), key: 'incoming', align: 'right', render: (_, r) => (r.incoming > 0 ? r.incoming : '—') },
                ]}
              />
            ),
          },
          { key: 'cover', label: t('stock.tabs.cover'), children: <CoverMapTab rows={summary.data?.rows ?? []} /> },
          { key: 'ledger', label: t('stock.tabs.ledger'), children: <Ledger facilityId={facilityId} /> },
          {
            key: 'catalogue',
            label: t('stock.tabs.catalogue'),
            children: <Catalogue canManage={hasRight(me.data, RIGHTS.resourcesManage)} />,
          },
        ]}
      />
      {moving && <MovementModal onClose={() => setMoving(false)} defaultFacilityId={facilityId} />}
      <Drawer
        open={Boolean(lotsOf)}
        onClose={() => setLotsOf(null)}
        title={lotsOf ? t('stock.lotsOf', { item: lotsOf.itemName, site: lotsOf.facilityName }) : ''}
        width={Math.min(560, window.innerWidth)}
        extra={
          lotsOf &&
          canManage && (
            <Button onClick={() => setMinimumOf(lotsOf)} data-testid="stock-set-minimum">
              {t('stock.setMinimum')}
            </Button>
          )
        }
      >
        {lotsOf && <Lots itemId={lotsOf.itemId} facilityId={lotsOf.facilityId} />}
      </Drawer>
      {minimumOf && <MinimumModal row={minimumOf} onClose={() => setMinimumOf(null)} />}
    </div>
  );
}

function Lots({ itemId, facilityId }: { itemId: string; facilityId: string }) {
  const { t } = useTranslation();
  const lots = useLots(itemId, facilityId);
  return (
    <Table
      size="small"
      rowKey="lot"
      loading={lots.isFetching}
      dataSource={lots.data?.items ?? []}
      pagination={false}
      data-testid="stock-lots"
      columns={[
        { title: t('stock.lot'), dataIndex: 'lot' },
        {
          title: t('stock.expiresOn'),
          key: 'expiry',
          render: (_, l) => (
            <Space size={4}>
              {l.expiresOn ?? t('stock.noExpiry')}
              {l.expired && <Tag color="red">{t('stock.expired', { n: '' })}</Tag>}
            </Space>
          ),
        },
        { title: t('stock.quantity'), dataIndex: 'quantity', align: 'right' },
      ]}
    />
  );
}

function MinimumModal({ row, onClose }: { row: SummaryRow; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [value, setValue] = useState<number | null>(row.minimum);
  const [error, setError] = useState<unknown>(null);
  return (
    <Modal
      open
      title={`${t('stock.setMinimum')} · ${row.itemName} @ ${row.facilityName}`}
      onCancel={onClose}
      onOk={async () => {
        try {
          await setMinimum({ itemId: row.itemId, facilityId: row.facilityId, minimum: value ?? 0 });
          message.success(t('stock.form.saved'));
          await queryClient.invalidateQueries({ queryKey: ['stock'] });
          onClose();
        } catch (e) {
          setError(e);
        }
      }}
    >
      {error != null && <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 8 }} />}
      <InputNumber min={0} precision={0} value={value} onChange={setValue} style={{ width: '100%' }} aria-label={t('stock.minimum')} />
    </Modal>
  );
}

interface MovementValues {
  kind: StockMovementInput['kind'];
  itemId: string;
  facilityId: string;
  toFacilityId?: string;
  quantity: number;
  lot?: string;
  expiresOn?: dayjs.Dayjs;
  donor?: string;
  reason?: string;
  reference?: string;
}

/** The form of one movement, checked as the server does; an issue without a lot shows the FEFO picks first. */
function MovementModal({ onClose, defaultFacilityId }: { onClose: () => void; defaultFacilityId?: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<MovementValues>();
  const items = useItems();
  const sites = useSites();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form) ?? 'receipt';
  const itemId = Form.useWatch('itemId', form);
  const facilityId = Form.useWatch('facilityId', form);
  const quantity = Form.useWatch('quantity', form);
  const lot = Form.useWatch('lot', form);
  const takesOut = kind === 'issue' || kind === 'transfer' || kind === 'disposal';
  const fefo = useFefo(takesOut && !lot ? itemId : undefined, facilityId, quantity);
  const item = items.data?.items.find((i) => i.id === itemId);
  const manageable = sites.data?.items.filter((s) => s.manageable) ?? [];
  const name = (x: { name: string; nameEn: string }) => nameIn(i18n.language, x);

  async function save(v: MovementValues) {
    setSaving(true);
    setError(null);
    try {
      await recordMovement({
        kind: v.kind,
        itemId: v.itemId,
        facilityId: v.facilityId,
        quantity: v.quantity,
        ...(v.kind === 'transfer' ? { toFacilityId: v.toFacilityId } : {}),
        ...(v.lot?.trim() ? { lot: v.lot.trim() } : {}),
        ...(v.expiresOn && (v.kind === 'receipt' || v.kind === 'adjustment') ? { expiresOn: v.expiresOn.format('YYYY-MM-DD') } : {}),
        ...(v.donor?.trim() && v.kind === 'receipt' ? { donor: v.donor.trim() } : {}),
        ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
        ...(v.reference?.trim() ? { reference: v.reference.trim() } : {}),
      });
      message.success(t('stock.form.saved'));
      await queryClient.invalidateQueries({ queryKey: ['stock'] });
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal open title={t('stock.record')} onCancel={onClose} footer={null} width={Math.min(640, window.innerWidth)} destroyOnHidden>
      {error != null && (
        <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 12 }} data-testid="movement-error" />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ kind: 'receipt', facilityId: defaultFacilityId ?? manageable[0]?.id }}
        data-testid="movement-form"
      >
        <Form.Item name="kind" label={t('stock.form.kind')} rules={[{ required: true }]}>
          <Select options={MOVEMENT_KINDS.map((k) => ({ value: k, label: t(`stock.kinds.${k}`) }))} data-testid="movement-kind" />
        </Form.Item>
        <Form.Item name="itemId" label={t('stock.item')} rules={[{ required: true, message: t('stock.form.required') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={items.data?.items.map((i) => ({ value: i.id, label: `${i.code} ${name(i)}` }))}
            data-testid="movement-item"
          />
        </Form.Item>
        <Form.Item name="facilityId" label={t('stock.site')} rules={[{ required: true, message: t('stock.form.required') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={manageable.map((s) => ({ value: s.id, label: name(s) }))}
            data-testid="movement-site"
          />
        </Form.Item>
        {kind === 'transfer' && (
          <Form.Item name="toFacilityId" label={t('stock.form.toSite')} rules={[{ required: true, message: t('stock.form.required') }]}>
            <Select showSearch optionFilterProp="label" options={sites.data?.items.map((s) => ({ value: s.id, label: name(s) }))} />
          </Form.Item>
        )}
        <Form.Item
          name="quantity"
          label={`${t('stock.quantity')}${item ? ` (${i18n.language.startsWith('en') ? item.unitEn : item.unit})` : ''}`}
          extra={kind === 'adjustment' ? t('stock.form.quantityHelp') : undefined}
          rules={[
            { required: true, message: t('stock.form.required') },
            {
              validator: (_, v: number | null) =>
                v === null || v === undefined || (Number.isInteger(v) && v !== 0 && (kind === 'adjustment' || v > 0))
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('stock.form.quantityHelp'))),
            },
          ]}
        >
          <InputNumber precision={0} style={{ width: '100%' }} data-testid="movement-quantity" />
        </Form.Item>
        <Form.Item
          name="lot"
          label={t('stock.lot')}
          extra={takesOut ? t('stock.form.lotHelp') : undefined}
          rules={[{ required: kind === 'receipt' || kind === 'adjustment', message: t('stock.form.required') }, { max: 60 }]}
        >
          <Input data-testid="movement-lot" />
        </Form.Item>
        {takesOut && !lot && fefo.data && (
          <Alert
            type={fefo.data.missing > 0 ? 'warning' : 'info'}
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="movement-fefo"
            message={t('stock.form.fefo')}
            description={
              <>
                {fefo.data.picks.map((p) => (
                  <div key={p.lot}>
                    {p.lot} · {p.expiresOn ?? t('stock.noExpiry')} · {p.quantity}
                  </div>
                ))}
                {fefo.data.missing > 0 && <div>{t('stock.form.fefoMissing', { n: fefo.data.missing })}</div>}
              </>
            }
          />
        )}
        {(kind === 'receipt' || kind === 'adjustment') && (
          <Form.Item
            name="expiresOn"
            label={t('stock.expiresOn')}
            rules={[
              { required: kind === 'receipt' && item?.shelfLifeDays !== null && item !== undefined, message: t('stock.form.required') },
            ]}
          >
            <DistrictDatePicker style={{ width: '100%' }} data-testid="movement-expires" />
          </Form.Item>
        )}
        {kind === 'receipt' && (
          <Form.Item name="donor" label={t('stock.form.donor')} rules={[{ max: 200 }]}>
            <Input data-testid="movement-donor" />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={t('stock.form.reason')}
          rules={[{ required: kind === 'adjustment', message: t('stock.form.required') }, { max: 1000 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="reference" label={t('stock.form.reference')} rules={[{ max: 200 }]}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="movement-save">
          {t('stock.form.save')}
        </Button>
      </Form>
    </Modal>
  );
}

function Ledger({ facilityId }: { facilityId?: string }) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const list = useMovements({ facilityId, page, pageSize: 50 });
  type Row = NonNullable<typeof list.data>['items'][number];
  return (
    <ResponsiveTable<Row>
      size="small"
      rowKey="id"
      data-testid="stock-ledger"
      loading={list.isFetching}
      dataSource={list.data?.items ?? []}
      pagination={{ current: page, pageSize: 50, total: list.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
      cardTitle={['kind']}
      columns={[
        { title: t('stock.form.kind'), key: 'kind', render: (_, m) => <Tag>{t(`stock.kinds.${m.kind}`)}</Tag> },
        { title: t('stock.ledger.at'), key: 'at', render: (_, m) => formatDateTime(m.createdAt) },
        { title: t('stock.item'), key: 'item', render: (_, m) => nameIn(i18n.language, { name: m.itemName, nameEn: m.itemNameEn }) },
        {
          title: t('stock.site'),
          key: 'site',
          render: (_, m) => nameIn(i18n.language, { name: m.facilityName, nameEn: m.facilityNameEn }),
        },
        { title: t('stock.quantity'), dataIndex: 'quantity', align: 'right' },
        { title: t('stock.lot'), key: 'lot', render: (_, m) => m.lot ?? '—' },
        { title: t('stock.form.donor'), key: 'donor', render: (_, m) => m.donor || '—' },
        { title: t('stock.form.reason'), key: 'reason', render: (_, m) => m.reason || m.reference || '—' },
        { title: t('stock.ledger.by'), key: 'by', render: (_, m) => m.createdBy ?? '—' },
      ]}
    />
  );
}

function Catalogue({ canManage }: { canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const items = useItems(true);
  const [editing, setEditing] = useState<StockItem | 'new' | null>(null);
  return (
    <>
      {canManage && (
        <Button style={{ marginBottom: 8 }} onClick={() => setEditing('new')} data-testid="item-add">
          {t('stock.catalogue.add')}
        </Button>
      )}
      <ResponsiveTable<StockItem>
        size="small"
        rowKey="id"
        data-testid="stock-catalogue"
        loading={items.isFetching}
        dataSource={items.data?.items ?? []}
        pagination={false}
        cardTitle={['name']}
        columns={[
          { title: t('stock.catalogue.code'), dataIndex: 'code' },
          {
            title: t('stock.catalogue.name'),
            key: 'name',
            render: (_, i) => (
              <Space size={4}>
                {nameIn(i18n.language, i)}
                {!i.active && <Tag>{t('stock.catalogue.withdrawn')}</Tag>}
              </Space>
            ),
          },
          { title: t('stock.category'), key: 'category', render: (_, i) => t(`stock.categories.${i.category}`) },
          {
            title: t('stock.unit'),
            key: 'unit',
            render: (_, i) => `${i18n.language.startsWith('en') ? i.unitEn : i.unit} × ${i.packSize}`,
          },
          { title: t('stock.catalogue.shelfLife'), key: 'shelf', align: 'right', render: (_, i) => i.shelfLifeDays ?? '—' },
          { title: t('stock.catalogue.storageClass'), key: 'storage', render: (_, i) => t(`stock.storage.${i.storageClass}`) },
          {
            title: t('stock.catalogue.consumption'),
            key: 'consumption',
            render: (_, i) =>
              `${i.consumption.perCase} ${t('stock.catalogue.perCase')} · ${i.consumption.perBedDay} ${t('stock.catalogue.perBedDay')} · ${i.consumption.perStaffDay} ${t('stock.catalogue.perStaffDay')}`,
          },
          ...(canManage
            ? [
                {
                  title: '',
                  key: 'edit',
                  render: (_: unknown, i: StockItem) => (
                    <Button size="small" onClick={() => setEditing(i)}>
                      {t('stock.catalogue.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <ItemModal item={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function ItemModal({ item, onClose }: { item: StockItem | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const initial = useMemo(
    () =>
      item
        ? { ...item, ...item.consumption }
        : {
            category: 'ppe',
            storageClass: 'ambient',
            packSize: 1,
            shelfLifeDays: null,
            perCase: 0,
            perBedDay: 0,
            perStaffDay: 0,
            active: true,
          },
    [item],
  );
  async function save(v: Record<string, unknown>) {
    setError(null);
    const consumption = { perCase: Number(v.perCase ?? 0), perBedDay: Number(v.perBedDay ?? 0), perStaffDay: Number(v.perStaffDay ?? 0) };
    const common = {
      name: String(v.name),
      nameEn: String(v.nameEn),
      category: v.category as StockItem['category'],
      unit: String(v.unit),
      unitEn: String(v.unitEn),
      packSize: Number(v.packSize),
      shelfLifeDays: (v.shelfLifeDays as number | null) ?? null,
      storageClass: v.storageClass as StockItem['storageClass'],
      consumption,
    };
    try {
      if (item) await updateItem(item.id, { ...common, active: Boolean(v.active) });
      else await createItem({ ...common, code: String(v.code) });
      message.success(t('stock.form.saved'));
      await queryClient.invalidateQueries({ queryKey: ['stock'] });
      onClose();
    } catch (e) {
      setError(e);
    }
  }
  const req = [{ required: true, message: t('stock.form.required') }];
  return (
    <Modal
      open
      title={item ? t('stock.catalogue.edit') : t('stock.catalogue.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {error != null && <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={save}>
        {!item && (
          <Form.Item name="code" label={t('stock.catalogue.code')} rules={[...req, { pattern: /^[A-Z0-9][A-Z0-9-]{1,31}$/ }]}>
            <Input />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('stock.catalogue.name')} rules={req}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('stock.catalogue.nameEn')} rules={req}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="category" label={t('stock.category')} rules={req}>
          <Select options={ITEM_CATEGORIES.map((c) => ({ value: c, label: t(`stock.categories.${c}`) }))} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="unit" label={t('stock.unit')} rules={req}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="unitEn" label={t('stock.catalogue.unitEn')} rules={req}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="packSize" label={t('stock.catalogue.packSize')} rules={req}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
          <Form.Item name="shelfLifeDays" label={t('stock.catalogue.shelfLife')}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item name="storageClass" label={t('stock.catalogue.storageClass')}>
          <Select options={STORAGE_CLASSES.map((c) => ({ value: c, label: t(`stock.storage.${c}`) }))} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="perCase" label={t('stock.catalogue.perCase')}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="perBedDay" label={t('stock.catalogue.perBedDay')}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="perStaffDay" label={t('stock.catalogue.perStaffDay')}>
            <InputNumber min={0} />
          </Form.Item>
        </Space>
        {item && (
          <Form.Item name="active" label={t('stock.catalogue.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
