/**
 * A line list (病例一览表) of the cases behind a signal, an alert or an incident: code (a link to the case), onset,
 * township, classification, patient, birth and masked identity number — as the server presents them to this reader
 * (identity masked without cases.identity; only cases within the reader's area and facility). Without cases.read
 * only the count is shown; cases outside the reader's area are counted, not listed. Used by the alert, signal and
 * incident pages (server: case-sets.ts).
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Schemas } from '../../api/contract.ts';
import { api } from '../../app/api.ts';
import { translateError } from '../../app/errors.ts';
import { birthLabel } from './case-parts.tsx';
import { ExerciseTag } from '../../app/exercise-banner.tsx';

export type CaseLineList = Schemas['CaseLineList'];
export type CaseLineItem = Schemas['CaseLineItem'];

/** The line list at `path` (GET), cached under ['case-line-list', path]. */
export function useCaseLineList<T extends CaseLineList = CaseLineList>(path: string | null) {
  return useQuery({ queryKey: ['case-line-list', path], queryFn: () => api.get<T>(path!), enabled: Boolean(path) });
}

/** The columns every line list shows. */
function useLineColumns<T extends CaseLineItem>(): ColumnsType<T> {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  return [
    {
      title: t('cases.lineList.code'),
      key: 'code',
      width: 140,
      render: (_, c) => (
        <>
          <Link to={`/cases/${c.id}`} data-testid="line-list-case">
            {c.code}
          </Link>{' '}
          <ExerciseTag exercise={c.exercise} />
        </>
      ),
    },
    {
      title: t('cases.lineList.onset'),
      dataIndex: 'onsetDate',
      width: 110,
      render: (v: string | null) => v ?? t('cases.lineList.onsetUnknown'),
    },
    {
      title: t('cases.lineList.township'),
      key: 'township',
      width: 130,
      render: (_, c) =>
        c.township ? (en ? c.township.nameEn || c.township.name : c.township.name) : en ? c.jurisdiction.nameEn : c.jurisdiction.name,
    },
    {
      title: t('cases.lineList.classification'),
      dataIndex: 'classification',
      width: 120,
      render: (v: string) => (
        <Tag color={v === 'confirmed' ? 'red' : v === 'suspected' ? 'gold' : 'orange'}>{t(`cases.classifications.${v}`)}</Tag>
      ),
    },
    { title: t('cases.lineList.disease'), key: 'disease', width: 120, render: (_, c) => (en ? c.disease.nameEn : c.disease.name) },
    { title: t('cases.lineList.person'), dataIndex: 'personName', width: 100 },
    { title: t('cases.lineList.birth'), key: 'birth', width: 100, render: (_, c) => birthLabel(t, c) },
    {
      title: t('cases.lineList.idNumber'),
      dataIndex: 'idNumberMasked',
      width: 180,
      render: (v: string) => <span data-testid="line-list-id">{v || '—'}</span>,
    },
  ];
}

/**
 * The table with its count line. `extraColumns` come after the common ones (the incident's link and unlink);
 * `data` is the list fetched by the caller (useCaseLineList).
 */
export function CaseLineListView<T extends CaseLineItem>({
  list,
  error,
  loading,
  extraColumns = [],
  empty,
}: {
  list: (Omit<CaseLineList, 'items'> & { items: T[] }) | undefined;
  error?: unknown;
  loading?: boolean;
  extraColumns?: ColumnsType<T>;
  empty?: ReactNode;
}) {
  const { t } = useTranslation();
  const columns = useLineColumns<T>();
  if (error) return <Alert type="error" showIcon message={translateError(t, error)} />;
  if (list && !list.canRead) {
    return <Typography.Text data-testid="line-list-count-only">{t('cases.lineList.countOnly', { count: list.total })}</Typography.Text>;
  }
  return (
    <div data-testid="case-line-list">
      <Space wrap style={{ marginBottom: 8 }}>
        {list && <Typography.Text data-testid="line-list-total">{t('cases.lineList.total', { count: list.total })}</Typography.Text>}
        {list && list.hidden > 0 && (
          <Typography.Text type="secondary" data-testid="line-list-hidden">
            {t('cases.lineList.hidden', { count: list.hidden })}
          </Typography.Text>
        )}
        {list?.truncated && <Typography.Text type="warning">{t('cases.lineList.truncated', { count: list.items.length })}</Typography.Text>}
      </Space>
      <Table<T>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={list?.items ?? []}
        columns={[...columns, ...extraColumns]}
        pagination={(list?.items.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: empty ?? t('cases.lineList.empty') }}
        aria-label={t('cases.lineList.title')}
      />
    </div>
  );
}

/** A line list fetched from `path` (the alert's or the signal's cases). */
export function CaseLineListPanel({ path }: { path: string }) {
  const list = useCaseLineList(path);
  return <CaseLineListView list={list.data} error={list.error} loading={list.isLoading} />;
}
