/**
 * A card's corrections (订正, issue 12 item 13): each version with who, when, why, the kinds of correction, the
 * fields that changed (before → after), and for a changed diagnosis, a revised classification or a death whether
 * it was corrected within the disease deadline from the event.
 */
import { useQuery } from '@tanstack/react-query';
import { Card, Grid, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import type { Schemas } from '../../api/contract.ts';
import { formatDateTime } from '../../app/dates.ts';
import { formatHours } from './case-parts.tsx';
import { useDiseases } from './cases-api.ts';
import { ALL_ON_ONE_PAGE, useFacilities } from '../facilities/facilities-api.ts';
import { jurisdictionIndex, localName, useJurisdictions } from '../jurisdictions/jurisdictions-api.ts';

type CaseVersion = Schemas['CaseVersion'];

/** Field name → the form's label key. */
const FIELD_LABELS: Record<string, string> = {
  diseaseId: 'cases.form.disease',
  jurisdictionId: 'cases.form.jurisdiction',
  personName: 'cases.form.personName',
  sex: 'cases.form.sex',
  birthDate: 'cases.form.birthDate',
  idType: 'cases.form.idType',
  idNumber: 'cases.form.idNumber',
  phone: 'cases.form.phone',
  address: 'cases.form.address',
  occupation: 'cases.form.occupation',
  classification: 'cases.form.classification',
  onsetDate: 'cases.form.onsetDate',
  diagnosisAt: 'cases.form.diagnosisAt',
  reportedAt: 'cases.form.reportedAt',
  facilityId: 'cases.form.facility',
  reportingDoctor: 'cases.form.reportingDoctor',
  severity: 'cases.form.severity',
  outcome: 'cases.form.outcome',
  labResults: 'cases.form.lab',
};

export function useCaseVersions(id: string) {
  return useQuery({
    queryKey: ['cases', 'versions', id],
    queryFn: () => api.get<{ items: CaseVersion[] }>(`/api/cases/${encodeURIComponent(id)}/versions`),
  });
}

export function CaseVersions({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const versions = useCaseVersions(caseId);
  const diseases = useDiseases({ includeInactive: true });
  const facilities = useFacilities({ pageSize: ALL_ON_ONE_PAGE });
  const places = jurisdictionIndex(useJurisdictions().data);
  const diseaseName = (id: unknown) => {
    const d = diseases.data?.items.find((x) => x.id === id);
    return d ? localName(d, i18n.language) : String(id ?? '—');
  };
  /** A field's value as a person reads it. */
  const show = (field: string, v: Record<string, unknown>): string => {
    const value = v[field];
    if (field === 'diseaseId') return diseaseName(value);
    if (field === 'classification') return t(`cases.classifications.${String(value)}`);
    if (field === 'outcome') return t(`cases.outcomes.${String(value)}`);
    if (field === 'severity') return t(`cases.severities.${String(value)}`);
    if (field === 'sex') return t(`cases.sexes.${String(value)}`);
    if (field === 'idNumber') return String(v.idNumberMasked ?? '—');
    if (field === 'birthDate') return value ? String(value) : v.birthYear ? t('cases.bornIn', { year: v.birthYear }) : '—';
    if (field === 'diagnosisAt' || field === 'reportedAt') return value ? formatDateTime(String(value)) : '—';
    if (field === 'labResults')
      return Array.isArray(value)
        ? value.map((l: { test?: string; result?: string }) => `${l.test ?? ''}: ${l.result ?? ''}`).join('; ') || '—'
        : '—';
    if (field === 'facilityId') {
      const f = facilities.data?.items.find((x) => x.id === value);
      return f ? localName(f, i18n.language) : value ? String(value) : '—';
    }
    if (field === 'jurisdictionId') {
      const j = typeof value === 'string' ? places.get(value) : undefined;
      return j ? localName(j, i18n.language) : value ? String(value) : '—';
    }
    return value === null || value === undefined || value === '' ? '—' : String(value);
  };
  const items = versions.data?.items ?? [];
  // below 576 px: who/when/kinds/why in one column, so that no column wraps a letter a line
  const phone = !Grid.useBreakpoint().sm;
  const typeTags = (v: CaseVersion) => (
    <Space size={4} wrap>
      {v.correctionTypes.map((c) => (
        <Tag key={c} color={c === 'death' ? 'red' : c === 'other' ? 'default' : 'blue'}>
          {t(`cases.correctionTypes.${c}`)}
        </Tag>
      ))}
      {v.source === 'import_update' && <Tag>{t('cases.correction.fromImport')}</Tag>}
      {v.source === 'neighbour_update' && v.neighbour && (
        <Tag color="purple" data-testid="version-neighbour">
          {t('cases.correction.fromNeighbour', {
            district: i18n.language === 'en' ? v.neighbour.nameEn || v.neighbour.name : v.neighbour.name,
            code: v.neighbour.districtCode,
            version: v.neighbour.version,
          })}
        </Tag>
      )}
    </Space>
  );
  const timelinessText = (v: CaseVersion) =>
    v.timeliness ? (
      <Typography.Text type={v.timeliness.onTime ? 'success' : 'danger'}>
        {v.timeliness.onTime
          ? t('cases.correction.onTime', { hours: formatHours(v.timeliness.delayHours) })
          : t('cases.correction.late', { hours: formatHours(v.timeliness.delayHours), deadline: v.timeliness.deadlineHours })}
      </Typography.Text>
    ) : null;
  const fieldList = (v: CaseVersion) => v.changedFields.map((f) => t(FIELD_LABELS[f] ?? f)).join(i18n.language === 'en' ? ', ' : '、');
  if (!versions.isPending && items.length === 0) {
    return (
      <Card title={t('cases.correction.history')} size="small" style={{ marginTop: 16 }} data-testid="case-versions">
        <Typography.Text type="secondary">{t('cases.correction.none')}</Typography.Text>
      </Card>
    );
  }
  return (
    <Card title={t('cases.correction.history')} size="small" style={{ marginTop: 16 }} data-testid="case-versions">
      <Table<CaseVersion>
        size="small"
        rowKey="id"
        loading={versions.isPending}
        dataSource={items}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('cases.correction.none') }}
        expandable={{
          expandedRowRender: (v) => (
            <Table
              size="small"
              pagination={false}
              rowKey="field"
              dataSource={v.changedFields.map((field) => ({ field }))}
              columns={[
                {
                  title: t('cases.correction.changedFields'),
                  key: 'f',
                  render: (_: unknown, r: { field: string }) => t(FIELD_LABELS[r.field] ?? r.field),
                },
                { title: t('cases.correction.before'), key: 'b', render: (_: unknown, r: { field: string }) => show(r.field, v.before) },
                { title: t('cases.correction.after'), key: 'a', render: (_: unknown, r: { field: string }) => show(r.field, v.after) },
              ]}
            />
          ),
        }}
        columns={
          phone
            ? [
                {
                  title: t('cases.correction.history'),
                  key: 'version',
                  render: (_, v) => (
                    <Space direction="vertical" size={2}>
                      <span>
                        {t('cases.review.version', { version: v.version })} · {formatDateTime(v.changedAt)} ·{' '}
                        {v.changedBy?.displayName ?? '—'}
                      </span>
                      {typeTags(v)}
                      {v.reason && <span>{v.reason}</span>}
                      <Typography.Text type="secondary">{fieldList(v)}</Typography.Text>
                      {timelinessText(v)}
                    </Space>
                  ),
                },
              ]
            : [
                { title: t('cases.correction.version'), dataIndex: 'version', width: 70 },
                { title: t('cases.correction.changedAt'), key: 'at', render: (_, v) => formatDateTime(v.changedAt) },
                { title: t('cases.correction.changedBy'), key: 'by', render: (_, v) => v.changedBy?.displayName ?? '—' },
                { title: t('cases.correction.types'), key: 'types', render: (_, v) => typeTags(v) },
                { title: t('cases.correction.reason'), dataIndex: 'reason', render: (r: string) => r || '—' },
                { title: t('cases.correction.changedFields'), key: 'fields', render: (_, v) => fieldList(v) },
                { title: t('cases.timeliness.title'), key: 'timeliness', render: (_, v) => timelinessText(v) ?? '—' },
              ]
        }
      />
    </Card>
  );
}
