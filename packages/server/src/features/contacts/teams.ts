/**
 * Tracing teams (流调/随访小组, docs/contacts.md "Teams"): a team serves townships (one team per township: the
 * contacts living there go to it) and contacts assigned to it by hand. A team belongs to a home jurisdiction:
 * contacts.write over it manages the team; a township it serves must be in the same scope.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { inScope, inScopePath, type Principal, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { conflict, notFound, validationFailed, type FieldIssue } from '../../platform/errors.ts';
import { contacts, tracingTeams, tracingTeamTownships } from './contacts.tables.ts';
import type { TeamCreate, TeamPatch } from './tracing.schema.ts';

/** The team serving the township that contains `jurisdictionId` (a township or one of its communities). */
export async function teamOfResidence(db: Executor, jurisdictionId: string): Promise<string | null> {
  const rows = (await db.execute(sql`
    SELECT tt.team_id FROM jurisdictions j
    JOIN jurisdictions t ON t.level = 'township' AND j.path LIKE t.path || '%'
    JOIN tracing_team_townships tt ON tt.township_id = t.id
    JOIN tracing_teams team ON team.id = tt.team_id AND team.active
    WHERE j.id = ${jurisdictionId} LIMIT 1`)) as unknown;
  const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { team_id: string }[];
  return list[0]?.team_id ?? null;
}

/** A team within `scope` (by its home), or undefined. */
export async function findTeam(db: Executor, scope: Scope, id: string) {
  const [row] = await db
    .select()
    .from(tracingTeams)
    .where(and(eq(tracingTeams.id, id), inScope(scope, tracingTeams.jurisdictionId)));
  return row;
}

export async function listTeamsFor(database: Database, principal: Principal) {
  const scope = scopeFor(principal, 'contacts.read');
  const db = database.db;
  const teams = await db
    .select({ team: tracingTeams, name: jurisdictions.name, nameEn: jurisdictions.nameEn })
    .from(tracingTeams)
    .innerJoin(jurisdictions, eq(jurisdictions.id, tracingTeams.jurisdictionId))
    .where(inScope(scope, tracingTeams.jurisdictionId))
    .orderBy(asc(jurisdictions.name), asc(tracingTeams.name));
  const ids = teams.map((t) => t.team.id);
  const townships =
    ids.length === 0
      ? []
      : await db
          .select({ teamId: tracingTeamTownships.teamId, id: jurisdictions.id, name: jurisdictions.name, nameEn: jurisdictions.nameEn })
          .from(tracingTeamTownships)
          .innerJoin(jurisdictions, eq(jurisdictions.id, tracingTeamTownships.townshipId))
          .where(inArray(tracingTeamTownships.teamId, ids))
          .orderBy(asc(jurisdictions.name));
  const open =
    ids.length === 0
      ? []
      : await db
          .select({ teamId: contacts.teamId, n: sql<number>`count(*)::int` })
          .from(contacts)
          .where(and(inArray(contacts.teamId, ids), eq(contacts.status, 'under_follow_up')))
          .groupBy(contacts.teamId);
  const openOf = new Map(open.map((o) => [o.teamId, Number(o.n)]));
  return {
    items: teams.map(({ team, name, nameEn }) => ({
      id: team.id,
      name: team.name,
      jurisdiction: { id: team.jurisdictionId, name, nameEn },
      leader: team.leader,
      phone: team.phone,
      active: team.active,
      townships: townships.filter((t) => t.teamId === team.id).map(({ id, name, nameEn }) => ({ id, name, nameEn })),
      openContacts: openOf.get(team.id) ?? 0,
    })),
  };
}

async function checkTownships(tx: Tx, scope: Scope, ids: readonly string[]): Promise<FieldIssue[]> {
  if (ids.length === 0) return [];
  const found = await tx
    .select({ id: jurisdictions.id })
    .from(jurisdictions)
    .where(and(inArray(jurisdictions.id, [...ids]), eq(jurisdictions.level, 'township'), inScopePath(scope, jurisdictions.path)));
  return found.length === new Set(ids).size ? [] : [{ path: 'townshipIds', message: 'each must be a township within your jurisdiction' }];
}

/**
 * Makes `teamId` the team of `townshipIds` (taking them from any other team) and moves their contacts that were
 * not assigned by hand; townships the team served and no longer does lose it (their contacts too).
 */
async function setTownships(tx: Tx, teamId: string, townshipIds: readonly string[]) {
  await tx.delete(tracingTeamTownships).where(eq(tracingTeamTownships.teamId, teamId));
  if (townshipIds.length > 0) {
    await tx.delete(tracingTeamTownships).where(inArray(tracingTeamTownships.townshipId, [...townshipIds]));
    await tx.insert(tracingTeamTownships).values([...new Set(townshipIds)].map((townshipId) => ({ townshipId, teamId })));
  }
  // contacts follow their township's team (those assigned by hand stay)
  await tx.execute(sql`
    UPDATE contacts c SET team_id = (
      SELECT tt.team_id FROM jurisdictions j
      JOIN jurisdictions t ON t.level = 'township' AND j.path LIKE t.path || '%'
      JOIN tracing_team_townships tt ON tt.township_id = t.id
      JOIN tracing_teams team ON team.id = tt.team_id AND team.active
      WHERE j.id = c.jurisdiction_id LIMIT 1)
    WHERE NOT c.team_by_hand AND c.merged_into_id IS NULL
      AND (c.team_id = ${teamId} OR c.jurisdiction_id IN (
        SELECT j.id FROM jurisdictions j JOIN jurisdictions t ON j.path LIKE t.path || '%'
        WHERE t.id IN (SELECT township_id FROM tracing_team_townships WHERE team_id = ${teamId})))`);
}

const presentable = (t: typeof tracingTeams.$inferSelect) => ({
  ...t,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

export async function createTeamAs(database: Database, principal: Principal, body: TeamCreate, ip: string | null) {
  const scope = scopeFor(principal, 'contacts.write');
  const id = await database.db.transaction(async (tx) => {
    const issues: FieldIssue[] = [];
    const [home] = await tx
      .select({ id: jurisdictions.id })
      .from(jurisdictions)
      .where(and(eq(jurisdictions.id, body.jurisdictionId), inScopePath(scope, jurisdictions.path)));
    if (!home) issues.push({ path: 'jurisdictionId', message: 'unknown, or outside your jurisdiction' });
    issues.push(...(await checkTownships(tx, scope, body.townshipIds)));
    if (issues.length > 0) throw validationFailed(issues);
    const [clash] = await tx
      .select({ id: tracingTeams.id })
      .from(tracingTeams)
      .where(and(eq(tracingTeams.jurisdictionId, body.jurisdictionId), eq(tracingTeams.name, body.name)));
    if (clash) throw conflict('already_exists', 'A team of this name already exists here');
    const [row] = await tx
      .insert(tracingTeams)
      .values({ name: body.name, jurisdictionId: body.jurisdictionId, leader: body.leader, phone: body.phone })
      .returning();
    await setTownships(tx, row!.id, body.townshipIds);
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip,
      action: 'create',
      entityType: 'tracing_team',
      entityId: row!.id,
      after: { ...presentable(row!), townshipIds: body.townshipIds },
    });
    return row!.id;
  });
  return (await listTeamsFor(database, principal)).items.find((t) => t.id === id)!;
}

export async function updateTeamAs(database: Database, principal: Principal, id: string, patch: TeamPatch, ip: string | null) {
  const scope = scopeFor(principal, 'contacts.write');
  await database.db.transaction(async (tx) => {
    const before = await findTeam(tx, scope, id);
    if (!before) throw notFound('team');
    if (patch.townshipIds) {
      const issues = await checkTownships(tx, scope, patch.townshipIds);
      if (issues.length > 0) throw validationFailed(issues);
    }
    const { townshipIds, ...values } = patch;
    if (values.name && values.name !== before.name) {
      const [clash] = await tx
        .select({ id: tracingTeams.id })
        .from(tracingTeams)
        .where(and(eq(tracingTeams.jurisdictionId, before.jurisdictionId), eq(tracingTeams.name, values.name)));
      if (clash) throw conflict('already_exists', 'A team of this name already exists here');
    }
    const beforeTownships = (
      await tx.select({ id: tracingTeamTownships.townshipId }).from(tracingTeamTownships).where(eq(tracingTeamTownships.teamId, id))
    ).map((t) => t.id);
    const [after] = await tx
      .update(tracingTeams)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(tracingTeams.id, id))
      .returning();
    if (townshipIds) await setTownships(tx, id, townshipIds);
    else if (values.active !== undefined && values.active !== before.active) await setTownships(tx, id, beforeTownships);
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip,
      action: 'update',
      entityType: 'tracing_team',
      entityId: id,
      before: { ...presentable(before), townshipIds: beforeTownships },
      after: { ...presentable(after!), townshipIds: townshipIds ?? beforeTownships },
    });
  });
  const team = (await listTeamsFor(database, principal)).items.find((t) => t.id === id);
  if (!team) throw notFound('team');
  return team;
}
