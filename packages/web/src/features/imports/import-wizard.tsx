/**
 * The import wizard: upload → column mapping (suggested from the headers, saved mappings, value translations)
 * → validation summary with the row problems and their CSV report → the mode → progress → result.
 * Used for case line lists (kind 'cases') and for feed values (kind 'feeds').
 */
import { DeleteOutlined, DownloadOutlined, InboxOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Input,
  Progress,
  Radio,
  Result,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLiveInvalidate } from '../../app/live.ts';
import { failureText, importErrorText, problemText } from './import-problems.ts';
import { formatDateTime } from '../../app/dates.ts';
import {
  DUPLICATE_ACTIONS,
  type DuplicateAction,
  type EarlierImport,
  type ExistingMatch,
  IMPORT_ACCEPT,
  type ImportJob,
  type ImportKind,
  type ImportMode,
  type RowError,
  type UploadedImport,
  deleteMapping,
  errorReportUrl,
  runImport,
  saveMapping,
  uploadImportFile,
  useImport,
  useImportFields,
  useSavedMappings,
  validateImport,
} from './imports-api.ts';

interface ValueRule {
  key: number;
  field: string;
  from: string;
  to: string;
}

const STEP_INDEX = { upload: 0, mapping: 1, validated: 2, running: 3 } as const;
type Step = keyof typeof STEP_INDEX;

/** Where the imported records are listed, per kind. */
const RESULT_LINK: Record<ImportKind, string> = { cases: '/cases', feeds: '/feeds', occupancy: '/occupancy', contacts: '/contacts' };

export function ImportWizard({ kind }: { kind: ImportKind }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const fields = useImportFields(kind);
  const saved = useSavedMappings(kind);
  const [step, setStep] = useState<Step>('upload');
  const [uploaded, setUploaded] = useState<UploadedImport | null>(null);
  const [columns, setColumns] = useState<Record<string, string>>({});
  const [rules, setRules] = useState<ValueRule[]>([]);
  const [validated, setValidated] = useState<ImportJob | null>(null);
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  // rows matching cases already reported: skipped unless the clerk chooses otherwise, for the run or per row
  const [duplicateAction, setDuplicateAction] = useState<DuplicateAction>('skip');
  const [rowActions, setRowActions] = useState<Record<string, DuplicateAction>>({});
  const [runningId, setRunningId] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  // the failed request itself, so that its sentence follows a change of language
  const [error, setError] = useState<unknown>(null);
  const [mappingName, setMappingName] = useState('');
  const [savedNotice, setSavedNotice] = useState<string | null>(null);
  const job = useImport(runningId);
  useLiveInvalidate('imports', [['imports']]);

  const allowedModes = fields.data?.modes ?? ['all_or_nothing'];
  useEffect(() => {
    if (!allowedModes.includes(mode)) setMode(allowedModes[0]!);
  }, [allowedModes, mode]);

  const mapping = useMemo(() => {
    const values: Record<string, Record<string, string>> = {};
    for (const r of rules) {
      if (!r.field || r.from.trim() === '') continue;
      values[r.field] ??= {};
      values[r.field]![r.from.trim()] = r.to.trim();
    }
    return { columns: Object.fromEntries(Object.entries(columns).filter(([, h]) => h)), values };
  }, [columns, rules]);

  const fieldLabel = (field: string) => t(`imports.fields.${kind}.${field}`, { defaultValue: field });

  function reset() {
    setStep('upload');
    setUploaded(null);
    setColumns({});
    setRules([]);
    setValidated(null);
    setRunningId(undefined);
    setError(null);
    setDuplicateAction('skip');
    setRowActions({});
  }

  async function onFile(file: File) {
    setBusy(true);
    setError(null);
    try {
      const result = await uploadImportFile(kind, file);
      setUploaded(result);
      setColumns(result.suggested);
      setRules([]);
      setStep('mapping');
      void client.invalidateQueries({ queryKey: ['imports', 'list'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function onValidate() {
    if (!uploaded) return;
    setBusy(true);
    setError(null);
    try {
      setValidated(await validateImport(uploaded.id, mapping));
      setRowActions({});
      setStep('validated');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function onRun() {
    if (!validated) return;
    setBusy(true);
    setError(null);
    try {
      const started = await runImport(validated.id, mode, duplicateAction, rowActions);
      client.setQueryData(['imports', 'one', started.id], started);
      setRunningId(started.id);
      setStep('running');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function onSaveMapping() {
    const name = mappingName.trim();
    if (!name) return;
    try {
      await saveMapping(kind, name, mapping);
      setSavedNotice(t('imports.mapping.saved', { name }));
      void saved.refetch();
    } catch (e) {
      setError(e);
    }
  }

  function applySaved(id: string) {
    const m = saved.data?.items.find((x) => x.id === id);
    if (!m || !uploaded) return;
    const headers = new Set(uploaded.headers);
    // keep only headers this file has; the rest stay as suggested
    setColumns({ ...uploaded.suggested, ...Object.fromEntries(Object.entries(m.columns).filter(([, h]) => headers.has(h))) });
    let key = Date.now();
    setRules(
      Object.entries(m.values).flatMap(([field, map]) => Object.entries(map).map(([from, to]) => ({ key: key++, field, from, to }))),
    );
    setMappingName(m.name);
  }

  const current = runningId ? job.data : null;

  return (
    <div>
      <Steps
        size="small"
        current={STEP_INDEX[step]}
        style={{ marginBottom: 24 }}
        items={[
          { title: t('imports.steps.upload') },
          { title: t('imports.steps.mapping') },
          { title: t('imports.steps.validation') },
          { title: t('imports.steps.import') },
        ]}
      />
      {error != null && (
        <Alert
          type="error"
          showIcon
          message={importErrorText(t, i18n.language, error, kind)}
          closable
          onClose={() => setError(null)}
          style={{ marginBottom: 16 }}
        />
      )}

      {step === 'upload' && (
        <Upload.Dragger
          accept={IMPORT_ACCEPT}
          multiple={false}
          showUploadList={false}
          disabled={busy}
          beforeUpload={(file) => {
            void onFile(file);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{busy ? t('imports.upload.reading') : t('imports.upload.drop')}</p>
          <p className="ant-upload-hint">{t(`imports.upload.hint.${kind}`)}</p>
        </Upload.Dragger>
      )}

      {step === 'mapping' && uploaded && (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <EarlierImports imports={uploaded.earlierImports} />
          <Descriptions size="small" column={4} bordered>
            <Descriptions.Item label={t('imports.file')}>{uploaded.filename}</Descriptions.Item>
            <Descriptions.Item label={t('imports.format')}>{uploaded.format.toUpperCase()}</Descriptions.Item>
            <Descriptions.Item label={t('imports.encoding')}>{uploaded.encoding || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('imports.rows')}>{uploaded.totalRows}</Descriptions.Item>
          </Descriptions>
          <Card size="small" title={t('imports.mapping.title')}>
            <Space wrap style={{ marginBottom: 12 }}>
              <Select
                allowClear
                placeholder={t('imports.mapping.useSaved')}
                aria-label={t('imports.mapping.useSaved')}
                style={{ width: 240 }}
                options={(saved.data?.items ?? []).map((m) => ({ value: m.id, label: m.name }))}
                onChange={(id) => id && applySaved(id)}
              />
              <Input
                placeholder={t('imports.mapping.name')}
                aria-label={t('imports.mapping.name')}
                value={mappingName}
                onChange={(e) => setMappingName(e.target.value)}
                style={{ width: 220 }}
              />
              <Button icon={<SaveOutlined />} disabled={!mappingName.trim()} onClick={() => void onSaveMapping()}>
                {t('imports.mapping.save')}
              </Button>
              {saved.data?.items.some((m) => m.name === mappingName.trim()) && (
                <Button
                  danger
                  icon={<DeleteOutlined />}
                  onClick={async () => {
                    const m = saved.data!.items.find((x) => x.name === mappingName.trim())!;
                    await deleteMapping(m.id).catch((e) => setError(e));
                    void saved.refetch();
                  }}
                >
                  {t('imports.mapping.delete')}
                </Button>
              )}
              {savedNotice && <Typography.Text type="success">{savedNotice}</Typography.Text>}
            </Space>
            <Table
              size="small"
              rowKey="field"
              pagination={false}
              dataSource={fields.data?.fields ?? []}
              columns={[
                {
                  title: t('imports.mapping.field'),
                  key: 'field',
                  render: (_, f) => (
                    <span>
                      {fieldLabel(f.field)} {f.required && <Tag color="red">{t('imports.mapping.required')}</Tag>}
                    </span>
                  ),
                },
                {
                  title: t('imports.mapping.column'),
                  key: 'column',
                  render: (_, f) => (
                    <Select
                      allowClear
                      style={{ width: 260 }}
                      aria-label={fieldLabel(f.field)}
                      placeholder={t('imports.mapping.notMapped')}
                      value={columns[f.field] || undefined}
                      onChange={(header) => setColumns((c) => ({ ...c, [f.field]: header ?? '' }))}
                      options={uploaded.headers.map((h) => ({ value: h, label: h }))}
                    />
                  ),
                },
                {
                  title: t('imports.mapping.example'),
                  key: 'example',
                  render: (_, f) => {
                    const i = uploaded.headers.indexOf(columns[f.field] ?? '');
                    return i < 0 ? (
                      '—'
                    ) : (
                      <Typography.Text type="secondary">
                        {uploaded.preview
                          .slice(0, 3)
                          .map((r) => r[i] ?? '')
                          .join(' · ')}
                      </Typography.Text>
                    );
                  },
                },
              ]}
            />
          </Card>
          <Card
            size="small"
            title={t('imports.values.title')}
            extra={<Typography.Text type="secondary">{t('imports.values.hint')}</Typography.Text>}
          >
            {rules.map((r) => (
              <Space key={r.key} style={{ marginBottom: 8 }} wrap>
                <Select
                  style={{ width: 200 }}
                  aria-label={t('imports.values.field')}
                  value={r.field || undefined}
                  placeholder={t('imports.values.field')}
                  options={(fields.data?.fields ?? []).map((f) => ({ value: f.field, label: fieldLabel(f.field) }))}
                  onChange={(field) => setRules((rs) => rs.map((x) => (x.key === r.key ? { ...x, field } : x)))}
                />
                <Input
                  style={{ width: 180 }}
                  aria-label={t('imports.values.from')}
                  placeholder={t('imports.values.from')}
                  value={r.from}
                  onChange={(e) => setRules((rs) => rs.map((x) => (x.key === r.key ? { ...x, from: e.target.value } : x)))}
                />
                <span>→</span>
                <Input
                  style={{ width: 180 }}
                  aria-label={t('imports.values.to')}
                  placeholder={t('imports.values.to')}
                  value={r.to}
                  onChange={(e) => setRules((rs) => rs.map((x) => (x.key === r.key ? { ...x, to: e.target.value } : x)))}
                />
                <Button
                  aria-label={t('imports.values.remove')}
                  icon={<DeleteOutlined />}
                  onClick={() => setRules((rs) => rs.filter((x) => x.key !== r.key))}
                />
              </Space>
            ))}
            <div>
              <Button icon={<PlusOutlined />} onClick={() => setRules((rs) => [...rs, { key: Date.now(), field: '', from: '', to: '' }])}>
                {t('imports.values.add')}
              </Button>
            </div>
          </Card>
          <Card size="small" title={t('imports.preview')}>
            <Table
              size="small"
              scroll={{ x: true }}
              pagination={false}
              rowKey={(_, i) => String(i)}
              dataSource={uploaded.preview.map((cells) => Object.fromEntries(uploaded.headers.map((h, i) => [h, cells[i] ?? ''])))}
              columns={uploaded.headers.map((h) => ({ title: h, dataIndex: h, key: h }))}
            />
          </Card>
          <Space>
            <Button onClick={reset}>{t('imports.another')}</Button>
            <Button type="primary" loading={busy} onClick={() => void onValidate()}>
              {t('imports.validate')}
            </Button>
          </Space>
        </Space>
      )}

      {step === 'validated' && validated && (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <EarlierImports imports={validated.earlierImports} />
          <ValidationSummary
            job={validated}
            defaultAction={duplicateAction}
            rowActions={rowActions}
            onRowAction={(row, action) =>
              setRowActions((current) => {
                const next = { ...current };
                if (action) next[String(row)] = action;
                else delete next[String(row)];
                return next;
              })
            }
          />
          {validated.matchedRows > 0 && (
            <Card
              size="small"
              title={t('imports.matches.actionTitle')}
              extra={<Typography.Text type="secondary">{t('imports.matches.actionHelp')}</Typography.Text>}
            >
              <Radio.Group
                value={duplicateAction}
                onChange={(e) => setDuplicateAction(e.target.value as DuplicateAction)}
                data-testid="duplicate-action"
              >
                <Space direction="vertical">
                  {DUPLICATE_ACTIONS.map((a) => (
                    <Radio key={a} value={a}>
                      {t(`imports.matches.actions.${a}`)}
                    </Radio>
                  ))}
                </Space>
              </Radio.Group>
            </Card>
          )}
          <Card size="small" title={t('imports.mode.title')}>
            <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as ImportMode)}>
              <Space direction="vertical">
                <Radio value="all_or_nothing">{t('imports.mode.all_or_nothing')}</Radio>
                {allowedModes.includes('valid_only') && (
                  <Radio value="valid_only">{t('imports.mode.valid_only', { count: validated.validRows })}</Radio>
                )}
              </Space>
            </Radio.Group>
          </Card>
          <Space>
            <Button onClick={() => setStep('mapping')}>{t('imports.backToMapping')}</Button>
            <Button
              type="primary"
              loading={busy}
              disabled={mode === 'valid_only' && validated.validRows === 0}
              onClick={() => void onRun()}
            >
              {t('imports.run')}
            </Button>
          </Space>
        </Space>
      )}

      {step === 'running' && current && (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          {current.status === 'importing' && (
            <Card size="small" title={t('imports.progress')}>
              <Progress percent={Math.round(current.progress * 100)} status="active" aria-label={t('imports.progress')} />
              <Typography.Text type="secondary">
                {t('imports.processed', { done: current.processedRows, total: current.totalRows })}
              </Typography.Text>
            </Card>
          )}
          {current.status !== 'importing' && <ImportOutcome job={current} onAnother={reset} />}
        </Space>
      )}
    </div>
  );
}

/** Earlier imports of the same file (same SHA-256): when, by whom, what they wrote (issue 12, item 2). */
export function EarlierImports({ imports }: { imports: EarlierImport[] }) {
  const { t } = useTranslation();
  if (imports.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="earlier-imports"
      message={t('imports.earlier.title')}
      description={
        <Space direction="vertical" size={2}>
          {imports.map((e) => (
            <span key={e.id}>
              {t('imports.earlier.one', {
                when: formatDateTime(e.finishedAt ?? e.createdAt),
                by: e.createdBy?.displayName ?? '—',
                filename: e.filename,
                status: t(`imports.status.${e.status}`),
                count: e.importedRows,
              })}{' '}
              <Link to={`/imports/${e.id}`}>{t('imports.earlier.open')}</Link>
            </span>
          ))}
        </Space>
      }
    />
  );
}

/**
 * The rows of an import matching cases already reported, with the card each matches; in the wizard each row's
 * own choice (skip, update the card, import anyway), overriding the run's.
 */
function MatchesTable({
  job,
  defaultAction,
  rowActions,
  onRowAction,
}: {
  job: ImportJob;
  defaultAction?: DuplicateAction;
  rowActions?: Record<string, DuplicateAction>;
  onRowAction?: (row: number, action: DuplicateAction | undefined) => void;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <>
      <Alert type="warning" showIcon message={t('imports.matches.found', { count: job.matchedRows })} style={{ margin: '12px 0 8px' }} />
      <Table<ExistingMatch>
        size="small"
        rowKey="row"
        scroll={{ x: true }}
        dataSource={job.matches}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        aria-label={t('imports.matches.title')}
        data-testid="import-matches"
        columns={[
          { title: t('imports.matches.row'), dataIndex: 'row', width: 70 },
          {
            title: t('imports.matches.existing'),
            key: 'code',
            render: (_: unknown, m) => <Link to={`/${m.code.startsWith('K') ? 'contacts' : 'cases'}/${m.caseId}`}>{m.code}</Link>,
          },
          { title: t('imports.matches.match'), key: 'match', render: (_: unknown, m) => t(`imports.matches.kinds.${m.match}`) },
          {
            title: t('imports.matches.facility'),
            key: 'facility',
            render: (_: unknown, m) => (en ? m.facilityNameEn : m.facilityName) ?? '—',
          },
          { title: t('imports.matches.reportedAt'), key: 'reportedAt', render: (_: unknown, m) => formatDateTime(m.reportedAt) },
          { title: t('imports.matches.fromFile'), key: 'file', render: (_: unknown, m) => m.importFilename ?? '—' },
          ...(onRowAction
            ? [
                {
                  title: t('imports.matches.action'),
                  key: 'action',
                  render: (_: unknown, m: ExistingMatch) => (
                    <Select<DuplicateAction | 'default'>
                      size="small"
                      style={{ width: 220 }}
                      aria-label={`${t('imports.matches.action')} ${m.row}`}
                      value={rowActions?.[String(m.row)] ?? 'default'}
                      onChange={(v) => onRowAction(m.row, v === 'default' ? undefined : v)}
                      options={[
                        {
                          value: 'default',
                          label: t('imports.matches.runDefault', { action: t(`imports.matches.actions.${defaultAction ?? 'skip'}`) }),
                        },
                        ...DUPLICATE_ACTIONS.filter((a) => a !== 'update' || m.updatable).map((a) => ({
                          value: a,
                          label: t(`imports.matches.actions.${a}`),
                        })),
                      ]}
                    />
                  ),
                },
              ]
            : []),
          ...(job.matches.some((m) => !m.updatable)
            ? [
                {
                  title: '',
                  key: 'updatable',
                  render: (_: unknown, m: ExistingMatch) => (m.updatable ? null : <Tag>{t('imports.matches.otherFacility')}</Tag>),
                },
              ]
            : []),
        ]}
      />
      {job.matchedRows > job.matches.length && (
        <Typography.Text type="secondary">{t('imports.matches.more', { shown: job.matches.length })}</Typography.Text>
      )}
    </>
  );
}

/** Counts and the row problems of a validated (or ended) import, with the CSV report; rows matching reported cases. */
export function ValidationSummary({
  job,
  defaultAction,
  rowActions,
  onRowAction,
}: {
  job: ImportJob;
  defaultAction?: DuplicateAction;
  rowActions?: Record<string, DuplicateAction>;
  onRowAction?: (row: number, action: DuplicateAction | undefined) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Card size="small" title={t('imports.summary.title')}>
      <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('imports.summary.total')}>{job.totalRows}</Descriptions.Item>
        <Descriptions.Item label={t('imports.summary.valid')}>
          <Typography.Text type="success">{job.validRows}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('imports.summary.invalid')}>
          <Typography.Text type={job.errorRows ? 'danger' : undefined}>{job.errorRows}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      {job.errorCount === 0 ? (
        job.matchedRows > 0 ? (
          <Alert type="warning" showIcon message={t('imports.summary.allValidMatches', { count: job.matchedRows })} />
        ) : (
          <Alert type="success" showIcon message={t('imports.summary.allValid')} />
        )
      ) : (
        <>
          <Space style={{ marginBottom: 8 }} wrap>
            <Alert type="warning" showIcon message={t('imports.summary.problems', { count: job.errorCount })} />
            <Button icon={<DownloadOutlined />} href={errorReportUrl(job.id, i18n.language)} download>
              {t('imports.summary.download')}
            </Button>
          </Space>
          <Table<RowError>
            size="small"
            rowKey={(e) => `${e.row}|${e.column}|${e.code ?? ''}|${e.message}`}
            dataSource={job.errors}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            aria-label={t('imports.summary.title')}
            columns={[
              { title: t('imports.errors.row'), dataIndex: 'row', width: 80 },
              { title: t('imports.errors.column'), dataIndex: 'column', width: 180 },
              {
                title: t('imports.errors.value'),
                dataIndex: 'value',
                width: 200,
                render: (v: string) => <Typography.Text code>{v || ' '}</Typography.Text>,
              },
              { title: t('imports.errors.message'), key: 'message', render: (_: unknown, e: RowError) => problemText(t, i18n.language, e) },
            ]}
          />
          {job.errorCount > job.errors.length && (
            <Typography.Text type="secondary">{t('imports.summary.more', { shown: job.errors.length })}</Typography.Text>
          )}
        </>
      )}
      {job.matchedRows > 0 && (
        <MatchesTable
          job={job}
          defaultAction={defaultAction ?? job.duplicateAction ?? 'skip'}
          rowActions={rowActions ?? job.rowActions}
          onRowAction={onRowAction}
        />
      )}
    </Card>
  );
}

/** The end of an import: done, rejected (nothing written) or failed. */
export function ImportOutcome({ job, onAnother }: { job: ImportJob; onAnother?: () => void }) {
  const { t, i18n } = useTranslation();
  const another = onAnother && (
    <Button key="another" onClick={onAnother}>
      {t('imports.another')}
    </Button>
  );
  if (job.status === 'done') {
    return (
      <Result
        status="success"
        title={t('imports.result.done', { count: job.importedRows })}
        subTitle={
          job.errorRows || job.matchedRows ? (
            <Space direction="vertical" size={2} data-testid="import-result-counts">
              {job.errorRows > 0 && <span>{t('imports.result.skipped', { count: job.errorRows })}</span>}
              {job.matchedRows > 0 && (
                <span>
                  {t('imports.result.duplicates', { matched: job.matchedRows, skipped: job.skippedRows, updated: job.updatedRows })}
                </span>
              )}
            </Space>
          ) : undefined
        }
        extra={[
          <Link key="list" to={RESULT_LINK[job.kind]}>
            <Button type="primary">{t(`imports.result.open.${job.kind}`)}</Button>
          </Link>,
          another,
        ]}
      />
    );
  }
  if (job.status === 'rejected') {
    return (
      <Result
        status="warning"
        title={t('imports.result.rejected')}
        subTitle={t('imports.result.rejectedDetail', { count: job.errorRows })}
        extra={[
          <Button key="report" icon={<DownloadOutlined />} href={errorReportUrl(job.id, i18n.language)} download>
            {t('imports.summary.download')}
          </Button>,
          another,
        ]}
      />
    );
  }
  if (job.status === 'failed') {
    return (
      <Result
        status="error"
        title={t('imports.result.failed')}
        subTitle={failureText(t, i18n.language, job)}
        extra={another ? [another] : undefined}
      />
    );
  }
  return null;
}
