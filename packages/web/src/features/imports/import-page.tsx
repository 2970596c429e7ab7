/**
 * One import: its file, status, progress while it runs, counts, mode and the row problems with their report.
 */
import { Alert, Card, Descriptions, Progress, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { STATUS_COLOR } from './import-history.tsx';
import { EarlierImports, ImportOutcome, ValidationSummary } from './import-wizard.tsx';
import { useImport } from './imports-api.ts';

export function ImportPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const job = useImport(id);
  if (job.error) return <Alert type="error" showIcon message={translateError(t, job.error)} />;
  if (!job.data) return null;
  const j = job.data;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {j.filename} <Tag color={STATUS_COLOR[j.status]}>{t(`imports.status.${j.status}`)}</Tag>
      </Typography.Title>
      <Link
        to={
          j.kind === 'cases'
            ? '/imports'
            : j.kind === 'occupancy'
              ? '/occupancy'
              : j.kind === 'contacts'
                ? '/contacts/import'
                : '/feeds/upload'
        }
      >
        {t('imports.backToImports')}
      </Link>
      <Card size="small">
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('imports.format')}>{j.format.toUpperCase()}</Descriptions.Item>
          <Descriptions.Item label={t('imports.encoding')}>{j.encoding || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('imports.rows')}>{j.totalRows}</Descriptions.Item>
          <Descriptions.Item label={t('imports.history.by')}>{j.createdBy?.displayName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('imports.history.when')}>{formatDateTime(j.createdAt, { seconds: true })}</Descriptions.Item>
          <Descriptions.Item label={t('imports.mode.title')}>{j.mode ? t(`imports.mode.short.${j.mode}`) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('imports.history.imported')}>{j.importedRows}</Descriptions.Item>
          <Descriptions.Item label={t('imports.history.finished')}>
            {j.finishedAt ? formatDateTime(j.finishedAt, { seconds: true }) : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <EarlierImports imports={j.earlierImports} />
      {j.status === 'importing' && <Progress percent={Math.round(j.progress * 100)} status="active" aria-label={t('imports.progress')} />}
      {(j.status === 'done' || j.status === 'rejected' || j.status === 'failed') && <ImportOutcome job={j} />}
      {j.status !== 'uploaded' && <ValidationSummary job={j} />}
    </Space>
  );
}
