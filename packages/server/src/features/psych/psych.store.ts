/**
 * Every query of psychological assistance. Team reads are scoped (`inScope` over counselling.read); the only
 * unscoped reads are the break-glass lookup of one client (by id, for a live grant) and the aggregates, which
 * return counts only. The facility's referral inbox is scoped by `inFacilityScope` (counselling.referrals,
 * bound to the user's facility). Of cases and contacts psych reads only id and code, for a consented link.
 */
import { and, asc, count, desc, eq, gt, gte, ilike, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { inFacilityScope, inScope, type Scope } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions, userRoles, users } from '../../platform/db/platform.tables.ts';
import { DISTRICT_UTC_OFFSET } from '../../platform/time/district-time.ts';
import { caseReports } from '../cases/index.ts';
import { contacts } from '../contacts/index.ts';
import { facilities } from '../registry/index.ts';
import type { CallListQuery, ClientListQuery, ReferralListQuery } from './psych.schema.ts';
import {
  OPEN_REFERRAL_STATUSES,
  psychBreakGlass,
  psychCalls,
  psychClients,
  psychGroups,
  psychLinks,
  psychReferrals,
  psychScreenings,
  psychSessions,
  psychSettings,
  psychTasks,
  REFERRAL_FACILITY_TYPES,
} from './psych.tables.ts';

export type ClientRow = typeof psychClients.$inferSelect;
export type ScreeningRow = typeof psychScreenings.$inferSelect;
export type CallRow = typeof psychCalls.$inferSelect;
export type TaskRow = typeof psychTasks.$inferSelect;
export type ReferralRow = typeof psychReferrals.$inferSelect;
export type SessionRow = typeof psychSessions.$inferSelect;
export type GroupRow = typeof psychGroups.$inferSelect;
export type BreakGlassRow = typeof psychBreakGlass.$inferSelect;

const escapeLike = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// ── clients ──────────────────────────────────────────────────────────────────────────────────────

export async function findClient(db: Executor, scope: Scope, id: string): Promise<ClientRow | undefined> {
  const [row] = await db
    .select()
    .from(psychClients)
    .where(and(eq(psychClients.id, id), inScope(scope, psychClients.jurisdictionId)));
  return row;
}

/** One client by id with no scope: only for a reader holding a live break-glass grant for it (service). */
export async function findClientUnscoped(db: Executor, id: string): Promise<ClientRow | undefined> {
  const [row] = await db.select().from(psychClients).where(eq(psychClients.id, id));
  return row;
}

/** A client by id or code with no scope: the break-glass request names the record it needs. */
export async function findClientByIdOrCode(db: Executor, idOrCode: string): Promise<ClientRow | undefined> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrCode);
  const [row] = await db
    .select()
    .from(psychClients)
    .where(isUuid ? eq(psychClients.id, idOrCode.toLowerCase()) : eq(psychClients.code, idOrCode.toUpperCase()));
  return row;
}

function clientConditions(scope: Scope, query: Partial<ClientListQuery>): SQL {
  const conditions: (SQL | undefined)[] = [inScope(scope, psychClients.jurisdictionId)];
  if (query.status) conditions.push(eq(psychClients.status, query.status));
  if (query.group) conditions.push(eq(psychClients.clientGroup, query.group));
  if (query.riskLevel) conditions.push(eq(psychClients.riskLevel, query.riskLevel));
  if (query.q) {
    const like = escapeLike(query.q);
    conditions.push(or(ilike(psychClients.name, like), ilike(psychClients.phone, like), ilike(psychClients.code, like)));
  }
  return and(...conditions)!;
}

export async function listClients(db: Executor, scope: Scope, query: ClientListQuery) {
  const where = clientConditions(scope, query);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(psychClients)
      .where(where)
      .orderBy(desc(psychClients.lastActivityAt))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(psychClients).where(where) as unknown as Promise<[{ total: number }]>,
  ]);
  return { rows, total: Number(total) };
}

/** The newest screening of each client. */
export async function lastScreenings(db: Executor, clientIds: string[]): Promise<Map<string, ScreeningRow>> {
  if (clientIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([psychScreenings.clientId])
    .from(psychScreenings)
    .where(inArray(psychScreenings.clientId, clientIds))
    .orderBy(psychScreenings.clientId, desc(psychScreenings.screenedAt));
  return new Map(rows.map((r) => [r.clientId, r]));
}

export async function insertClient(db: Executor, values: typeof psychClients.$inferInsert): Promise<ClientRow> {
  const [row] = await db.insert(psychClients).values(values).returning();
  return row!;
}

export async function updateClient(db: Executor, id: string, values: Partial<typeof psychClients.$inferInsert>): Promise<ClientRow> {
  const [row] = await db
    .update(psychClients)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(psychClients.id, id))
    .returning();
  return row!;
}

export const touchClient = (db: Executor, id: string, at: Date) =>
  db.update(psychClients).set({ lastActivityAt: at }).where(eq(psychClients.id, id));

export async function jurisdictionPathOf(db: Executor, id: string): Promise<string | null> {
  const [row] = await db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, id));
  return row?.path ?? null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A case report named by id or code that lies within `scope` (the linker's counselling.write area): its id and
 * code only. A missing record and one outside the area both give undefined, so the caller cannot tell them apart.
 */
export async function linkableCase(db: Executor, scope: Scope, ref: string): Promise<{ id: string; code: string } | undefined> {
  const [row] = await db
    .select({ id: caseReports.id, code: caseReports.code })
    .from(caseReports)
    .where(
      and(
        UUID.test(ref) ? eq(caseReports.id, ref.toLowerCase()) : eq(caseReports.code, ref.toUpperCase()),
        inScope(scope, caseReports.jurisdictionId),
      ),
    );
  return row;
}

/** A contact named by id or code within `scope` (not merged into another): its id and code only. */
export async function linkableContact(db: Executor, scope: Scope, ref: string): Promise<{ id: string; code: string } | undefined> {
  const [row] = await db
    .select({ id: contacts.id, code: contacts.code })
    .from(contacts)
    .where(
      and(
        UUID.test(ref) ? eq(contacts.id, ref.toLowerCase()) : eq(contacts.code, ref.toUpperCase()),
        isNull(contacts.mergedIntoId),
        inScope(scope, contacts.jurisdictionId),
      ),
    );
  return row;
}

/** The codes of linked cases and contacts (all psych shows of them), by id. */
export async function linkedCodes(db: Executor, caseIds: string[], contactIds: string[]): Promise<Map<string, string>> {
  const [cases, people] = await Promise.all([
    caseIds.length === 0
      ? []
      : db.select({ id: caseReports.id, code: caseReports.code }).from(caseReports).where(inArray(caseReports.id, caseIds)),
    contactIds.length === 0
      ? []
      : db.select({ id: contacts.id, code: contacts.code }).from(contacts).where(inArray(contacts.id, contactIds)),
  ]);
  return new Map([...cases, ...people].map((r) => [r.id, r.code]));
}

/** Closing a client: its open re-screens and follow-ups are cancelled (same-day risk tasks block the closing). */
export const cancelOpenTasks = (db: Executor, clientId: string, at: Date, by: string) =>
  db
    .update(psychTasks)
    .set({ status: 'cancelled', doneAt: at, doneBy: by })
    .where(and(eq(psychTasks.clientId, clientId), eq(psychTasks.status, 'open')))
    .returning({ id: psychTasks.id });

/** Open same-day risk tasks (self-harm, high risk) of a client. */
export const openRiskTasks = (db: Executor, clientId: string) =>
  db
    .select({ id: psychTasks.id })
    .from(psychTasks)
    .where(and(eq(psychTasks.clientId, clientId), eq(psychTasks.status, 'open'), inArray(psychTasks.kind, ['self_harm', 'high_risk'])));

/** Closing a client: its unused self-screening links expire now. */
export const expireLinks = (db: Executor, clientId: string, at: Date) =>
  db
    .update(psychLinks)
    .set({ expiresAt: at })
    .where(and(eq(psychLinks.clientId, clientId), isNull(psychLinks.usedAt), gt(psychLinks.expiresAt, at)));

// ── a client's history ───────────────────────────────────────────────────────────────────────────

export const screeningsOf = (db: Executor, clientId: string) =>
  db.select().from(psychScreenings).where(eq(psychScreenings.clientId, clientId)).orderBy(asc(psychScreenings.screenedAt));
export const sessionsOf = (db: Executor, clientId: string) =>
  db.select().from(psychSessions).where(eq(psychSessions.clientId, clientId)).orderBy(desc(psychSessions.heldAt));

export async function insertScreening(db: Executor, values: typeof psychScreenings.$inferInsert): Promise<ScreeningRow> {
  const [row] = await db.insert(psychScreenings).values(values).returning();
  return row!;
}
export async function insertSession(db: Executor, values: typeof psychSessions.$inferInsert): Promise<SessionRow> {
  const [row] = await db.insert(psychSessions).values(values).returning();
  return row!;
}

// ── calls ────────────────────────────────────────────────────────────────────────────────────────

const callColumns = { call: psychCalls, counsellorName: users.displayName };

function callConditions(scope: Scope, query: Partial<CallListQuery>): SQL {
  const day = sql`(${psychCalls.calledAt} AT TIME ZONE INTERVAL ${sql.raw(`'${DISTRICT_UTC_OFFSET}'`)})::date`;
  const conditions: (SQL | undefined)[] = [inScope(scope, psychCalls.jurisdictionId)];
  if (query.from) conditions.push(sql`${day} >= ${query.from}::date`);
  if (query.to) conditions.push(sql`${day} <= ${query.to}::date`);
  return and(...conditions)!;
}

export async function listCalls(db: Executor, scope: Scope, query: CallListQuery) {
  const where = callConditions(scope, query);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select(callColumns)
      .from(psychCalls)
      .leftJoin(users, eq(users.id, psychCalls.counsellorId))
      .where(where)
      .orderBy(desc(psychCalls.calledAt))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(psychCalls).where(where) as unknown as Promise<[{ total: number }]>,
  ]);
  return { rows, total: Number(total) };
}

/** Callbacks still to make, the earliest due first. */
export const callbackQueue = (db: Executor, scope: Scope) =>
  db
    .select(callColumns)
    .from(psychCalls)
    .leftJoin(users, eq(users.id, psychCalls.counsellorId))
    .where(and(inScope(scope, psychCalls.jurisdictionId), eq(psychCalls.callbackNeeded, true), isNull(psychCalls.callbackDoneAt)))
    .orderBy(asc(psychCalls.callbackDueAt), asc(psychCalls.calledAt));

export const callsOfClient = (db: Executor, clientId: string) =>
  db
    .select(callColumns)
    .from(psychCalls)
    .leftJoin(users, eq(users.id, psychCalls.counsellorId))
    .where(eq(psychCalls.clientId, clientId))
    .orderBy(desc(psychCalls.calledAt));

export async function findCall(db: Executor, scope: Scope, id: string): Promise<CallRow | undefined> {
  const [row] = await db
    .select()
    .from(psychCalls)
    .where(and(eq(psychCalls.id, id), inScope(scope, psychCalls.jurisdictionId)));
  return row;
}

export async function insertCall(db: Executor, values: typeof psychCalls.$inferInsert): Promise<CallRow> {
  const [row] = await db.insert(psychCalls).values(values).returning();
  return row!;
}

export async function updateCall(db: Executor, id: string, values: Partial<typeof psychCalls.$inferInsert>): Promise<CallRow> {
  const [row] = await db.update(psychCalls).set(values).where(eq(psychCalls.id, id)).returning();
  return row!;
}

// ── tasks ────────────────────────────────────────────────────────────────────────────────────────

const taskColumns = { task: psychTasks, clientCode: psychClients.code, clientName: psychClients.name };

export const listTasks = (db: Executor, scope: Scope, status: string) =>
  db
    .select(taskColumns)
    .from(psychTasks)
    .leftJoin(psychClients, eq(psychClients.id, psychTasks.clientId))
    .where(and(inScope(scope, psychTasks.jurisdictionId), eq(psychTasks.status, status as 'open')))
    .orderBy(asc(psychTasks.dueDate), asc(psychTasks.createdAt))
    .limit(500);

export const tasksOfClient = (db: Executor, clientId: string) =>
  db
    .select(taskColumns)
    .from(psychTasks)
    .leftJoin(psychClients, eq(psychClients.id, psychTasks.clientId))
    .where(eq(psychTasks.clientId, clientId))
    .orderBy(asc(psychTasks.dueDate));

export async function findTask(db: Executor, scope: Scope, id: string): Promise<TaskRow | undefined> {
  const [row] = await db
    .select()
    .from(psychTasks)
    .where(and(eq(psychTasks.id, id), inScope(scope, psychTasks.jurisdictionId)));
  return row;
}

export async function insertTasks(db: Executor, values: (typeof psychTasks.$inferInsert)[]): Promise<TaskRow[]> {
  if (values.length === 0) return [];
  return db.insert(psychTasks).values(values).returning();
}

export async function updateTask(db: Executor, id: string, values: Partial<typeof psychTasks.$inferInsert>): Promise<TaskRow> {
  const [row] = await db.update(psychTasks).set(values).where(eq(psychTasks.id, id)).returning();
  return row!;
}

/** Open re-screen tasks of a client for an instrument, the earliest first (a screening closes the first due). */
export const openRescreens = (db: Executor, clientId: string, instrument: string) =>
  db
    .select()
    .from(psychTasks)
    .where(
      and(
        eq(psychTasks.clientId, clientId),
        eq(psychTasks.kind, 'rescreen'),
        eq(psychTasks.instrument, instrument as 'phq9'),
        eq(psychTasks.status, 'open'),
      ),
    )
    .orderBy(asc(psychTasks.dueDate));

// ── referrals ────────────────────────────────────────────────────────────────────────────────────

const referralColumns = {
  referral: psychReferrals,
  clientCode: psychClients.code,
  clientName: psychClients.name,
  facilityName: facilities.name,
  facilityNameEn: facilities.nameEn,
};

function referralConditions(scope: Scope, query: ReferralListQuery, now: Date): SQL {
  const conditions: (SQL | undefined)[] = [inScope(scope, psychReferrals.jurisdictionId)];
  if (query.status) conditions.push(eq(psychReferrals.status, query.status));
  if (query.open === 'true') conditions.push(inArray(psychReferrals.status, [...OPEN_REFERRAL_STATUSES]));
  if (query.open === 'false') conditions.push(sql`${psychReferrals.status} NOT IN ('requested', 'received', 'accepted', 'in-progress')`);
  if (query.overdue === 'true') conditions.push(and(eq(psychReferrals.status, 'requested'), lt(psychReferrals.respondBy, now)));
  return and(...conditions)!;
}

export const listReferrals = (db: Executor, scope: Scope, query: ReferralListQuery, now: Date) =>
  db
    .select(referralColumns)
    .from(psychReferrals)
    .innerJoin(psychClients, eq(psychClients.id, psychReferrals.clientId))
    .innerJoin(facilities, eq(facilities.id, psychReferrals.facilityId))
    .where(referralConditions(scope, query, now))
    .orderBy(desc(psychReferrals.updatedAt))
    .limit(500);

export const referralsOfClient = (db: Executor, clientId: string) =>
  db
    .select(referralColumns)
    .from(psychReferrals)
    .innerJoin(psychClients, eq(psychClients.id, psychReferrals.clientId))
    .innerJoin(facilities, eq(facilities.id, psychReferrals.facilityId))
    .where(eq(psychReferrals.clientId, clientId))
    .orderBy(desc(psychReferrals.createdAt));

export async function findReferral(db: Executor, scope: Scope, id: string) {
  const [row] = await db
    .select(referralColumns)
    .from(psychReferrals)
    .innerJoin(psychClients, eq(psychClients.id, psychReferrals.clientId))
    .innerJoin(facilities, eq(facilities.id, psychReferrals.facilityId))
    .where(and(eq(psychReferrals.id, id), inScope(scope, psychReferrals.jurisdictionId)));
  return row;
}

export async function insertReferral(db: Executor, values: typeof psychReferrals.$inferInsert): Promise<ReferralRow> {
  const [row] = await db.insert(psychReferrals).values(values).returning();
  return row!;
}

export async function updateReferral(db: Executor, id: string, values: Partial<typeof psychReferrals.$inferInsert>) {
  await db
    .update(psychReferrals)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(psychReferrals.id, id));
}

/** Whether a facility may receive referrals (REFERRAL_FACILITY_TYPES). */
export async function findReferralFacility(db: Executor, id: string) {
  const [row] = await db
    .select({ id: facilities.id, type: facilities.type })
    .from(facilities)
    .where(and(eq(facilities.id, id), inArray(facilities.type, [...REFERRAL_FACILITY_TYPES])));
  return row;
}

/** Every facility a referral may go to, mental-health centres first, then by name. */
export async function listReferralFacilities(db: Executor) {
  return db
    .select({
      id: facilities.id,
      name: facilities.name,
      nameEn: facilities.nameEn,
      type: sql<(typeof REFERRAL_FACILITY_TYPES)[number]>`${facilities.type}`,
      phone: facilities.phone,
    })
    .from(facilities)
    .where(inArray(facilities.type, [...REFERRAL_FACILITY_TYPES]))
    .orderBy(sql`${facilities.type} <> 'mental_health_centre'`, facilities.name);
}

// ── the receiving facility's inbox ───────────────────────────────────────────────────────────────

const facilityReferralColumns = {
  referral: psychReferrals,
  clientCode: psychClients.code,
  clientName: psychClients.name,
  clientPhone: psychClients.phone,
  clientGroup: psychClients.clientGroup,
  facilityName: facilities.name,
  facilityNameEn: facilities.nameEn,
};

/** Referrals addressed to the facilities `scope` covers (counselling.referrals: the user's own facility). */
function facilityReferralConditions(scope: Scope): SQL {
  return and(inFacilityScope(scope, facilities.jurisdictionId, psychReferrals.facilityId), sql`${psychReferrals.status} <> 'cancelled'`)!;
}

export const listFacilityReferrals = (db: Executor, scope: Scope, openOnly: boolean) =>
  db
    .select(facilityReferralColumns)
    .from(psychReferrals)
    .innerJoin(psychClients, eq(psychClients.id, psychReferrals.clientId))
    .innerJoin(facilities, eq(facilities.id, psychReferrals.facilityId))
    .where(and(facilityReferralConditions(scope), openOnly ? inArray(psychReferrals.status, [...OPEN_REFERRAL_STATUSES]) : undefined))
    .orderBy(desc(psychReferrals.createdAt))
    .limit(500);

export async function findFacilityReferral(db: Executor, scope: Scope, id: string) {
  const [row] = await db
    .select(facilityReferralColumns)
    .from(psychReferrals)
    .innerJoin(psychClients, eq(psychClients.id, psychReferrals.clientId))
    .innerJoin(facilities, eq(facilities.id, psychReferrals.facilityId))
    .where(and(eq(psychReferrals.id, id), facilityReferralConditions(scope)));
  return row;
}

/** The users who answer a facility's referrals: bound to it, holding a role with counselling.referrals. */
export async function facilityAnswerers(db: Executor, facilityId: string, roles: string[]): Promise<string[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.facilityId, facilityId), eq(users.disabled, false), inArray(userRoles.role, roles)));
  return rows.map((r) => r.id);
}

// ── groups ───────────────────────────────────────────────────────────────────────────────────────

/** Code and name of clients by id (group attendees). */
export async function clientLabels(db: Executor, ids: string[]): Promise<Map<string, { code: string; name: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: psychClients.id, code: psychClients.code, name: psychClients.name })
    .from(psychClients)
    .where(inArray(psychClients.id, ids));
  return new Map(rows.map((r) => [r.id, { code: r.code, name: r.name }]));
}

export const listGroups = (db: Executor, scope: Scope) =>
  db
    .select({ group: psychGroups, facilitatorName: users.displayName })
    .from(psychGroups)
    .leftJoin(users, eq(users.id, psychGroups.facilitatorId))
    .where(inScope(scope, psychGroups.jurisdictionId))
    .orderBy(desc(psychGroups.heldAt))
    .limit(500);

export async function insertGroup(db: Executor, values: typeof psychGroups.$inferInsert): Promise<GroupRow> {
  const [row] = await db.insert(psychGroups).values(values).returning();
  return row!;
}

/** The ids among `ids` that are open clients in scope. */
export async function clientIdsInScope(db: Executor, scope: Scope, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: psychClients.id })
    .from(psychClients)
    .where(and(inArray(psychClients.id, ids), eq(psychClients.status, 'open'), inScope(scope, psychClients.jurisdictionId)));
  return new Set(rows.map((r) => r.id));
}

// ── break-glass ──────────────────────────────────────────────────────────────────────────────────

/** The live grant of `userId` for `clientId` at `now`, if any. */
export async function liveGrant(db: Executor, userId: string, clientId: string, now: Date): Promise<BreakGlassRow | undefined> {
  const [row] = await db
    .select()
    .from(psychBreakGlass)
    .where(and(eq(psychBreakGlass.userId, userId), eq(psychBreakGlass.clientId, clientId), gt(psychBreakGlass.expiresAt, now)))
    .orderBy(desc(psychBreakGlass.expiresAt))
    .limit(1);
  return row;
}

export async function insertBreakGlass(db: Executor, values: typeof psychBreakGlass.$inferInsert): Promise<BreakGlassRow> {
  const [row] = await db.insert(psychBreakGlass).values(values).returning();
  return row!;
}

export const countGrantRead = (db: Executor, id: string) =>
  db
    .update(psychBreakGlass)
    .set({ reads: sql`${psychBreakGlass.reads} + 1` })
    .where(eq(psychBreakGlass.id, id));

const reviewer = sql<string | null>`(SELECT u.display_name FROM users u WHERE u.id = ${psychBreakGlass.reviewedBy})`;

export const listBreakGlass = (db: Executor, scope: Scope, pendingOnly: boolean) =>
  db
    .select({ grant: psychBreakGlass, userName: users.displayName, clientCode: psychClients.code, reviewedByName: reviewer })
    .from(psychBreakGlass)
    .innerJoin(users, eq(users.id, psychBreakGlass.userId))
    .leftJoin(psychClients, eq(psychClients.id, psychBreakGlass.clientId))
    .where(and(inScope(scope, psychBreakGlass.jurisdictionId), pendingOnly ? isNull(psychBreakGlass.reviewedAt) : undefined))
    .orderBy(desc(psychBreakGlass.grantedAt))
    .limit(500);

export async function findBreakGlass(db: Executor, scope: Scope, id: string): Promise<BreakGlassRow | undefined> {
  const [row] = await db
    .select()
    .from(psychBreakGlass)
    .where(and(eq(psychBreakGlass.id, id), inScope(scope, psychBreakGlass.jurisdictionId)));
  return row;
}

export async function updateBreakGlass(db: Executor, id: string, values: Partial<typeof psychBreakGlass.$inferInsert>) {
  const [row] = await db.update(psychBreakGlass).set(values).where(eq(psychBreakGlass.id, id)).returning();
  return row!;
}

// ── links ────────────────────────────────────────────────────────────────────────────────────────

export async function insertLink(db: Executor, values: typeof psychLinks.$inferInsert) {
  const [row] = await db.insert(psychLinks).values(values).returning();
  return row!;
}

/** A link usable at `now` (not used, not expired), locked for the answer's transaction when `forUpdate`. */
export async function usableLink(db: Executor, tokenHash: string, now: Date, forUpdate = false) {
  const q = db
    .select()
    .from(psychLinks)
    .where(and(eq(psychLinks.tokenHash, tokenHash), isNull(psychLinks.usedAt), gt(psychLinks.expiresAt, now)));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export const markLinkUsed = (db: Executor, id: string, at: Date, screeningId: string) =>
  db.update(psychLinks).set({ usedAt: at, screeningId }).where(eq(psychLinks.id, id));

// ── settings ─────────────────────────────────────────────────────────────────────────────────────

export async function readSettings(db: Executor): Promise<Map<string, unknown>> {
  const rows = await db.select().from(psychSettings);
  return new Map(rows.map((r) => [r.key, r.value]));
}

export async function writeSetting(db: Executor, key: string, value: unknown, userId: string | null) {
  await db
    .insert(psychSettings)
    .values({ key, value, updatedBy: userId })
    .onConflictDoUpdate({ target: psychSettings.key, set: { value, updatedBy: userId, updatedAt: new Date() } });
}

// ── aggregates (counts only) ─────────────────────────────────────────────────────────────────────

export async function aggregateCounts(db: Executor, from: Date, to: Date) {
  const day = sql<string>`to_char((${psychCalls.calledAt} AT TIME ZONE INTERVAL ${sql.raw(`'${DISTRICT_UTC_OFFSET}'`)})::date, 'YYYY-MM-DD')`;
  const [calls, screenings, referrals] = await Promise.all([
    db
      .select({ date: day, n: count() })
      .from(psychCalls)
      .where(and(gte(psychCalls.calledAt, from), lte(psychCalls.calledAt, to)))
      .groupBy(day),
    db
      .select({ instrument: psychScreenings.instrument, band: psychScreenings.band, n: count() })
      .from(psychScreenings)
      .where(and(gte(psychScreenings.screenedAt, from), lte(psychScreenings.screenedAt, to)))
      .groupBy(psychScreenings.instrument, psychScreenings.band),
    db.select({ status: psychReferrals.status, n: count() }).from(psychReferrals).groupBy(psychReferrals.status),
  ]);
  return { calls, screenings, referrals };
}

// ── retention ────────────────────────────────────────────────────────────────────────────────────

/** Deletes closed clients untouched since `before` (their history cascades) and calls older than it with no client. */
export async function purgeBefore(db: Executor, before: Date): Promise<{ clientIds: string[]; calls: number; groups: number }> {
  const clients = await db
    .delete(psychClients)
    .where(and(eq(psychClients.status, 'closed'), lt(psychClients.lastActivityAt, before)))
    .returning({ id: psychClients.id });
  const calls = await db
    .delete(psychCalls)
    .where(and(lt(psychCalls.calledAt, before), isNull(psychCalls.clientId)))
    .returning({ id: psychCalls.id });
  const groups = await db.delete(psychGroups).where(lt(psychGroups.heldAt, before)).returning({ id: psychGroups.id });
  return { clientIds: clients.map((c) => c.id), calls: calls.length, groups: groups.length };
}
