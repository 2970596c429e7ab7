import { Alert, Button, DatePicker, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { AuditRecord, Page } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { translateError } from '../../app/errors.ts';
import { type FieldChange, diffRecords, formatValue } from './audit-diff.ts';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from './audit-vocabulary.ts';
import { urlPagination } from '../../app/url-pagination.ts';

const PAGE_SIZE = 25;
// actorName only labels the actorId filter tag; the server filters by id.
const FILTERS = ['entityType', 'entityId', 'action', 'actorId', 'actorName', 'from', 'to'] as const;

const CHANGE_COLOURS: Record<FieldChange['change'], string> = { added: 'green', removed: 'red', changed: 'gold', unchanged: 'default' };

/** Before/after of one record, changed fields first and highlighted. */
export function AuditDiff({ record }: { record: AuditRecord }) {
  const { t } = useTranslation();
  const [showUnchanged, setShowUnchanged] = useState(false);
  const changes = diffRecords(record.before, record.after);
  const shown = showUnchanged ? changes : changes.filter((change) => change.change !== 'unchanged');
  return (
    <div data-testid="audit-diff">
      <Space style={{ marginBottom: 8 }}>
        <Switch size="small" checked={showUnchanged} onChange={setShowUnchanged} />
        {t('audit.showUnchanged')}
      </Space>
      <Table<FieldChange>
        size="small"
        className="oc-audit-diff"
        rowKey={(row) => `${row.path}:${shown.indexOf(row)}`}
        pagination={false}
        dataSource={shown}
        locale={{ emptyText: t('audit.noChanges') }}
        columns={[
          { title: t('audit.field'), dataIndex: 'path', width: 200, render: (path: string) => <Typography.Text code>{path}</Typography.Text> },
          { title: t('audit.change'), dataIndex: 'change', width: 100, render: (change: FieldChange['change']) => <Tag color={CHANGE_COLOURS[change]}>{t(`audit.changes.${change}`)}</Tag> },
          {
            title: t('audit.before'),
            dataIndex: 'before',
            render: (value: unknown, row) => <span style={{ background: row.change === 'changed' || row.change === 'removed' ? '#fee4e2' : undefined, wordBreak: 'break-all' }}>{formatValue(value)}</span>,
          },
          {
            title: t('audit.after'),
            dataIndex: 'after',
            render: (value: unknown, row) => <span style={{ background: row.change === 'changed' || row.change === 'added' ? '#dcfae6' : undefined, wordBreak: 'break-all' }}>{formatValue(value)}</span>,
          },
        ]}
      />
    </div>
  );
}

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? undefined])) as Record<(typeof FILTERS)[number], string | undefined>;
  const page = Number(params.get('page') ?? '1') || 1;
  const audit = useQuery({
    queryKey: ['audit', filters, page],
    queryFn: () => api.get<Page<AuditRecord>>('/api/audit', { ...filters, actorName: undefined, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    // The log grows with every write anywhere; never show a cached page as current.
    staleTime: 0,
  });
  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'medium' });

  function setFilters(changes: Partial<Record<(typeof FILTERS)[number], string | undefined>>) {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    next.delete('page');
    setParams(next);
  }

  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('audit.title')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('audit.allEntityTypes')}
          aria-label={t('audit.entityType')}
          value={filters.entityType}
          onChange={(value) => setFilters({ entityType: value })}
          options={AUDIT_ENTITY_TYPES.map((value) => ({ value, label: t(`audit.entityTypes.${value}`) }))}
          style={{ width: 170 }}
        />
        <Select
          allowClear
          placeholder={t('audit.allActions')}
          aria-label={t('audit.action')}
          value={filters.action}
          onChange={(value) => setFilters({ action: value })}
          options={AUDIT_ACTIONS.map((value) => ({ value, label: t(`audit.actions.${value}`) }))}
          style={{ width: 160 }}
        />
        <Input.Search allowClear defaultValue={filters.entityId} placeholder={t('audit.entityId')} onSearch={(value) => setFilters({ entityId: value || undefined })} style={{ width: 260 }} />
        <DatePicker.RangePicker
          aria-label={t('audit.period')}
          value={filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null}
          // Whole days: from the first instant of the start day to the last instant of the end day.
          onChange={(range) =>
            setFilters({ from: range?.[0]?.startOf('day').toISOString(), to: range?.[1]?.endOf('day').toISOString() })
          }
        />
        {filters.actorId && (
          <Tag closable onClose={() => setFilters({ actorId: undefined, actorName: undefined })} data-testid="audit-actor-filter">
            {t('audit.byActor', { name: filters.actorName ?? filters.actorId })}
          </Tag>
        )}
        <Button onClick={() => setParams({})}>{t('common.reset')}</Button>
      </Space>
      {audit.error && <Alert type="error" showIcon message={translateError(t, audit.error)} style={{ marginBottom: 16 }} />}
      <Table<AuditRecord>
        rowKey="seq"
        size="middle"
        loading={audit.isFetching}
        dataSource={audit.data?.items}
        expandable={{ expandedRowRender: (record) => <AuditDiff record={record} />, rowExpandable: (record) => record.before != null || record.after != null }}
        pagination={urlPagination(t, params, setParams, { current: page, pageSize: PAGE_SIZE, total: audit.data?.total })}
        columns={[
          { title: '#', dataIndex: 'seq', width: 80 },
          { title: t('audit.at'), dataIndex: 'at', width: 200, render: (at: string) => dateTime.format(new Date(at)) },
          {
            title: t('audit.actor'),
            dataIndex: 'actor',
            width: 140,
            // Clicking a name narrows the log to that person's actions.
            render: (actor: AuditRecord['actor']) =>
              actor ? (
                <Button type="link" size="small" style={{ padding: 0 }} title={t('audit.filterByActor')} data-testid="audit-actor" onClick={() => setFilters({ actorId: actor.id, actorName: actor.username })}>
                  {actor.username}
                </Button>
              ) : (
                <span data-testid="audit-actor">{t('audit.system')}</span>
              ),
          },
          { title: t('audit.action'), dataIndex: 'action', width: 120, render: (action: string) => <Tag>{t(`audit.actions.${action}`, { defaultValue: action })}</Tag> },
          { title: t('audit.entityType'), dataIndex: 'entityType', width: 130, render: (type: string) => t(`audit.entityTypes.${type}`, { defaultValue: type }) },
          { title: t('audit.entity'), key: 'entity', render: (_, record) => <AuditEntityLabel record={record} /> },
        ]}
      />
    </div>
  );
}

/** The record's name when its after/before carries one (more useful than an id), else the id. */
function AuditEntityLabel({ record }: { record: AuditRecord }) {
  const { i18n } = useTranslation();
  const source = (record.after ?? record.before) as Record<string, unknown> | null;
  const name = source && typeof source === 'object' ? (i18n.language === 'en' && typeof source.nameEn === 'string' && source.nameEn ? source.nameEn : (source.name ?? source.username ?? source.displayName)) : null;
  return (
    <span>
      {typeof name === 'string' && <Typography.Text strong>{name} </Typography.Text>}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {record.entityId ?? ''}
      </Typography.Text>
    </span>
  );
}
