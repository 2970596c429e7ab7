/**
 * Saved column mappings: a clerk names the mapping of a file layout ("the fever clinic's weekly sheet") and reuses
 * it. Scoped like the records they import: a mapping belongs to a jurisdiction, a user sees and changes only the
 * mappings within their import scope (a township officer cannot replace the district's), every change audited.
 */
import { and, eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { type Principal, inScope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database } from '../../platform/db/database.ts';
import { notFound, validationFailed } from '../../platform/errors.ts';
import { refusal } from './imports.errors.ts';
import { type ImportKind, importMappings } from './imports.tables.ts';
import { lastId, specOf } from './imports.job.ts';

export interface MappingView {
  id: string;
  kind: ImportKind;
  name: string;
  /** the jurisdiction the mapping belongs to (the root of its author's import scope) */
  jurisdictionId: string;
  columns: Record<string, string>;
  values: Record<string, Record<string, string>>;
  updatedAt: string;
}

const mappingView = (m: typeof importMappings.$inferSelect): MappingView => ({
  id: m.id,
  kind: m.kind,
  name: m.name,
  jurisdictionId: m.jurisdictionId,
  columns: m.columns,
  values: m.valueMaps,
  updatedAt: m.updatedAt.toISOString(),
});

/**
 * Saved mappings are scoped like import jobs (issue 11, item 7): a user lists, uses, replaces and deletes only the
 * mappings of jurisdictions within their scope of the kind's import right, so a township officer cannot change the
 * district's mappings; a mapping is saved at the root of the saver's scope.
 */
export async function listMappings(database: Database, principal: Principal, kind: ImportKind): Promise<MappingView[]> {
  const scope = scopeFor(principal, specOf(kind).right);
  const rows = await database.db
    .select()
    .from(importMappings)
    .where(and(eq(importMappings.kind, kind), inScope(scope, importMappings.jurisdictionId)))
    .orderBy(importMappings.name, importMappings.id);
  return rows.map(mappingView);
}

/** Saves a mapping under its name at the root of the saver's scope: a new one, or replaces the one of that name there (audited either way). */
export async function saveMapping(
  database: Database,
  principal: Principal,
  input: { kind: ImportKind; name: string; columns: Record<string, string>; values: Record<string, Record<string, string>> },
  ctx: { ip?: string | null },
): Promise<{ mapping: MappingView; created: boolean }> {
  const spec = specOf(input.kind);
  const scope = scopeFor(principal, spec.right);
  const jurisdictionId = lastId(scope.paths[0]!);
  const known = new Set(spec.fields.map((f) => f.field));
  const issues = [...Object.keys(input.columns), ...Object.keys(input.values)]
    .filter((f) => !known.has(f))
    .map((f) => refusal(`columns.${f}`, 'mapping_unknown_field', { field: f }));
  if (issues.length > 0) throw validationFailed(issues);
  return database.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(importMappings)
      .where(
        and(eq(importMappings.kind, input.kind), eq(importMappings.jurisdictionId, jurisdictionId), eq(importMappings.name, input.name)),
      );
    const [row] = before
      ? await tx
          .update(importMappings)
          .set({ columns: input.columns, valueMaps: input.values, updatedAt: new Date() })
          .where(eq(importMappings.id, before.id))
          .returning()
      : await tx
          .insert(importMappings)
          .values({
            kind: input.kind,
            name: input.name,
            jurisdictionId,
            columns: input.columns,
            valueMaps: input.values,
            createdBy: principal.id,
          })
          .returning();
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip: ctx.ip,
      action: before ? 'update' : 'create',
      entityType: 'import_mapping',
      entityId: row!.id,
      before: before ? mappingView(before) : undefined,
      after: mappingView(row!),
    });
    return { mapping: mappingView(row!), created: !before };
  });
}

/** Deletes a saved mapping within the principal's scope; 404 for one outside it (as for one that does not exist). */
export async function deleteMapping(database: Database, principal: Principal, id: string, ctx: { ip?: string | null }): Promise<void> {
  const [found] = await database.db.select().from(importMappings).where(eq(importMappings.id, id));
  if (!found) throw notFound('mapping');
  const scope = scopeFor(principal, specOf(found.kind).right);
  await database.db.transaction(async (tx) => {
    const deleted = await tx
      .delete(importMappings)
      .where(and(eq(importMappings.id, id), inScope(scope, importMappings.jurisdictionId)))
      .returning({ id: importMappings.id });
    if (deleted.length === 0) throw notFound('mapping');
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip: ctx.ip,
      action: 'delete',
      entityType: 'import_mapping',
      entityId: id,
      before: mappingView(found),
    });
  });
}

/** The fields of a kind, for the mapping step. */
export function fieldsOf(principal: Principal, kind: ImportKind) {
  const spec = specOf(kind);
  scopeFor(principal, spec.right);
  return { kind, fields: spec.fields.map((f) => ({ field: f.field, required: f.required })), modes: [...spec.modes] };
}
