/**
 * Demo data: the demo district's past outbreaks as the district recorded them (PAST_OUTBREAKS of the case history,
 * cases/demo-history.ts), so that the assessment's back-test of the detection methods in use (docs/assessment.md)
 * scores them on first start. Each is an alert of the outbreak's disease and township, reported by a person
 * (origin 'event': a school or a clinic called the CDC), verified, confirmed as an event and closed after the
 * outbreak ended — the walk a person makes through the alert workflow, dated in the past.
 *
 * Called last by seedFeatureDemos, so that the codes of every other demo record are unchanged; it draws no random
 * number. Idempotent: nothing is written when the first of these alerts exists.
 */
import { and, eq, like } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { districtInstant, districtToday } from '../../platform/time/district-time.ts';
import { PAST_OUTBREAKS } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { alertEvents, alerts } from './alerts.tables.ts';

export async function seedOutbreakHistoryDemo(database: Database, ctx: DemoContext): Promise<number> {
  const db = database.db;
  const first = PAST_OUTBREAKS[0];
  if (!first) return 0;
  const [district] = await db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, ctx.districtId));
  if (!district) return 0;
  const [done] = await db.select({ id: alerts.id }).from(alerts).where(eq(alerts.title, first.title)).limit(1);
  if (done) return 0;
  // the townships by population, as the case history ranks them (demo-history.ts)
  const townships = (
    await db
      .select({ id: jurisdictions.id, code: jurisdictions.code, population: jurisdictions.population })
      .from(jurisdictions)
      .where(and(eq(jurisdictions.level, 'township'), like(jurisdictions.path, `${district.path}%`)))
  ).sort((a, b) => (b.population ?? 0) - (a.population ?? 0) || a.code.localeCompare(b.code));
  const [epidemiologist] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'epidemiologist'));
  const catalogue = await db.select({ id: diseases.id, code: diseases.code }).from(diseases);
  let written = 0;
  await db.transaction(async (tx) => {
    for (const o of PAST_OUTBREAKS) {
      const township = townships[Math.min(o.where.townshipRank, townships.length - 1)];
      const disease = catalogue.find((d) => d.code === o.disease);
      if (!township || !disease) continue;
      // reported on the outbreak's fourth day (the small one on its sixth), confirmed the next day, closed a week after it ended
      const reported = districtInstant(districtToday(ctx.now, o.startDaysAgo - ((o.extraCases ?? 0) < 10 ? 5 : 3)), '10:20');
      const verifying = new Date(reported.getTime() + 2 * 3_600_000);
      const confirmed = new Date(reported.getTime() + 26 * 3_600_000);
      const closed = districtInstant(districtToday(ctx.now, o.endDaysAgo - 7), '16:00');
      const [alert] = await tx
        .insert(alerts)
        .values({
          diseaseId: disease.id,
          jurisdictionId: township.id,
          status: 'closed',
          warningLevel: 'yellow',
          title: o.title,
          summary: 'Reported by a school or clinic; confirmed as an event',
          summaryZh: '学校或医疗机构报告；核实后确认为事件',
          origin: 'event',
          assigneeId: epidemiologist?.id ?? null,
          closedAt: closed,
          createdAt: reported,
          updatedAt: closed,
        })
        .returning({ id: alerts.id });
      const step = (
        fromStatus: 'new' | 'verifying' | 'confirmed',
        toStatus: 'verifying' | 'confirmed' | 'closed',
        at: Date,
        reason: string,
      ) => ({
        alertId: alert!.id,
        kind: 'status' as const,
        fromStatus,
        toStatus,
        actorId: epidemiologist?.id ?? null,
        reason,
        createdAt: at,
      });
      await tx.insert(alertEvents).values([
        {
          alertId: alert!.id,
          kind: 'created' as const,
          toStatus: 'new' as const,
          actorId: epidemiologist?.id ?? null,
          createdAt: reported,
        },
        step('new', 'verifying', verifying, ''),
        step('verifying', 'confirmed', confirmed, '现场核实：同一机构多例病例，流行病学关联明确'),
        step('confirmed', 'closed', closed, '两个最长潜伏期内无新发病例'),
      ]);
      written++;
    }
  });
  ctx.log?.info('demo: past outbreaks recorded', { written });
  return written;
}
