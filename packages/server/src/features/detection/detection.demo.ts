/**
 * Demo data of the detection feature for District J (called by seedFeatureDemos, features/demo/feature-demos.ts):
 * default settings (every active disease with cases — except chronic diseases under the moving percentile — and
 * every active feed type, at township and district level, with the catalogue's method and minimum count; a space-time scan for HFMD, influenza and infectious diarrhoea), then a run for
 * the demo's "today" so that signals, and through the intake alerts, exist on first start.
 *
 * Idempotent and fast on later starts: settings are inserted only when missing (ON CONFLICT DO NOTHING on the
 * unique subject/place/level/method index), and the run is skipped when a demo run for that day exists.
 */
import { and, eq, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { diseases } from '../catalogue/index.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { feedTypes } from '../catalogue/index.ts';
import { rowsOf } from './detection.counts.ts';
import { resolveMethodName, validateParameters } from './detection.methods.ts';
import { runDetection } from './detection.run.ts';
import { chinaToday } from './detection.service.ts';
import { DETECTION_LEVELS, detectionConfigs, detectionRuns } from './detection.tables.ts';

/** Diseases the demo scans for space-time clusters (codes of the catalogue, migrations/0010). */
export const DEMO_SCAN_DISEASES = ['hfmd', 'influenza', 'other_diarrhoea'] as const;

type ConfigInsert = typeof detectionConfigs.$inferInsert;

/** The method and parameters the catalogue gives, checked; the method's own defaults when the catalogue's are unusable. */
function catalogueSetting(method: string, params: Record<string, unknown>): { method: string; parameters: Record<string, unknown> } {
  const resolved = resolveMethodName(method) ?? 'mpm';
  try {
    return { method: resolved, parameters: validateParameters(resolved, resolved === resolveMethodName(method) ? params : {}) };
  } catch {
    return { method: resolved, parameters: validateParameters(resolved, {}) };
  }
}

export async function seedDetectionDemo(database: Database, ctx: DemoContext): Promise<void> {
  const started = performance.now();
  const [district] = await database.db
    .select({ id: jurisdictions.id, path: jurisdictions.path })
    .from(jurisdictions)
    .where(eq(jurisdictions.id, ctx.districtId));
  if (!district) return;

  // Diseases with cases in the district (the aggregate when present, else the reports).
  const [aggregate] = rowsOf<{ present: boolean }>(
    await database.db.execute(sql`SELECT to_regclass('public.case_daily_counts') IS NOT NULL AS present`),
  );
  const withCases = rowsOf<{ id: string }>(
    await database.db.execute(
      aggregate?.present
        ? sql`SELECT DISTINCT c.disease_id::text AS id FROM case_daily_counts c JOIN jurisdictions j ON j.id = c.jurisdiction_id WHERE j.path LIKE ${`${district.path}%`}`
        : sql`SELECT DISTINCT c.disease_id::text AS id FROM case_reports c JOIN jurisdictions j ON j.id = c.jurisdiction_id WHERE j.path LIKE ${`${district.path}%`}`,
    ),
  ).map((r) => r.id);
  const catalogue = await database.db.select().from(diseases).where(eq(diseases.active, true));
  const feeds = await database.db.select().from(feedTypes).where(eq(feedTypes.active, true));

  const wanted: ConfigInsert[] = [];
  for (const d of catalogue.filter((x) => withCases.includes(x.id))) {
    const setting = catalogueSetting(d.defaultMethod, d.defaultParams);
    // CIDARS does not watch chronic diseases with the moving percentile (migration 0035, docs/detection.md).
    if (d.chronic && setting.method === 'mpm') continue;
    for (const level of DETECTION_LEVELS) wanted.push({ diseaseId: d.id, jurisdictionId: district.id, level, ...setting });
    if ((DEMO_SCAN_DISEASES as readonly string[]).includes(d.code)) {
      wanted.push({
        diseaseId: d.id,
        jurisdictionId: district.id,
        level: 'township',
        method: 'scan',
        parameters: validateParameters('scan', {}),
      });
    }
  }
  for (const f of feeds) {
    const setting = catalogueSetting(f.defaultMethod, f.defaultParams);
    for (const level of DETECTION_LEVELS) wanted.push({ feedTypeId: f.id, jurisdictionId: district.id, level, ...setting });
  }
  if (wanted.length > 0) {
    await database.db.transaction(async (tx) => {
      const created = await tx.insert(detectionConfigs).values(wanted).onConflictDoNothing().returning({ id: detectionConfigs.id });
      if (created.length > 0) {
        await audit(tx, {
          actor: null,
          action: 'create',
          entityType: 'detection_config_demo',
          entityId: district.id,
          after: { settings: created.length, scanDiseases: DEMO_SCAN_DISEASES },
        });
      }
    });
  }

  const asOf = chinaToday(ctx.now);
  const [done] = await database.db
    .select({ id: detectionRuns.id })
    .from(detectionRuns)
    .where(and(eq(detectionRuns.trigger, 'demo'), eq(detectionRuns.asOf, asOf), eq(detectionRuns.status, 'succeeded')))
    .limit(1);
  if (done) return;
  const run = await runDetection(database, { asOf, trigger: 'demo', now: ctx.now });
  ctx.log?.info('demo: detection run', {
    asOf,
    settings: run.configsEvaluated,
    series: run.seriesEvaluated,
    signals: run.signalsCreated,
    alerts: run.alertsCreated,
    ms: Math.round(performance.now() - started),
  });
}
