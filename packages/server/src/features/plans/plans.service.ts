/**
 * Rules of emergency plans: who may read, edit, submit, approve or return a version, and the version
 * workflow (draft → in_review → approved, or returned with comments). Editing the approved version makes a new
 * draft; approving a version supersedes the one in force, so exactly one version is in force per plan. A version
 * is approved by someone other than its last editor and its submitter (four-eyes rule, 409).
 * Every change is audited in its transaction and announced on the live topic 'plans'.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { type Principal, type Scope, inScopePath, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { conflict, notFound, validationFailed } from '../../platform/errors.ts';
import { holdersOf } from '../../platform/auth/holders.ts';
import { publishLive } from '../../platform/live/live.ts';
import { notify } from '../notifications/index.ts';
import { type PlanContent, agencyReferences, completenessIssues, withEntryIds } from './plans.content.ts';
import type { PlanCreate, PlanDetail, PlanSummary, PlanVersionPut, PlanVersionView } from './plans.schema.ts';
import {
  existingAgencyIds,
  findOpenVersion,
  findVersionInForce,
  findVersionRow,
  listPlans,
  listVersions,
  lockPlan,
  nextVersionNumber,
  planCodeTaken,
} from './plans.store.ts';
import { planVersions, plans } from './plans.tables.ts';

const actorOf = (p: Principal) => ({ id: p.id, username: p.username });

function stripPath<T extends { jurisdictionPath?: string }>(row: T): Omit<T, 'jurisdictionPath'> {
  const { jurisdictionPath: _, ...rest } = row;
  return rest;
}

/** Plans the reader may see. */
export async function listPlansFor(database: Database, principal: Principal): Promise<{ items: PlanSummary[] }> {
  const scope = scopeFor(principal, 'plans.read');
  return { items: (await listPlans(database.db, scope)).map(stripPath) };
}

/** A plan with the summary of each version, newest first. */
export async function getPlan(database: Database, principal: Principal, id: string): Promise<PlanDetail> {
  const scope = scopeFor(principal, 'plans.read');
  const [plan] = await listPlans(database.db, scope, id);
  if (!plan) throw notFound('plan');
  const versions = (await listVersions(database.db, id)).map(({ content: _, planId: __, ...v }) => v);
  return { ...stripPath(plan), versions };
}

/** One version with its full content. */
export async function getPlanVersion(database: Database, principal: Principal, id: string, versionId: string): Promise<PlanVersionView> {
  const scope = scopeFor(principal, 'plans.read');
  const [plan] = await listPlans(database.db, scope, id);
  if (!plan) throw notFound('plan');
  const [version] = await listVersions(database.db, id, versionId);
  if (!version) throw notFound('plan version');
  return version;
}

/**
 * The content as stored: ids given to new list entries, and every agency named checked against the registry
 * (400 naming the field, e.g. `levels.III.measures.2.agencyId`).
 */
async function prepareContent(tx: Tx, input: PlanContent & Record<string, unknown>): Promise<PlanContent> {
  const { changeNote: _n, code: _c, jurisdictionId: _j, ...raw } = input;
  const { content, issues } = withEntryIds(raw as PlanContent, randomUUID);
  const refs = agencyReferences(content);
  const known = await existingAgencyIds(
    tx,
    refs.map((r) => r.agencyId),
  );
  for (const ref of refs) if (!known.has(ref.agencyId)) issues.push({ path: ref.path, message: 'no such agency' });
  if (issues.length > 0) throw validationFailed(issues);
  return content;
}

async function announce(tx: Tx, planId: string, jurisdictionPath: string, action: string): Promise<void> {
  await publishLive(tx, { topic: 'plans', id: planId, action, right: 'plans.read', jurisdictionPath });
}

/** Creates a plan with its first version, a draft. */
export async function createPlan(database: Database, principal: Principal, input: PlanCreate, ip: string | null): Promise<PlanDetail> {
  const scope = scopeFor(principal, 'plans.manage');
  const id = await database.db.transaction(async (tx) => {
    const [place] = await tx
      .select({ id: jurisdictions.id, path: jurisdictions.path })
      .from(jurisdictions)
      .where(and(eq(jurisdictions.id, input.jurisdictionId), inScopePath(scope, jurisdictions.path)));
    if (!place) throw validationFailed([{ path: 'jurisdictionId', message: 'no such jurisdiction in your area' }]);
    if (await planCodeTaken(tx, input.code))
      throw conflict('already_exists', 'A plan with this code already exists', [{ path: 'code', message: 'already in use' }]);
    const content = await prepareContent(tx, input);
    const [plan] = await tx
      .insert(plans)
      .values({ code: input.code, name: content.title.zh, nameEn: content.title.en, jurisdictionId: place.id, createdBy: principal.id })
      .returning();
    const [version] = await tx
      .insert(planVersions)
      .values({
        planId: plan!.id,
        version: 1,
        content,
        changeNote: input.changeNote ?? '',
        createdBy: principal.id,
        lastEditedBy: principal.id,
      })
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'plan', entityId: plan!.id, after: { plan, version } });
    await announce(tx, plan!.id, place.path, 'created');
    return plan!.id;
  });
  return getPlan(database, principal, id);
}

/**
 * Saves a version's content. A draft or returned version is changed in place; the approved version in force
 * is left as it is and a new draft version is made from the given content (409 while another version is being
 * worked on). Versions in review and superseded versions cannot be edited.
 */
export async function savePlanVersion(
  database: Database,
  principal: Principal,
  id: string,
  versionId: string,
  input: PlanVersionPut,
  ip: string | null,
): Promise<PlanVersionView> {
  const scope = scopeFor(principal, 'plans.manage');
  const savedId = await database.db.transaction(async (tx) => {
    const plan = await lockPlan(tx, scope, id);
    if (!plan) throw notFound('plan');
    const before = await findVersionRow(tx, id, versionId);
    if (!before) throw notFound('plan version');
    const content = await prepareContent(tx, input);
    if (before.status === 'draft' || before.status === 'returned') {
      const [after] = await tx
        .update(planVersions)
        .set({ content, changeNote: input.changeNote ?? before.changeNote, lastEditedBy: principal.id, updatedAt: new Date() })
        .where(eq(planVersions.id, versionId))
        .returning();
      await audit(tx, { actor: actorOf(principal), ip, action: 'update', entityType: 'plan_version', entityId: versionId, before, after });
      await announce(tx, id, plan.jurisdictionPath, 'updated');
      return versionId;
    }
    if (before.status === 'approved') {
      const open = await findOpenVersion(tx, id);
      if (open) {
        throw conflict('version_in_progress', `Version ${open.version} is already being worked on (${open.status}); edit that one`, {
          openVersionId: open.id,
          status: open.status,
        });
      }
      const [created] = await tx
        .insert(planVersions)
        .values({
          planId: id,
          version: await nextVersionNumber(tx, id),
          content,
          changeNote: input.changeNote ?? '',
          createdBy: principal.id,
          lastEditedBy: principal.id,
        })
        .returning();
      await audit(tx, {
        actor: actorOf(principal),
        ip,
        action: 'create',
        entityType: 'plan_version',
        entityId: created!.id,
        after: { ...created, basedOn: versionId },
      });
      await announce(tx, id, plan.jurisdictionPath, 'updated');
      return created!.id;
    }
    throw conflict(
      'status_not_allowed',
      before.status === 'in_review'
        ? 'The version is in review: it must be returned before it can be edited'
        : 'A superseded version cannot be edited',
      { status: before.status },
    );
  });
  return getPlanVersion(database, principal, id, savedId);
}

type Step = 'submit' | 'approve' | 'return';
const STEP_RIGHT = { submit: 'plans.manage', approve: 'plans.approve', return: 'plans.approve' } as const;
const STEP_FROM: Record<Step, string[]> = { submit: ['draft', 'returned'], approve: ['in_review'], return: ['in_review'] };

/** Error details of a refusal under the four-eyes rule (the web translates by `rule`). */
export const FOUR_EYES_RULE = 'four_eyes';

/**
 * The four-eyes rule (四眼原则): a plan comes into force only when someone other than its last editor and the
 * person who submitted it approves it. Returning it with comments stays open to them (it changes nothing in force).
 */
function checkFourEyes(principal: Principal, version: { lastEditedBy: string | null; submittedBy: string | null }): void {
  const roles = [version.lastEditedBy === principal.id && 'last_editor', version.submittedBy === principal.id && 'submitter'].filter(
    Boolean,
  );
  if (roles.length === 0) return;
  throw conflict(
    'four_eyes',
    'Four-eyes rule: a plan version cannot be approved by the person who last edited it or submitted it for review; another approver must approve it',
    {
      rule: FOUR_EYES_RULE,
      roles,
    },
  );
}

/** One workflow step on a version: submit for review, approve (it comes into force) or return with comments. */
export async function movePlanVersion(
  database: Database,
  principal: Principal,
  id: string,
  versionId: string,
  step: Step,
  input: { changeNote?: string; comment?: string },
  ip: string | null,
): Promise<PlanVersionView> {
  const scope: Scope = scopeFor(principal, STEP_RIGHT[step]);
  await database.db.transaction(async (tx) => {
    const plan = await lockPlan(tx, scope, id);
    if (!plan) throw notFound('plan');
    const before = await findVersionRow(tx, id, versionId);
    if (!before) throw notFound('plan version');
    if (!STEP_FROM[step].includes(before.status)) {
      throw conflict(
        'status_not_allowed',
        `A version in status '${before.status}' cannot be ${step === 'submit' ? 'submitted' : step === 'approve' ? 'approved' : 'returned'}`,
        {
          status: before.status,
        },
      );
    }
    const now = new Date();
    let after;
    if (step === 'submit') {
      const issues = completenessIssues(before.content);
      if (issues.length > 0) throw validationFailed(issues, 'The plan is not complete enough for review');
      [after] = await tx
        .update(planVersions)
        .set({
          status: 'in_review',
          submittedBy: principal.id,
          submittedAt: now,
          changeNote: input.changeNote ?? before.changeNote,
          updatedAt: now,
        })
        .where(eq(planVersions.id, versionId))
        .returning();
      // The approvers over the plan's area who may approve it (four eyes: not its last editor, not its submitter).
      const approvers = (await holdersOf(tx, 'plans.approve', plan.jurisdictionId)).filter(
        (u) => u !== principal.id && u !== before.lastEditedBy,
      );
      if (approvers.length > 0) {
        await notify(tx, {
          recipients: { userIds: approvers },
          kind: 'plan.submitted',
          severity: 'warning',
          title: `应急预案待审批：${plan.code} ${before.content.title.zh}（第${before.version}版）`,
          titleEn: `Emergency plan awaiting approval: ${plan.code} ${before.content.title.en} (version ${before.version})`,
          body: after!.changeNote,
          bodyEn: after!.changeNote,
          link: `/plans/${id}`,
          entity: { type: 'plan_version', id: versionId },
          actorId: principal.id,
        });
      }
    } else if (step === 'return') {
      [after] = await tx
        .update(planVersions)
        .set({ status: 'returned', reviewComment: input.comment ?? '', reviewedBy: principal.id, reviewedAt: now, updatedAt: now })
        .where(eq(planVersions.id, versionId))
        .returning();
    } else {
      checkFourEyes(principal, before);
      const inForce = await findVersionInForce(tx, id);
      // Supersede first: the partial unique index allows one approved version per plan at any instant.
      if (inForce) {
        await tx.update(planVersions).set({ status: 'superseded', updatedAt: now }).where(eq(planVersions.id, inForce.id));
        await audit(tx, {
          actor: actorOf(principal),
          ip,
          action: 'supersede',
          entityType: 'plan_version',
          entityId: inForce.id,
          before: { status: inForce.status },
          after: { status: 'superseded', by: versionId },
        });
      }
      [after] = await tx
        .update(planVersions)
        .set({
          status: 'approved',
          reviewComment: input.comment ?? '',
          reviewedBy: principal.id,
          reviewedAt: now,
          approvedAt: now,
          updatedAt: now,
        })
        .where(eq(planVersions.id, versionId))
        .returning();
      await tx
        .update(plans)
        .set({ name: before.content.title.zh, nameEn: before.content.title.en, updatedAt: now })
        .where(eq(plans.id, id));
    }
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: step,
      entityType: 'plan_version',
      entityId: versionId,
      before: { status: before.status },
      after: { status: after!.status, comment: input.comment ?? null, changeNote: after!.changeNote },
    });
    await announce(tx, id, plan.jurisdictionPath, step);
  });
  return getPlanVersion(database, principal, id, versionId);
}
