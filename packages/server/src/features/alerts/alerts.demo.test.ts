import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildDistrictTree, buildUser, testEngines, withTestDb } from '../../test-support/index.ts';
import { alerts } from './alerts.tables.ts';
import { seedAlertsDemo } from './alerts.demo.ts';
import { buildDisease, signalsToAlerts } from './alerts.fixtures.ts';

describe.each(testEngines())('alerts demo (%s)', (engine) => {
  const t = withTestDb(engine);

  it('does nothing without alerts, then handles three and keeps one new, once', async () => {
    const tree = await buildDistrictTree(t.database);
    const ctx = { districtId: tree.district.id, seed: 1, now: new Date() };
    await buildUser(t.database, { username: 'epidemiologist', role: 'epidemiologist', jurisdictionId: tree.district.id });
    await buildUser(t.database, { username: 'commander', role: 'commander', jurisdictionId: tree.district.id });
    await seedAlertsDemo(t.database, ctx);
    expect(await t.database.db.select().from(alerts)).toEqual([]);

    for (let i = 0; i < 4; i += 1) {
      const disease = await buildDisease(t.database, 'C');
      await signalsToAlerts(t.database, [{ diseaseId: disease.id, jurisdictionId: i % 2 ? tree.townshipA.id : tree.townshipB.id }]);
    }
    await seedAlertsDemo(t.database, ctx);
    await seedAlertsDemo(t.database, ctx);
    const rows = await t.database.db.select().from(alerts);
    expect(rows.map((r) => r.status).sort()).toEqual(['characterised', 'discarded', 'new', 'verifying']);
    expect(rows.find((r) => r.status === 'characterised')!.warningLevel).toBe('orange');
    const [epi] = await t.database.db.select().from(alerts).where(eq(alerts.status, 'verifying'));
    expect(epi!.assigneeId).not.toBeNull();
  });
});
