/**
 * One volunteer: details (phone and ID masked; the full numbers on request, audited), vetting (not by the one who
 * registered them), suspension and reinstatement, assignments to tasks with check-in and check-out, and hours —
 * logging hours and checking in work on a phone.
 */
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Radio, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { districtWallTime } from '../../app/district-dayjs.ts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Schemas } from '../../api/contract.ts';
import { queryClient } from '../../app/api.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { districtToday, formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import {
  type VolunteerAssignment,
  type VolunteerDetail,
  assignVolunteer,
  assignmentColour,
  changeStatus,
  hoursOf,
  logHours,
  nameIn,
  revealPersonal,
  stepAssignment,
  useVolunteer,
  vetVolunteer,
  vettingColour,
} from './volunteers-api.ts';

const refresh = () => queryClient.invalidateQueries({ queryKey: ['volunteers'] });

export function VolunteerPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const volunteer = useVolunteer(id);
  const [error, setError] = useState<unknown>(null);
  const [personal, setPersonal] = useState<Schemas['VolunteerPersonal'] | null>(null);
  const [assigning, setAssigning] = useState(false);
  const [statusChange, setStatusChange] = useState<'suspended' | 'withdrawn' | 'approved' | 'rejected' | null>(null);
  useLiveInvalidate('volunteers', [['volunteers']]);

  if (volunteer.error) return <Alert type="error" showIcon message={translateError(t, volunteer.error)} />;
  const v = volunteer.data;
  if (!v) return null;

  async function act(work: () => Promise<unknown>, done: string) {
    setError(null);
    try {
      await work();
      message.success(done);
      await refresh();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="volunteer-title">
          {v.name} · {v.code}
        </Typography.Title>
        <Tag color={vettingColour(v.vettingStatus)} data-testid="volunteer-status">
          {t(`volunteers.statuses.${v.vettingStatus}`)}
        </Tag>
        {v.vettingStatus === 'approved' && (
          <Tag color={v.activity.active ? 'green' : 'default'} data-testid="volunteer-active">
            {v.activity.active ? t('volunteers.active') : t('volunteers.inactive')}
          </Tag>
        )}
      </Space>
      {error != null && (
        <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 12 }} data-testid="volunteer-error" />
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        {v.can.vet && v.vettingStatus === 'pending' && (
          <>
            <Button
              type="primary"
              onClick={() => act(() => vetVolunteer(v.id, { decision: 'approved', note: '' }), t('volunteers.vetted'))}
              data-testid="volunteer-approve"
            >
              {t('volunteers.actions.approve')}
            </Button>
            <Button danger onClick={() => setStatusChange('rejected')}>
              {t('volunteers.actions.reject')}
            </Button>
          </>
        )}
        {v.vettingStatus === 'pending' && !v.can.vet && v.registeredBy && (
          <Typography.Text type="secondary">{t('volunteers.awaitingVetting')}</Typography.Text>
        )}
        {v.can.manage && v.vettingStatus === 'approved' && (
          <Button type="primary" onClick={() => setAssigning(true)} data-testid="volunteer-assign">
            {t('volunteers.actions.assign')}
          </Button>
        )}
        {v.can.vet && v.vettingStatus === 'approved' && (
          <Button onClick={() => setStatusChange('suspended')}>{t('volunteers.actions.suspend')}</Button>
        )}
        {v.can.vet && v.vettingStatus === 'suspended' && (
          <Button onClick={() => setStatusChange('approved')}>{t('volunteers.actions.reinstate')}</Button>
        )}
        {v.can.vet && ['pending', 'approved', 'suspended'].includes(v.vettingStatus) && (
          <Button onClick={() => setStatusChange('withdrawn')}>{t('volunteers.actions.withdraw')}</Button>
        )}
      </Space>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
          <Descriptions.Item label={t('volunteers.fields.place')}>
            {[v.township ? nameIn(i18n.language, v.township) : '', nameIn(i18n.language, v.jurisdiction), v.grid]
              .filter(Boolean)
              .join(' · ')}
          </Descriptions.Item>
          <Descriptions.Item label={t('volunteers.fields.sex')}>{t(`volunteers.sexes.${v.sex}`)}</Descriptions.Item>
          <Descriptions.Item label={t('volunteers.fields.birthYear')}>{v.birthYear ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('volunteers.fields.phone')}>
            <span data-testid="volunteer-phone-value">{personal?.phone ?? (v.phoneMasked || '—')}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('volunteers.fields.idNumber')}>
            {v.idType === 'none' ? '—' : `${t(`volunteers.idTypes.${v.idType}`)} ${personal?.idNumber ?? v.idNumberMasked}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('volunteers.fields.skills')}>
            {v.skills.map((s) => t(`volunteers.skills.${s}`)).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('volunteers.fields.languages')}>
            {v.languages.map((s) => t(`volunteers.languages.${s}`)).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('volunteers.fields.availability')}>
            {v.availability.map((s) => t(`volunteers.availability.${s}`)).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('volunteers.fields.organisation')}>{v.organisation || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('volunteers.fields.registeredBy')}>
            {v.registeredBy ? `${v.registeredBy.displayName} · ${formatDateTime(v.createdAt)}` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('volunteers.fields.vettedBy')}>
            {v.vettedBy ? `${v.vettedBy.displayName} · ${formatDateTime(v.vettedAt)}` : '—'}
            {v.vettingNote ? ` · ${v.vettingNote}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('volunteers.fields.activity')}>
            {t('volunteers.activityLine', { hours: hoursOf(v.activity.minutes), perMonth: v.activity.hoursPerMonth })}
          </Descriptions.Item>
        </Descriptions>
        {v.can.reveal && !personal && (v.phoneMasked || v.idNumberMasked) && (
          <Button
            size="small"
            onClick={async () => {
              setError(null);
              try {
                setPersonal(await revealPersonal(v.id));
              } catch (e) {
                setError(e);
              }
            }}
            data-testid="volunteer-reveal"
          >
            {t('volunteers.actions.reveal')}
          </Button>
        )}
      </Card>
      <Assignments volunteer={v} onError={setError} />
      {v.can.manage && <HoursForm volunteer={v} />}
      <Card size="small" title={t('volunteers.hours')} style={{ marginTop: 12 }}>
        <ResponsiveTable<VolunteerDetail['hours'][number]>
          size="small"
          rowKey="id"
          data-testid="volunteer-hours"
          dataSource={v.hours}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          cardTitle={['workedOn']}
          columns={[
            { title: t('volunteers.fields.workedOn'), dataIndex: 'workedOn', key: 'workedOn' },
            { title: t('volunteers.fields.hoursValue'), key: 'h', render: (_, h) => hoursOf(h.minutes) },
            { title: t('volunteers.fields.activityText'), dataIndex: 'activity', key: 'activity' },
            { title: t('volunteers.fields.source'), key: 'source', render: (_, h) => t(`volunteers.sources.${h.source}`) },
            { title: t('volunteers.fields.loggedBy'), key: 'by', render: (_, h) => h.loggedBy ?? '—' },
          ]}
        />
      </Card>
      {assigning && <AssignForm volunteer={v} onClose={() => setAssigning(false)} />}
      {statusChange && (
        <StatusForm
          status={statusChange}
          onClose={() => setStatusChange(null)}
          onSave={(note) =>
            act(
              () =>
                statusChange === 'rejected'
                  ? vetVolunteer(v.id, { decision: 'rejected', note })
                  : changeStatus(v.id, { status: statusChange, note }),
              t('volunteers.saved'),
            ).then(() => setStatusChange(null))
          }
        />
      )}
    </div>
  );
}

/** The assignments, with check-in and check-out buttons large enough for a thumb. */
export function AssignmentCards({
  assignments,
  manage,
  onError,
}: {
  assignments: VolunteerAssignment[];
  manage: boolean;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  async function step(a: VolunteerAssignment, s: 'check-in' | 'check-out' | 'cancel') {
    onError(null);
    try {
      await stepAssignment(a.id, s);
      message.success(t(`volunteers.steps.${s}`));
      await refresh();
    } catch (e) {
      onError(e);
    }
  }
  if (assignments.length === 0) return <Typography.Text type="secondary">{t('volunteers.noAssignments')}</Typography.Text>;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {assignments.map((a) => (
        <Card key={a.id} size="small" data-testid="assignment-card">
          <Space direction="vertical" style={{ width: '100%' }} size={4}>
            <Space wrap>
              {manage ? <Link to={`/tasks/${a.task.id}`}>{a.task.code}</Link> : <span>{a.task.code}</span>}
              <Typography.Text strong>{a.task.title}</Typography.Text>
              <Tag color={assignmentColour(a.status)} data-testid="assignment-status">
                {t(`volunteers.assignmentStatuses.${a.status}`)}
              </Tag>
            </Space>
            <Typography.Text type="secondary">
              {t('volunteers.due', { at: formatDateTime(a.task.dueAt) })}
              {a.duty ? ` · ${a.duty}` : ''}
            </Typography.Text>
            {a.contactDetails && (
              <Alert
                type="info"
                showIcon
                message={t('volunteers.contactDetails')}
                description={a.contactDetails}
                data-testid="assignment-contact"
              />
            )}
            {a.checkedInAt && (
              <Typography.Text type="secondary">
                {t('volunteers.checkedIn', { at: formatDateTime(a.checkedInAt) })}
                {a.checkedOutAt ? ` · ${t('volunteers.checkedOut', { at: formatDateTime(a.checkedOutAt) })}` : ''}
              </Typography.Text>
            )}
            <Space wrap>
              {a.status === 'assigned' && (
                <Button type="primary" size="large" onClick={() => step(a, 'check-in')} data-testid="assignment-check-in">
                  {t('volunteers.actions.checkIn')}
                </Button>
              )}
              {a.status === 'checked_in' && (
                <Button type="primary" size="large" onClick={() => step(a, 'check-out')} data-testid="assignment-check-out">
                  {t('volunteers.actions.checkOut')}
                </Button>
              )}
              {manage && (a.status === 'assigned' || a.status === 'checked_in') && (
                <Button size="large" onClick={() => step(a, 'cancel')}>
                  {t('volunteers.actions.cancelAssignment')}
                </Button>
              )}
            </Space>
          </Space>
        </Card>
      ))}
    </Space>
  );
}

function Assignments({ volunteer, onError }: { volunteer: VolunteerDetail; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('volunteers.assignments')} data-testid="volunteer-assignments">
      <AssignmentCards assignments={volunteer.assignments} manage={volunteer.can.manage} onError={onError} />
    </Card>
  );
}

/** Hours by hand: a day (today by default), hours and minutes, what was done — one thumb on a phone. */
export function HoursForm({ volunteer }: { volunteer: { id: string } }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ workedOn: dayjs.Dayjs; hours: number; activity?: string }>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  return (
    <Card size="small" title={t('volunteers.logHours')} style={{ marginTop: 12 }}>
      {error != null && <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 8 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ workedOn: dayjs(districtToday()), hours: 2 }}
        onFinish={async (values) => {
          setSaving(true);
          setError(null);
          try {
            await logHours(volunteer.id, {
              workedOn: values.workedOn.format('YYYY-MM-DD'),
              minutes: Math.round(values.hours * 60),
              activity: values.activity ?? '',
            });
            message.success(t('volunteers.hoursLogged'));
            form.resetFields(['activity']);
            await refresh();
          } catch (e) {
            setError(e);
          } finally {
            setSaving(false);
          }
        }}
        data-testid="hours-form"
      >
        <Space wrap align="start">
          <Form.Item
            name="workedOn"
            label={t('volunteers.fields.workedOn')}
            rules={[{ required: true, message: t('volunteers.required') }]}
          >
            <DistrictDatePicker notFuture />
          </Form.Item>
          <Form.Item name="hours" label={t('volunteers.fields.hoursValue')} rules={[{ required: true, message: t('volunteers.required') }]}>
            <InputNumber min={0.25} max={24} step={0.5} inputMode="decimal" style={{ width: 120 }} data-testid="hours-value" />
          </Form.Item>
        </Space>
        <Form.Item name="activity" label={t('volunteers.fields.activityText')} rules={[{ max: 500 }]}>
          <Input data-testid="hours-activity" />
        </Form.Item>
        <Button type="primary" size="large" htmlType="submit" loading={saving} block data-testid="hours-submit">
          {t('volunteers.logHours')}
        </Button>
      </Form>
    </Card>
  );
}

function AssignForm({ volunteer, onClose }: { volunteer: VolunteerDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  return (
    <Modal
      open
      title={t('volunteers.actions.assign')}
      onCancel={onClose}
      footer={null}
      width={Math.min(600, window.innerWidth)}
      destroyOnHidden
    >
      {error != null && (
        <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 12 }} data-testid="assign-error" />
      )}
      <Form
        layout="vertical"
        initialValues={{ dueAt: districtWallTime(1, 18), priority: 'normal' }}
        onFinish={async (values: {
          title: string;
          description?: string;
          dueAt: dayjs.Dayjs;
          priority: 'low' | 'normal' | 'high' | 'urgent';
          duty?: string;
          contactDetails?: string;
        }) => {
          setSaving(true);
          setError(null);
          try {
            await assignVolunteer(volunteer.id, {
              task: {
                title: values.title,
                description: values.description ?? '',
                dueAt: values.dueAt.toISOString(),
                priority: values.priority,
              },
              duty: values.duty ?? '',
              contactDetails: values.contactDetails ?? '',
            });
            message.success(t('volunteers.assigned'));
            await refresh();
            onClose();
          } catch (e) {
            setError(e);
          } finally {
            setSaving(false);
          }
        }}
        data-testid="assign-form"
      >
        <Form.Item
          name="title"
          label={t('volunteers.fields.taskTitle')}
          rules={[{ required: true, message: t('volunteers.required') }, { max: 200 }]}
        >
          <Input data-testid="assign-title" />
        </Form.Item>
        <Form.Item name="description" label={t('volunteers.fields.taskDescription')} rules={[{ max: 4000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="dueAt" label={t('volunteers.fields.dueAt')} rules={[{ required: true, message: t('volunteers.required') }]}>
            <DistrictDatePicker showTime />
          </Form.Item>
          <Form.Item name="priority" label={t('volunteers.fields.priority')}>
            <Radio.Group
              options={(['low', 'normal', 'high', 'urgent'] as const).map((p) => ({ value: p, label: t(`volunteers.priorities.${p}`) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="duty" label={t('volunteers.fields.duty')} rules={[{ max: 500 }]}>
          <Input data-testid="assign-duty" />
        </Form.Item>
        <Form.Item
          name="contactDetails"
          label={t('volunteers.fields.contactDetails')}
          extra={t('volunteers.contactDetailsHelp')}
          rules={[{ max: 1000 }]}
        >
          <Input.TextArea rows={2} data-testid="assign-contact" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="assign-submit">
          {t('volunteers.actions.assign')}
        </Button>
      </Form>
    </Modal>
  );
}

function StatusForm({ status, onClose, onSave }: { status: string; onClose: () => void; onSave: (note: string) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  return (
    <Modal
      open
      title={t(`volunteers.statusTitles.${status}`)}
      onCancel={onClose}
      onOk={() => onSave(note.trim())}
      okButtonProps={{ disabled: note.trim() === '', 'data-testid': 'status-ok' } as never}
      destroyOnHidden
    >
      <Input.TextArea
        rows={3}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder={t('volunteers.sayWhy')}
        maxLength={1000}
      />
    </Modal>
  );
}
