import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildDistrictTree, buildUser, testEngines, withTestDb } from '../../test-support/index.ts';
import { notifications } from '../notifications/notifications.tables.ts';
import { districtDateTime } from '../../platform/time/district-time.ts';

import { escalateOverdueAlerts } from './alerts.escalation.ts';
import { alertEvents, alerts } from './alerts.tables.ts';
import { buildDisease, signalsToAlerts } from './alerts.fixtures.ts';

const T0 = new Date('2026-11-27T08:00:00Z');
const at = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);

describe.each(testEngines())('alert escalation (%s)', (engine) => {
  const t = withTestDb(engine);

  it('escalates alerts still unverified past the deadline once, telling the supervisors covering the place', async () => {
    const tree = await buildDistrictTree(t.database);
    const supervisor = await buildUser(t.database, { role: 'commander', jurisdictionId: tree.district.id });
    const otherSupervisor = await buildUser(t.database, { role: 'commander', jurisdictionId: tree.townshipB.id });
    const verifier = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const cholera = await buildDisease(t.database, 'A'); // 2 h
    const mumps = await buildDisease(t.database, 'C'); // 24 h
    const flu = await buildDisease(t.database, 'C');
    const { created } = await signalsToAlerts(
      t.database,
      [
        { diseaseId: cholera.id, jurisdictionId: tree.townshipA.id },
        { diseaseId: mumps.id, jurisdictionId: tree.townshipA.id },
        { diseaseId: flu.id, jurisdictionId: tree.townshipA.id },
      ],
      T0,
    );
    const [choleraAlert, mumpsAlert, fluAlert] = created as [string, string, string];
    // flu was verified and is under monitoring: its deadline no longer runs
    await t.database.db.update(alerts).set({ status: 'monitoring' }).where(eq(alerts.id, fluAlert));
    await t.database.db.update(alerts).set({ status: 'verifying', assigneeId: verifier.user.id }).where(eq(alerts.id, choleraAlert));

    expect(await escalateOverdueAlerts(t.database, at(1.9))).toEqual([]);
    expect(await escalateOverdueAlerts(t.database, at(2.5))).toEqual([choleraAlert]);
    // only once
    expect(await escalateOverdueAlerts(t.database, at(3))).toEqual([]);
    expect(await escalateOverdueAlerts(t.database, at(25))).toEqual([mumpsAlert]);

    const [row] = await t.database.db.select().from(alerts).where(eq(alerts.id, choleraAlert));
    expect(row!.escalatedAt!.toISOString()).toBe(at(2.5).toISOString());
    expect(row!.status).toBe('verifying');
    const [event] = await t.database.db
      .select()
      .from(alertEvents)
      .where(and(eq(alertEvents.alertId, choleraAlert), eq(alertEvents.kind, 'escalated')));
    expect(event).toMatchObject({ actorId: null, data: { minutesLate: 30, assigneeId: verifier.user.id } });

    const told = await t.database.db.select().from(notifications).where(eq(notifications.kind, 'alert.overdue'));
    expect(
      told
        .filter((n) => n.userId === supervisor.user.id)
        .map((n) => n.entityId)
        .sort(),
    ).toEqual([choleraAlert, mumpsAlert].sort());
    expect(told.every((n) => n.severity === 'critical')).toBe(true);
    expect(told.find((n) => n.entityId === choleraAlert)!.titleEn).toContain('30 min late');
    // the body in words and district time: no status code, no UTC instant
    const body = told.find((n) => n.entityId === choleraAlert)!;
    expect(body.body).toBe(`核实期限 ${districtDateTime(at(2))}（北京时间），当前状态：核实中`);
    expect(body.bodyEn).toBe(`Deadline ${districtDateTime(at(2))} (China time), status: verifying`);
    // the township B commander does not cover township A
    expect(told.filter((n) => n.userId === otherSupervisor.user.id)).toEqual([]);
  });

  it('escalates again when a new deadline set on reassignment is missed', async () => {
    const tree = await buildDistrictTree(t.database);
    const mumps = await buildDisease(t.database, 'C');
    const { created } = await signalsToAlerts(t.database, [{ diseaseId: mumps.id, jurisdictionId: tree.townshipB.id }], T0);
    expect(await escalateOverdueAlerts(t.database, at(24.5))).toEqual(created);
    await t.database.db
      .update(alerts)
      .set({ verificationDueAt: at(30), escalatedAt: null })
      .where(eq(alerts.id, created[0]!));
    expect(await escalateOverdueAlerts(t.database, at(29))).toEqual([]);
    expect(await escalateOverdueAlerts(t.database, at(31))).toEqual(created);
  });
});
