/**
 * Demo data of the incidents feature for District J (called by seedFeatureDemos, features/demo/feature-demos.ts):
 * an HFMD cluster in Wangjiang Subdistrict (望江街道手足口病聚集性疫情) at response level III under the district
 * plan, opened and raised by the demo commander through the same service calls a person makes, so its tasks
 * come from the plan's level III measures (createTasks) and its command structure is staffed. The tasks
 * feature's demo then moves some tasks along. Idempotent: nothing is written when the incident exists.
 *
 * The case history puts the demo's HFMD outbreak in Wangjiang (cases/demo-history.ts) and detection raises an
 * alert on it: that alert is verified, assessed, characterised and confirmed by the demo epidemiologist, and the
 * incident is opened from it — so the incident starts at the outbreak's first onset and its figures count the
 * outbreak's cases (issue 12). Without that alert (a registry-only seed) the incident is opened by hand.
 */
import { and, desc, eq, gt, inArray } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { AppError } from '../../platform/errors.ts';
import { actOnAlert, alerts, OPEN_ALERT_STATUSES } from '../alerts/index.ts';
import { diseases } from '../catalogue/index.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { DEMO_PLAN_CODE } from '../plans/index.ts';
import { plans } from '../plans/index.ts';
import { agencies } from '../registry/index.ts';
import { loadPrincipal } from '../users/index.ts';
import { addLogEntry, assignRole, changeLevel, openIncident } from './incidents.service.ts';
import { incidentEvents, incidentRoles, incidents } from './incidents.tables.ts';

/** The demo incident's title (its identity for idempotence). */
export const DEMO_INCIDENT_TITLE = '望江街道手足口病聚集性疫情';

const HOUR = 3600_000;

export async function seedIncidentsDemo(database: Database, ctx: DemoContext): Promise<void> {
  const db = database.db;
  const [existing] = await db.select({ id: incidents.id }).from(incidents).where(eq(incidents.title, DEMO_INCIDENT_TITLE));
  if (existing) return;
  const byName = async (username: string) => (await db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]?.id;
  const commanderId = await byName('commander');
  // Four eyes: the deputy district head approves the commander's level decision (the requester never approves it).
  const leaderId = await byName('leader');
  if (!ctx.incidentTownshipCode) {
    ctx.log?.warn('incidents demo: no township given for the example incident; no incident seeded');
    return;
  }
  const [township] = await db.select({ id: jurisdictions.id }).from(jurisdictions).where(eq(jurisdictions.code, ctx.incidentTownshipCode));
  const [plan] = await db.select({ id: plans.id }).from(plans).where(eq(plans.code, DEMO_PLAN_CODE));
  if (!commanderId || !leaderId || !township || !plan) {
    ctx.log?.warn('incidents demo: the demo commander, leader, township or plan is missing; no incident seeded');
    return;
  }
  const commander = (await loadPrincipal(db, commanderId))!;
  const [hfmd] = await db.select({ id: diseases.id }).from(diseases).where(eq(diseases.code, 'hfmd'));
  const at = (hoursBeforeNow: number) => new Date(ctx.now.getTime() - hoursBeforeNow * HOUR).toISOString();

  const description =
    '望江街道辖区3所幼儿园及周边社区近两周陆续报告手足口病病例（实验室确诊EV-A71阳性4例），其中重症1例，呈聚集性发生并有向周边社区扩散趋势。 / ' +
    'Three kindergartens in Wangjiang Subdistrict and nearby communities have reported HFMD cases over the last two weeks (4 laboratory-confirmed EV-A71), one severe, clustered and spreading to nearby communities.';
  const alertId = hfmd ? await confirmDemoAlert(database, township.id, hfmd.id) : null;
  const incident = await openIncident(
    database,
    commander,
    alertId
      ? // from the alert: its area and disease; the start is the earliest onset behind its signals
        { alertId, title: DEMO_INCIDENT_TITLE, description, planId: plan.id }
      : {
          title: DEMO_INCIDENT_TITLE,
          description,
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
      reason:
        '同一街道1周内发生3起托幼机构聚集性疫情并出现重症病例，经专家研判符合较大（Ⅲ级）标准。 / Three kindergarten clusters in one subdistrict within a week with a severe case: meets the level III criteria on expert assessment.',
      approverId: leaderId,
      effectiveAt: at(48),
    },
    null,
  );

  // Command structure beyond what activation staffed: group leads and the public-security liaison by name.
  const agencyId = async (code: string) => (await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code)))[0]?.id;
  const staff = async (
    username: string,
    role: 'group_lead' | 'agency_liaison' | 'deputy_commander',
    extra: { workingGroupId?: string; agencyCode?: string },
  ) => {
    const userId = await byName(username);
    if (!userId) return;
    const agency = extra.agencyCode ? await agencyId(extra.agencyCode) : undefined;
    if (extra.agencyCode && !agency) return;
    try {
      await assignRole(
        database,
        commander,
        incident.id,
        { role, userId, workingGroupId: extra.workingGroupId ?? null, agencyId: agency ?? null },
        null,
      );
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
      .where(
        and(
          eq(incidentEvents.incidentId, incident.id),
          eq(incidentEvents.kind, 'staffing'),
          gt(incidentEvents.occurredAt, new Date(at(47.5))),
        ),
      );
    // (The plan's tasks are dated back to the activation by the tasks demo, which runs next: tasks build on
    // incidents, not the other way round.)
    await tx
      .update(incidentRoles)
      .set({ assignedAt: new Date(at(47.5)) })
      .where(and(eq(incidentRoles.incidentId, incident.id), gt(incidentRoles.assignedAt, new Date(at(47.5)))));
  });

  const log = async (hoursBeforeNow: number, text: string) =>
    addLogEntry(database, commander, incident.id, { occurredAt: at(hoursBeforeNow), text }, null);
  await log(
    47,
    '区疾控中心流调队伍到达望江街道，对3所幼儿园开展现场调查和采样。 / CDC investigation team on site at the three kindergartens, sampling.',
  );
  await log(30, '涉事幼儿园6个班级停课10天，完成终末消毒。 / Six classes closed for 10 days; terminal disinfection done.');
  await log(20, '重症患儿转入区传染病医院，病情稳定。 / The severe case moved to the Infectious Disease Hospital, stable.');
  await log(
    6,
    '第二轮网格排查完成，新发现有症状儿童2名，已转诊。 / Second round of grid screening done; two more symptomatic children referred.',
  );
  ctx.log?.info('incidents demo: seeded the Wangjiang HFMD incident at level III', { id: incident.id });
}

/**
 * The open HFMD alert of the demo township (detection raised it on the demo outbreak), walked to 'confirmed' as the
 * district epidemiologist would: verification, risk assessment, characterisation (orange), confirmation. Returns its
 * id, or null when there is none (no detection in this seed) or it cannot be confirmed.
 */
async function confirmDemoAlert(database: Database, townshipId: string, diseaseId: string): Promise<string | null> {
  const db = database.db;
  const [alert] = await db
    .select({ id: alerts.id, status: alerts.status })
    .from(alerts)
    .where(
      and(
        eq(alerts.jurisdictionId, townshipId),
        eq(alerts.diseaseId, diseaseId),
        inArray(alerts.status, [...OPEN_ALERT_STATUSES, 'confirmed']),
      ),
    )
    .orderBy(desc(alerts.signalCount))
    .limit(1);
  const [epi] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'epidemiologist'));
  if (!alert || !epi) return null;
  const epidemiologist = (await loadPrincipal(db, epi.id))!;
  const step = (input: Parameters<typeof actOnAlert>[3]) => actOnAlert(database, epidemiologist, alert.id, input, null);
  let status = alert.status;
  if (status === 'new') {
    await step({ action: 'start_verification', note: '已调取病例报告卡并电话核实报告医院' });
    status = 'verifying';
  }
  if (status === 'verifying' || status === 'monitoring') {
    await step({
      action: 'assess',
      hazard: '手足口病病例集中于3所幼儿园及周边社区，EV-A71阳性，已出现重症病例',
      exposure: '涉及约900名在园儿童及其家庭，存在园内及家庭内传播',
      context: '正值秋季流行小高峰，辖区托幼机构密集',
      note: '现场流调初步完成',
    });
    status = 'risk_assessment';
  }
  if (status === 'risk_assessment') {
    await step({ action: 'characterise', likelihood: 4, consequence: 3, note: '建议发布橙色预警并启动应急响应' });
    status = 'characterised';
  }
  if (status === 'characterised') await step({ action: 'confirm', note: '经专家会商确认为聚集性疫情，转入事件响应' });
  const [after] = await db.select({ status: alerts.status }).from(alerts).where(eq(alerts.id, alert.id));
  return after?.status === 'confirmed' ? alert.id : null;
}
