/**
 * Possible duplicate reports in the user's area (same person and disease within a window), each pair with a
 * merge action for holders of cases.review. Pairs with a report filed in the chosen period (90 days by default),
 * paged by the server.
 */
import { Alert, Button, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { urlPagination } from '../../app/url-pagination.ts';
import { localName } from '../jurisdictions/jurisdictions-api.ts';
import { MergeDialog, birthLabel, formatHours } from './case-parts.tsx';
import {
  type CaseSummary,
  DUPLICATE_PERIODS,
  type DuplicatePair,
  type DuplicatePeriod,
  type RestrictedCase,
  useDiseases,
  useDuplicates,
} from './cases-api.ts';

const PAGE_SIZE = 20;

export function DuplicatesPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const windowDays = Math.min(3650, Math.max(0, Number(params.get('windowDays') ?? '30') || 30));
  const diseaseId = params.get('diseaseId') ?? undefined;
  // reports filed in the last 90 days unless another period is chosen (the server's default too)
  const period: DuplicatePeriod = (DUPLICATE_PERIODS as readonly string[]).includes(params.get('period') ?? '')
    ? (params.get('period') as DuplicatePeriod)
    : '90';
  const page = Number(params.get('page') ?? '1') || 1;
  const duplicates = useDuplicates({ windowDays, period, diseaseId, page, pageSize: PAGE_SIZE });
  const diseases = useDiseases();
  const [merging, setMerging] = useState<DuplicatePair | null>(null);
  useLiveInvalidate('cases', [['cases', 'duplicates']]);

  function set(name: string, value: string | undefined) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete('page');
    setParams(next);
  }

  const describe = (c: CaseSummary | RestrictedCase) =>
    'restricted' in c ? (
      // another facility's report (a hospital reporter's pair): that a report exists, not whose
      <Space direction="vertical" size={0} data-testid="duplicate-other-facility">
        <span>{c.code}</span>
        <Typography.Text type="secondary">
          {t('cases.otherFacility', { facility: c.facility ? localName(c.facility, i18n.language) : '—' })}
        </Typography.Text>
        <Typography.Text type="secondary">{formatDateTime(c.diagnosisAt)}</Typography.Text>
      </Space>
    ) : (
      <Space direction="vertical" size={0}>
        <Link to={`/cases/${c.id}`}>{c.code}</Link>
        <span>
          {c.personName} · {birthLabel(t, c)} · {c.idNumberMasked || t('cases.idTypes.none')}
        </span>
        <Typography.Text type="secondary">
          {formatDateTime(c.diagnosisAt)} · {localName(c.jurisdiction, i18n.language)}
          {c.facility ? ` · ${localName(c.facility, i18n.language)}` : ''}
        </Typography.Text>
      </Space>
    );

  return (
    <div>
      <Typography.Title level={3}>{t('cases.duplicates.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('cases.duplicates.explain')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <span>{t('cases.duplicates.windowDays')}</span>
        <InputNumber
          min={0}
          max={3650}
          value={windowDays}
          onChange={(v) => set('windowDays', v == null ? undefined : String(v))}
          aria-label={t('cases.duplicates.windowDays')}
        />
        <span>{t('cases.duplicates.period')}</span>
        <Select
          value={period}
          onChange={(v) => set('period', v)}
          options={DUPLICATE_PERIODS.map((p) => ({ value: p, label: t(`cases.duplicates.periods.${p}`) }))}
          aria-label={t('cases.duplicates.period')}
          data-testid="duplicates-period"
          style={{ width: 150 }}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('cases.list.allDiseases')}
          value={diseaseId}
          onChange={(v) => set('diseaseId', v)}
          options={(diseases.data?.items ?? []).map((d) => ({ value: d.id, label: localName(d, i18n.language) }))}
          style={{ width: 220 }}
        />
      </Space>
      {duplicates.error && <Alert type="error" showIcon message={translateError(t, duplicates.error)} style={{ marginBottom: 16 }} />}
      <Table<DuplicatePair>
        rowKey={(p) => `${p.a.id}:${p.b.id}`}
        loading={duplicates.isFetching}
        dataSource={duplicates.data?.items}
        pagination={urlPagination(t, params, setParams, {
          current: page,
          pageSize: PAGE_SIZE,
          total: duplicates.data?.total,
          totalKey: 'cases.duplicates.total',
        })}
        locale={{ emptyText: t('cases.duplicates.none') }}
        columns={[
          { title: t('cases.list.disease'), key: 'disease', width: 160, render: (_, p) => localName(p.a.disease, i18n.language) },
          {
            title: t('cases.duplicates.match'),
            key: 'match',
            width: 170,
            render: (_, p) => (
              <Space direction="vertical" size={0}>
                <Tag color={p.match === 'identity' ? 'red' : 'orange'}>
                  {p.match === 'identity' ? t('cases.detail.matchIdentity') : t('cases.detail.matchNameBirth')}
                </Tag>
                <Typography.Text type="secondary">{t('cases.detail.daysApart', { days: formatHours(p.daysApart) })}</Typography.Text>
              </Space>
            ),
          },
          { title: t('cases.duplicates.first'), key: 'a', render: (_, p) => describe(p.a) },
          { title: t('cases.duplicates.second'), key: 'b', render: (_, p) => describe(p.b) },
          ...(hasRight(me.data, RIGHTS.casesReview) && !(duplicates.data?.items ?? []).every((p) => 'restricted' in p.b)
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 100,
                  render: (_: unknown, p: DuplicatePair) => <Button onClick={() => setMerging(p)}>{t('cases.detail.merge')}</Button>,
                },
              ]
            : []),
        ]}
      />
      {merging && (
        <MergeDialog
          open
          a={{ id: merging.b.id, code: merging.b.code }}
          b={{ id: merging.a.id, code: merging.a.code }}
          onClose={() => setMerging(null)}
        />
      )}
    </div>
  );
}
