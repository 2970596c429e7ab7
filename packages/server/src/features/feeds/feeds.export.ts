/**
 * A feed's entries as a file (docs/exports.md): the latest-entries list of one feed type with its filters
 * (period, site) within the reader's scope, newest day first.
 */
import type { Principal } from '../../platform/auth/scope.ts';
import type { Database } from '../../platform/db/database.ts';
import type { ExportColumn, ExportLanguage } from '../../platform/export/export.ts';
import { type CountView, listCounts, listFeedTypes } from './feeds.service.ts';

type FeedExportRow = CountView & { feedName: string; feedNameEn: string; unit: string; unitEn: string };
type Labels = Record<string, { zh: string; en: string }>;
const SOURCES: Labels = {
  form: { zh: '表格录入', en: 'Form' },
  api: { zh: '接口', en: 'API' },
  csv: { zh: '文件上传', en: 'File upload' },
  demo: { zh: '演示数据', en: 'Demo' },
};
const en = (l: ExportLanguage) => l === 'en';

export const FEED_EXPORT_COLUMNS: readonly ExportColumn<FeedExportRow>[] = [
  { zh: '监测项目', en: 'Feed', value: (r, l) => (en(l) ? r.feedNameEn || r.feedName : r.feedName), width: 18 },
  { zh: '日期', en: 'Date', value: (r) => r.date, width: 12 },
  { zh: '监测点编码', en: 'Site code', value: (r) => r.siteCode, width: 12 },
  {
    zh: '监测点',
    en: 'Site',
    value: (r, l) => (r.siteName === null ? (en(l) ? 'Whole area' : '全辖区') : en(l) ? r.siteNameEn || r.siteName : r.siteName),
    width: 22,
  },
  { zh: '地区', en: 'Place', value: (r, l) => (en(l) ? r.jurisdictionNameEn || r.jurisdictionName : r.jurisdictionName), width: 14 },
  { zh: '数值', en: 'Value', value: (r) => r.value, width: 8 },
  { zh: '单位', en: 'Unit', value: (r, l) => (en(l) ? r.unitEn || r.unit : r.unit), width: 8 },
  { zh: '分母', en: 'Denominator', value: (r) => r.denominator, width: 10 },
  { zh: '来源', en: 'Source', value: (r, l) => SOURCES[r.source]?.[en(l) ? 'en' : 'zh'] ?? r.source, width: 10 },
  { zh: '更新时间', en: 'Updated', value: (r) => new Date(r.updatedAt), width: 17 },
];

const BATCH = 1000;

/**
 * A feed type's entries for an export. The first batch is read before the answer starts, so that a missing
 * right (403) or an unknown feed type (404) is an error answer, not a broken download.
 */
export async function feedExportFor(
  database: Database,
  principal: Principal,
  filters: { feedType: string; from?: string; to?: string; siteId?: string },
): Promise<AsyncIterable<FeedExportRow[]>> {
  const type = (await listFeedTypes(database, principal)).find((t) => t.code === filters.feedType);
  const read = async (offset: number): Promise<FeedExportRow[]> =>
    (await listCounts(database, principal, { ...filters, limit: BATCH, offset })).map((r) => ({
      ...r,
      feedName: type?.name ?? filters.feedType,
      feedNameEn: type?.nameEn ?? filters.feedType,
      unit: type?.unit ?? '',
      unitEn: type?.unitEn ?? '',
    }));
  const first = await read(0);
  return (async function* () {
    let batch = first;
    for (let offset = 0; ; ) {
      if (batch.length > 0) yield batch;
      if (batch.length < BATCH) return;
      offset += BATCH;
      batch = await read(offset);
    }
  })();
}
