/**
 * The report form (传染病报告卡), for a new report (/cases/new) or a correction (/cases/:id/edit).
 * The resident ID is checked as it is typed (GB 11643, the same rules as the server); a valid number fills the
 * birth date and sex, and a birth date or sex that disagrees with it is explained beside the field.
 * Everything is checked again by the server, whose field errors appear beside the fields too.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, Row, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type KeyboardEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../app/api.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { isAfterDistrictToday } from '../../app/district-dayjs.ts';
import { useMe } from '../../app/auth.ts';
import { NotFoundPage } from '../../app/not-found-page.tsx';
import { PageSpinner } from '../../app/page-spinner.tsx';
import { useFormSave } from '../../app/use-form-save.ts';
import { ALL_ON_ONE_PAGE, useFacilities } from '../facilities/facilities-api.ts';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { jurisdictionIndex, localName, useJurisdictions } from '../jurisdictions/jurisdictions-api.ts';
import {
  CASE_CLASSIFICATIONS,
  CORRECTION_TYPES,
  TIMED_CORRECTIONS,
  type CaseDetail,
  type CaseReportInput,
  ID_TYPES,
  type LabResult,
  OUTCOMES,
  SEVERITIES,
  SEXES,
  useCase,
  useDiseases,
} from './cases-api.ts';
import { parseResidentId } from './resident-id.ts';

interface FormValues {
  diseaseId: string;
  jurisdictionId: string;
  personName: string;
  sex?: CaseReportInput['sex'];
  birthDate?: Dayjs | null;
  idType: CaseReportInput['idType'];
  idNumber?: string;
  phone?: string;
  address?: string;
  occupation?: string;
  classification: CaseReportInput['classification'];
  onsetDate?: Dayjs | null;
  diagnosisAt?: Dayjs | null;
  reportedAt?: Dayjs | null;
  facilityId?: string | null;
  reportingDoctor?: string;
  severity: CaseReportInput['severity'];
  outcome: CaseReportInput['outcome'];
  labResults?: Array<{ test: string; specimen?: string; result: string; at?: Dayjs | null }>;
  /** a correction (订正) of a filed card: its kinds, why, and when the diagnosis changed or the patient died */
  correctionTypes?: Array<(typeof CORRECTION_TYPES)[number]>;
  correctionReason?: string;
  eventAt?: Dayjs | null;
}

const FIELDS = [
  'diseaseId',
  'jurisdictionId',
  'personName',
  'sex',
  'birthDate',
  'idType',
  'idNumber',
  'phone',
  'address',
  'occupation',
  'classification',
  'onsetDate',
  'diagnosisAt',
  'reportedAt',
  'facilityId',
  'reportingDoctor',
  'severity',
  'outcome',
  'labResults',
  'correctionTypes',
  'correctionReason',
  'eventAt',
];

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

function toInput(v: FormValues, editing: CaseDetail | null): Partial<CaseReportInput> {
  const body: Partial<CaseReportInput> = {
    diseaseId: v.diseaseId,
    jurisdictionId: v.jurisdictionId,
    personName: v.personName,
    sex: v.sex,
    birthDate: day(v.birthDate),
    idType: v.idType,
    idNumber: v.idType === 'none' ? null : (v.idNumber ?? '').trim(),
    phone: v.phone ?? '',
    address: v.address ?? '',
    occupation: v.occupation ?? '',
    classification: v.classification,
    onsetDate: day(v.onsetDate),
    diagnosisAt: v.diagnosisAt?.toISOString(),
    facilityId: v.facilityId ?? null,
    reportingDoctor: v.reportingDoctor ?? '',
    severity: v.severity,
    outcome: v.outcome,
    labResults: (v.labResults ?? []).map((l): LabResult => ({ test: l.test, specimen: l.specimen ?? '', result: l.result, at: day(l.at) })),
  };
  if (v.reportedAt) body.reportedAt = v.reportedAt.toISOString();
  // the server did not show the stored birth date (no cases.identity): an empty field keeps it
  if (editing && editing.birthDate === null && editing.birthYear !== null && !v.birthDate) delete body.birthDate;
  // a correction leaves the stored number alone unless a new one is typed
  if (editing && !v.idNumber && v.idType !== 'none') {
    delete body.idNumber;
    delete body.idType;
  }
  return body;
}

export function CaseFormPage() {
  const { id } = useParams();
  const existing = useCase(id);
  if (id && existing.isPending) return <PageSpinner />;
  if (id && existing.error) return <NotFoundPage />;
  return <CaseForm editing={existing.data ?? null} />;
}

/**
 * Enter in a text or date field must not submit the card (issue 12: two half-empty cards were filed by pressing
 * Enter in a date field). Pickers and selects still take Enter for themselves (their handlers run first);
 * the browser's implicit submission is cancelled here. Text areas and buttons keep Enter.
 */
function preventImplicitSubmit(event: KeyboardEvent<HTMLFormElement>) {
  if (event.key === 'Enter' && event.target instanceof HTMLInputElement) event.preventDefault();
}

function CaseForm({ editing }: { editing: CaseDetail | null }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const diseases = useDiseases();
  const facilities = useFacilities({ pageSize: ALL_ON_ONE_PAGE });
  const jurisdictions = jurisdictionIndex(useJurisdictions().data);
  const [filledFromId, setFilledFromId] = useState<string | null>(null);
  const myFacilityId = useMe().data?.facilityId ?? null;

  const idType = Form.useWatch('idType', form);
  const correctionTypes = Form.useWatch('correctionTypes', form);
  const timed = (correctionTypes ?? []).some((c) => TIMED_CORRECTIONS.includes(c));
  const idNumber = Form.useWatch('idNumber', form);
  const diseaseId = Form.useWatch('diseaseId', form);
  const jurisdictionId = Form.useWatch('jurisdictionId', form);
  const parsed = useMemo(() => (idType === 'resident_id' && idNumber ? parseResidentId(idNumber) : null), [idType, idNumber]);
  const disease = diseases.data?.items.find((d) => d.id === diseaseId);
  const residence = jurisdictionId ? jurisdictions.get(jurisdictionId) : undefined;

  useEffect(() => {
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        diseaseId: editing.disease.id,
        jurisdictionId: editing.jurisdiction.id,
        personName: editing.personName,
        sex: editing.sex,
        birthDate: editing.birthDate ? dayjs(editing.birthDate) : null,
        idType: editing.idType,
        idNumber: '',
        phone: editing.phone,
        address: editing.address,
        occupation: editing.occupation,
        classification: editing.classification,
        onsetDate: editing.onsetDate ? dayjs(editing.onsetDate) : null,
        diagnosisAt: dayjs(editing.diagnosisAt),
        reportedAt: dayjs(editing.reportedAt),
        facilityId: editing.facility?.id ?? null,
        reportingDoctor: editing.reportingDoctor,
        severity: editing.severity,
        outcome: editing.outcome,
        labResults: editing.labResults.map((l) => ({ ...l, at: l.at ? dayjs(l.at) : null })),
      });
    } else {
      form.setFieldsValue({
        idType: 'resident_id',
        classification: 'clinical',
        severity: 'mild',
        outcome: 'under_treatment',
        labResults: [],
      });
    }
  }, [editing, form]);

  // the reporting unit of a new card is the reporter's own facility (users.facility_id), when they have one
  useEffect(() => {
    if (!editing && myFacilityId && !form.getFieldValue('facilityId')) form.setFieldsValue({ facilityId: myFacilityId });
  }, [editing, myFacilityId, form]);

  // A valid resident ID fills birth date and sex (the number is authoritative); re-validate both afterwards.
  useEffect(() => {
    if (parsed?.ok && filledFromId !== parsed.normalised) {
      form.setFieldsValue({ birthDate: dayjs(parsed.birthDate), sex: parsed.sex });
      setFilledFromId(parsed.normalised);
      void form.validateFields(['birthDate', 'sex']).catch(() => undefined);
    }
  }, [parsed, filledFromId, form]);

  const { submit, saving, formError } = useFormSave(
    form,
    FIELDS,
    (values: FormValues) => {
      const body = toInput(values, editing);
      if (!editing) return api.post<CaseDetail>('/api/cases', body);
      // a filed card is corrected (订正): the server keeps the change as a version and sends it back to review
      return api
        .post<CaseDetail>(`/api/cases/${editing.id}/corrections`, {
          changes: body,
          correctionTypes: values.correctionTypes ?? [],
          reason: values.correctionReason ?? '',
          ...(timed && values.eventAt ? { eventAt: values.eventAt.toISOString() } : {}),
        })
        .catch((e: unknown) => {
          // the server names the correction's own fields by their body names
          const details = (e as { details?: Array<{ path: string }> }).details;
          if (Array.isArray(details)) for (const d of details) if (d.path === 'reason') d.path = 'correctionReason';
          throw e;
        });
    },
    async (saved) => {
      message.success(editing ? t('cases.correction.saved') : t('common.created'));
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
      navigate(`/cases/${saved.id}`);
    },
  );

  const now = () => dayjs().add(5, 'minute');
  const sexLabel = (s: string) => t(`cases.sexes.${s}`);

  return (
    <div style={{ maxWidth: 1100 }}>
      <Typography.Title level={3}>
        {editing ? t('cases.form.editTitle', { code: editing.code }) : t('cases.form.createTitle')}
      </Typography.Title>
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} onKeyDown={preventImplicitSubmit} scrollToFirstError>
        {editing && (
          <Card title={t('cases.correction.title')} size="small" style={{ marginBottom: 16 }} data-testid="correction-card">
            {editing.reviewStatus === 'returned' && (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 12 }}
                message={t('cases.review.returnedNote', { note: editing.reviewNote })}
              />
            )}
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item
                  name="correctionTypes"
                  label={t('cases.correction.types')}
                  rules={[{ required: true, message: t('common.required') }]}
                >
                  <Checkbox.Group options={CORRECTION_TYPES.map((value) => ({ value, label: t(`cases.correctionTypes.${value}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name="eventAt"
                  label={t('cases.correction.eventAt')}
                  extra={t('cases.correction.eventAtHelp')}
                  hidden={!timed}
                  rules={[
                    { required: timed, message: t('common.required') },
                    {
                      validator: async (_, value: Dayjs | null | undefined) => {
                        if (value?.isAfter(now())) throw new Error(t('cases.form.future'));
                      },
                    },
                  ]}
                >
                  <DistrictDatePicker
                    showTime={{ format: 'HH:mm' }}
                    format="YYYY-MM-DD HH:mm"
                    style={{ width: '100%' }}
                    data-testid="correction-event-at"
                  />
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item
                  name="correctionReason"
                  label={t('cases.correction.reason')}
                  rules={[
                    { required: true, whitespace: true, message: t('common.required') },
                    { max: 500, message: t('common.tooLong', { count: 500 }) },
                  ]}
                >
                  <Input.TextArea rows={2} />
                </Form.Item>
              </Col>
            </Row>
          </Card>
        )}
        <Card title={t('cases.form.person')} size="small" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name="personName"
                label={t('cases.form.personName')}
                rules={[
                  { required: true, whitespace: true, message: t('common.required') },
                  { max: 100, message: t('common.tooLong', { count: 100 }) },
                ]}
              >
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="idType" label={t('cases.form.idType')} rules={[{ required: true, message: t('common.required') }]}>
                <Select options={ID_TYPES.map((value) => ({ value, label: t(`cases.idTypes.${value}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item
                name="idNumber"
                label={t('cases.form.idNumber')}
                hidden={idType === 'none'}
                extra={
                  editing?.idNumberMasked
                    ? editing.idNumberMasked
                    : parsed?.ok
                      ? t('cases.form.fromId', { birthDate: parsed.birthDate, sex: sexLabel(parsed.sex) })
                      : undefined
                }
                rules={[
                  { required: idType !== 'none' && !editing, whitespace: true, message: t('common.required') },
                  { max: 40, message: t('common.tooLong', { count: 40 }) },
                  {
                    validator: async (_, value: string | undefined) => {
                      if (idType !== 'resident_id' || !value) return;
                      const r = parseResidentId(value);
                      if (!r.ok) throw new Error(t(`cases.residentId.${r.reason}`));
                    },
                  },
                ]}
              >
                <Input autoComplete="off" maxLength={40} data-testid="id-number" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item
                name="sex"
                label={t('cases.form.sex')}
                dependencies={['idNumber', 'idType']}
                rules={[
                  { required: true, message: t('common.required') },
                  {
                    validator: async (_, value: string | undefined) => {
                      if (parsed?.ok && value && value !== 'unknown' && value !== parsed.sex)
                        throw new Error(t('cases.form.disagreesSex', { sex: sexLabel(parsed.sex) }));
                    },
                  },
                ]}
              >
                <Select options={SEXES.map((value) => ({ value, label: sexLabel(value) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item
                name="birthDate"
                label={t('cases.form.birthDate')}
                extra={editing && editing.birthDate === null && editing.birthYear !== null ? t('cases.birthHidden') : undefined}
                dependencies={['idNumber', 'idType']}
                rules={[
                  {
                    validator: async (_, value: Dayjs | null | undefined) => {
                      if (parsed?.ok && value && value.format('YYYY-MM-DD') !== parsed.birthDate)
                        throw new Error(t('cases.form.disagreesBirth', { birthDate: parsed.birthDate }));
                      if (value && isAfterDistrictToday(value)) throw new Error(t('cases.form.future'));
                    },
                  },
                ]}
              >
                <DistrictDatePicker style={{ width: '100%' }} notFuture />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item
                name="phone"
                label={t('cases.form.phone')}
                rules={[
                  { pattern: /^[0-9+\-() ]*$/, message: t('common.phoneFormat') },
                  { max: 40, message: t('common.tooLong', { count: 40 }) },
                ]}
              >
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item
                name="occupation"
                label={t('cases.form.occupation')}
                rules={[{ max: 100, message: t('common.tooLong', { count: 100 }) }]}
              >
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item
                name="jurisdictionId"
                label={t('cases.form.jurisdiction')}
                rules={[{ required: true, message: t('common.required') }]}
                extra={residence && residence.level !== 'community' ? t('cases.form.notCommunity') : t('cases.form.jurisdictionHelp')}
              >
                <JurisdictionSelect />
              </Form.Item>
            </Col>
            <Col xs={24} md={14}>
              <Form.Item
                name="address"
                label={t('cases.form.address')}
                rules={[{ max: 300, message: t('common.tooLong', { count: 300 }) }]}
              >
                <Input />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title={t('cases.form.case')} size="small" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name="diseaseId"
                label={t('cases.form.disease')}
                rules={[{ required: true, message: t('common.required') }]}
                extra={disease ? t('cases.form.deadlineHint', { hours: disease.reportDeadlineHours }) : undefined}
              >
                <Select
                  showSearch
                  optionFilterProp="label"
                  loading={diseases.isPending}
                  options={(diseases.data?.items ?? []).map((d) => ({
                    value: d.id,
                    label: `${localName(d, i18n.language)} (${t(`cases.classes.${d.class}`)})`,
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="classification"
                label={t('cases.form.classification')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <Select options={CASE_CLASSIFICATIONS.map((value) => ({ value, label: t(`cases.classifications.${value}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={4}>
              <Form.Item name="severity" label={t('cases.form.severity')}>
                <Select options={SEVERITIES.map((value) => ({ value, label: t(`cases.severities.${value}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={4}>
              <Form.Item name="outcome" label={t('cases.form.outcome')}>
                <Select options={OUTCOMES.map((value) => ({ value, label: t(`cases.outcomes.${value}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item
                name="onsetDate"
                label={t('cases.form.onsetDate')}
                dependencies={['diagnosisAt']}
                rules={[
                  {
                    validator: async (_, value: Dayjs | null | undefined) => {
                      const diagnosis = form.getFieldValue('diagnosisAt') as Dayjs | null | undefined;
                      if (value && diagnosis && value.isAfter(diagnosis, 'day')) throw new Error(t('cases.form.dateOrder'));
                    },
                  },
                ]}
              >
                <DistrictDatePicker style={{ width: '100%' }} notFuture />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item
                name="diagnosisAt"
                label={t('cases.form.diagnosisAt')}
                rules={[
                  { required: true, message: t('common.required') },
                  {
                    validator: async (_, value: Dayjs | null | undefined) => {
                      if (value?.isAfter(now())) throw new Error(t('cases.form.future'));
                    },
                  },
                ]}
              >
                <DistrictDatePicker showTime style={{ width: '100%' }} data-testid="diagnosis-at" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item
                name="reportedAt"
                label={t('cases.form.reportedAt')}
                extra={t('cases.form.reportedAtHelp')}
                dependencies={['diagnosisAt']}
                rules={[
                  {
                    validator: async (_, value: Dayjs | null | undefined) => {
                      const diagnosis = form.getFieldValue('diagnosisAt') as Dayjs | null | undefined;
                      if (value && diagnosis && value.isBefore(diagnosis)) throw new Error(t('cases.form.reportOrder'));
                      if (value?.isAfter(now())) throw new Error(t('cases.form.future'));
                    },
                  },
                ]}
              >
                <DistrictDatePicker showTime style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item
                name="reportingDoctor"
                label={t('cases.form.reportingDoctor')}
                rules={[{ max: 100, message: t('common.tooLong', { count: 100 }) }]}
              >
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="facilityId"
                label={t('cases.form.facility')}
                rules={[{ required: true, message: t('common.required') }]}
                extra={t('cases.form.facilityHelp')}
              >
                <Select
                  data-testid="case-facility"
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  loading={facilities.isPending}
                  options={(facilities.data?.items ?? []).map((f) => ({ value: f.id, label: localName(f, i18n.language) }))}
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title={t('cases.form.lab')} size="small" style={{ marginBottom: 16 }}>
          <Form.List name="labResults">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline" wrap style={{ display: 'flex', marginBottom: 8 }}>
                    <Form.Item name={[field.name, 'test']} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
                      <Input placeholder={t('cases.form.labTest')} aria-label={t('cases.form.labTest')} style={{ width: 220 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'specimen']}>
                      <Input placeholder={t('cases.form.labSpecimen')} aria-label={t('cases.form.labSpecimen')} style={{ width: 160 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'result']} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
                      <Input placeholder={t('cases.form.labResult')} aria-label={t('cases.form.labResult')} style={{ width: 180 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'at']}>
                      <DistrictDatePicker placeholder={t('cases.form.labAt')} aria-label={t('cases.form.labAt')} />
                    </Form.Item>
                    <MinusCircleOutlined aria-label={t('common.delete')} onClick={() => remove(field.name)} />
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ test: '', specimen: '', result: '', at: null })} icon={<PlusOutlined />}>
                  {t('cases.form.addLab')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>

        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            {editing ? t('cases.correction.submit') : t('cases.form.submit')}
          </Button>
          <Button onClick={() => navigate(editing ? `/cases/${editing.id}` : '/cases')}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </div>
  );
}
