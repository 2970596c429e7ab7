/**
 * The drawer that records or edits a meeting: for an incident (its area) or standing (an area), date and time,
 * place, chair, agenda, attendees (an agency with the person it sends, or a named person) and minutes.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, Form, Input, Select, Space } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { useFormSave } from '../../app/use-form-save.ts';
import { useAgencies } from '../agencies/agencies-api.ts';
import { useIncidents } from '../incidents/incidents-api.ts';
import { localName, useJurisdictions } from '../jurisdictions/jurisdictions-api.ts';
import { MEETING_STATUSES, type Meeting } from './meetings-api.ts';

interface Values {
  incidentId?: string | null;
  jurisdictionId?: string;
  title: string;
  heldAt: Dayjs;
  location: string;
  chair: string;
  status: string;
  agenda: { title: string; presenter?: string }[];
  attendees: { agencyId?: string | null; personName?: string; position?: string }[];
  minutes: string;
}

const FIELDS = ['incidentId', 'jurisdictionId', 'title', 'heldAt', 'location', 'chair', 'status', 'agenda', 'attendees', 'minutes'];

export function MeetingForm({
  meeting,
  defaultIncidentId,
  onClose,
  onSaved,
}: {
  meeting?: Meeting;
  defaultIncidentId?: string;
  onClose: () => void;
  onSaved: (m: Meeting) => void;
}) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const incidents = useIncidents({ status: 'open', page: 1, pageSize: 100 });
  const agencies = useAgencies({ page: 1, pageSize: 500 });
  const jurisdictions = useJurisdictions();
  const incidentId = Form.useWatch('incidentId', form);
  const save = (v: Values) => {
    const body = {
      title: v.title,
      heldAt: v.heldAt.toISOString(),
      location: v.location ?? '',
      chair: v.chair ?? '',
      status: v.status,
      agenda: (v.agenda ?? []).map((a) => ({ title: a.title, presenter: a.presenter ?? '' })),
      attendees: (v.attendees ?? []).map((a) => ({
        agencyId: a.agencyId || null,
        personName: a.personName ?? '',
        position: a.position ?? '',
      })),
      minutes: v.minutes ?? '',
    };
    if (meeting) return api.patch<Meeting>(`/api/meetings/${meeting.id}`, body);
    return api.post<Meeting>('/api/meetings', {
      ...body,
      ...(v.incidentId ? { incidentId: v.incidentId } : { jurisdictionId: v.jurisdictionId }),
    });
  };
  const { submit, saving, formError } = useFormSave(form, FIELDS, save, (m) => {
    void client.invalidateQueries({ queryKey: ['meetings'] });
    onSaved(m);
  });
  const initial: Partial<Values> = meeting
    ? {
        title: meeting.title,
        heldAt: dayjs(meeting.heldAt),
        location: meeting.location,
        chair: meeting.chair,
        status: meeting.status,
        agenda: meeting.agenda,
        attendees: meeting.attendees.map((a) => ({ agencyId: a.agencyId, personName: a.personName, position: a.position })),
        minutes: meeting.minutes,
      }
    : { incidentId: defaultIncidentId ?? null, status: 'held', heldAt: dayjs(), agenda: [], attendees: [] };

  return (
    <Drawer
      open
      width={640}
      title={meeting ? t('meetings.edit') : t('meetings.create')}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Button type="primary" loading={saving} onClick={() => form.submit()}>
          {t('meetings.save')}
        </Button>
      }
    >
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        {!meeting && (
          <>
            <Form.Item name="incidentId" label={t('meetings.fields.incident')} extra={t('meetings.standingHint')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                options={(incidents.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.code} ${i.title}` }))}
              />
            </Form.Item>
            {!incidentId && (
              <Form.Item
                name="jurisdictionId"
                label={t('meetings.fields.area')}
                rules={[{ required: true, message: t('meetings.areaRequired') }]}
              >
                <Select
                  showSearch
                  optionFilterProp="label"
                  options={(jurisdictions.data ?? []).map((j) => ({ value: j.id, label: localName(j, i18n.language) }))}
                />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item
          name="title"
          label={t('meetings.fields.title')}
          rules={[{ required: true, whitespace: true, message: t('meetings.titleRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="heldAt" label={t('meetings.fields.heldAt')} rules={[{ required: true, message: t('meetings.timeRequired') }]}>
            <DistrictDatePicker showTime />
          </Form.Item>
          <Form.Item name="status" label={t('meetings.fields.status')}>
            <Select style={{ width: 140 }} options={MEETING_STATUSES.map((s) => ({ value: s, label: t(`meetings.status.${s}`) }))} />
          </Form.Item>
        </Space>
        <Form.Item name="location" label={t('meetings.fields.location')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="chair" label={t('meetings.fields.chair')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.List name="agenda">
          {(items, { add, remove }) => (
            <Form.Item label={t('meetings.fields.agenda')}>
              {items.map((item) => (
                <Space key={item.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item
                    name={[item.name, 'title']}
                    rules={[{ required: true, whitespace: true, message: t('meetings.agendaTitleRequired') }]}
                  >
                    <Input placeholder={t('meetings.fields.agendaItem')} style={{ width: 300 }} />
                  </Form.Item>
                  <Form.Item name={[item.name, 'presenter']}>
                    <Input placeholder={t('meetings.fields.presenter')} style={{ width: 160 }} />
                  </Form.Item>
                  <MinusCircleOutlined aria-label={t('meetings.remove')} onClick={() => remove(item.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ title: '', presenter: '' })}>
                {t('meetings.addAgenda')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
        <Form.List name="attendees">
          {(items, { add, remove }) => (
            <Form.Item label={t('meetings.fields.attendees')}>
              {items.map((item) => (
                <Space key={item.key} align="baseline" style={{ display: 'flex' }} wrap>
                  <Form.Item name={[item.name, 'agencyId']}>
                    <Select
                      allowClear
                      showSearch
                      optionFilterProp="label"
                      placeholder={t('meetings.fields.agency')}
                      style={{ width: 240 }}
                      options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: localName(a, i18n.language) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[item.name, 'personName']}>
                    <Input placeholder={t('meetings.fields.person')} style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[item.name, 'position']}>
                    <Input placeholder={t('meetings.fields.position')} style={{ width: 120 }} />
                  </Form.Item>
                  <MinusCircleOutlined aria-label={t('meetings.remove')} onClick={() => remove(item.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ agencyId: null, personName: '', position: '' })}>
                {t('meetings.addAttendee')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="minutes" label={t('meetings.fields.minutes')}>
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 20 }} maxLength={50000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
