/**
 * Reading the audit log. The log is district-wide security data: reading it needs `audit.read`, and an
 * auditor with that right at a township sees the records whose actor holds a role within their township.
 */
import { and, count, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { auditLog, jurisdictions, userRoles } from '../../platform/db/platform.tables.ts';
import { inScope, type Scope } from '../../platform/auth/scope.ts';

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
  actor: { id: string | null; username: string | null } | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
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
  options: { wholeTree: boolean },
): Promise<{ items: AuditRecordView[]; total: number }> {
  const conditions: (SQL | undefined)[] = [
    query.entityType ? eq(auditLog.entityType, query.entityType) : undefined,
    query.entityId ? eq(auditLog.entityId, query.entityId) : undefined,
    query.actorId ? eq(auditLog.actorId, query.actorId) : undefined,
    query.action ? eq(auditLog.action, query.action) : undefined,
    query.from ? gte(auditLog.at, query.from) : undefined,
    query.to ? lte(auditLog.at, query.to) : undefined,
  ];
  if (!options.wholeTree) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${userRoles} WHERE ${userRoles.userId} = ${auditLog.actorId} AND ${inScope(scope, userRoles.jurisdictionId)})`,
    );
  }
  const where = and(...conditions);
  const [{ total }] = (await db.select({ total: count() }).from(auditLog).where(where)) as [{ total: number }];
  const rows = await db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.seq))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return {
    total: Number(total),
    items: rows.map((r) => ({
      seq: r.seq,
      at: r.at.toISOString(),
      actor: r.actorId === null && r.actorUsername === null ? null : { id: r.actorId, username: r.actorUsername },
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      before: r.before,
      after: r.after,
      ip: r.ip,
    })),
  };
}

/** Whether the scope includes a whole district (or a higher level): such auditors see every record. */
export async function scopeCoversDistrict(db: Executor, scope: Scope): Promise<boolean> {
  if (scope.paths.length === 0) return false;
  const rows = await db
    .select({ level: jurisdictions.level })
    .from(jurisdictions)
    .where(inArray(jurisdictions.path, scope.paths));
  return rows.some((r) => r.level === 'district' || r.level === 'city' || r.level === 'province');
}
