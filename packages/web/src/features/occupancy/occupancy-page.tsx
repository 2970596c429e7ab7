/**
 * Bed occupancy of the reader's area on a day: each care facility's latest report with its occupancy rate, the
 * totals, and the facilities that have not reported that day. A hospital reporter reports its own facility's
 * figures here (the form validates as the server does: whole numbers, within capacity unless flagged with a
 * note; a second report of the day replaces the first).
 */
import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { queryClient } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { type FacilityOccupancy, type OccupancyOverview, reportOccupancy, useFacilityOccupancy, useOccupancy } from './occupancy-api.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { districtToday } from '../../app/dates.ts';

type FacilityRow = OccupancyOverview['facilities'][number];
type HistoryRow = FacilityOccupancy['items'][number];
const KINDS = ['beds', 'icuBeds', 'isolationRooms'] as const;
const FIELD = { beds: 'bedsOccupied', icuBeds: 'icuBedsOccupied', isolationRooms: 'isolationRoomsOccupied' } as const;

export function OccupancyPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const date = params.get('date') ?? undefined;
  const overview = useOccupancy(date);
  useLiveInvalidate('occupancy', [['occupancy']]);
  const name = (x: { name: string; nameEn: string }) => (i18n.language.startsWith('en') ? x.nameEn || x.name : x.name);
  const o = overview.data;
  const own = o?.facilities.filter((f) => o.reportable.includes(f.id)) ?? [];

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('occupancy.title')}
        </Typography.Title>
        <Space wrap>
          <DistrictDatePicker
            aria-label={t('occupancy.date')}
            allowClear={false}
            notFuture
            value={dayjs(o?.date ?? districtToday())}
            onChange={(d) => setParams(d && d.format('YYYY-MM-DD') !== districtToday() ? { date: d.format('YYYY-MM-DD') } : {})}
          />
          {hasRight(me.data, RIGHTS.occupancyReport) && (
            <Link to="/occupancy/import">
              <Button icon={<UploadOutlined />}>{t('occupancy.import')}</Button>
            </Link>
          )}
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">{t('occupancy.intro')}</Typography.Paragraph>
      {overview.error && <Alert type="error" showIcon message={translateError(t, overview.error)} style={{ marginBottom: 12 }} />}
      {own.map((f) => (
        <ReportForm key={f.id} facility={f} />
      ))}
      {o && (
        <>
          <Space wrap size="large" style={{ marginBottom: 12 }} data-testid="occupancy-totals">
            {KINDS.map((k) => (
              <Card size="small" key={k} style={{ minWidth: 180 }}>
                <Statistic
                  title={t(`occupancy.${k}`)}
                  value={o.totals.rates[k] ?? '—'}
                  suffix={o.totals.rates[k] === null ? undefined : '%'}
                  valueStyle={{ color: (o.totals.rates[k] ?? 0) >= 90 ? '#cf1322' : undefined }}
                />
                <Typography.Text type="secondary">
                  {o.totals.occupied[k]} / {o.totals.capacity[k]} · {t('occupancy.registered', { n: o.totals.registered[k] })}
                </Typography.Text>
              </Card>
            ))}
          </Space>
          <Alert
            style={{ marginBottom: 12 }}
            type={o.notReported.length > 0 ? 'warning' : 'success'}
            showIcon
            data-testid="occupancy-not-reported"
            message={t('occupancy.reportedCount', { n: o.totals.reportedOnDate, of: o.totals.facilities })}
            description={
              o.notReported.length > 0 ? `${t('occupancy.notReported')}：${o.notReported.map(name).join('、')}` : t('occupancy.allReported')
            }
          />
          <Table<FacilityRow>
            size="small"
            rowKey="id"
            loading={overview.isFetching}
            dataSource={o.facilities}
            pagination={false}
            scroll={{ x: 720 }}
            columns={[
              { title: t('occupancy.facility'), key: 'name', render: (_, f) => name(f) },
              { title: t('occupancy.place'), key: 'place', responsive: ['md'], render: (_, f) => name(f.jurisdiction) },
              ...KINDS.map((k) => ({
                title: t(`occupancy.${k}`),
                key: k,
                align: 'right' as const,
                render: (_: unknown, f: FacilityRow) =>
                  f.latest ? `${f.latest[FIELD[k]]} / ${f.latest.capacity[k]}` : `— / ${f.capacity[k]}`,
              })),
              { title: t('occupancy.rate'), key: 'rate', align: 'right', render: (_, f) => (f.bedRate === null ? '—' : `${f.bedRate}%`) },
              {
                title: t('occupancy.latest'),
                key: 'latest',
                render: (_, f) =>
                  !f.latest ? (
                    <Tag>{t('occupancy.notYet')}</Tag>
                  ) : (
                    <Space size={4} wrap>
                      {f.reportedOnDate ? (
                        <Tag color="green">{t('occupancy.reportedToday')}</Tag>
                      ) : (
                        <Tag color="orange">{t('occupancy.stale', { date: f.latest.reportDate })}</Tag>
                      )}
                      {f.latest.overCapacity && <Tag color="red">{t('occupancy.flagged')}</Tag>}
                    </Space>
                  ),
              },
            ]}
          />
        </>
      )}
    </div>
  );
}

/** The reporter's form for its facility: today's figures (or another past day), checked before sending. */
function ReportForm({ facility }: { facility: FacilityRow }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const history = useFacilityOccupancy(facility.id);
  const overCapacity = Form.useWatch('overCapacity', form) as boolean | undefined;
  const name = i18n.language.startsWith('en') ? facility.nameEn || facility.name : facility.name;
  const latest = facility.latest;

  async function save(values: {
    date: dayjs.Dayjs;
    bedsOccupied: number;
    icuBedsOccupied: number;
    isolationRoomsOccupied: number;
    overCapacity?: boolean;
    note?: string;
  }) {
    setSaving(true);
    setError(null);
    try {
      await reportOccupancy({
        facilityId: facility.id,
        date: values.date.format('YYYY-MM-DD'),
        bedsOccupied: values.bedsOccupied,
        icuBedsOccupied: values.icuBedsOccupied,
        isolationRoomsOccupied: values.isolationRoomsOccupied,
        overCapacity: values.overCapacity ?? false,
        note: values.note ?? '',
      });
      message.success(t('occupancy.saved'));
      await queryClient.invalidateQueries({ queryKey: ['occupancy'] });
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  const withinCapacity = (k: (typeof KINDS)[number]) => ({
    validator: (_: unknown, value: number | null) =>
      value === null || value === undefined || overCapacity || value <= facility.capacity[k]
        ? Promise.resolve()
        : Promise.reject(new Error(t('occupancy.overCapacityHelp'))),
  });

  return (
    <Card size="small" title={t('occupancy.formTitle', { facility: name })} style={{ marginBottom: 16 }} data-testid="occupancy-form">
      {error != null && (
        <Alert
          type="error"
          showIcon
          message={translateError(t, error)}
          style={{ marginBottom: 12 }}
          closable
          onClose={() => setError(null)}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{
          date: dayjs(districtToday()),
          bedsOccupied: latest?.bedsOccupied,
          icuBedsOccupied: latest?.icuBedsOccupied,
          isolationRoomsOccupied: latest?.isolationRoomsOccupied,
        }}
      >
        <Space wrap align="start">
          <Form.Item name="date" label={t('occupancy.date')} rules={[{ required: true, message: t('common.required') }]}>
            <DistrictDatePicker allowClear={false} notFuture />
          </Form.Item>
          {KINDS.map((k) => (
            <Form.Item
              key={k}
              name={FIELD[k]}
              label={t('occupancy.occupied', { what: t(`occupancy.${k}`) })}
              extra={t('occupancy.capacity', { n: facility.capacity[k] })}
              dependencies={['overCapacity']}
              rules={[{ required: true, message: t('common.required') }, withinCapacity(k)]}
            >
              <InputNumber min={0} precision={0} style={{ width: 140 }} />
            </Form.Item>
          ))}
        </Space>
        <Form.Item name="overCapacity" valuePropName="checked" extra={t('occupancy.overCapacityHelp')} style={{ marginBottom: 8 }}>
          <Checkbox>{t('occupancy.overCapacity')}</Checkbox>
        </Form.Item>
        {overCapacity && (
          <Form.Item name="note" label={t('occupancy.note')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input.TextArea maxLength={500} autoSize />
          </Form.Item>
        )}
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('occupancy.save')}
          </Button>
          <Typography.Text type="secondary">{t('occupancy.replaceNote')}</Typography.Text>
        </Space>
      </Form>
      {(history.data?.items.length ?? 0) > 0 && (
        <Table
          size="small"
          rowKey="id"
          style={{ marginTop: 12 }}
          title={() => t('occupancy.history')}
          pagination={false}
          dataSource={history.data?.items}
          columns={[
            { title: t('occupancy.date'), dataIndex: 'reportDate' },
            ...KINDS.map((k) => ({
              title: t(`occupancy.${k}`),
              key: k,
              align: 'right' as const,
              render: (_: unknown, r: HistoryRow) => `${r[FIELD[k]]} / ${r.capacity[k]}`,
            })),
            { title: '', key: 'source', render: (_: unknown, r: HistoryRow) => t(`occupancy.sources.${r.source}`) },
          ]}
        />
      )}
    </Card>
  );
}
