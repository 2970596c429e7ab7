import { describe, expect, it } from 'vitest';
import { buildDistrictTree, buildUser, testEngines, withTestDb } from '../../test-support/index.ts';
import { alerts, eventReports } from './alerts.tables.ts';
import { seedEventReportsDemo } from './event-reports.demo.ts';

describe.each(testEngines())('event reports demo (%s)', (engine) => {
  const t = withTestDb(engine);

  it("files Baisha's officer's report once: an event alert in a village of the township", async () => {
    const tree = await buildDistrictTree(t.database);
    const ctx = { now: new Date() };
    await seedEventReportsDemo(t.database, ctx); // no such officer yet: nothing
    expect(await t.database.db.select().from(eventReports)).toEqual([]);

    await buildUser(t.database, { username: 'officer.baisha', role: 'township_officer', jurisdictionId: tree.townshipB.id });
    await seedEventReportsDemo(t.database, ctx);
    await seedEventReportsDemo(t.database, ctx);
    const reports = await t.database.db.select().from(eventReports);
    expect(reports).toMatchObject([{ eventType: 'animal_deaths', jurisdictionId: tree.communityB.id, peopleAffected: 0 }]);
    const rows = await t.database.db.select().from(alerts);
    expect(rows).toMatchObject([{ origin: 'event', status: 'new', jurisdictionId: tree.communityB.id }]);
  });
});
