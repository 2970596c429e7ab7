/**
 * Group sessions (issue 17 §7): for health-worker teams and quarantine sites, with the headcount and the
 * registered clients who attended. The team records and lists them; on a phone the list becomes cards.
 */
import { Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Tag, Typography, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { queryClient, typedApi } from '../../app/api.ts';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { GROUP_AUDIENCES, type PsychGroup, usePsychClients, usePsychGroups } from './psych-api.ts';

interface GroupValues {
  title: string;
  audience: PsychGroup['audience'];
  heldAt: Dayjs;
  attendance: number;
  attendeeClientIds: string[];
  notes: string;
}

export function PsychGroupsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const writer = hasRight(me, RIGHTS.counsellingWrite);
  const groups = usePsychGroups();
  useLiveInvalidate('psych', [['psych', 'groups']]);
  const [search, setSearch] = useState('');
  // attendees are picked among the team's open clients (closed ones are read-only)
  const clients = usePsychClients({ q: search || undefined, status: 'open', page: 1, pageSize: 50 });
  const [form] = Form.useForm<GroupValues>();
  const [busy, setBusy] = useState(false);

  const save = async (values: GroupValues) => {
    setBusy(true);
    try {
      await typedApi.post('/api/psych/groups', {
        body: {
          title: values.title,
          audience: values.audience,
          heldAt: values.heldAt.toISOString(),
          attendance: values.attendance,
          attendeeClientIds: values.attendeeClientIds ?? [],
          notes: values.notes ?? '',
        },
      });
      void message.success(t('psych.groupSessions.saved'));
      form.resetFields();
      form.setFieldValue('heldAt', dayjs());
      await queryClient.invalidateQueries({ queryKey: ['psych', 'groups'] });
    } catch (error) {
      void message.error(translateError(t, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <Typography.Title level={3}>{t('psych.groupSessions.title')}</Typography.Title>
      <Row gutter={[16, 16]}>
        {writer && (
          <Col xs={24} lg={9}>
            <Card title={t('psych.groupSessions.new')} size="small">
              <Form
                form={form}
                layout="vertical"
                onFinish={save}
                initialValues={{ heldAt: dayjs(), audience: 'health_workers', attendance: 10, attendeeClientIds: [] }}
                data-testid="psych-group-form"
              >
                <Form.Item name="title" label={t('psych.groupSessions.name')} rules={[{ required: true, whitespace: true }]}>
                  <Input maxLength={200} />
                </Form.Item>
                <Form.Item name="audience" label={t('psych.groupSessions.audience')} rules={[{ required: true }]}>
                  <Select options={GROUP_AUDIENCES.map((a) => ({ value: a, label: t(`psych.audiences.${a}`) }))} />
                </Form.Item>
                <Form.Item name="heldAt" label={t('psych.groupSessions.heldAt')} rules={[{ required: true }]}>
                  <DistrictDatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item
                  name="attendance"
                  label={t('psych.groupSessions.attendance')}
                  dependencies={['attendeeClientIds']}
                  rules={[
                    { required: true },
                    ({ getFieldValue }) => ({
                      validator: (_, value: number) =>
                        value >= ((getFieldValue('attendeeClientIds') as string[] | undefined)?.length ?? 0)
                          ? Promise.resolve()
                          : Promise.reject(new Error(t('psych.groupSessions.attendanceTooLow'))),
                    }),
                  ]}
                >
                  <InputNumber min={0} max={10000} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item
                  name="attendeeClientIds"
                  label={t('psych.groupSessions.attendees')}
                  extra={t('psych.groupSessions.attendeesHint')}
                >
                  <Select
                    mode="multiple"
                    showSearch
                    filterOption={false}
                    onSearch={setSearch}
                    loading={clients.isFetching}
                    options={(clients.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }))}
                    data-testid="psych-group-attendees"
                  />
                </Form.Item>
                <Form.Item name="notes" label={t('psych.groupSessions.notes')}>
                  <Input.TextArea rows={2} maxLength={4000} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={busy} block>
                  {t('psych.groupSessions.save')}
                </Button>
              </Form>
            </Card>
          </Col>
        )}
        <Col xs={24} lg={writer ? 15 : 24}>
          <ResponsiveTable<PsychGroup>
            rowKey="id"
            size="small"
            loading={groups.isPending}
            dataSource={groups.data?.items ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            data-testid="psych-group-list"
            cardTitle={['title']}
            columns={[
              { key: 'title', title: t('psych.groupSessions.name'), dataIndex: 'title' },
              {
                key: 'audience',
                title: t('psych.groupSessions.audience'),
                dataIndex: 'audience',
                render: (a: string) => <Tag>{t(`psych.audiences.${a}`)}</Tag>,
              },
              { key: 'heldAt', title: t('psych.groupSessions.heldAt'), dataIndex: 'heldAt', render: (v: string) => formatDateTime(v) },
              { key: 'attendance', title: t('psych.groupSessions.attendance'), dataIndex: 'attendance' },
              {
                key: 'attendees',
                title: t('psych.groupSessions.attendees'),
                render: (_: unknown, g: PsychGroup) =>
                  g.attendees.length === 0 ? (
                    '—'
                  ) : (
                    <Space wrap size={4}>
                      {g.attendees.map((a) => (
                        <Link key={a.id} to={`/psych/clients/${a.id}`}>
                          {`${a.code} ${a.name}`}
                        </Link>
                      ))}
                    </Space>
                  ),
              },
              { key: 'facilitator', title: t('psych.groupSessions.facilitator'), dataIndex: 'facilitatorName' },
              { key: 'notes', title: t('psych.groupSessions.notes'), dataIndex: 'notes' },
            ]}
          />
        </Col>
      </Row>
    </div>
  );
}
