/**
 * Demo data of assessment for District J (called by seedFeatureDemos after every other feature's demo):
 * - the demo incident's 7-1-7 (computed from its records) with a bottleneck on its first interval over target;
 * - a completed after-action review of the district's spring tabletop exercise, approved by the commander, whose
 *   four actions became tasks now in several states (done, in progress, overdue, not yet due);
 * - the lessons library: lessons from the demo incident (linked to the plan in force) and from the review, and
 *   summaries of Wuhan's and Shapingba's experience written for the demo (marked as such).
 * Everything goes through the same services a person uses. Idempotent: nothing is written when a lesson exists.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { users } from '../../platform/db/platform.tables.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import { DEMO_INCIDENT_TITLE, incidents } from '../incidents/index.ts';
import { DEMO_PLAN_CODE, findVersionInForce, plans } from '../plans/index.ts';
import { agencies } from '../registry/index.ts';
import { transitionTask } from '../tasks/index.ts';
import { loadPrincipal } from '../users/index.ts';
import { assessmentLessons, assessmentReviews, assessmentSparRounds, type IntervalName } from './assessment.tables.ts';
import { createLessonAs } from './lessons.service.ts';
import { linkActionPlanVersionAs } from './plan-links.service.ts';
import { approveSparRoundAs, createSparRoundAs, submitSparRoundAs, updateSparRoundAs } from './spar.service.ts';
import { SPAR_INDICATORS } from './spar.ts';
import { approveReviewAs, createReviewAs, submitReviewAs } from './reviews.service.ts';
import { saveEventNoteAs, sevenOneSevenFor } from './seven17.service.ts';

export const DEMO_REVIEW_TITLE = '学校传染病聚集性疫情应急桌面推演事后评估';

const BOTTLENECK_FOR: Record<IntervalName, { code: string; note: string }> = {
  detection: { code: 'delayed_care_seeking', note: '首发病例家长未及时带患儿就诊，幼儿园晨检未发现手部皮疹' },
  notification: { code: 'decision_delay', note: '预警核实后等待周一会商才确认为事件' },
  response: { code: 'supplies_stockout', note: '含氯消毒剂库存不足，终末消毒推迟' },
};

export async function seedAssessmentDemo(database: Database, ctx: DemoContext): Promise<void> {
  await seedEventsReviewsLessons(database, ctx);
  await seedSparDemo(database, ctx);
}

async function principalByName(database: Database, username: string) {
  const [u] = await database.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return u ? await loadPrincipal(database.db, u.id) : undefined;
}

async function seedEventsReviewsLessons(database: Database, ctx: DemoContext): Promise<void> {
  const db = database.db;
  const [existing] = await db.select({ id: assessmentLessons.id }).from(assessmentLessons).limit(1);
  if (existing) return;
  const principalOf = async (username: string) => {
    const [u] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
    return u ? await loadPrincipal(db, u.id) : undefined;
  };
  const epi = await principalOf('epidemiologist');
  const commander = await principalOf('commander');
  const logistics = await principalOf('logistics');
  if (!epi || !commander) {
    ctx.log?.warn('assessment demo: the demo epidemiologist or commander is missing; nothing seeded');
    return;
  }
  const agency = async (code: string) => (await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code)))[0]?.id;
  const [cdc, office, police, logisticsAgency, education] = await Promise.all(
    ['JJ-CDC', 'JJ-WJW-YJB', 'JJ-GA', 'JJ-YJJ', 'JJ-JW'].map(agency),
  );
  const today = (daysAgo: number) => districtToday(ctx.now, daysAgo);

  // 1. The demo incident's bottleneck, on its first interval over target (computed, not assumed).
  const [incident] = await db.select({ id: incidents.id }).from(incidents).where(eq(incidents.title, DEMO_INCIDENT_TITLE));
  if (incident) {
    const figures = await sevenOneSevenFor(db, epi, { incidentId: incident.id });
    const over = (['detection', 'notification', 'response'] as const).find((n) => figures[n].status === 'over_target') ?? 'detection';
    await saveEventNoteAs(database, epi, {
      incidentId: incident.id,
      emergenceAt: null,
      emergenceReason: '',
      bottlenecks: [{ interval: over, code: BOTTLENECK_FOR[over].code, note: BOTTLENECK_FOR[over].note }],
    });
  }

  // 2. A completed after-action review whose actions are tasks in several states.
  let reviewId: string | null = null;
  let firstActionId: string | null = null;
  if (cdc && office && police && logisticsAgency) {
    const review = await createReviewAs(database, epi, {
      kind: 'after_action',
      incidentId: null,
      exerciseName: '学校传染病聚集性疫情应急桌面推演',
      jurisdictionId: ctx.districtId,
      title: DEMO_REVIEW_TITLE,
      format: 'working_group',
      reviewDate: today(60),
      participantAgencyIds: [cdc, office, police, logisticsAgency, ...(education ? [education] : [])],
      pillars: ['coordination', 'surveillance', 'logistics', 'risk_communication'],
      wentWell: '疾控中心在推演开始后2小时内完成初步流调方案；教委与卫健委对停课标准的理解一致；信息报送链条清晰。',
      challenges: '消毒物资的调拨需要跨部门审批，推演中耗时超过一天；公安协查密接者手机号码的流程不熟悉；对家长的风险沟通口径未提前准备。',
      rootCauses: '应急物资储备目录未覆盖学校场景；部门间协查没有书面流程；风险沟通模板缺失。',
      actions: [
        {
          title: '修订学校聚集性疫情处置流程，明确停课与复课标准',
          ownerAgencyId: office,
          dueDate: today(40),
          priority: 'high',
          term: 'immediate',
          description: '',
          planVersionId: null,
        },
        {
          title: '将学校场景消毒物资纳入区级储备目录并建立快速调拨机制',
          ownerAgencyId: logisticsAgency,
          dueDate: today(20),
          priority: 'normal',
          term: 'mid_long',
          description: '',
          planVersionId: null,
        },
        {
          title: '制定密接者协查书面流程并开展一次联合演练',
          ownerAgencyId: police,
          dueDate: today(10),
          priority: 'normal',
          term: 'immediate',
          description: '',
          planVersionId: null,
        },
        {
          title: '编制面向家长的风险沟通模板（手足口病、流感、诺如病毒）',
          ownerAgencyId: cdc,
          dueDate: today(-30),
          priority: 'low',
          term: 'mid_long',
          description: '',
          planVersionId: null,
        },
      ],
    });
    reviewId = review.id;
    await submitReviewAs(database, epi, review.id);
    const approved = await approveReviewAs(database, commander, review.id, '同意，请各单位按期落实。', null, ctx.now);
    // The health commission's action is done; the emergency management bureau's under way; the police's overdue;
    // the CDC's not yet due. Each is moved by its agency's demo user, as they would.
    const [first, second] = approved.actions;
    firstActionId = first?.id ?? null;
    if (first?.task) {
      await transitionTask(database, commander, first.task.id, { action: 'accept' });
      await transitionTask(database, commander, first.task.id, { action: 'complete', result: '流程已修订并经区卫健委印发。' });
    }
    if (second?.task && logistics) {
      await transitionTask(database, logistics, second.task.id, { action: 'accept' });
      await transitionTask(database, logistics, second.task.id, { action: 'start' });
    }
  }

  // 3. The lessons library.
  const [plan] = await db.select({ id: plans.id }).from(plans).where(eq(plans.code, DEMO_PLAN_CODE));
  const version = plan ? await findVersionInForce(db, plan.id) : undefined;
  // the done action (the revised school procedure) changed the plan in force: linked, as a person would
  if (firstActionId && version) await linkActionPlanVersionAs(database, epi, firstActionId, version.id);
  const lessons = [
    {
      title: '托幼机构晨午检与因病缺勤追踪',
      context: '望江街道手足口病聚集性疫情中，首发病例在出现手部皮疹两天后才被发现。',
      lesson: '托幼机构应落实晨午检（查看手、口腔皮疹）和因病缺勤追踪，发现2例及以上同班病例当日报告社区卫生服务中心；疾控在24小时内核实。',
      source: 'own_event' as const,
      sourceNote: '',
      incidentId: incident?.id ?? null,
      reviewId: null,
      tags: ['手足口病', '学校', '早期发现'],
      planVersionId: version?.id ?? null,
      planSection: version ? 'III级响应措施：托幼机构晨午检' : '',
    },
    {
      title: '学校场景消毒物资的储备与调拨',
      context: '桌面推演中消毒物资跨部门调拨耗时超过一天。',
      lesson: '区级应急物资储备目录应包含学校场景所需的消毒剂和个人防护用品，并预先约定调拨审批的时限。',
      source: 'review' as const,
      sourceNote: '',
      incidentId: null,
      reviewId,
      tags: ['物资保障', '学校', '演练'],
      planVersionId: null,
      planSection: '',
    },
    {
      title: '武汉经验：不明原因肺炎聚集的早期报告',
      context: '2019年末至2020年初新冠肺炎疫情早期，不明原因肺炎病例在多家医院出现。',
      lesson:
        '医疗机构发现不明原因肺炎聚集时应立即通过网络直报，不等待病原学确认；疾控应在接报后迅速开展流调、向上级报告，并及时、透明地向公众发布信息。',
      source: 'external' as const,
      sourceNote: '武汉（2020年）；为演示编写的经验摘要，非官方文件',
      incidentId: null,
      reviewId: null,
      tags: ['新冠肺炎', '早期发现', '信息报告'],
      planVersionId: null,
      planSection: '',
    },
    {
      title: '沙坪坝经验：社区管控期间的物资配送与就医保障',
      context: '重庆市沙坪坝区在一次本土聚集性疫情处置中开展大规模核酸筛查和社区管控。',
      lesson:
        '社区管控前应建立网格员与志愿者名册、按楼栋建立物资需求台账，设立孕产妇、透析患者等特殊人群的就医绿色通道，并每日公布求助电话的接通情况。',
      source: 'external' as const,
      sourceNote: '重庆市沙坪坝区；为演示编写的经验摘要，非官方文件',
      incidentId: null,
      reviewId: null,
      tags: ['社区管控', '物资保障', '特殊人群'],
      planVersionId: null,
      planSection: '',
    },
    {
      title: '预警核实的周末值班',
      context: '望江街道疫情中，预警核实后等待周一会商才确认为事件。',
      lesson: '周末和节假日应安排具有确认权限的值班人员，预警核实结论当日会商确认，避免报告环节超时。',
      source: 'own_event' as const,
      sourceNote: '',
      incidentId: incident?.id ?? null,
      reviewId: null,
      tags: ['预警核实', '值班', '7-1-7'],
      planVersionId: null,
      planSection: '',
    },
  ];
  for (const lesson of lessons) await createLessonAs(database, epi, { ...lesson, jurisdictionId: ctx.districtId });
}

/**
 * Two years of the preparedness self-assessment (the two years before this one), both approved by the commander
 * (the epidemiologist wrote them): the earlier one with more gaps, the later improved, with evidence linked to the
 * plan in force, the tabletop exercise's review and the platform's indicators, and two gap actions now tasks.
 * Idempotent: nothing is written when a round exists.
 */
export async function seedSparDemo(database: Database, ctx: DemoContext): Promise<void> {
  const db = database.db;
  const [existing] = await db.select({ id: assessmentSparRounds.id }).from(assessmentSparRounds).limit(1);
  if (existing) return;
  const epi = await principalByName(database, 'epidemiologist');
  const commander = await principalByName(database, 'commander');
  if (!epi || !commander) return;
  const year = Number(districtToday(ctx.now).slice(0, 4));
  const [cdc, logisticsAgency] = await Promise.all(
    ['JJ-CDC', 'JJ-YJJ'].map(async (code) => (await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code)))[0]?.id),
  );
  const [plan] = await db.select({ id: plans.id }).from(plans).where(eq(plans.code, DEMO_PLAN_CODE));
  const version = plan ? await findVersionInForce(db, plan.id) : undefined;
  const [review] = await db
    .select({ id: assessmentReviews.id })
    .from(assessmentReviews)
    .where(eq(assessmentReviews.title, DEMO_REVIEW_TITLE));
  // Levels by indicator: the earlier year, then the later (a deterministic pattern, not random: the demo reads alike).
  const earlier: Record<string, number> = {
    'C1.2': 2,
    'C3.2': 2,
    'C4.2': 3,
    'C6.2': 2,
    'C7.3': 2,
    'C10.3': 2,
    'C11.3': 2,
    'C14.1': 1,
    'C15.1': 1,
  };
  const later: Record<string, number> = {
    'C5.1': 4,
    'C5.2': 4,
    'C7.1': 4,
    'C7.2': 4,
    'C6.2': 3,
    'C10.3': 3,
    'C7.3': 2,
    'C14.1': 2,
    'C15.1': 2,
  };
  const evidence: Record<
    string,
    { text: string; links: { kind: 'plan_version' | 'review' | 'indicator' | 'url'; ref: string; label: string }[] }
  > = {
    'C5.1': {
      text: '传染病自动预警系统按病种运行，预警信号核实及时率见检测效能页。',
      links: [{ kind: 'indicator', ref: 'detection_performance', label: '预警检测效能' }],
    },
    'C5.2': {
      text: '预警核实中位时间与按时核实比例见指标页；7-1-7 评估覆盖全部事件。',
      links: [
        { kind: 'indicator', ref: 'alert_verification', label: '预警核实时效' },
        { kind: 'indicator', ref: 'seven_one_seven', label: '7-1-7 时效' },
      ],
    },
    'C7.1': {
      text: '区突发传染病应急预案已修订并经审批生效，含学校场景处置流程。',
      links: version ? [{ kind: 'plan_version', ref: version.id, label: '' }] : [],
    },
    'C7.2': {
      text: '已开展学校聚集性疫情桌面推演并完成事后评估，改进措施已分派落实。',
      links: review ? [{ kind: 'review', ref: review.id, label: '桌面推演事后评估' }] : [],
    },
    'C7.3': {
      text: '推演发现学校场景消毒物资未纳入储备目录，跨部门调拨耗时超过一天。',
      links: [{ kind: 'indicator', ref: 'task_on_time', label: '任务按时完成率' }],
    },
  };
  for (const [offset, levels, withActions] of [
    [2, earlier, false],
    [1, later, true],
  ] as const) {
    const round = await createSparRoundAs(database, epi, { year: year - offset, jurisdictionId: ctx.districtId });
    await updateSparRoundAs(database, epi, round.id, {
      scores: SPAR_INDICATORS.map((i) => ({
        indicatorCode: i.code,
        score: levels[i.code] ?? 3,
        evidence: offset === 1 ? (evidence[i.code]?.text ?? '') : '',
        links: offset === 1 ? (evidence[i.code]?.links ?? []) : [],
      })),
      actions:
        withActions && cdc && logisticsAgency
          ? [
              {
                indicatorCode: 'C7.3',
                title: '将学校场景消毒物资纳入区级应急物资储备目录',
                description: '',
                term: 'mid_long',
                ownerAgencyId: logisticsAgency,
                dueDate: districtToday(ctx.now, -90),
                priority: 'high',
              },
              {
                indicatorCode: 'C15.1',
                title: '与市级核与辐射应急队伍签订技术支援协议',
                description: '',
                term: 'mid_long',
                ownerAgencyId: cdc,
                dueDate: districtToday(ctx.now, -180),
                priority: 'normal',
              },
            ]
          : [],
    });
    await submitSparRoundAs(database, epi, round.id);
    await approveSparRoundAs(database, commander, round.id, '同意上报。', null, ctx.now);
  }
}
