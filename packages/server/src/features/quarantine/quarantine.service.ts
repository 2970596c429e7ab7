/**
 * Rules of quarantine (docs/quarantine.md). Authorisation is the first line of every function; every change is
 * audited in its own transaction and announced on the live topics 'quarantine' (the stay, scoped like its
 * person) and 'quarantine-sites' (a site's counts, no personal data).
 *
 * Rights: quarantine.read / quarantine.write over the person's residence (a township officer: own township's
 * residents), quarantine.sites over the site's place for its rooms. Sites are district resources: every reader
 * in the district sees every site's counts and free rooms, and the names of the occupants resident in their area.
 *
 * No double occupancy: placing a person in a room locks the room's row (SELECT … FOR UPDATE) before counting its
 * current stays, so two clerks placing people in the last bed take turns and the second is refused (409
 * room_full). One stay per person at a time is also a unique index.
 */
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import { hasRight, pathInScope, type Principal, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { conflict, notFound, validationFailed, type FieldIssue } from '../../platform/errors.ts';
import { publishLive } from '../../platform/live/live.ts';
import type { Logger } from '../../platform/logger.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import { findCaseRow, type IdentityProtector, restrictedMask } from '../cases/index.ts';
import { renderNoticePdf } from './quarantine.pdf.ts';
import type {
  AssignmentCreate,
  AssignmentListQuery,
  AssignmentPatch,
  Release,
  RoomPatch,
  RoomsCreate,
  Transfer,
} from './quarantine.schema.ts';
import {
  activeAssignmentOf,
  type AssignmentRow,
  type AssignmentSummaryRow,
  countActiveInRoom,
  countAssignments,
  districtPaths,
  findAssignmentRow,
  findAssignmentSummary,
  caseNoticeFacts,
  findCaseForQuarantine,
  findContactForQuarantine,
  findRoom,
  findSite,
  homeFigures,
  insertAssignment,
  insertRooms,
  jurisdictionPathOf,
  listAssignmentPage,
  listRooms,
  noticeFacts,
  roomNumbersTaken,
  type SiteFigures,
  siteFigures,
  updateAssignment,
  updateRoom,
} from './quarantine.store.ts';
import { CASE_RELEASE_REASONS, CONTACT_RELEASE_REASONS, type QuarantineKind } from './quarantine.tables.ts';

const actorOf = (p: Principal): AuditActor => ({ id: p.id, username: p.username });

export interface QuarantineDeps {
  database: Database;
  protector: IdentityProtector;
  now?: () => Date;
  log?: Logger;
}
const nowOf = (deps: { now?: () => Date }) => deps.now?.() ?? new Date();
const day = (v: unknown) => String(v).slice(0, 10);
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

// ── presentation ────────────────────────────────────────────────────────────────────────────────

function presentAssignment(r: AssignmentSummaryRow) {
  const a = r.assignment;
  return {
    id: a.id,
    code: a.code,
    person: a.contactId
      ? { kind: 'contact' as const, id: a.contactId, code: r.contactCode ?? '', personName: r.personName }
      : { kind: 'case' as const, id: a.caseReportId!, code: r.caseCode ?? '', personName: r.personName },
    contact:
      a.contactId && r.contactStatus
        ? {
            id: a.contactId,
            code: r.contactCode ?? '',
            personName: r.personName,
            status: r.contactStatus,
            followUpUntil: day(r.followUpUntil),
          }
        : null,
    caseReport:
      a.caseReportId && r.caseClassification
        ? { id: a.caseReportId, code: r.caseCode ?? '', personName: r.personName, classification: r.caseClassification }
        : null,
    jurisdictionId: a.jurisdictionId,
    jurisdiction: { id: a.jurisdictionId, name: r.jurisdictionName, nameEn: r.jurisdictionNameEn },
    kind: a.kind,
    site: a.facilityId ? { id: a.facilityId, name: r.siteName ?? '', nameEn: r.siteNameEn ?? '' } : null,
    room: a.roomId ? { id: a.roomId, roomNo: r.roomNo ?? '' } : null,
    homeAddress: a.homeAddress,
    startDate: day(a.startDate),
    endDate: day(a.endDate),
    status: a.status,
    endedOn: a.endedOn ? day(a.endedOn) : null,
    releaseReason: a.releaseReason,
    releaseNotes: a.releaseNotes,
    previousId: a.previousId,
    notes: a.notes,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}
export type AssignmentView = ReturnType<typeof presentAssignment>;

function presentSite(s: SiteFigures) {
  return {
    id: s.id,
    name: s.name,
    nameEn: s.nameEn,
    jurisdiction: { id: s.jurisdictionId, name: s.jurisdictionName, nameEn: s.jurisdictionNameEn },
    address: s.address,
    phone: s.phone,
    registryRooms: s.registryRooms,
    rooms: s.rooms,
    roomsInService: s.roomsInService,
    capacity: s.capacity,
    occupied: s.occupied,
    free: Math.max(0, s.capacity - s.occupied),
    arrivalsToday: s.arrivalsToday,
    releasesToday: s.releasesToday,
  };
}

async function announce(
  tx: Tx,
  row: Pick<AssignmentRow, 'id' | 'jurisdictionId' | 'facilityId'>,
  action: string,
  siteIds: Array<string | null> = [],
) {
  const jurisdictionPath = (await jurisdictionPathOf(tx, row.jurisdictionId)) ?? undefined;
  await publishLive(tx, { topic: 'quarantine', id: row.id, action, right: 'quarantine.read', jurisdictionPath });
  for (const siteId of new Set([row.facilityId, ...siteIds].filter((s): s is string => Boolean(s)))) {
    // counts only: every reader of quarantine may see a site's occupancy
    await publishLive(tx, { topic: 'quarantine-sites', id: siteId, action, right: 'quarantine.read', everywhere: true });
  }
}

// ── sites and occupancy ─────────────────────────────────────────────────────────────────────────

/** Occupancy of every quarantine site of the reader's district(s), home quarantine, and the totals. */
export async function occupancyFor(deps: QuarantineDeps, principal: Principal) {
  const scope = scopeFor(principal, 'quarantine.read');
  const paths = districtPaths(scope);
  const today = districtToday(nowOf(deps));
  const [sites, home] = await Promise.all([siteFigures(deps.database.db, paths, today), homeFigures(deps.database.db, paths, today)]);
  const views = sites.map(presentSite);
  const sum = (f: (s: (typeof views)[number]) => number) => views.reduce((n, s) => n + f(s), 0);
  return {
    date: today,
    sites: views,
    home,
    totals: {
      capacity: sum((s) => s.capacity),
      occupied: sum((s) => s.occupied),
      free: sum((s) => s.free),
      arrivalsToday: sum((s) => s.arrivalsToday) + home.arrivalsToday,
      releasesToday: sum((s) => s.releasesToday) + home.releasesToday,
    },
  };
}

/** One site with its rooms: each room's places taken, and who stays there (the reader's residents only). */
export async function siteFor(deps: QuarantineDeps, principal: Principal, siteId: string) {
  const scope = scopeFor(principal, 'quarantine.read');
  const paths = districtPaths(scope);
  const today = districtToday(nowOf(deps));
  const db = deps.database.db;
  const [figures] = await siteFigures(db, paths, today, siteId);
  if (!figures) throw notFound('site');
  const [rooms, stays] = await Promise.all([
    listRooms(db, siteId),
    listAssignmentPage(db, scope, { siteId, status: 'active', page: 1, pageSize: 5000 }),
  ]);
  const byRoom = new Map<string, AssignmentSummaryRow[]>();
  for (const s of stays) if (s.assignment.roomId) byRoom.set(s.assignment.roomId, [...(byRoom.get(s.assignment.roomId) ?? []), s]);
  return {
    date: today,
    site: presentSite(figures),
    rooms: rooms.map((r) => ({
      id: r.id,
      roomNo: r.roomNo,
      floor: r.floor,
      capacity: r.capacity,
      inService: r.inService,
      notes: r.notes,
      occupied: r.occupied,
      occupants: (byRoom.get(r.id) ?? []).map((s) => ({
        assignmentId: s.assignment.id,
        code: s.assignment.code,
        personName: s.personName,
        startDate: day(s.assignment.startDate),
        endDate: day(s.assignment.endDate),
      })),
    })),
  };
}

/** Adds rooms to a site (quarantine.sites over the site's place). Room numbers are unique per site. */
export async function addRoomsAs(deps: QuarantineDeps, principal: Principal, siteId: string, body: RoomsCreate, ip: string | null) {
  const scope = scopeFor(principal, 'quarantine.sites');
  await deps.database.db.transaction(async (tx) => {
    const site = await findSite(tx, districtPaths(scope), siteId);
    if (!site || !pathInScope(scope, site.path)) throw notFound('site');
    const numbers = body.rooms.map((r) => r.roomNo);
    const issues: FieldIssue[] = [];
    numbers.forEach((n, i) => {
      if (numbers.indexOf(n) !== i) issues.push({ path: `rooms.${i}.roomNo`, message: `room ${n} is given twice` });
    });
    const taken = new Set(await roomNumbersTaken(tx, siteId, numbers));
    numbers.forEach((n, i) => {
      if (taken.has(n)) issues.push({ path: `rooms.${i}.roomNo`, message: `room ${n} already exists at this site` });
    });
    if (issues.length > 0) throw validationFailed(issues);
    const rows = await insertRooms(
      tx,
      body.rooms.map((r) => ({ ...r, facilityId: siteId, jurisdictionId: site.jurisdictionId })),
    );
    for (const row of rows) {
      await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'quarantine_room', entityId: row.id, after: row });
    }
    await publishLive(tx, { topic: 'quarantine-sites', id: siteId, action: 'rooms', right: 'quarantine.read', everywhere: true });
  });
  return siteFor(deps, principal, siteId);
}

/** Changes a room: capacity (not below its people now), in or out of service, floor, notes. */
export async function updateRoomAs(deps: QuarantineDeps, principal: Principal, roomId: string, patch: RoomPatch, ip: string | null) {
  const scope = scopeFor(principal, 'quarantine.sites');
  const siteId = await deps.database.db.transaction(async (tx) => {
    const before = await findRoom(tx, roomId, true);
    const site = before ? await findSite(tx, districtPaths(scope), before.facilityId) : undefined;
    if (!before || !site || !pathInScope(scope, site.path)) throw notFound('room');
    if (patch.capacity !== undefined) {
      const people = await countActiveInRoom(tx, roomId);
      if (patch.capacity < people)
        throw validationFailed([{ path: 'capacity', message: `${people} people stay in this room now; move them first` }]);
    }
    const after = await updateRoom(tx, roomId, patch);
    await audit(tx, { actor: actorOf(principal), ip, action: 'update', entityType: 'quarantine_room', entityId: roomId, before, after });
    await publishLive(tx, {
      topic: 'quarantine-sites',
      id: before.facilityId,
      action: 'rooms',
      right: 'quarantine.read',
      everywhere: true,
    });
    return before.facilityId;
  });
  return siteFor(deps, principal, siteId);
}

// ── stays: reads ────────────────────────────────────────────────────────────────────────────────

export async function listAssignmentsFor(deps: QuarantineDeps, principal: Principal, query: AssignmentListQuery) {
  const scope = scopeFor(principal, 'quarantine.read');
  const db = deps.database.db;
  const [rows, total] = await Promise.all([listAssignmentPage(db, scope, query), countAssignments(db, scope, query)]);
  return { items: rows.map(presentAssignment), total, page: query.page, pageSize: query.pageSize };
}

export async function getAssignmentFor(deps: QuarantineDeps, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'quarantine.read');
  const row = await findAssignmentSummary(deps.database.db, scope, id);
  if (!row) throw notFound('quarantine');
  return presentAssignment(row);
}

// ── stays: writes ───────────────────────────────────────────────────────────────────────────────

interface Place {
  kind: QuarantineKind;
  siteId?: string;
  roomId?: string;
  homeAddress?: string;
}

/**
 * Checks a place and, for a room, takes its lock and counts its people: the room must belong to the site, be in
 * service and have a free place. Returns the columns of the stay's place.
 */
async function takePlace(tx: Tx, scope: Scope, place: Place, defaultAddress: string, issues: FieldIssue[]) {
  if (place.kind === 'home') {
    if (place.siteId || place.roomId) issues.push({ path: 'siteId', message: 'home quarantine names no site or room' });
    return { kind: 'home' as const, facilityId: null, roomId: null, homeAddress: (place.homeAddress ?? '').trim() || defaultAddress };
  }
  if (!place.siteId) issues.push({ path: 'siteId', message: 'name the quarantine site' });
  if (!place.roomId) issues.push({ path: 'roomId', message: 'name the room' });
  if (!place.siteId || !place.roomId) return null;
  const site = await findSite(tx, districtPaths(scope), place.siteId);
  if (!site) {
    issues.push({ path: 'siteId', message: 'no such quarantine site in your district' });
    return null;
  }
  if (issues.length > 0) return null; // no lock taken for a request refused anyway
  const room = await findRoom(tx, place.roomId, true);
  if (!room || room.facilityId !== site.id) {
    issues.push({ path: 'roomId', message: 'no such room at this site' });
    return null;
  }
  if (!room.inService) throw conflict('room_out_of_service', `Room ${room.roomNo} is out of service`, { roomNo: room.roomNo });
  const people = await countActiveInRoom(tx, room.id);
  if (people >= room.capacity) {
    throw conflict('room_full', `Room ${room.roomNo} is full (${people} of ${room.capacity})`, {
      roomNo: room.roomNo,
      occupied: people,
      capacity: room.capacity,
    });
  }
  return { kind: 'site' as const, facilityId: site.id, roomId: room.id, homeAddress: '' };
}

function auditable(row: AssignmentRow) {
  return row;
}

/** The person of a stay to place or move: a contact or a case person, with where they live. */
interface Person {
  contactId: string | null;
  caseReportId: string | null;
  jurisdictionId: string;
  address: string;
  /** the default last day for a stay starting on `startDate` */
  defaultEnd: (startDate: string) => string;
}

/**
 * The person to place: a contact under follow-up, or (0066) a case person — a case report of the caller's
 * quarantine area that they may read (cases.read), not merged, not excluded. Unknown or out of scope: 400 naming
 * the field.
 */
async function personToPlace(
  tx: Tx,
  principal: Principal,
  scope: Scope,
  body: { contactId?: string; caseReportId?: string },
): Promise<Person> {
  if (body.contactId && body.caseReportId)
    throw validationFailed([{ path: 'caseReportId', message: 'place one person: a contact or a case person, not both' }]);
  if (body.caseReportId) {
    const found = await findCaseForQuarantine(tx, scope, body.caseReportId);
    const readable =
      found && hasRight(principal, 'cases.read') && (await findCaseRow(tx, scopeFor(principal, 'cases.read'), body.caseReportId));
    if (!found || !readable) throw validationFailed([{ path: 'caseReportId', message: 'no such case report in your jurisdiction' }]);
    if (found.status === 'merged' || found.classification === 'excluded') {
      throw conflict(
        'status_not_allowed',
        `A case report ${found.status === 'merged' ? 'merged into another' : 'excluded'} is not isolated`,
        {
          status: found.status === 'merged' ? 'merged' : 'excluded',
          allowed: ['suspected', 'clinical', 'confirmed', 'asymptomatic'],
        },
      );
    }
    return {
      contactId: null,
      caseReportId: found.id,
      jurisdictionId: found.jurisdictionId,
      address: found.address,
      defaultEnd: (startDate) => addDays(startDate, found.maxIncubationDays),
    };
  }
  if (!body.contactId) throw validationFailed([{ path: 'contactId', message: 'name the contact (or the case person: caseReportId)' }]);
  const contact = await findContactForQuarantine(tx, scope, body.contactId);
  if (!contact) throw validationFailed([{ path: 'contactId', message: 'no such contact in your jurisdiction' }]);
  if (contact.status !== 'under_follow_up') {
    throw conflict('status_not_allowed', `A contact ${contact.status} is not placed in quarantine`, {
      status: contact.status,
      allowed: ['under_follow_up'],
    });
  }
  return {
    contactId: contact.id,
    caseReportId: null,
    jurisdictionId: contact.jurisdictionId,
    address: contact.address,
    defaultEnd: (startDate) => (day(contact.followUpUntil) < startDate ? startDate : day(contact.followUpUntil)),
  };
}

/**
 * Places a person in quarantine: a contact under follow-up, or a case person (0066); at a site's room or at
 * home, from `startDate` (default today) to `endDate` (default: the contact's followUpUntil; for a case person
 * the first day + the disease's maximum incubation period). The person must be in the caller's area and not in
 * quarantine already.
 */
export async function assignAs(deps: QuarantineDeps, principal: Principal, body: AssignmentCreate, ip: string | null) {
  const scope = scopeFor(principal, 'quarantine.write');
  const today = districtToday(nowOf(deps));
  const id = await deps.database.db.transaction(async (tx) => {
    const person = await personToPlace(tx, principal, scope, body);
    const current = await activeAssignmentOf(
      tx,
      person.contactId ? { contactId: person.contactId } : { caseReportId: person.caseReportId! },
    );
    if (current) throw conflict('already_exists', 'This person is in quarantine already: transfer or release instead');
    const issues: FieldIssue[] = [];
    const startDate = body.startDate ?? today;
    const endDate = body.endDate ?? person.defaultEnd(startDate);
    if (startDate > today) issues.push({ path: 'startDate', message: 'must not be in the future' });
    if (endDate < startDate) issues.push({ path: 'endDate', message: 'must not be before the start' });
    const place = await takePlace(tx, scope, body, person.address, issues);
    if (issues.length > 0 || !place) throw validationFailed(issues);
    const row = await insertAssignment(tx, {
      contactId: person.contactId,
      caseReportId: person.caseReportId,
      jurisdictionId: person.jurisdictionId,
      ...place,
      startDate,
      endDate,
      notes: body.notes,
      createdBy: principal.id,
    });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'create',
      entityType: 'quarantine_assignment',
      entityId: row.id,
      after: auditable(row),
    });
    await announce(tx, row, 'created');
    return row.id;
  });
  return getAssignmentFor(deps, principal, id);
}

/** Moves a person: the current stay ends on `date` ('transferred') and a new one starts there, at the new place. */
export async function transferAs(deps: QuarantineDeps, principal: Principal, id: string, body: Transfer, ip: string | null) {
  const scope = scopeFor(principal, 'quarantine.write');
  const today = districtToday(nowOf(deps));
  const newId = await deps.database.db.transaction(async (tx) => {
    const before = await findAssignmentRow(tx, scope, id, true);
    if (!before) throw notFound('quarantine');
    if (before.status !== 'active') {
      throw conflict('status_not_allowed', `A ${before.status} stay cannot be transferred`, { status: before.status, allowed: ['active'] });
    }
    const person = before.contactId
      ? await findContactForQuarantine(tx, scope, before.contactId)
      : await findCaseForQuarantine(tx, scope, before.caseReportId!);
    if (!person) throw notFound('quarantine');
    const issues: FieldIssue[] = [];
    const date = body.date ?? today;
    const endDate = body.endDate ?? day(before.endDate);
    if (date > today) issues.push({ path: 'date', message: 'must not be in the future' });
    if (date < day(before.startDate))
      issues.push({ path: 'date', message: `must not be before the stay began (${day(before.startDate)})` });
    if (endDate < date) issues.push({ path: 'endDate', message: 'must not be before the day of the move' });
    if (body.kind === 'site' && body.roomId && body.roomId === before.roomId)
      issues.push({ path: 'roomId', message: 'the person is in this room already' });
    const place = await takePlace(tx, scope, body, before.homeAddress || person.address, issues);
    if (issues.length > 0 || !place) throw validationFailed(issues);
    const ended = await updateAssignment(tx, before.id, { status: 'transferred', endedOn: date, endedBy: principal.id });
    const row = await insertAssignment(tx, {
      contactId: before.contactId,
      caseReportId: before.caseReportId,
      jurisdictionId: person.jurisdictionId,
      ...place,
      startDate: date,
      endDate,
      previousId: before.id,
      notes: body.notes,
      createdBy: principal.id,
    });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'transfer',
      entityType: 'quarantine_assignment',
      entityId: before.id,
      before,
      after: ended,
    });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'create',
      entityType: 'quarantine_assignment',
      entityId: row.id,
      after: auditable(row),
    });
    await announce(tx, row, 'transferred', [before.facilityId]);
    return row.id;
  });
  return getAssignmentFor(deps, principal, newId);
}

/** Changes the dates, the home address or the notes of a current stay. */
export async function updateAssignmentAs(
  deps: QuarantineDeps,
  principal: Principal,
  id: string,
  patch: AssignmentPatch,
  ip: string | null,
) {
  const scope = scopeFor(principal, 'quarantine.write');
  const today = districtToday(nowOf(deps));
  await deps.database.db.transaction(async (tx) => {
    const before = await findAssignmentRow(tx, scope, id, true);
    if (!before) throw notFound('quarantine');
    if (before.status !== 'active') {
      throw conflict('status_not_allowed', `A ${before.status} stay is not changed`, { status: before.status, allowed: ['active'] });
    }
    const issues: FieldIssue[] = [];
    const startDate = patch.startDate ?? day(before.startDate);
    const endDate = patch.endDate ?? day(before.endDate);
    if (patch.startDate !== undefined && startDate > today) issues.push({ path: 'startDate', message: 'must not be in the future' });
    if (endDate < startDate) issues.push({ path: 'endDate', message: 'must not be before the start' });
    if (patch.homeAddress !== undefined && before.kind !== 'home')
      issues.push({ path: 'homeAddress', message: 'only for home quarantine' });
    if (issues.length > 0) throw validationFailed(issues);
    const after = await updateAssignment(tx, id, patch);
    await audit(tx, { actor: actorOf(principal), ip, action: 'update', entityType: 'quarantine_assignment', entityId: id, before, after });
    await announce(tx, before, 'updated');
  });
  return getAssignmentFor(deps, principal, id);
}

/** Ends a stay: the day (default today; not before the start, not in the future) and the reason. */
export async function releaseAs(deps: QuarantineDeps, principal: Principal, id: string, body: Release, ip: string | null) {
  const scope = scopeFor(principal, 'quarantine.write');
  const today = districtToday(nowOf(deps));
  await deps.database.db.transaction(async (tx) => {
    const before = await findAssignmentRow(tx, scope, id, true);
    if (!before) throw notFound('quarantine');
    if (before.status !== 'active') {
      throw conflict('status_not_allowed', `A ${before.status} stay cannot be released`, { status: before.status, allowed: ['active'] });
    }
    const releasedOn = body.releasedOn ?? today;
    const issues: FieldIssue[] = [];
    if (releasedOn > today) issues.push({ path: 'releasedOn', message: 'must not be in the future' });
    if (releasedOn < day(before.startDate))
      issues.push({ path: 'releasedOn', message: `must not be before the start (${day(before.startDate)})` });
    if (body.reason === 'other' && body.notes.trim() === '') issues.push({ path: 'notes', message: 'say why the quarantine ends' });
    const reasons: readonly string[] = before.contactId ? CONTACT_RELEASE_REASONS : CASE_RELEASE_REASONS;
    if (!reasons.includes(body.reason))
      issues.push({
        path: 'reason',
        message: `not a reason for ${before.contactId ? 'a contact' : 'a case person'}: ${reasons.join(', ')}`,
      });
    if (issues.length > 0) throw validationFailed(issues);
    const after = await updateAssignment(tx, id, {
      status: 'released',
      endedOn: releasedOn,
      releaseReason: body.reason,
      releaseNotes: body.notes,
      endedBy: principal.id,
    });
    await audit(tx, { actor: actorOf(principal), ip, action: 'release', entityType: 'quarantine_assignment', entityId: id, before, after });
    await announce(tx, before, 'released');
  });
  return getAssignmentFor(deps, principal, id);
}

// ── notices ─────────────────────────────────────────────────────────────────────────────────────

/**
 * The quarantine notice (隔离通知书) or release notice (解除隔离通知书) of a stay as a PDF. The identity number
 * prints in full for a holder of cases.identity over the person's residence, as a row of stars otherwise. Every
 * download is audited (action 'export', with whether the number was printed).
 */
export async function noticePdfFor(
  deps: QuarantineDeps,
  principal: Principal,
  id: string,
  kind: 'quarantine' | 'release',
  ip: string | null,
) {
  const scope = scopeFor(principal, 'quarantine.read');
  // read and render outside a transaction (rendering takes a moment; a PGlite database has one connection), then
  // record the download in a short one
  const db = deps.database.db;
  const row = await findAssignmentSummary(db, scope, id);
  if (!row) throw notFound('quarantine');
  const a = row.assignment;
  if (kind === 'release' && a.status !== 'released') {
    throw conflict('status_not_allowed', 'A release notice is for a released stay', { status: a.status, allowed: ['released'] });
  }
  const facts = a.contactId ? await noticeFacts(db, a.contactId) : await caseNoticeFacts(db, a.caseReportId!);
  if (!facts) throw notFound('quarantine');
  const identityShown = hasRight(principal, 'cases.identity') && pathInScope(scopeFor(principal, 'cases.identity'), row.jurisdictionPath);
  const idNumber =
    facts.idType === 'none'
      ? ''
      : identityShown && facts.idNumberEncrypted
        ? deps.protector.reveal(facts.idNumberEncrypted)
        : restrictedMask(facts.idNumberMasked);
  const site = a.facilityId ? await findSite(db, ['/'], a.facilityId) : undefined;
  const pdf = await renderNoticePdf(
    {
      kind,
      code: a.code,
      personName: facts.personName,
      idType: facts.idType,
      idNumber,
      subject:
        'caseCode' in facts
          ? { kind: 'case', caseCode: facts.caseCode, classification: facts.classification }
          : {
              kind: 'contact',
              contactType: facts.contactType,
              degree: facts.degree,
              lastExposureAt: facts.lastExposureAt,
              indexCaseCode: facts.indexCaseCode,
            },
      diseaseName: facts.diseaseName,
      districtName: facts.districtName ?? '',
      place:
        a.kind === 'site'
          ? { kind: 'site', siteName: row.siteName ?? '', roomNo: row.roomNo ?? '', address: site?.address ?? '', phone: site?.phone ?? '' }
          : { kind: 'home', address: a.homeAddress },
      startDate: day(a.startDate),
      endDate: day(a.endDate),
      endedOn: a.endedOn ? day(a.endedOn) : null,
      releaseReason: a.releaseReason,
      issuedOn: districtToday(nowOf(deps)),
    },
    { log: deps.log },
  );
  await db.transaction(async (tx) => {
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'export',
      entityType: 'quarantine_notice',
      entityId: a.id,
      after: {
        notice: kind,
        code: a.code,
        contactCode: row.contactCode,
        caseCode: row.caseCode,
        jurisdictionId: a.jurisdictionId,
        identityShown,
      },
    });
  });
  const view = presentAssignment(row);
  return { filename: `${kind === 'release' ? 'release-notice' : 'quarantine-notice'}-${view.code}.pdf`, pdf };
}

// ── a contact became a case (hook 'contacts.converted', declared by contacts) ──────────────────

/**
 * Ends the current stay of a contact who became a case, in the conversion's transaction: released that day
 * (district time) with the reason "became a case", the room freed, audited with the conversion's actor and
 * announced. A contact not in quarantine: nothing to do.
 */
export async function releaseConvertedContact(
  tx: Tx,
  payload: { contactId: string; contactCode: string; status: string; actor: AuditActor | null; ip: string | null; now: Date },
): Promise<string[]> {
  const before = await activeAssignmentOf(tx, { contactId: payload.contactId });
  if (!before) return [];
  const today = districtToday(payload.now);
  const releasedOn = today < day(before.startDate) ? day(before.startDate) : today;
  const after = await updateAssignment(tx, before.id, {
    status: 'released',
    endedOn: releasedOn,
    releaseReason: 'converted_to_case',
    releaseNotes:
      payload.status === 'converted_confirmed'
        ? '转为确诊病例 converted to a confirmed case'
        : '转为疑似病例 converted to a suspected case',
    endedBy: payload.actor?.id ?? null,
  });
  await audit(tx, {
    actor: payload.actor,
    ip: payload.ip,
    action: 'release',
    entityType: 'quarantine_assignment',
    entityId: before.id,
    before,
    after,
  });
  await announce(tx, before, 'released');
  return [before.id];
}
