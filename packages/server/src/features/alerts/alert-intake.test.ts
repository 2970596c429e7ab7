import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import { buildDistrictTree, buildUser, testEngines, withTestDb } from '../../test-support/index.ts';
import { signals } from '../detection/signals.tables.ts';
import { notifications } from '../notifications/notifications.tables.ts';

import { alertEvents, alerts } from './alerts.tables.ts';
import { intakeSignals } from './alert-intake.ts';
import { alertTitleEn } from './alerts.service.ts';
import { buildDisease, buildFeedType, insertSignals, signalsToAlerts } from './alerts.fixtures.ts';

const NOW = new Date('2026-11-27T08:00:00Z');

describe.each(testEngines())('alert intake (%s)', (engine) => {
  const t = withTestDb(engine);

  it('opens one alert per disease and place, with the deadline of the class, and tells the verifiers there', async () => {
    const tree = await buildDistrictTree(t.database);
    const cholera = await buildDisease(t.database, 'A');
    const mumps = await buildDisease(t.database, 'C');
    const anthrax = await buildDisease(t.database, 'B', { managedAsClassA: true });
    const epi = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const epiB = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.townshipB.id });
    const officer = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    const officerB = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });

    const result = await signalsToAlerts(
      t.database,
      [
        { diseaseId: cholera.id, jurisdictionId: tree.townshipA.id, method: 'cidars_fixed', observed: 1, threshold: 1, expected: null },
        {
          diseaseId: cholera.id,
          jurisdictionId: tree.townshipA.id,
          method: 'cidars_fixed',
          observed: 2,
          threshold: 1,
          expected: null,
          periodEnd: '2026-11-27',
        },
        { diseaseId: mumps.id, jurisdictionId: tree.townshipA.id },
        { diseaseId: anthrax.id, jurisdictionId: tree.townshipB.id },
      ],
      NOW,
    );
    expect(result.created).toHaveLength(3);
    expect(result.updated).toEqual([]);

    const rows = await t.database.db.select().from(alerts);
    const byDisease = new Map(rows.map((r) => [r.diseaseId, r]));
    const a = byDisease.get(cholera.id)!;
    expect(a.status).toBe('new');
    expect(a.signalCount).toBe(2);
    expect(a.title).toBe(`${cholera.name} · ${tree.townshipA.name}`);
    // in English, the same title from the English names; a title a person wrote stays theirs
    const record = { alert: a, disease: cholera, feedType: null, jurisdiction: tree.townshipA };
    expect(alertTitleEn(record)).toBe(`${cholera.nameEn} · ${tree.townshipA.nameEn}`);
    expect(cholera.nameEn).not.toBe(cholera.name);
    expect(alertTitleEn({ ...record, alert: { ...a, title: '学校发热聚集' } })).toBe('学校发热聚集');
    expect(a.verificationDueAt!.toISOString()).toBe('2026-11-27T10:00:00.000Z');
    expect(a.summary).toBe('2026-11-20–2026-11-27: observed 2, threshold 1 (Fixed threshold)');
    expect(a.summaryZh).toBe('2026-11-20至2026-11-27：观察值 2，阈值 1（固定阈值法）');
    expect(byDisease.get(mumps.id)!.verificationDueAt!.toISOString()).toBe('2026-11-28T08:00:00.000Z');
    expect(byDisease.get(anthrax.id)!.verificationDueAt!.toISOString()).toBe('2026-11-27T10:00:00.000Z');

    const linked = await t.database.db.select().from(signals).where(eq(signals.alertId, a.id));
    expect(linked).toHaveLength(2);

    // verifiers covering the place: the district epidemiologist for all three, the township B one for anthrax only;
    // the township officers (alerts.comment, no alerts.verify) hear of their own township's alerts for information
    const notes = await t.database.db.select().from(notifications);
    const forEpi = notes.filter((n) => n.userId === epi.user.id);
    expect(forEpi).toHaveLength(3);
    expect(forEpi.find((n) => n.entityId === a.id)).toMatchObject({ kind: 'alert.new', severity: 'critical', link: `/alerts/${a.id}` });
    expect(forEpi.find((n) => n.entityId === a.id)!.body).toBe('2026-11-20至2026-11-27：观察值 2，阈值 1（固定阈值法）');
    expect(forEpi.find((n) => n.entityId === a.id)!.bodyEn).toBe('2026-11-20–2026-11-27: observed 2, threshold 1 (Fixed threshold)');
    expect(forEpi.find((n) => n.entityId === byDisease.get(mumps.id)!.id)!.severity).toBe('warning');
    expect(notes.filter((n) => n.userId === epiB.user.id).map((n) => n.entityId)).toEqual([byDisease.get(anthrax.id)!.id]);
    const forOfficer = notes.filter((n) => n.userId === officer.user.id);
    expect(forOfficer.map((n) => n.entityId).sort()).toEqual([a.id, byDisease.get(mumps.id)!.id].sort());
    expect(forOfficer.find((n) => n.entityId === a.id)).toMatchObject({
      kind: 'alert.new.local',
      severity: 'info',
      link: `/alerts/${a.id}`,
      body: '2026-11-20至2026-11-27：观察值 2，阈值 1（固定阈值法）。如了解相关情况（学校、市场、聚集活动等），可在预警讨论区补充。',
      bodyEn:
        "2026-11-20–2026-11-27: observed 2, threshold 1 (Fixed threshold). If you know something relevant (a school, a market, a gathering), add it in the alert's discussion.",
    });
    const told = forOfficer.find((n) => n.entityId === a.id)!;
    expect(told.title).toBe(`辖区新预警 ${a.code}：${cholera.name} · ${tree.townshipA.name}（供知悉，由疾控人员核实）`);
    expect(told.titleEn).toBe(
      `New alert ${a.code} in your area: ${cholera.nameEn} · ${tree.townshipA.nameEn} (for your information; the surveillance staff verify it)`,
    );
    expect(notes.filter((n) => n.userId === officerB.user.id).map((n) => [n.entityId, n.kind])).toEqual([
      [byDisease.get(anthrax.id)!.id, 'alert.new.local'],
    ]);
    // the verifiers get the one message meant for them, not the officers' one as well
    expect(forEpi.every((n) => n.kind === 'alert.new')).toBe(true);

    const history = await t.database.db.select().from(alertEvents).where(eq(alertEvents.alertId, a.id));
    expect(history).toMatchObject([{ kind: 'created', toStatus: 'new', actorId: null }]);
    expect((history[0]!.data as { count: number }).count).toBe(2);
  });

  it('lets an open alert absorb new signals, and opens a new one once the old is closed', async () => {
    const tree = await buildDistrictTree(t.database);
    const mumps = await buildDisease(t.database, 'C');
    const first = await signalsToAlerts(t.database, [{ diseaseId: mumps.id, jurisdictionId: tree.townshipA.id }], NOW);
    const later = new Date(NOW.getTime() + 3_600_000);
    const second = await signalsToAlerts(
      t.database,
      [{ diseaseId: mumps.id, jurisdictionId: tree.townshipA.id, periodEnd: '2026-11-27' }],
      later,
    );
    expect(second).toEqual({ created: [], updated: first.created });
    const [alert] = await t.database.db.select().from(alerts).where(eq(alerts.id, first.created[0]!));
    expect(alert!.signalCount).toBe(2);
    expect(alert!.lastSignalAt!.toISOString()).toBe(later.toISOString());
    // the deadline is the first signal's: more evidence does not extend the time to verify
    expect(alert!.verificationDueAt!.toISOString()).toBe('2026-11-28T08:00:00.000Z');
    const history = await t.database.db.select().from(alertEvents).where(eq(alertEvents.alertId, alert!.id));
    expect(history.map((h) => h.kind).sort()).toEqual(['created', 'signals']);

    // another township: its own alert
    const other = await signalsToAlerts(t.database, [{ diseaseId: mumps.id, jurisdictionId: tree.townshipB.id }], later);
    expect(other.created).toHaveLength(1);

    // once discarded, the next signal opens a new alert
    await t.database.db.update(alerts).set({ status: 'discarded' }).where(eq(alerts.id, alert!.id));
    const third = await signalsToAlerts(t.database, [{ diseaseId: mumps.id, jurisdictionId: tree.townshipA.id }], later);
    expect(third.created).toHaveLength(1);
    expect(third.created[0]).not.toBe(alert!.id);
  });

  it('treats feeds apart from diseases (24 h), is idempotent, and audits with the system as actor', async () => {
    const tree = await buildDistrictTree(t.database);
    const feed = await buildFeedType(t.database);
    const stored = await insertSignals(t.database, [
      { feedTypeId: feed.id, jurisdictionId: tree.townshipA.id, kind: 'aberration', method: 'ears_c3' },
    ]);
    const once = await t.database.db.transaction((tx) => intakeSignals(tx, stored, { now: NOW }));
    const twice = await t.database.db.transaction((tx) => intakeSignals(tx, stored, { now: NOW }));
    expect(once.created).toHaveLength(1);
    expect(twice).toEqual({ created: [], updated: [] });
    const rows = await t.database.db
      .select()
      .from(alerts)
      .where(and(eq(alerts.feedTypeId, feed.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.signalCount).toBe(1);
    expect(rows[0]!.verificationDueAt!.toISOString()).toBe('2026-11-28T08:00:00.000Z');
    const records = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'alert'), eq(auditLog.entityId, rows[0]!.id)));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ action: 'create', actorId: null });
  });

  it("writes a proportion feed's values (ILI share) as percentages in both summaries", async () => {
    const tree = await buildDistrictTree(t.database);
    const feed = await buildFeedType(t.database);
    await signalsToAlerts(
      t.database,
      [
        {
          feedTypeId: feed.id,
          jurisdictionId: tree.townshipA.id,
          method: 'cidars_mpm',
          observed: 17.04,
          threshold: 5.45,
          expected: 4.2,
          explanation: { measure: 'proportion', unit: '%', share: { numerator: 130, denominator: 763 } },
        },
      ],
      NOW,
    );
    const [row] = await t.database.db.select().from(alerts).where(eq(alerts.feedTypeId, feed.id));
    expect(row!.summary).toBe('2026-11-20–2026-11-26: observed 17.0%, threshold 5.5%, expected 4.2% (Moving percentile)');
    expect(row!.summaryZh).toBe('2026-11-20至2026-11-26：观察值 17.0%，阈值 5.5%，期望值 4.2%（移动百分位数法）');
  });

  it('places a cluster alert at the signal jurisdiction (the centre township)', async () => {
    const tree = await buildDistrictTree(t.database);
    const hfmd = await buildDisease(t.database, 'C');
    const result = await signalsToAlerts(
      t.database,
      [
        {
          diseaseId: hfmd.id,
          jurisdictionId: tree.townshipB.id,
          kind: 'cluster',
          method: 'space_time_permutation',
          explanation: { locations: [tree.townshipA.id, tree.townshipB.id], pValue: 0.01 },
        },
      ],
      NOW,
    );
    const [alert] = await t.database.db.select().from(alerts).where(eq(alerts.id, result.created[0]!));
    expect(alert!.jurisdictionId).toBe(tree.townshipB.id);
    expect(alert!.summary).toContain('1 space-time cluster');
  });
});
