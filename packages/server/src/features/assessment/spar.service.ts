/**
 * The preparedness self-assessment (docs/assessment.md; framework and scoring in spar.ts). A round is one place's
 * year: people holding assessment.manage score each indicator 1–5 with evidence (text, links to plan versions,
 * reviews of events and exercises, the platform's indicators, documents on the web, and files attached to the
 * round) and turn gaps into actions. Submitting commits the district (the round is reported upwards), so it
 * needs every indicator scored and an approval by someone holding assessment.approve who is not an author (four
 * eyes); at approval, in the same transaction, every action becomes a task of its owner agency.
 */
import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { hasRight, inScope, pathInScope, type Principal, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { type AttachmentView, listAttachments, readAttachment, saveAttachment } from '../../platform/files/attachments.ts';
import { conflict, type FieldIssue, notFound, validationFailed } from '../../platform/errors.ts';
import { districtInstant } from '../../platform/time/district-time.ts';
import { createTasks, tasks } from '../tasks/index.ts';
import {
  assessmentActions,
  assessmentReviews,
  assessmentSparRounds,
  assessmentSparScores,
  type SparEvidenceLink,
} from './assessment.tables.ts';
import { planVersionRef, plansVersionsByIds } from './plan-links.ts';
import { agencyNames, OPEN_TASK_STATUSES, userNames } from './reviews.store.ts';
import {
  SPAR_CAPACITIES,
  SPAR_EVIDENCE_INDICATORS,
  SPAR_GAP_MAX_LEVEL,
  SPAR_INDICATORS,
  SPAR_LEVELS,
  sparIndicatorCodes,
  sparScores,
} from './spar.ts';
import type { SparCreate, SparRoundView, SparSummaryView, SparUpdate } from './spar.schema.ts';

type RoundRow = typeof assessmentSparRounds.$inferSelect;
const actorOf = (p: Principal) => ({ id: p.id, username: p.username });
const SPAR_FILE_ENTITY = 'assessment_spar_round';

/** GET /api/assessment/spar/framework */
export function sparFramework(principal: Principal) {
  scopeFor(principal, 'assessment.read');
  return {
    capacities: SPAR_CAPACITIES.map((c) => ({ ...c, indicators: [...c.indicators] })),
    levels: [...SPAR_LEVELS],
    gapMaxLevel: SPAR_GAP_MAX_LEVEL,
    evidenceIndicators: [...SPAR_EVIDENCE_INDICATORS],
  };
}

const roundColumns = {
  round: assessmentSparRounds,
  path: jurisdictions.path,
  placeName: jurisdictions.name,
  placeNameEn: jurisdictions.nameEn,
};

async function scoresOf(db: Executor, roundIds: string[]) {
  if (roundIds.length === 0) return [];
  return db
    .select()
    .from(assessmentSparScores)
    .where(inArray(assessmentSparScores.roundId, roundIds))
    .orderBy(asc(assessmentSparScores.indicatorCode));
}

function summaryOf(
  r: { round: RoundRow; placeName: string; placeNameEn: string },
  scores: { indicatorCode: string; score: number }[],
): SparSummaryView {
  const levels = new Map(scores.filter((s) => sparIndicatorCodes.has(s.indicatorCode)).map((s) => [s.indicatorCode, s.score]));
  const { capacities, overall } = sparScores(levels);
  return {
    id: r.round.id,
    year: r.round.year,
    jurisdiction: { id: r.round.jurisdictionId, name: r.placeName, nameEn: r.placeNameEn },
    status: r.round.status,
    overall,
    capacities,
    scored: levels.size,
    gaps: [...levels.values()].filter((l) => l <= SPAR_GAP_MAX_LEVEL).length,
    approvedAt: r.round.approvedAt?.toISOString() ?? null,
  };
}

/** GET /api/assessment/spar: the rounds in scope by year (newest first), with their scores: the history. */
export async function listSparRoundsFor(db: Executor, principal: Principal, q: { jurisdictionId?: string }) {
  const scope = scopeFor(principal, 'assessment.read');
  const rows = await db
    .select(roundColumns)
    .from(assessmentSparRounds)
    .innerJoin(jurisdictions, eq(jurisdictions.id, assessmentSparRounds.jurisdictionId))
    .where(
      and(
        inScope(scope, assessmentSparRounds.jurisdictionId),
        q.jurisdictionId ? eq(assessmentSparRounds.jurisdictionId, q.jurisdictionId.toLowerCase()) : undefined,
      ),
    )
    .orderBy(desc(assessmentSparRounds.year), asc(jurisdictions.path));
  const scores = await scoresOf(
    db,
    rows.map((r) => r.round.id),
  );
  return {
    items: rows.map((r) =>
      summaryOf(
        r,
        scores.filter((s) => s.roundId === r.round.id),
      ),
    ),
  };
}

async function visibleRound(
  db: Executor,
  principal: Principal,
  id: string,
  right: 'assessment.read' | 'assessment.manage' | 'assessment.approve',
) {
  const scope = scopeFor(principal, right);
  const [row] = await db
    .select(roundColumns)
    .from(assessmentSparRounds)
    .innerJoin(jurisdictions, eq(jurisdictions.id, assessmentSparRounds.jurisdictionId))
    .where(eq(assessmentSparRounds.id, id));
  if (!row || !pathInScope(scope, row.path)) throw notFound('self_assessment');
  return row;
}

/** Where a link of the evidence opens in the web (null: the record is gone or outside the reader's scope). */
function linkPath(link: SparEvidenceLink, plans: Map<string, { planId: string }>, reviews: Set<string>): string | null {
  switch (link.kind) {
    case 'plan_version': {
      const v = plans.get(link.ref);
      return v ? `/plans/${v.planId}` : null;
    }
    case 'review':
      return reviews.has(link.ref) ? `/assessment/reviews/${link.ref}` : null;
    case 'indicator':
      return link.ref === 'seven_one_seven'
        ? '/assessment'
        : link.ref === 'detection_performance'
          ? '/assessment/detection'
          : '/assessment/indicators';
    case 'url':
      return link.ref;
  }
}

/** GET /api/assessment/spar/{id} */
export async function getSparRoundFor(db: Executor, principal: Principal, id: string, now = new Date()): Promise<SparRoundView> {
  const row = await visibleRound(db, principal, id, 'assessment.read');
  const scope = scopeFor(principal, 'assessment.read');
  const scores = await scoresOf(db, [row.round.id]);
  const links = scores.flatMap((s) => s.evidenceLinks);
  const plans = await plansVersionsByIds(
    db,
    scope,
    links.filter((l) => l.kind === 'plan_version').map((l) => l.ref),
  );
  const reviewIds = links.filter((l) => l.kind === 'review').map((l) => l.ref);
  const reviews = new Set(
    reviewIds.length
      ? (
          await db
            .select({ id: assessmentReviews.id })
            .from(assessmentReviews)
            .where(and(inArray(assessmentReviews.id, reviewIds), inScope(scope, assessmentReviews.jurisdictionId)))
        ).map((r) => r.id)
      : [],
  );
  const [previous] = await db
    .select({ id: assessmentSparRounds.id, year: assessmentSparRounds.year })
    .from(assessmentSparRounds)
    .where(and(eq(assessmentSparRounds.jurisdictionId, row.round.jurisdictionId), lt(assessmentSparRounds.year, row.round.year)))
    .orderBy(desc(assessmentSparRounds.year))
    .limit(1);
  const previousScores = previous ? await scoresOf(db, [previous.id]) : [];
  const actions = await db
    .select({
      action: assessmentActions,
      task: { id: tasks.id, code: tasks.code, status: tasks.status, dueAt: tasks.dueAt, completedAt: tasks.completedAt },
    })
    .from(assessmentActions)
    .leftJoin(tasks, eq(tasks.id, assessmentActions.taskId))
    .where(eq(assessmentActions.sparRoundId, row.round.id))
    .orderBy(asc(assessmentActions.position));
  const agencies = await agencyNames(db, [...new Set(actions.map((a) => a.action.ownerAgencyId))]);
  const actionVersions = await plansVersionsByIds(
    db,
    scope,
    actions.map((a) => a.action.planVersionId).filter((x): x is string => Boolean(x)),
  );
  const approver = row.round.approvedBy ? (await userNames(db, [row.round.approvedBy])).get(row.round.approvedBy) : undefined;
  const manage = hasRight(principal, 'assessment.manage') && pathInScope(scopeFor(principal, 'assessment.manage'), row.path);
  return {
    ...summaryOf(row, scores),
    scores: scores.map((s) => ({
      indicatorCode: s.indicatorCode,
      score: s.score,
      evidence: s.evidence,
      links: s.evidenceLinks.map((l) => {
        const v = l.kind === 'plan_version' ? plans.get(l.ref) : undefined;
        return {
          ...l,
          label: l.label || (v ? `${v.planTitle} v${v.version}` : ''),
          path: linkPath(l, plans, reviews),
        };
      }),
    })),
    previous: previous
      ? {
          year: previous.year,
          overall: sparScores(new Map(previousScores.map((s) => [s.indicatorCode, s.score]))).overall,
          scores: Object.fromEntries(previousScores.map((s) => [s.indicatorCode, s.score])),
        }
      : null,
    actions: actions.map((a) => {
      const agency = agencies.get(a.action.ownerAgencyId);
      return {
        id: a.action.id,
        indicatorCode: a.action.sparIndicatorCode ?? '',
        position: a.action.position,
        title: a.action.title,
        description: a.action.description,
        term: a.action.term,
        ownerAgency: { id: a.action.ownerAgencyId, name: agency?.name ?? '', nameEn: agency?.nameEn ?? '' },
        dueDate: a.action.dueDate,
        priority: a.action.priority,
        planVersionId: a.action.planVersionId,
        planVersion: planVersionRef(actionVersions, a.action.planVersionId),
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
      };
    }),
    authorIds: row.round.authorIds,
    submittedAt: row.round.submittedAt?.toISOString() ?? null,
    approvedByName: approver ?? null,
    reviewComment: row.round.reviewComment,
    canEdit: manage && row.round.status === 'draft',
    canApprove:
      hasRight(principal, 'assessment.approve') && row.round.status === 'submitted' && !row.round.authorIds.includes(principal.id),
  };
}

/** The widest place the principal manages (a round or lesson given no place). */
function homeOf(principal: Principal, scope: Scope): string | undefined {
  const grants = principal.grants.filter((g) => scope.paths.includes(g.jurisdictionPath));
  return [...grants].sort((a, b) => a.jurisdictionPath.length - b.jurisdictionPath.length)[0]?.jurisdictionId;
}

/** POST /api/assessment/spar: open a year's round for a place (one per place and year). */
export async function createSparRoundAs(database: Database, principal: Principal, input: SparCreate, ip?: string | null) {
  const scope = scopeFor(principal, 'assessment.manage');
  const jurisdictionId = (input.jurisdictionId ?? homeOf(principal, scope))?.toLowerCase();
  const [place] = jurisdictionId
    ? await database.db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, jurisdictionId))
    : [];
  if (!jurisdictionId || !place || !pathInScope(scope, place.path))
    throw validationFailed([{ path: 'jurisdictionId', message: 'Unknown jurisdiction' }]);
  const [existing] = await database.db
    .select({ id: assessmentSparRounds.id })
    .from(assessmentSparRounds)
    .where(and(eq(assessmentSparRounds.jurisdictionId, jurisdictionId), eq(assessmentSparRounds.year, input.year)));
  if (existing) throw conflict('already_exists', 'This place already has a self-assessment for that year', { id: existing.id });
  const id = await database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(assessmentSparRounds)
      .values({ jurisdictionId, year: input.year, authorIds: [principal.id], createdBy: principal.id })
      .returning();
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'create',
      entityType: 'assessment_spar_round',
      entityId: row!.id,
      after: row,
    });
    return row!.id;
  });
  return getSparRoundFor(database.db, principal, id);
}

/** Checks of what an update names: indicator codes, links, agencies and due dates (all problems at once). */
async function checkUpdate(db: Executor, scope: Scope, input: SparUpdate, year: number) {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const planIds: { ref: string; path: string }[] = [];
  const reviewIds: { ref: string; path: string }[] = [];
  input.scores.forEach((s, i) => {
    if (!sparIndicatorCodes.has(s.indicatorCode)) issues.push({ path: `scores.${i}.indicatorCode`, message: 'Unknown indicator' });
    if (seen.has(s.indicatorCode)) issues.push({ path: `scores.${i}.indicatorCode`, message: 'Scored twice' });
    seen.add(s.indicatorCode);
    s.links.forEach((l, j) => {
      const path = `scores.${i}.links.${j}.ref`;
      if (l.kind === 'url' && !/^https?:\/\/[^\s]+$/i.test(l.ref)) issues.push({ path, message: 'Give an http(s) address' });
      if (l.kind === 'indicator' && !(SPAR_EVIDENCE_INDICATORS as readonly string[]).includes(l.ref))
        issues.push({ path, message: 'Unknown indicator' });
      if (l.kind === 'plan_version') planIds.push({ ref: l.ref.toLowerCase(), path });
      if (l.kind === 'review') reviewIds.push({ ref: l.ref.toLowerCase(), path });
    });
  });
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const plans = await plansVersionsByIds(
    db,
    scope,
    planIds.map((p) => p.ref).filter((x) => uuid.test(x)),
  );
  for (const p of planIds) if (!plans.has(p.ref)) issues.push({ path: p.path, message: 'Unknown plan version' });
  const validReviews = reviewIds.map((r) => r.ref).filter((x) => uuid.test(x));
  const known = new Set(
    validReviews.length
      ? (
          await db
            .select({ id: assessmentReviews.id })
            .from(assessmentReviews)
            .where(and(inArray(assessmentReviews.id, validReviews), inScope(scope, assessmentReviews.jurisdictionId)))
        ).map((r) => r.id)
      : [],
  );
  for (const r of reviewIds) if (!known.has(r.ref)) issues.push({ path: r.path, message: 'Unknown review' });
  const agencies = await agencyNames(db, [...new Set((input.actions ?? []).map((a) => a.ownerAgencyId.toLowerCase()))]);
  (input.actions ?? []).forEach((a, i) => {
    if (!sparIndicatorCodes.has(a.indicatorCode)) issues.push({ path: `actions.${i}.indicatorCode`, message: 'Unknown indicator' });
    if (!agencies.has(a.ownerAgencyId.toLowerCase())) issues.push({ path: `actions.${i}.ownerAgencyId`, message: 'Unknown agency' });
    if (a.dueDate < `${year}-01-01`)
      issues.push({ path: `actions.${i}.dueDate`, message: 'The action cannot be due before the assessed year' });
  });
  if (issues.length) throw validationFailed(issues);
}

/** PUT /api/assessment/spar/{id}: set scores with their evidence, and replace the gap actions (draft only). */
export async function updateSparRoundAs(database: Database, principal: Principal, id: string, input: SparUpdate, ip?: string | null) {
  const scope = scopeFor(principal, 'assessment.manage');
  const before = await visibleRound(database.db, principal, id, 'assessment.manage');
  if (before.round.status !== 'draft')
    throw conflict('status_not_allowed', 'Only a draft self-assessment can be changed (return it first)');
  await checkUpdate(database.db, scope, input, before.round.year);
  await database.db.transaction(async (tx) => {
    const [locked] = await tx
      .update(assessmentSparRounds)
      .set({ authorIds: [...new Set([...before.round.authorIds, principal.id])], updatedAt: new Date() })
      .where(and(eq(assessmentSparRounds.id, id), eq(assessmentSparRounds.status, 'draft')))
      .returning();
    if (!locked) throw conflict('stale_version', 'The self-assessment changed meanwhile; reload it');
    const beforeScores = await scoresOf(tx, [id]);
    for (const s of input.scores) {
      await tx
        .delete(assessmentSparScores)
        .where(and(eq(assessmentSparScores.roundId, id), eq(assessmentSparScores.indicatorCode, s.indicatorCode)));
      if (s.score !== null)
        await tx.insert(assessmentSparScores).values({
          roundId: id,
          indicatorCode: s.indicatorCode,
          score: s.score,
          evidence: s.evidence,
          evidenceLinks: s.links.map((l) => ({ kind: l.kind, ref: l.kind === 'url' ? l.ref : l.ref.toLowerCase(), label: l.label })),
        });
    }
    if (input.actions) await writeSparActions(tx, id, input.actions);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'assessment_spar_round',
      entityId: id,
      before: { scores: beforeScores.filter((b) => input.scores.some((s) => s.indicatorCode === b.indicatorCode)) },
      after: { scores: input.scores, ...(input.actions ? { actions: input.actions } : {}) },
    });
  });
  return getSparRoundFor(database.db, principal, id);
}

async function writeSparActions(tx: Tx, roundId: string, actions: NonNullable<SparUpdate['actions']>) {
  await tx.delete(assessmentActions).where(eq(assessmentActions.sparRoundId, roundId));
  if (actions.length === 0) return;
  await tx.insert(assessmentActions).values(
    actions.map((a, i) => ({
      sparRoundId: roundId,
      sparIndicatorCode: a.indicatorCode,
      position: i,
      title: a.title,
      description: a.description,
      term: a.term,
      ownerAgencyId: a.ownerAgencyId.toLowerCase(),
      dueDate: a.dueDate,
      priority: a.priority,
    })),
  );
}

async function setStatus(
  database: Database,
  principal: Principal,
  id: string,
  from: RoundRow['status'],
  values: Partial<typeof assessmentSparRounds.$inferInsert>,
  ip: string | null | undefined,
  extra?: (tx: Tx, row: RoundRow) => Promise<Record<string, unknown>>,
) {
  await database.db.transaction(async (tx) => {
    const [row] = await tx
      .update(assessmentSparRounds)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(assessmentSparRounds.id, id), eq(assessmentSparRounds.status, from)))
      .returning();
    if (!row) throw conflict('stale_version', 'The self-assessment changed meanwhile; reload it');
    const more = extra ? await extra(tx, row) : {};
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'assessment_spar_round',
      entityId: id,
      before: { status: from },
      after: { status: row.status, reviewComment: row.reviewComment, ...more },
    });
  });
  return getSparRoundFor(database.db, principal, id);
}

/** POST /api/assessment/spar/{id}/submit: every indicator scored; the authors can no longer approve it. */
export async function submitSparRoundAs(database: Database, principal: Principal, id: string, ip?: string | null) {
  const before = await visibleRound(database.db, principal, id, 'assessment.manage');
  if (before.round.status !== 'draft') throw conflict('status_not_allowed', 'Only a draft self-assessment can be submitted');
  const scored = new Set((await scoresOf(database.db, [id])).map((s) => s.indicatorCode));
  const missing = SPAR_INDICATORS.filter((i) => !scored.has(i.code)).map((i) => i.code);
  if (missing.length) throw conflict('spar_incomplete', `Score every indicator before submitting (${missing.length} left)`, { missing });
  return setStatus(
    database,
    principal,
    id,
    'draft',
    {
      status: 'submitted',
      submittedBy: principal.id,
      submittedAt: new Date(),
      authorIds: [...new Set([...before.round.authorIds, principal.id])],
    },
    ip,
  );
}

/** POST /api/assessment/spar/{id}/return: back to draft with a comment (assessment.approve). */
export async function returnSparRoundAs(database: Database, principal: Principal, id: string, comment: string, ip?: string | null) {
  const before = await visibleRound(database.db, principal, id, 'assessment.approve');
  if (before.round.status !== 'submitted') throw conflict('status_not_allowed', 'Only a submitted self-assessment can be returned');
  if (comment.trim() === '') throw validationFailed([{ path: 'comment', message: 'Say what to change' }]);
  return setStatus(database, principal, id, 'submitted', { status: 'draft', reviewComment: comment.trim() }, ip);
}

/** POST /api/assessment/spar/{id}/approve: four eyes; every gap action becomes a task, in the same transaction. */
export async function approveSparRoundAs(
  database: Database,
  principal: Principal,
  id: string,
  comment: string,
  ip?: string | null,
  now = new Date(),
) {
  const before = await visibleRound(database.db, principal, id, 'assessment.approve');
  if (before.round.status !== 'submitted') throw conflict('status_not_allowed', 'Only a submitted self-assessment can be approved');
  if (before.round.authorIds.includes(principal.id))
    throw conflict('spar_author_cannot_approve', 'An author of the self-assessment cannot approve it');
  return setStatus(
    database,
    principal,
    id,
    'submitted',
    { status: 'approved', approvedBy: principal.id, approvedAt: now, reviewComment: comment.trim() },
    ip,
    async (tx, row) => {
      const pending = (
        await tx.select().from(assessmentActions).where(eq(assessmentActions.sparRoundId, id)).orderBy(assessmentActions.position)
      ).filter((a) => !a.taskId);
      const indicatorName = new Map(SPAR_INDICATORS.map((i) => [i.code, i.name]));
      const made = await createTasks(
        tx,
        pending.map((a) => ({
          incidentId: null,
          title: a.title,
          description: [
            a.description,
            `${row.year} 年度卫生应急能力自评 · ${a.sparIndicatorCode} ${indicatorName.get(a.sparIndicatorCode ?? '') ?? ''}`,
          ]
            .filter(Boolean)
            .join('\n\n'),
          assigneeAgencyId: a.ownerAgencyId,
          jurisdictionId: row.jurisdictionId,
          priority: a.priority,
          dueAt: districtInstant(a.dueDate, '18:00'),
          origin: 'review_action' as const,
          originRef: a.id,
        })),
        { actor: actorOf(principal), ip, now },
      );
      for (const [i, a] of pending.entries())
        await tx.update(assessmentActions).set({ taskId: made[i]!.id }).where(eq(assessmentActions.id, a.id));
      return { taskIds: made.map((t) => t.id) };
    },
  );
}

// ── files: the documents behind the scores (attachments of the round) ─────────────────────────────────────────

export async function listSparFiles(db: Executor, principal: Principal, id: string): Promise<AttachmentView[]> {
  await visibleRound(db, principal, id, 'assessment.read');
  return listAttachments(db, SPAR_FILE_ENTITY, id);
}

export async function uploadSparFile(
  database: Database,
  principal: Principal,
  id: string,
  file: { filename: string; bytes: Uint8Array },
  ctx: { ip?: string | null; limitBytes: number },
): Promise<AttachmentView> {
  const row = await visibleRound(database.db, principal, id, 'assessment.manage');
  if (row.round.status !== 'draft') throw conflict('status_not_allowed', 'Files are added while the self-assessment is a draft');
  return database.db.transaction((tx) =>
    saveAttachment(
      tx,
      { entityType: SPAR_FILE_ENTITY, entityId: id, jurisdictionId: row.round.jurisdictionId, filename: file.filename, bytes: file.bytes },
      { actor: actorOf(principal), ip: ctx.ip ?? null, limitBytes: ctx.limitBytes },
    ),
  );
}

export async function readSparFile(db: Executor, principal: Principal, id: string, fileId: string) {
  await visibleRound(db, principal, id, 'assessment.read');
  return readAttachment(db, SPAR_FILE_ENTITY, id, fileId);
}
