/**
 * Figures of a bulletin: the snapshot taken from the data (the situation report's queries, reports/index.ts) and
 * what the public sees of it — district figures as they are, the breakdowns by township and by age band × sex with
 * small numbers suppressed (suppression.ts).
 */
import type { Executor } from '../../platform/db/database.ts';
import { type AreaCaseFigures, areaCaseFigures } from '../reports/index.ts';
import type { PublicFigures } from './bulletins.schema.ts';
import { suppressList, suppressTable } from './suppression.ts';

export type FiguresSnapshot = AreaCaseFigures;

/** Takes the snapshot of an area's figures for a day. */
export async function takeFigures(
  db: Executor,
  q: { areaId: string; diseaseId: string | null; date: string; cumulativeFrom?: string },
): Promise<FiguresSnapshot | null> {
  return areaCaseFigures(db, {
    areaId: q.areaId,
    diseaseId: q.diseaseId,
    reportDate: q.date,
    cumulativeFrom: q.cumulativeFrom ?? `${q.date.slice(0, 4)}-01-01`,
  });
}

/** What the public sees of a snapshot: a breakdown below the district is suppressed with threshold k. */
export function publicFiguresOf(snapshot: unknown, k: number): PublicFigures | null {
  const f = snapshot as FiguresSnapshot | null;
  if (!f?.area || !f.totals || !Array.isArray(f.townships)) return null;
  const rows = f.townships;
  const newReported = suppressList(
    rows.map((r) => r.newReported),
    k,
  );
  const cumulative = suppressList(
    rows.map((r) => r.cumulative),
    k,
  );
  return {
    reportDate: f.reportDate,
    area: { id: f.area.id, name: f.area.name, nameEn: f.area.nameEn },
    disease: f.disease ? { code: f.disease.code, name: f.disease.name, nameEn: f.disease.nameEn } : null,
    cumulativeFrom: f.cumulativeFrom,
    totals: { ...f.totals },
    trend: {
      last7: f.trend.last7,
      previous7: f.trend.previous7,
      changePct: f.trend.changePct,
      direction: f.trend.direction,
      daily: f.trend.daily.map((d) => ({ date: d.date, reported: d.reported, onset: d.onset })),
    },
    byTownship: {
      k,
      withheld: newReported.withheld || cumulative.withheld,
      rows: rows.map((r, i) => ({
        jurisdictionId: r.jurisdictionId,
        name: r.name,
        nameEn: r.nameEn,
        newReported: newReported.withheld ? null : newReported.values[i]!,
        cumulative: cumulative.withheld ? null : cumulative.values[i]!,
      })),
    },
    byAgeSex: f.ageSex ? publicAgeSex(f.ageSex, k) : null,
  };
}

const SEX_COLUMNS = ['male', 'female', 'unknown'] as const;

/**
 * The age × sex table as published: cells, band totals and sex totals are all below the district, so all are
 * suppressible (primary and complementary); only the grand total — the area's cumulative figure — is fixed.
 */
function publicAgeSex(rows: NonNullable<FiguresSnapshot['ageSex']>, k: number): PublicFigures['byAgeSex'] {
  const t = suppressTable({
    cells: rows.map((r) => SEX_COLUMNS.map((c) => r[c])),
    k,
    rowTotals: true,
    columnTotals: true,
    fixedColumnTotals: false,
  });
  return {
    k,
    withheld: t.withheld,
    rows: rows.map((r, i) => ({
      band: r.band,
      male: t.cells[i]![0]!,
      female: t.cells[i]![1]!,
      unknown: t.cells[i]![2]!,
      total: t.rowTotals![i]!,
    })),
    totals: { male: t.columnTotals![0]!, female: t.columnTotals![1]!, unknown: t.columnTotals![2]! },
    total: t.total,
  };
}
