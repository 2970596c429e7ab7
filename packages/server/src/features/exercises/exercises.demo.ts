/**
 * The demo district's completed exercise (docs/exercises.md): a functional cholera exercise held twelve days
 * before the demo's "today", closed, with its MSEL as it ran, its marked records (synthetic case reports, the alert
 * detection raised in exercise mode, the incident opened from it with a level activated), the evaluators'
 * ratings — so that its scorecard and after-action report are there on first start. The timestamps are those the
 * platform would have stamped; the scorecard is computed from them like any other.
 *
 * Idempotent: nothing is seeded when the exercise exists.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { districtInstant, districtToday } from '../../platform/time/district-time.ts';
import { alertEvents, alerts } from '../alerts/index.ts';
import { diseases } from '../catalogue/index.ts';
import { caseReports } from '../cases/index.ts';
import { incidentEvents, incidents } from '../incidents/index.ts';
import { agencies } from '../registry/index.ts';
import { exerciseInjects, exerciseRatings, exercises } from './exercises.tables.ts';

export const DEMO_EXERCISE_TITLE = '霍乱疫情应急处置功能演练（望江街道）';

export async function seedExercisesDemo(database: Database, ctx: DemoContext): Promise<void> {
  const db = database.db;
  const [existing] = await db.select({ id: exercises.id }).from(exercises).where(eq(exercises.title, DEMO_EXERCISE_TITLE));
  if (existing) return;
  const people = await db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(inArray(users.username, ['commander', 'epidemiologist', 'leader', 'viewer']));
  const user = (name: string) => people.find((p) => p.username === name)?.id;
  const commander = user('commander');
  const epi = user('epidemiologist');
  if (!commander || !epi) {
    ctx.log?.warn('exercises demo: the demo commander or epidemiologist is missing; nothing seeded');
    return;
  }
  const [township] = await db
    .select({ id: jurisdictions.id })
    .from(jurisdictions)
    .where(ctx.incidentTownshipCode ? eq(jurisdictions.code, ctx.incidentTownshipCode) : eq(jurisdictions.parentId, ctx.districtId))
    .orderBy(asc(jurisdictions.code))
    .limit(1);
  const [disease] = await db.select({ id: diseases.id }).from(diseases).where(eq(diseases.code, 'cholera'));
  const [anyDisease] = disease ? [disease] : await db.select({ id: diseases.id }).from(diseases).orderBy(asc(diseases.code)).limit(1);
  if (!township || !anyDisease) return;
  const agencyIds = (
    await db
      .select({ id: agencies.id })
      .from(agencies)
      .where(inArray(agencies.code, ['JJ-CDC', 'JJ-WJW-YJB', 'JJ-GA', 'JJ-SW']))
  ).map((a) => a.id);
  const evaluators = [user('leader'), user('viewer')].filter((x): x is string => Boolean(x));

  const day = districtToday(ctx.now, 12);
  const base = districtInstant(day, '09:00');
  const at = (minutes: number) => new Date(base.getTime() + minutes * 60_000);

  await db.transaction(async (tx) => {
    const [exercise] = await tx
      .insert(exercises)
      .values({
        title: DEMO_EXERCISE_TITLE,
        type: 'functional',
        objectives: ['检验霍乱聚集性疫情预警的核实时效（60 分钟内）', '检验事件立项与 IV 级响应启动流程', '检验演练期间对外通报的测试通道'],
        scenario:
          '8 月汛期，望江街道沿江社区连续出现急性腹泻病例，部分患者有生食水产品史；网传“自来水被污染”。演练在平台中注入模拟病例报告和网络传言，由疾控中心核实预警、区卫健委应急办立项并启动响应。',
        jurisdictionId: ctx.districtId,
        participantAgencyIds: agencyIds,
        participantTownshipIds: [township.id],
        evaluatorIds: evaluators,
        criticalTasks: [
          { key: 'verify', title: '预警核实与风险评估', titleEn: 'Verify the alert and assess the risk' },
          { key: 'activate', title: '事件立项与启动响应', titleEn: 'Open the incident and activate the response' },
          { key: 'rumour', title: '谣言应对', titleEn: 'Respond to the rumour' },
        ],
        scheduledDate: day,
        status: 'closed',
        startedAt: base,
        pauses: [{ from: at(40).toISOString(), to: at(45).toISOString() }],
        stoppedAt: at(150),
        closedAt: at(160),
        createdBy: commander,
        createdAt: at(-60 * 24 * 7),
        updatedAt: at(160),
      })
      .returning();
    const id = exercise!.id;

    // 12 synthetic reports over the four days before the exercise: 1, 2, 3, 6
    const perDay = [1, 2, 3, 6];
    const reports = perDay.flatMap((n, i) =>
      Array.from({ length: n }, (_, k) => {
        const onset = districtToday(base, perDay.length - 1 - i);
        return {
          diseaseId: anyDisease.id,
          jurisdictionId: township.id,
          personName: `演练病例${String(i * 10 + k + 1).padStart(3, '0')} EXERCISE`,
          sex: k % 2 === 0 ? ('male' as const) : ('female' as const),
          idType: 'none' as const,
          classification: 'confirmed' as const,
          onsetDate: onset,
          diagnosisAt: districtInstant(onset, '12:00').getTime() < base.getTime() ? districtInstant(onset, '12:00') : base,
          reportedAt: base,
          source: 'api' as const,
          status: 'exercise' as const,
          exerciseId: id,
          createdBy: commander,
          createdAt: base,
          updatedAt: base,
        };
      }),
    );
    await tx.insert(caseReports).values(reports);

    // the alert detection raised in exercise mode, worked through to confirmation, closed with the exercise
    const [alert] = await tx
      .insert(alerts)
      .values({
        diseaseId: anyDisease.id,
        jurisdictionId: township.id,
        status: 'closed',
        warningLevel: 'orange',
        title: '霍乱 · 望江街道（演练）',
        summary: 'Exercise: 6 cases today against a threshold of 1 (fixed threshold)',
        summaryZh: '演练：当日 6 例，阈值 1（固定阈值法）',
        signalCount: 1,
        firstSignalAt: at(1),
        lastSignalAt: at(1),
        verificationDueAt: at(121),
        assigneeId: epi,
        createdAt: at(1),
        updatedAt: at(160),
        closedAt: at(160),
        exerciseId: id,
      })
      .returning();
    const step = (minutes: number, from: string | null, to: string, actor: string | null, reason = '') => ({
      alertId: alert!.id,
      kind: (from === null ? 'created' : 'status') as 'created' | 'status',
      fromStatus: from as 'new' | null,
      toStatus: to as 'new',
      actorId: actor,
      reason,
      createdAt: at(minutes),
    });
    await tx
      .insert(alertEvents)
      .values([
        step(1, null, 'new', null),
        step(12, 'new', 'verifying', epi),
        step(38, 'verifying', 'risk_assessment', epi, '电话核实：6 例均有生食水产品史，已采样'),
        step(58, 'risk_assessment', 'characterised', epi),
        step(70, 'characterised', 'confirmed', commander),
        step(160, 'confirmed', 'closed', commander, '演练结束归档 Exercise closed'),
      ]);

    const [incident] = await tx
      .insert(incidents)
      .values({
        title: '霍乱聚集性疫情（演练）',
        description: '演练：望江街道沿江社区霍乱聚集性疫情',
        diseaseId: anyDisease.id,
        jurisdictionId: township.id,
        alertId: alert!.id,
        status: 'closed',
        responseLevel: 'IV',
        startedAt: at(82),
        closedAt: at(160),
        createdBy: commander,
        createdAt: at(82),
        updatedAt: at(160),
        exerciseId: id,
      })
      .returning();
    await tx.insert(incidentEvents).values([
      { incidentId: incident!.id, kind: 'opened', occurredAt: at(82), text: alert!.code, authorId: commander, createdAt: at(82) },
      {
        incidentId: incident!.id,
        kind: 'level_set',
        occurredAt: at(100),
        text: '演练：启动 IV 级响应',
        toLevel: 'IV',
        authorId: commander,
        approverId: user('leader') ?? null,
        createdAt: at(100),
      },
    ]);

    await tx.insert(exerciseInjects).values([
      {
        exerciseId: id,
        offsetMinutes: 0,
        kind: 'cases',
        title: '望江街道报告急性腹泻病例',
        content: { diseaseId: anyDisease.id, townshipId: township.id, days: 4, firstDay: 1, growth: 0.8, classification: 'confirmed' },
        expectedAction: 'alert_verified',
        targetMinutes: 60,
        firedAt: at(0),
        result: { cases: 12, perDay, detection: { settings: 1, signals: 1, alertsCreated: 1 } },
      },
      {
        exerciseId: id,
        offsetMinutes: 20,
        kind: 'message',
        title: '网络传言：自来水被污染',
        content: {
          text: '微信群流传“望江街道自来水被霍乱弧菌污染，不要喝自来水”',
          textEn: 'A chat-group rumour: the tap water is contaminated',
        },
        expectedAction: 'none',
        targetMinutes: null,
        firedAt: at(20),
        result: { notified: 3, deliveries: 0 },
      },
      {
        exerciseId: id,
        offsetMinutes: 30,
        kind: 'message',
        title: '疾控中心请求会商立项',
        content: { text: '疾控中心建议立即会商并立项处置', textEn: 'The CDC asks for an incident to be opened' },
        expectedAction: 'incident_opened',
        targetMinutes: 45,
        firedAt: at(30),
        result: { notified: 3, deliveries: 0 },
      },
      {
        exerciseId: id,
        offsetMinutes: 70,
        kind: 'message',
        title: '病例增至 20 例，请求启动响应',
        content: { text: '病例增至 20 例，出现 1 例重症', textEn: 'Cases rise to 20, one severe' },
        expectedAction: 'level_activated',
        targetMinutes: 30,
        firedAt: at(75),
        result: { notified: 3, deliveries: 0 },
      },
    ]);
    const ratings: Array<[string, string, 'P' | 'S' | 'M' | 'U', string]> = [];
    if (evaluators[0]) {
      ratings.push([evaluators[0], 'verify', 'P', '38 分钟完成核实，采样及时']);
      ratings.push([evaluators[0], 'activate', 'S', '立项晚于目标 2 分钟，审批人确认环节等待']);
      ratings.push([evaluators[0], 'rumour', 'M', '未及时发布辟谣信息']);
    }
    if (evaluators[1]) {
      ratings.push([evaluators[1], 'verify', 'P', '']);
      ratings.push([evaluators[1], 'activate', 'S', '响应启动后任务分派清楚']);
    }
    if (ratings.length > 0) {
      await tx.insert(exerciseRatings).values(
        ratings.map(([evaluatorId, taskKey, rating, notes]) => ({
          exerciseId: id,
          taskKey,
          evaluatorId,
          rating,
          notes,
          ratedAt: at(170),
        })),
      );
    }
    await audit(tx, {
      actor: null,
      action: 'create',
      entityType: 'exercise',
      entityId: id,
      jurisdictionId: ctx.districtId,
      after: { title: DEMO_EXERCISE_TITLE, demo: true },
    });
  });
}
