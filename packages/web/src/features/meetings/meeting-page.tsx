/**
 * One meeting: details, agenda, attendees and minutes, and its decisions. A decision becomes tasks in one step
 * (pick the agencies and the due time: one task per agency), and shows the status of each of its tasks, live.
 */
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, List, Modal, Popconfirm, Select, Space, Spin, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { inLanguage } from '../../app/bilingual-text.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { addDays, districtAt, districtToday, formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { NotFoundPage } from '../../app/not-found-page.tsx';
import { useFormSave } from '../../app/use-form-save.ts';
import { ApiError } from '../../api/client.ts';
import { useAgencies } from '../agencies/agencies-api.ts';
import { localName } from '../jurisdictions/jurisdictions-api.ts';
import { MeetingForm } from './meeting-form.tsx';
import { type Meeting, useMeeting } from './meetings-api.ts';

const TASK_COLOURS: Record<string, string> = {
  assigned: 'default',
  accepted: 'blue',
  in_progress: 'processing',
  done: 'success',
  rejected: 'error',
  blocked: 'warning',
  cancelled: 'default',
};

export function MeetingPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const meeting = useMeeting(id);
  useLiveInvalidate('meetings', [['meetings', 'one', id]]);
  useLiveInvalidate('tasks', [['meetings', 'one', id]]);
  const [editing, setEditing] = useState(false);
  const [newDecision, setNewDecision] = useState('');
  const [tasksFor, setTasksFor] = useState<Meeting['decisions'][number] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (meeting.error instanceof ApiError && meeting.error.status === 404) return <NotFoundPage />;
  if (meeting.error) return <Alert type="error" showIcon message={translateError(t, meeting.error)} />;
  const m = meeting.data;
  if (!m) return <Spin />;
  const canManage = hasRight(me.data, RIGHTS.meetingsManage);
  const canRequest = hasRight(me.data, RIGHTS.stockRequest);
  const en = i18n.language === 'en';
  const apply = (next: Meeting) => {
    client.setQueryData(['meetings', 'one', id], next);
    void client.invalidateQueries({ queryKey: ['meetings', 'list'] });
  };
  const call = async (fn: () => Promise<Meeting>) => {
    setBusy(true);
    setError(null);
    try {
      apply(await fn());
      return true;
    } catch (e) {
      setError(translateError(t, e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Space direction="vertical" size={0}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {m.title}
          </Typography.Title>
          <Space wrap>
            <Tag>{t(`meetings.status.${m.status}`)}</Tag>
            <Typography.Text type="secondary">
              {formatDateTime(m.heldAt)} · {en && m.jurisdictionNameEn ? m.jurisdictionNameEn : m.jurisdictionName}
              {m.incidentId && (
                <>
                  {' · '}
                  <Link to={`/incidents/${m.incidentId}`}>{`${m.incidentCode} ${m.incidentTitle}`}</Link>
                </>
              )}
            </Typography.Text>
          </Space>
        </Space>
        {canManage && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('meetings.edit')}
          </Button>
        )}
      </Space>
      {error && <Alert type="error" showIcon closable message={error} onClose={() => setError(null)} style={{ marginBottom: 12 }} />}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('meetings.fields.location')}>{inLanguage(m.location, i18n.language) || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.fields.chair')}>{m.chair || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.fields.attendees')} span={2}>
            {m.attendees.length === 0
              ? '—'
              : m.attendees
                  .map((a) =>
                    [a.agencyName ? (en && a.agencyNameEn ? a.agencyNameEn : a.agencyName) : null, a.personName, a.position]
                      .filter(Boolean)
                      .join(' '),
                  )
                  .join(t('meetings.listSeparator'))}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('meetings.fields.agenda')} style={{ marginBottom: 12 }}>
        {m.agenda.length === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <ol style={{ margin: 0 }}>
            {m.agenda.map((a, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: agenda items are plain texts that may repeat, shown read-only in their order
              <li key={i}>
                {inLanguage(a.title, i18n.language)}
                {a.presenter && <Typography.Text type="secondary">{t('meetings.presentedBy', { presenter: a.presenter })}</Typography.Text>}
              </li>
            ))}
          </ol>
        )}
      </Card>
      <Card size="small" title={t('meetings.fields.minutes')} style={{ marginBottom: 12 }} data-testid="meeting-minutes">
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
          {inLanguage(m.minutes, i18n.language) || '—'}
        </Typography.Paragraph>
      </Card>
      <Card size="small" title={t('meetings.decisions')}>
        <List
          dataSource={m.decisions}
          locale={{ emptyText: t('meetings.noDecisions') }}
          renderItem={(d) => (
            <List.Item
              data-testid={`decision-${d.seq}`}
              actions={
                canManage || canRequest
                  ? [
                      canRequest && m.status !== 'cancelled' && (
                        <Link
                          key="request"
                          to={`/stock/requests?${new URLSearchParams({ from: `meeting:${d.id}`, label: `${m.title} · ${d.seq}. ${inLanguage(d.text, i18n.language)}` })}`}
                        >
                          <Button size="small">{t('meetings.requestMaterials')}</Button>
                        </Link>
                      ),
                      canManage && (
                        <Button
                          key="tasks"
                          size="small"
                          type="primary"
                          ghost
                          onClick={() => setTasksFor(d)}
                          disabled={m.status === 'cancelled'}
                        >
                          {t('meetings.makeTasks')}
                        </Button>
                      ),
                      canManage && d.tasks.length === 0 && (
                        <Popconfirm
                          key="delete"
                          title={t('meetings.deleteDecisionConfirm')}
                          onConfirm={() => void call(() => api.delete<Meeting>(`/api/meetings/${m.id}/decisions/${d.id}`))}
                        >
                          <Button size="small" icon={<DeleteOutlined />} aria-label={t('meetings.deleteDecision')} />
                        </Popconfirm>
                      ),
                    ].filter(Boolean)
                  : []
              }
            >
              <List.Item.Meta
                title={`${d.seq}. ${inLanguage(d.text, i18n.language)}`}
                description={
                  d.tasks.length === 0 ? (
                    t('meetings.noTasksYet')
                  ) : (
                    <Space wrap>
                      {d.tasks.map((task) => (
                        <Link key={task.id} to={`/tasks/${task.id}`}>
                          <Tag color={task.overdue ? 'error' : TASK_COLOURS[task.status]}>
                            {task.code} {en && task.assigneeNameEn ? task.assigneeNameEn : task.assigneeName} ·{' '}
                            {t(`meetings.taskStatus.${task.status}`)}
                            {task.overdue && ` · ${t('meetings.overdue')}`}
                          </Tag>
                        </Link>
                      ))}
                    </Space>
                  )
                }
              />
            </List.Item>
          )}
        />
        {canManage && m.status !== 'cancelled' && (
          <Space.Compact style={{ width: '100%', marginTop: 8 }}>
            <Input
              aria-label={t('meetings.newDecision')}
              placeholder={t('meetings.newDecision')}
              value={newDecision}
              maxLength={2000}
              onChange={(e) => setNewDecision(e.target.value)}
            />
            <Button
              icon={<PlusOutlined />}
              loading={busy}
              disabled={!newDecision.trim()}
              onClick={async () => {
                if (await call(() => api.post<Meeting>(`/api/meetings/${m.id}/decisions`, { text: newDecision.trim() })))
                  setNewDecision('');
              }}
            >
              {t('meetings.addDecision')}
            </Button>
          </Space.Compact>
        )}
      </Card>
      {editing && (
        <MeetingForm
          meeting={m}
          onClose={() => setEditing(false)}
          onSaved={(next) => {
            apply(next);
            setEditing(false);
          }}
        />
      )}
      {tasksFor && (
        <DecisionTasksDialog
          meeting={m}
          decision={tasksFor}
          onClose={() => setTasksFor(null)}
          onSaved={(next) => {
            apply(next);
            setTasksFor(null);
          }}
        />
      )}
    </div>
  );
}

/** Pick agencies and a due time: one task per agency (the server refuses a past due time or an unknown agency). */
function DecisionTasksDialog({
  meeting,
  decision,
  onClose,
  onSaved,
}: {
  meeting: Meeting;
  decision: Meeting['decisions'][number];
  onClose: () => void;
  onSaved: (m: Meeting) => void;
}) {
  const { t, i18n } = useTranslation();
  const agencies = useAgencies({ page: 1, pageSize: 500 });
  const [form] = Form.useForm<{ agencyIds: string[]; dueAt: Dayjs; title: string; priority: string }>();
  const { submit, saving, formError } = useFormSave(
    form,
    ['agencyIds', 'dueAt', 'title', 'priority'],
    (v) =>
      api.post<Meeting>(`/api/meetings/${meeting.id}/decisions/${decision.id}/tasks`, {
        agencyIds: v.agencyIds,
        dueAt: v.dueAt.toISOString(),
        ...(v.title?.trim() ? { title: v.title.trim() } : {}),
        priority: v.priority,
      }),
    onSaved,
  );
  const tomorrow = dayjs(districtAt(addDays(districtToday(), 1), '18:00'));
  return (
    <Modal
      open
      title={t('meetings.makeTasks')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('meetings.makeTasksAction')}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Typography.Paragraph>{`${decision.seq}. ${inLanguage(decision.text, i18n.language)}`}</Typography.Paragraph>
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ agencyIds: [], dueAt: tomorrow, priority: 'normal', title: '' }}
      >
        <Form.Item
          name="agencyIds"
          label={t('meetings.tasksAgencies')}
          rules={[{ required: true, type: 'array', min: 1, message: t('meetings.agencyRequired') }]}
        >
          <Select
            mode="multiple"
            showSearch
            optionFilterProp="label"
            options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: localName(a, i18n.language) }))}
          />
        </Form.Item>
        <Form.Item name="dueAt" label={t('meetings.tasksDue')} rules={[{ required: true, message: t('meetings.dueRequired') }]}>
          <DistrictDatePicker showTime />
        </Form.Item>
        <Form.Item name="priority" label={t('meetings.tasksPriority')}>
          <Select options={['low', 'normal', 'high', 'urgent'].map((p) => ({ value: p, label: t(`meetings.priority.${p}`) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('meetings.tasksTitle')} extra={t('meetings.tasksTitleHint')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
