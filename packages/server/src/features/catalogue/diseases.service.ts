/**
 * Rules of the disease catalogue: read by anyone who picks a disease (cases, signals, alerts, incidents), edited
 * with diseases.manage; every change audited in its transaction and announced on the live topic 'diseases'.
 */
import { findMethod } from '@outbreak/surveillance';
import type { Right } from '../../platform/auth/rights.ts';
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import { hasRight, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Database } from '../../platform/db/database.ts';
import { conflict, forbidden, notFound, validationFailed } from '../../platform/errors.ts';
import { publishLive } from '../../platform/live/live.ts';
import type { DiseaseCreate, DiseasePatch } from './catalogue.schema.ts';
import { type DiseaseRow, findDisease, insertDisease, listDiseases, updateDisease } from './diseases.store.ts';

const actorOf = (p: Principal): AuditActor => ({ id: p.id, username: p.username });

/** Any of these lets a user read the catalogue (signals, alerts and incidents pick diseases from it). */
const CATALOGUE_READERS: Right[] = ['cases.read', 'signals.read', 'alerts.read', 'incidents.read', 'diseases.manage'];

function presentDisease(d: DiseaseRow) {
  const { createdAt: _createdAt, ...rest } = d;
  return { ...rest, updatedAt: d.updatedAt.toISOString() };
}
export type DiseaseView = ReturnType<typeof presentDisease>;

export async function listDiseasesFor(database: Database, principal: Principal, query: { includeInactive: boolean }) {
  if (!CATALOGUE_READERS.some((r) => hasRight(principal, r))) throw forbidden();
  const rows = await listDiseases(database.db, query.includeInactive);
  return { items: rows.map(presentDisease) };
}

export async function getDiseaseFor(database: Database, principal: Principal, id: string) {
  if (!CATALOGUE_READERS.some((r) => hasRight(principal, r))) throw forbidden();
  const row = await findDisease(database.db, id);
  if (!row) throw notFound('disease');
  return presentDisease(row);
}

/** The method must be one @outbreak/surveillance runs; detection passes it straight through. */
function methodIssues(method: string | undefined) {
  if (method === undefined || findMethod(method)) return [];
  return [
    { path: 'defaultMethod', message: `unknown detection method '${method}' (e.g. mpm, fixedThreshold, farringtonFlexible, earsC_C1)` },
  ];
}

export async function createDiseaseAs(database: Database, principal: Principal, input: DiseaseCreate, ip: string | null) {
  scopeFor(principal, 'diseases.manage');
  const issues = methodIssues(input.defaultMethod);
  if (issues.length > 0) throw validationFailed(issues);
  const urgent = input.class === 'A' || input.managedAsClassA;
  const reportDeadlineHours = input.reportDeadlineHours ?? (urgent ? 2 : 24);
  const values = { ...input, reportDeadlineHours, verificationHours: input.verificationHours ?? reportDeadlineHours };
  return database.db.transaction(async (tx) => {
    if ((await listDiseases(tx, true)).some((d) => d.code === input.code)) {
      throw conflict('already_exists', 'A disease with this code already exists', [{ path: 'code', message: 'already in use' }]);
    }
    const row = await insertDisease(tx, values);
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'disease', entityId: row.id, after: row });
    await publishLive(tx, { topic: 'diseases', id: row.id, action: 'created', everywhere: true });
    return presentDisease(row);
  });
}

export async function updateDiseaseAs(database: Database, principal: Principal, id: string, patch: DiseasePatch, ip: string | null) {
  scopeFor(principal, 'diseases.manage');
  const issues = methodIssues(patch.defaultMethod);
  if (issues.length > 0) throw validationFailed(issues);
  return database.db.transaction(async (tx) => {
    const before = await findDisease(tx, id);
    if (!before) throw notFound('disease');
    const after = await updateDisease(tx, id, patch);
    if (!after) throw notFound('disease');
    await audit(tx, { actor: actorOf(principal), ip, action: 'update', entityType: 'disease', entityId: id, before, after });
    await publishLive(tx, { topic: 'diseases', id, action: 'updated', everywhere: true });
    return presentDisease(after);
  });
}
