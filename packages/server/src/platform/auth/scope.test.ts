import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildDistrictTree } from '../../test-support/factories.ts';
import { testEngines, withTestDb } from '../../test-support/test-db.ts';
import { jurisdictions } from '../db/platform.tables.ts';
import { AppError } from '../errors.ts';
import { rightsOfRoles, ROLES } from './rights.ts';
import { hasRight, inScope, inScopePath, type Principal, pathInScope, scopeFor } from './scope.ts';

const principal = (grants: Principal['grants']): Principal => ({
  id: 'u',
  username: 'u',
  displayName: 'U',
  locale: 'zh-CN',
  grants,
});

describe('rights', () => {
  it('gives each DOMAIN.md role zh and en labels and at least one right', () => {
    // DOMAIN.md's ten roles, the psychological-assistance team's lead (issue 17), and issue 19's training officer,
    // volunteer coordinator and a volunteer's own account
    expect(Object.keys(ROLES)).toEqual([
      'system_admin',
      'epidemiologist',
      'commander',
      'agency_liaison',
      'hospital_reporter',
      'township_officer',
      'press_officer',
      'counsellor',
      'logistics_officer',
      'viewer',
      'counsellor_lead',
      'training_officer',
      'volunteer_coordinator',
      'volunteer',
    ]);
    for (const role of Object.values(ROLES)) {
      expect(role.name).toMatch(/\p{Script=Han}/u);
      expect(role.nameEn).toMatch(/^[A-Z]/);
      expect(role.rights.length).toBeGreaterThan(0);
    }
    expect(rightsOfRoles(['viewer', 'no-such-role'])).toEqual([
      'alerts.read',
      'assessment.read',
      'dashboard.read',
      'education.read',
      'exercises.read',
      'incidents.read',
      'plans.read',
      'registry.read',
      'reports.read',
      'stock.read',
      'training.read',
    ]);
  });
});

describe('scopeFor', () => {
  const g = (role: 'viewer' | 'system_admin', path: string) => ({
    role,
    jurisdictionId: path,
    jurisdictionName: path,
    jurisdictionPath: path,
  });
  it('collects the subtrees where a role grants the right, dropping nested ones', () => {
    const p = principal([g('viewer', '/d/t1/'), g('viewer', '/d/'), g('system_admin', '/x/')]);
    expect(scopeFor(p, 'registry.read').paths).toEqual(['/d/', '/x/']);
    expect(scopeFor(p, 'users.manage').paths).toEqual(['/x/']);
    expect(hasRight(p, 'audit.read')).toBe(true);
    expect(pathInScope(scopeFor(p, 'users.manage'), '/d/t1/')).toBe(false);
  });
  it('throws forbidden when no role grants the right', () => {
    const p = principal([g('viewer', '/d/')]);
    expect(() => scopeFor(p, 'users.manage')).toThrow(AppError);
    try {
      scopeFor(p, 'users.manage');
    } catch (e) {
      expect((e as AppError).id).toBe('forbidden');
      expect((e as AppError).status).toBe(403);
    }
  });
});

describe.each(testEngines())('scoped queries (%s)', (engine) => {
  const t = withTestDb(engine);

  it('maintains materialised paths, also when a subtree moves', async () => {
    const tree = await buildDistrictTree(t.database);
    expect(tree.communityA.path).toBe(`/${tree.district.id}/${tree.townshipA.id}/${tree.communityA.id}/`);
    // move township A under township B: its community follows
    await t.database.db.update(jurisdictions).set({ parentId: tree.townshipB.id }).where(eq(jurisdictions.id, tree.townshipA.id));
    const [moved] = await t.database.db.select().from(jurisdictions).where(eq(jurisdictions.id, tree.communityA.id));
    expect(moved!.path).toBe(`/${tree.district.id}/${tree.townshipB.id}/${tree.townshipA.id}/${tree.communityA.id}/`);
    // a cycle is refused by the database
    await expect(
      t.database.db.update(jurisdictions).set({ parentId: tree.communityA.id }).where(eq(jurisdictions.id, tree.townshipA.id)),
    ).rejects.toThrow();
  });

  it('lets a township officer see only their township subtree, even by id', async () => {
    const tree = await buildDistrictTree(t.database);
    const officer = principal([
      { role: 'township_officer', jurisdictionId: tree.townshipA.id, jurisdictionName: 'A', jurisdictionPath: tree.townshipA.path },
    ]);
    const scope = scopeFor(officer, 'registry.read');
    const visible = await t.database.db
      .select({ id: jurisdictions.id })
      .from(jurisdictions)
      .where(and(inScopePath(scope, jurisdictions.path), eq(jurisdictions.path, jurisdictions.path)));
    expect(new Set(visible.map((r) => r.id))).toEqual(new Set([tree.townshipA.id, tree.communityA.id]));
    // by id, through a jurisdiction_id-style condition
    const byIdOther = await t.database.db
      .select()
      .from(jurisdictions)
      .where(and(eq(jurisdictions.id, tree.communityB.id), inScope(scope, jurisdictions.id)));
    expect(byIdOther).toEqual([]);
    const byIdOwn = await t.database.db
      .select({ id: jurisdictions.id })
      .from(jurisdictions)
      .where(and(eq(jurisdictions.id, tree.communityA.id), inScope(scope, jurisdictions.id)));
    expect(byIdOwn).toEqual([{ id: tree.communityA.id }]);
  });
});
