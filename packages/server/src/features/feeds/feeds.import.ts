/**
 * Feed values from a CSV or XLSX file, through the import machinery (src/features/imports): one row per day and
 * site (or jurisdiction) and feed type. All or nothing: a file of daily values is a report, not a list whose
 * good rows stand on their own.
 */
import { scopeFor } from '../../platform/auth/scope.ts';
import { publishLive } from '../../platform/live/live.ts';
import { type ImportKindSpec, registerImportKind } from '../imports/index.ts';
import type { FieldSpec } from '../imports/index.ts';
import { parseCalendarDate } from '../imports/index.ts';
import { type FeedCountRow, checkFeedCount, feedCountKey, loadFeedLookups } from './feeds.rules.ts';
import { upsertFeedCounts } from './feeds.write.ts';

export const FEED_FIELDS: readonly FieldSpec[] = [
  { field: 'date', required: true, aliases: ['日期', '监测日期', '报告日期', 'date', 'day'] },
  { field: 'site', required: false, aliases: ['监测点编码', '哨点编码', '站点编码', '监测点', '哨点', 'site code', 'site'] },
  {
    field: 'jurisdiction',
    required: false,
    aliases: ['地区编码', '行政区划代码', '区划编码', '乡镇编码', 'jurisdiction code', 'jurisdiction'],
  },
  { field: 'feedType', required: true, aliases: ['监测类型', '数据类型', '类型编码', '指标', 'feed type', 'feed', 'type'] },
  { field: 'value', required: true, aliases: ['数值', '数量', '人次', '值', 'value', 'count'] },
  { field: 'denominator', required: false, aliases: ['分母', '总人次', '总数', 'denominator', 'total'] },
];

const REQUIRED = new Set(FEED_FIELDS.filter((f) => f.required).map((f) => f.field));

const number = (s: string | undefined): number | null => {
  const t = (s ?? '').replace(/,/g, '').trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : Number.NaN;
};

export const feedImportKind: ImportKindSpec<FeedCountRow> = {
  right: 'feeds.report',
  fields: FEED_FIELDS,
  modes: ['all_or_nothing'],
  async prepare(db, ctx) {
    const lookups = await loadFeedLookups(db, scopeFor(ctx.principal, 'feeds.report'));
    return {
      check(v) {
        const rawDate = v.date ?? '';
        const date = parseCalendarDate(rawDate);
        const value = number(v.value);
        const denominator = number(v.denominator);
        const checked = checkFeedCount(
          {
            feedType: v.feedType ?? '',
            site: v.site,
            jurisdiction: v.jurisdiction,
            date: date ?? rawDate,
            value: value ?? Number.NaN,
            denominator,
          },
          lookups,
          ctx.now,
        );
        if (checked.ok) return checked;
        return {
          ok: false,
          errors: checked.issues.map((i) =>
            // an empty cell of a required field is 'required', whatever the rule it then fails
            REQUIRED.has(i.path) && (v[i.path] ?? '').trim() === ''
              ? { field: i.path, code: 'required', message: 'must not be empty' }
              : { field: i.path, code: i.code, ...(i.params ? { params: i.params } : {}), message: i.message },
          ),
        };
      },
      key: feedCountKey,
    };
  },
  async write(tx, rows, ctx) {
    await upsertFeedCounts(tx, rows, { source: 'csv', createdBy: ctx.principal.id });
  },
  async announce(tx, ctx) {
    // every row lies within the importer's area: tell those whose area contains it (never another township)
    for (const jurisdictionPath of scopeFor(ctx.principal, 'feeds.report').paths) {
      await publishLive(tx, {
        topic: 'feeds',
        id: ctx.importId,
        action: 'imported',
        right: 'feeds.read',
        jurisdictionPath,
        data: { count: ctx.count },
      });
    }
  },
};

/** Registers the 'feeds' import kind with the import machinery (once at start, features/feature-hooks.ts). */
export function registerFeedsImportKind(): void {
  registerImportKind('feeds', feedImportKind);
}
