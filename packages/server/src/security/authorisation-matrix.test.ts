/**
 * The authorisation matrix (issue 11, "Done when"): every operation of the OpenAPI document × every demo user
 * and anonymous, on the seeded demo district. It asserts what must hold whatever the operation does:
 * - no 500, for anybody, on any operation;
 * - anonymous: 401 on everything but the public operations;
 * - a role without the read right of an operation's feature (rights.ts, the same map as the app's modules)
 *   gets no 2xx from it;
 * - records outside a township officer's area answer 404 on every `GET …/{id}` (like a random id), never
 *   their content.
 * A new operation is probed as soon as it is in the document.
 */
import { describe, expect, it } from 'vitest';
import { jurisdictions } from '../platform/db/platform.tables.ts';
import type { Right } from '../platform/auth/rights.ts';
import { testEngines, withTestDb } from '../test-support/test-db.ts';
import { concretePath, listOperations, type Operation, probeWorld, SELF_ENDING } from './probe-support.ts';

/** The read right of each feature tag (as app.ts lists its modules); tags not here are open to every signed-in user. */
const TAG_RIGHT: Record<string, Right> = {
  dashboard: 'dashboard.read',
  users: 'users.manage',
  audit: 'audit.read',
  cases: 'cases.read',
  imports: 'cases.import',
  feeds: 'feeds.read',
  detection: 'signals.read',
  alerts: 'alerts.read',
  plans: 'plans.read',
  incidents: 'incidents.read',
  tasks: 'tasks.read',
  meetings: 'incidents.read',
  reports: 'reports.read',
  travel: 'travel.read',
  investigations: 'cases.read',
  quarantine: 'quarantine.read',
  psych: 'counselling.read',
  'psych-break-glass': 'counselling.break_glass',
  'psych-aggregates': 'dashboard.read',
  assessment: 'assessment.read',
  stock: 'stock.read',
  bulletins: 'bulletins.read',
  volunteers: 'volunteers.read',
  'volunteer-self': 'volunteers.self',
  training: 'training.read',
  education: 'education.read',
};

/** Operations of a feature open to every signed-in user by design, each with why (reviewed: no records in them). */
const OPEN_TO_SIGNED_IN: Record<string, string> = {
  'get /api/alerts/risk-matrix': 'the static likelihood × consequence table, no alert data',
};

/** Answered without a session (app.ts PUBLIC_API). */
const isPublic = (path: string) =>
  ['/api/health', '/api/ready', '/api/modules', '/api/auth/login', '/api/auth/logout', '/api/openapi.json'].includes(path) ||
  path.startsWith('/api/docs') ||
  path.startsWith('/api/public/');

const key = (op: Operation) => `${op.method} ${op.path}`;

describe.each(testEngines())('authorisation matrix (%s)', (engine) => {
  const t = withTestDb(engine);

  it('every operation × every demo user and anonymous: no 500, 401 for anonymous, nothing for a role without the right, 404 outside the area', async () => {
    const { app, users, anonymous } = await probeWorld(t.database);
    const { operations } = await listOperations(app);
    expect(operations.length).toBeGreaterThan(100);
    const walked = operations.filter((op) => !SELF_ENDING.has(key(op)));
    const failures: string[] = [];

    for (const op of walked) {
      const path = concretePath(op.path);
      const body = op.method === 'get' || op.method === 'delete' ? undefined : { json: {} };
      const anon = await anonymous.send(op.method.toUpperCase(), path, body);
      if (anon.status >= 500) failures.push(`${key(op)} anonymous → ${anon.status}`);
      if (!isPublic(op.path) && anon.status !== 401) failures.push(`${key(op)} anonymous → ${anon.status}, expected 401`);
      for (const user of users) {
        const res = await user.client.send(op.method.toUpperCase(), path, body);
        if (res.status >= 500) failures.push(`${key(op)} as ${user.username} → ${res.status}`);
        const right = TAG_RIGHT[op.tag];
        if (right && !user.rights.has(right) && !OPEN_TO_SIGNED_IN[key(op)] && res.status < 300)
          failures.push(`${key(op)} as ${user.username} (no ${right}) → ${res.status}`);
      }
    }

    // Out of area: a district-wide reader lists the records; Wangjiang's officer asks for each one of another
    // township by id. Baisha's records must answer 404 to Wangjiang exactly as a random id does.
    const jurisdictionPaths = new Map(
      (await t.database.db.select({ id: jurisdictions.id, path: jurisdictions.path }).from(jurisdictions)).map((j) => [j.id, j.path]),
    );
    const officer = users.find((u) => u.username === 'officer.wangjiang')!;
    const me = (await officer.client.send('GET', '/api/auth/me')).body as { user: { roles: { jurisdictionId: string }[] } };
    const area = jurisdictionPaths.get(me.user.roles[0]!.jurisdictionId)!;
    const districtWide = users.filter((u) => u.role === 'commander' || u.role === 'system_admin' || u.role === 'epidemiologist');
    let probedOutOfArea = 0;
    for (const detail of walked.filter((op) => op.method === 'get' && /\/\{id\}$/.test(op.path) && op.path.split('{').length === 2)) {
      const list = walked.find((op) => op.method === 'get' && op.path === detail.path.replace(/\/\{id\}$/, ''));
      if (!list) continue;
      for (const reader of districtWide) {
        const listed = await reader.client.send('GET', list.path);
        const items = (listed.body as { items?: { id?: string; jurisdictionId?: string }[] } | undefined)?.items ?? [];
        const outside = items.filter(
          (i) =>
            i.id &&
            i.jurisdictionId &&
            jurisdictionPaths.get(i.jurisdictionId) &&
            !jurisdictionPaths.get(i.jurisdictionId)!.startsWith(area) &&
            !area.startsWith(jurisdictionPaths.get(i.jurisdictionId)!),
        );
        for (const item of outside.slice(0, 3)) {
          const res = await officer.client.send(
            'GET',
            concretePath(detail.path, () => item.id!),
          );
          probedOutOfArea += 1;
          if (res.status !== 404 && res.status !== 403)
            failures.push(`${key(detail)} out-of-area ${item.id} as officer.wangjiang → ${res.status}, expected 404`);
        }
        if (outside.length > 0) break;
      }
    }
    expect(probedOutOfArea).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  }, 1_800_000);
});
