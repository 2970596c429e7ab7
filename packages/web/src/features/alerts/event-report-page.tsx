/**
 * "Report an event" (/alerts/report-event): event-based surveillance for the township officer, made for a phone.
 * What happened, where (a community of their township, and the exact place in words), since when, how many people
 * are affected, and a photo taken on the spot. Sending it opens an alert of class "event" that the surveillance
 * staff verify like any alert; the photo is stored on that alert. Below the form, the user's latest reports with
 * the status of their alerts.
 */
import { CameraOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, List, Select, Space, Tag, Typography, Upload, type UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ATTACHMENT_EXTENSIONS, uploadAttachment } from '../../app/attachments-panel.tsx';
import { translateError } from '../../app/errors.ts';
import { useFormSave } from '../../app/use-form-save.ts';
import { useDiseases } from '../cases/cases-api.ts';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { localName } from '../jurisdictions/jurisdictions-api.ts';
import { StatusTag } from './alert-bits.tsx';
import { EVENT_TYPES, type EventReport, type EventType, useMyEventReports, useReportEvent } from './alerts-api.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { addDays, districtToday, formatDateTime } from '../../app/dates.ts';

interface FormValues {
  eventType: EventType;
  jurisdictionId?: string;
  place: string;
  occurredAt: Dayjs;
  peopleAffected: number;
  deaths?: number;
  suspectedDiseaseId?: string;
  description: string;
  source?: string;
}

const FIELDS = [
  'eventType',
  'jurisdictionId',
  'place',
  'occurredAt',
  'peopleAffected',
  'deaths',
  'suspectedDiseaseId',
  'description',
  'source',
] as const;

export function EventReportPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const report = useReportEvent();
  const mine = useMyEventReports();
  // the catalogue may be out of reach for some reporters: the disease is optional, so the field is then left out
  const diseases = useDiseases();

  const { submit, saving, formError } = useFormSave<FormValues, EventReport>(
    form,
    FIELDS,
    async (values) => {
      const created = await report.mutateAsync({
        eventType: values.eventType,
        ...(values.jurisdictionId ? { jurisdictionId: values.jurisdictionId } : {}),
        place: values.place,
        occurredAt: values.occurredAt.toISOString(),
        peopleAffected: values.peopleAffected,
        deaths: values.deaths ?? 0,
        ...(values.suspectedDiseaseId ? { suspectedDiseaseId: values.suspectedDiseaseId } : {}),
        description: values.description,
        ...(values.source ? { source: values.source } : {}),
      });
      // The report stands on its own; a photo that fails (too large, wrong type) is said, not a reason to lose it.
      for (const photo of photos) {
        if (!photo.originFileObj) continue;
        try {
          await uploadAttachment(`/api/event-reports/${created.id}/files`, photo.originFileObj);
        } catch (error) {
          message.warning(t('eventReports.photoFailed', { reason: translateError(t, error) }), 8);
        }
      }
      return created;
    },
    (created) => {
      message.success(t('eventReports.submitted', { code: created.alertCode }));
      navigate(`/alerts/${created.alertId}`);
    },
  );

  return (
    <div style={{ maxWidth: 720 }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('eventReports.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('eventReports.intro')}</Typography.Paragraph>
      <Card>
        {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} />}
        <Form<FormValues>
          form={form}
          layout="vertical"
          data-testid="event-report-form"
          initialValues={{ occurredAt: dayjs().startOf('hour'), deaths: 0 }}
          onFinish={submit}
          // a phone's keyboard "Go" in a text field must not send a half-filled report
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.target as HTMLElement).tagName === 'INPUT') event.preventDefault();
          }}
        >
          <Form.Item
            name="eventType"
            label={t('eventReports.fields.eventType')}
            rules={[{ required: true, message: t('eventReports.required.eventType') }]}
          >
            <Select options={EVENT_TYPES.map((value) => ({ value, label: t(`eventReports.types.${value}`) }))} />
          </Form.Item>
          <Form.Item name="jurisdictionId" label={t('eventReports.fields.jurisdictionId')}>
            <JurisdictionSelect allowClear selectableLevels={['township', 'community']} />
          </Form.Item>
          <Form.Item
            name="place"
            label={t('eventReports.fields.place')}
            rules={[{ required: true, whitespace: true, message: t('eventReports.required.place') }]}
          >
            <Input maxLength={200} placeholder={t('eventReports.fields.placePlaceholder')} />
          </Form.Item>
          <Form.Item
            name="occurredAt"
            label={t('eventReports.fields.occurredAt')}
            rules={[{ required: true, message: t('eventReports.required.occurredAt') }]}
          >
            <DistrictDatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: '100%' }}
              inputReadOnly
              disabledDate={(instant) => {
                // the picker hands a timed value over as an instant: compare district days, not the browser's
                const day = districtToday(instant);
                const today = districtToday();
                return day > today || day < addDays(today, -90);
              }}
            />
          </Form.Item>
          <Space.Compact block style={{ gap: 12 }}>
            <Form.Item
              name="peopleAffected"
              label={t('eventReports.fields.peopleAffected')}
              rules={[{ required: true, message: t('eventReports.required.peopleAffected') }]}
              style={{ flex: 1 }}
            >
              <InputNumber min={0} max={100000} precision={0} inputMode="numeric" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="deaths" label={t('eventReports.fields.deaths')} style={{ flex: 1 }}>
              <InputNumber min={0} max={100000} precision={0} inputMode="numeric" style={{ width: '100%' }} />
            </Form.Item>
          </Space.Compact>
          {diseases.data && (
            <Form.Item name="suspectedDiseaseId" label={t('eventReports.fields.suspectedDiseaseId')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                options={diseases.data.items.map((d) => ({ value: d.id, label: localName(d, i18n.language) }))}
              />
            </Form.Item>
          )}
          <Form.Item
            name="description"
            label={t('eventReports.fields.description')}
            rules={[{ required: true, whitespace: true, message: t('eventReports.required.description') }]}
          >
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 8 }}
              maxLength={4000}
              placeholder={t('eventReports.fields.descriptionPlaceholder')}
            />
          </Form.Item>
          <Form.Item name="source" label={t('eventReports.fields.source')}>
            <Input maxLength={500} placeholder={t('eventReports.fields.sourcePlaceholder')} />
          </Form.Item>
          <Form.Item label={t('eventReports.fields.photo')} extra={t('eventReports.fields.photoHint')}>
            <Upload
              data-testid="event-photo"
              accept={`image/*,${ATTACHMENT_EXTENSIONS.map((ext) => `.${ext}`).join(',')}`}
              listType="picture"
              multiple
              fileList={photos}
              beforeUpload={() => false}
              onChange={({ fileList }) => setPhotos(fileList)}
            >
              <Button icon={<CameraOutlined />}>{t('eventReports.fields.photo')}</Button>
            </Upload>
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={saving} block size="large">
            {t('eventReports.submit')}
          </Button>
        </Form>
      </Card>

      <Card title={t('eventReports.mine')} size="small" style={{ marginTop: 16 }}>
        <List<EventReport>
          data-testid="my-event-reports"
          loading={mine.isLoading}
          dataSource={mine.data?.items ?? []}
          locale={{ emptyText: t('eventReports.noneYet') }}
          renderItem={(item) => (
            <List.Item>
              <Space direction="vertical" size={0} style={{ minWidth: 0 }}>
                <Space wrap size={4}>
                  <Link to={`/alerts/${item.alertId}`}>{item.alertCode}</Link>
                  <Tag>{t(`eventReports.types.${item.eventType}`)}</Tag>
                  <StatusTag status={item.alertStatus} />
                </Space>
                <Typography.Text>
                  {item.place} · {localName(item.jurisdiction, i18n.language)}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(item.createdAt)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
