/**
 * Every query of quarantine sites, rooms and stays (docs/quarantine.md).
 *
 * Two scopes: a stay (its person) is scoped like its contact, by the person's residence (`inScope` on
 * quarantine_assignments.jurisdiction_id); a site and its rooms are district resources, seen by every holder of
 * quarantine.read in the district (`districtPaths`: the roots of the reader's scope), with counts only — who
 * stays there is listed only within the person scope.
 */
import { aliasedTable, and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { inScope, type Scope } from '../../platform/auth/scope.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { type CASE_CLASSIFICATIONS, caseReports } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { type ContactStatus, contacts } from '../contacts/index.ts';
import { facilities } from '../registry/index.ts';
import type { AssignmentListQuery } from './quarantine.schema.ts';
import { QUARANTINE_SITE_TYPE, quarantineAssignments, quarantineRooms } from './quarantine.tables.ts';

type CaseClassification = (typeof CASE_CLASSIFICATIONS)[number];
export type RoomRow = typeof quarantineRooms.$inferSelect;
export type AssignmentRow = typeof quarantineAssignments.$inferSelect;

/** The district roots of a scope: '/<district>/' of every path (a site anywhere in the district is visible). */
export function districtPaths(scope: Scope): string[] {
  return [...new Set(scope.paths.map((p) => `/${p.split('/')[1]}/`))];
}

function inPaths(paths: string[], jurisdictionIdColumn: SQLWrapper): SQL {
  return inScope({ right: 'quarantine.read', paths }, jurisdictionIdColumn);
}

/**
 * A move between two rooms of one site (or from one home address to another) is neither an arrival nor a release
 * of that place: the stay `a` started by such a move, or ended by one, is left out of today's movements.
 */
const NOT_A_MOVE_IN = `NOT EXISTS (SELECT 1 FROM quarantine_assignments p WHERE p.id = a.previous_id AND p.kind = a.kind
  AND p.facility_id IS NOT DISTINCT FROM a.facility_id)`;
const NOT_A_MOVE_OUT = `NOT EXISTS (SELECT 1 FROM quarantine_assignments n WHERE n.previous_id = a.id AND n.kind = a.kind
  AND n.facility_id IS NOT DISTINCT FROM a.facility_id)`;

// ── sites ───────────────────────────────────────────────────────────────────────────────────────

export interface SiteFigures {
  id: string;
  name: string;
  nameEn: string;
  jurisdictionId: string;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  address: string;
  phone: string;
  /** guest rooms of the hotel (registry) */
  registryRooms: number;
  rooms: number;
  roomsInService: number;
  capacity: number;
  occupied: number;
  arrivalsToday: number;
  releasesToday: number;
}

/** Quarantine sites of the districts, with their rooms, beds and today's movements. */
export async function siteFigures(db: Executor, paths: string[], today: string, siteId?: string): Promise<SiteFigures[]> {
  const conditions: SQL[] = [eq(facilities.type, QUARANTINE_SITE_TYPE), inPaths(paths, facilities.jurisdictionId)];
  if (siteId) conditions.push(eq(facilities.id, siteId));
  const rows = await db
    .select({
      id: facilities.id,
      name: facilities.name,
      nameEn: facilities.nameEn,
      jurisdictionId: facilities.jurisdictionId,
      jurisdictionName: jurisdictions.name,
      jurisdictionNameEn: jurisdictions.nameEn,
      address: facilities.address,
      phone: facilities.phone,
      registryRooms: facilities.rooms,
      rooms: sql<number>`(SELECT count(*) FROM quarantine_rooms r WHERE r.facility_id = facilities.id)::int`,
      roomsInService: sql<number>`(SELECT count(*) FROM quarantine_rooms r WHERE r.facility_id = facilities.id AND r.in_service)::int`,
      capacity: sql<number>`(SELECT coalesce(sum(r.capacity), 0) FROM quarantine_rooms r WHERE r.facility_id = facilities.id AND r.in_service)::int`,
      occupied: sql<number>`(SELECT count(*) FROM quarantine_assignments a WHERE a.facility_id = facilities.id AND a.status = 'active')::int`,
      arrivalsToday: sql<number>`(SELECT count(*) FROM quarantine_assignments a WHERE a.facility_id = facilities.id AND a.start_date = ${today} AND ${sql.raw(NOT_A_MOVE_IN)})::int`,
      releasesToday: sql<number>`(SELECT count(*) FROM quarantine_assignments a WHERE a.facility_id = facilities.id AND a.ended_on = ${today} AND ${sql.raw(NOT_A_MOVE_OUT)})::int`,
    })
    .from(facilities)
    .innerJoin(jurisdictions, eq(jurisdictions.id, facilities.jurisdictionId))
    .where(and(...conditions))
    .orderBy(asc(facilities.name));
  return rows.map((r) => ({
    ...r,
    rooms: Number(r.rooms),
    roomsInService: Number(r.roomsInService),
    capacity: Number(r.capacity),
    occupied: Number(r.occupied),
    arrivalsToday: Number(r.arrivalsToday),
    releasesToday: Number(r.releasesToday),
  }));
}

/** Home quarantine of the districts: people at home now, arrivals and releases today (counts only). */
export async function homeFigures(db: Executor, paths: string[], today: string) {
  const [row] = await db
    .select({
      active: sql<number>`count(*) FILTER (WHERE a.status = 'active')::int`,
      arrivalsToday: sql<number>`count(*) FILTER (WHERE a.start_date = ${today} AND ${sql.raw(NOT_A_MOVE_IN)})::int`,
      releasesToday: sql<number>`count(*) FILTER (WHERE a.ended_on = ${today} AND ${sql.raw(NOT_A_MOVE_OUT)})::int`,
    })
    .from(sql`quarantine_assignments a`)
    .where(and(sql`a.kind = 'home'`, inPaths(paths, sql`a.jurisdiction_id`)));
  return {
    active: Number(row?.active ?? 0),
    arrivalsToday: Number(row?.arrivalsToday ?? 0),
    releasesToday: Number(row?.releasesToday ?? 0),
  };
}

/** A quarantine site (a quarantine hotel of the registry) of the districts. */
export async function findSite(db: Executor, paths: string[], id: string) {
  const [row] = await db
    .select({
      id: facilities.id,
      name: facilities.name,
      nameEn: facilities.nameEn,
      jurisdictionId: facilities.jurisdictionId,
      address: facilities.address,
      phone: facilities.phone,
      path: jurisdictions.path,
    })
    .from(facilities)
    .innerJoin(jurisdictions, eq(jurisdictions.id, facilities.jurisdictionId))
    .where(and(eq(facilities.id, id), eq(facilities.type, QUARANTINE_SITE_TYPE), inPaths(paths, facilities.jurisdictionId)));
  return row;
}

// ── rooms ───────────────────────────────────────────────────────────────────────────────────────

export async function listRooms(db: Executor, facilityId: string) {
  const rows = await db
    .select({
      room: quarantineRooms,
      occupied: sql<number>`(SELECT count(*) FROM quarantine_assignments a WHERE a.room_id = quarantine_rooms.id AND a.status = 'active')::int`,
    })
    .from(quarantineRooms)
    .where(eq(quarantineRooms.facilityId, facilityId))
    .orderBy(asc(quarantineRooms.floor), asc(quarantineRooms.roomNo));
  return rows.map((r) => ({ ...r.room, occupied: Number(r.occupied) }));
}

export async function findRoom(db: Executor, id: string, forUpdate = false): Promise<RoomRow | undefined> {
  const query = db.select().from(quarantineRooms).where(eq(quarantineRooms.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** People in a room now. Read after locking the room row: the count is then exact until the transaction ends. */
export async function countActiveInRoom(db: Executor, roomId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(quarantineAssignments)
    .where(and(eq(quarantineAssignments.roomId, roomId), eq(quarantineAssignments.status, 'active')));
  return row?.n ?? 0;
}

export async function roomNumbersTaken(db: Executor, facilityId: string, roomNos: string[]): Promise<string[]> {
  if (roomNos.length === 0) return [];
  const rows = await db
    .select({ roomNo: quarantineRooms.roomNo })
    .from(quarantineRooms)
    .where(and(eq(quarantineRooms.facilityId, facilityId), inArray(quarantineRooms.roomNo, roomNos)));
  return rows.map((r) => r.roomNo);
}

export async function insertRooms(tx: Tx, values: Array<typeof quarantineRooms.$inferInsert>): Promise<RoomRow[]> {
  if (values.length === 0) return [];
  return tx.insert(quarantineRooms).values(values).returning();
}

export async function updateRoom(tx: Tx, id: string, values: Partial<typeof quarantineRooms.$inferInsert>): Promise<RoomRow | undefined> {
  const [row] = await tx
    .update(quarantineRooms)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(quarantineRooms.id, id))
    .returning();
  return row;
}

// ── stays ───────────────────────────────────────────────────────────────────────────────────────

/** The case person of a stay (0066): a stay is a contact's or a case's. */
const personCase = aliasedTable(caseReports, 'person_case');

const assignmentColumns = {
  assignment: quarantineAssignments,
  contactCode: contacts.code,
  personName: sql<string>`coalesce(${contacts.personName}, ${personCase.personName})`,
  contactStatus: contacts.status,
  followUpUntil: contacts.followUpUntil,
  caseCode: personCase.code,
  caseClassification: personCase.classification,
  jurisdictionName: jurisdictions.name,
  jurisdictionNameEn: jurisdictions.nameEn,
  jurisdictionPath: jurisdictions.path,
  siteName: facilities.name,
  siteNameEn: facilities.nameEn,
  roomNo: quarantineRooms.roomNo,
};
export interface AssignmentSummaryRow {
  assignment: AssignmentRow;
  contactCode: string | null;
  personName: string;
  contactStatus: ContactStatus | null;
  followUpUntil: string | null;
  caseCode: string | null;
  caseClassification: CaseClassification | null;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  jurisdictionPath: string;
  siteName: string | null;
  siteNameEn: string | null;
  roomNo: string | null;
}

function summaries(db: Executor) {
  return db
    .select(assignmentColumns)
    .from(quarantineAssignments)
    .leftJoin(contacts, eq(contacts.id, quarantineAssignments.contactId))
    .leftJoin(personCase, eq(personCase.id, quarantineAssignments.caseReportId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, quarantineAssignments.jurisdictionId))
    .leftJoin(facilities, eq(facilities.id, quarantineAssignments.facilityId))
    .leftJoin(quarantineRooms, eq(quarantineRooms.id, quarantineAssignments.roomId));
}

function listConditions(scope: Scope, query: Partial<AssignmentListQuery>): SQL {
  const conditions: SQL[] = [inScope(scope, quarantineAssignments.jurisdictionId)];
  if (query.status) conditions.push(eq(quarantineAssignments.status, query.status));
  if (query.kind) conditions.push(eq(quarantineAssignments.kind, query.kind));
  if (query.siteId) conditions.push(eq(quarantineAssignments.facilityId, query.siteId));
  if (query.contactId) conditions.push(eq(quarantineAssignments.contactId, query.contactId));
  if (query.caseReportId) conditions.push(eq(quarantineAssignments.caseReportId, query.caseReportId));
  if (query.person === 'contact') conditions.push(sql`${quarantineAssignments.contactId} IS NOT NULL`);
  if (query.person === 'case') conditions.push(sql`${quarantineAssignments.caseReportId} IS NOT NULL`);
  if (query.jurisdictionId) {
    conditions.push(
      sql`${quarantineAssignments.jurisdictionId} IN (SELECT j.id FROM jurisdictions j WHERE j.path LIKE (SELECT p.path FROM jurisdictions p WHERE p.id = ${query.jurisdictionId}) || '%')`,
    );
  }
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      or(
        ilike(contacts.personName, like),
        ilike(contacts.code, like),
        ilike(personCase.personName, like),
        ilike(personCase.code, like),
        ilike(quarantineAssignments.code, like),
      )!,
    );
  }
  return and(...conditions)!;
}

export async function listAssignmentPage(db: Executor, scope: Scope, query: AssignmentListQuery): Promise<AssignmentSummaryRow[]> {
  return summaries(db)
    .where(listConditions(scope, query))
    .orderBy(asc(quarantineAssignments.status), desc(quarantineAssignments.startDate), desc(quarantineAssignments.code))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize) as Promise<AssignmentSummaryRow[]>;
}

export async function countAssignments(db: Executor, scope: Scope, query: AssignmentListQuery): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(quarantineAssignments)
    .leftJoin(contacts, eq(contacts.id, quarantineAssignments.contactId))
    .leftJoin(personCase, eq(personCase.id, quarantineAssignments.caseReportId))
    .where(listConditions(scope, query));
  return row?.n ?? 0;
}

export async function findAssignmentSummary(db: Executor, scope: Scope, id: string): Promise<AssignmentSummaryRow | undefined> {
  const [row] = await summaries(db).where(and(eq(quarantineAssignments.id, id), inScope(scope, quarantineAssignments.jurisdictionId)));
  return row as AssignmentSummaryRow | undefined;
}

export async function findAssignmentRow(db: Executor, scope: Scope, id: string, forUpdate = false): Promise<AssignmentRow | undefined> {
  const query = db
    .select()
    .from(quarantineAssignments)
    .where(and(eq(quarantineAssignments.id, id), inScope(scope, quarantineAssignments.jurisdictionId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** The person's current stay, if any (locked: one stay at a time is also a unique index per person). */
export async function activeAssignmentOf(
  db: Executor,
  person: { contactId: string } | { caseReportId: string },
): Promise<AssignmentRow | undefined> {
  const [row] = await db
    .select()
    .from(quarantineAssignments)
    .where(
      and(
        'contactId' in person
          ? eq(quarantineAssignments.contactId, person.contactId)
          : eq(quarantineAssignments.caseReportId, person.caseReportId),
        eq(quarantineAssignments.status, 'active'),
      ),
    )
    .for('update');
  return row;
}

export async function insertAssignment(tx: Tx, values: typeof quarantineAssignments.$inferInsert): Promise<AssignmentRow> {
  const [row] = await tx.insert(quarantineAssignments).values(values).returning();
  return row!;
}

export async function updateAssignment(
  tx: Tx,
  id: string,
  values: Partial<typeof quarantineAssignments.$inferInsert>,
): Promise<AssignmentRow | undefined> {
  const [row] = await tx
    .update(quarantineAssignments)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(quarantineAssignments.id, id))
    .returning();
  return row;
}

// ── what the notices print ──────────────────────────────────────────────────────────────────────

/** The contact of a stay with what a notice prints (the index case's code, the disease, the district's name). */
export async function noticeFacts(db: Executor, contactId: string) {
  const [row] = await db
    .select({
      personName: contacts.personName,
      idType: contacts.idType,
      idNumberEncrypted: contacts.idNumberEncrypted,
      idNumberMasked: contacts.idNumberMasked,
      address: contacts.address,
      contactType: contacts.contactType,
      degree: contacts.degree,
      lastExposureAt: contacts.lastExposureAt,
      diseaseName: diseases.name,
      indexCaseCode: caseReports.code,
      jurisdictionPath: jurisdictions.path,
      districtName: sql<string>`(SELECT r.name FROM jurisdictions r WHERE r.path = '/' || split_part(${jurisdictions.path}, '/', 2) || '/')`,
    })
    .from(contacts)
    .innerJoin(diseases, eq(diseases.id, contacts.diseaseId))
    .innerJoin(caseReports, eq(caseReports.id, contacts.indexCaseId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, contacts.jurisdictionId))
    .where(eq(contacts.id, contactId));
  return row;
}

/** The case person of a stay with what a notice prints (0066). */
export async function caseNoticeFacts(db: Executor, caseReportId: string) {
  const [row] = await db
    .select({
      personName: caseReports.personName,
      idType: caseReports.idType,
      idNumberEncrypted: caseReports.idNumberEncrypted,
      idNumberMasked: caseReports.idNumberMasked,
      caseCode: caseReports.code,
      classification: caseReports.classification,
      diseaseName: diseases.name,
      districtName: sql<string>`(SELECT r.name FROM jurisdictions r WHERE r.path = '/' || split_part(${jurisdictions.path}, '/', 2) || '/')`,
    })
    .from(caseReports)
    .innerJoin(diseases, eq(diseases.id, caseReports.diseaseId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, caseReports.jurisdictionId))
    .where(eq(caseReports.id, caseReportId));
  return row;
}

// ── the person ──────────────────────────────────────────────────────────────────────────────────

/**
 * A case person to isolate (0066): a case report in the quarantine scope (its jurisdiction), not merged, with the
 * disease's incubation period (the default length of the isolation).
 */
export async function findCaseForQuarantine(db: Executor, scope: Scope, caseReportId: string) {
  const [row] = await db
    .select({
      id: caseReports.id,
      code: caseReports.code,
      jurisdictionId: caseReports.jurisdictionId,
      facilityId: caseReports.facilityId,
      status: caseReports.status,
      classification: caseReports.classification,
      address: caseReports.address,
      maxIncubationDays: diseases.maxIncubationDays,
      path: jurisdictions.path,
    })
    .from(caseReports)
    .innerJoin(diseases, eq(diseases.id, caseReports.diseaseId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, caseReports.jurisdictionId))
    .where(and(eq(caseReports.id, caseReportId), inScope(scope, caseReports.jurisdictionId)));
  return row;
}

export async function findContactForQuarantine(db: Executor, scope: Scope, contactId: string) {
  const [row] = await db
    .select({
      id: contacts.id,
      code: contacts.code,
      jurisdictionId: contacts.jurisdictionId,
      status: contacts.status,
      followUpUntil: contacts.followUpUntil,
      address: contacts.address,
      path: jurisdictions.path,
    })
    .from(contacts)
    .innerJoin(jurisdictions, eq(jurisdictions.id, contacts.jurisdictionId))
    .where(and(eq(contacts.id, contactId), inScope(scope, contacts.jurisdictionId)));
  return row;
}

export async function jurisdictionPathOf(db: Executor, id: string): Promise<string | null> {
  const [row] = await db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, id));
  return row?.path ?? null;
}
