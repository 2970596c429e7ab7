/**
 * The signal list as a file (docs/exports.md): the list's filters within the reader's scope, newest period
 * first, methods named as the pages name them (no registry codes in the file).
 */
import { type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Database } from '../../platform/db/database.ts';
import { type ExportColumn, type ExportLanguage, pagedBatches } from '../../platform/export/export.ts';
import type { SignalListQuery } from './detection.schema.ts';
import { listSignalsFor, type presentSignal } from './detection.service.ts';

type SignalView = ReturnType<typeof presentSignal>;
type Labels = Record<string, { zh: string; en: string }>;

const METHODS: Labels = {
  mpm: { zh: '移动百分位数法（CIDARS）', en: 'Moving percentile (CIDARS)' },
  fixedThreshold: { zh: '固定阈值法（CIDARS）', en: 'Fixed threshold (CIDARS)' },
  earsC_C1: { zh: 'EARS C1 法', en: 'EARS C1' },
  earsC_C2: { zh: 'EARS C2 法', en: 'EARS C2' },
  earsC_C3: { zh: 'EARS C3 法', en: 'EARS C3' },
  cusum: { zh: '累积和（CUSUM）', en: 'CUSUM' },
  glrnb: { zh: '负二项广义似然比（GLR）', en: 'Negative binomial GLR' },
  bayes: { zh: '贝叶斯法', en: 'Bayes' },
  rki1: { zh: 'RKI 1 法', en: 'RKI 1' },
  rki2: { zh: 'RKI 2 法', en: 'RKI 2' },
  rki3: { zh: 'RKI 3 法', en: 'RKI 3' },
  farrington: { zh: 'Farrington 法', en: 'Farrington' },
  farringtonFlexible: { zh: '改进 Farrington（Noufaily）', en: 'Improved Farrington (Noufaily)' },
  scan: { zh: '时空重排扫描统计量', en: 'Space-time permutation scan' },
};
const KINDS: Labels = { aberration: { zh: '时间异常', en: 'Aberration' }, cluster: { zh: '时空聚集', en: 'Space-time cluster' } };
const BASES: Labels = { onset: { zh: '按发病日期', en: 'By onset date' }, report: { zh: '按报告日期', en: 'By report date' } };

const en = (l: ExportLanguage) => l === 'en';
const label = (labels: Labels, key: string | null, l: ExportLanguage) =>
  key === null ? null : (labels[key]?.[en(l) ? 'en' : 'zh'] ?? key);
const round = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

export const SIGNAL_EXPORT_COLUMNS: readonly ExportColumn<SignalView>[] = [
  {
    zh: '病种或监测项目',
    en: 'Disease or feed',
    value: (s, l) => (en(l) ? s.subject.nameEn || s.subject.name : s.subject.name),
    width: 18,
  },
  { zh: '地区', en: 'Place', value: (s, l) => (en(l) ? s.jurisdictionNameEn || s.jurisdictionName : s.jurisdictionName), width: 14 },
  { zh: '类型', en: 'Kind', value: (s, l) => label(KINDS, s.kind, l), width: 10 },
  { zh: '方法', en: 'Method', value: (s, l) => label(METHODS, s.method, l), width: 24 },
  { zh: '开始日期', en: 'Period start', value: (s) => s.periodStart, width: 12 },
  { zh: '结束日期', en: 'Period end', value: (s) => s.periodEnd, width: 12 },
  { zh: '日期口径', en: 'Date basis', value: (s, l) => label(BASES, s.dateBasis, l), width: 12 },
  { zh: '观察值', en: 'Observed', value: (s) => round(s.observed), width: 8 },
  { zh: '期望值', en: 'Expected', value: (s) => round(s.expected), width: 8 },
  { zh: '阈值', en: 'Threshold', value: (s) => round(s.threshold), width: 8 },
  { zh: '预警', en: 'Alert', value: (s) => s.alertCode, width: 13 },
  { zh: '产生时间', en: 'Created', value: (s) => new Date(s.createdAt), width: 17 },
];

/** The signal list's rows for an export, newest period first; signals.read is checked before the first byte. */
export function signalExportFor(
  database: Database,
  principal: Principal,
  filters: Omit<SignalListQuery, 'page' | 'pageSize'>,
): AsyncIterable<SignalView[]> {
  scopeFor(principal, 'signals.read');
  return pagedBatches(async (page, pageSize) => (await listSignalsFor(database, principal, { ...filters, page, pageSize })).items);
}
