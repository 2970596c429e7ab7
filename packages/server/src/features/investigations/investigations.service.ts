/**
 * Rules of the epidemiological investigation (流调) of a case (docs/travel.md). Scoped like the case: read by
 * whoever may read the case (cases.read, a hospital reporter its facility's cases), written by holders of
 * contacts.write over the case's place (the district CDC everywhere, a township officer in their township).
 * Every change is audited (places and notes protected, audit-policies.ts) and announced on the live topic
 * 'investigations'. A journey entry on a recorded trip links the case to the trip (travel.manage) and builds its
 * exposure cohort in the same transaction.
 */
import { eq } from 'drizzle-orm';
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import { facilityScopeFor, hasRight, pathInScope, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { conflict, forbidden, notFound, validationFailed, type FieldIssue } from '../../platform/errors.ts';
import { publishLive } from '../../platform/live/live.ts';
import { districtDate, districtToday } from '../../platform/time/district-time.ts';
import { type CaseRow, findCaseRow } from '../cases/index.ts';
import { linkCaseInTx } from '../travel/index.ts';
import type { EventCreate, EventPatch, InvestigationPatch, InvestigationStart } from './investigations.schema.ts';
import {
  eventsOf,
  findEvent,
  findInvestigation,
  findInvestigationOfCase,
  findTripBrief,
  type InvestigationRow,
  incubationOf,
  investigatorName,
} from './investigations.store.ts';
import { type EventKind, investigationEvents, investigations, JOURNEY_KINDS } from './investigations.tables.ts';

const actorOf = (p: Principal): AuditActor => ({ id: p.id, username: p.username });
const iso = (d: Date) => d.toISOString();
const day = (d: unknown) => String(d).slice(0, 10);

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function pathOf(db: Database['db'] | Tx, id: string): Promise<string> {
  const [j] = await db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, id));
  return j?.path ?? '';
}

/** The case, if the principal may read it (404 otherwise). */
async function readableCase(db: Database['db'] | Tx, principal: Principal, caseId: string): Promise<CaseRow> {
  const report = await findCaseRow(db, facilityScopeFor(principal, 'cases.read'), caseId);
  if (!report) throw notFound('case');
  return report;
}

async function mayWrite(db: Database['db'] | Tx, principal: Principal, report: CaseRow): Promise<boolean> {
  if (!hasRight(principal, 'contacts.write')) return false;
  return pathInScope(scopeFor(principal, 'contacts.write'), await pathOf(db, report.jurisdictionId));
}

async function writableCase(tx: Tx, principal: Principal, caseId: string): Promise<CaseRow> {
  scopeFor(principal, 'contacts.write');
  const report = await readableCase(tx, principal, caseId);
  if (!(await mayWrite(tx, principal, report))) throw forbidden();
  return report;
}

async function suggestedWindow(db: Database['db'] | Tx, report: CaseRow) {
  const to = districtDate(report.diagnosisAt);
  const start = report.onsetDate ? day(report.onsetDate) : to;
  const days = await incubationOf(db, report.diseaseId);
  return { from: addDays(start, -days), to: start > to ? start : to };
}

async function present(db: Database['db'] | Tx, row: InvestigationRow) {
  const events = await eventsOf(db, row.id, row.caseId);
  const windowFrom = day(row.windowFrom);
  const windowTo = day(row.windowTo);
  const name = await investigatorName(db, row.investigatorId);
  return {
    id: row.id,
    caseId: row.caseId,
    jurisdictionId: row.jurisdictionId,
    status: row.status,
    windowFrom,
    windowTo,
    likelySourceKind: row.likelySourceKind,
    likelySource: row.likelySource,
    notes: row.notes,
    investigator: row.investigatorId && name ? { id: row.investigatorId, displayName: name } : null,
    events: events.map(({ event: e, tripCode, tripMode, tripNumber, exposureId }) => {
      const from = districtDate(e.startsAt);
      const to = e.endsAt ? districtDate(e.endsAt) : from;
      return {
        id: e.id,
        kind: e.kind,
        startsAt: iso(e.startsAt),
        endsAt: e.endsAt ? iso(e.endsAt) : null,
        place: e.place,
        activity: e.activity,
        trip:
          e.tripId && tripCode && tripMode
            ? { id: e.tripId, code: tripCode, mode: tripMode, serviceNumber: tripNumber ?? '', exposureId: exposureId ?? null }
            : null,
        serviceNumber: e.serviceNumber,
        deck: e.deck,
        cabin: e.cabin,
        seat: e.seat,
        notes: e.notes,
        inWindow: to >= windowFrom && from <= windowTo,
        createdAt: iso(e.createdAt),
      };
    }),
    closedAt: row.closedAt ? iso(row.closedAt) : null,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

async function announce(tx: Tx, row: InvestigationRow, action: string) {
  await publishLive(tx, {
    topic: 'investigations',
    id: row.caseId,
    action,
    right: 'cases.read',
    jurisdictionPath: await pathOf(tx, row.jurisdictionId),
  });
}

export async function caseInvestigationFor(database: Database, principal: Principal, caseId: string) {
  const report = await readableCase(database.db, principal, caseId);
  const row = await findInvestigationOfCase(database.db, caseId);
  return {
    case: {
      id: report.id,
      code: report.code,
      classification: report.classification,
      onsetDate: report.onsetDate ? day(report.onsetDate) : null,
      diagnosisAt: iso(report.diagnosisAt),
    },
    suggestedWindow: await suggestedWindow(database.db, report),
    investigation: row ? await present(database.db, row) : null,
    canWrite: await mayWrite(database.db, principal, report),
  };
}

function windowIssues(from: string, to: string, today: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (to < from) issues.push({ path: 'windowTo', message: 'must not be before windowFrom' });
  if (from > today) issues.push({ path: 'windowFrom', message: 'must not be in the future' });
  return issues;
}

export async function startInvestigationAs(
  database: Database,
  principal: Principal,
  caseId: string,
  input: InvestigationStart,
  ip: string | null,
  now = new Date(),
) {
  await database.db.transaction(async (tx) => {
    const report = await writableCase(tx, principal, caseId);
    if (report.status === 'merged') throw validationFailed([{ path: 'caseId', message: 'the case report was merged into another' }]);
    if (await findInvestigationOfCase(tx, caseId, true))
      throw conflict('already_exists', 'This case already has an investigation', { caseId });
    const suggested = await suggestedWindow(tx, report);
    const windowFrom = input.windowFrom ?? suggested.from;
    const windowTo = input.windowTo ?? suggested.to;
    const issues = windowIssues(windowFrom, windowTo, districtToday(now));
    if (issues.length > 0) throw validationFailed(issues);
    const [row] = await tx
      .insert(investigations)
      .values({ caseId, jurisdictionId: report.jurisdictionId, windowFrom, windowTo, investigatorId: principal.id })
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'investigation', entityId: row!.id, after: row });
    await announce(tx, row!, 'created');
  });
  return caseInvestigationFor(database, principal, caseId);
}

async function writableInvestigation(tx: Tx, principal: Principal, id: string) {
  const row = await findInvestigation(tx, id, true);
  if (!row) throw notFound('investigation');
  try {
    await writableCase(tx, principal, row.caseId);
  } catch (e) {
    // an investigation of a case the reader may not see does not exist for them
    if ((e as { code?: string }).code === 'not_found') throw notFound('investigation');
    throw e;
  }
  return row;
}

export async function updateInvestigationAs(
  database: Database,
  principal: Principal,
  id: string,
  patch: InvestigationPatch,
  ip: string | null,
  now = new Date(),
) {
  const caseId = await database.db.transaction(async (tx) => {
    const before = await writableInvestigation(tx, principal, id);
    const windowFrom = patch.windowFrom ?? day(before.windowFrom);
    const windowTo = patch.windowTo ?? day(before.windowTo);
    const issues = windowIssues(windowFrom, windowTo, districtToday(now));
    if (issues.length > 0) throw validationFailed(issues);
    const closing = patch.status === 'closed' && before.status !== 'closed';
    const reopening = patch.status === 'open' && before.status === 'closed';
    const [after] = await tx
      .update(investigations)
      .set({
        ...patch,
        windowFrom,
        windowTo,
        closedAt: closing ? now : reopening ? null : before.closedAt,
        updatedAt: now,
      })
      .where(eq(investigations.id, id))
      .returning();
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: closing ? 'close' : 'update',
      entityType: 'investigation',
      entityId: id,
      before,
      after,
    });
    await announce(tx, after!, 'updated');
    return before.caseId;
  });
  return caseInvestigationFor(database, principal, caseId);
}

const isJourney = (kind: EventKind) => (JOURNEY_KINDS as readonly string[]).includes(kind);

async function eventIssues(tx: Tx, e: { kind: EventKind; startsAt: string; endsAt: string | null; tripId: string | null }, now: Date) {
  const issues: FieldIssue[] = [];
  if (e.endsAt && new Date(e.endsAt) < new Date(e.startsAt)) issues.push({ path: 'endsAt', message: 'must not be before startsAt' });
  if (new Date(e.startsAt).getTime() > now.getTime() + 5 * 60_000) issues.push({ path: 'startsAt', message: 'must not be in the future' });
  if (e.tripId) {
    if (!isJourney(e.kind)) issues.push({ path: 'tripId', message: 'only a journey (voyage, bus, train, flight, port shift) has a trip' });
    const trip = await findTripBrief(tx, e.tripId);
    if (!trip) issues.push({ path: 'tripId', message: 'no such trip' });
    else if (isJourney(e.kind) && trip.mode !== e.kind)
      issues.push({ path: 'tripId', message: `the trip is a ${trip.mode}, not a ${e.kind}` });
  }
  return issues;
}

/** Links the case to the entry's trip (and builds the cohort): needs travel.manage over the trip. */
async function linkTrip(tx: Tx, principal: Principal, caseId: string, e: EventCreate, ip: string | null) {
  if (!e.tripId) return;
  await linkCaseInTx(
    tx,
    principal,
    scopeFor(principal, 'travel.manage'),
    e.tripId,
    { caseId, deck: e.deck, cabin: e.cabin, seat: e.seat, boardedAt: e.boardedAt, alightedAt: e.alightedAt, notes: e.notes },
    ip,
  );
}

export async function addEventAs(
  database: Database,
  principal: Principal,
  id: string,
  input: EventCreate,
  ip: string | null,
  now = new Date(),
) {
  const caseId = await database.db.transaction(async (tx) => {
    const inv = await writableInvestigation(tx, principal, id);
    const issues = await eventIssues(tx, input, now);
    if (issues.length > 0) throw validationFailed(issues);
    const { boardedAt: _b, alightedAt: _a, ...fields } = input;
    const [row] = await tx
      .insert(investigationEvents)
      .values({
        ...fields,
        investigationId: id,
        jurisdictionId: inv.jurisdictionId,
        startsAt: new Date(input.startsAt),
        endsAt: input.endsAt ? new Date(input.endsAt) : null,
        createdBy: principal.id,
      })
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'investigation_event', entityId: row!.id, after: row });
    await linkTrip(tx, principal, inv.caseId, input, ip);
    await tx.update(investigations).set({ updatedAt: now }).where(eq(investigations.id, id));
    await announce(tx, inv, 'event');
    return inv.caseId;
  });
  return caseInvestigationFor(database, principal, caseId);
}

export async function updateEventAs(
  database: Database,
  principal: Principal,
  id: string,
  eventId: string,
  patch: EventPatch,
  ip: string | null,
  now = new Date(),
) {
  const caseId = await database.db.transaction(async (tx) => {
    const inv = await writableInvestigation(tx, principal, id);
    const before = await findEvent(tx, id, eventId);
    if (!before) throw notFound('investigation event');
    const merged = {
      kind: patch.kind ?? before.kind,
      startsAt: patch.startsAt ?? iso(before.startsAt),
      endsAt: patch.endsAt !== undefined ? patch.endsAt : before.endsAt ? iso(before.endsAt) : null,
      tripId: patch.tripId !== undefined ? patch.tripId : before.tripId,
    };
    const issues = await eventIssues(tx, merged, now);
    if (issues.length > 0) throw validationFailed(issues);
    const { boardedAt, alightedAt, ...fields } = patch;
    const [after] = await tx
      .update(investigationEvents)
      .set({
        ...fields,
        startsAt: new Date(merged.startsAt),
        endsAt: merged.endsAt ? new Date(merged.endsAt) : null,
        updatedAt: now,
      })
      .where(eq(investigationEvents.id, eventId))
      .returning();
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'investigation_event',
      entityId: eventId,
      before,
      after,
    });
    if (
      after!.tripId &&
      (patch.tripId || patch.deck !== undefined || patch.cabin !== undefined || patch.seat !== undefined || boardedAt || alightedAt)
    ) {
      await linkTrip(
        tx,
        principal,
        inv.caseId,
        {
          ...after!,
          startsAt: iso(after!.startsAt),
          endsAt: after!.endsAt ? iso(after!.endsAt) : null,
          boardedAt: boardedAt ?? '',
          alightedAt: alightedAt ?? '',
        },
        ip,
      );
    }
    await announce(tx, inv, 'event');
    return inv.caseId;
  });
  return caseInvestigationFor(database, principal, caseId);
}

/** Removes an entry told by mistake (audited). A trip link it made stays: the cohort may already be confirmed. */
export async function deleteEventAs(database: Database, principal: Principal, id: string, eventId: string, ip: string | null) {
  const caseId = await database.db.transaction(async (tx) => {
    const inv = await writableInvestigation(tx, principal, id);
    const before = await findEvent(tx, id, eventId);
    if (!before) throw notFound('investigation event');
    await tx.delete(investigationEvents).where(eq(investigationEvents.id, eventId));
    await audit(tx, { actor: actorOf(principal), ip, action: 'delete', entityType: 'investigation_event', entityId: eventId, before });
    await announce(tx, inv, 'event');
    return inv.caseId;
  });
  return caseInvestigationFor(database, principal, caseId);
}
