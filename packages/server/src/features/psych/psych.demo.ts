/**
 * Demo data of psychological assistance for District J (all fictional): two weeks of hotline calls (a few
 * callbacks still waiting), clients with screening histories that improve over 2 and 4 weeks, triage and
 * plans with re-screens due, counselling sessions, referrals open and closed (one overdue, one rejected), and
 * two group sessions; one client closed (goals met), one linked (with consent) to a demo case, and the receiving
 * hospital's own answers to its referrals (the demo reporter's hospital: its page lists them). Everything goes
 * through the services the team and the facility use (audited), with the demo's clock.
 * Idempotent: any client in the database means it is there.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/scope.ts';
import type { Database } from '../../platform/db/database.ts';
import { users } from '../../platform/db/platform.tables.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { GIVEN_NAMES, SURNAMES } from '../../platform/demo/person-names.ts';
import { createDemoRandom } from '../../platform/demo/random.ts';
import { caseReports } from '../cases/index.ts';
import { facilities } from '../registry/index.ts';
import { loadPrincipal } from '../users/index.ts';
import {
  addSessionAs,
  answerReferralAs,
  changeReferralStatusAs,
  closeClientAs,
  createClientAs,
  createGroupAs,
  createReferralAs,
  createScreeningAs,
  linkRecordAs,
  logCallAs,
  triageAs,
} from './psych.service.ts';
import { CALL_CONCERNS, type ClientGroup, psychClients } from './psych.tables.ts';

async function principalOf(database: Database, username: string): Promise<Principal | undefined> {
  const [row] = await database.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return row ? loadPrincipal(database.db, row.id) : undefined;
}

/** The hospital the demo's hospital reporter works for (it answers the referrals), else the first hospital. */
async function referralFacility(database: Database, reporter: Principal | undefined): Promise<string | undefined> {
  if (reporter?.facilityId) return reporter.facilityId;
  const [facility] = await database.db
    .select({ id: facilities.id })
    .from(facilities)
    .where(inArray(facilities.type, ['general_hospital', 'designated_hospital']))
    .orderBy(facilities.name)
    .limit(1);
  return facility?.id;
}

const DAY = 86_400_000;
/** PHQ-9 answers summing to `total` with item 9 at `item9` (spread over items 1–8). */
function phq9(total: number, item9 = 0): number[] {
  const a = Array(9).fill(0) as number[];
  a[8] = item9;
  let left = total - item9;
  for (let round = 0; left > 0 && round < 3; round++) for (let i = 0; i < 8 && left > 0; i++, left--) a[i]! += 1;
  return a;
}
function gad7(total: number): number[] {
  const a = Array(7).fill(0) as number[];
  let left = total;
  for (let round = 0; left > 0 && round < 3; round++) for (let i = 0; i < 7 && left > 0; i++, left--) a[i]! += 1;
  return a;
}

/** Fictional clients: group, PHQ-9 totals 4 weeks ago, 2 weeks ago and this week, risk and plan. */
const CLIENTS: Array<{
  group: ClientGroup;
  phq: [number, number, number];
  gad: number;
  risk: 'low' | 'moderate' | 'high';
  plan: string[];
}> = [
  { group: 'health_worker', phq: [16, 11, 7], gad: 14, risk: 'moderate', plan: ['counselling', 'group'] },
  { group: 'health_worker', phq: [12, 9, 5], gad: 10, risk: 'low', plan: ['self_help', 'group'] },
  { group: 'quarantined', phq: [10, 8, 4], gad: 12, risk: 'low', plan: ['self_help'] },
  { group: 'patient', phq: [21, 17, 13], gad: 16, risk: 'high', plan: ['counselling', 'referral'] },
  { group: 'family', phq: [18, 14, 10], gad: 11, risk: 'moderate', plan: ['counselling'] },
  { group: 'public', phq: [8, 6, 3], gad: 6, risk: 'low', plan: ['self_help'] },
  { group: 'family', phq: [14, 12, 9], gad: 9, risk: 'moderate', plan: ['counselling', 'referral'] },
  { group: 'quarantined', phq: [11, 7, 6], gad: 8, risk: 'low', plan: ['self_help', 'counselling'] },
];

export async function seedPsychDemo(database: Database, ctx: DemoContext): Promise<void> {
  const db = database.db;
  if ((await db.select({ id: psychClients.id }).from(psychClients).limit(1)).length > 0) return;
  const counsellor = await principalOf(database, 'counsellor');
  const lead = (await principalOf(database, 'counsellor.lead')) ?? counsellor;
  if (!counsellor || !lead) return;
  const reporter = await principalOf(database, 'reporter');
  const facilityId = await referralFacility(database, reporter);
  // the facility answers in the system when its reporter is there; otherwise the team records the answers
  const facilityAnswers = reporter?.facilityId === facilityId ? reporter : undefined;
  const rnd = createDemoRandom(ctx.seed + 17);
  const now = ctx.now.getTime();
  const deps = (t: number) => ({ database, now: () => new Date(t) });

  // hotline: 2–6 calls a day for two weeks; a few callbacks still open from the last two days
  for (let d = 13; d >= 0; d--) {
    const calls = rnd.int(2, 6);
    for (let k = 0; k < calls; k++) {
      const calledAt = new Date(now - d * DAY - rnd.int(1, 10) * 3_600_000);
      const concerns = rnd.shuffle(CALL_CONCERNS.filter((c) => c !== 'self_harm')).slice(0, rnd.int(1, 2));
      const callback = d <= 1 && k === 0;
      await logCallAs(deps(Math.max(calledAt.getTime(), now - d * DAY)), counsellor, {
        calledAt: calledAt.toISOString(),
        durationMinutes: rnd.int(5, 45),
        callerGroup: rnd.pick(['public', 'public', 'quarantined', 'health_worker', 'family', 'patient'] as const),
        concerns,
        riskLevel: rnd.pick(['low', 'low', 'low', 'moderate'] as const),
        action: rnd.pick(['倾听与情绪支持', '提供自助材料与放松训练', '解释隔离政策并转介社区', '建议预约个体咨询']),
        callbackNeeded: callback,
        callbackPhone: callback ? `1390000${String(1000 + d * 10 + k).slice(-4)}` : '',
        callbackDueAt: null,
        clientId: null,
      });
    }
  }

  const clientIds: string[] = [];
  for (const [i, spec] of CLIENTS.entries()) {
    const [surname] = SURNAMES[(i * 5 + 3) % SURNAMES.length]!;
    const [given] = GIVEN_NAMES[(i * 7 + 2) % GIVEN_NAMES.length]!;
    const started = now - 29 * DAY;
    const client = await createClientAs(deps(started), counsellor, {
      name: `${surname}${given}（演示）`,
      group: spec.group,
      phone: `1380000${String(2000 + i).slice(-4)}`,
      consent: true,
      linkedCaseId: null,
      linkedContactId: null,
    });
    clientIds.push(client.id);
    for (const [k, weeksAgo] of [4, 2, 0].entries()) {
      const t = now - weeksAgo * 7 * DAY - (weeksAgo === 0 ? 2 * 3_600_000 : 0);
      await createScreeningAs(deps(t), counsellor, {
        clientId: client.id,
        instrument: 'phq9',
        answers: phq9(spec.phq[k]!),
        screenedAt: new Date(t).toISOString(),
      });
      if (k === 0) {
        await createScreeningAs(deps(t), counsellor, {
          clientId: client.id,
          instrument: 'gad7',
          answers: gad7(spec.gad),
          screenedAt: new Date(t).toISOString(),
        });
        await triageAs(deps(t), counsellor, client.id, {
          riskLevel: spec.risk === 'high' ? 'moderate' : spec.risk,
          plan: spec.plan as never,
          planNotes: '每两周复评一次',
          nextContactDate: null,
          rescreenWeeks: [2, 4, 12],
          rescreenInstrument: 'phq9',
        });
      }
      if (k > 0) {
        await addSessionAs(deps(t), counsellor, client.id, {
          heldAt: new Date(t).toISOString(),
          mode: rnd.pick(['phone', 'in_person', 'video'] as const),
          notes: '情绪较前稳定，继续练习放松技巧。',
        });
      }
    }
  }

  // the patient screening highest is at high risk since this week: a same-day task for the team
  await triageAs(deps(now - 3_600_000), counsellor, clientIds[3]!, {
    riskLevel: 'high',
    plan: ['counselling', 'referral'],
    planNotes: '建议精神科评估',
    nextContactDate: null,
    rescreenWeeks: [],
    rescreenInstrument: 'phq9',
  });

  if (facilityId) {
    const facility = { id: facilityId };
    // referrals: one completed, one accepted, one waiting past its answer time, one rejected
    const completed = await createReferralAs(deps(now - 20 * DAY), counsellor, {
      clientId: clientIds[0]!,
      facilityId: facility.id,
      reason: '持续失眠与抑郁症状，需精神科评估',
      urgency: 'routine',
    });
    for (const [status, d] of [
      ['received', 19],
      ['accepted', 18],
      ['in-progress', 15],
      ['completed', 6],
    ] as const) {
      if (facilityAnswers) await answerReferralAs(deps(now - d * DAY), facilityAnswers, completed.id, { status, note: '' });
      else await changeReferralStatusAs(deps(now - d * DAY), counsellor, completed.id, { status, reason: '' });
    }
    const accepted = await createReferralAs(deps(now - 3 * DAY), counsellor, {
      clientId: clientIds[3]!,
      facilityId: facility.id,
      reason: 'PHQ-9 重度，需药物评估',
      urgency: 'urgent',
    });
    if (facilityAnswers) {
      await answerReferralAs(deps(now - 2 * DAY), facilityAnswers, accepted.id, { status: 'accepted', note: '已安排精神科门诊' });
    } else {
      await changeReferralStatusAs(deps(now - 2 * DAY), counsellor, accepted.id, { status: 'accepted', reason: '' });
    }
    await createReferralAs(deps(now - 5 * DAY), counsellor, {
      clientId: clientIds[6]!,
      facilityId: facility.id,
      reason: '丧亲后持续低落',
      urgency: 'routine',
    });
    const rejected = await createReferralAs(deps(now - 10 * DAY), counsellor, {
      clientId: clientIds[4]!,
      facilityId: facility.id,
      reason: '家属焦虑，要求专科',
      urgency: 'routine',
    });
    await changeReferralStatusAs(deps(now - 9 * DAY), counsellor, rejected.id, {
      status: 'rejected',
      reason: '暂无专科门诊号源，建议社区心理咨询',
    });
  }

  // the member of the public who improved most is closed (goals met); the patient is linked to a demo case with
  // consent (given at registration), when the demo has cases
  await closeClientAs(deps(now - DAY), counsellor, clientIds[5]!, {
    reason: 'goals_met',
    outcome: 'improved',
    notes: 'PHQ-9 由 8 分降至 3 分，已掌握放松技巧，结案。',
  });
  const [demoCase] = await db.select({ code: caseReports.code }).from(caseReports).orderBy(caseReports.reportedAt).limit(1);
  if (demoCase) {
    await linkRecordAs(deps(now - 3 * DAY), counsellor, clientIds[3]!, { kind: 'case', ref: demoCase.code });
  }

  // group sessions: a hospital ward team and a quarantine hotel
  await createGroupAs(deps(now - 6 * DAY), lead, {
    title: '发热门诊医护减压团体',
    audience: 'health_workers',
    heldAt: new Date(now - 6 * DAY).toISOString(),
    attendance: 14,
    attendeeClientIds: [clientIds[0]!, clientIds[1]!],
    notes: '呼吸放松与同伴支持',
  });
  await createGroupAs(deps(now - 2 * DAY), lead, {
    title: '隔离酒店线上团体辅导',
    audience: 'quarantine_site',
    heldAt: new Date(now - 2 * DAY).toISOString(),
    attendance: 22,
    attendeeClientIds: [clientIds[2]!, clientIds[7]!],
    notes: '隔离期作息与情绪管理',
  });
}
