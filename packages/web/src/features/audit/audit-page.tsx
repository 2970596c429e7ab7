import { Alert, Button, Input, Select, Space, Switch, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { AuditRecord } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { DistrictRangePicker } from '../../app/date-picker.tsx';
import { districtDayEnd, districtDayStart, formatDate, formatDateTime } from '../../app/dates.ts';
import { dayValue } from '../../app/district-dayjs.ts';
import { translateError } from '../../app/errors.ts';
import { type FieldChange, type NameOf, diffRecords, formatValue } from './audit-diff.ts';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from './audit-vocabulary.ts';
import { urlPagination } from '../../app/url-pagination.ts';
import type { Schemas } from '../../api/contract.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';

const PAGE_SIZE = 25;
// actorName only labels the actorId filter tag; the server filters by id.
const FILTERS = ['entityType', 'entityId', 'action', 'actorId', 'actorName', 'from', 'to'] as const;

/** What the server stores and shows instead of a sensitive value (platform/audit/audit-policies.ts). */
const PROTECTED_VALUE = '[protected]';

const CHANGE_COLOURS: Record<FieldChange['change'], string> = { added: 'green', removed: 'red', changed: 'gold', unchanged: 'default' };

type AuditNames = Schemas['AuditList']['names'];

/** Reads the ids of a page as names, in the UI language (undefined: not one the server named). */
function useNameOf(names: AuditNames | undefined): NameOf {
  const { i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  return (value) => {
    const known = names?.[value.toLowerCase()];
    return known ? (en && known.nameEn ? known.nameEn : known.name) : undefined;
  };
}

/** Before/after of one record, changed fields first and highlighted; ids read as names where known. */
export function AuditDiff({ record, names }: { record: AuditRecord; names?: AuditNames }) {
  const nameOf = useNameOf(names);
  const { t } = useTranslation();
  const [showUnchanged, setShowUnchanged] = useState(false);
  // a sensitive value is kept as '[protected]' on both sides: the stored list says whether it changed
  const changes = diffRecords(record.before, record.after).map((change) =>
    change.change === 'unchanged' && change.before === PROTECTED_VALUE && record.changedFields?.includes(change.path)
      ? { ...change, change: 'changed' as const }
      : change,
  );
  const show = (value: unknown) => (value === PROTECTED_VALUE ? t('audit.protectedValue') : formatValue(value, nameOf));
  if (record.detailsHidden) {
    return (
      <div data-testid="audit-diff">
        <Alert type="info" showIcon message={t('audit.detailsHidden')} style={{ marginBottom: 8 }} />
        <Space wrap>
          {t('audit.changedFields')}
          {(record.changedFields ?? []).map((field) => (
            <Typography.Text code key={field}>
              {field}
            </Typography.Text>
          ))}
        </Space>
      </div>
    );
  }
  const shown = showUnchanged ? changes : changes.filter((change) => change.change !== 'unchanged');
  return (
    <div data-testid="audit-diff">
      <Space style={{ marginBottom: 8 }}>
        <Switch size="small" checked={showUnchanged} onChange={setShowUnchanged} />
        {t('audit.showUnchanged')}
      </Space>
      <ResponsiveTable<FieldChange>
        size="small"
        className="oc-audit-diff"
        rowKey={(row) => `${row.path}:${shown.indexOf(row)}`}
        pagination={false}
        dataSource={shown}
        locale={{ emptyText: t('audit.noChanges') }}
        columns={[
          {
            title: t('audit.field'),
            dataIndex: 'path',
            width: 200,
            render: (path: string) => <Typography.Text code>{path}</Typography.Text>,
          },
          {
            title: t('audit.change'),
            dataIndex: 'change',
            width: 100,
            render: (change: FieldChange['change']) => <Tag color={CHANGE_COLOURS[change]}>{t(`audit.changes.${change}`)}</Tag>,
          },
          {
            title: t('audit.before'),
            dataIndex: 'before',
            render: (value: unknown, row) => (
              <span
                style={{ background: row.change === 'changed' || row.change === 'removed' ? '#fee4e2' : undefined, wordBreak: 'break-all' }}
              >
                {show(value)}
              </span>
            ),
          },
          {
            title: t('audit.after'),
            dataIndex: 'after',
            render: (value: unknown, row) => (
              <span
                style={{ background: row.change === 'changed' || row.change === 'added' ? '#dcfae6' : undefined, wordBreak: 'break-all' }}
              >
                {show(value)}
              </span>
            ),
          },
        ]}
      />
    </div>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? undefined])) as Record<
    (typeof FILTERS)[number],
    string | undefined
  >;
  const page = Number(params.get('page') ?? '1') || 1;
  const audit = useQuery({
    queryKey: ['audit', filters, page],
    queryFn: () => api.get<Schemas['AuditList']>('/api/audit', { ...filters, actorName: undefined, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    // The log grows with every write anywhere; never show a cached page as current.
    staleTime: 0,
  });

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
        <Input.Search
          allowClear
          defaultValue={filters.entityId}
          placeholder={t('audit.entityId')}
          onSearch={(value) => setFilters({ entityId: value || undefined })}
          style={{ width: 260 }}
        />
        <DistrictRangePicker
          aria-label={t('audit.period')}
          value={filters.from && filters.to ? [dayValue(formatDate(filters.from)), dayValue(formatDate(filters.to))] : null}
          // Whole district days: from the first instant of the start day to the last instant of the end day.
          onChange={(range) =>
            setFilters({
              from: range?.[0] ? districtDayStart(range[0].format('YYYY-MM-DD')) : undefined,
              to: range?.[1] ? districtDayEnd(range[1].format('YYYY-MM-DD')) : undefined,
            })
          }
        />
        <ActorPicker
          actorId={filters.actorId}
          actorName={filters.actorName}
          onChange={(actorId, actorName) => setFilters({ actorId, actorName })}
        />
        <Button onClick={() => setParams({})}>{t('common.reset')}</Button>
      </Space>
      {audit.error && <Alert type="error" showIcon message={translateError(t, audit.error)} style={{ marginBottom: 16 }} />}
      <ResponsiveTable<AuditRecord>
        data-testid="audit-list"
        cardTitle={['seq', 'at']}
        rowKey="seq"
        size="middle"
        loading={audit.isFetching}
        dataSource={audit.data?.items}
        expandable={{
          expandedRowRender: (record) => <AuditDiff record={record} names={audit.data?.names} />,
          rowExpandable: (record) => record.before != null || record.after != null || (record.changedFields?.length ?? 0) > 0,
        }}
        pagination={urlPagination(t, params, setParams, { current: page, pageSize: PAGE_SIZE, total: audit.data?.total })}
        columns={[
          { title: '#', dataIndex: 'seq', width: 80 },
          { title: t('audit.at'), dataIndex: 'at', width: 200, render: (at: string) => formatDateTime(at, { seconds: true }) },
          {
            title: t('audit.actor'),
            dataIndex: 'actor',
            width: 180,
            // Clicking a name narrows the log to that person's actions. The name first; the username beside it,
            // since it is what the person signs in with (and all that is left of an account that is gone).
            render: (actor: AuditRecord['actor']) =>
              actor ? (
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
                  title={t('audit.filterByActor')}
                  data-testid="audit-actor"
                  onClick={() =>
                    setFilters({ actorId: actor.id ?? undefined, actorName: actor.displayName ?? actor.username ?? undefined })
                  }
                >
                  {actor.displayName ? `${actor.displayName} · ${actor.username}` : actor.username}
                </Button>
              ) : (
                <span data-testid="audit-actor">{t('audit.system')}</span>
              ),
          },
          {
            title: t('audit.action'),
            dataIndex: 'action',
            width: 120,
            render: (action: string) => <Tag>{t(`audit.actions.${action}`, { defaultValue: action })}</Tag>,
          },
          {
            title: t('audit.entityType'),
            dataIndex: 'entityType',
            width: 130,
            render: (type: string) => t(`audit.entityTypes.${type}`, { defaultValue: type }),
          },
          {
            title: t('audit.entity'),
            key: 'entity',
            render: (_, record) => <AuditEntityLabel record={record} names={audit.data?.names} />,
          },
        ]}
      />
    </div>
  );
}

/** The record's name when its after/before carries one (more useful than an id), else the id. */
function AuditEntityLabel({ record, names }: { record: AuditRecord; names?: AuditNames }) {
  const { i18n } = useTranslation();
  const nameOf = useNameOf(names);
  const source = (record.after ?? record.before) as Record<string, unknown> | null;
  const own =
    source && typeof source === 'object'
      ? i18n.language === 'en' && typeof source.nameEn === 'string' && source.nameEn
        ? source.nameEn
        : (source.displayName ?? source.name ?? source.username)
      : null;
  // details hidden, or a record without a name field: the name the server resolved for its id, if any
  const name = own ?? (record.entityId ? nameOf(record.entityId) : undefined);
  return (
    <span>
      {typeof name === 'string' && <Typography.Text strong>{name} </Typography.Text>}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {record.entityId ?? ''}
      </Typography.Text>
    </span>
  );
}

/**
 * The user picker: whose actions to show. Searches the people the auditor may audit by name or username
 * (GET /api/audit/actors); the chosen name is kept in the address beside the id, so a shared link reads well.
 */
function ActorPicker({
  actorId,
  actorName,
  onChange,
}: {
  actorId?: string;
  actorName?: string;
  onChange: (actorId?: string, actorName?: string) => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const actors = useQuery({
    queryKey: ['audit-actors', q],
    queryFn: () => api.get<Schemas['AuditActorList']>('/api/audit/actors', q ? { q } : {}),
    placeholderData: keepPreviousData,
  });
  const options = (actors.data?.items ?? []).map((u) => ({
    value: u.id,
    name: u.displayName,
    label: `${u.displayName} · ${u.username}${u.disabled ? ` ${t('audit.disabledUser')}` : ''}`,
  }));
  // the picked person stays labelled while the search shows others
  if (actorId && !options.some((o) => o.value === actorId))
    options.unshift({ value: actorId, name: actorName ?? actorId, label: actorName ?? actorId });
  return (
    <span data-testid={actorId ? 'audit-actor-filter' : undefined}>
      <Select
        allowClear
        showSearch
        filterOption={false}
        onSearch={setQ}
        placeholder={t('audit.actorPicker')}
        aria-label={t('audit.actorPicker')}
        value={actorId}
        loading={actors.isFetching}
        options={options}
        notFoundContent={t('audit.noActors')}
        onChange={(value: string | undefined, option) => {
          setQ('');
          onChange(value || undefined, value ? (option as { name?: string } | undefined)?.name : undefined);
        }}
        style={{ width: 240 }}
      />
    </span>
  );
}
