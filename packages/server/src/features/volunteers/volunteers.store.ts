/**
 * Every query of the volunteer registry, scoped by the caller's jurisdiction scope (platform/auth/scope.ts).
 */
import { and, asc, desc, eq, gte, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { inScope, type Scope } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions, userRoles, users } from '../../platform/db/platform.tables.ts';
import { tasks } from '../tasks/index.ts';
import {
  type VettingStatus,
  type VolunteerAvailability,
  type VolunteerLanguage,
  type VolunteerSkill,
  volunteerAssignments,
  volunteerHours,
  volunteers,
} from './volunteers.tables.ts';

export type VolunteerRow = typeof volunteers.$inferSelect;
export type AssignmentRow = typeof volunteerAssignments.$inferSelect;
export type HoursRow = typeof volunteerHours.$inferSelect;

export interface VolunteerFilter {
  status?: VettingStatus;
  skill?: VolunteerSkill;
  language?: VolunteerLanguage;
  availability?: VolunteerAvailability;
  /** path of a jurisdiction: its subtree */
  underPath?: string;
  q?: string;
}

/** A volunteer row with its place (path for scope checks in JS, names for the view). */
export interface VolunteerPlaced {
  volunteer: VolunteerRow;
  jurisdictionPath: string;
  jurisdictionName: string;
  jurisdictionNameEn: string;
}

const placed = {
  volunteer: volunteers,
  jurisdictionPath: jurisdictions.path,
  jurisdictionName: jurisdictions.name,
  jurisdictionNameEn: jurisdictions.nameEn,
};

function filterSql(filter: VolunteerFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.status) where.push(eq(volunteers.vettingStatus, filter.status));
  if (filter.skill) where.push(sql`${volunteers.skills} @> ${JSON.stringify([filter.skill])}::jsonb`);
  if (filter.language) where.push(sql`${volunteers.languages} @> ${JSON.stringify([filter.language])}::jsonb`);
  if (filter.availability) where.push(sql`${volunteers.availability} @> ${JSON.stringify([filter.availability])}::jsonb`);
  if (filter.underPath) where.push(sql`${jurisdictions.path} LIKE ${`${filter.underPath}%`}`);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.push(or(ilike(volunteers.name, like), ilike(volunteers.code, like))!);
  }
  return where;
}

/** Every volunteer in scope matching the filter, by name (district scale: a few thousand at most). */
export async function listVolunteers(db: Executor, scope: Scope, filter: VolunteerFilter): Promise<VolunteerPlaced[]> {
  return db
    .select(placed)
    .from(volunteers)
    .innerJoin(jurisdictions, eq(jurisdictions.id, volunteers.jurisdictionId))
    .where(and(inScope(scope, volunteers.jurisdictionId), ...filterSql(filter)))
    .orderBy(asc(volunteers.name), asc(volunteers.code));
}

export async function findVolunteer(db: Executor, scope: Scope, id: string, options: { lock?: boolean } = {}) {
  const q = db
    .select(placed)
    .from(volunteers)
    .innerJoin(jurisdictions, eq(jurisdictions.id, volunteers.jurisdictionId))
    .where(and(eq(volunteers.id, id), inScope(scope, volunteers.jurisdictionId)));
  const [row] = options.lock ? await q.for('update', { of: volunteers }) : await q;
  return row as VolunteerPlaced | undefined;
}

/** The volunteer record of a user account (role volunteer), unscoped: the volunteer's own. */
export async function findVolunteerOfUser(db: Executor, userId: string): Promise<VolunteerPlaced | undefined> {
  const [row] = await db
    .select(placed)
    .from(volunteers)
    .innerJoin(jurisdictions, eq(jurisdictions.id, volunteers.jurisdictionId))
    .where(eq(volunteers.userId, userId));
  return row;
}

/** Names and ids of jurisdictions (townships of volunteers' paths). */
export async function jurisdictionNames(db: Executor, ids: string[]) {
  if (ids.length === 0) return new Map<string, { id: string; name: string; nameEn: string; level: string }>();
  const rows = await db
    .select({ id: jurisdictions.id, name: jurisdictions.name, nameEn: jurisdictions.nameEn, level: jurisdictions.level })
    .from(jurisdictions)
    .where(inArray(jurisdictions.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function findJurisdiction(db: Executor, id: string) {
  const [row] = await db.select().from(jurisdictions).where(eq(jurisdictions.id, id));
  return row;
}

export async function userNames(db: Executor, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

/** Hours of these volunteers on or after `since` (a district day), plus each one's first day overall. */
export async function hoursSince(db: Executor, volunteerIds: string[], since: string) {
  if (volunteerIds.length === 0) return { entries: [] as { volunteerId: string; workedOn: string; minutes: number }[], firsts: new Map() };
  const entries = await db
    .select({ volunteerId: volunteerHours.volunteerId, workedOn: volunteerHours.workedOn, minutes: volunteerHours.minutes })
    .from(volunteerHours)
    .where(and(inArray(volunteerHours.volunteerId, volunteerIds), gte(volunteerHours.workedOn, since)));
  const firstRows = await db
    .select({ volunteerId: volunteerHours.volunteerId, first: sql<string>`min(${volunteerHours.workedOn})::text` })
    .from(volunteerHours)
    .where(inArray(volunteerHours.volunteerId, volunteerIds))
    .groupBy(volunteerHours.volunteerId);
  return { entries, firsts: new Map(firstRows.map((r) => [r.volunteerId, r.first])) };
}

export async function listAssignments(db: Executor, where: SQL) {
  return db
    .select({
      assignment: volunteerAssignments,
      volunteerCode: volunteers.code,
      volunteerName: volunteers.name,
      taskCode: tasks.code,
      taskTitle: tasks.title,
      taskStatus: tasks.status,
      taskDueAt: tasks.dueAt,
    })
    .from(volunteerAssignments)
    .innerJoin(volunteers, eq(volunteers.id, volunteerAssignments.volunteerId))
    .innerJoin(tasks, eq(tasks.id, volunteerAssignments.taskId))
    .where(where)
    .orderBy(desc(volunteerAssignments.createdAt));
}
export type AssignmentListRow = Awaited<ReturnType<typeof listAssignments>>[number];

export async function listHours(db: Executor, volunteerId: string, limit = 200) {
  return db
    .select({ hours: volunteerHours, loggedByName: users.displayName })
    .from(volunteerHours)
    .leftJoin(users, eq(users.id, volunteerHours.loggedBy))
    .where(eq(volunteerHours.volunteerId, volunteerId))
    .orderBy(desc(volunteerHours.workedOn), desc(volunteerHours.createdAt))
    .limit(limit);
}

/** An assignment with its volunteer's place, locked for a change. */
export async function lockAssignment(db: Executor, id: string) {
  const [row] = await db
    .select({ assignment: volunteerAssignments, volunteer: volunteers, jurisdictionPath: jurisdictions.path })
    .from(volunteerAssignments)
    .innerJoin(volunteers, eq(volunteers.id, volunteerAssignments.volunteerId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, volunteers.jurisdictionId))
    .where(eq(volunteerAssignments.id, id))
    .for('update', { of: volunteerAssignments });
  return row;
}

/** An open task the reader may link a volunteer to: in their tasks.read scope, or assigned to a township in it. */
export async function findOpenTaskInScope(db: Executor, scope: Scope, id: string) {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, id), or(inScope(scope, tasks.jurisdictionId), inScope(scope, tasks.assigneeJurisdictionId))));
  return row;
}

/** The user rows the registry may link: their roles, to check the account holds the volunteer role. */
export async function userWithRoles(db: Executor, id: string) {
  const [user] = await db.select({ id: users.id, disabled: users.disabled }).from(users).where(eq(users.id, id));
  if (!user) return undefined;
  const roles = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, id));
  return { ...user, roles: roles.map((r) => r.role) };
}
