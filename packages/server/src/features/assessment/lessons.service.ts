/**
 * The lessons library (docs/assessment.md): lessons from the district's own events and reviews and from elsewhere
 * (the demo's summaries of Wuhan's and Shapingba's experience), tagged and linked to the plan version they changed.
 * Search is a plain ILIKE on every word (Chinese has no spaces to index by; no extension is needed, so it works
 * the same on PGlite and PostgreSQL; at a library's size a scan is instant).
 */
import { and, arrayContains, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { inScope, pathInScope, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { notFound, validationFailed } from '../../platform/errors.ts';
import { incidents } from '../incidents/index.ts';
import { planVersions, plans } from '../plans/index.ts';
import { assessmentLessons, assessmentReviews } from './assessment.tables.ts';
import { checkPlanVersions } from './plan-links.service.ts';
import type { LessonCreate, LessonPatch, LessonView } from './lessons.schema.ts';

type LessonRow = typeof assessmentLessons.$inferSelect;
const actorOf = (p: Principal) => ({ id: p.id, username: p.username });

/** A LIKE pattern matching `word` literally anywhere. */
export function containsPattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function searchCondition(q: string | undefined): SQL | undefined {
  const words = (q ?? '').split(/\s+/).filter(Boolean).slice(0, 10);
  if (words.length === 0) return undefined;
  const haystack = sql`(${assessmentLessons.title} || ' ' || ${assessmentLessons.context} || ' ' || ${assessmentLessons.lesson} || ' ' || ${assessmentLessons.sourceNote} || ' ' || ${assessmentLessons.planSection} || ' ' || array_to_string(${assessmentLessons.tags}, ' '))`;
  return and(...words.map((w) => sql`${haystack} ILIKE ${containsPattern(w)}`));
}

async function viewsOf(db: Executor, rows: LessonRow[]): Promise<LessonView[]> {
  const incidentIds = [...new Set(rows.map((r) => r.incidentId).filter((x): x is string => Boolean(x)))];
  const reviewIds = [...new Set(rows.map((r) => r.reviewId).filter((x): x is string => Boolean(x)))];
  const versionIds = [...new Set(rows.map((r) => r.planVersionId).filter((x): x is string => Boolean(x)))];
  const inc = incidentIds.length
    ? new Map(
        (
          await db
            .select({ id: incidents.id, code: incidents.code, title: incidents.title })
            .from(incidents)
            .where(inArray(incidents.id, incidentIds))
        ).map((r) => [r.id, r]),
      )
    : new Map();
  const rev = reviewIds.length
    ? new Map(
        (
          await db
            .select({ id: assessmentReviews.id, code: assessmentReviews.code, title: assessmentReviews.title })
            .from(assessmentReviews)
            .where(inArray(assessmentReviews.id, reviewIds))
        ).map((r) => [r.id, r]),
      )
    : new Map();
  const ver = versionIds.length
    ? new Map(
        (
          await db
            .select({ id: planVersions.id, planId: planVersions.planId, version: planVersions.version, planTitle: plans.name })
            .from(planVersions)
            .innerJoin(plans, eq(plans.id, planVersions.planId))
            .where(inArray(planVersions.id, versionIds))
        ).map((r) => [r.id, r]),
      )
    : new Map();
  return rows.map((r) => ({
    id: r.id,
    jurisdictionId: r.jurisdictionId,
    title: r.title,
    context: r.context,
    lesson: r.lesson,
    source: r.source,
    sourceNote: r.sourceNote,
    incident: r.incidentId ? (inc.get(r.incidentId) ?? null) : null,
    review: r.reviewId ? (rev.get(r.reviewId) ?? null) : null,
    tags: r.tags,
    planVersion: r.planVersionId ? (ver.get(r.planVersionId) ?? null) : null,
    planSection: r.planSection,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

export async function listLessonsFor(db: Executor, principal: Principal, q: { q?: string; tag?: string; source?: LessonRow['source'] }) {
  const scope = scopeFor(principal, 'assessment.read');
  const inArea = inScope(scope, assessmentLessons.jurisdictionId);
  const rows = await db
    .select()
    .from(assessmentLessons)
    .where(
      and(
        inArea,
        searchCondition(q.q),
        q.tag ? arrayContains(assessmentLessons.tags, [q.tag]) : undefined,
        q.source ? eq(assessmentLessons.source, q.source) : undefined,
      ),
    )
    .orderBy(desc(assessmentLessons.createdAt), asc(assessmentLessons.title))
    .limit(500);
  const tagRows = await db
    .select({ tag: sql<string>`t.tag`, count: sql<number>`count(*)::int` })
    .from(sql`${assessmentLessons}, unnest(${assessmentLessons.tags}) AS t(tag)`)
    .where(inArea)
    .groupBy(sql`t.tag`)
    .orderBy(sql`count(*) DESC`, sql`t.tag`);
  return { items: await viewsOf(db, rows), tags: tagRows };
}

async function visibleLesson(db: Executor, principal: Principal, id: string, right: 'assessment.read' | 'assessment.manage') {
  const scope = scopeFor(principal, right);
  const [row] = await db
    .select({ lesson: assessmentLessons, path: jurisdictions.path })
    .from(assessmentLessons)
    .innerJoin(jurisdictions, eq(jurisdictions.id, assessmentLessons.jurisdictionId))
    .where(eq(assessmentLessons.id, id));
  if (!row || !pathInScope(scope, row.path)) throw notFound('lesson');
  return row.lesson;
}

export async function getLessonFor(db: Executor, principal: Principal, id: string) {
  return (await viewsOf(db, [await visibleLesson(db, principal, id, 'assessment.read')]))[0]!;
}

/** The reader's home jurisdiction for a lesson given none: the widest place they manage. */
function homeOf(principal: Principal): string | undefined {
  const scope = scopeFor(principal, 'assessment.manage');
  const grants = principal.grants.filter((g) => scope.paths.includes(g.jurisdictionPath));
  return [...grants].sort((a, b) => a.jurisdictionPath.length - b.jurisdictionPath.length)[0]?.jurisdictionId;
}

const cleanTags = (tags: string[]) => [...new Set(tags.map((t) => t.trim()).filter(Boolean))];

export async function createLessonAs(database: Database, principal: Principal, input: LessonCreate, ip?: string | null) {
  const scope = scopeFor(principal, 'assessment.manage');
  const jurisdictionId = (input.jurisdictionId ?? homeOf(principal))?.toLowerCase();
  const [place] = jurisdictionId
    ? await database.db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, jurisdictionId))
    : [];
  if (!jurisdictionId || !place || !pathInScope(scope, place.path))
    throw validationFailed([{ path: 'jurisdictionId', message: 'Unknown jurisdiction' }]);
  await checkPlanVersions(database.db, scope, [{ path: 'planVersionId', id: input.planVersionId }]);
  const id = await database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(assessmentLessons)
      .values({
        ...input,
        jurisdictionId,
        incidentId: input.incidentId?.toLowerCase() ?? null,
        reviewId: input.reviewId?.toLowerCase() ?? null,
        planVersionId: input.planVersionId?.toLowerCase() ?? null,
        tags: cleanTags(input.tags),
        createdBy: principal.id,
      })
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'assessment_lesson', entityId: row!.id, after: row });
    return row!.id;
  });
  return getLessonFor(database.db, principal, id);
}

export async function updateLessonAs(database: Database, principal: Principal, id: string, patch: LessonPatch, ip?: string | null) {
  const before = await visibleLesson(database.db, principal, id, 'assessment.manage');
  await checkPlanVersions(database.db, scopeFor(principal, 'assessment.manage'), [{ path: 'planVersionId', id: patch.planVersionId }]);
  await database.db.transaction(async (tx) => {
    const [row] = await tx
      .update(assessmentLessons)
      .set({
        ...patch,
        ...(patch.planVersionId !== undefined ? { planVersionId: patch.planVersionId?.toLowerCase() ?? null } : {}),
        ...(patch.tags ? { tags: cleanTags(patch.tags) } : {}),
        updatedAt: new Date(),
      })
      .where(eq(assessmentLessons.id, id))
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'update', entityType: 'assessment_lesson', entityId: id, before, after: row });
  });
  return getLessonFor(database.db, principal, id);
}

export async function deleteLessonAs(database: Database, principal: Principal, id: string, ip?: string | null) {
  const before = await visibleLesson(database.db, principal, id, 'assessment.manage');
  await database.db.transaction(async (tx) => {
    await tx.delete(assessmentLessons).where(eq(assessmentLessons.id, id));
    await audit(tx, { actor: actorOf(principal), ip, action: 'delete', entityType: 'assessment_lesson', entityId: id, before });
  });
}
