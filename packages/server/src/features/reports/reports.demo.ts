/**
 * Demo data of the reports feature for District J (called by seedFeatureDemos after the incidents, tasks and
 * meetings demos): for the demo incident, yesterday's situation report written and submitted by the demo
 * epidemiologist and approved by the demo commander (four eyes: its author never approves it) (with occupancy figures for the designated hospital), and today's report as a fresh draft. Both go
 * through the same services a person uses. Idempotent: a day that has its report is left alone; without the demo
 * incident nothing is written.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { users } from '../../platform/db/platform.tables.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { incidents } from '../incidents/index.ts';
import { DEMO_INCIDENT_TITLE } from '../incidents/index.ts';
import { loadPrincipal } from '../users/index.ts';
import { addDays, localDate } from './reports.figures.ts';
import { approveReportAs, createReportAs, submitReportAs, updateReportAs } from './reports.service.ts';
import { findReportOfDaySystem } from './reports.store.ts';

export async function seedReportsDemo(database: Database, ctx: DemoContext): Promise<void> {
  const db = database.db;
  const [incident] = await db.select({ id: incidents.id }).from(incidents).where(eq(incidents.title, DEMO_INCIDENT_TITLE));
  if (!incident) return;
  const [commanderRow] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'commander'));
  if (!commanderRow) return;
  const commander = (await loadPrincipal(db, commanderRow.id))!;
  const [epidemiologistRow] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'epidemiologist'));
  if (!epidemiologistRow) return;
  const author = (await loadPrincipal(db, epidemiologistRow.id))!;
  const today = localDate(ctx.now);
  const yesterday = addDays(today, -1);

  if (!(await findReportOfDaySystem(db, incident.id, yesterday))) {
    const draft = await createReportAs(database, author, { incidentId: incident.id, reportDate: yesterday }, undefined, ctx.now);
    const figures = draft.figures as unknown as {
      facilities: { items: { id: string; beds: number; icuBeds: number; isolationRooms: number; rooms: number }[] };
    };
    // A plausible share of capacity in use during a paediatric HFMD cluster (entered by the editor in real use).
    const share = (capacity: number, fraction: number) => (capacity > 0 ? Math.round(capacity * fraction) : null);
    const occupancy = figures.facilities.items.map((f) => ({
      facilityId: f.id,
      bedsOccupied: share(f.beds, 0.62),
      icuBedsOccupied: f.icuBeds > 0 ? Math.min(f.icuBeds, 1) : null,
      isolationRoomsOccupied: share(f.isolationRooms, 0.5),
      roomsOccupied: share(f.rooms, 0.15),
    }));
    await updateReportAs(database, author, draft.id, {
      version: draft.version,
      summary:
        '望江街道手足口病聚集性疫情处于Ⅲ级响应，疫情仍集中在3所幼儿园及周边社区，重症患儿病情稳定。 / The Wangjiang HFMD cluster is under a level III response; cases remain concentrated in three kindergartens and nearby communities; the severe case is stable.',
      situation:
        '新增病例均为涉事幼儿园在园儿童或其家庭成员，未发现新的聚集点。 / New cases are children of the affected kindergartens or their households; no new cluster found.',
      measures:
        '涉事班级停课并完成终末消毒；开展两轮网格排查；重症患儿集中收治于区传染病医院。 / Classes closed and disinfected; two rounds of grid screening; the severe case treated at the designated hospital.',
      nextSteps:
        '继续开展病例搜索和密切接触者医学观察，督促全区托幼机构落实晨午检。 / Continue case finding and contact observation; all kindergartens to keep morning checks.',
      occupancy,
    });
    await submitReportAs(database, author, draft.id, '');
    await approveReportAs(database, commander, draft.id, '同意报送。 / Approved for release.');
  }
  if (!(await findReportOfDaySystem(db, incident.id, today))) {
    await createReportAs(database, author, { incidentId: incident.id, reportDate: today }, undefined, ctx.now);
  }
  ctx.log?.info('reports demo: yesterday approved, today drafted', { incidentId: incident.id });
}
