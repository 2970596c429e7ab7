/**
 * Demo data of event reports for District J (called by seedFeatureDemos after the alerts demo, whose "already
 * run" test is any alert with a person's action — a report's alert has one, so this must come after it): Baisha's
 * township officer reported dead poultry at a village market this morning, through the same service as the form.
 * It is a new alert of class "event" with its countdown running, beside the alerts from detection.
 *
 * Idempotent: once any event report exists, it does nothing.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { loadPrincipal } from '../users/index.ts';
import { eventReports } from './alerts.tables.ts';
import { reportEvent } from './event-reports.service.ts';

/** What this seeder needs of the demo's context (the composition's DemoContext; not imported: it lies above). */
interface EventDemoContext {
  now: Date;
  log?: { info: (message: string, fields?: Record<string, unknown>) => void };
}

export async function seedEventReportsDemo(database: Database, ctx: EventDemoContext): Promise<void> {
  const [any] = await database.db.select({ id: eventReports.id }).from(eventReports).limit(1);
  if (any) return;
  const [officer] = await database.db.select({ id: users.id }).from(users).where(eq(users.username, 'officer.baisha'));
  const principal = officer ? await loadPrincipal(database.db, officer.id) : undefined;
  const grant = principal?.grants.find((g) => g.role === 'township_officer');
  if (!principal || !grant) return;
  // a village of the officer's township (the first by code), else the township itself
  const villages = await database.db
    .select({ id: jurisdictions.id, path: jurisdictions.path, level: jurisdictions.level, code: jurisdictions.code })
    .from(jurisdictions)
    .where(eq(jurisdictions.level, 'community'));
  const village = villages.filter((v) => v.path.startsWith(grant.jurisdictionPath)).sort((a, b) => a.code.localeCompare(b.code))[0];
  const now = ctx.now;
  await reportEvent(
    database,
    principal,
    {
      eventType: 'animal_deaths',
      ...(village ? { jurisdictionId: village.id } : {}),
      place: '村集市活禽摊位',
      occurredAt: new Date(now.getTime() - 6 * 3_600_000).toISOString(),
      peopleAffected: 0,
      description: '两户摊主饲养的鸡两天内死亡约 30 只，摊主称无人发病；已劝其暂停售卖并保留死禽。',
      source: '村医电话报告',
    },
    'demo',
    now,
  );
  ctx.log?.info('demo: an event report (dead poultry at a village market)');
}
