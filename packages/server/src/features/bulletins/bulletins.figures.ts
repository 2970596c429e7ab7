/**
 * Figures of a bulletin: the snapshot taken from the data (the situation report's queries, reports/index.ts) and
 * what the public sees of it — district figures as they are, the breakdown by township with small numbers
 * suppressed (suppression.ts).
 */
import type { Executor } from '../../platform/db/database.ts';
import { type AreaCaseFigures, areaCaseFigures } from '../reports/index.ts';
import type { PublicFigures } from './bulletins.schema.ts';
import { suppressList } from './suppression.ts';

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
  };
}
