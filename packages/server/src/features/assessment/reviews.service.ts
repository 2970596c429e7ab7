/**
 * After- and intra-action reviews (WHO AAR/IAR; docs/assessment.md). A review of an incident (or of an exercise)
 * is drafted by people holding assessment.manage, submitted (the incident's 7-1-7 and indicators are attached as
 * they stand), and approved by someone holding assessment.approve who is not among its authors (four eyes) — or
 * returned to draft. At approval, in the same transaction, every recommended action becomes a task of its owner
 * agency through the tasks feature's createTasks (origin 'review_action', originRef = the action), and the
 * review then shows each action's task as it moves.
 */
import { and, eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { hasRight, pathInScope, type Principal, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Executor, Tx } from '../../platform/db/database.ts';
import { conflict, type FieldIssue, forbidden, notFound, validationFailed } from '../../platform/errors.ts';
import { districtDate, districtInstant } from '../../platform/time/district-time.ts';
import { readableCaseIds } from '../cases/index.ts';
import { createTasks } from '../tasks/index.ts';
import { assessmentActions, assessmentReviews, type AssessmentReviewStatus } from './assessment.tables.ts';
import { indicatorsFor } from './indicators.service.ts';
import { reviewKeyFigures } from './reviews.key-figures.ts';
import { planVersionRef, plansVersionsByIds } from './plan-links.ts';
import { checkPlanVersions } from './plan-links.service.ts';
import type { ReviewCreate, ReviewPatch, ReviewView } from './reviews.schema.ts';
import {
  actionRowsOf,
  agencyNames,
  findReview,
  incidentForReview,
  incidentRefs,
  jurisdictionPathOf,
  listReviewRows,
  OPEN_TASK_STATUSES,
  type ReviewRow,
  userNames,
} from './reviews.store.ts';
import { sevenOneSevenFor } from './seven17.service.ts';
import { readableAlertIds } from './alert-scope.ts';

const actorOf = (p: Principal) => ({ id: p.id, username: p.username });

type SnapshotRecords = Record<string, { kind?: string; id?: string }[] | undefined>;
const snapshotRecords = (indicators: Record<string, unknown> | null): SnapshotRecords | null =>
  ((indicators?.sevenOneSeven as { records?: SnapshotRecords } | undefined)?.records ?? null) as SnapshotRecords | null;

/**
 * The attached 7-1-7 was computed for its submitter: its records may name cases and alerts the reader may not
 * read. Each case passes through the reader's cases.read scope (residence and role), each alert through the
 * reader's alerts.read scope, before it is shown; other records are kept.
 */
async function snapshotsFor(db: Executor, principal: Principal, rows: ReviewRow[]) {
  const idsOf = (kind: string) =>
    rows.flatMap((r) =>
      Object.values(snapshotRecords(r.indicators ?? null) ?? {}).flatMap((list) =>
        (list ?? []).filter((x) => x.kind === kind && typeof x.id === 'string').map((x) => x.id!),
      ),
    );
  const readable = await readableCaseIds(db, principal, idsOf('case'));
  const readableAlerts = await readableAlertIds(db, principal, idsOf('alert'));
  return new Map(
    rows.map((r) => {
      const records = snapshotRecords(r.indicators ?? null);
      if (!r.indicators || !records) return [r.id, r.indicators ?? null];
      const kept = Object.fromEntries(
        Object.entries(records).map(([k, list]) => [
          k,
          (list ?? []).filter(
            (x) => (x.kind !== 'case' || readable.has(x.id ?? '')) && (x.kind !== 'alert' || readableAlerts.has(x.id ?? '')),
          ),
        ]),
      );
      const seven = r.indicators.sevenOneSeven as Record<string, unknown>;
      return [r.id, { ...r.indicators, sevenOneSeven: { ...seven, records: kept } }];
    }),
  );
}

async function viewsOf(db: Executor, principal: Principal, rows: ReviewRow[], now = new Date()): Promise<ReviewView[]> {
  const actions = await actionRowsOf(
    db,
    rows.map((r) => r.id),
  );
  const agencies = await agencyNames(db, [...new Set(rows.flatMap((r) => r.participantAgencyIds))]);
  const incidentsById = await incidentRefs(db, [...new Set(rows.map((r) => r.incidentId).filter((x): x is string => Boolean(x)))]);
  const approvers = await userNames(db, [...new Set(rows.map((r) => r.approvedBy).filter((x): x is string => Boolean(x)))]);
  const mayApprove = hasRight(principal, 'assessment.approve');
  const snapshots = await snapshotsFor(db, principal, rows);
  const versions = await plansVersionsByIds(
    db,
    scopeFor(principal, 'assessment.read'),
    actions.map((a) => a.action.planVersionId).filter((x): x is string => Boolean(x)),
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    kind: r.kind,
    incident: r.incidentId ? (incidentsById.get(r.incidentId) ?? null) : null,
    exerciseName: r.exerciseName,
    jurisdictionId: r.jurisdictionId,
    title: r.title,
    format: r.format,
    reviewDate: r.reviewDate,
    participants: r.participantAgencyIds.map((id) => agencies.get(id)).filter((a): a is NonNullable<typeof a> => Boolean(a)),
    pillars: r.pillars,
    wentWell: r.wentWell,
    challenges: r.challenges,
    rootCauses: r.rootCauses,
    indicators: snapshots.get(r.id) ?? null,
    keyFigures: reviewKeyFigures(snapshots.get(r.id) ?? null),
    status: r.status,
    authorIds: r.authorIds,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    approvedAt: r.approvedAt?.toISOString() ?? null,
    approvedByName: r.approvedBy ? (approvers.get(r.approvedBy) ?? null) : null,
    reviewComment: r.reviewComment,
    actions: actions
      .filter((a) => a.action.reviewId === r.id)
      .map((a) => ({
        id: a.action.id,
        position: a.action.position,
        title: a.action.title,
        description: a.action.description,
        term: a.action.term,
        ownerAgency: { id: a.action.ownerAgencyId, name: a.agencyName, nameEn: a.agencyNameEn },
        dueDate: a.action.dueDate,
        priority: a.action.priority,
        planVersionId: a.action.planVersionId,
        planVersion: planVersionRef(versions, a.action.planVersionId),
        task: a.task?.id
          ? {
              id: a.task.id,
              code: a.task.code!,
              status: a.task.status!,
              dueAt: a.task.dueAt!.toISOString(),
              completedAt: a.task.completedAt?.toISOString() ?? null,
              overdue: OPEN_TASK_STATUSES.includes(a.task.status!) && a.task.dueAt!.getTime() < now.getTime(),
            }
          : null,
      })),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    canApprove: mayApprove && r.status === 'submitted' && !r.authorIds.includes(principal.id),
  }));
}

async function visibleReview(
  db: Executor,
  principal: Principal,
  id: string,
  right: 'assessment.read' | 'assessment.manage' | 'assessment.approve',
) {
  const scope = scopeFor(principal, right);
  const row = await findReview(db, id);
  if (!row || !pathInScope(scope, row.jurisdictionPath)) throw notFound('review');
  return row;
}

export async function listReviewsFor(db: Executor, principal: Principal, q: { incidentId?: string; status?: AssessmentReviewStatus }) {
  const scope = scopeFor(principal, 'assessment.read');
  const rows = await listReviewRows(
    db,
    scope,
    and(
      q.incidentId ? eq(assessmentReviews.incidentId, q.incidentId.toLowerCase()) : undefined,
      q.status ? eq(assessmentReviews.status, q.status) : undefined,
    ),
  );
  const views = await viewsOf(db, principal, rows);
  return { items: views.map(({ indicators: _omit, keyFigures: _figures, ...rest }) => rest) };
}

export async function getReviewFor(db: Executor, principal: Principal, id: string): Promise<ReviewView> {
  const row = await visibleReview(db, principal, id, 'assessment.read');
  return (await viewsOf(db, principal, [row]))[0]!;
}

/** Checks of the references a review names (all problems at once). */
async function checkReferences(
  db: Executor,
  scope: Scope,
  input: { participantAgencyIds?: string[]; actions?: ReviewCreate['actions']; reviewDate?: string },
) {
  await checkPlanVersions(
    db,
    scope,
    (input.actions ?? []).map((a, i) => ({ path: `actions.${i}.planVersionId`, id: a.planVersionId })),
  );
  const issues: FieldIssue[] = [];
  const ids = [
    ...new Set([...(input.participantAgencyIds ?? []), ...(input.actions ?? []).map((a) => a.ownerAgencyId)].map((x) => x.toLowerCase())),
  ];
  const known = await agencyNames(db, ids);
  (input.participantAgencyIds ?? []).forEach((id, i) => {
    if (!known.has(id.toLowerCase())) issues.push({ path: `participantAgencyIds.${i}`, message: 'Unknown agency' });
  });
  (input.actions ?? []).forEach((a, i) => {
    if (!known.has(a.ownerAgencyId.toLowerCase())) issues.push({ path: `actions.${i}.ownerAgencyId`, message: 'Unknown agency' });
    if (input.reviewDate && a.dueDate < input.reviewDate)
      issues.push({ path: `actions.${i}.dueDate`, message: 'The action cannot be due before the review' });
  });
  if (issues.length) throw validationFailed(issues);
}

async function writeActions(tx: Tx, reviewId: string, actions: ReviewCreate['actions']) {
  await tx.delete(assessmentActions).where(eq(assessmentActions.reviewId, reviewId));
  if (actions.length === 0) return;
  await tx.insert(assessmentActions).values(
    actions.map((a, i) => ({
      reviewId,
      position: i,
      title: a.title,
      description: a.description,
      term: a.term,
      ownerAgencyId: a.ownerAgencyId.toLowerCase(),
      dueDate: a.dueDate,
      priority: a.priority,
      planVersionId: a.planVersionId?.toLowerCase() ?? null,
    })),
  );
}

export async function createReviewAs(
  database: Database,
  principal: Principal,
  input: ReviewCreate,
  ip?: string | null,
): Promise<ReviewView> {
  const scope = scopeFor(principal, 'assessment.manage');
  let jurisdictionId: string;
  if (input.incidentId) {
    const incident = await incidentForReview(database.db, input.incidentId.toLowerCase());
    if (!incident || !pathInScope(scope, incident.path)) throw validationFailed([{ path: 'incidentId', message: 'Unknown incident' }]);
    jurisdictionId = incident.jurisdictionId;
  } else {
    if (input.exerciseName === '') throw validationFailed([{ path: 'exerciseName', message: 'Name the exercise, or choose an incident' }]);
    if (!input.jurisdictionId) throw validationFailed([{ path: 'jurisdictionId', message: "Choose the exercise's area" }]);
    const path = await jurisdictionPathOf(database.db, input.jurisdictionId.toLowerCase());
    if (!path || !pathInScope(scope, path)) throw validationFailed([{ path: 'jurisdictionId', message: 'Unknown jurisdiction' }]);
    jurisdictionId = input.jurisdictionId.toLowerCase();
  }
  await checkReferences(database.db, scope, input);
  const id = await database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(assessmentReviews)
      .values({
        kind: input.kind,
        incidentId: input.incidentId?.toLowerCase() ?? null,
        exerciseName: input.incidentId ? '' : input.exerciseName,
        jurisdictionId,
        title: input.title,
        format: input.format,
        reviewDate: input.reviewDate,
        participantAgencyIds: [...new Set(input.participantAgencyIds.map((x) => x.toLowerCase()))],
        pillars: [...new Set(input.pillars)],
        wentWell: input.wentWell,
        challenges: input.challenges,
        rootCauses: input.rootCauses,
        authorIds: [principal.id],
        createdBy: principal.id,
      })
      .returning();
    await writeActions(tx, row!.id, input.actions);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'create',
      entityType: 'assessment_review',
      entityId: row!.id,
      after: { ...row!, actions: input.actions },
    });
    return row!.id;
  });
  return getReviewFor(database.db, principal, id);
}

export async function updateReviewAs(database: Database, principal: Principal, id: string, patch: ReviewPatch, ip?: string | null) {
  const before = await visibleReview(database.db, principal, id, 'assessment.manage');
  if (before.status !== 'draft') throw conflict('status_not_allowed', 'Only a draft review can be changed (return it to draft first)');
  await checkReferences(database.db, scopeFor(principal, 'assessment.manage'), {
    ...patch,
    reviewDate: patch.reviewDate ?? before.reviewDate,
  });
  await database.db.transaction(async (tx) => {
    const { actions, ...fields } = patch;
    const [row] = await tx
      .update(assessmentReviews)
      .set({
        ...fields,
        ...(fields.participantAgencyIds
          ? { participantAgencyIds: [...new Set(fields.participantAgencyIds.map((x) => x.toLowerCase()))] }
          : {}),
        authorIds: [...new Set([...before.authorIds, principal.id])],
        updatedAt: new Date(),
      })
      .where(eq(assessmentReviews.id, id))
      .returning();
    if (actions) await writeActions(tx, id, actions);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'assessment_review',
      entityId: id,
      before,
      after: { ...row!, ...(actions ? { actions } : {}) },
    });
  });
  return getReviewFor(database.db, principal, id);
}

/** The incident's 7-1-7 and indicators (from its start to the review day) as they stand: attached at submission. */
async function indicatorSnapshot(db: Executor, principal: Principal, review: ReviewRow & { jurisdictionPath: string }) {
  if (!review.incidentId) return null;
  const incident = await incidentForReview(db, review.incidentId);
  if (!incident) return null;
  const sevenOneSeven = await sevenOneSevenFor(db, principal, { incidentId: review.incidentId });
  const from = districtDate(incident.startedAt);
  const to = review.reviewDate < from ? from : review.reviewDate;
  const indicators = await indicatorsFor(db, principal, { from, to, incidentId: review.incidentId });
  return {
    takenAt: new Date().toISOString(),
    sevenOneSeven,
    indicators: {
      from,
      to,
      reportingTimeliness: indicators.reportingTimeliness.groups,
      alertVerification: { ...indicators.alertVerification, records: undefined },
      confirmationToActivation: { ...indicators.confirmationToActivation, records: undefined },
      taskOnTime: indicators.taskOnTime.agencies,
      events: indicators.events.map(({ records: _r, ...e }) => e),
      // the modules beside surveillance: their figures without records (the review keeps counts, no names)
      stockOut: { ...indicators.stockOut, records: undefined },
      contactTracing: { ...indicators.contactTracing, records: undefined },
    },
  };
}

export async function submitReviewAs(database: Database, principal: Principal, id: string, ip?: string | null) {
  const before = await visibleReview(database.db, principal, id, 'assessment.manage');
  if (before.status !== 'draft') throw conflict('status_not_allowed', 'Only a draft review can be submitted');
  if (before.wentWell.trim() === '' && before.challenges.trim() === '')
    throw conflict('review_has_no_content', 'Write what went well or the challenges before submitting');
  const snapshot = await indicatorSnapshot(database.db, principal, before);
  await database.db.transaction(async (tx) => {
    const [row] = await tx
      .update(assessmentReviews)
      .set({
        status: 'submitted',
        indicators: snapshot,
        submittedBy: principal.id,
        submittedAt: new Date(),
        authorIds: [...new Set([...before.authorIds, principal.id])],
        updatedAt: new Date(),
      })
      .where(and(eq(assessmentReviews.id, id), eq(assessmentReviews.status, 'draft')))
      .returning();
    if (!row) throw conflict('stale_version', 'The review changed meanwhile; reload it');
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'assessment_review',
      entityId: id,
      before: { status: before.status },
      after: { status: 'submitted' },
    });
  });
  return getReviewFor(database.db, principal, id);
}

export async function returnReviewAs(database: Database, principal: Principal, id: string, comment: string, ip?: string | null) {
  const before = await visibleReview(database.db, principal, id, 'assessment.approve');
  if (before.status !== 'submitted') throw conflict('status_not_allowed', 'Only a submitted review can be returned');
  if (comment.trim() === '') throw validationFailed([{ path: 'comment', message: 'Say what to change' }]);
  await database.db.transaction(async (tx) => {
    await tx
      .update(assessmentReviews)
      .set({ status: 'draft', reviewComment: comment, updatedAt: new Date() })
      .where(eq(assessmentReviews.id, id));
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'assessment_review',
      entityId: id,
      before: { status: 'submitted' },
      after: { status: 'draft', reviewComment: comment },
    });
  });
  return getReviewFor(database.db, principal, id);
}

/** Approves (four eyes) and turns every action into a task of its owner agency, in one transaction. */
export async function approveReviewAs(
  database: Database,
  principal: Principal,
  id: string,
  comment: string,
  ip?: string | null,
  now = new Date(),
) {
  const before = await visibleReview(database.db, principal, id, 'assessment.approve');
  if (before.status !== 'submitted') throw conflict('status_not_allowed', 'Only a submitted review can be approved');
  if (before.authorIds.includes(principal.id)) throw conflict('review_author_cannot_approve', 'An author of the review cannot approve it');
  if (!hasRight(principal, 'assessment.approve')) throw forbidden();
  await database.db.transaction(async (tx) => {
    const [row] = await tx
      .update(assessmentReviews)
      .set({ status: 'approved', approvedBy: principal.id, approvedAt: now, reviewComment: comment, updatedAt: now })
      .where(and(eq(assessmentReviews.id, id), eq(assessmentReviews.status, 'submitted')))
      .returning();
    if (!row) throw conflict('stale_version', 'The review changed meanwhile; reload it');
    const actions = await tx.select().from(assessmentActions).where(eq(assessmentActions.reviewId, id)).orderBy(assessmentActions.position);
    const pending = actions.filter((a) => !a.taskId);
    const incident = row.incidentId ? await incidentForReview(tx, row.incidentId) : undefined;
    const made = await createTasks(
      tx,
      pending.map((a) => ({
        // a task of a closed incident cannot be made: the action then stands on its own
        incidentId: incident && incident.status === 'open' ? incident.id : null,
        title: a.title,
        description: [a.description, `${row.code} ${row.title}`].filter(Boolean).join('\n\n'),
        assigneeAgencyId: a.ownerAgencyId,
        jurisdictionId: row.jurisdictionId,
        priority: a.priority,
        dueAt: districtInstant(a.dueDate, '18:00'),
        origin: 'review_action',
        originRef: a.id,
      })),
      { actor: actorOf(principal), ip, now },
    );
    for (const [i, a] of pending.entries())
      await tx.update(assessmentActions).set({ taskId: made[i]!.id }).where(eq(assessmentActions.id, a.id));
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'assessment_review',
      entityId: id,
      before: { status: 'submitted' },
      after: { status: 'approved', reviewComment: comment, taskIds: made.map((t) => t.id) },
    });
  });
  return getReviewFor(database.db, principal, id);
}
