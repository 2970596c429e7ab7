/**
 * Demo data of the meetings feature for District J (called by seedFeatureDemos after the incidents and tasks
 * demos): the first joint prevention and control meeting on the Wangjiang HFMD incident, with its agenda,
 * attendees, minutes and two decisions turned into tasks through the same service a person uses. Idempotent: a
 * meeting of that title on the incident means it is there; without the demo incident nothing is written.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { users } from '../../platform/db/platform.tables.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { incidents } from '../incidents/index.ts';
import { DEMO_INCIDENT_TITLE } from '../incidents/index.ts';
import { agencies } from '../registry/index.ts';
import { loadPrincipal } from '../users/index.ts';
import { addDecisionAs, createMeetingAs, decisionToTasksAs } from './meetings.service.ts';
import { meetings } from './meetings.tables.ts';

export const DEMO_MEETING_TITLE = '望江街道手足口病疫情联防联控第一次会议';
const HOUR = 3600_000;

export async function seedMeetingsDemo(database: Database, ctx: DemoContext): Promise<void> {
  const db = database.db;
  const [incident] = await db.select({ id: incidents.id }).from(incidents).where(eq(incidents.title, DEMO_INCIDENT_TITLE));
  if (!incident) return;
  const [existing] = await db
    .select({ id: meetings.id })
    .from(meetings)
    .where(and(eq(meetings.incidentId, incident.id), eq(meetings.title, DEMO_MEETING_TITLE)));
  if (existing) return;
  const [commanderRow] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'commander'));
  if (!commanderRow) return;
  const commander = (await loadPrincipal(db, commanderRow.id))!;
  const codes = ['JJ-WJW-YJB', 'JJ-CDC', 'JJ-CRB', 'JJ-GA', 'JJ-JW', 'JJ-SCJG', 'JJ-XCB'];
  const rows = await db.select({ id: agencies.id, code: agencies.code }).from(agencies).where(inArray(agencies.code, codes));
  const agency = new Map(rows.map((r) => [r.code, r.id]));
  const at = (hoursBeforeNow: number) => new Date(ctx.now.getTime() - hoursBeforeNow * HOUR).toISOString();
  const attendee = (code: string, personName: string, position: string) =>
    agency.has(code) ? [{ agencyId: agency.get(code)!, personName, position }] : [];

  const meeting = await createMeetingAs(database, commander, {
    incidentId: incident.id,
    title: DEMO_MEETING_TITLE,
    heldAt: at(44),
    location: '区卫生健康委员会三楼应急指挥室 / Health Commission, 3rd-floor command room',
    chair: '陈志强',
    agenda: [
      { title: '区疾控中心通报疫情形势和流调进展', presenter: '区疾控中心' },
      { title: '研究托幼机构停课和消毒措施', presenter: '区教委' },
      { title: '部署密切接触者排查与重症救治', presenter: '区卫健委应急办' },
    ],
    attendees: [
      ...attendee('JJ-WJW-YJB', '陈志强', '应急办主任'),
      ...attendee('JJ-CDC', '李晓燕', '监测科科长'),
      ...attendee('JJ-CRB', '刘建国', '副院长'),
      ...attendee('JJ-GA', '王丽华', '联络员'),
      ...attendee('JJ-JW', '赵敏', '学前教育科科长'),
      ...attendee('JJ-SCJG', '孙伟', '食品安全科科长'),
      ...attendee('JJ-XCB', '周婷', '新闻科科长'),
      { agencyId: null, personName: '黄振华', position: '市疾控中心传染病防治所专家' },
    ],
    minutes:
      '会议听取了区疾控中心关于望江街道手足口病聚集性疫情的通报：1周内3所幼儿园累计报告病例17例，重症1例，实验室确诊EV-A71阳性4例。' +
      '会议认为疫情呈聚集性并有扩散趋势，同意启动Ⅲ级响应，要求各成员单位按预案落实职责。\n' +
      'The meeting heard the CDC report on the HFMD clusters (17 cases in three kindergartens, one severe, four EV-A71 positive), agreed the level III response and asked every member agency to act under the plan.',
    status: 'held',
  });
  const decisions = [
    {
      text: '涉事幼儿园相关班级停课10天，区教委督促全区托幼机构落实晨午检和因病缺勤追踪。 / Affected classes closed for 10 days; all kindergartens to run morning checks and absence follow-up.',
      codes: ['JJ-JW', 'JJ-CDC'],
      dueHours: 24,
    },
    {
      text: '区市场监管局会同望江街道对辖区儿童游乐场所和托育机构开展卫生检查。 / Market regulation and the subdistrict to inspect children’s play venues and childcare centres.',
      codes: ['JJ-SCJG'],
      dueHours: 48,
    },
  ];
  let current = meeting;
  for (const d of decisions) {
    current = await addDecisionAs(database, commander, meeting.id, d.text);
    const decision = current.decisions.at(-1)!;
    const agencyIds = d.codes.map((c) => agency.get(c)).filter((x): x is string => Boolean(x));
    if (agencyIds.length === 0) continue;
    await decisionToTasksAs(
      database,
      commander,
      meeting.id,
      decision.id,
      { agencyIds, dueAt: new Date(ctx.now.getTime() + d.dueHours * HOUR).toISOString(), priority: 'high' },
      undefined,
      ctx.now,
    );
  }
  ctx.log?.info('meetings demo: seeded the first joint meeting of the demo incident', { id: meeting.id });
}
