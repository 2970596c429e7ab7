/**
 * Rules of training (docs/capability.md, "Training"). Authorisation first; every change audited and announced on
 * the live topic 'training'. Rights: training.read (courses, sessions, certificates and readiness of people whose
 * home lies in the reader's area), training.manage (courses, sessions, enrolment, attendance, certificates).
 * Courses are district-wide reference data; sessions are scoped by where they are held, certificates by the
 * holder's home (a user's broadest grant, a volunteer's community).
 */
import { and, asc, count, desc, eq, gte, inArray, isNull, lte, type SQL, sql } from 'drizzle-orm';
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import { hasRight, inScope, pathInScope, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { conflict, notFound, validationFailed } from '../../platform/errors.ts';
import { publishLive } from '../../platform/live/live.ts';
import { districtDate, districtInstant, districtToday } from '../../platform/time/district-time.ts';
import { volunteers } from '../volunteers/index.ts';
import { addDays, bestOf, expiryOf, type Standing, standingOf } from './readiness.ts';
import type { z } from '@hono/zod-openapi';
import type {
  AttendanceSchema,
  CertificateCreateSchema,
  CourseCreateSchema,
  CoursePatchSchema,
  EnrolSchema,
  SessionCreateSchema,
} from './training.schema.ts';
import { agencyNames, peopleInScope, personInScope, placeNames, type TrainingPerson } from './training.store.ts';
import { trainingCertificates, trainingCourses, trainingEnrolments, trainingSessions } from './training.tables.ts';

export interface TrainingDeps {
  database: Database;
  now?: () => Date;
}
const nowOf = (deps: { now?: () => Date }) => deps.now?.() ?? new Date();
const actorOf = (p: Principal): AuditActor => ({ id: p.id, username: p.username });
type CourseRow = typeof trainingCourses.$inferSelect;

function presentCourse(c: CourseRow) {
  return {
    id: c.id,
    code: c.code,
    title: c.title,
    titleEn: c.titleEn,
    topic: c.topic,
    audience: c.audience,
    description: c.description,
    descriptionEn: c.descriptionEn,
    durationMinutes: c.durationMinutes,
    validityMonths: c.validityMonths,
    active: c.active,
  };
}

// ── courses ─────────────────────────────────────────────────────────────────────────────────────

export async function listCoursesFor(deps: TrainingDeps, principal: Principal, includeInactive = false) {
  scopeFor(principal, 'training.read');
  const rows = await deps.database.db
    .select()
    .from(trainingCourses)
    .where(includeInactive ? undefined : eq(trainingCourses.active, true))
    .orderBy(asc(trainingCourses.code));
  return { items: rows.map(presentCourse) };
}

export async function createCourseAs(
  deps: TrainingDeps,
  principal: Principal,
  input: z.infer<typeof CourseCreateSchema>,
  ip: string | null,
) {
  scopeFor(principal, 'training.manage');
  return deps.database.db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: trainingCourses.id }).from(trainingCourses).where(eq(trainingCourses.code, input.code));
    if (taken) throw conflict('already_exists', `A course ${input.code} exists`);
    const [row] = await tx
      .insert(trainingCourses)
      .values({ ...input, createdBy: principal.id })
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'training_course', entityId: row!.id, after: row });
    await publishLive(tx, { topic: 'training', id: row!.id, action: 'course', right: 'training.read', everywhere: true });
    return presentCourse(row!);
  });
}

export async function updateCourseAs(
  deps: TrainingDeps,
  principal: Principal,
  id: string,
  patch: z.infer<typeof CoursePatchSchema>,
  ip: string | null,
) {
  scopeFor(principal, 'training.manage');
  return deps.database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(trainingCourses).where(eq(trainingCourses.id, id)).for('update');
    if (!before) throw notFound('course');
    const [after] = await tx
      .update(trainingCourses)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(eq(trainingCourses.id, id))
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'update', entityType: 'training_course', entityId: id, before, after });
    await publishLive(tx, { topic: 'training', id, action: 'course', right: 'training.read', everywhere: true });
    return presentCourse(after!);
  });
}

// ── sessions ────────────────────────────────────────────────────────────────────────────────────

const sessionColumns = {
  session: trainingSessions,
  course: trainingCourses,
  jurisdictionName: jurisdictions.name,
  jurisdictionNameEn: jurisdictions.nameEn,
  jurisdictionPath: jurisdictions.path,
};

async function sessionRows(deps: TrainingDeps, where: SQL | undefined) {
  const db = deps.database.db;
  const rows = await db
    .select(sessionColumns)
    .from(trainingSessions)
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, trainingSessions.jurisdictionId))
    .where(where)
    .orderBy(desc(trainingSessions.startsAt));
  const ids = rows.map((r) => r.session.id);
  const tallies = ids.length
    ? await db
        .select({
          sessionId: trainingEnrolments.sessionId,
          enrolled: count(),
          present: sql<number>`count(*) FILTER (WHERE ${trainingEnrolments.attendance} = 'present')::int`,
        })
        .from(trainingEnrolments)
        .where(inArray(trainingEnrolments.sessionId, ids))
        .groupBy(trainingEnrolments.sessionId)
    : [];
  const byId = new Map(tallies.map((t) => [t.sessionId, t]));
  return rows.map((r) => ({
    ...r,
    enrolled: Number(byId.get(r.session.id)?.enrolled ?? 0),
    present: Number(byId.get(r.session.id)?.present ?? 0),
  }));
}

function presentSession(r: Awaited<ReturnType<typeof sessionRows>>[number], principal: Principal) {
  const s = r.session;
  const manage = hasRight(principal, 'training.manage') && pathInScope(scopeFor(principal, 'training.manage'), r.jurisdictionPath);
  return {
    id: s.id,
    course: {
      id: r.course.id,
      code: r.course.code,
      title: r.course.title,
      titleEn: r.course.titleEn,
      validityMonths: r.course.validityMonths,
    },
    jurisdiction: { id: s.jurisdictionId, name: r.jurisdictionName, nameEn: r.jurisdictionNameEn },
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    location: s.location,
    trainer: s.trainer,
    capacity: s.capacity,
    status: s.status,
    closedAt: s.closedAt?.toISOString() ?? null,
    enrolled: r.enrolled,
    present: r.present,
    canManage: manage,
  };
}

export async function listSessionsFor(
  deps: TrainingDeps,
  principal: Principal,
  query: { courseId?: string; status?: 'planned' | 'held' | 'cancelled'; from?: string; to?: string },
) {
  const scope = scopeFor(principal, 'training.read');
  const where = and(
    inScope(scope, trainingSessions.jurisdictionId),
    query.courseId ? eq(trainingSessions.courseId, query.courseId) : undefined,
    query.status ? eq(trainingSessions.status, query.status) : undefined,
    query.from ? gte(trainingSessions.startsAt, districtInstant(query.from)) : undefined,
    query.to ? lte(trainingSessions.startsAt, districtInstant(addDays(query.to, 1))) : undefined,
  );
  return { items: (await sessionRows(deps, where)).map((r) => presentSession(r, principal)) };
}

export async function getSessionFor(deps: TrainingDeps, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'training.read');
  const [row] = await sessionRows(deps, and(eq(trainingSessions.id, id), inScope(scope, trainingSessions.jurisdictionId)));
  if (!row) throw notFound('session');
  const db = deps.database.db;
  const enrolments = await db
    .select({
      enrolment: trainingEnrolments,
      userName: users.displayName,
      username: users.username,
      volunteerName: volunteers.name,
      volunteerCode: volunteers.code,
    })
    .from(trainingEnrolments)
    .leftJoin(users, eq(users.id, trainingEnrolments.userId))
    .leftJoin(volunteers, eq(volunteers.id, trainingEnrolments.volunteerId))
    .where(eq(trainingEnrolments.sessionId, id))
    .orderBy(asc(trainingEnrolments.createdAt));
  const certificates = await db
    .select({ userId: trainingCertificates.userId, volunteerId: trainingCertificates.volunteerId, code: trainingCertificates.code })
    .from(trainingCertificates)
    .where(eq(trainingCertificates.sessionId, id));
  const codeOf = (e: typeof trainingEnrolments.$inferSelect) =>
    certificates.find((c) => (e.userId ? c.userId === e.userId : c.volunteerId === e.volunteerId))?.code ?? null;
  return {
    ...presentSession(row, principal),
    enrolments: enrolments.map((e) => ({
      id: e.enrolment.id,
      person: e.enrolment.userId
        ? { kind: 'staff' as const, id: e.enrolment.userId, name: e.userName ?? '', detail: e.username ?? '' }
        : { kind: 'volunteer' as const, id: e.enrolment.volunteerId!, name: e.volunteerName ?? '', detail: e.volunteerCode ?? '' },
      attendance: e.enrolment.attendance,
      passed: e.enrolment.passed,
      certificateCode: codeOf(e.enrolment),
    })),
  };
}

export async function createSessionAs(
  deps: TrainingDeps,
  principal: Principal,
  input: z.infer<typeof SessionCreateSchema>,
  ip: string | null,
) {
  const scope = scopeFor(principal, 'training.manage');
  const id = await deps.database.db.transaction(async (tx) => {
    const [course] = await tx.select().from(trainingCourses).where(eq(trainingCourses.id, input.courseId));
    if (!course?.active) throw validationFailed([{ path: 'courseId', message: 'Unknown or retired course' }]);
    const [place] = await tx.select().from(jurisdictions).where(eq(jurisdictions.id, input.jurisdictionId));
    if (!place || !pathInScope(scope, place.path))
      throw validationFailed([{ path: 'jurisdictionId', message: 'Unknown jurisdiction (or outside your area)' }]);
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (endsAt <= startsAt) throw validationFailed([{ path: 'endsAt', message: 'The session ends after it starts' }]);
    const [row] = await tx
      .insert(trainingSessions)
      .values({ ...input, startsAt, endsAt, createdBy: principal.id })
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'training_session', entityId: row!.id, after: row });
    await publishLive(tx, { topic: 'training', id: row!.id, action: 'session', right: 'training.read', jurisdictionPath: place.path });
    return row!.id;
  });
  return getSessionFor(deps, principal, id);
}

/** The session locked for a change, within the manager's scope, still open (planned). */
async function openSession(tx: Tx, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'training.manage');
  const [row] = await tx
    .select({ session: trainingSessions, course: trainingCourses, path: jurisdictions.path })
    .from(trainingSessions)
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, trainingSessions.jurisdictionId))
    .where(and(eq(trainingSessions.id, id), inScope(scope, trainingSessions.jurisdictionId)))
    .for('update', { of: trainingSessions });
  if (!row) throw notFound('session');
  if (row.session.status !== 'planned')
    throw conflict('status_not_allowed', `The session is ${row.session.status}`, { status: row.session.status });
  return row;
}

/** Enrols staff and volunteers (people of the course's audience whose home lies in the manager's area). */
export async function enrolAs(deps: TrainingDeps, principal: Principal, id: string, input: z.infer<typeof EnrolSchema>, ip: string | null) {
  const scope = scopeFor(principal, 'training.manage');
  await deps.database.db.transaction(async (tx) => {
    const { session, course, path } = await openSession(tx, principal, id);
    const issues: { path: string; message: string }[] = [];
    const people: TrainingPerson[] = [];
    for (const [kind, ids, field] of [
      ['staff', input.userIds, 'userIds'],
      ['volunteer', input.volunteerIds, 'volunteerIds'],
    ] as const) {
      if (ids.length > 0 && course.audience === (kind === 'staff' ? 'volunteers' : 'staff')) {
        issues.push({ path: field, message: `The course is for ${course.audience} only` });
        continue;
      }
      for (const [i, pid] of [...new Set(ids.map((x) => x.toLowerCase()))].entries()) {
        const person = await personInScope(tx, scope, kind, pid);
        if (!person)
          issues.push({
            path: `${field}.${i}`,
            message: kind === 'staff' ? 'Unknown user (or outside your area)' : 'Unknown or unapproved volunteer (or outside your area)',
          });
        else people.push(person);
      }
    }
    if (people.length === 0 && issues.length === 0) issues.push({ path: 'userIds', message: 'Choose at least one person' });
    if (issues.length > 0) throw validationFailed(issues);
    const existing = await tx.select().from(trainingEnrolments).where(eq(trainingEnrolments.sessionId, id));
    const fresh = people.filter((p) => !existing.some((e) => (p.kind === 'staff' ? e.userId === p.id : e.volunteerId === p.id)));
    if (session.capacity !== null && existing.length + fresh.length > session.capacity) {
      throw validationFailed([{ path: 'userIds', message: `The session holds ${session.capacity}: ${existing.length} already enrolled` }]);
    }
    if (fresh.length > 0) {
      await tx.insert(trainingEnrolments).values(
        fresh.map((p) => ({
          sessionId: id,
          userId: p.kind === 'staff' ? p.id : null,
          volunteerId: p.kind === 'volunteer' ? p.id : null,
        })),
      );
    }
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'training_session',
      entityId: id,
      after: { jurisdictionId: session.jurisdictionId, enrolled: fresh.map((p) => ({ kind: p.kind, id: p.id })) },
    });
    await publishLive(tx, { topic: 'training', id, action: 'enrolment', right: 'training.read', jurisdictionPath: path });
  });
  return getSessionFor(deps, principal, id);
}

/** Takes attendance (present / absent / excused, and passed) — on a phone at the door, several at once. */
export async function recordAttendanceAs(
  deps: TrainingDeps,
  principal: Principal,
  id: string,
  input: z.infer<typeof AttendanceSchema>,
  ip: string | null,
) {
  await deps.database.db.transaction(async (tx) => {
    const { session, path } = await openSession(tx, principal, id);
    const rows = await tx.select().from(trainingEnrolments).where(eq(trainingEnrolments.sessionId, id));
    const known = new Set(rows.map((r) => r.id));
    const issues = input.entries.flatMap((e, i) =>
      known.has(e.enrolmentId.toLowerCase()) ? [] : [{ path: `entries.${i}.enrolmentId`, message: 'Not on this session’s list' }],
    );
    if (issues.length > 0) throw validationFailed(issues);
    const now = nowOf(deps);
    for (const e of input.entries) {
      await tx
        .update(trainingEnrolments)
        .set({ attendance: e.attendance, passed: e.attendance === 'present' ? e.passed : null, markedBy: principal.id, markedAt: now })
        .where(eq(trainingEnrolments.id, e.enrolmentId.toLowerCase()));
    }
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'training_attendance',
      entityId: id,
      after: { jurisdictionId: session.jurisdictionId, entries: input.entries },
    });
    await publishLive(tx, { topic: 'training', id, action: 'attendance', right: 'training.read', jurisdictionPath: path });
  });
  return getSessionFor(deps, principal, id);
}

/** The holder's home and agency (for the certificate's scope and readiness by agency). */
async function holderOf(tx: Tx, kind: 'staff' | 'volunteer', id: string) {
  const everywhere = { right: 'training.read' as const, paths: ['/'] };
  return personInScope(tx, everywhere, kind, id);
}

/**
 * Closes a held session: every person present and not failed (passed true, or not assessed) gets a certificate
 * dated the session's day, expiring after the course's validity. Nobody marked yet: 409.
 */
export async function closeSessionAs(deps: TrainingDeps, principal: Principal, id: string, ip: string | null) {
  await deps.database.db.transaction(async (tx) => {
    const { session, course, path } = await openSession(tx, principal, id);
    const rows = await tx.select().from(trainingEnrolments).where(eq(trainingEnrolments.sessionId, id));
    if (rows.some((r) => r.attendance === 'enrolled')) {
      throw validationFailed([{ path: 'entries', message: 'Take everyone’s attendance before closing the session' }]);
    }
    const issuedOn = districtDate(session.startsAt);
    const expiresOn = expiryOf(issuedOn, course.validityMonths);
    const certified = rows.filter((r) => r.attendance === 'present' && r.passed !== false);
    for (const r of certified) {
      const holder = await holderOf(tx, r.userId ? 'staff' : 'volunteer', (r.userId ?? r.volunteerId)!);
      if (!holder) continue; // a user disabled or a volunteer suspended since enrolment
      const [cert] = await tx
        .insert(trainingCertificates)
        .values({
          courseId: course.id,
          userId: r.userId,
          volunteerId: r.volunteerId,
          jurisdictionId: holder.jurisdictionId,
          agencyId: holder.agencyId,
          sessionId: id,
          issuedOn,
          expiresOn,
          issuedBy: principal.id,
        })
        .returning();
      await audit(tx, {
        actor: actorOf(principal),
        ip,
        action: 'create',
        entityType: 'training_certificate',
        entityId: cert!.id,
        after: cert,
      });
    }
    await tx
      .update(trainingSessions)
      .set({ status: 'held', closedAt: nowOf(deps), closedBy: principal.id, updatedAt: sql`now()` })
      .where(eq(trainingSessions.id, id));
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'training_session',
      entityId: id,
      before: { status: 'planned' },
      after: { status: 'held', jurisdictionId: session.jurisdictionId, certificates: certified.length },
    });
    await publishLive(tx, { topic: 'training', id, action: 'closed', right: 'training.read', jurisdictionPath: path });
  });
  return getSessionFor(deps, principal, id);
}

export async function cancelSessionAs(deps: TrainingDeps, principal: Principal, id: string, ip: string | null) {
  await deps.database.db.transaction(async (tx) => {
    const { session, path } = await openSession(tx, principal, id);
    await tx.update(trainingSessions).set({ status: 'cancelled', updatedAt: sql`now()` }).where(eq(trainingSessions.id, id));
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'training_session',
      entityId: id,
      before: { status: session.status },
      after: { status: 'cancelled', jurisdictionId: session.jurisdictionId },
    });
    await publishLive(tx, { topic: 'training', id, action: 'cancelled', right: 'training.read', jurisdictionPath: path });
  });
  return getSessionFor(deps, principal, id);
}

// ── certificates ────────────────────────────────────────────────────────────────────────────────

const certificateColumns = {
  certificate: trainingCertificates,
  course: trainingCourses,
  userName: users.displayName,
  volunteerName: volunteers.name,
  jurisdictionName: jurisdictions.name,
  jurisdictionNameEn: jurisdictions.nameEn,
};

function standingSql(standing: 'current' | 'expiring' | 'expired', today: string, withinDays: number): SQL {
  const until = addDays(today, withinDays);
  if (standing === 'expired') return sql`${trainingCertificates.expiresOn} <= ${today}`;
  if (standing === 'expiring') return sql`${trainingCertificates.expiresOn} > ${today} AND ${trainingCertificates.expiresOn} <= ${until}`;
  return sql`(${trainingCertificates.expiresOn} IS NULL OR ${trainingCertificates.expiresOn} > ${until})`;
}

export async function listCertificatesFor(
  deps: TrainingDeps,
  principal: Principal,
  query: { courseId?: string; standing?: 'current' | 'expiring' | 'expired'; withinDays: number; page: number; pageSize: number },
) {
  const scope = scopeFor(principal, 'training.read');
  const db = deps.database.db;
  const today = districtToday(nowOf(deps));
  const where = and(
    inScope(scope, trainingCertificates.jurisdictionId),
    isNull(trainingCertificates.revokedAt),
    query.courseId ? eq(trainingCertificates.courseId, query.courseId) : undefined,
    query.standing ? standingSql(query.standing, today, query.withinDays) : undefined,
  );
  const rows = await db
    .select(certificateColumns)
    .from(trainingCertificates)
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingCertificates.courseId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, trainingCertificates.jurisdictionId))
    .leftJoin(users, eq(users.id, trainingCertificates.userId))
    .leftJoin(volunteers, eq(volunteers.id, trainingCertificates.volunteerId))
    .where(where)
    .orderBy(sql`${trainingCertificates.expiresOn} ASC NULLS LAST`, asc(trainingCertificates.code))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [{ total }] = (await db.select({ total: count() }).from(trainingCertificates).where(where)) as [{ total: number }];
  const agencies = await agencyNames(db, [...new Set(rows.map((r) => r.certificate.agencyId).filter((x): x is string => !!x))]);
  return {
    total: Number(total),
    items: rows.map((r) => {
      const c = r.certificate;
      const standing: Standing = c.revokedAt ? 'expired' : standingOf([c.expiresOn], today, query.withinDays);
      return {
        id: c.id,
        code: c.code,
        course: { id: r.course.id, code: r.course.code, title: r.course.title, titleEn: r.course.titleEn },
        person: c.userId
          ? { kind: 'staff' as const, id: c.userId, name: r.userName ?? '' }
          : { kind: 'volunteer' as const, id: c.volunteerId!, name: r.volunteerName ?? '' },
        jurisdiction: { id: c.jurisdictionId, name: r.jurisdictionName, nameEn: r.jurisdictionNameEn },
        agency: c.agencyId ? (agencies.get(c.agencyId) ?? null) : null,
        sessionId: c.sessionId,
        issuedOn: c.issuedOn,
        expiresOn: c.expiresOn,
        standing,
        revokedAt: c.revokedAt?.toISOString() ?? null,
        revokeReason: c.revokeReason,
      };
    }),
  };
}

/** Records a certificate earned elsewhere (a provincial course): training.manage over the holder's home. */
export async function recordCertificateAs(
  deps: TrainingDeps,
  principal: Principal,
  input: z.infer<typeof CertificateCreateSchema>,
  ip: string | null,
) {
  const scope = scopeFor(principal, 'training.manage');
  if ((input.userId ? 1 : 0) + (input.volunteerId ? 1 : 0) !== 1)
    throw validationFailed([{ path: 'userId', message: 'Give a user or a volunteer' }]);
  if (input.issuedOn > districtToday(nowOf(deps)))
    throw validationFailed([{ path: 'issuedOn', message: 'A certificate is issued today or earlier' }]);
  return deps.database.db.transaction(async (tx) => {
    const [course] = await tx.select().from(trainingCourses).where(eq(trainingCourses.id, input.courseId));
    if (!course) throw validationFailed([{ path: 'courseId', message: 'Unknown course' }]);
    const kind = input.userId ? 'staff' : 'volunteer';
    const holder = await personInScope(tx, scope, kind, (input.userId ?? input.volunteerId)!.toLowerCase());
    if (!holder)
      throw validationFailed([{ path: input.userId ? 'userId' : 'volunteerId', message: 'Unknown person (or outside your area)' }]);
    const expiresOn = input.expiresOn === undefined ? expiryOf(input.issuedOn, course.validityMonths) : input.expiresOn;
    if (expiresOn !== null && expiresOn <= input.issuedOn)
      throw validationFailed([{ path: 'expiresOn', message: 'Expires after the issue day' }]);
    const [row] = await tx
      .insert(trainingCertificates)
      .values({
        courseId: course.id,
        userId: kind === 'staff' ? holder.id : null,
        volunteerId: kind === 'volunteer' ? holder.id : null,
        jurisdictionId: holder.jurisdictionId,
        agencyId: holder.agencyId,
        issuedOn: input.issuedOn,
        expiresOn,
        issuedBy: principal.id,
      })
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'training_certificate', entityId: row!.id, after: row });
    await publishLive(tx, {
      topic: 'training',
      id: row!.id,
      action: 'certificate',
      right: 'training.read',
      jurisdictionPath: holder.jurisdictionPath,
    });
    return { id: row!.id, code: row!.code, issuedOn: row!.issuedOn, expiresOn: row!.expiresOn };
  });
}

export async function revokeCertificateAs(deps: TrainingDeps, principal: Principal, id: string, reason: string, ip: string | null) {
  const scope = scopeFor(principal, 'training.manage');
  return deps.database.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(trainingCertificates)
      .where(and(eq(trainingCertificates.id, id), inScope(scope, trainingCertificates.jurisdictionId)))
      .for('update');
    if (!before) throw notFound('certificate');
    if (before.revokedAt) throw conflict('status_not_allowed', 'The certificate is already revoked');
    const [after] = await tx
      .update(trainingCertificates)
      .set({ revokedAt: nowOf(deps), revokeReason: reason })
      .where(eq(trainingCertificates.id, id))
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'update', entityType: 'training_certificate', entityId: id, before, after });
    return { id, code: after!.code, revokedAt: after!.revokedAt!.toISOString() };
  });
}

// ── readiness ───────────────────────────────────────────────────────────────────────────────────

/**
 * Who is trained and current for one course, per agency (staff) or per township (staff and volunteers by their
 * home): people of the course's audience whose home lies in the reader's area, each with the standing of their
 * best unrevoked certificate.
 */
export async function readinessFor(
  deps: TrainingDeps,
  principal: Principal,
  query: { courseId: string; by: 'agency' | 'township'; withinDays: number },
) {
  const scope = scopeFor(principal, 'training.read');
  const db = deps.database.db;
  const today = districtToday(nowOf(deps));
  const [course] = await db.select().from(trainingCourses).where(eq(trainingCourses.id, query.courseId));
  if (!course) throw notFound('course');
  const people = await peopleInScope(db, scope, {
    staff: course.audience !== 'volunteers',
    volunteers: course.audience !== 'staff' && query.by === 'township',
  });
  const certs = await db
    .select({
      userId: trainingCertificates.userId,
      volunteerId: trainingCertificates.volunteerId,
      code: trainingCertificates.code,
      expiresOn: trainingCertificates.expiresOn,
    })
    .from(trainingCertificates)
    .where(and(eq(trainingCertificates.courseId, course.id), isNull(trainingCertificates.revokedAt)));
  const byPerson = new Map<string, typeof certs>();
  for (const c of certs) {
    const key = c.userId ? `staff:${c.userId}` : `volunteer:${c.volunteerId}`;
    byPerson.set(key, [...(byPerson.get(key) ?? []), c]);
  }
  // group of each person
  const townshipIds = people.map((p) => p.jurisdictionPath.split('/').filter(Boolean)[1]).filter((x): x is string => !!x);
  const districtIds = people.map((p) => p.jurisdictionPath.split('/').filter(Boolean)[0]).filter((x): x is string => !!x);
  const places = await placeNames(db, [...new Set([...townshipIds, ...districtIds])]);
  const agencies = await agencyNames(db, [...new Set(people.map((p) => p.agencyId).filter((x): x is string => !!x))]);
  const groupOf = (p: TrainingPerson) => {
    if (query.by === 'agency') {
      const a = p.agencyId ? agencies.get(p.agencyId) : undefined;
      return a
        ? { kind: 'agency' as const, id: a.id, name: a.name, nameEn: a.nameEn }
        : { kind: 'none' as const, id: null, name: '未关联机构', nameEn: 'No agency' };
    }
    const ids = p.jurisdictionPath.split('/').filter(Boolean);
    const township = ids[1] ? places.get(ids[1]) : undefined;
    if (township && township.level === 'township')
      return { kind: 'township' as const, id: township.id, name: township.name, nameEn: township.nameEn };
    const district = ids[0] ? places.get(ids[0]) : undefined;
    return {
      kind: 'district' as const,
      id: district?.id ?? null,
      name: district ? `${district.name}（区级）` : '区级',
      nameEn: district ? `${district.nameEn} (district level)` : 'District level',
    };
  };
  type Counts = { people: number; current: number; expiring: number; expired: number; untrained: number };
  const zero = (): Counts => ({ people: 0, current: 0, expiring: 0, expired: 0, untrained: 0 });
  const groups = new Map<string, ReturnType<typeof groupOf> & Counts>();
  const totals = zero();
  const list = people.map((p) => {
    const mine = byPerson.get(`${p.kind}:${p.id}`) ?? [];
    const standing = standingOf(
      mine.map((c) => c.expiresOn),
      today,
      query.withinDays,
    );
    const best = bestOf(mine);
    const g = groupOf(p);
    const key = `${g.kind}:${g.id ?? ''}`;
    const entry = groups.get(key) ?? { ...g, ...zero() };
    for (const counts of [entry, totals]) {
      counts.people++;
      counts[standing]++;
    }
    groups.set(key, entry);
    return {
      kind: p.kind,
      id: p.id,
      name: p.name,
      group: g.name,
      groupEn: g.nameEn,
      standing,
      expiresOn: best?.expiresOn ?? null,
      certificateCode: best?.code ?? null,
    };
  });
  const percent = (c: Counts) => (c.people === 0 ? null : Math.round(((c.current + c.expiring) / c.people) * 1000) / 10);
  const order = { district: 0, agency: 1, township: 1, none: 2, volunteers: 3 };
  return {
    course: presentCourse(course),
    today,
    withinDays: query.withinDays,
    by: query.by,
    totals: { ...totals, readyPercent: percent(totals) },
    groups: [...groups.values()]
      .sort((a, b) => order[a.kind] - order[b.kind] || a.name.localeCompare(b.name, 'zh-CN'))
      .map((g) => ({ ...g, readyPercent: percent(g) })),
    people: list.sort((a, b) => {
      const rank = { expired: 0, expiring: 1, untrained: 2, current: 3 };
      return rank[a.standing] - rank[b.standing] || a.name.localeCompare(b.name, 'zh-CN');
    }),
  };
}

/** People a manager may enrol: staff and approved volunteers whose home lies in their area. */
export async function candidatesFor(deps: TrainingDeps, principal: Principal, q?: string) {
  const scope = scopeFor(principal, 'training.manage');
  const people = await peopleInScope(deps.database.db, scope, { staff: true, volunteers: true });
  const needle = q?.trim().toLowerCase() ?? '';
  const places = await placeNames(deps.database.db, [...new Set(people.map((p) => p.jurisdictionId))]);
  return {
    items: people
      .filter((p) => needle === '' || p.name.toLowerCase().includes(needle))
      .slice(0, 200)
      .map((p) => ({ kind: p.kind, id: p.id, name: p.name, detail: places.get(p.jurisdictionId)?.name ?? '' })),
  };
}
