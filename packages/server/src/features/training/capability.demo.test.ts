/**
 * The capability demo on District J (volunteers, then training, then education, as feature-demos.ts runs them):
 * vetted, pending and suspended volunteers with hours (some active by the rule), volunteer.chen's open assignment;
 * certificates current, expiring and expired with a planned refresher; published and draft materials by four eyes,
 * a campaign with reach. Seeded once.
 */
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../platform/db/platform.tables.ts';
import { testEngines, withTestDb } from '../../test-support/index.ts';
import { executedRows } from '../dashboard/case-counts.ts';
import { seedDemoDistrict } from '../demo/demo.seeder.ts';
import { educationCampaigns, educationEvents, educationMaterials, seedEducationDemo } from '../education/index.ts';
import { activityFor } from '../volunteers/volunteers.service.ts';
import { seedVolunteersDemo, volunteerAssignments, volunteers } from '../volunteers/index.ts';
import { standingOf } from './readiness.ts';
import { seedTrainingDemo } from './training.demo.ts';
import { trainingCertificates, trainingCourses, trainingSessions } from './training.tables.ts';

const NOW = new Date('2026-11-20T04:00:00Z');

describe.each(testEngines())('capability demo (%s)', (engine) => {
  const t = withTestDb(engine);

  it('seeds volunteers, training records with expiring certificates and education materials, once', async () => {
    await seedDemoDistrict(t.database, { rosterDays: 1, features: false, now: NOW });
    const [district] = executedRows<{ id: string }>(
      await t.database.db.execute(sql`SELECT id::text FROM jurisdictions WHERE level = 'district' LIMIT 1`),
    );
    const ctx = { districtId: district!.id, seed: 20_260_101, now: NOW };
    await seedVolunteersDemo(t.database, ctx);
    await seedTrainingDemo(t.database, ctx);
    await seedEducationDemo(t.database, ctx);

    const all = await t.database.db.select().from(volunteers);
    expect(all).toHaveLength(18);
    expect(all.filter((v) => v.vettingStatus === 'pending')).toHaveLength(2);
    expect(all.filter((v) => v.vettingStatus === 'suspended')).toHaveLength(1);
    // four eyes held in the demo too: nobody vetted a volunteer they registered
    expect(all.every((v) => v.vettedBy === null || v.vettedBy !== v.registeredBy)).toBe(true);
    expect(all.every((v) => v.phoneEncrypted !== null && /^1\d{2}\*{4}\d{4}$/.test(v.phoneMasked))).toBe(true);
    const activity = await activityFor(
      { database: t.database, protector: undefined as never, now: () => NOW },
      all.map((v) => v.id),
    );
    const active = all.filter((v) => activity.get(v.id)!.active).map((v) => v.name);
    expect(active).toContain('冯淑芬'); // 20 h a month
    expect(active).not.toContain('孙志明'); // 2 h a month
    const [chenUser] = await t.database.db.select().from(users).where(eq(users.username, 'volunteer.chen'));
    const chen = all.find((v) => v.userId === chenUser!.id)!;
    const assignments = await t.database.db.select().from(volunteerAssignments).where(eq(volunteerAssignments.volunteerId, chen.id));
    expect(assignments.map((a) => a.status).sort()).toEqual(['assigned', 'completed']);

    expect(await t.database.db.select().from(trainingCourses)).toHaveLength(6);
    const sessions = await t.database.db.select().from(trainingSessions);
    expect(sessions.filter((s) => s.status === 'planned')).toHaveLength(1);
    const certificates = await t.database.db.select().from(trainingCertificates);
    const standings = new Set(certificates.map((c) => standingOf([c.expiresOn], '2026-11-20')));
    expect([...standings].sort()).toEqual(['current', 'expired', 'expiring']);

    const materials = await t.database.db.select().from(educationMaterials);
    expect(materials.filter((m) => m.status === 'published')).toHaveLength(7);
    expect(materials.every((m) => m.publishedBy === null || m.publishedBy !== m.createdBy)).toBe(true);
    expect(new Set(materials.map((m) => m.language))).toEqual(new Set(['zh-CN', 'en', 'yue', 'vi']));
    expect(await t.database.db.select().from(educationCampaigns)).toHaveLength(2);
    expect(await t.database.db.select().from(educationEvents)).toHaveLength(9);

    await seedVolunteersDemo(t.database, ctx);
    await seedTrainingDemo(t.database, ctx);
    await seedEducationDemo(t.database, ctx);
    expect(await t.database.db.select().from(volunteers)).toHaveLength(18);
    expect(await t.database.db.select().from(trainingCourses)).toHaveLength(6);
    expect(await t.database.db.select().from(educationMaterials)).toHaveLength(9);
  });
});
