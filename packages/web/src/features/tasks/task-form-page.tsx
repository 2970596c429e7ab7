/**
 * Assign a task (/tasks/new, ?incidentId= to start from an incident): to one or several agencies and townships
 * at once — one task each, created all together or not at all (POST /api/tasks for one, /api/tasks/bulk for
 * several). The server's refusals (unknown agency, missing due time …) are shown beside their fields.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { fieldIssues, translateError } from '../../app/errors.ts';
import { useAgencies } from '../agencies/agencies-api.ts';
import { useJurisdictions } from '../jurisdictions/jurisdictions-api.ts';
import {
  TASK_PRIORITIES,
  type TaskInput,
  type TaskPriority,
  taskApi,
  taskFormField,
  useAssignablePeople,
  useOpenIncidents,
  useTaskMutation,
} from './tasks-api.ts';

interface Values {
  incidentId?: string;
  title: string;
  description?: string;
  assigneeAgencyIds?: string[];
  assigneeJurisdictionIds?: string[];
  assigneeUserIds?: string[];
  priority: TaskPriority;
  dueAt?: Dayjs;
  checklist?: { text: string }[];
}

const FIELDS = [
  'incidentId',
  'title',
  'description',
  'assigneeAgencyIds',
  'assigneeJurisdictionIds',
  'assigneeUserIds',
  'priority',
  'dueAt',
  'checklist',
];

export function TaskFormPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const agencies = useAgencies({ pageSize: 500 });
  const jurisdictions = useJurisdictions();
  const incidents = useOpenIncidents();
  const [personQuery, setPersonQuery] = useState('');
  const people = useAssignablePeople(personQuery, true);
  const en = i18n.language.startsWith('en');
  const save = useTaskMutation(async (inputs: TaskInput[]) =>
    inputs.length === 1 ? [await taskApi.create(inputs[0]!)] : (await taskApi.bulk(inputs)).items,
  );

  async function submit(values: Values) {
    setFormError(null);
    const common = {
      incidentId: values.incidentId ?? null,
      title: values.title,
      description: values.description,
      priority: values.priority,
      dueAt: values.dueAt!.toISOString(),
      checklist: (values.checklist ?? []).filter((item) => item?.text?.trim()).map((item) => ({ text: item.text.trim(), done: false })),
    };
    const inputs: TaskInput[] = [
      ...(values.assigneeAgencyIds ?? []).map((assigneeAgencyId) => ({ ...common, assigneeAgencyId })),
      ...(values.assigneeJurisdictionIds ?? []).map((assigneeJurisdictionId) => ({ ...common, assigneeJurisdictionId })),
      ...(values.assigneeUserIds ?? []).map((assigneeUserId) => ({ ...common, assigneeUserId })),
    ];
    try {
      const created = await save.mutateAsync(inputs);
      message.success(t('tasks.form.created', { count: created.length }));
      navigate(
        created.length === 1 ? `/tasks/${created[0]!.id}` : values.incidentId ? `/incidents/${values.incidentId}/tasks` : '/tasks?tab=all',
      );
    } catch (error) {
      const issues = fieldIssues(error);
      if (issues.length === 0) {
        setFormError(translateError(t, error));
        return;
      }
      const byField = new Map<string, string[]>();
      for (const issue of issues) {
        const name = taskFormField(issue.path);
        const text = issue.message ? t('errors.fieldInvalidWithReason', { reason: issue.message }) : t('errors.fieldInvalid');
        byField.set(name, [...new Set([...(byField.get(name) ?? []), text])]);
      }
      const placed = [...byField].filter(([name]) => FIELDS.includes(name));
      form.setFields(placed.map(([name, errors]) => ({ name: name as keyof Values, errors })));
      const unplaced = [...byField].filter(([name]) => !FIELDS.includes(name)).flatMap(([, errors]) => errors);
      setFormError(unplaced.length > 0 ? unplaced.join('; ') : null);
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Link to="/tasks">{t('tasks.back')}</Link>
      <Typography.Title level={3}>{t('tasks.form.title')}</Typography.Title>
      <Card style={{ maxWidth: 820 }}>
        {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} />}
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ incidentId: params.get('incidentId') ?? undefined, priority: 'normal', checklist: [] }}
          onFinish={submit}
        >
          <Form.Item name="incidentId" label={t('tasks.incident')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('tasks.form.noIncident')}
              loading={incidents.isLoading}
              options={(incidents.data?.items ?? []).map((x) => ({ value: x.id, label: `${x.code} ${x.title}` }))}
            />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('tasks.titleField')}
            rules={[{ required: true, whitespace: true, message: t('tasks.form.titleRequired') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="description" label={t('tasks.description')}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Form.Item
            name="assigneeAgencyIds"
            label={t('tasks.form.agencies')}
            extra={t('tasks.form.agenciesHelp')}
            dependencies={['assigneeJurisdictionIds', 'assigneeUserIds']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value: string[] | undefined) =>
                  (value?.length ?? 0) +
                    (getFieldValue('assigneeJurisdictionIds')?.length ?? 0) +
                    (getFieldValue('assigneeUserIds')?.length ?? 0) >
                  0
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('tasks.form.assigneeRequired'))),
              }),
            ]}
          >
            <Select
              mode="multiple"
              allowClear
              showSearch
              optionFilterProp="label"
              loading={agencies.isLoading}
              options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: en ? a.nameEn : a.name }))}
            />
          </Form.Item>
          <Form.Item name="assigneeJurisdictionIds" label={t('tasks.form.townships')}>
            <Select
              mode="multiple"
              allowClear
              showSearch
              optionFilterProp="label"
              options={(jurisdictions.data ?? [])
                .filter((j) => j.level === 'township' || j.level === 'community')
                .map((j) => ({ value: j.id, label: en ? j.nameEn : j.name }))}
            />
          </Form.Item>
          <Form.Item name="assigneeUserIds" label={t('tasks.form.people')}>
            <Select
              mode="multiple"
              allowClear
              showSearch
              filterOption={false}
              onSearch={setPersonQuery}
              loading={people.isFetching}
              options={(people.data?.items ?? []).map((p) => {
                const agency = en ? p.agencyNameEn : p.agencyName;
                return { value: p.id, label: agency ? `${p.displayName} · ${agency}` : p.displayName };
              })}
            />
          </Form.Item>
          <Space wrap size="large">
            <Form.Item name="dueAt" label={t('tasks.due')} rules={[{ required: true, message: t('tasks.dueRequired') }]}>
              <DistrictDatePicker showTime style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="priority" label={t('tasks.priority')}>
              <Select style={{ width: 140 }} options={TASK_PRIORITIES.map((p) => ({ value: p, label: t(`tasks.priorities.${p}`) }))} />
            </Form.Item>
          </Space>
          <Form.Item label={t('tasks.checklist')}>
            <Form.List name="checklist">
              {(items, { add, remove }) => (
                <Space direction="vertical" style={{ width: '100%' }}>
                  {items.map((item, index) => (
                    <Space key={item.key} style={{ width: '100%' }}>
                      <Form.Item name={[item.name, 'text']} noStyle>
                        <Input aria-label={t('tasks.form.item', { n: index + 1 })} style={{ width: 520 }} maxLength={300} />
                      </Form.Item>
                      <MinusCircleOutlined aria-label={t('tasks.form.removeItem')} onClick={() => remove(item.name)} />
                    </Space>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ text: '' })}>
                    {t('tasks.form.addItem')}
                  </Button>
                </Space>
              )}
            </Form.List>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('tasks.form.submit')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
