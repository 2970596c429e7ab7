/**
 * Detection settings: which method watches which disease or feed at township or district level, with which
 * parameters, date basis and schedule; "run now"; and the record of runs. Readable with `signals.read`,
 * changed with `detection.configure`.
 */
import { PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { formatDateTime, formatTime } from '../../app/dates.ts';
import { districtTodayValue } from '../../app/district-dayjs.ts';
import { fieldIssues, translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { useJurisdictions } from '../jurisdictions/jurisdictions-api.ts';
import {
  type DetectionConfig,
  type DetectionRun,
  PROPORTION_METHODS,
  parameterSummary,
  subjectName,
  useDeleteConfig,
  useDetectionConfigs,
  useDetectionMethods,
  useDetectionRuns,
  useDiseaseOptions,
  useFeedTypeOptions,
  useRunNow,
  useSaveConfig,
} from './detection-api.ts';
import { ParameterEditor, parameterErrors } from './parameter-editor.tsx';

export function DetectionSettingsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const canConfigure = hasRight(me.data, RIGHTS.detectionConfigure);
  const configs = useDetectionConfigs();
  const [editing, setEditing] = useState<DetectionConfig | 'new' | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [filter, setFilter] = useState<string | undefined>();
  const save = useSaveConfig();
  const remove = useDeleteConfig();
  const { message } = AntApp.useApp();
  const items = (configs.data?.items ?? []).filter((c) => !filter || c.method === filter || (filter === 'disabled' && !c.enabled));

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('detection.settings.title')}
        </Typography.Title>
        {canConfigure && (
          <Space wrap>
            <RunNowButton configIds={selected} />
            <Button icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('detection.settings.create')}
            </Button>
          </Space>
        )}
      </Space>
      <Typography.Paragraph type="secondary">{t('detection.settings.intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('detection.settings.allMethods')}
          aria-label={t('detection.method')}
          value={filter}
          onChange={setFilter}
          style={{ width: 220 }}
          options={[
            ...[...new Set((configs.data?.items ?? []).map((c) => c.method))].map((m) => ({
              value: m,
              label: t(`detection.methods.${m}`, { defaultValue: m }),
            })),
            { value: 'disabled', label: t('detection.settings.disabledOnly') },
          ]}
        />
      </Space>
      {configs.error && <Alert type="error" showIcon message={translateError(t, configs.error)} style={{ marginBottom: 16 }} />}
      <Table<DetectionConfig>
        rowKey="id"
        size="small"
        loading={configs.isFetching}
        dataSource={items}
        pagination={{ pageSize: 25, showSizeChanger: false }}
        rowSelection={canConfigure ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) } : undefined}
        columns={[
          { title: t('detection.subject'), key: 'subject', render: (_, c) => subjectName(c.subject, i18n.language) },
          {
            title: t('detection.monitored.title'),
            dataIndex: 'monitored',
            width: 100,
            render: (m: DetectionConfig['monitored']) =>
              m === 'share' ? (
                <Tooltip title={t('detection.monitored.shareHelp')}>
                  <Tag color="blue" data-testid="monitored-share">
                    {t('detection.monitored.share')}
                  </Tag>
                </Tooltip>
              ) : (
                t('detection.monitored.count')
              ),
          },
          {
            title: t('detection.place'),
            key: 'place',
            width: 140,
            render: (_, c) => (i18n.language === 'en' ? c.jurisdictionNameEn : c.jurisdictionName),
          },
          { title: t('detection.level'), dataIndex: 'level', width: 90, render: (level: string) => t(`detection.levels.${level}`) },
          {
            title: t('detection.method'),
            dataIndex: 'method',
            width: 160,
            render: (m: string) => t(`detection.methods.${m}`, { defaultValue: m }),
          },
          {
            title: t('detection.parameters'),
            key: 'parameters',
            render: (_, c) => (
              <Typography.Text code style={{ fontSize: 12 }}>
                {parameterSummary(c.parameters, i18n.language)}
              </Typography.Text>
            ),
          },
          { title: t('detection.dateBasis'), dataIndex: 'dateBasis', width: 90, render: (b: string) => t(`detection.bases.${b}`) },
          {
            title: t('detection.settings.enabled'),
            key: 'enabled',
            width: 80,
            render: (_, c) => (
              <Switch
                size="small"
                checked={c.enabled}
                disabled={!canConfigure}
                aria-label={t('detection.settings.enabled')}
                onChange={(enabled) =>
                  save.mutate({ id: c.id, body: { enabled } }, { onError: (e) => message.error(translateError(t, e)) })
                }
              />
            ),
          },
          { title: t('detection.settings.nextRun'), key: 'next', width: 150, render: (_, c) => formatDateTime(c.nextRunAt) },
          ...(canConfigure
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 130,
                  render: (_: unknown, c: DetectionConfig) => (
                    <Space size="small">
                      <Button size="small" type="link" onClick={() => setEditing(c)}>
                        {t('detection.settings.edit')}
                      </Button>
                      <Popconfirm
                        title={t('detection.settings.deleteConfirm')}
                        onConfirm={() => remove.mutate(c.id, { onError: (e) => message.error(translateError(t, e)) })}
                      >
                        <Button size="small" type="link" danger>
                          {t('detection.settings.delete')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <ConfigForm editing={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <RunsCard />
    </div>
  );
}

/** "Run now" for the selected settings (or every enabled one), for a chosen day. */
function RunNowButton({ configIds }: { configIds: string[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [asOf, setAsOf] = useState(() => districtTodayValue());
  const run = useRunNow();
  const { message } = AntApp.useApp();
  return (
    <>
      <Button type="primary" icon={<PlayCircleOutlined />} onClick={() => setOpen(true)}>
        {configIds.length > 0 ? t('detection.runs.runSelected', { count: configIds.length }) : t('detection.runs.runAll')}
      </Button>
      <Modal
        open={open}
        title={t('detection.runs.runNowTitle')}
        okText={t('detection.runs.start')}
        confirmLoading={run.isPending}
        onCancel={() => setOpen(false)}
        onOk={() =>
          run.mutate(
            { asOf: asOf.format('YYYY-MM-DD'), configIds: configIds.length > 0 ? configIds : undefined },
            {
              onSuccess: (r) => {
                setOpen(false);
                message.success(
                  t('detection.runs.done', { signals: r.signalsCreated, alerts: r.alertsCreated, series: r.seriesEvaluated }),
                );
              },
              onError: (e) => message.error(translateError(t, e)),
            },
          )
        }
      >
        <Typography.Paragraph>{t('detection.runs.runNowHelp')}</Typography.Paragraph>
        <DistrictDatePicker
          aria-label={t('detection.runs.asOf')}
          value={asOf}
          onChange={(d) => d && setAsOf(d)}
          notFuture
          allowClear={false}
        />
      </Modal>
    </>
  );
}

interface FormValues {
  subject?: string;
  jurisdictionId?: string;
  level: 'township' | 'district';
  method?: string;
  dateBasis: 'onset' | 'report';
  enabled: boolean;
  schedule: string;
}

function ConfigForm({ editing, onClose }: { editing: DetectionConfig | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const methods = useDetectionMethods();
  const diseases = useDiseaseOptions();
  const feeds = useFeedTypeOptions(hasRight(me.data, RIGHTS.feedsRead));
  const jurisdictions = useJurisdictions();
  const save = useSaveConfig();
  const [form] = Form.useForm<FormValues>();
  const method = Form.useWatch('method', form) ?? editing?.method;
  const subject = Form.useWatch('subject', form);
  const [parameters, setParameters] = useState<Record<string, unknown>>(editing?.parameters ?? {});
  const [paramErrors, setParamErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const methodInfo = methods.data?.items.find((m) => m.id === method);
  const district = jurisdictions.data?.find((j) => j.level === 'district');
  // A proportion feed (ILI share) is watched as a share, with the methods that can (the server refuses others).
  const share = editing
    ? editing.monitored === 'share'
    : subject?.startsWith('f:') === true && feeds.data?.items.find((f) => f.id === subject.slice(2))?.measure === 'proportion';

  const submit = (values: FormValues) => {
    setFormError(null);
    setParamErrors({});
    const body: Record<string, unknown> = {
      level: values.level,
      dateBasis: values.dateBasis,
      enabled: values.enabled,
      schedule: values.schedule.trim(),
    };
    if (values.method) body.method = values.method;
    if (values.method) body.parameters = parameters;
    if (!editing) {
      const [kind, id] = (values.subject ?? '').split(':');
      body[kind === 'f' ? 'feedTypeId' : 'diseaseId'] = id;
      body.jurisdictionId = values.jurisdictionId;
    }
    save.mutate(
      { id: editing?.id ?? null, body },
      {
        onSuccess: onClose,
        onError: (error) => {
          // a coded issue reads in the user's language; an uncoded one (zod's) keeps the server's precise words
          const issues = fieldIssues(error).map((i) => ({
            ...i,
            message: i.code ? t(`errors.fieldIssue.${i.code}`, { defaultValue: i.message }) : i.message,
          }));
          setParamErrors(parameterErrors(issues));
          const known = ['level', 'method', 'dateBasis', 'schedule', 'jurisdictionId'];
          form.setFields(
            issues.filter((i) => known.includes(i.path)).map((i) => ({ name: i.path as keyof FormValues, errors: [i.message] })),
          );
          const rest = issues.filter((i) => !known.includes(i.path) && !i.path.startsWith('parameters.'));
          setFormError(
            rest.length > 0 ? rest.map((i) => `${i.path}: ${i.message}`).join('; ') : issues.length === 0 ? translateError(t, error) : null,
          );
        },
      },
    );
  };

  return (
    <Modal
      open
      width={760}
      title={editing ? t('detection.settings.editTitle') : t('detection.settings.createTitle')}
      okText={t('detection.settings.save')}
      confirmLoading={save.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          subject: editing ? (editing.diseaseId ? `d:${editing.diseaseId}` : `f:${editing.feedTypeId}`) : undefined,
          jurisdictionId: editing?.jurisdictionId ?? district?.id,
          level: editing?.level ?? 'township',
          method: editing?.method,
          dateBasis: editing?.dateBasis ?? 'onset',
          enabled: editing?.enabled ?? true,
          schedule: editing?.schedule ?? '0 22 * * *',
        }}
      >
        {editing ? (
          <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('detection.subject')}>{subjectName(editing.subject, i18n.language)}</Descriptions.Item>
            <Descriptions.Item label={t('detection.place')}>
              {i18n.language === 'en' ? editing.jurisdictionNameEn : editing.jurisdictionName}
            </Descriptions.Item>
          </Descriptions>
        ) : (
          <Space wrap style={{ width: '100%' }}>
            <Form.Item
              name="subject"
              label={t('detection.subject')}
              rules={[{ required: true, message: t('detection.settings.subjectRequired') }]}
            >
              <Select
                showSearch
                optionFilterProp="label"
                style={{ width: 260 }}
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
              <JurisdictionSelect style={{ width: 220 }} selectableLevels={['district', 'township']} />
            </Form.Item>
          </Space>
        )}
        {share && (
          <Alert type="info" showIcon data-testid="share-help" message={t('detection.monitored.shareHelp')} style={{ marginBottom: 12 }} />
        )}
        <Space wrap style={{ width: '100%' }}>
          <Form.Item name="level" label={t('detection.level')}>
            <Radio.Group
              options={[
                { value: 'township', label: t('detection.levels.township') },
                { value: 'district', label: t('detection.levels.district') },
              ]}
              optionType="button"
            />
          </Form.Item>
          <Form.Item
            name="method"
            label={t('detection.method')}
            extra={!editing && !method ? t('detection.settings.methodDefault') : undefined}
          >
            <Select
              allowClear={!editing}
              showSearch
              optionFilterProp="label"
              style={{ width: 240 }}
              placeholder={t('detection.settings.catalogueMethod')}
              onChange={(m: string | undefined) => {
                setParamErrors({});
                setParameters(m && editing && m === editing.method ? editing.parameters : {});
              }}
              options={(methods.data?.items ?? [])
                .filter((m) => (m.id !== 'scan' || !subject?.startsWith('f:')) && (!share || PROPORTION_METHODS.includes(m.id)))
                .map((m) => ({ value: m.id, label: t(`detection.methods.${m.id}`, { defaultValue: m.id }) }))}
            />
          </Form.Item>
          <Form.Item name="dateBasis" label={t('detection.dateBasis')}>
            <Radio.Group
              options={[
                { value: 'onset', label: t('detection.bases.onset') },
                { value: 'report', label: t('detection.bases.report') },
              ]}
              optionType="button"
            />
          </Form.Item>
        </Space>
        {methodInfo && (
          <Card size="small" title={t('detection.parameters')} style={{ marginBottom: 12 }}>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t(`detection.methodHelp.${methodInfo.id}`, { defaultValue: '' })}
            </Typography.Paragraph>
            <ParameterEditor
              key={methodInfo.id}
              defaults={methodInfo.defaults}
              value={parameters}
              onChange={setParameters}
              errors={paramErrors}
            />
          </Card>
        )}
        <Space wrap style={{ width: '100%' }}>
          <Form.Item name="schedule" label={t('detection.settings.schedule')} extra={t('detection.settings.scheduleHelp')}>
            <Input style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="enabled" label={t('detection.settings.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function RunsCard() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const runs = useDetectionRuns(page, 10);
  useLiveInvalidate('signals', [['detection', 'runs']]);
  const seconds = (r: DetectionRun) => (r.finishedAt ? ((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1) : '—');
  const time = (iso: string) => formatTime(iso);
  return (
    <Card title={t('detection.runs.title')} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t('detection.runs.retryHelp')}</Typography.Paragraph>
      {runs.error && <Alert type="error" showIcon message={translateError(t, runs.error)} />}
      <Table<DetectionRun>
        rowKey="id"
        size="small"
        loading={runs.isFetching}
        dataSource={runs.data?.items}
        pagination={{ current: page, pageSize: 10, total: runs.data?.total, showSizeChanger: false, onChange: setPage }}
        expandable={{
          rowExpandable: (r) => r.details.some((d) => d.errors.length > 0) || r.error !== null,
          expandedRowRender: (r) => (
            <div>
              {r.error && <Alert type="error" message={r.error} />}
              {r.details
                .filter((d) => d.errors.length > 0)
                .map((d) => (
                  <div key={d.configId}>
                    <Typography.Text strong>{t(`detection.methods.${d.method}`, { defaultValue: d.method })}</Typography.Text>:{' '}
                    {d.errors.map((e) => e.message).join('; ')}
                  </div>
                ))}
            </div>
          ),
        }}
        columns={[
          { title: t('detection.runs.started'), dataIndex: 'startedAt', width: 170, render: (v: string) => formatDateTime(v) },
          { title: t('detection.runs.asOf'), dataIndex: 'asOf', width: 110 },
          { title: t('detection.runs.trigger'), dataIndex: 'trigger', width: 100, render: (v: string) => t(`detection.triggers.${v}`) },
          {
            title: t('detection.runs.status'),
            dataIndex: 'status',
            width: 260,
            render: (v: DetectionRun['status'], r) => (
              <div data-testid="run-status">
                <Tag color={v === 'succeeded' ? 'green' : v === 'failed' ? 'red' : 'blue'}>{t(`detection.statuses.${v}`)}</Tag>
                {v === 'failed' && r.error && (
                  <Typography.Text type="danger" style={{ fontSize: 12 }} ellipsis={{ tooltip: r.error }}>
                    {errorGist(r.error)}
                  </Typography.Text>
                )}
                {v === 'failed' && r.trigger === 'schedule' && r.maxAttempts > 1 && (
                  <div style={{ fontSize: 12 }}>
                    <Typography.Text type="secondary">
                      {r.retryAt ? t('detection.runs.retryAt', { time: time(r.retryAt) }) : t('detection.runs.noRetry')}
                    </Typography.Text>
                  </div>
                )}
              </div>
            ),
          },
          {
            title: t('detection.runs.attempt'),
            key: 'attempt',
            width: 90,
            render: (_, r) => (r.maxAttempts > 1 ? t('detection.runs.attemptValue', { attempt: r.attempt, max: r.maxAttempts }) : '—'),
          },
          { title: t('detection.runs.seconds'), key: 'seconds', width: 80, align: 'right', render: (_, r) => seconds(r) },
          { title: t('detection.runs.series'), dataIndex: 'seriesEvaluated', width: 80, align: 'right' },
          { title: t('detection.runs.failed'), dataIndex: 'seriesFailed', width: 80, align: 'right' },
          {
            title: t('detection.runs.signals'),
            dataIndex: 'signalsCreated',
            width: 80,
            align: 'right',
            render: (v: number, r) => (v > 0 ? <Link to={`/signals?runId=${r.id}`}>{v}</Link> : v),
          },
          {
            title: t('detection.runs.alerts'),
            key: 'alerts',
            width: 110,
            align: 'right',
            render: (_, r) => `${r.alertsCreated} / ${r.alertsUpdated}`,
          },
        ]}
      />
    </Card>
  );
}

/** The first line of a run's error, shortened (the whole message is in the tooltip and the expanded row). */
function errorGist(error: string): string {
  const line = error.split('\n')[0]!.trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
