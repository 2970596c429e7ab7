/**
 * The imports of one kind within the user's area, newest first, each linking to its details.
 */
import { Card, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { type ImportJob, type ImportKind, type ImportStatus, useImports } from './imports-api.ts';

export const STATUS_COLOR: Record<ImportStatus, string> = {
  uploaded: 'default',
  validated: 'blue',
  importing: 'processing',
  done: 'success',
  rejected: 'warning',
  failed: 'error',
};

export function ImportHistory({ kind, onOpen }: { kind: ImportKind; onOpen?: () => void }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const list = useImports(kind, page);
  useLiveInvalidate('imports', [['imports', 'list']]);
  return (
    <Card title={t('imports.history.title')} size="small">
      {list.error && <div role="alert">{translateError(t, list.error)}</div>}
      <Table<ImportJob>
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={{ current: page, pageSize: 20, total: list.data?.total, showSizeChanger: false, onChange: setPage }}
        scroll={{ x: true }}
        columns={[
          { title: t('imports.history.when'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
          {
            title: t('imports.file'),
            dataIndex: 'filename',
            render: (v: string, job) => (
              <Link to={`/imports/${job.id}`} onClick={onOpen}>
                {v}
              </Link>
            ),
          },
          { title: t('imports.history.by'), key: 'by', width: 140, render: (_, job) => job.createdBy?.displayName ?? '—' },
          { title: t('imports.rows'), dataIndex: 'totalRows', width: 90, align: 'right' },
          { title: t('imports.history.imported'), dataIndex: 'importedRows', width: 90, align: 'right' },
          ...(kind === 'cases'
            ? [
                { title: t('imports.history.updated'), dataIndex: 'updatedRows', width: 90, align: 'right' as const },
                { title: t('imports.history.skippedDuplicates'), dataIndex: 'skippedRows', width: 110, align: 'right' as const },
              ]
            : []),
          { title: t('imports.summary.invalid'), dataIndex: 'errorRows', width: 90, align: 'right' },
          {
            title: t('imports.history.status'),
            dataIndex: 'status',
            width: 120,
            render: (s: ImportStatus) => <Tag color={STATUS_COLOR[s]}>{t(`imports.status.${s}`)}</Tag>,
          },
        ]}
      />
    </Card>
  );
}
