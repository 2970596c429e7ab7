import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Select, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROSTER_SHIFTS, type RosterEntry } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { DistrictDatePicker, DistrictRangePicker } from '../../app/date-picker.tsx';
import { districtTodayValue } from '../../app/district-dayjs.ts';
import { useFormSave } from '../../app/use-form-save.ts';
import { PHONE_PATTERN } from './agency-form.tsx';
import { useRoster } from './agencies-api.ts';

const DATE = 'YYYY-MM-DD';
/** A week from today: what a duty desk plans and checks at a time. */
const DEFAULT_SPAN_DAYS = 6;

interface RosterRow extends Omit<RosterEntry, 'date'> {
  date: Dayjs;
}

/** Entries sorted as a duty sheet reads: by date, then all-day leader, day shift, night shift. */
export function sortRoster<T extends { date: string; shift: string }>(entries: T[]): T[] {
  const order = (shift: string) => {
    const index = (ROSTER_SHIFTS as readonly string[]).indexOf(shift);
    return index < 0 ? ROSTER_SHIFTS.length : index;
  };
  return [...entries].sort((a, b) => a.date.localeCompare(b.date) || order(a.shift) - order(b.shift));
}

/** The duty roster of one agency for a chosen date range; editing replaces that range in one transaction. */
export function RosterPanel({ agencyId, canManage }: { agencyId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [districtTodayValue(), districtTodayValue().add(DEFAULT_SPAN_DAYS, 'day')]);
  const from = range[0].format(DATE);
  const to = range[1].format(DATE);
  const roster = useRoster(agencyId, from, to);
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<{ entries: RosterRow[] }>();

  const { submit, saving, formError } = useFormSave(
    form,
    ['entries'],
    (values: { entries?: RosterRow[] }) =>
      api.put<{ items: RosterEntry[] }>(`/api/agencies/${agencyId}/roster`, {
        from,
        to,
        entries: (values.entries ?? []).map(({ date, shift, personName, phone, role }) => ({
          date: date.format(DATE),
          shift,
          personName,
          phone: phone ?? '',
          role,
        })),
      }),
    () => {
      message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: ['agencies', 'roster', agencyId] });
      setEditing(false);
    },
  );

  function startEditing() {
    form.setFieldsValue({ entries: sortRoster(roster.data ?? []).map((entry) => ({ ...entry, date: dayjs(entry.date) })) });
    setEditing(true);
  }

  const inRange = (value: Dayjs | undefined) => !value || (!value.isBefore(range[0], 'day') && !value.isAfter(range[1], 'day'));

  return (
    <Card
      size="small"
      title={t('roster.title')}
      extra={
        <Space>
          <DistrictRangePicker
            value={range}
            allowClear={false}
            disabled={editing}
            onChange={(next) => {
              if (next?.[0] && next[1]) setRange([next[0], next[1]]);
            }}
            aria-label={t('roster.range')}
          />
          {canManage && !editing && (
            <Button icon={<EditOutlined />} onClick={startEditing} disabled={roster.isPending}>
              {t('roster.edit')}
            </Button>
          )}
        </Space>
      }
    >
      {roster.error && <Alert type="error" showIcon message={t('roster.loadFailed')} style={{ marginBottom: 16 }} />}
      {editing ? (
        <Form form={form} onFinish={submit} layout="vertical">
          {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} />}
          <Alert type="info" showIcon message={t('roster.replaceNotice', { from, to })} style={{ marginBottom: 16 }} />
          <Form.List name="entries">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="start" wrap style={{ display: 'flex', marginBottom: 4 }}>
                    <Form.Item
                      name={[field.name, 'date']}
                      rules={[
                        { required: true, message: t('common.required') },
                        {
                          validator: (_, value) => (inRange(value) ? Promise.resolve() : Promise.reject(new Error(t('roster.outOfRange')))),
                        },
                      ]}
                    >
                      <DistrictDatePicker aria-label={t('roster.date')} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'shift']} rules={[{ required: true, message: t('common.required') }]}>
                      <Select
                        style={{ width: 140 }}
                        aria-label={t('roster.shift')}
                        options={ROSTER_SHIFTS.map((shift) => ({ value: shift, label: t(`roster.shifts.${shift}`) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'personName']} rules={[{ required: true, message: t('common.required') }]}>
                      <Input placeholder={t('roster.personName')} style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'phone']} rules={[{ pattern: PHONE_PATTERN, message: t('common.phoneFormat') }]}>
                      <Input placeholder={t('common.phone')} style={{ width: 150 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'role']} rules={[{ required: true, message: t('common.required') }]}>
                      <Input placeholder={t('roster.role')} style={{ width: 120 }} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(field.name)} />
                  </Space>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ date: range[0], shift: 'day', personName: '', phone: '', role: '' })}
                  style={{ marginBottom: 16 }}
                >
                  {t('roster.addEntry')}
                </Button>
              </>
            )}
          </Form.List>
          <Space>
            <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
            <Button type="primary" htmlType="submit" loading={saving}>
              {t('common.save')}
            </Button>
          </Space>
        </Form>
      ) : (
        <Table<RosterEntry>
          size="small"
          rowKey={(entry) => entry.id ?? `${entry.date}-${entry.shift}-${entry.personName}`}
          loading={roster.isFetching}
          dataSource={sortRoster(roster.data ?? [])}
          pagination={false}
          locale={{ emptyText: t('roster.empty') }}
          columns={[
            { title: t('roster.date'), dataIndex: 'date', width: 120 },
            {
              title: t('roster.shift'),
              dataIndex: 'shift',
              width: 100,
              render: (shift: string) => t(`roster.shifts.${shift}`, { defaultValue: shift }),
            },
            { title: t('roster.personName'), dataIndex: 'personName' },
            { title: t('common.phone'), dataIndex: 'phone' },
            { title: t('roster.role'), dataIndex: 'role' },
          ]}
        />
      )}
    </Card>
  );
}
