/**
 * The alert list as a file (docs/exports.md): the list's filters, scope and order, columns in the reader's
 * language. Alerts hold no personal data beyond names of staff; the export is audited like every other.
 */
import { type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Database } from '../../platform/db/database.ts';
import { type ExportColumn, type ExportLanguage, pagedBatches } from '../../platform/export/export.ts';
import type { AlertListQuery } from './alerts.schema.ts';
import { type AlertView, listAlertsFor } from './alerts.service.ts';

type Labels = Record<string, { zh: string; en: string }>;
const STATUSES: Labels = {
  new: { zh: '新预警', en: 'New' },
  verifying: { zh: '核实中', en: 'Verifying' },
  discarded: { zh: '已排除', en: 'Discarded' },
  monitoring: { zh: '持续监测', en: 'Monitoring' },
  risk_assessment: { zh: '风险评估', en: 'Risk assessment' },
  characterised: { zh: '已定级', en: 'Characterised' },
  closed: { zh: '已关闭', en: 'Closed' },
  confirmed: { zh: '已确认为事件', en: 'Confirmed event' },
};
const LEVELS: Labels = {
  red: { zh: '红色', en: 'Red' },
  orange: { zh: '橙色', en: 'Orange' },
  yellow: { zh: '黄色', en: 'Yellow' },
  blue: { zh: '蓝色', en: 'Blue' },
};

const en = (l: ExportLanguage) => l === 'en';
const label = (labels: Labels, key: string | null, l: ExportLanguage) =>
  key === null ? null : (labels[key]?.[en(l) ? 'en' : 'zh'] ?? key);
const named = (x: { name: string; nameEn: string } | null, l: ExportLanguage) => (x ? (en(l) ? x.nameEn || x.name : x.name) : null);
const at = (iso: string | null) => (iso ? new Date(iso) : null);

export const ALERT_EXPORT_COLUMNS: readonly ExportColumn<AlertView>[] = [
  { zh: '预警编号', en: 'Alert', value: (a) => a.code, width: 13 },
  { zh: '标题', en: 'Title', value: (a, l) => (en(l) ? a.titleEn : a.title), width: 32 },
  { zh: '状态', en: 'Status', value: (a, l) => label(STATUSES, a.status, l), width: 12 },
  {
    zh: '预警级别',
    en: 'Warning level',
    value: (a, l) => (a.warningLevel ? label(LEVELS, a.warningLevel, l) : en(l) ? 'Not set' : '未定级'),
    width: 10,
  },
  { zh: '疾病', en: 'Disease', value: (a, l) => named(a.disease, l), width: 16 },
  { zh: '监测数据', en: 'Feed', value: (a, l) => named(a.feedType, l), width: 16 },
  { zh: '地区', en: 'Place', value: (a, l) => named(a.jurisdiction, l), width: 14 },
  { zh: '负责人', en: 'Assignee', value: (a) => a.assignee?.displayName ?? null, width: 12 },
  { zh: '信号数', en: 'Signals', value: (a) => a.signalCount, width: 8 },
  { zh: '摘要', en: 'Summary', value: (a, l) => (en(l) ? a.summary : a.summaryZh || a.summary), width: 48 },
  { zh: '首个信号', en: 'First signal', value: (a) => at(a.firstSignalAt), width: 17 },
  { zh: '最近信号', en: 'Latest signal', value: (a) => at(a.lastSignalAt), width: 17 },
  { zh: '核实截止', en: 'Verify by', value: (a) => at(a.verificationDueAt), width: 17 },
  { zh: '是否超时', en: 'Overdue', value: (a, l) => (a.overdue ? (en(l) ? 'yes' : '是') : en(l) ? 'no' : '否'), width: 8 },
  { zh: '创建时间', en: 'Created', value: (a) => at(a.createdAt), width: 17 },
  { zh: '关闭时间', en: 'Closed', value: (a) => at(a.closedAt), width: 17 },
];

/** The alert list's rows for an export, in the list's order; alerts.read is checked before the first byte. */
export function alertExportFor(
  database: Database,
  principal: Principal,
  filters: Omit<AlertListQuery, 'page' | 'pageSize'>,
  now = new Date(),
): AsyncIterable<AlertView[]> {
  scopeFor(principal, 'alerts.read');
  return pagedBatches(async (page, pageSize) => (await listAlertsFor(database, principal, { ...filters, page, pageSize }, now)).items);
}
