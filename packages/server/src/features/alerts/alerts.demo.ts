/**
 * Demo data of the alerts feature for District J (called by seedFeatureDemos after the detection demo, whose run
 * opened alerts through the intake). Moves a few of them through the workflow, as people would, so that the
 * inbox looks lived-in: one being verified by the district epidemiologist (assigned by the commander), one
 * discarded with a reason, one characterised orange after a risk assessment. The alert with the latest deadline
 * (and any beyond those three) stays new, with its countdown running.
 *
 * Idempotent: once any alert carries an action by a person, the demo has run and does nothing. Without alerts
 * (no detection yet) it does nothing either.
 */
import { and, desc, eq, isNotNull, like } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { loadPrincipal } from '../users/index.ts';

import { actOnAlert } from './alerts.service.ts';
import { alertEvents, alerts } from './alerts.tables.ts';

async function principalOf(database: Database, username: string) {
  const [row] = await database.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return row ? loadPrincipal(database.db, row.id) : undefined;
}

export async function seedAlertsDemo(database: Database, ctx: DemoContext): Promise<void> {
  const [handled] = await database.db.select({ id: alertEvents.id }).from(alertEvents).where(isNotNull(alertEvents.actorId)).limit(1);
  if (handled) return;
  const [district] = await database.db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, ctx.districtId));
  if (!district) return;
  const open = await database.db
    .select({ id: alerts.id, signalCount: alerts.signalCount, diseaseId: alerts.diseaseId, level: jurisdictions.level })
    .from(alerts)
    .innerJoin(jurisdictions, eq(jurisdictions.id, alerts.jurisdictionId))
    .where(and(eq(alerts.status, 'new'), like(jurisdictions.path, `${district.path}%`)))
    .orderBy(desc(alerts.verificationDueAt), desc(alerts.signalCount));
  if (open.length < 2) return; // keep at least one new alert; nothing to show otherwise
  const epidemiologist = await principalOf(database, 'epidemiologist');
  const commander = await principalOf(database, 'commander');
  if (!epidemiologist || !commander) return;

  // The first (latest deadline) stays new. Of the rest, a disease alert in a township with the most signals is
  // the one characterised orange (a local outbreak reads more naturally than a district-wide feed).
  const weight = (a: (typeof open)[number]) => (a.diseaseId ? 2 : 0) + (a.level === 'township' ? 1 : 0);
  const rest = open.slice(1).sort((a, b) => weight(b) - weight(a) || b.signalCount - a.signalCount);
  const [orange, verifying, discarded] = [rest[0], rest[1], rest[2]];
  const ip = 'demo';

  if (orange) {
    await actOnAlert(database, epidemiologist, orange.id, { action: 'start_verification', note: '已电话联系报告医院，核对病例信息' }, ip);
    await actOnAlert(
      database,
      epidemiologist,
      orange.id,
      {
        action: 'assess',
        hazard: '病例集中于同一学校及周边社区，临床表现一致，实验室检测待复核',
        exposure: '涉及约 600 名在校学生及其家庭，存在校内及家庭内传播',
        context: '正值流行季，周边托幼机构较多，辖区医疗资源可满足当前需求',
        note: '现场流调初步完成',
      },
      ip,
    );
    await actOnAlert(
      database,
      epidemiologist,
      orange.id,
      { action: 'characterise', likelihood: 3, consequence: 4, note: '建议发布橙色预警并加强监测' },
      ip,
    );
  }
  if (verifying) {
    await actOnAlert(
      database,
      commander,
      verifying.id,
      { action: 'assign', assigneeId: epidemiologist.id, note: '请监测科今日内完成核实' },
      ip,
    );
    await actOnAlert(database, epidemiologist, verifying.id, { action: 'start_verification', note: '正在调取病例报告卡' }, ip);
  }
  if (discarded) {
    await actOnAlert(database, epidemiologist, discarded.id, { action: 'start_verification' }, ip);
    await actOnAlert(
      database,
      epidemiologist,
      discarded.id,
      { action: 'discard', reason: '核实为重复报告：同一病例由两家医院分别报告，已合并' },
      ip,
    );
  }
  ctx.log?.info('demo: alerts moved through the workflow', {
    orange: Boolean(orange),
    verifying: Boolean(verifying),
    discarded: Boolean(discarded),
  });
}
