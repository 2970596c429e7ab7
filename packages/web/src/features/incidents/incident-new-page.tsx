/**
 * Opening an incident: by hand, or from a confirmed alert (`/incidents/new?alertId=…`, linked from the alert),
 * whose title, area and disease fill the form, and whose start defaults to the earliest onset among the cases
 * behind its signals (the outbreak's start, not the alert's). The server refuses an alert that is not
 * confirmed or already has an incident; the page says so before the user types anything.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Select, Skeleton, Space, TreeSelect, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../app/api.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { translateError } from '../../app/errors.ts';
import { useFormSave } from '../../app/use-form-save.ts';
import { buildJurisdictionTree, useJurisdictions } from '../jurisdictions/jurisdictions-api.ts';
import { type FormOptions, type Incident, useFormOptions } from './incidents-api.ts';

interface Values {
  title: string;
  description?: string;
  diseaseId?: string | null;
  jurisdictionId: string;
  startedAt?: Dayjs;
  planId?: string;
}

const FIELDS = ['title', 'description', 'diseaseId', 'jurisdictionId', 'startedAt', 'planId', 'alertId'];

export function IncidentNewPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const alertId = params.get('alertId');
  const options = useFormOptions(alertId);
  if (options.error) return <Alert type="error" showIcon message={translateError(t, options.error)} />;
  if (!options.data) return <Skeleton active />;
  return <OpenIncidentForm options={options.data} alertId={alertId} />;
}

function OpenIncidentForm({ options, alertId }: { options: FormOptions; alertId: string | null }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const jurisdictions = useJurisdictions();
  const tree = useMemo(() => buildJurisdictionTree(jurisdictions.data ?? [], i18n.language), [jurisdictions.data, i18n.language]);
  const alert = options.alert;
  const { submit, saving, formError } = useFormSave(
    form,
    FIELDS,
    (values: Values) =>
      api.post<Incident>('/api/incidents', {
        ...(alert ? { alertId: alert.id } : {}),
        title: values.title,
        description: values.description ?? '',
        diseaseId: values.diseaseId ?? null,
        jurisdictionId: values.jurisdictionId,
        ...(values.startedAt ? { startedAt: values.startedAt.toISOString() } : {}),
        ...(values.planId ? { planId: values.planId } : {}),
      }),
    async (incident) => {
      await queryClient.invalidateQueries({ queryKey: ['incidents'] });
      message.success(t('incidents.opened', { code: incident.code }));
      navigate(`/incidents/${incident.id}`);
    },
    { leavesAfterSave: true },
  );
  const blocked = alert && (alert.status !== 'confirmed' || alert.incidentId);
  const initial: Partial<Values> = alert
    ? {
        title: alert.title,
        jurisdictionId: alert.jurisdictionId,
        diseaseId: alert.diseaseId,
        // the outbreak's start: the earliest onset behind the alert's signals (server), else the first signal
        startedAt: alert.suggestedStartAt ? dayjs(alert.suggestedStartAt) : alert.firstSignalAt ? dayjs(alert.firstSignalAt) : dayjs(),
      }
    : { startedAt: dayjs() };

  return (
    <div>
      <Space style={{ marginBottom: 16 }}>
        <Link to="/incidents">
          <Button icon={<ArrowLeftOutlined />}>{t('incidents.title')}</Button>
        </Link>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('incidents.openTitle')}
        </Typography.Title>
      </Space>
      <Card style={{ maxWidth: 860 }}>
        {alert && (
          <Alert
            style={{ marginBottom: 16 }}
            showIcon
            type={blocked ? 'warning' : 'info'}
            message={t('incidents.fromAlert', { code: alert.code, title: alert.title })}
            description={
              alert.incidentId ? (
                <Link to={`/incidents/${alert.incidentId}`}>{t('incidents.alertHasIncident')}</Link>
              ) : alert.status !== 'confirmed' ? (
                t('incidents.alertNotConfirmed')
              ) : undefined
            }
          />
        )}
        {!alertId && <Typography.Paragraph type="secondary">{t('incidents.byHandHint')}</Typography.Paragraph>}
        {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} />}
        <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={submit} disabled={Boolean(blocked)}>
          <Form.Item
            name="title"
            label={t('incidents.fields.title')}
            rules={[
              { required: true, whitespace: true, message: t('common.required') },
              { max: 200, message: t('common.tooLong', { count: 200 }) },
            ]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="jurisdictionId" label={t('incidents.fields.area')} rules={[{ required: true, message: t('common.required') }]}>
            <TreeSelect
              treeData={tree}
              treeDefaultExpandAll
              showSearch
              treeNodeFilterProp="title"
              aria-label={t('incidents.fields.area')}
            />
          </Form.Item>
          <Form.Item name="diseaseId" label={t('incidents.fields.disease')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              aria-label={t('incidents.fields.disease')}
              options={options.diseases.map((d) => ({ value: d.id, label: i18n.language === 'en' ? d.nameEn : d.name }))}
            />
          </Form.Item>
          <Form.Item
            name="startedAt"
            label={t('incidents.fields.startedAt')}
            extra={
              alert ? (
                <span data-testid="start-hint">
                  {alert.earliestOnset
                    ? t('incidents.startFromOnset', { count: alert.cases, date: alert.earliestOnset })
                    : t('incidents.startNoCases')}
                </span>
              ) : undefined
            }
          >
            <DistrictDatePicker showTime aria-label={t('incidents.fields.startedAt')} />
          </Form.Item>
          <Form.Item name="planId" label={t('incidents.fields.plan')} extra={t('incidents.planHint')}>
            <Select
              allowClear
              aria-label={t('incidents.fields.plan')}
              options={options.plans.map((p) => ({ value: p.id, label: `${i18n.language === 'en' ? p.nameEn : p.name} (${p.code})` }))}
            />
          </Form.Item>
          <Form.Item name="description" label={t('incidents.fields.description')}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={20000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('incidents.openSubmit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
