/**
 * Test fixtures of plans and incidents: agencies, people working for them, and a small complete plan whose
 * every level has measures for known agencies.
 */
import { eq } from 'drizzle-orm';
import type { RoleId } from '../../platform/auth/rights.ts';
import type { Principal } from '../../platform/auth/scope.ts';
import type { Database } from '../../platform/db/database.ts';
import { users } from '../../platform/db/platform.tables.ts';
import { buildUser, uniqueSuffix } from '../../test-support/index.ts';
import { type AgencyKind, agencies } from '../registry/registry.tables.ts';
import { loadPrincipal } from '../users/users.store.ts';
import type { PlanContent } from './plans.content.ts';
import { planVersions, plans } from './plans.tables.ts';

export async function buildAgency(database: Database, jurisdictionId: string, kind: AgencyKind) {
  const suffix = uniqueSuffix();
  const [row] = await database.db
    .insert(agencies)
    .values({ code: `AG-${suffix}`, name: `机构${suffix}`, nameEn: `Agency ${suffix}`, kind, jurisdictionId })
    .returning();
  return row!;
}

/** A user with one role, optionally working for an agency, and their principal. */
export async function buildPerson(
  database: Database,
  options: { role: RoleId; jurisdictionId: string; agencyId?: string; displayName?: string },
): Promise<{ principal: Principal; username: string; password: string }> {
  const { user, password } = await buildUser(database, {
    role: options.role,
    jurisdictionId: options.jurisdictionId,
    displayName: options.displayName,
  });
  if (options.agencyId) await database.db.update(users).set({ agencyId: options.agencyId }).where(eq(users.id, user.id));
  return { principal: (await loadPrincipal(database.db, user.id))!, username: user.username, password };
}

const b = (zh: string, en: string) => ({ zh, en });

/** A complete plan: level III gives the CDC a 6-hour measure and the police a 24-hour one; each level differs. */
export function testPlanContent(a: { cdc: string; police: string; health: string }): PlanContent {
  const measure = (id: string, agencyId: string, deadlineHours: number, zh: string, en: string) => ({
    id,
    title: b(zh, en),
    description: b(`${zh}说明`, `${en} details`),
    agencyId,
    deadlineHours,
    priority: 'high' as const,
    checklist: [b('第一步', 'First step')],
  });
  return {
    title: b('测试区传染病应急预案', 'Test district infectious disease plan'),
    general: b('总则', 'General provisions'),
    headquarters: {
      commander: b('区长', 'District head'),
      deputies: [b('卫健委主任', 'Health commission director')],
      composition: b('成员单位', 'Member agencies'),
      duties: b('职责', 'Duties'),
      office: b('办公室', 'Office'),
      workingGroups: [
        {
          id: 'yqfk',
          name: b('疫情防控组', 'Epidemic control group'),
          leadAgencyId: a.cdc,
          memberAgencyIds: [a.police],
          duties: b('流调', 'Investigation'),
        },
      ],
    },
    monitoring: b('监测', 'Monitoring'),
    reporting: b('报告', 'Reporting'),
    technicalInstitutions: [{ id: 'ti-cdc', agencyId: a.cdc, name: b('疾控中心', 'CDC'), tasks: b('检测', 'Testing') }],
    levels: {
      I: { criteria: b('特别重大', 'Particularly serious'), measures: [measure('I-health', a.health, 1, '集中办公', 'Round the clock')] },
      II: {
        criteria: b('重大', 'Serious'),
        measures: [measure('II-cdc', a.cdc, 4, '扩大检测', 'Wider testing'), measure('II-police', a.police, 8, '区域管控', 'Area control')],
      },
      III: {
        criteria: b('较大', 'Larger'),
        measures: [
          measure('III-cdc', a.cdc, 6, '现场流调', 'Field investigation'),
          measure('III-police', a.police, 24, '协助流调溯源', 'Help trace sources'),
        ],
      },
      IV: { criteria: b('一般', 'General'), measures: [measure('IV-cdc', a.cdc, 12, '现场调查', 'Field check')] },
    },
    fieldControl: b('现场处置', 'Field control'),
    materials: {
      text: b('物资', 'Materials'),
      stockpiles: [{ id: 'sp1', item: b('口罩', 'Masks'), quantity: 100, unit: b('只', 'pieces'), holderAgencyId: a.health }],
    },
    training: b('培训', 'Training'),
  };
}

/** A plan with one approved version, written directly (for incident tests). */
export async function buildApprovedPlan(database: Database, jurisdictionId: string, content: PlanContent) {
  const [plan] = await database.db
    .insert(plans)
    .values({ code: `P-${uniqueSuffix()}`, name: content.title.zh, nameEn: content.title.en, jurisdictionId })
    .returning();
  const [version] = await database.db
    .insert(planVersions)
    .values({ planId: plan!.id, version: 1, status: 'approved', content, approvedAt: new Date() })
    .returning();
  return { plan: plan!, version: version! };
}
