/**
 * Rules of the volunteer registry (docs/capability.md, "Volunteers"). Authorisation is the first line of every
 * function; every change is audited (person fields protected, audit-policies.ts) and announced on the live topic
 * 'volunteers'.
 *
 * Rights: volunteers.read (the registry, phone and ID as stars), volunteers.manage (register, edit, assign, log
 * hours), volunteers.vet (vet, suspend, reinstate — never a volunteer one registered oneself: four eyes),
 * volunteers.personal (the stored masks, and the full numbers through `revealVolunteerPersonal`, audited as a
 * read), volunteers.self (a volunteer's own account: own record, own assignments with the contact details the task
 * needs while it is open, check-in and check-out). All over the volunteer's community.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import { hasRight, pathInScope, type Principal, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { conflict, type FieldIssue, forbidden, notFound, validationFailed } from '../../platform/errors.ts';
import { publishLive } from '../../platform/live/live.ts';
import { districtDate, districtToday } from '../../platform/time/district-time.ts';
import { type IdentityProtector, parseResidentId, restrictedMask } from '../cases/index.ts';
import { notify } from '../notifications/index.ts';
import { createTasks, OPEN_TASK_STATUSES } from '../tasks/index.ts';
import { type Activity, activityOf } from './volunteer-activity.ts';
import type { AssignInput, HoursCreate, VolunteerCreate, VolunteerPatch } from './volunteers.schema.ts';
import {
  type AssignmentListRow,
  findJurisdiction,
  findOpenTaskInScope,
  findVolunteer,
  findVolunteerOfUser,
  hoursSince,
  jurisdictionNames,
  listAssignments,
  listHours,
  listVolunteers,
  lockAssignment,
  userNames,
  userWithRoles,
  type VolunteerFilter,
  type VolunteerPlaced,
  type VolunteerRow,
} from './volunteers.store.ts';
import { OPEN_ASSIGNMENT_STATUSES, type VettingStatus, volunteerAssignments, volunteerHours, volunteers } from './volunteers.tables.ts';

export interface VolunteerDeps {
  database: Database;
  protector: IdentityProtector;
  now?: () => Date;
}
const nowOf = (deps: { now?: () => Date }) => deps.now?.() ?? new Date();
const actorOf = (p: Principal): AuditActor => ({ id: p.id, username: p.username });
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const optionalScope = (p: Principal, right: Parameters<typeof scopeFor>[1]) => (hasRight(p, right) ? scopeFor(p, right) : null);

// ── presentation ────────────────────────────────────────────────────────────────────────────────

/** The phone as holders of volunteers.personal see it: the first 3 and last 4 digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 8) return '*'.repeat(digits.length);
  return digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4);
}

interface Reader {
  manage: Scope | null;
  vet: Scope | null;
  personal: Scope | null;
  id: string;
}
function readerOf(principal: Principal): Reader {
  return {
    manage: optionalScope(principal, 'volunteers.manage'),
    vet: optionalScope(principal, 'volunteers.vet'),
    personal: optionalScope(principal, 'volunteers.personal'),
    id: principal.id,
  };
}

interface Lookup {
  townships: Map<string, { id: string; name: string; nameEn: string }>;
  people: Map<string, string>;
  activity: Map<string, Activity>;
}

/** The township of a path '/<district>/<township>/…/': its second id. */
const townshipIdOf = (path: string): string | null => path.split('/').filter(Boolean)[1] ?? null;

async function lookupFor(deps: VolunteerDeps, rows: VolunteerPlaced[]): Promise<Lookup> {
  const db = deps.database.db;
  const townshipIds = [...new Set(rows.map((r) => townshipIdOf(r.jurisdictionPath)).filter((x): x is string => !!x))];
  const names = await jurisdictionNames(db, townshipIds);
  const townships = new Map([...names].filter(([, j]) => j.level === 'township'));
  const personIds = [...new Set(rows.flatMap((r) => [r.volunteer.vettedBy, r.volunteer.registeredBy]).filter((x): x is string => !!x))];
  return {
    townships,
    people: await userNames(db, personIds),
    activity: await activityFor(
      deps,
      rows.map((r) => r.volunteer.id),
    ),
  };
}

/** Sahana Eden's rule for each volunteer (volunteer-activity.ts), from the hours of the last 457 days. */
export async function activityFor(deps: VolunteerDeps, ids: string[]): Promise<Map<string, Activity>> {
  const today = districtToday(nowOf(deps));
  // the window starts at most 365 days before its end, which is at least today − 92: 457 days back is enough
  const { entries, firsts } = await hoursSince(deps.database.db, ids, districtToday(nowOf(deps), 457));
  const byVolunteer = new Map<string, { workedOn: string; minutes: number }[]>();
  for (const e of entries) {
    const list = byVolunteer.get(e.volunteerId) ?? [];
    list.push({ workedOn: e.workedOn, minutes: e.minutes });
    byVolunteer.set(e.volunteerId, list);
  }
  const out = new Map<string, Activity>();
  for (const id of ids) {
    const list = byVolunteer.get(id) ?? [];
    // a first record older than the fetched span only matters as "not the first year": add it with no minutes
    const first = firsts.get(id);
    if (first && !list.some((e) => e.workedOn === first)) list.push({ workedOn: first, minutes: 0 });
    out.set(id, activityOf(list, today));
  }
  return out;
}

function present(r: VolunteerPlaced, reader: Reader, lookup: Lookup) {
  const v = r.volunteer;
  const personal = !!reader.personal && pathInScope(reader.personal, r.jurisdictionPath);
  const townshipId = townshipIdOf(r.jurisdictionPath);
  const township = townshipId ? (lookup.townships.get(townshipId) ?? null) : null;
  const person = (id: string | null) => (id ? { id, displayName: lookup.people.get(id) ?? '' } : null);
  return {
    id: v.id,
    code: v.code,
    name: v.name,
    sex: v.sex,
    birthYear: v.birthYear,
    jurisdiction: { id: v.jurisdictionId, name: r.jurisdictionName, nameEn: r.jurisdictionNameEn },
    township: township ? { id: township.id, name: township.name, nameEn: township.nameEn } : null,
    grid: v.grid,
    phoneMasked: personal ? v.phoneMasked : restrictedMask(v.phoneMasked),
    idType: v.idType,
    idNumberMasked: personal ? v.idNumberMasked : restrictedMask(v.idNumberMasked),
    skills: v.skills,
    languages: v.languages,
    availability: v.availability,
    organisation: v.organisation,
    notes: v.notes,
    hasAccount: v.userId !== null,
    vettingStatus: v.vettingStatus,
    vettingNote: v.vettingNote,
    vettedBy: person(v.vettedBy),
    vettedAt: iso(v.vettedAt),
    registeredBy: person(v.registeredBy),
    createdAt: v.createdAt.toISOString(),
    activity: lookup.activity.get(v.id) ?? activityOf([], districtToday()),
    can: {
      manage: !!reader.manage && pathInScope(reader.manage, r.jurisdictionPath),
      vet: !!reader.vet && pathInScope(reader.vet, r.jurisdictionPath) && v.registeredBy !== reader.id,
      reveal: personal,
    },
  };
}

function presentAssignment(r: AssignmentListRow, showContact: boolean) {
  const a = r.assignment;
  return {
    id: a.id,
    volunteerId: a.volunteerId,
    volunteerCode: r.volunteerCode,
    volunteerName: r.volunteerName,
    task: { id: a.taskId, code: r.taskCode, title: r.taskTitle, status: r.taskStatus, dueAt: r.taskDueAt.toISOString() },
    duty: a.duty,
    contactDetails: showContact ? a.contactDetails : null,
    status: a.status,
    checkedInAt: iso(a.checkedInAt),
    checkedOutAt: iso(a.checkedOutAt),
    createdAt: a.createdAt.toISOString(),
  };
}

function presentHours(rows: Awaited<ReturnType<typeof listHours>>) {
  return rows.map(({ hours: h, loggedByName }) => ({
    id: h.id,
    workedOn: h.workedOn,
    minutes: h.minutes,
    activity: h.activity,
    source: h.source,
    assignmentId: h.assignmentId,
    loggedBy: loggedByName,
    createdAt: h.createdAt.toISOString(),
  }));
}

/** What the audit log keeps of a volunteer (the person fields are protected by audit-policies.ts). */
function auditView(v: VolunteerRow) {
  return {
    code: v.code,
    jurisdictionId: v.jurisdictionId,
    name: v.name,
    sex: v.sex,
    birthYear: v.birthYear,
    grid: v.grid,
    phoneMasked: v.phoneMasked,
    idType: v.idType,
    idNumberMasked: v.idNumberMasked,
    skills: v.skills,
    languages: v.languages,
    availability: v.availability,
    organisation: v.organisation,
    notes: v.notes,
    userId: v.userId,
    vettingStatus: v.vettingStatus,
    vettingNote: v.vettingNote,
  };
}

async function publish(tx: Tx, id: string, path: string, action: string) {
  await publishLive(tx, { topic: 'volunteers', id, action, right: 'volunteers.read', jurisdictionPath: path });
}

// ── reads ───────────────────────────────────────────────────────────────────────────────────────

export async function listVolunteersFor(
  deps: VolunteerDeps,
  principal: Principal,
  query: VolunteerFilter & { jurisdictionId?: string; active?: 'true' | 'false'; page: number; pageSize: number },
) {
  const scope = scopeFor(principal, 'volunteers.read');
  const db = deps.database.db;
  let underPath: string | undefined;
  if (query.jurisdictionId) {
    const j = await findJurisdiction(db, query.jurisdictionId);
    if (!j) throw validationFailed([{ path: 'query.jurisdictionId', message: 'Unknown jurisdiction' }]);
    underPath = j.path;
  }
  const rows = await listVolunteers(db, scope, { ...query, underPath });
  const activity = await activityFor(
    deps,
    rows.map((r) => r.volunteer.id),
  );
  const approved = rows.filter((r) => r.volunteer.vettingStatus === 'approved');
  const counts = {
    pending: rows.filter((r) => r.volunteer.vettingStatus === 'pending').length,
    approved: approved.length,
    active: approved.filter((r) => activity.get(r.volunteer.id)?.active).length,
  };
  const wanted =
    query.active === undefined ? rows : rows.filter((r) => !!activity.get(r.volunteer.id)?.active === (query.active === 'true'));
  const page = wanted.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
  const lookup = await lookupFor(deps, page);
  const reader = readerOf(principal);
  return { items: page.map((r) => present(r, reader, lookup)), total: wanted.length, counts };
}

export async function getVolunteerFor(deps: VolunteerDeps, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'volunteers.read');
  const db = deps.database.db;
  const row = await findVolunteer(db, scope, id);
  if (!row) throw notFound('volunteer');
  const reader = readerOf(principal);
  const lookup = await lookupFor(deps, [row]);
  // contact details of a task are for its volunteer and the coordinators managing them, not every reader
  const showContact = !!reader.manage && pathInScope(reader.manage, row.jurisdictionPath);
  const assignments = await listAssignments(db, eq(volunteerAssignments.volunteerId, id));
  return {
    ...present(row, reader, lookup),
    assignments: assignments.map((a) => presentAssignment(a, showContact)),
    hours: presentHours(await listHours(db, id)),
  };
}

/** The full phone and identity number, for holders of volunteers.personal; each view is audited as a read. */
export async function revealVolunteerPersonal(deps: VolunteerDeps, principal: Principal, id: string, ip: string | null) {
  const scope = scopeFor(principal, 'volunteers.personal');
  return deps.database.db.transaction(async (tx) => {
    const row = await findVolunteer(tx, scope, id);
    if (!row) throw notFound('volunteer');
    const v = row.volunteer;
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'read',
      entityType: 'volunteer_personal',
      entityId: id,
      after: { code: v.code, jurisdictionId: v.jurisdictionId, phoneMasked: v.phoneMasked, idNumberMasked: v.idNumberMasked },
    });
    return {
      phone: v.phoneEncrypted ? deps.protector.reveal(v.phoneEncrypted) : null,
      idType: v.idType,
      idNumber: v.idNumberEncrypted ? deps.protector.reveal(v.idNumberEncrypted) : null,
    };
  });
}

/** A volunteer's own view: their record, assignments (contact details while open, audited) and hours. */
export async function selfFor(deps: VolunteerDeps, principal: Principal, ip: string | null) {
  if (!hasRight(principal, 'volunteers.self')) throw forbidden();
  const db = deps.database.db;
  const row = await findVolunteerOfUser(db, principal.id);
  if (!row) throw notFound('volunteer');
  const lookup = await lookupFor(deps, [row]);
  const reader: Reader = { manage: null, vet: null, personal: null, id: principal.id };
  const { can: _can, ...volunteer } = present(row, reader, lookup);
  const assignments = await listAssignments(db, eq(volunteerAssignments.volunteerId, row.volunteer.id));
  const shown = assignments.map((a) =>
    presentAssignment(
      a,
      (OPEN_ASSIGNMENT_STATUSES as readonly string[]).includes(a.assignment.status) && a.assignment.contactDetails !== '',
    ),
  );
  const opened = assignments.filter(
    (a) => (OPEN_ASSIGNMENT_STATUSES as readonly string[]).includes(a.assignment.status) && a.assignment.contactDetails !== '',
  );
  if (opened.length > 0) {
    await db.transaction(async (tx) => {
      for (const a of opened) {
        await audit(tx, {
          actor: actorOf(principal),
          ip,
          action: 'read',
          entityType: 'volunteer_assignment_contact',
          entityId: a.assignment.id,
          after: { jurisdictionId: a.assignment.jurisdictionId, taskId: a.assignment.taskId },
        });
      }
    });
  }
  return {
    volunteer,
    assignments: shown.map((a) => (a.contactDetails === '' ? { ...a, contactDetails: null } : a)),
    hours: presentHours(await listHours(db, row.volunteer.id)),
  };
}

// ── writes ──────────────────────────────────────────────────────────────────────────────────────

function identityIssues(idType: string, idNumber: string | undefined): FieldIssue[] {
  const n = idType === 'none' ? '' : (idNumber ?? '').replace(/\s+/g, '');
  if (idType !== 'none' && n === '') return [{ path: 'idNumber', message: 'Give the number of the document, or choose "none"' }];
  if (idType === 'none' && (idNumber ?? '').trim() !== '') return [{ path: 'idType', message: 'Say which document the number is from' }];
  if (idType === 'resident_id') {
    const parsed = parseResidentId(n);
    if (!parsed.ok) return [{ path: 'idNumber', message: `Not a valid resident identity number (${parsed.reason})` }];
  }
  if (n.length > 0 && !/^[0-9A-Za-z-]{4,40}$/.test(n)) return [{ path: 'idNumber', message: 'Letters, digits and "-" only (4–40)' }];
  return [];
}

/** The jurisdiction a volunteer is placed in: known, in the manager's scope, not the district itself. */
async function placeIn(tx: Tx, scope: Scope, jurisdictionId: string, path = 'jurisdictionId') {
  const j = await findJurisdiction(tx, jurisdictionId);
  if (!j || !pathInScope(scope, j.path)) throw validationFailed([{ path, message: 'Unknown jurisdiction (or outside your area)' }]);
  if (j.level !== 'township' && j.level !== 'community') {
    throw validationFailed([{ path, message: 'A volunteer serves a township or a community (grid): choose one' }]);
  }
  return j;
}

async function accountIssues(tx: Tx, userId: string | null | undefined, selfId: string | null): Promise<FieldIssue[]> {
  if (!userId) return [];
  const user = await userWithRoles(tx, userId);
  if (!user) return [{ path: 'userId', message: 'Unknown user' }];
  if (!user.roles.includes('volunteer')) return [{ path: 'userId', message: 'The account must hold the volunteer role' }];
  const [taken] = await tx.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.userId, userId));
  if (taken && taken.id !== selfId) return [{ path: 'userId', message: 'This account belongs to another volunteer' }];
  return [];
}

function protectedFields(deps: VolunteerDeps, phone: string | undefined, idType: string, idNumber: string | undefined) {
  const p = phone ? deps.protector.protect('other', phone.replace(/[\s-]/g, '')) : null;
  const id = deps.protector.protect(idType as 'resident_id', idType === 'none' ? '' : idNumber);
  return {
    phoneEncrypted: p?.encrypted ?? null,
    phoneMasked: phone ? maskPhone(phone) : '',
    idNumberEncrypted: id.encrypted,
    idNumberMasked: id.masked,
    idNumberHash: id.hash,
  };
}

async function duplicateIdentity(tx: Tx, hash: string | null, selfId: string | null) {
  if (!hash) return;
  const [other] = await tx.select({ id: volunteers.id, code: volunteers.code }).from(volunteers).where(eq(volunteers.idNumberHash, hash));
  if (other && other.id !== selfId)
    throw conflict('already_exists', `This person is already registered (${other.code})`, { code: other.code });
}

export async function registerVolunteerAs(deps: VolunteerDeps, principal: Principal, input: VolunteerCreate, ip: string | null) {
  const scope = scopeFor(principal, 'volunteers.manage');
  const issues = identityIssues(input.idType, input.idNumber);
  const id = await deps.database.db.transaction(async (tx) => {
    const j = await placeIn(tx, scope, input.jurisdictionId);
    issues.push(...(await accountIssues(tx, input.userId, null)));
    if (issues.length > 0) throw validationFailed(issues);
    const secured = protectedFields(deps, input.phone, input.idType, input.idNumber);
    await duplicateIdentity(tx, secured.idNumberHash, null);
    const [row] = await tx
      .insert(volunteers)
      .values({
        jurisdictionId: j.id,
        grid: input.grid ?? '',
        name: input.name,
        sex: input.sex,
        birthYear: input.birthYear ?? null,
        ...secured,
        idType: input.idType,
        skills: [...new Set(input.skills)],
        languages: [...new Set(input.languages)],
        availability: [...new Set(input.availability)],
        organisation: input.organisation ?? '',
        notes: input.notes ?? '',
        userId: input.userId ?? null,
        registeredBy: principal.id,
      })
      .returning();
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'create',
      entityType: 'volunteer',
      entityId: row!.id,
      after: auditView(row!),
    });
    await notify(tx, {
      recipients: { right: 'volunteers.vet', jurisdictionId: j.id },
      kind: 'volunteer.registered',
      title: `志愿者待审核：${row!.code}`,
      titleEn: `Volunteer to vet: ${row!.code}`,
      link: `/volunteers/${row!.id}`,
      entity: { type: 'volunteer', id: row!.id },
      actorId: principal.id,
    });
    await publish(tx, row!.id, j.path, 'created');
    return row!.id;
  });
  return getVolunteerFor(deps, principal, id);
}

export async function updateVolunteerAs(deps: VolunteerDeps, principal: Principal, id: string, patch: VolunteerPatch, ip: string | null) {
  const scope = scopeFor(principal, 'volunteers.manage');
  await deps.database.db.transaction(async (tx) => {
    const found = await findVolunteer(tx, scope, id, { lock: true });
    if (!found) throw notFound('volunteer');
    const before = found.volunteer;
    const issues: FieldIssue[] = [];
    const idType = patch.idType ?? before.idType;
    const idChanged = patch.idType !== undefined || patch.idNumber !== undefined;
    if (idChanged) {
      const number = patch.idNumber ?? (before.idNumberEncrypted ? deps.protector.reveal(before.idNumberEncrypted) : undefined);
      issues.push(...identityIssues(idType, number));
    }
    issues.push(...(await accountIssues(tx, patch.userId, id)));
    let path = found.jurisdictionPath;
    if (patch.jurisdictionId && patch.jurisdictionId !== before.jurisdictionId)
      path = (await placeIn(tx, scope, patch.jurisdictionId)).path;
    if (issues.length > 0) throw validationFailed(issues);
    const changes: Partial<typeof volunteers.$inferInsert> = {};
    for (const key of ['name', 'sex', 'birthYear', 'jurisdictionId', 'grid', 'organisation', 'notes', 'userId'] as const) {
      if (patch[key] !== undefined) (changes as Record<string, unknown>)[key] = patch[key];
    }
    for (const key of ['skills', 'languages', 'availability'] as const)
      if (patch[key]) (changes as Record<string, unknown>)[key] = [...new Set(patch[key])];
    if (patch.phone !== undefined) {
      const secured = protectedFields(deps, patch.phone, 'none', undefined);
      changes.phoneEncrypted = secured.phoneEncrypted;
      changes.phoneMasked = secured.phoneMasked;
    }
    if (idChanged) {
      const number = patch.idNumber ?? (before.idNumberEncrypted ? deps.protector.reveal(before.idNumberEncrypted) : undefined);
      const secured = protectedFields(deps, undefined, idType, number);
      await duplicateIdentity(tx, secured.idNumberHash, id);
      Object.assign(changes, {
        idType,
        idNumberEncrypted: secured.idNumberEncrypted,
        idNumberMasked: secured.idNumberMasked,
        idNumberHash: secured.idNumberHash,
      });
    }
    const [after] = await tx
      .update(volunteers)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(volunteers.id, id))
      .returning();
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'volunteer',
      entityId: id,
      before: auditView(before),
      after: auditView(after!),
    });
    await publish(tx, id, path, 'updated');
  });
  return getVolunteerFor(deps, principal, id);
}

/** Vetting states a status change may come from. */
const STATUS_FROM: Record<'suspended' | 'withdrawn' | 'approved', VettingStatus[]> = {
  suspended: ['approved'],
  withdrawn: ['pending', 'approved', 'suspended'],
  approved: ['suspended'],
};

/**
 * Vets a pending volunteer (approved or rejected). Four eyes: the one who registered the volunteer never vets
 * them (409 registrar_cannot_vet) — vetting lets a person act in the district's name.
 */
export async function vetVolunteerAs(
  deps: VolunteerDeps,
  principal: Principal,
  id: string,
  input: { decision: 'approved' | 'rejected'; note: string },
  ip: string | null,
) {
  const scope = scopeFor(principal, 'volunteers.vet');
  await deps.database.db.transaction(async (tx) => {
    const found = await findVolunteer(tx, scope, id, { lock: true });
    if (!found) throw notFound('volunteer');
    const before = found.volunteer;
    if (before.vettingStatus !== 'pending') {
      throw conflict('status_not_allowed', `The volunteer is ${before.vettingStatus}, not pending`, { status: before.vettingStatus });
    }
    if (before.registeredBy === principal.id) {
      throw conflict('registrar_cannot_vet', 'Four-eyes rule: a volunteer is vetted by someone other than the one who registered them');
    }
    if (input.decision === 'rejected' && input.note.trim() === '') throw validationFailed([{ path: 'note', message: 'Say why' }]);
    const [after] = await tx
      .update(volunteers)
      .set({ vettingStatus: input.decision, vettingNote: input.note, vettedBy: principal.id, vettedAt: nowOf(deps), updatedAt: sql`now()` })
      .where(eq(volunteers.id, id))
      .returning();
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: input.decision === 'approved' ? 'approve' : 'reject',
      entityType: 'volunteer',
      entityId: id,
      before: auditView(before),
      after: auditView(after!),
    });
    if (before.registeredBy) {
      await notify(tx, {
        recipients: { userIds: [before.registeredBy] },
        kind: 'volunteer.vetted',
        title: input.decision === 'approved' ? `志愿者已通过审核：${before.code}` : `志愿者未通过审核：${before.code}`,
        titleEn: input.decision === 'approved' ? `Volunteer approved: ${before.code}` : `Volunteer not approved: ${before.code}`,
        link: `/volunteers/${id}`,
        entity: { type: 'volunteer', id },
        actorId: principal.id,
      });
    }
    await publish(tx, id, found.jurisdictionPath, 'vetted');
  });
  return getVolunteerFor(deps, principal, id);
}

/** Suspends, withdraws or reinstates a volunteer (volunteers.vet; reinstating keeps the four-eyes rule). */
export async function changeVolunteerStatusAs(
  deps: VolunteerDeps,
  principal: Principal,
  id: string,
  input: { status: 'suspended' | 'withdrawn' | 'approved'; note: string },
  ip: string | null,
) {
  const scope = scopeFor(principal, 'volunteers.vet');
  await deps.database.db.transaction(async (tx) => {
    const found = await findVolunteer(tx, scope, id, { lock: true });
    if (!found) throw notFound('volunteer');
    const before = found.volunteer;
    if (!STATUS_FROM[input.status].includes(before.vettingStatus)) {
      throw conflict('status_not_allowed', `A ${before.vettingStatus} volunteer cannot become ${input.status}`, {
        status: before.vettingStatus,
      });
    }
    if (input.status === 'approved' && before.registeredBy === principal.id) {
      throw conflict('registrar_cannot_vet', 'Four-eyes rule: a volunteer is reinstated by someone other than the one who registered them');
    }
    const set: Partial<typeof volunteers.$inferInsert> = { vettingStatus: input.status, vettingNote: input.note };
    if (input.status === 'approved') Object.assign(set, { vettedBy: principal.id, vettedAt: nowOf(deps) });
    const [after] = await tx
      .update(volunteers)
      .set({ ...set, updatedAt: sql`now()` })
      .where(eq(volunteers.id, id))
      .returning();
    // a volunteer no longer serving leaves their open assignments
    if (input.status !== 'approved') {
      await tx
        .update(volunteerAssignments)
        .set({ status: 'cancelled', updatedAt: sql`now()` })
        .where(and(eq(volunteerAssignments.volunteerId, id), inArray(volunteerAssignments.status, [...OPEN_ASSIGNMENT_STATUSES])));
    }
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'volunteer',
      entityId: id,
      before: auditView(before),
      after: auditView(after!),
    });
    await publish(tx, id, found.jurisdictionPath, 'status');
  });
  return getVolunteerFor(deps, principal, id);
}

/**
 * Assigns an approved volunteer to a task of the task system: an open task in the assigner's area (tasks.read
 * there), or a new one made through the tasks feature's `createTasks` (tasks.assign over the volunteer's place),
 * assigned to the assigner when they can read tasks, else to the volunteer's township.
 */
export async function assignVolunteerAs(deps: VolunteerDeps, principal: Principal, id: string, input: AssignInput, ip: string | null) {
  const scope = scopeFor(principal, 'volunteers.manage');
  if ((input.taskId ? 1 : 0) + (input.task ? 1 : 0) !== 1) {
    throw validationFailed([{ path: 'taskId', message: 'Give an existing task (taskId) or a new one (task), not both' }]);
  }
  const assignmentId = await deps.database.db.transaction(async (tx) => {
    const found = await findVolunteer(tx, scope, id, { lock: true });
    if (!found) throw notFound('volunteer');
    const v = found.volunteer;
    if (v.vettingStatus !== 'approved') {
      throw conflict('volunteer_not_approved', 'Only a vetted (approved) volunteer can be assigned to a task', { status: v.vettingStatus });
    }
    let taskId: string;
    if (input.taskId) {
      const task = await findOpenTaskInScope(tx, scopeFor(principal, 'tasks.read'), input.taskId.toLowerCase());
      if (!task) throw validationFailed([{ path: 'taskId', message: 'Unknown task (or outside your area)' }]);
      if (!(OPEN_TASK_STATUSES as readonly string[]).includes(task.status)) {
        throw conflict('status_not_allowed', 'The task is no longer open', { status: task.status });
      }
      taskId = task.id;
    } else {
      const assign = scopeFor(principal, 'tasks.assign');
      if (!pathInScope(assign, found.jurisdictionPath)) throw forbidden('You cannot create tasks where this volunteer serves');
      const township = townshipIdOf(found.jurisdictionPath);
      const [task] = await createTasks(
        tx,
        [
          {
            title: input.task!.title,
            description: input.task!.description ?? '',
            dueAt: new Date(input.task!.dueAt),
            priority: input.task!.priority,
            incidentId: input.task!.incidentId ?? null,
            jurisdictionId: v.jurisdictionId,
            ...(hasRight(principal, 'tasks.read')
              ? { assigneeUserId: principal.id }
              : { assigneeJurisdictionId: township ?? v.jurisdictionId }),
            origin: 'manual',
            originRef: `volunteer:${v.id}`,
          },
        ],
        { actor: actorOf(principal), ip, paths: 'bare', now: nowOf(deps) },
      );
      taskId = task!.id;
    }
    const [existing] = await tx
      .select({ id: volunteerAssignments.id })
      .from(volunteerAssignments)
      .where(and(eq(volunteerAssignments.volunteerId, id), eq(volunteerAssignments.taskId, taskId)));
    if (existing) throw conflict('already_exists', 'The volunteer is already assigned to this task');
    const [row] = await tx
      .insert(volunteerAssignments)
      .values({
        volunteerId: id,
        taskId,
        jurisdictionId: v.jurisdictionId,
        duty: input.duty,
        contactDetails: input.contactDetails,
        assignedBy: principal.id,
      })
      .returning();
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'create',
      entityType: 'volunteer_assignment',
      entityId: row!.id,
      after: { volunteerId: id, taskId, jurisdictionId: v.jurisdictionId, duty: row!.duty, contactDetails: row!.contactDetails },
    });
    if (v.userId) {
      await notify(tx, {
        recipients: { userIds: [v.userId] },
        kind: 'volunteer.assigned',
        title: '您有新的志愿服务任务',
        titleEn: 'You have a new volunteer assignment',
        link: '/volunteers/me',
        entity: { type: 'volunteer_assignment', id: row!.id },
        actorId: principal.id,
      });
    }
    await publish(tx, id, found.jurisdictionPath, 'assigned');
    return row!.id;
  });
  const [row] = await listAssignments(deps.database.db, eq(volunteerAssignments.id, assignmentId));
  return presentAssignment(row!, true);
}

/** Who may act on an assignment: its volunteer's own account, or a manager over the volunteer's place. */
function mayActOn(principal: Principal, found: { volunteer: VolunteerRow; jurisdictionPath: string }): 'self' | 'manager' {
  if (found.volunteer.userId === principal.id && hasRight(principal, 'volunteers.self')) return 'self';
  const manage = optionalScope(principal, 'volunteers.manage');
  if (manage && pathInScope(manage, found.jurisdictionPath)) return 'manager';
  throw notFound('assignment');
}

/** Check-in (start), check-out (end: the hours are logged from the two times) or cancel an assignment. */
export async function stepAssignmentAs(
  deps: VolunteerDeps,
  principal: Principal,
  assignmentId: string,
  step: 'check-in' | 'check-out' | 'cancel',
  ip: string | null,
) {
  if (!hasRight(principal, 'volunteers.self') && !hasRight(principal, 'volunteers.manage')) throw forbidden();
  const now = nowOf(deps);
  await deps.database.db.transaction(async (tx) => {
    const found = await lockAssignment(tx, assignmentId);
    if (!found) throw notFound('assignment');
    const who = mayActOn(principal, found);
    const a = found.assignment;
    const from: Record<typeof step, string[]> = {
      'check-in': ['assigned'],
      'check-out': ['checked_in'],
      cancel: ['assigned', 'checked_in'],
    };
    if (!from[step].includes(a.status)) throw conflict('status_not_allowed', `The assignment is ${a.status}`, { status: a.status });
    if (step === 'cancel' && who !== 'manager') throw forbidden('A coordinator cancels an assignment');
    if (step === 'check-in' && found.volunteer.vettingStatus !== 'approved') {
      throw conflict('volunteer_not_approved', 'The volunteer is not approved (suspended or withdrawn)', {
        status: found.volunteer.vettingStatus,
      });
    }
    const set =
      step === 'check-in'
        ? { status: 'checked_in' as const, checkedInAt: now }
        : step === 'check-out'
          ? { status: 'completed' as const, checkedOutAt: now }
          : { status: 'cancelled' as const };
    await tx
      .update(volunteerAssignments)
      .set({ ...set, updatedAt: sql`now()` })
      .where(eq(volunteerAssignments.id, assignmentId));
    if (step === 'check-out') {
      const minutes = Math.min(1440, Math.max(1, Math.round((now.getTime() - a.checkedInAt!.getTime()) / 60_000)));
      await tx.insert(volunteerHours).values({
        volunteerId: a.volunteerId,
        assignmentId,
        jurisdictionId: found.volunteer.jurisdictionId,
        workedOn: districtDate(a.checkedInAt!),
        minutes,
        activity: a.duty,
        source: 'check_out',
        loggedBy: principal.id,
      });
    }
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'volunteer_assignment',
      entityId: assignmentId,
      before: { status: a.status, jurisdictionId: a.jurisdictionId },
      after: { status: set.status, jurisdictionId: a.jurisdictionId, by: who },
    });
    await publish(tx, a.volunteerId, found.jurisdictionPath, step);
  });
  const [row] = await listAssignments(deps.database.db, eq(volunteerAssignments.id, assignmentId));
  return presentAssignment(row!, true);
}

/** Logs hours by hand (volunteers.manage over the volunteer, or the volunteer's own account). */
export async function logHoursAs(deps: VolunteerDeps, principal: Principal, id: string, input: HoursCreate, ip: string | null) {
  if (!hasRight(principal, 'volunteers.self') && !hasRight(principal, 'volunteers.manage')) throw forbidden();
  const today = districtToday(nowOf(deps));
  if (input.workedOn > today) throw validationFailed([{ path: 'workedOn', message: 'Hours are logged for today or a past day' }]);
  if (input.workedOn < districtToday(nowOf(deps), 366)) throw validationFailed([{ path: 'workedOn', message: 'At most a year back' }]);
  await deps.database.db.transaction(async (tx) => {
    const manage = optionalScope(principal, 'volunteers.manage');
    const own = await findVolunteerOfUser(tx, principal.id);
    const found = own?.volunteer.id === id ? own : manage ? await findVolunteer(tx, manage, id) : undefined;
    if (!found) throw notFound('volunteer');
    mayActOn(principal, found);
    if (input.assignmentId) {
      const [a] = await tx
        .select({ id: volunteerAssignments.id })
        .from(volunteerAssignments)
        .where(and(eq(volunteerAssignments.id, input.assignmentId.toLowerCase()), eq(volunteerAssignments.volunteerId, id)));
      if (!a) throw validationFailed([{ path: 'assignmentId', message: 'Not an assignment of this volunteer' }]);
    }
    const [{ total }] = (await tx
      .select({ total: sql<number>`coalesce(sum(${volunteerHours.minutes}), 0)::int` })
      .from(volunteerHours)
      .where(and(eq(volunteerHours.volunteerId, id), eq(volunteerHours.workedOn, input.workedOn)))) as [{ total: number }];
    if (total + input.minutes > 1440) {
      throw validationFailed([
        { path: 'minutes', message: `A day has 24 hours: ${total} minutes are already logged for ${input.workedOn}` },
      ]);
    }
    const [row] = await tx
      .insert(volunteerHours)
      .values({
        volunteerId: id,
        assignmentId: input.assignmentId?.toLowerCase() ?? null,
        jurisdictionId: found.volunteer.jurisdictionId,
        workedOn: input.workedOn,
        minutes: input.minutes,
        activity: input.activity,
        source: 'manual',
        loggedBy: principal.id,
      })
      .returning();
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'create',
      entityType: 'volunteer_hours',
      entityId: row!.id,
      after: { volunteerId: id, jurisdictionId: row!.jurisdictionId, workedOn: row!.workedOn, minutes: row!.minutes },
    });
    await publish(tx, id, found.jurisdictionPath, 'hours');
  });
  const activity = (await activityFor(deps, [id])).get(id)!;
  return { activity, hours: presentHours(await listHours(deps.database.db, id)) };
}
