/**
 * Rules of voyages, trips, manifests and exposure cohorts (docs/travel.md). Authorisation is the first line of
 * every function; every change is audited in its transaction and announced on the live topic 'travel'.
 *
 * Rights: travel.read / travel.manage over the trip's jurisdiction (the port, the station). Manifest identity
 * numbers are protected as on case reports: the stored mask to holders of cases.identity over the trip, full
 * stars to others, the number itself only through `revealEntryIdentity` (audited as a read). Confirming cohort
 * members registers them as contacts through the contacts feature (contacts.write over each residence).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import { facilityScopeFor, hasRight, pathInScope, type Principal, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { conflict, notFound, validationFailed, type FieldIssue } from '../../platform/errors.ts';
import { publishLive } from '../../platform/live/live.ts';
import { caseReports, findCaseRow, type IdentityProtector, restrictedMask } from '../cases/index.ts';
import { type CaseContactInput, registerCaseContactsInTx } from '../contacts/index.ts';
import { placeInCohort, type Position, stopsOf } from './travel.cohort.ts';
import type { CohortConfirm, ExposureCreate, RouteCreate, TripCreate, TripListQuery, TripPatch, VesselCreate } from './travel.schema.ts';
import {
  dropStaleSuggestions,
  type CohortEntry,
  type EntryRow,
  type EntrySummaryRow,
  type ExposureRow,
  type ExposureSummaryRow,
  exposuresOfTrip,
  findEntrySummary,
  findExposure,
  findExposureSummary,
  findRoute,
  findTrip,
  findTripSummary,
  findVessel,
  listCohortPage,
  listExposures,
  listManifestPage,
  listRoutes,
  listTripPage,
  listVessels,
  membersForDecision,
  type TripRow,
  type TripSummaryRow,
  tripEntries,
  upsertCohort,
  type VesselRow,
} from './travel.store.ts';
import { type CohortStatus, travelCohortMembers, travelExposures, travelRoutes, travelTrips, travelVessels } from './travel.tables.ts';

const actorOf = (p: Principal): AuditActor => ({ id: p.id, username: p.username });
const iso = (d: Date) => d.toISOString();

export interface TravelDeps {
  database: Database;
  protector: IdentityProtector;
  now?: () => Date;
}
const nowOf = (deps: { now?: () => Date }) => deps.now?.() ?? new Date();

// ── presentation ────────────────────────────────────────────────────────────────────────────────

const presentVessel = (v: VesselRow) => ({
  id: v.id,
  name: v.name,
  nameEn: v.nameEn,
  registration: v.registration,
  operator: v.operator,
  decks: v.decks,
  passengerCapacity: v.passengerCapacity,
});

function presentTrip(r: TripSummaryRow) {
  const t = r.trip;
  return {
    id: t.id,
    code: t.code,
    mode: t.mode,
    jurisdictionId: t.jurisdictionId,
    jurisdiction: { id: t.jurisdictionId, name: r.jurisdictionName, nameEn: r.jurisdictionNameEn },
    vessel: r.vessel ? presentVessel(r.vessel) : null,
    route: t.routeId ? { id: t.routeId, name: r.routeName ?? '', nameEn: r.routeNameEn ?? '' } : null,
    serviceNumber: t.serviceNumber,
    origin: t.origin,
    destination: t.destination,
    departsAt: iso(t.departsAt),
    arrivesAt: iso(t.arrivesAt),
    calls: t.calls.map((c) => ({ place: c.place, arrivesAt: c.arrivesAt, departsAt: c.departsAt })),
    terminal: t.terminal,
    berth: t.berth,
    notes: t.notes,
    manifestCount: Number(r.manifestCount),
    exposureCount: Number(r.exposureCount),
    createdAt: iso(t.createdAt),
    updatedAt: iso(t.updatedAt),
  };
}

type IdentityReader = Scope | null;
const identityReaderOf = (p: Principal): IdentityReader => (hasRight(p, 'cases.identity') ? scopeFor(p, 'cases.identity') : null);

function presentEntry(
  r: Pick<EntrySummaryRow, 'entry' | 'jurisdictionPath' | 'residenceName' | 'residenceNameEn'>,
  reader: IdentityReader,
) {
  const e = r.entry;
  const shown = reader !== null && pathInScope(reader, r.jurisdictionPath);
  return {
    id: e.id,
    rowNumber: e.rowNumber,
    role: e.role,
    personName: e.personName,
    sex: e.sex,
    idType: e.idType,
    idNumberMasked: shown ? e.idNumberMasked : restrictedMask(e.idNumberMasked),
    phone: e.phone,
    residence: e.residence,
    residenceJurisdiction: e.residenceJurisdictionId
      ? { id: e.residenceJurisdictionId, name: r.residenceName ?? '', nameEn: r.residenceNameEn ?? '' }
      : null,
    deck: e.deck,
    cabin: e.cabin,
    seat: e.seat,
    boardedAt: e.boardedAt,
    alightedAt: e.alightedAt,
  };
}

function presentExposure(r: ExposureSummaryRow) {
  const e = r.exposure;
  return {
    id: e.id,
    tripId: e.tripId,
    tripCode: r.trip.code,
    tripMode: r.trip.mode,
    serviceNumber: r.trip.serviceNumber,
    departsAt: iso(r.trip.departsAt),
    arrivesAt: iso(r.trip.arrivesAt),
    case: { id: e.caseId, code: r.caseCode },
    manifestEntryId: e.manifestEntryId,
    deck: e.deck,
    cabin: e.cabin,
    seat: e.seat,
    boardedAt: e.boardedAt,
    alightedAt: e.alightedAt,
    notes: e.notes,
    cohort: {
      total: Number(r.total),
      byRank: { '1': Number(r.rank1), '2': Number(r.rank2), '3': Number(r.rank3) },
      suggested: Number(r.suggested),
      confirmed: Number(r.confirmed),
      dismissed: Number(r.dismissed),
    },
    createdAt: iso(e.createdAt),
  };
}
export type ExposureView = ReturnType<typeof presentExposure>;

async function announce(tx: Tx, trip: Pick<TripRow, 'id' | 'jurisdictionId'>, action: string) {
  const [j] = await tx.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, trip.jurisdictionId));
  await publishLive(tx, { topic: 'travel', id: trip.id, action, right: 'travel.read', jurisdictionPath: j?.path });
}

async function placeInScope(tx: Tx, scope: Scope, id: string): Promise<boolean> {
  const [j] = await tx.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, id));
  return Boolean(j && pathInScope(scope, j.path));
}

// ── vessels and routes ──────────────────────────────────────────────────────────────────────────

export async function listVesselsFor(database: Database, principal: Principal) {
  scopeFor(principal, 'travel.read');
  return { items: (await listVessels(database.db)).map(presentVessel) };
}

export async function createVesselAs(database: Database, principal: Principal, input: VesselCreate, ip: string | null) {
  scopeFor(principal, 'travel.manage');
  return database.db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: travelVessels.id }).from(travelVessels).where(eq(travelVessels.registration, input.registration));
    if (taken) throw conflict('already_exists', `A vessel with registration ${input.registration} is already on record`, { id: taken.id });
    const [row] = await tx.insert(travelVessels).values(input).returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'travel_vessel', entityId: row!.id, after: row });
    await publishLive(tx, { topic: 'travel', id: row!.id, action: 'vessel', right: 'travel.read', everywhere: true });
    return presentVessel(row!);
  });
}

export async function listRoutesFor(database: Database, principal: Principal) {
  scopeFor(principal, 'travel.read');
  return {
    items: (await listRoutes(database.db)).map((r) => ({ id: r.id, mode: r.mode, name: r.name, nameEn: r.nameEn, stops: r.stops })),
  };
}

export async function createRouteAs(database: Database, principal: Principal, input: RouteCreate, ip: string | null) {
  scopeFor(principal, 'travel.manage');
  return database.db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: travelRoutes.id })
      .from(travelRoutes)
      .where(and(eq(travelRoutes.mode, input.mode), eq(travelRoutes.name, input.name)));
    if (taken) throw conflict('already_exists', `The route ${input.name} is already on record`, { id: taken.id });
    const [row] = await tx.insert(travelRoutes).values(input).returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'travel_route', entityId: row!.id, after: row });
    return { id: row!.id, mode: row!.mode, name: row!.name, nameEn: row!.nameEn, stops: row!.stops };
  });
}

// ── trips ───────────────────────────────────────────────────────────────────────────────────────

export async function listTripsFor(database: Database, principal: Principal, query: TripListQuery) {
  const scope = scopeFor(principal, 'travel.read');
  const { rows, total } = await listTripPage(database.db, scope, query);
  return { items: rows.map(presentTrip), total, page: query.page, pageSize: query.pageSize };
}

export async function getTripFor(database: Database, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'travel.read');
  const row = await findTripSummary(database.db, scope, id);
  if (!row) throw notFound('trip');
  return presentTrip(row);
}

async function tripIssues(tx: Tx, scope: Scope, mode: TripRow['mode'], t: Omit<TripCreate, 'mode'>): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  if (!(await placeInScope(tx, scope, t.jurisdictionId)))
    issues.push({ path: 'jurisdictionId', message: 'unknown, or outside your jurisdiction' });
  if (mode === 'voyage' && !t.vesselId) issues.push({ path: 'vesselId', message: 'a voyage needs its vessel' });
  if (t.vesselId && !(await findVessel(tx, t.vesselId))) issues.push({ path: 'vesselId', message: 'no such vessel' });
  if (t.routeId) {
    const route = await findRoute(tx, t.routeId);
    if (!route) issues.push({ path: 'routeId', message: 'no such route' });
    else if (route.mode !== mode) issues.push({ path: 'routeId', message: `the route is for ${route.mode}, not ${mode}` });
  }
  const departs = new Date(t.departsAt).getTime();
  const arrives = new Date(t.arrivesAt).getTime();
  if (arrives < departs) issues.push({ path: 'arrivesAt', message: 'must not be before the departure' });
  for (const [i, c] of t.calls.entries()) {
    for (const key of ['arrivesAt', 'departsAt'] as const) {
      const at = c[key] ? new Date(c[key]!).getTime() : null;
      if (at !== null && (at < departs || at > arrives))
        issues.push({ path: `calls.${i}.${key}`, message: 'must lie between the departure and the arrival' });
    }
  }
  return issues;
}

export async function createTripAs(database: Database, principal: Principal, input: TripCreate, ip: string | null) {
  const scope = scopeFor(principal, 'travel.manage');
  const id = await database.db.transaction(async (tx) => {
    const issues = await tripIssues(tx, scope, input.mode, input);
    if (issues.length > 0) throw validationFailed(issues);
    const [row] = await tx
      .insert(travelTrips)
      .values({ ...input, departsAt: new Date(input.departsAt), arrivesAt: new Date(input.arrivesAt), createdBy: principal.id })
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'travel_trip', entityId: row!.id, after: row });
    await announce(tx, row!, 'created');
    return row!.id;
  });
  return getTripFor(database, principal, id);
}

export async function updateTripAs(deps: TravelDeps, principal: Principal, id: string, patch: TripPatch, ip: string | null) {
  const scope = scopeFor(principal, 'travel.manage');
  await deps.database.db.transaction(async (tx) => {
    const before = await findTrip(tx, scope, id, true);
    if (!before) throw notFound('trip');
    const merged = {
      jurisdictionId: patch.jurisdictionId ?? before.jurisdictionId,
      vesselId: patch.vesselId !== undefined ? patch.vesselId : before.vesselId,
      routeId: patch.routeId !== undefined ? patch.routeId : before.routeId,
      serviceNumber: patch.serviceNumber ?? before.serviceNumber,
      origin: patch.origin ?? before.origin,
      destination: patch.destination ?? before.destination,
      departsAt: patch.departsAt ?? iso(before.departsAt),
      arrivesAt: patch.arrivesAt ?? iso(before.arrivesAt),
      calls: (patch.calls ?? before.calls) as TripCreate['calls'],
      terminal: patch.terminal ?? before.terminal,
      berth: patch.berth ?? before.berth,
      notes: patch.notes ?? before.notes,
    };
    const issues = await tripIssues(tx, scope, before.mode, merged);
    if (issues.length > 0) throw validationFailed(issues);
    if (patch.jurisdictionId && patch.jurisdictionId !== before.jurisdictionId)
      throw validationFailed([{ path: 'jurisdictionId', message: 'a trip with a manifest stays where it was recorded' }]);
    const [after] = await tx
      .update(travelTrips)
      .set({ ...merged, departsAt: new Date(merged.departsAt), arrivesAt: new Date(merged.arrivesAt), updatedAt: new Date() })
      .where(eq(travelTrips.id, id))
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'update', entityType: 'travel_trip', entityId: id, before, after });
    // times and stops decide who was aboard together and the last exposure: cohorts follow
    for (const exposure of await exposuresOfTrip(tx, id)) await buildCohort(tx, after!, exposure);
    await announce(tx, after!, 'updated');
  });
  return getTripFor(deps.database, principal, id);
}

// ── manifests ───────────────────────────────────────────────────────────────────────────────────

export async function listManifestFor(
  database: Database,
  principal: Principal,
  tripId: string,
  query: { role?: string; q?: string; page: number; pageSize: number },
) {
  const scope = scopeFor(principal, 'travel.read');
  if (!(await findTrip(database.db, scope, tripId))) throw notFound('trip');
  const { rows, total } = await listManifestPage(database.db, scope, tripId, query);
  const reader = identityReaderOf(principal);
  return { items: rows.map((r) => presentEntry(r, reader)), total, page: query.page, pageSize: query.pageSize };
}

/** The full identity number of a manifest person, for holders of cases.identity over the trip; audited as a read. */
export async function revealEntryIdentity(deps: TravelDeps, principal: Principal, id: string, ip: string | null) {
  const readScope = scopeFor(principal, 'travel.read');
  const identityScope = scopeFor(principal, 'cases.identity');
  return deps.database.db.transaction(async (tx) => {
    const row = await findEntrySummary(tx, readScope, id);
    if (!row || !pathInScope(identityScope, row.jurisdictionPath)) throw notFound('manifest entry');
    const e = row.entry;
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'read',
      entityType: 'travel_manifest_identity',
      entityId: id,
      after: {
        tripId: e.tripId,
        rowNumber: e.rowNumber,
        jurisdictionId: e.jurisdictionId,
        idType: e.idType,
        idNumberMasked: e.idNumberMasked,
      },
    });
    return { idType: e.idType, idNumber: e.idNumberEncrypted ? deps.protector.reveal(e.idNumberEncrypted) : null };
  });
}

// ── exposures and cohorts ───────────────────────────────────────────────────────────────────────

const positionOf = (p: Pick<EntryRow, 'deck' | 'cabin' | 'seat' | 'boardedAt' | 'alightedAt'>): Position => ({
  deck: p.deck,
  cabin: p.cabin,
  seat: p.seat,
  boardedAt: p.boardedAt,
  alightedAt: p.alightedAt,
});

/**
 * (Re)builds the cohort of a case on a trip from the whole manifest: every other person placed by proximity
 * (travel.cohort.ts). Suggestions follow the data; confirmed and dismissed members keep their decision.
 * Returns the cohort's size.
 */
export async function buildCohort(tx: Tx, trip: TripRow, exposure: ExposureRow, entries?: CohortEntry[]): Promise<number> {
  const members = placeAll(trip, exposure, entries ?? (await tripEntries(tx, trip.id)));
  await upsertCohort(tx, exposure, members);
  await dropStaleSuggestions(
    tx,
    exposure.id,
    members.map((m) => m.entryId),
  );
  return members.length;
}

/** The entries placed in the cohort of the case (travel.cohort.ts); the case's own row and people not aboard with it left out. */
function placeAll(trip: TripRow, exposure: ExposureRow, entries: readonly CohortEntry[]) {
  const stops = stopsOf(trip);
  const casePosition = positionOf(exposure);
  const members = [];
  for (const e of entries) {
    if (e.id === exposure.manifestEntryId) continue;
    const placed = placeInCohort(trip, casePosition, positionOf(e), stops);
    if (!placed) continue;
    members.push({ entryId: e.id, proximity: placed.proximity, rank: placed.rank, risk: placed.risk, at: placed.lastExposureAt });
  }
  return members;
}

/**
 * After an import: people ADDED to a manifest join the cohort of a case whose own row was already known — its
 * position did not change, so the members already placed stay as they are and only the new rows are placed
 * (a 10,000-row re-import no longer re-ranks and re-writes the whole cohort). Returns how many joined.
 */
export async function addToCohort(tx: Tx, trip: TripRow, exposure: ExposureRow, added: readonly CohortEntry[]): Promise<number> {
  const members = placeAll(trip, exposure, added);
  await upsertCohort(tx, exposure, members);
  return members.length;
}

/** The case's own row of the manifest: by identity number, else by a name that occurs once. */
function ownEntry(entries: readonly CohortEntry[], c: { idNumberHash: string | null; personName: string }): CohortEntry | undefined {
  if (c.idNumberHash) {
    const byId = entries.find((e) => e.idNumberHash === c.idNumberHash);
    if (byId) return byId;
  }
  const byName = entries.filter((e) => e.personName === c.personName);
  return byName.length === 1 ? byName[0] : undefined;
}

/** Recognises the case's own manifest row and (re)builds the cohort; used when linking and after an import. */
export async function refreshExposure(tx: Tx, trip: TripRow, exposure: ExposureRow, entries: CohortEntry[]): Promise<ExposureRow> {
  let current = exposure;
  if (!current.manifestEntryId) {
    const [c] = await tx.select().from(caseReports).where(eq(caseReports.id, exposure.caseId));
    const own = c ? ownEntry(entries, c) : undefined;
    if (own) {
      const fill = {
        manifestEntryId: own.id,
        deck: current.deck || own.deck,
        cabin: current.cabin || own.cabin,
        seat: current.seat || own.seat,
        boardedAt: current.boardedAt || own.boardedAt,
        alightedAt: current.alightedAt || own.alightedAt,
        updatedAt: new Date(),
      };
      [current] = (await tx.update(travelExposures).set(fill).where(eq(travelExposures.id, exposure.id)).returning()) as [ExposureRow];
    }
  }
  await buildCohort(tx, trip, current, entries);
  return current;
}

/**
 * Records that a case was on a trip (travel.manage over the trip, cases.read over the case) and builds the
 * exposure cohort from the manifest. Linking the same case again updates its position and rebuilds.
 */
export async function linkCaseAs(deps: TravelDeps, principal: Principal, tripId: string, input: ExposureCreate, ip: string | null) {
  const scope = scopeFor(principal, 'travel.manage');
  const id = await deps.database.db.transaction((tx) => linkCaseInTx(tx, principal, scope, tripId, input, ip));
  return getExposureFor(deps.database, principal, id);
}

/** linkCaseAs inside the caller's transaction (the investigation's journey entries link their case this way). */
export async function linkCaseInTx(
  tx: Tx,
  principal: Principal,
  scope: Scope,
  tripId: string,
  input: ExposureCreate,
  ip: string | null,
): Promise<string> {
  const trip = await findTrip(tx, scope, tripId, true);
  if (!trip) throw notFound('trip');
  const report = await findCaseRow(tx, facilityScopeFor(principal, 'cases.read'), input.caseId);
  if (!report) throw validationFailed([{ path: 'caseId', message: 'no such case report in your jurisdiction' }]);
  if (report.status === 'merged' || report.classification === 'excluded')
    throw validationFailed([{ path: 'caseId', message: 'the case report was merged or excluded' }]);
  const stops = stopsOf(trip).map((s) => s.place);
  for (const key of ['boardedAt', 'alightedAt'] as const) {
    if (input[key] !== '' && !stops.some((s) => s === input[key] || s.includes(input[key])))
      throw validationFailed([{ path: key, message: `not a stop of this trip (${stops.filter(Boolean).join(', ')})` }]);
  }
  const existing = await findExposure(tx, tripId, input.caseId);
  const values = {
    deck: input.deck,
    cabin: input.cabin,
    seat: input.seat,
    boardedAt: input.boardedAt,
    alightedAt: input.alightedAt,
    notes: input.notes,
  };
  let exposure: ExposureRow;
  if (existing) {
    [exposure] = (await tx
      .update(travelExposures)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(travelExposures.id, existing.id))
      .returning()) as [ExposureRow];
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'travel_exposure',
      entityId: exposure.id,
      before: existing,
      after: exposure,
    });
  } else {
    [exposure] = (await tx
      .insert(travelExposures)
      .values({ ...values, tripId, caseId: input.caseId, jurisdictionId: trip.jurisdictionId, createdBy: principal.id })
      .returning()) as [ExposureRow];
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'create',
      entityType: 'travel_exposure',
      entityId: exposure.id,
      after: exposure,
    });
  }
  await refreshExposure(tx, trip, exposure, await tripEntries(tx, trip.id));
  await announce(tx, trip, 'exposure');
  return exposure.id;
}

export async function getExposureFor(database: Database, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'travel.read');
  const row = await findExposureSummary(database.db, scope, id);
  if (!row) throw notFound('exposure');
  return presentExposure(row);
}

export async function listExposuresFor(database: Database, principal: Principal, where: { tripId?: string; caseId?: string }) {
  const scope = scopeFor(principal, 'travel.read');
  if (where.tripId && !(await findTrip(database.db, scope, where.tripId))) throw notFound('trip');
  if (where.caseId && !(await findCaseRow(database.db, facilityScopeFor(principal, 'cases.read'), where.caseId))) throw notFound('case');
  return { items: (await listExposures(database.db, scope, where)).map(presentExposure) };
}

export async function cohortFor(
  database: Database,
  principal: Principal,
  exposureId: string,
  query: { rank?: number; status?: CohortStatus; page: number; pageSize: number },
) {
  const scope = scopeFor(principal, 'travel.read');
  const exposure = await findExposureSummary(database.db, scope, exposureId);
  if (!exposure) throw notFound('exposure');
  const { rows, total } = await listCohortPage(database.db, exposureId, query);
  const reader = identityReaderOf(principal);
  return {
    exposure: presentExposure(exposure),
    items: rows.map((r) => ({
      id: r.member.id,
      entry: presentEntry(r, reader),
      proximity: r.member.proximity,
      rank: r.member.rank,
      suggestedRisk: r.member.suggestedRisk,
      lastExposureAt: iso(r.member.lastExposureAt),
      status: r.member.status,
      contact:
        r.member.contactId && r.contactCode
          ? { id: r.member.contactId, code: r.contactCode, riskCategory: (r.contactRisk ?? 'low') as 'high' | 'medium' | 'low' }
          : null,
      decidedAt: r.member.decidedAt ? iso(r.member.decidedAt) : null,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

const SETTING_OF = {
  voyage: 'vessel',
  port_shift: 'port',
  bus: 'public_transport',
  train: 'public_transport',
  flight: 'public_transport',
} as const;

/**
 * Confirms cohort members as contacts of the case, in one transaction: each one registered through the contacts
 * feature (source case, last exposure from the trip, contact type and risk), the member marked confirmed and
 * linked to its contact. All or nothing: a member already decided, or a residence outside the caller's
 * contacts.write scope, refuses the whole confirmation.
 */
export async function confirmCohortAs(deps: TravelDeps, principal: Principal, exposureId: string, body: CohortConfirm, ip: string | null) {
  const scope = scopeFor(principal, 'travel.manage');
  const contactScope = scopeFor(principal, 'contacts.write');
  const now = nowOf(deps);
  const result = await deps.database.db.transaction(async (tx) => {
    const summary = await findExposureSummary(tx, scope, exposureId);
    if (!summary) throw notFound('exposure');
    const ids = [...new Set(body.memberIds)];
    const rows = await membersForDecision(tx, exposureId, ids);
    const issues: FieldIssue[] = [];
    if (rows.length !== ids.length)
      issues.push({ path: 'memberIds', message: `${ids.length - rows.length} of them are not in this cohort` });
    const undecided = rows.filter((r) => r.member.status === 'suggested');
    if (undecided.length !== rows.length)
      throw conflict('status_not_allowed', `${rows.length - undecided.length} of them were already confirmed or dismissed`, {
        allowed: ['suggested'],
      });
    if (body.defaultJurisdictionId && !(await placeInScope(tx, contactScope, body.defaultJurisdictionId)))
      issues.push({ path: 'defaultJurisdictionId', message: 'unknown, or outside your jurisdiction' });
    const homeless = undecided.filter((r) => !r.entry.residenceJurisdictionId).length;
    if (homeless > 0 && !body.defaultJurisdictionId)
      issues.push({
        path: 'defaultJurisdictionId',
        message: `${homeless} of them have no recognised residence: choose the township or community to register them in`,
      });
    if (issues.length > 0) throw validationFailed(issues);
    const setting = SETTING_OF[summary.trip.mode];
    const inputs: CaseContactInput[] = undecided.map(({ member, entry }) => ({
      personName: entry.personName,
      jurisdictionId: entry.residenceJurisdictionId ?? body.defaultJurisdictionId!,
      lastExposureAt: member.lastExposureAt.getTime() > now.getTime() ? now : member.lastExposureAt,
      sex: entry.sex,
      idType: entry.idType,
      identity: entry.idNumberEncrypted
        ? { encrypted: entry.idNumberEncrypted, masked: entry.idNumberMasked, hash: entry.idNumberHash }
        : null,
      phone: entry.phone,
      address: entry.residence,
      relation: entry.role === 'passenger' ? 'fellow_traveller' : entry.role === 'worker' ? 'colleague' : 'fellow_traveller',
      setting,
      contactType: body.contactType ?? (member.rank <= 2 ? 'close' : 'general'),
      riskCategory: body.riskCategory ?? member.suggestedRisk,
      followUpPerDay: body.followUpPerDay,
      notes: `${summary.trip.code} ${summary.trip.serviceNumber} · ${[entry.deck, entry.cabin, entry.seat].filter(Boolean).join(' / ')}`,
    }));
    const created = await registerCaseContactsInTx(tx, { now: () => now }, principal, summary.exposure.caseId, inputs, ip);
    for (const [i, { member }] of undecided.entries()) {
      await tx
        .update(travelCohortMembers)
        .set({ status: 'confirmed', contactId: created[i]!.id, decidedBy: principal.id, decidedAt: now })
        .where(eq(travelCohortMembers.id, member.id));
    }
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'confirm',
      entityType: 'travel_cohort',
      entityId: exposureId,
      after: {
        jurisdictionId: summary.exposure.jurisdictionId,
        members: undecided.map((r) => r.member.id),
        contacts: created.map((c) => c.id),
      },
    });
    await announce(tx, summary.trip, 'cohort');
    return created.map((c) => c.id);
  });
  return { changed: result.length, contactIds: result, exposure: await getExposureFor(deps.database, principal, exposureId) };
}

/** Marks suggested members as not contacts (they keep that decision when the cohort is rebuilt). */
export async function dismissCohortAs(deps: TravelDeps, principal: Principal, exposureId: string, memberIds: string[], ip: string | null) {
  const scope = scopeFor(principal, 'travel.manage');
  const now = nowOf(deps);
  const changed = await deps.database.db.transaction(async (tx) => {
    const summary = await findExposureSummary(tx, scope, exposureId);
    if (!summary) throw notFound('exposure');
    const ids = [...new Set(memberIds)];
    const rows = await membersForDecision(tx, exposureId, ids);
    if (rows.length !== ids.length)
      throw validationFailed([{ path: 'memberIds', message: `${ids.length - rows.length} of them are not in this cohort` }]);
    const undecided = rows.filter((r) => r.member.status === 'suggested').map((r) => r.member.id);
    for (let i = 0; i < undecided.length; i += 5000) {
      await tx
        .update(travelCohortMembers)
        .set({ status: 'dismissed', decidedBy: principal.id, decidedAt: now })
        .where(inArray(travelCohortMembers.id, undecided.slice(i, i + 5000)));
    }
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'dismiss',
      entityType: 'travel_cohort',
      entityId: exposureId,
      after: { jurisdictionId: summary.exposure.jurisdictionId, members: undecided },
    });
    await announce(tx, summary.trip, 'cohort');
    return undecided.length;
  });
  return { changed, contactIds: [], exposure: await getExposureFor(deps.database, principal, exposureId) };
}
