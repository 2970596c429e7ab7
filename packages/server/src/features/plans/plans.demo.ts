/**
 * Demo data of the plans feature for District J (called by seedFeatureDemos, features/demo/feature-demos.ts):
 * the district's emergency plan for acute infectious disease emergencies (plans.demo-content.ts), version 1,
 * drafted and submitted by the demo commander (health commission emergency office) and approved by the demo
 * district leader — two people, as the four-eyes rule asks. Idempotent: nothing is written when the plan's code
 * exists.
 */
import { eq, inArray } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Database } from '../../platform/db/database.ts';
import { users } from '../../platform/db/platform.tables.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { agencies } from '../registry/index.ts';
import { PlanContentSchema } from './plans.content.ts';
import { DEMO_PLAN, DEMO_PLAN_CODE, resolveAgencyCodes } from './plans.demo-content.ts';
import { planVersions, plans } from './plans.tables.ts';

export async function seedPlansDemo(database: Database, ctx: DemoContext): Promise<void> {
  const [existing] = await database.db.select({ id: plans.id }).from(plans).where(eq(plans.code, DEMO_PLAN_CODE));
  if (existing) return;
  const agencyRows = await database.db.select({ id: agencies.id, code: agencies.code }).from(agencies);
  const byCode = new Map(agencyRows.map((a) => [a.code, a.id]));
  if (!byCode.has('JJ-CDC')) {
    ctx.log?.warn('plans demo: the demo agencies are missing; no plan seeded');
    return;
  }
  // Parsed through the same schema as an edit, so the seed cannot hold what the editor would refuse.
  const content = PlanContentSchema.parse(resolveAgencyCodes(DEMO_PLAN, (code) => byCode.get(code)));
  const approvedAt = new Date(Date.UTC(ctx.now.getUTCFullYear(), 0, 15, 2, 0, 0));
  const people = await database.db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(inArray(users.username, ['commander', 'leader']));
  const author = people.find((u) => u.username === 'commander')?.id ?? null;
  const approver = people.find((u) => u.username === 'leader')?.id ?? null;
  await database.db.transaction(async (tx) => {
    const [plan] = await tx
      .insert(plans)
      .values({
        code: DEMO_PLAN_CODE,
        name: content.title.zh,
        nameEn: content.title.en,
        jurisdictionId: ctx.districtId,
        createdAt: approvedAt,
        updatedAt: approvedAt,
      })
      .returning();
    const [version] = await tx
      .insert(planVersions)
      .values({
        planId: plan!.id,
        version: 1,
        status: 'approved',
        content,
        changeNote: '首次发布 / First issue',
        createdBy: author,
        lastEditedBy: author,
        submittedBy: author,
        submittedAt: approvedAt,
        reviewedBy: approver,
        reviewedAt: approvedAt,
        approvedAt,
        createdAt: approvedAt,
        updatedAt: approvedAt,
      })
      .returning();
    await audit(tx, {
      actor: null,
      action: 'create',
      entityType: 'plan',
      entityId: plan!.id,
      after: { plan, version: { ...version, content: undefined } },
    });
  });
  ctx.log?.info('plans demo: seeded the district emergency plan', { code: DEMO_PLAN_CODE });
}
