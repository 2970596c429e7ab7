/**
 * The back-test: a method run over past years of one disease or feed in one place, to see which days or weeks
 * would have alarmed, with the alarm count per year. A second parameter set can be run beside the first, so a
 * district tunes a percentile or an alpha on its own history (as CIDARS districts do). Nothing is stored.
 */
import { ExperimentOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Form, Radio, Row, Select, Space, Statistic, Switch, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { DistrictRangePicker } from '../../app/date-picker.tsx';
import { districtTodayValue } from '../../app/district-dayjs.ts';
import { fieldIssues, translateError } from '../../app/errors.ts';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { useJurisdictions } from '../jurisdictions/jurisdictions-api.ts';
import {
  type BacktestResult,
  parameterSummary,
  runBacktest,
  subjectName,
  useDetectionMethods,
  useDiseaseOptions,
  useFeedTypeOptions,
} from './detection-api.ts';
import { AlarmsByYearChart, BacktestChart } from './detection-charts.tsx';
import { ParameterEditor, parameterErrors } from './parameter-editor.tsx';

interface FormValues {
  subject?: string;
  jurisdictionId?: string;
  method: string;
  dateBasis: 'onset' | 'report';
  range: [Dayjs, Dayjs];
  step: 'day' | 'week';
}

export function BacktestPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const methods = useDetectionMethods();
  const diseases = useDiseaseOptions();
  const feeds = useFeedTypeOptions(hasRight(me.data, RIGHTS.feedsRead));
  const jurisdictions = useJurisdictions();
  const [form] = Form.useForm<FormValues>();
  const method = Form.useWatch('method', form) ?? 'mpm';
  const [paramsA, setParamsA] = useState<Record<string, unknown>>({});
  const [paramsB, setParamsB] = useState<Record<string, unknown>>({ p: 0.9 });
  const [compare, setCompare] = useState(false);
  const [errorsA, setErrorsA] = useState<Record<string, string>>({});
  const [errorsB, setErrorsB] = useState<Record<string, string>>({});
  const [results, setResults] = useState<Array<{ name: string; result: BacktestResult }>>([]);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const info = methods.data?.items.find((m) => m.id === method);
  const root = jurisdictions.data?.find((j) => j.level === 'district') ?? jurisdictions.data?.[0];
  // The place defaults to the user's district (or first jurisdiction) once the list has loaded.
  useEffect(() => {
    if (root && !form.getFieldValue('jurisdictionId')) form.setFieldsValue({ jurisdictionId: root.id });
  }, [root, form]);

  async function run(values: FormValues) {
    setError(null);
    setErrorsA({});
    setErrorsB({});
    const [kind, id] = (values.subject ?? '').split(':');
    const base = {
      [kind === 'f' ? 'feedTypeId' : 'diseaseId']: id,
      jurisdictionId: values.jurisdictionId!,
      method: values.method,
      dateBasis: values.dateBasis,
      from: values.range[0].format('YYYY-MM-DD'),
      to: values.range[1].format('YYYY-MM-DD'),
      step: values.step,
    };
    setRunning(true);
    try {
      const sets = compare ? [paramsA, paramsB] : [paramsA];
      const settled = await Promise.allSettled(sets.map((parameters) => runBacktest({ ...base, parameters })));
      const ok: Array<{ name: string; result: BacktestResult }> = [];
      settled.forEach((outcome, i) => {
        const name = i === 0 ? t('detection.backtest.setA') : t('detection.backtest.setB');
        if (outcome.status === 'fulfilled') ok.push({ name, result: outcome.value });
        else {
          const issues = fieldIssues(outcome.reason);
          (i === 0 ? setErrorsA : setErrorsB)(parameterErrors(issues));
          const other = issues.filter((x) => !x.path.startsWith('parameters.'));
          setError(
            other.length > 0
              ? other.map((x) => `${x.path}: ${x.message}`).join('; ')
              : issues.length === 0
                ? translateError(t, outcome.reason)
                : t('detection.backtest.fixParameters'),
          );
        }
      });
      setResults(ok);
    } finally {
      setRunning(false);
    }
  }

  return (
    <div>
      <Typography.Title level={3}>{t('detection.backtest.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('detection.backtest.intro')}</Typography.Paragraph>
      <Card style={{ marginBottom: 16 }}>
        <Form<FormValues>
          form={form}
          layout="vertical"
          onFinish={run}
          initialValues={{
            method: 'mpm',
            dateBasis: 'onset',
            step: 'week',
            range: [districtTodayValue().subtract(2, 'year').startOf('year'), districtTodayValue().subtract(1, 'day')],
          }}
        >
          <Space wrap>
            <Form.Item
              name="subject"
              label={t('detection.subject')}
              rules={[{ required: true, message: t('detection.settings.subjectRequired') }]}
            >
              <Select
                showSearch
                optionFilterProp="label"
                style={{ width: 240 }}
                options={[
                  {
                    label: t('detection.diseases'),
                    options: (diseases.data?.items ?? []).map((d) => ({ value: `d:${d.id}`, label: subjectName(d, i18n.language) })),
                  },
                  ...(feeds.data
                    ? [
                        {
                          label: t('detection.feeds'),
                          options: feeds.data.items.map((f) => ({ value: `f:${f.id}`, label: subjectName(f, i18n.language) })),
                        },
                      ]
                    : []),
                ]}
              />
            </Form.Item>
            <Form.Item
              name="jurisdictionId"
              label={t('detection.place')}
              rules={[{ required: true, message: t('detection.settings.placeRequired') }]}
            >
              <JurisdictionSelect style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="method" label={t('detection.method')}>
              <Select
                style={{ width: 220 }}
                onChange={() => {
                  setParamsA({});
                  setParamsB({});
                }}
                options={(methods.data?.items ?? [])
                  .filter((m) => m.id !== 'scan')
                  .map((m) => ({ value: m.id, label: t(`detection.methods.${m.id}`, { defaultValue: m.id }) }))}
              />
            </Form.Item>
            <Form.Item name="range" label={t('detection.backtest.range')}>
              <DistrictRangePicker allowClear={false} />
            </Form.Item>
            <Form.Item name="step" label={t('detection.backtest.step')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'week', label: t('detection.backtest.weeks') },
                  { value: 'day', label: t('detection.backtest.days') },
                ]}
              />
            </Form.Item>
            <Form.Item name="dateBasis" label={t('detection.dateBasis')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'onset', label: t('detection.bases.onset') },
                  { value: 'report', label: t('detection.bases.report') },
                ]}
              />
            </Form.Item>
          </Space>
          {info && (
            <Row gutter={16}>
              <Col xs={24} lg={compare ? 12 : 24}>
                <Card size="small" title={t('detection.backtest.setA')} style={{ marginBottom: 12 }}>
                  <ParameterEditor
                    key={`a-${info.id}`}
                    idPrefix="a"
                    defaults={info.defaults}
                    value={paramsA}
                    onChange={setParamsA}
                    errors={errorsA}
                  />
                </Card>
              </Col>
              {compare && (
                <Col xs={24} lg={12}>
                  <Card size="small" title={t('detection.backtest.setB')} style={{ marginBottom: 12 }}>
                    <ParameterEditor
                      key={`b-${info.id}`}
                      idPrefix="b"
                      defaults={info.defaults}
                      value={paramsB}
                      onChange={setParamsB}
                      errors={errorsB}
                    />
                  </Card>
                </Col>
              )}
            </Row>
          )}
          <Space>
            <Button type="primary" htmlType="submit" icon={<ExperimentOutlined />} loading={running}>
              {t('detection.backtest.run')}
            </Button>
            <Switch checked={compare} onChange={setCompare} aria-label={t('detection.backtest.compare')} />
            <Typography.Text>{t('detection.backtest.compare')}</Typography.Text>
          </Space>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      {results.length > 0 && (
        <>
          <Row gutter={16}>
            {results.map(({ name, result }) => (
              <Col key={name} xs={24} xl={results.length > 1 ? 12 : 24}>
                <Card
                  title={`${name}: ${t(`detection.methods.${result.method}`, { defaultValue: result.method })}`}
                  extra={
                    <Typography.Text code style={{ fontSize: 12 }}>
                      {parameterSummary(result.parameters, i18n.language)}
                    </Typography.Text>
                  }
                  style={{ marginBottom: 16 }}
                >
                  {result.errors.map((e) => (
                    <Alert key={e} type="warning" showIcon message={e} style={{ marginBottom: 8 }} />
                  ))}
                  <Space size="large" style={{ marginBottom: 8 }}>
                    <Statistic title={t('detection.backtest.alarms')} value={result.alarms} />
                    <Statistic title={t('detection.backtest.periods')} value={result.periods.length} />
                    <Statistic
                      title={t('detection.backtest.alarmShare')}
                      value={result.periods.length > 0 ? (100 * result.alarms) / result.periods.length : 0}
                      precision={1}
                      suffix="%"
                    />
                  </Space>
                  <BacktestChart result={result} title={name} />
                </Card>
              </Col>
            ))}
          </Row>
          <Card title={t('detection.backtest.alarmsByYear')}>
            <AlarmsByYearChart results={results} />
          </Card>
        </>
      )}
    </div>
  );
}
