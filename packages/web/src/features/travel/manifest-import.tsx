/**
 * Importing a manifest: pick a CSV or XLSX file (GBK/GB18030 as Chinese Excel saves it is fine), check the
 * suggested columns on the first rows, import. All or nothing: when a row is wrong nothing is written and the
 * problems are listed by row and column.
 */
import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, type ButtonProps, Button, Form, List, Modal, Select, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client.ts';
import { translateError } from '../../app/errors.ts';
import { MANIFEST_FIELDS, type ManifestPreview, uploadManifest } from './travel-api.ts';

interface RowProblem {
  path: string;
  code?: string;
  message: string;
}

export function ManifestImportDialog({ tripId, open, onClose }: { tripId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ManifestPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<RowProblem[]>([]);

  function reset() {
    setFile(null);
    setPreview(null);
    setMapping({});
    setError(null);
    setProblems([]);
  }

  async function choose(f: File) {
    reset();
    setFile(f);
    setBusy(true);
    try {
      const p = (await uploadManifest(tripId, f, { preview: true })) as ManifestPreview;
      setPreview(p);
      setMapping(p.suggested);
    } catch (e) {
      setError(translateError(t, e));
    } finally {
      setBusy(false);
    }
  }

  async function run() {
    if (!file) return;
    setBusy(true);
    setError(null);
    setProblems([]);
    try {
      const result = await uploadManifest(tripId, file, { preview: false, mapping });
      if ('imported' in result) void message.success(t('travel.import.done', { count: result.imported, cohorts: result.cohortsRebuilt }));
      await queryClient.invalidateQueries({ queryKey: ['travel'] });
      reset();
      onClose();
    } catch (e) {
      const details = ((e as ApiError).details ?? []) as RowProblem[];
      const rows = Array.isArray(details) ? details.filter((d) => d.path?.startsWith('rows.')) : [];
      setProblems(rows);
      setError(rows.length > 0 ? t('travel.import.refused') : translateError(t, e));
    } finally {
      setBusy(false);
    }
  }

  const problemText = (p: RowProblem) => {
    const [, row, field] = p.path.split('.');
    const what = p.code ? t(`travel.import.problems.${p.code}`, { defaultValue: p.message }) : p.message;
    return t('travel.import.problem', { row, field: t(`travel.manifestFields.${field}`, { defaultValue: field }), what });
  };

  return (
    <Modal
      open={open}
      width={760}
      title={t('travel.import.title')}
      okText={t('travel.import.run')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !preview, loading: busy, 'data-testid': 'manifest-import-run' } as ButtonProps}
      onOk={() => void run()}
      onCancel={() => {
        reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('travel.import.intro')}</Typography.Paragraph>
      <Upload
        accept=".csv,.xlsx,.txt"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(f) => {
          void choose(f);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy && !preview} data-testid="manifest-file">
          {file ? file.name : t('travel.import.choose')}
        </Button>
      </Upload>
      {error && <Alert type="error" message={error} style={{ marginTop: 12 }} data-testid="manifest-import-error" />}
      {problems.length > 0 && (
        <List
          size="small"
          style={{ maxHeight: 200, overflow: 'auto', marginTop: 8 }}
          dataSource={problems}
          renderItem={(p) => <List.Item>{problemText(p)}</List.Item>}
          data-testid="manifest-problems"
        />
      )}
      {preview && (
        <>
          <Typography.Paragraph style={{ marginTop: 12 }}>{t('travel.import.rows', { count: preview.totalRows })}</Typography.Paragraph>
          <Form layout="horizontal" labelCol={{ span: 8 }} wrapperCol={{ span: 16 }} size="small">
            {MANIFEST_FIELDS.map((field) => (
              <Form.Item
                key={field}
                label={t(`travel.manifestFields.${field}`)}
                required={field === 'personName'}
                style={{ marginBottom: 4 }}
              >
                <Select
                  allowClear
                  value={mapping[field] || undefined}
                  onChange={(header?: string) => setMapping((m) => ({ ...m, [field]: header ?? '' }))}
                  placeholder={t('travel.import.notMapped')}
                  options={preview.headers.map((h) => ({ value: h, label: h }))}
                />
              </Form.Item>
            ))}
          </Form>
          <Table
            size="small"
            style={{ marginTop: 12 }}
            scroll={{ x: true }}
            pagination={false}
            rowKey={(_, i) => String(i)}
            dataSource={preview.preview.slice(0, 5).map((cells) => Object.fromEntries(preview.headers.map((h, i) => [h, cells[i] ?? ''])))}
            columns={preview.headers.map((h) => ({ title: h, dataIndex: h }))}
          />
        </>
      )}
    </Modal>
  );
}
