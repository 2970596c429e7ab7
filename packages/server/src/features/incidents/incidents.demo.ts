/**
 * Demo data of the incidents feature for District J (called by seedFeatureDemos, features/demo/feature-demos.ts):
 * an HFMD cluster in Wangjiang Subdistrict (望江街道手足口病聚集性疫情) at response level III under the district
 * plan, opened and raised by the demo commander through the same service calls a person makes, so its tasks
 * come from the plan's level III measures (createTasks) and its command structure is staffed. The tasks
 * feature's demo then moves some tasks along. Idempotent: nothing is written when the incident exists.
 */
import { and, eq, gt } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { AppError } from '../../platform/errors.ts';
import { diseases } from '../cases/cases.tables.ts';
import { DEMO_TOWNSHIP_A } from '../demo/demo.seeder.ts';
import type { DemoContext } from '../demo/feature-demos.ts';
import { DEMO_PLAN_CODE } from '../plans/plans.demo-content.ts';
import { plans } from '../plans/plans.tables.ts';
import { agencies } from '../registry/registry.tables.ts';
import { loadPrincipal } from '../users/users.store.ts';
import { incidents, tasks } from './incidents.core.tables.ts';
import { addLogEntry, assignRole, changeLevel, openIncident } from './incidents.service.ts';
import { incidentEvents, incidentRoles } from './incidents.tables.ts';

/** The demo incident's title (its identity for idempotence). */
export const DEMO_INCIDENT_TITLE = '望江街道手足口病聚集性疫情';

const HOUR = 3600_000;

export async function seedIncidentsDemo(database: Database, ctx: DemoContext): Promise<void> {
  const db = database.db;
  const [existing] = await db.select({ id: incidents.id }).from(incidents).where(eq(incidents.title, DEMO_INCIDENT_TITLE));
  if (existing) return;
  const byName = async (username: string) => (await db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]?.id;
  const commanderId = await byName('commander');
  const [township] = await db.select({ id: jurisdictions.id }).from(jurisdictions).where(eq(jurisdictions.code, DEMO_TOWNSHIP_A));
  const [plan] = await db.select({ id: plans.id }).from(plans).where(eq(plans.code, DEMO_PLAN_CODE));
  if (!commanderId || !township || !plan) {
    ctx.log?.warn('incidents demo: the demo commander, township or plan is missing; no incident seeded');
    return;
  }
  const commander = (await loadPrincipal(db, commanderId))!;
  const [hfmd] = await db.select({ id: diseases.id }).from(diseases).where(eq(diseases.code, 'hfmd'));
  const at = (hoursBeforeNow: number) => new Date(ctx.now.getTime() - hoursBeforeNow * HOUR).toISOString();

  const incident = await openIncident(
    database,
    commander,
    {
      title: DEMO_INCIDENT_TITLE,
      description:
        '望江街道辖区3所幼儿园1周内累计报告手足口病病例17例（实验室确诊EV-A71阳性4例），其中重症1例，呈聚集性发生并有向周边社区扩散趋势。 / ' +
        'Three kindergartens in Wangjiang Subdistrict reported 17 HFMD cases in one week (4 laboratory-confirmed EV-A71), one severe, clustered and spreading to nearby communities.',
      diseaseId: hfmd?.id ?? null,
      jurisdictionId: township.id,
      startedAt: at(5 * 24),
      planId: plan.id,
    },
    null,
  );
  // Level III activated two days ago, so that some measures are already due or overdue on the board.
  await changeLevel(
    database,
    commander,
    incident.id,
    {
      level: 'III',
      reason: '同一街道1周内发生3起托幼机构聚集性疫情并出现重症病例，经专家研判符合较大（Ⅲ级）标准。 / Three kindergarten clusters in one subdistrict within a week with a severe case: meets the level III criteria on expert assessment.',
      approverId: commanderId,
      effectiveAt: at(48),
    },
    null,
  );

  // Command structure beyond what activation staffed: group leads and the public-security liaison by name.
  const agencyId = async (code: string) => (await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code)))[0]?.id;
  const staff = async (username: string, role: 'group_lead' | 'agency_liaison' | 'deputy_commander', extra: { workingGroupId?: string; agencyCode?: string }) => {
    const userId = await byName(username);
    if (!userId) return;
    const agency = extra.agencyCode ? await agencyId(extra.agencyCode) : undefined;
    if (extra.agencyCode && !agency) return;
    try {
      await assignRole(database, commander, incident.id, { role, userId, workingGroupId: extra.workingGroupId ?? null, agencyId: agency ?? null }, null);
    } catch (error) {
      // Already staffed (activation found them): nothing to add. Anything else is a fault of the seed.
      if (!(error instanceof AppError && error.id === 'conflict')) throw error;
    }
  };
  await staff('epidemiologist', 'group_lead', { workingGroupId: 'yqfk' });
  await staff('press', 'group_lead', { workingGroupId: 'xcyq' });
  await staff('logistics', 'group_lead', { workingGroupId: 'hqbz' });
  await staff('liaison', 'agency_liaison', { agencyCode: 'JJ-GA' });

  // The demo tells a story that began days ago: the opening precedes the activation, and the posts named after
  // it were filled that morning, not at seeding time.
  await db.transaction(async (tx) => {
    await tx
      .update(incidentEvents)
      .set({ occurredAt: new Date(at(49)) })
      .where(and(eq(incidentEvents.incidentId, incident.id), eq(incidentEvents.kind, 'opened')));
    await tx
      .update(incidentEvents)
      .set({ occurredAt: new Date(at(47.5)) })
      .where(and(eq(incidentEvents.incidentId, incident.id), eq(incidentEvents.kind, 'staffing'), gt(incidentEvents.occurredAt, new Date(at(47.5)))));
    // The plan's tasks were made at the activation (the database stamps them at seeding), so that a report of an
    // earlier day, which counts the tasks that existed then, finds them.
    await tx
      .update(tasks)
      .set({ createdAt: new Date(at(48)), updatedAt: new Date(at(48)) })
      .where(and(eq(tasks.incidentId, incident.id), eq(tasks.origin, 'plan_measure')));
    await tx
      .update(incidentRoles)
      .set({ assignedAt: new Date(at(47.5)) })
      .where(and(eq(incidentRoles.incidentId, incident.id), gt(incidentRoles.assignedAt, new Date(at(47.5)))));
  });

  const log = async (hoursBeforeNow: number, text: string) => addLogEntry(database, commander, incident.id, { occurredAt: at(hoursBeforeNow), text }, null);
  await log(47, '区疾控中心流调队伍到达望江街道，对3所幼儿园开展现场调查和采样。 / CDC investigation team on site at the three kindergartens, sampling.');
  await log(30, '涉事幼儿园6个班级停课10天，完成终末消毒。 / Six classes closed for 10 days; terminal disinfection done.');
  await log(20, '重症患儿转入区传染病医院，病情稳定。 / The severe case moved to the Infectious Disease Hospital, stable.');
  await log(6, '第二轮网格排查完成，新发现有症状儿童2名，已转诊。 / Second round of grid screening done; two more symptomatic children referred.');
  ctx.log?.info('incidents demo: seeded the Wangjiang HFMD incident at level III', { id: incident.id });
}
