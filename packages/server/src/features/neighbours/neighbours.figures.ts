/**
 * Daily joint figures (issue 16, item 6): each day every linked district sends its aggregate counts — new and
 * cumulative cases by disease, open alerts, the highest active response level — and the joint view shows the
 * border region's districts side by side and summed.
 *
 * What is counted (for a district day, UTC+8): case reports of the district's tree that are real (`status =
 * 'active'`: no merged duplicate, no exercise) and not excluded; new = reported that day, cumulative = reported up
 * to the end of that day; open alerts at the end of the day (opened by then, not closed by then; no exercise);
 * the most serious response level of the incidents open at the end of the day.
 *
 * No personal data travels: counts only. Small numbers are suppressed as bulletins suppress them
 * (bulletins/suppression.ts; the same threshold k = 5 and the same two rules, applied here to each column of the
 * disease breakdown — bulletins sit above this feature, so the rule is restated, not imported):
 * - primary: a count 1 … k−1 of one disease is sent as null;
 * - complementary: the district totals go as they are (district-level headline figures, as in a bulletin), so
 *   a column with exactly one suppressed count would give it away by subtraction: the smallest other non-zero
 *   count is suppressed too.
 * The agreement may allow small numbers (`dailyFigures.smallNumbers`) between two health authorities.
 * What is not protected: a suppressed daily count can be recovered as the difference of two consecutive published
 * cumulative counts; the agreement is between health authorities, never published.
 */
import { z } from '@hono/zod-openapi';
import { and, asc, eq, gte, inArray, isNull, lte, ne, notInArray, or, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { type Principal, pathInScope, scopeFor } from '../../platform/auth/scope.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { notFound, validationFailed } from '../../platform/errors.ts';
import { districtInstant, districtToday } from '../../platform/time/district-time.ts';
import { alerts, CLOSED_ALERT_STATUSES } from '../alerts/index.ts';
import { caseReports } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { incidents } from '../incidents/index.ts';
import { type DailyFigures, neighbourDailyFigures } from './neighbours.aid-figures.tables.ts';
import { agreementsOf } from './neighbours.agreements.ts';
import { enqueueMessage } from './neighbours.outbox.ts';
import type { NeighbourDeps } from './neighbours.service.ts';
import type { LinkRow } from './neighbours.store.ts';
import { neighbourLinks } from './neighbours.tables.ts';

/** The threshold of bulletins (bulletins/suppression.ts DEFAULT_K): counts 1 … 4 are small numbers. */
export const FIGURES_K = 5;
const LEVEL_ORDER = ['I', 'II', 'III', 'IV'];

/** Primary and complementary suppression of one column whose total is published (see the module comment). */
export function suppressColumn(values: readonly number[], k: number): { published: (number | null)[]; suppressed: number } {
  const hidden = values.map((v) => v >= 1 && v < k);
  if (hidden.filter(Boolean).length === 1) {
    let pick = -1;
    values.forEach((v, i) => {
      if (!hidden[i] && v > 0 && (pick < 0 || v < values[pick]!)) pick = i;
    });
    if (pick >= 0) hidden[pick] = true;
  }
  return { published: values.map((v, i) => (hidden[i] ? null : v)), suppressed: hidden.filter(Boolean).length };
}

/** A district's figures for one district day, unsuppressed (for our own view and before sending). */
export async function computeDailyFigures(db: Executor, districtId: string, day: string): Promise<DailyFigures> {
  const [district] = await db
    .select({ code: jurisdictions.code, name: jurisdictions.name, nameEn: jurisdictions.nameEn, path: jurisdictions.path })
    .from(jurisdictions)
    .where(eq(jurisdictions.id, districtId));
  if (!district) throw notFound('district');
  const start = districtInstant(day);
  const end = new Date(start.getTime() + 24 * 3600_000);
  const inDistrict = (column: typeof caseReports.jurisdictionId | typeof alerts.jurisdictionId | typeof incidents.jurisdictionId) =>
    sql`${column} IN (SELECT ${jurisdictions.id} FROM ${jurisdictions} WHERE ${jurisdictions.path} LIKE ${`${district.path}%`})`;
  const byDisease = await db
    .select({
      code: diseases.code,
      name: diseases.name,
      nameEn: diseases.nameEn,
      newCases: sql<number>`count(*) FILTER (WHERE ${caseReports.reportedAt} >= ${start.toISOString()}::timestamptz)::int`,
      cumulativeCases: sql<number>`count(*)::int`,
    })
    .from(caseReports)
    .innerJoin(diseases, eq(diseases.id, caseReports.diseaseId))
    .where(
      and(
        eq(caseReports.status, 'active'),
        ne(caseReports.classification, 'excluded'),
        sql`${caseReports.reportedAt} < ${end.toISOString()}::timestamptz`,
        inDistrict(caseReports.jurisdictionId),
      ),
    )
    .groupBy(diseases.code, diseases.name, diseases.nameEn)
    .orderBy(asc(diseases.code));
  const [open] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(alerts)
    .where(
      and(
        isNull(alerts.exerciseId),
        sql`${alerts.createdAt} < ${end.toISOString()}::timestamptz`,
        or(isNull(alerts.closedAt), sql`${alerts.closedAt} >= ${end.toISOString()}::timestamptz`),
        // a closed alert without a closing time (older records) counts as closed
        or(sql`${alerts.closedAt} IS NOT NULL`, notInArray(alerts.status, [...CLOSED_ALERT_STATUSES])),
        inDistrict(alerts.jurisdictionId),
      ),
    );
  const levels = await db
    .select({ level: incidents.responseLevel })
    .from(incidents)
    .where(
      and(
        isNull(incidents.exerciseId),
        sql`${incidents.responseLevel} IS NOT NULL`,
        sql`${incidents.startedAt} < ${end.toISOString()}::timestamptz`,
        or(isNull(incidents.closedAt), sql`${incidents.closedAt} >= ${end.toISOString()}::timestamptz`),
        inDistrict(incidents.jurisdictionId),
      ),
    );
  const responseLevel = levels.map((l) => l.level!).sort((a, b) => LEVEL_ORDER.indexOf(a) - LEVEL_ORDER.indexOf(b))[0] ?? null;
  return {
    day,
    district: { code: district.code, name: district.name, nameEn: district.nameEn },
    diseases: byDisease,
    newCases: byDisease.reduce((s, d) => s + d.newCases, 0),
    cumulativeCases: byDisease.reduce((s, d) => s + d.cumulativeCases, 0),
    openAlerts: open?.n ?? 0,
    responseLevel,
    k: null,
    suppressed: 0,
  };
}

/** The figures as sent under an agreement: small numbers suppressed unless it allows them. */
export function suppressFigures(figures: DailyFigures, smallNumbers: boolean): DailyFigures {
  if (smallNumbers) return { ...figures, k: null, suppressed: 0 };
  const news = suppressColumn(
    figures.diseases.map((d) => d.newCases ?? 0),
    FIGURES_K,
  );
  const cumulative = suppressColumn(
    figures.diseases.map((d) => d.cumulativeCases ?? 0),
    FIGURES_K,
  );
  return {
    ...figures,
    diseases: figures.diseases.map((d, i) => ({ ...d, newCases: news.published[i]!, cumulativeCases: cumulative.published[i]! })),
    k: FIGURES_K,
    suppressed: news.suppressed + cumulative.suppressed,
  };
}

/**
 * Queues the figures of a district day for every active link whose agreement sends them (inside the caller's
 * transaction); returns how many messages. Sent again for the same day, the neighbour replaces them.
 */
export async function queueDailyFigures(tx: Tx, config: NeighbourDeps['config'], day: string, now: Date, linkId?: string) {
  const links = (
    await tx
      .select()
      .from(neighbourLinks)
      .where(and(eq(neighbourLinks.state, 'active'), linkId ? eq(neighbourLinks.id, linkId) : undefined))
  ).filter((l) => agreementsOf(l.agreements).dailyFigures.send);
  const cache = new Map<string, DailyFigures>();
  for (const link of links) {
    let figures = cache.get(link.jurisdictionId);
    if (!figures) {
      figures = await computeDailyFigures(tx, link.jurisdictionId, day);
      cache.set(link.jurisdictionId, figures);
    }
    const sent = suppressFigures(figures, agreementsOf(link.agreements).dailyFigures.smallNumbers);
    await enqueueMessage(
      tx,
      config,
      link,
      'figures.daily',
      sent as unknown as Record<string, unknown>,
      { day, newCases: sent.newCases, suppressed: sent.suppressed },
      now,
    );
  }
  return links.length;
}

/** The daily job: yesterday's figures (a complete district day) to every neighbour that takes them. */
export async function sendYesterdaysFigures(deps: NeighbourDeps): Promise<number> {
  const now = deps.now?.() ?? new Date();
  return deps.database.db.transaction((tx) => queueDailyFigures(tx, deps.config, districtToday(now, 1), now));
}

/** An administrator sends the figures of a day now (neighbours.manage; audited): after a correction, or to try a link. */
export async function sendFiguresNowAs(
  deps: NeighbourDeps,
  principal: Principal,
  input: { day?: string | undefined; linkId?: string | undefined },
  ip: string | null,
) {
  const scope = scopeFor(principal, 'neighbours.manage');
  const now = deps.now?.() ?? new Date();
  const day = input.day ?? districtToday(now, 1);
  if (day > districtToday(now)) throw validationFailed([{ path: 'day', message: 'a day in the future has no figures' }]);
  return deps.database.db.transaction(async (tx) => {
    const districts = await tx
      .select({ id: jurisdictions.id, path: jurisdictions.path })
      .from(jurisdictions)
      .where(eq(jurisdictions.level, 'district'));
    const mine = districts.filter((d) => pathInScope(scope, d.path)).map((d) => d.id);
    if (input.linkId) {
      const [link] = await tx.select().from(neighbourLinks).where(eq(neighbourLinks.id, input.linkId));
      if (!link || !mine.includes(link.jurisdictionId)) throw notFound('neighbour');
    }
    let queued = 0;
    const links = await tx
      .select({ id: neighbourLinks.id })
      .from(neighbourLinks)
      .where(
        and(
          inArray(neighbourLinks.jurisdictionId, mine.length > 0 ? mine : ['00000000-0000-0000-0000-000000000000']),
          input.linkId ? eq(neighbourLinks.id, input.linkId) : undefined,
        ),
      );
    for (const l of links) queued += await queueDailyFigures(tx, deps.config, day, now, l.id);
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip,
      action: 'send',
      entityType: 'neighbour_daily_figures',
      entityId: null,
      after: { day, links: queued },
    });
    return { day, queued };
  });
}

const count = z.number().int().min(0).max(100_000_000);
const FiguresPayload = z.object({
  day: z.iso.date(),
  district: z.object({ code: z.string().max(20), name: z.string().max(100), nameEn: z.string().max(100) }),
  diseases: z
    .array(
      z.object({
        code: z.string().max(40),
        name: z.string().max(100),
        nameEn: z.string().max(200),
        newCases: count.nullable(),
        cumulativeCases: count.nullable(),
      }),
    )
    .max(200),
  newCases: count,
  cumulativeCases: count,
  openAlerts: count,
  responseLevel: z.enum(['I', 'II', 'III', 'IV']).nullable(),
  k: z.number().int().min(2).max(100).nullable(),
  suppressed: count,
});

/** On arrival: kept when the agreement takes figures (a later message for the same day replaces them). */
export async function receiveDailyFigures(tx: Tx, link: LinkRow, payload: Record<string, unknown>, now: Date) {
  if (!agreementsOf(link.agreements).dailyFigures.accept) return { refused: 'not_in_agreement' };
  const parsed = FiguresPayload.safeParse(payload);
  if (!parsed.success) return { invalid: true };
  const figures = parsed.data as DailyFigures;
  await tx
    .insert(neighbourDailyFigures)
    .values({ linkId: link.id, jurisdictionId: link.jurisdictionId, day: figures.day, figures, receivedAt: now })
    .onConflictDoUpdate({
      target: [neighbourDailyFigures.linkId, neighbourDailyFigures.day],
      set: { figures, receivedAt: now },
    });
  return { day: figures.day, newCases: figures.newCases };
}

export interface JointSeries {
  own: boolean;
  linkId: string | null;
  district: { code: string; name: string; nameEn: string };
  days: (DailyFigures | null)[];
}

/**
 * The joint view (neighbours.read): for each of the last `days` district days up to `until`, our figures and each
 * linked neighbour's as received (null: none arrived for that day), and the region's sums. A sum of counts some
 * of which are suppressed is a lower bound (`atLeast`); the district totals are never suppressed.
 */
export async function jointFiguresFor(deps: NeighbourDeps, principal: Principal, query: { days: number; until?: string | undefined }) {
  const scope = scopeFor(principal, 'neighbours.read');
  const db = deps.database.db;
  const now = deps.now?.() ?? new Date();
  const until = query.until ?? districtToday(now);
  const dayList = Array.from({ length: query.days }, (_, i) => districtToday(districtInstant(until), query.days - 1 - i));
  const districts = (
    await db.select({ id: jurisdictions.id, path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.level, 'district'))
  ).filter((d) => pathInScope(scope, d.path));
  if (districts.length === 0) return { days: dayList, series: [], region: [] };
  const series: JointSeries[] = [];
  for (const d of districts) {
    const own: DailyFigures[] = [];
    for (const day of dayList) own.push(await computeDailyFigures(db, d.id, day));
    series.push({ own: true, linkId: null, district: own[0]!.district, days: own });
    const links = await db
      .select()
      .from(neighbourLinks)
      .where(and(eq(neighbourLinks.jurisdictionId, d.id), ne(neighbourLinks.state, 'proposed')));
    for (const link of links) {
      const rows = await db
        .select()
        .from(neighbourDailyFigures)
        .where(
          and(
            eq(neighbourDailyFigures.linkId, link.id),
            gte(neighbourDailyFigures.day, dayList[0]!),
            lte(neighbourDailyFigures.day, dayList.at(-1)!),
          ),
        );
      if (rows.length === 0 && !agreementsOf(link.agreements).dailyFigures.accept) continue;
      const byDay = new Map(rows.map((r) => [r.day, r.figures]));
      series.push({
        own: false,
        linkId: link.id,
        district: { code: link.districtCode, name: link.name, nameEn: link.nameEn },
        days: dayList.map((day) => byDay.get(day) ?? null),
      });
    }
  }
  const region = dayList.map((day, i) => {
    const present = series.map((s) => s.days[i]).filter((f): f is DailyFigures => f !== null);
    const diseases = new Map<
      string,
      { code: string; name: string; nameEn: string; newCases: number; cumulativeCases: number; atLeast: boolean }
    >();
    for (const f of present)
      for (const d of f.diseases) {
        const sum = diseases.get(d.code) ?? {
          code: d.code,
          name: d.name,
          nameEn: d.nameEn,
          newCases: 0,
          cumulativeCases: 0,
          atLeast: false,
        };
        sum.newCases += d.newCases ?? 0;
        sum.cumulativeCases += d.cumulativeCases ?? 0;
        if (d.newCases === null || d.cumulativeCases === null) sum.atLeast = true;
        diseases.set(d.code, sum);
      }
    return {
      day,
      districts: present.length,
      missing: series.length - present.length,
      newCases: present.reduce((s, f) => s + f.newCases, 0),
      cumulativeCases: present.reduce((s, f) => s + f.cumulativeCases, 0),
      openAlerts: present.reduce((s, f) => s + f.openAlerts, 0),
      responseLevel:
        present
          .map((f) => f.responseLevel)
          .filter((l): l is string => l !== null)
          .sort((a, b) => LEVEL_ORDER.indexOf(a) - LEVEL_ORDER.indexOf(b))[0] ?? null,
      diseases: [...diseases.values()].sort((a, b) => a.code.localeCompare(b.code)),
    };
  });
  return { days: dayList, series, region };
}
