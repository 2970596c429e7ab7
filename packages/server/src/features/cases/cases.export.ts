/**
 * The case list as a file (docs/exports.md): the list's filters, scope and masking, columns in the reader's
 * language. Full identity numbers only when asked for (`identity=full`) by a holder of cases.identity, and then
 * only for the reports within that right's scope; the export's audit record says how many were included.
 */
import type { Database } from '../../platform/db/database.ts';
import { facilityScopeFor, hasRight, pathInScope, type Principal } from '../../platform/auth/scope.ts';
import { forbidden } from '../../platform/errors.ts';
import type { ExportColumn, ExportLanguage } from '../../platform/export/export.ts';
import type { CaseListQuery } from './cases.schema.ts';
import { caseReaderOf, presentSummary } from './cases.service.ts';
import { encryptedIdentities, listCaseBatch } from './cases.store.ts';
import type { IdentityProtector } from './identity-protection.ts';

type Labels = Record<string, { zh: string; en: string }>;
const CLASSIFICATIONS: Labels = {
  suspected: { zh: '疑似病例', en: 'Suspected' },
  clinical: { zh: '临床诊断病例', en: 'Clinically diagnosed' },
  confirmed: { zh: '确诊病例', en: 'Confirmed' },
  asymptomatic: { zh: '无症状感染者', en: 'Asymptomatic infection' },
  excluded: { zh: '排除病例', en: 'Excluded' },
};
const SEXES: Labels = { male: { zh: '男', en: 'Male' }, female: { zh: '女', en: 'Female' }, unknown: { zh: '未知', en: 'Unknown' } };
const ID_TYPES: Labels = {
  resident_id: { zh: '居民身份证', en: 'Resident ID card' },
  passport: { zh: '护照', en: 'Passport' },
  other: { zh: '其他证件', en: 'Other document' },
  none: { zh: '无证件', en: 'No document' },
};
const SEVERITIES: Labels = {
  mild: { zh: '轻型', en: 'Mild' },
  moderate: { zh: '普通型', en: 'Moderate' },
  severe: { zh: '重型', en: 'Severe' },
  critical: { zh: '危重型', en: 'Critical' },
};
const OUTCOMES: Labels = {
  under_treatment: { zh: '治疗中', en: 'Under treatment' },
  recovered: { zh: '痊愈', en: 'Recovered' },
  died: { zh: '死亡', en: 'Died' },
  unknown: { zh: '不详', en: 'Unknown' },
};
const STATUSES: Labels = { active: { zh: '有效', en: 'Active' }, merged: { zh: '已合并', en: 'Merged' } };

const label = (labels: Labels, key: string | null, lang: ExportLanguage) =>
  key === null ? null : (labels[key]?.[lang === 'en' ? 'en' : 'zh'] ?? key);
const named = (x: { name: string; nameEn: string } | null, lang: ExportLanguage) =>
  x ? (lang === 'en' ? x.nameEn || x.name : x.name) : null;

export type CaseExportRow = ReturnType<typeof presentSummary> & { idNumber: string | null };

export const CASE_EXPORT_COLUMNS: readonly ExportColumn<CaseExportRow>[] = [
  { zh: '报告卡编号', en: 'Report number', value: (r) => r.code, width: 14 },
  { zh: '疾病', en: 'Disease', value: (r, l) => named(r.disease, l), width: 18 },
  { zh: '病例分类', en: 'Classification', value: (r, l) => label(CLASSIFICATIONS, r.classification, l), width: 14 },
  { zh: '姓名', en: 'Name', value: (r) => r.personName, width: 10 },
  { zh: '性别', en: 'Sex', value: (r, l) => label(SEXES, r.sex, l), width: 6 },
  // the birth date only where the list shows it (with cases.identity), else the year
  {
    zh: '出生日期/年份',
    en: 'Birth date / year',
    value: (r) => r.birthDate ?? (r.birthYear === null ? null : String(r.birthYear)),
    width: 12,
  },
  { zh: '证件类型', en: 'Document', value: (r, l) => label(ID_TYPES, r.idType, l), width: 12 },
  { zh: '证件号码', en: 'Document number', value: (r) => r.idNumber ?? r.idNumberMasked, width: 22 },
  { zh: '现住地', en: 'Residence', value: (r, l) => named(r.jurisdiction, l), width: 14 },
  { zh: '发病日期', en: 'Onset date', value: (r) => r.onsetDate, width: 12 },
  { zh: '诊断时间', en: 'Diagnosed', value: (r) => new Date(r.diagnosisAt), width: 17 },
  { zh: '报告时间', en: 'Reported', value: (r) => new Date(r.reportedAt), width: 17 },
  { zh: '报告单位', en: 'Reporting facility', value: (r, l) => named(r.facility, l), width: 20 },
  { zh: '临床严重程度', en: 'Severity', value: (r, l) => label(SEVERITIES, r.severity, l), width: 10 },
  { zh: '转归', en: 'Outcome', value: (r, l) => label(OUTCOMES, r.outcome, l), width: 10 },
  {
    zh: '报告及时性',
    en: 'Timeliness',
    value: (r, l) =>
      r.timeliness.onTime
        ? l === 'en'
          ? 'On time'
          : '及时'
        : l === 'en'
          ? `Late by ${r.timeliness.lateByHours} h`
          : `超时 ${r.timeliness.lateByHours} 小时`,
    width: 14,
  },
  { zh: '审核时间', en: 'Reviewed', value: (r) => (r.reviewedAt ? new Date(r.reviewedAt) : null), width: 17 },
  { zh: '状态', en: 'Status', value: (r, l) => label(STATUSES, r.status, l), width: 8 },
];

const BATCH = 1000;

/**
 * The case list's rows for an export, batch by batch. Rights are checked here, before the first byte is sent:
 * cases.read for the list, cases.identity for full numbers (403 without it).
 */
export function caseExportFor(
  database: Database,
  principal: Principal,
  query: Omit<CaseListQuery, 'page' | 'pageSize'>,
  options: { fullIdentity: boolean; protector: IdentityProtector },
): { batches: AsyncIterable<CaseExportRow[]>; fullNumbers: () => number } {
  const scope = facilityScopeFor(principal, 'cases.read');
  if (options.fullIdentity && !hasRight(principal, 'cases.identity')) throw forbidden();
  const identityScope = options.fullIdentity ? facilityScopeFor(principal, 'cases.identity') : null;
  const reader = caseReaderOf(principal);
  const listQuery: CaseListQuery = { ...query, page: 1, pageSize: BATCH };
  let fullNumbers = 0;
  async function* batches(): AsyncGenerator<CaseExportRow[]> {
    let afterId: string | null = null;
    for (;;) {
      const rows = await listCaseBatch(database.db, scope, listQuery, afterId, BATCH);
      if (rows.length === 0) return;
      const shown = identityScope ? rows.filter((r) => pathInScope(identityScope, r.jurisdictionPath)).map((r) => r.id) : [];
      const encrypted = await encryptedIdentities(database.db, shown);
      fullNumbers += encrypted.size;
      yield rows.map((r) => {
        const sealed = encrypted.get(r.id);
        return { ...presentSummary(r, reader), idNumber: sealed ? options.protector.reveal(sealed) : null };
      });
      if (rows.length < BATCH) return;
      afterId = rows[rows.length - 1]!.id;
    }
  }
  return { batches: batches(), fullNumbers: () => fullNumbers };
}
