/**
 * Recurring tasks (/tasks/recurring): e.g. "daily case report to the headquarters at 16:00" until the incident
 * closes or an end date. Each day (or chosen weekday) the server creates that period's task once. Holders of
 * tasks.assign define, stop and resume them.
 */
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { districtTodayValue } from '../../app/district-dayjs.ts';
import { formFieldErrors, translateError } from '../../app/errors.ts';
import { useAgencies } from '../agencies/agencies-api.ts';
import { useJurisdictions } from '../jurisdictions/jurisdictions-api.ts';
import { type Recurrence, TASK_PRIORITIES, taskApi, useOpenIncidents, useRecurrences, useTaskMutation } from './tasks-api.ts';

interface Values {
  incidentId?: string;
  title: string;
  description?: string;
  assigneeAgencyId?: string;
  assigneeJurisdictionId?: string;
  priority: string;
  frequency: 'daily' | 'weekly';
  weekdays?: number[];
  dueTime: Dayjs;
  startsOn: Dayjs;
  endsOn?: Dayjs | null;
}
const FIELDS = [
  'incidentId',
  'title',
  'description',
  'assigneeAgencyId',
  'assigneeJurisdictionId',
  'priority',
  'frequency',
  'weekdays',
  'dueTime',
  'startsOn',
  'endsOn',
];

export function RecurrencesPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const canAssign = hasRight(me.data, RIGHTS.tasksAssign);
  const list = useRecurrences();
  const agencies = useAgencies({ pageSize: 500 });
  const jurisdictions = useJurisdictions();
  const incidents = useOpenIncidents();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const create = useTaskMutation((input: object) => taskApi.createRecurrence(input));
  const toggle = useTaskMutation(({ id, active }: { id: string; active: boolean }) => taskApi.patchRecurrence(id, { active }));
  const en = i18n.language.startsWith('en');
  const frequency = Form.useWatch('frequency', form);
  const weekdayName = (d: number) => t(`tasks.recurring.weekdays.${d}`);

  async function submit(values: Values) {
    setFormError(null);
    try {
      await create.mutateAsync({
        incidentId: values.incidentId ?? null,
        title: values.title,
        description: values.description,
        assigneeAgencyId: values.assigneeAgencyId ?? null,
        assigneeJurisdictionId: values.assigneeJurisdictionId ?? null,
        priority: values.priority,
        frequency: values.frequency,
        weekdays: values.frequency === 'weekly' ? (values.weekdays ?? []) : undefined,
        dueTime: values.dueTime.format('HH:mm'),
        startsOn: values.startsOn.format('YYYY-MM-DD'),
        endsOn: values.endsOn ? values.endsOn.format('YYYY-MM-DD') : null,
      });
      message.success(t('tasks.saved'));
      setOpen(false);
      form.resetFields();
    } catch (error) {
      const { fields, unplaced } = formFieldErrors(t, error, FIELDS);
      form.setFields(fields as never);
      setFormError(fields.length > 0 ? (unplaced.length > 0 ? unplaced.join('; ') : null) : translateError(t, error));
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Link to="/tasks">{t('tasks.back')}</Link>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('tasks.recurring.title')}
        </Typography.Title>
        {canAssign && (
          <Button type="primary" onClick={() => setOpen(true)}>
            {t('tasks.recurring.new')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary">{t('tasks.recurring.help')}</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon message={translateError(t, list.error)} />}
      <Card>
        <Table<Recurrence>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items}
          pagination={false}
          locale={{ emptyText: t('tasks.recurring.none') }}
          columns={[
            { title: t('tasks.titleField'), dataIndex: 'title' },
            { title: t('tasks.incident'), dataIndex: 'incidentCode', render: (code: string | null) => code ?? '—' },
            { title: t('tasks.assignee'), key: 'assignee', render: (_, r) => (en ? r.assigneeAgencyNameEn : r.assigneeAgencyName) ?? '—' },
            {
              title: t('tasks.recurring.schedule'),
              key: 'schedule',
              render: (_, r) =>
                r.frequency === 'daily'
                  ? t('tasks.recurring.dailyAt', { time: r.dueTime })
                  : t('tasks.recurring.weeklyAt', { days: r.weekdays.map(weekdayName).join(en ? ', ' : '、'), time: r.dueTime }),
            },
            {
              title: t('tasks.recurring.period'),
              key: 'period',
              render: (_, r) => `${r.startsOn} – ${r.endsOn ?? t('tasks.recurring.untilClosed')}`,
            },
            { title: t('tasks.recurring.last'), dataIndex: 'lastPeriod', render: (d: string | null) => d ?? '—' },
            {
              title: t('tasks.recurring.active'),
              key: 'active',
              render: (_, r) =>
                canAssign ? (
                  <Switch
                    checked={r.active}
                    aria-label={t('tasks.recurring.active')}
                    onChange={async (active) => {
                      try {
                        await toggle.mutateAsync({ id: r.id, active });
                      } catch (error) {
                        message.error(translateError(t, error));
                      }
                    }}
                  />
                ) : (
                  <Tag color={r.active ? 'green' : 'default'}>{r.active ? t('tasks.recurring.on') : t('tasks.recurring.off')}</Tag>
                ),
            },
          ]}
        />
      </Card>
      <Modal
        open={open}
        title={t('tasks.recurring.new')}
        okText={t('tasks.save')}
        cancelText={t('tasks.cancelButton')}
        confirmLoading={create.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        width={640}
        destroyOnHidden
      >
        {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ priority: 'normal', frequency: 'daily', dueTime: dayjs('16:00', 'HH:mm'), startsOn: districtTodayValue() }}
          onFinish={submit}
        >
          <Form.Item name="incidentId" label={t('tasks.incident')} extra={t('tasks.recurring.incidentHelp')}>
            <Select allowClear options={(incidents.data?.items ?? []).map((x) => ({ value: x.id, label: `${x.code} ${x.title}` }))} />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('tasks.titleField')}
            rules={[{ required: true, whitespace: true, message: t('tasks.form.titleRequired') }]}
          >
            <Input maxLength={200} placeholder={t('tasks.recurring.titlePlaceholder')} />
          </Form.Item>
          <Form.Item name="description" label={t('tasks.description')}>
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="assigneeAgencyId" label={t('tasks.agency')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                style={{ width: 280 }}
                options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: en ? a.nameEn : a.name }))}
              />
            </Form.Item>
            <Form.Item name="assigneeJurisdictionId" label={t('tasks.form.township')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                style={{ width: 200 }}
                options={(jurisdictions.data ?? [])
                  .filter((j) => j.level === 'township' || j.level === 'community')
                  .map((j) => ({ value: j.id, label: en ? j.nameEn : j.name }))}
              />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="frequency" label={t('tasks.recurring.frequency')}>
              <Select
                style={{ width: 140 }}
                options={(['daily', 'weekly'] as const).map((f) => ({ value: f, label: t(`tasks.recurring.frequencies.${f}`) }))}
              />
            </Form.Item>
            {frequency === 'weekly' && (
              <Form.Item
                name="weekdays"
                label={t('tasks.recurring.weekdaysLabel')}
                rules={[{ required: true, message: t('tasks.recurring.weekdaysRequired') }]}
              >
                <Select
                  mode="multiple"
                  style={{ width: 260 }}
                  options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: weekdayName(d) }))}
                />
              </Form.Item>
            )}
            <Form.Item name="dueTime" label={t('tasks.recurring.dueTime')} rules={[{ required: true, message: t('tasks.dueRequired') }]}>
              <TimePicker format="HH:mm" minuteStep={5} />
            </Form.Item>
            <Form.Item name="priority" label={t('tasks.priority')}>
              <Select style={{ width: 120 }} options={TASK_PRIORITIES.map((p) => ({ value: p, label: t(`tasks.priorities.${p}`) }))} />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item
              name="startsOn"
              label={t('tasks.recurring.startsOn')}
              rules={[{ required: true, message: t('tasks.recurring.startsOnRequired') }]}
            >
              <DistrictDatePicker />
            </Form.Item>
            <Form.Item name="endsOn" label={t('tasks.recurring.endsOn')} extra={t('tasks.recurring.endsOnHelp')}>
              <DistrictDatePicker />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </Space>
  );
}
