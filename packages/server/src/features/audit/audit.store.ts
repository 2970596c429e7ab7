/**
 * Reading the audit log. The log is district-wide security data: reading it needs `audit.read`, and an
 * auditor with that right at a township sees the records whose actor holds a role within their township.
 *
 * `audit.read` is not a right to the records the log describes: for entity types with an audit policy
 * (platform/audit/audit-policies.ts: case reports, users …) an entry's before/after are shown only to a reader
 * who also holds the entity's read right over the entry's jurisdiction; others see action, actor, time and
 * which fields changed (`detailsHidden: true`). Sensitive values are shown as '[protected]' to everyone, also in
 * entries written before they stopped being stored.
 *
 * Names, not ids: each actor comes with their display name, and the page carries `names`, the ids it holds (the
 * entities, and the ids inside the before/after shown to the reader) resolved to what they are — a user (only one
 * the reader may audit), a jurisdiction, agency or facility (only within the reader's registry.read scope), a role
 * id (its label). Details the reader may not see are not searched, so no name reveals what they hide.
 */
import { type AnyColumn, and, asc, count, desc, eq, gte, ilike, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { auditLog, jurisdictions, userRoles, users } from '../../platform/db/platform.tables.ts';
import { ROLES, isRoleId } from '../../platform/auth/rights.ts';
import { inScope, inScopePath, pathInScope, type Principal, scopeFor, type Scope } from '../../platform/auth/scope.ts';
import { agencies, facilities } from '../registry/index.ts';
import { auditPolicyOf, changedFieldsOf, withoutSensitiveValues } from '../../platform/audit/audit-policies.ts';
import { canonicalJson } from '../../platform/audit/canonical-json.ts';

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

/** One presented audit record. */
export interface AuditRecordView {
  seq: number;
  at: string;
  actor: { id: string | null; username: string | null; displayName: string | null } | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  /** the top-level fields the entry changed (null when before/after are not records) */
  changedFields: string[] | null;
  /** true when the reader may not see this entry's before/after (they are null then) */
  detailsHidden: boolean;
  ip: string | null;
}

/**
 * A page of audit records, newest first. A scope covering a whole root (a district administrator) sees every
 * record, including the system's; a narrower scope sees the records of actors holding a role inside it.
 */
export async function listAudit(
  db: Executor,
  scope: Scope,
  query: AuditQuery,
  options: { wholeTree: boolean; principal: Principal },
): Promise<{ items: AuditRecordView[]; total: number; names: Record<string, AuditName> }> {
  const conditions: (SQL | undefined)[] = [
    query.entityType ? eq(auditLog.entityType, query.entityType) : undefined,
    query.entityId ? eq(auditLog.entityId, query.entityId) : undefined,
    query.actorId ? eq(auditLog.actorId, query.actorId) : undefined,
    query.action ? eq(auditLog.action, query.action) : undefined,
    query.from ? gte(auditLog.at, query.from) : undefined,
    query.to ? lte(auditLog.at, query.to) : undefined,
  ];
  if (!options.wholeTree) conditions.push(auditable(scope, auditLog.actorId));
  const where = and(...conditions);
  const [{ total }] = (await db.select({ total: count() }).from(auditLog).where(where)) as [{ total: number }];
  const joined = await db
    .select({ r: auditLog, actorName: users.displayName })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(where)
    .orderBy(desc(auditLog.seq))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const rows = joined.map((x) => x.r);
  const actorNames = new Map(joined.map((x) => [x.r.seq, x.actorName]));
  const jurisdictionIds = new Map(rows.map((r) => [r.seq, r.jurisdictionId ?? jurisdictionIdIn(r.after) ?? jurisdictionIdIn(r.before)]));
  const wanted = [...new Set([...jurisdictionIds.values()].filter((id): id is string => id !== null))];
  const paths = new Map(
    wanted.length === 0
      ? []
      : (
          await db.select({ id: jurisdictions.id, path: jurisdictions.path }).from(jurisdictions).where(inArray(jurisdictions.id, wanted))
        ).map((j) => [j.id, j.path] as const),
  );
  const items = rows.map((r): AuditRecordView => {
    const policy = auditPolicyOf(r.entityType);
    const sensitive = policy?.sensitiveFields ?? [];
    const jurisdictionId = jurisdictionIds.get(r.seq) ?? null;
    const shown =
      !policy || mayReadEntity(options.principal, policy.readRight, jurisdictionId ? (paths.get(jurisdictionId) ?? null) : undefined);
    return {
      seq: r.seq,
      at: r.at.toISOString(),
      actor:
        r.actorId === null && r.actorUsername === null
          ? null
          : { id: r.actorId, username: r.actorUsername, displayName: actorNames.get(r.seq) ?? null },
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      before: shown ? withoutSensitiveValues(r.before, sensitive) : null,
      after: shown ? withoutSensitiveValues(r.after, sensitive) : null,
      // entries written before 0027 have no stored list: the difference of their before/after
      changedFields:
        r.chainVersion === 1 ? changedFieldsOf(r.before, r.after, (a, b) => canonicalJson(a) === canonicalJson(b)) : r.changedFields,
      detailsHidden: !shown,
      ip: r.ip,
    };
  });
  return { total: Number(total), items, names: await namesOf(db, scope, items, options) };
}

/** What an id (or a role id) in a page of the log stands for. */
export interface AuditName {
  kind: 'user' | 'jurisdiction' | 'agency' | 'facility' | 'role';
  name: string;
  nameEn: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The uuids and role ids inside a shown before/after (role ids: the values of fields named `role`). */
function collectIds(value: unknown, ids: Set<string>, roles: Set<string>, key = ''): void {
  if (typeof value === 'string') {
    if (UUID.test(value)) ids.add(value.toLowerCase());
    else if (key === 'role' && isRoleId(value)) roles.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectIds(item, ids, roles, key);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectIds(v, ids, roles, k);
  }
}

/** SQL: the user `userId` holds a role inside the scope (an auditor below the district sees those users only). */
function auditable(scope: Scope, userId: AnyColumn): SQL {
  return sql`EXISTS (SELECT 1 FROM ${userRoles} WHERE ${userRoles.userId} = ${userId} AND ${inScope(scope, userRoles.jurisdictionId)})`;
}

/** The names of the ids the page holds, as far as the reader may know them (module comment). */
async function namesOf(
  db: Executor,
  scope: Scope,
  items: AuditRecordView[],
  options: { wholeTree: boolean; principal: Principal },
): Promise<Record<string, AuditName>> {
  const ids = new Set<string>();
  const roles = new Set<string>();
  for (const item of items) {
    if (item.entityId && UUID.test(item.entityId)) ids.add(item.entityId.toLowerCase());
    if (!item.detailsHidden) {
      collectIds(item.before, ids, roles);
      collectIds(item.after, ids, roles);
    }
  }
  const names: Record<string, AuditName> = {};
  for (const role of roles) {
    const def = ROLES[role as keyof typeof ROLES];
    names[role] = { kind: 'role', name: def.name, nameEn: def.nameEn };
  }
  if (ids.size === 0) return names;
  const wanted = [...ids];
  const people = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(and(inArray(users.id, wanted), options.wholeTree ? undefined : auditable(scope, users.id)));
  for (const p of people) names[p.id] = { kind: 'user', name: p.name, nameEn: null };
  let registry: Scope;
  try {
    registry = scopeFor(options.principal, 'registry.read');
  } catch {
    return names; // no registry.read: places, agencies and facilities stay ids
  }
  const places = await db
    .select({ id: jurisdictions.id, name: jurisdictions.name, nameEn: jurisdictions.nameEn })
    .from(jurisdictions)
    .where(and(inArray(jurisdictions.id, wanted), inScopePath(registry, jurisdictions.path)));
  for (const p of places) names[p.id] = { kind: 'jurisdiction', name: p.name, nameEn: p.nameEn };
  const bodies = await db
    .select({ id: agencies.id, name: agencies.name, nameEn: agencies.nameEn })
    .from(agencies)
    .where(and(inArray(agencies.id, wanted), inScope(registry, agencies.jurisdictionId)));
  for (const a of bodies) names[a.id] = { kind: 'agency', name: a.name, nameEn: a.nameEn };
  const sites = await db
    .select({ id: facilities.id, name: facilities.name, nameEn: facilities.nameEn })
    .from(facilities)
    .where(and(inArray(facilities.id, wanted), inScope(registry, facilities.jurisdictionId)));
  for (const f of sites) names[f.id] = { kind: 'facility', name: f.name, nameEn: f.nameEn };
  return names;
}

/**
 * The people an auditor may filter the log by (the user picker): enabled or not, those holding a role inside the
 * auditor's scope (everyone for a district auditor), matching `q` on name or username, by name.
 */
export async function listAuditActors(db: Executor, scope: Scope, q: string | undefined, options: { wholeTree: boolean; limit: number }) {
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName, disabled: users.disabled })
    .from(users)
    .where(
      and(
        pattern ? or(ilike(users.displayName, pattern), ilike(users.username, pattern)) : undefined,
        options.wholeTree ? undefined : auditable(scope, users.id),
      ),
    )
    .orderBy(asc(users.displayName), asc(users.username))
    .limit(options.limit);
}

function jurisdictionIdIn(value: unknown): string | null {
  const id = value !== null && typeof value === 'object' ? (value as { jurisdictionId?: unknown }).jurisdictionId : undefined;
  return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? id.toLowerCase() : null;
}

/**
 * Whether the reader holds `right` over the record's jurisdiction (a record without one: anywhere). A
 * jurisdiction id that no longer resolves counts as out of scope.
 */
function mayReadEntity(principal: Principal, right: Parameters<typeof scopeFor>[1], jurisdictionPath: string | undefined | null): boolean {
  let scope: Scope;
  try {
    scope = scopeFor(principal, right);
  } catch {
    return false;
  }
  if (jurisdictionPath === undefined) return true;
  return jurisdictionPath !== null && pathInScope(scope, jurisdictionPath);
}

/** Whether the scope includes a whole district (or a higher level): such auditors see every record. */
export async function scopeCoversDistrict(db: Executor, scope: Scope): Promise<boolean> {
  if (scope.paths.length === 0) return false;
  const rows = await db.select({ level: jurisdictions.level }).from(jurisdictions).where(inArray(jurisdictions.path, scope.paths));
  return rows.some((r) => r.level === 'district' || r.level === 'city' || r.level === 'province');
}
