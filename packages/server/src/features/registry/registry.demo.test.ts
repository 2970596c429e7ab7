/**
 * The demo's mental-health centre: in 文昌街道 of the demo district, typed mental_health_centre, audited, seeded
 * once, placed without a random draw; psych offers it first among the referral facilities.
 */
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, jurisdictions } from '../../platform/db/platform.tables.ts';
import { testEngines, withTestDb } from '../../test-support/index.ts';
import { executedRows } from '../dashboard/case-counts.ts';
import { seedDemoDistrict } from '../demo/demo.seeder.ts';
import { DEMO_MENTAL_HEALTH_CENTRE, seedMentalHealthCentreDemo } from './registry.demo.ts';
import { facilities } from './registry.tables.ts';

const NOW = new Date('2026-11-20T04:00:00Z');

describe.each(testEngines())('mental-health centre demo (%s)', (engine) => {
  const t = withTestDb(engine);

  it('seeds the district mental-health centre in 文昌街道 once, at a fixed point', async () => {
    await seedDemoDistrict(t.database, { rosterDays: 1, features: false, now: NOW });
    const [district] = executedRows<{ id: string }>(
      await t.database.db.execute(sql`SELECT id::text FROM jurisdictions WHERE level = 'district' LIMIT 1`),
    );
    const ctx = { districtId: district!.id, seed: 20_260_101, now: NOW };
    const before = (await t.database.db.select().from(facilities)).length;
    const id = await seedMentalHealthCentreDemo(t.database, ctx);
    expect(await seedMentalHealthCentreDemo(t.database, ctx)).toBe(id);
    expect(await t.database.db.select().from(facilities)).toHaveLength(before + 1);
    const [centre] = await t.database.db
      .select({ f: facilities, township: jurisdictions.name, centroid: jurisdictions.centroid })
      .from(facilities)
      .innerJoin(jurisdictions, eq(jurisdictions.id, facilities.jurisdictionId))
      .where(eq(facilities.id, id!));
    expect(centre).toMatchObject({
      township: '文昌街道',
      f: { name: '嘉江区精神卫生中心', nameEn: 'District J Mental Health Centre', type: 'mental_health_centre', beds: 160 },
    });
    expect(centre!.f.location).toEqual([centre!.centroid![0] + 0.006, centre!.centroid![1] + 0.003]);
    expect(DEMO_MENTAL_HEALTH_CENTRE.township).toBe('文昌街道');
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'facility'), eq(auditLog.entityId, id!)));
    expect(audits.map((a) => a.action)).toEqual(['create']);
  });
});
