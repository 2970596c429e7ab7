import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import { type TestClient, buildDistrictTree, buildUser, createTestApp, signIn, testEngines, withTestDb } from '../../test-support/index.ts';
import { notifications } from '../notifications/notifications.tables.ts';
import { buildDisease, buildFeedType, signalsToAlerts } from './alerts.fixtures.ts';
import { alertClassOf, defaultClassesFor, subscriptionCovers } from './alerts.subscriptions.ts';
import { alerts } from './alerts.tables.ts';

const NOW = new Date('2026-11-27T08:00:00Z');

describe('alert classes and role defaults', () => {
  it('classes a disease by its statutory class, managed-as-A as A, a feed as syndromic', () => {
    expect(alertClassOf({ class: 'A', managedAsClassA: false })).toBe('A');
    expect(alertClassOf({ class: 'B', managedAsClassA: true })).toBe('A');
    expect(alertClassOf({ class: 'B', managedAsClassA: false })).toBe('B');
    expect(alertClassOf({ class: 'other', managedAsClassA: false })).toBe('C');
    expect(alertClassOf(null, { feed: true })).toBe('syndromic');
    // an event report naming no disease: "C and others", where the inbox's class sort ranks it (alerts.store.ts)
    expect(alertClassOf(null)).toBe('C');
  });

  it('gives the commander (and the leader) Class A only, the verifiers and officers everything', () => {
    expect(defaultClassesFor(['commander'])).toEqual(['A']);
    expect(defaultClassesFor(['epidemiologist'])).toEqual(['A', 'B', 'C', 'syndromic']);
    expect(defaultClassesFor(['township_officer'])).toEqual(['A', 'B', 'C', 'syndromic']);
    expect(defaultClassesFor(['viewer', 'press_officer'])).toEqual([]);
    expect(defaultClassesFor(['commander', 'epidemiologist'])).toEqual(['A', 'B', 'C', 'syndromic']);
  });

  it('matches places inside the chosen one and wider areas containing it', () => {
    const sub = { alertClasses: ['B' as const], diseaseIds: [], jurisdictionIds: ['t1'], isDefault: false };
    const paths = new Map([['t1', '/d/t1/']]);
    expect(subscriptionCovers(sub, { alertClass: 'B', diseaseId: 'x', path: '/d/t1/c1/' }, paths)).toBe(true);
    expect(subscriptionCovers(sub, { alertClass: 'B', diseaseId: 'x', path: '/d/' }, paths)).toBe(true);
    expect(subscriptionCovers(sub, { alertClass: 'B', diseaseId: 'x', path: '/d/t2/' }, paths)).toBe(false);
    expect(subscriptionCovers(sub, { alertClass: 'C', diseaseId: 'x', path: '/d/t1/' }, paths)).toBe(false);
  });
});

describe.each(testEngines())('alert subscriptions (%s)', (engine) => {
  const t = withTestDb(engine);
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let epi: TestClient;
  let epiId: string;
  let leaderId: string;
  let officerA: TestClient;

  beforeAll(async () => {
    tree = await buildDistrictTree(t.database);
    const app = createTestApp(t.database);
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const leader = await buildUser(t.database, { role: 'commander', jurisdictionId: tree.district.id });
    const oA = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    epiId = e.user.id;
    leaderId = leader.user.id;
    epi = await signIn(app, e.user.username, e.password);
    officerA = await signIn(app, oA.user.username, oA.password);
  });

  it('notifies the leader of Class A alerts only, and the epidemiologist of all, by default', async () => {
    const cholera = await buildDisease(t.database, 'A');
    const mumps = await buildDisease(t.database, 'C');
    const feed = await buildFeedType(t.database);
    const { created } = await signalsToAlerts(
      t.database,
      [
        { diseaseId: cholera.id, jurisdictionId: tree.townshipA.id, method: 'fixedThreshold' },
        { diseaseId: mumps.id, jurisdictionId: tree.townshipA.id, method: 'mpm' },
        { feedTypeId: feed.id, jurisdictionId: tree.district.id, method: 'earsC_C3' },
      ],
      NOW,
    );
    expect(created).toHaveLength(3);
    const rows = await t.database.db.select().from(alerts);
    const choleraAlert = rows.find((a) => a.diseaseId === cholera.id)!;
    const told = async (userId: string) =>
      (
        await t.database.db
          .select()
          .from(notifications)
          .where(and(eq(notifications.userId, userId), eq(notifications.kind, 'alert.new')))
      ).map((n) => n.entityId);
    expect(await told(leaderId)).toEqual([choleraAlert.id]);
    expect((await told(epiId)).sort()).toEqual(created.slice().sort());
  });

  it('stores a subscription (audited) and follows it: diseases and places chosen, Class A always', async () => {
    const me = await epi.get('/api/alerts/subscription');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      alertClasses: ['A', 'B', 'C', 'syndromic'],
      diseaseIds: [],
      jurisdictionIds: [],
      isDefault: true,
      roleDefault: ['A', 'B', 'C', 'syndromic'],
    });

    const plague = await buildDisease(t.database, 'A');
    const hfmd = await buildDisease(t.database, 'C');
    const mumps = await buildDisease(t.database, 'C');
    const saved = await epi.put('/api/alerts/subscription', {
      alertClasses: ['C'],
      diseaseIds: [hfmd.id],
      jurisdictionIds: [tree.townshipA.id],
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      alertClasses: ['C'],
      diseaseIds: [hfmd.id],
      jurisdictionIds: [tree.townshipA.id],
      isDefault: false,
    });
    const [record] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'alert_subscription'), eq(auditLog.entityId, epiId)));
    expect(record).toBeDefined();

    const { created } = await signalsToAlerts(
      t.database,
      [
        { diseaseId: hfmd.id, jurisdictionId: tree.townshipA.id, method: 'mpm' }, // covered
        { diseaseId: hfmd.id, jurisdictionId: tree.townshipB.id, method: 'mpm' }, // another township
        { diseaseId: hfmd.id, jurisdictionId: tree.district.id, method: 'mpm' }, // the district, containing A
        { diseaseId: mumps.id, jurisdictionId: tree.townshipA.id, method: 'mpm' }, // another disease
        { diseaseId: plague.id, jurisdictionId: tree.townshipB.id, method: 'fixedThreshold' }, // Class A: always
      ],
      new Date('2026-11-28T08:00:00Z'),
    );
    const rows = await t.database.db.select().from(alerts);
    const idOf = (diseaseId: string, jurisdictionId: string) =>
      rows.find((a) => a.diseaseId === diseaseId && a.jurisdictionId === jurisdictionId && created.includes(a.id))!.id;
    const mine = (
      await t.database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, epiId), eq(notifications.kind, 'alert.new')))
    )
      .map((n) => n.entityId!)
      .filter((id) => created.includes(id));
    expect(mine.sort()).toEqual(
      [idOf(hfmd.id, tree.townshipA.id), idOf(hfmd.id, tree.district.id), idOf(plague.id, tree.townshipB.id)].sort(),
    );

    // the inbox's "my subscriptions" filter shows the same, and the class sort puts Class A first
    const list = await epi.get('/api/alerts?open=true&subscribed=true&pageSize=100');
    expect(list.status).toBe(200);
    const listed = (list.body.items as Array<{ id: string }>).map((a) => a.id).filter((id) => created.includes(id));
    expect(listed.sort()).toEqual(mine.sort());
    const byClass = await epi.get('/api/alerts?open=true&sort=class&pageSize=100');
    expect(byClass.body.items[0].alertClass).toBe('A');
    const classes = (byClass.body.items as Array<{ alertClass: string }>).map((a) => a.alertClass);
    expect(classes).toEqual([...classes].sort((a, b) => ['A', 'B', 'C', 'syndromic'].indexOf(a) - ['A', 'B', 'C', 'syndromic'].indexOf(b)));
    const onlyC = await epi.get('/api/alerts?alertClass=C&pageSize=100');
    expect(onlyC.body.items.length).toBeGreaterThan(0);
    expect((onlyC.body.items as Array<{ alertClass: string }>).every((a) => a.alertClass === 'C')).toBe(true);

    // back to the role's default
    const reset = await epi.delete('/api/alerts/subscription');
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ isDefault: true, alertClasses: ['A', 'B', 'C', 'syndromic'] });
  });

  it('refuses places outside my area and unknown diseases, naming the field', async () => {
    const outside = await officerA.put('/api/alerts/subscription', { alertClasses: ['B'], jurisdictionIds: [tree.townshipB.id] });
    expect(outside.status).toBe(400);
    expect(JSON.stringify(outside.body)).toContain('jurisdictionIds.0');
    const unknown = await officerA.put('/api/alerts/subscription', {
      alertClasses: ['B'],
      diseaseIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('diseaseIds.0');
    const badClass = await officerA.put('/api/alerts/subscription', { alertClasses: ['X'] });
    expect(badClass.status).toBe(400);
  });
});
