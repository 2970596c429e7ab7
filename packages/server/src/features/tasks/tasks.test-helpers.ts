/**
 * Test fixtures of the tasks feature: a district tree with two agencies, a liaison of each, a township officer,
 * a commander (tasks.assign) and an epidemiologist (tasks.read only).
 */
import { eq } from 'drizzle-orm';
import type { RoleId } from '../../platform/auth/rights.ts';
import type { Principal } from '../../platform/auth/scope.ts';
import type { Database } from '../../platform/db/database.ts';
import { users } from '../../platform/db/platform.tables.ts';
import { buildDistrictTree, buildUser, uniqueSuffix } from '../../test-support/index.ts';
import { loadPrincipal } from '../users/users.store.ts';
import { incidents } from '../incidents/incidents.tables.ts';
import { type AgencyKind, agencies } from '../registry/registry.tables.ts';

export async function buildAgency(database: Database, jurisdictionId: string, kind: AgencyKind = 'public_security') {
  const suffix = uniqueSuffix();
  const [row] = await database.db
    .insert(agencies)
    .values({ code: `AG-${suffix}`, name: `机构${suffix}`, nameEn: `Agency ${suffix}`, kind, jurisdictionId })
    .returning();
  return row!;
}

/** A user with one role, working for `agencyId` (users.agency_id), and their reloaded principal. */
export async function buildMember(
  database: Database,
  options: { role: RoleId; jurisdictionId: string; agencyId?: string | null; displayName?: string },
): Promise<{ principal: Principal; password: string; username: string }> {
  const { user, password } = await buildUser(database, {
    role: options.role,
    jurisdictionId: options.jurisdictionId,
    displayName: options.displayName,
  });
  if (options.agencyId) await database.db.update(users).set({ agencyId: options.agencyId }).where(eq(users.id, user.id));
  return { principal: (await loadPrincipal(database.db, user.id))!, password, username: user.username };
}

export async function buildTaskWorld(database: Database) {
  const tree = await buildDistrictTree(database);
  const police = await buildAgency(database, tree.district.id, 'public_security');
  const cdc = await buildAgency(database, tree.district.id, 'cdc');
  const commander = await buildMember(database, { role: 'commander', jurisdictionId: tree.district.id, displayName: '指挥长' });
  const policeLiaison = await buildMember(database, { role: 'agency_liaison', jurisdictionId: tree.district.id, agencyId: police.id });
  const cdcLiaison = await buildMember(database, { role: 'agency_liaison', jurisdictionId: tree.district.id, agencyId: cdc.id });
  const officerA = await buildMember(database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
  const officerB = await buildMember(database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
  const epidemiologist = await buildMember(database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
  const [incident] = await database.db
    .insert(incidents)
    .values({
      title: '测试事件',
      jurisdictionId: tree.district.id,
      startedAt: new Date('2026-11-20T00:00:00Z'),
      createdBy: commander.principal.id,
    })
    .returning();
  return { tree, police, cdc, commander, policeLiaison, cdcLiaison, officerA, officerB, epidemiologist, incident: incident! };
}

export const actorOf = (p: Principal) => ({ id: p.id, username: p.username });
