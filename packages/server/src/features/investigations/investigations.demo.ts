/**
 * Demo data of the epidemiological investigation (called by seedFeatureDemos after the travel demo): the case
 * the travel demo put on the downstream voyage gets its 流调 — home, work, a market, the voyage (deck 3, cabin
 * 305, linked to the recorded voyage) — with the likely source "during travel". Through the services a person
 * uses (audited), with the demo's clock. Idempotent: any investigation in the database means it is there.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { users } from '../../platform/db/platform.tables.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { travelExposures, travelTrips } from '../travel/index.ts';
import { loadPrincipal } from '../users/index.ts';
import { addEventAs, startInvestigationAs, updateInvestigationAs } from './investigations.service.ts';
import { investigations } from './investigations.tables.ts';

export async function seedInvestigationsDemo(database: Database, ctx: DemoContext): Promise<void> {
  const db = database.db;
  if ((await db.select({ id: investigations.id }).from(investigations).limit(1)).length > 0) return;
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'epidemiologist'));
  if (!user) return;
  const epi = await loadPrincipal(db, user.id);
  if (!epi) return;
  const [link] = await db
    .select({ exposure: travelExposures, trip: travelTrips })
    .from(travelExposures)
    .innerJoin(travelTrips, eq(travelTrips.id, travelExposures.tripId))
    .where(eq(travelTrips.mode, 'voyage'))
    .limit(1);
  if (!link) return;
  const now = ctx.now;
  const started = await startInvestigationAs(database, epi, link.exposure.caseId, {}, null, now);
  const id = started.investigation!.id;
  const departs = link.trip.departsAt.getTime();
  const h = 3_600_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const entry = (kind: 'home' | 'work' | 'market' | 'gathering', hoursBefore: number, length: number, place: string, activity: string) =>
    addEventAs(
      database,
      epi,
      id,
      {
        kind,
        startsAt: iso(departs - hoursBefore * h),
        endsAt: iso(departs - hoursBefore * h + length * h),
        place,
        activity,
        tripId: null,
        serviceNumber: '',
        deck: '',
        cabin: '',
        seat: '',
        boardedAt: '',
        alightedAt: '',
        notes: '',
      },
      null,
      now,
    );
  await entry('home', 60, 12, '现住址（同住 3 人）', '居家');
  await entry('gathering', 40, 3, '渝中区某餐馆', '亲友聚餐 8 人');
  await entry('market', 26, 1, '朝天门批发市场', '采购');
  await addEventAs(
    database,
    epi,
    id,
    {
      kind: 'voyage',
      startsAt: link.trip.departsAt.toISOString(),
      endsAt: link.trip.calls[0]?.arrivesAt ?? link.trip.arrivesAt.toISOString(),
      place: `${link.trip.origin} → ${link.exposure.alightedAt || link.trip.destination}`,
      activity: '',
      tripId: link.trip.id,
      serviceNumber: link.trip.serviceNumber,
      deck: link.exposure.deck,
      cabin: link.exposure.cabin,
      seat: link.exposure.seat,
      boardedAt: link.exposure.boardedAt,
      alightedAt: link.exposure.alightedAt,
      notes: '同舱三名旅客，途中在三层餐厅用餐',
    },
    null,
    now,
  );
  await updateInvestigationAs(
    database,
    epi,
    id,
    {
      likelySourceKind: 'travel',
      likelySource: `${link.trip.serviceNumber} 航次同舱旅客（其中一人登船前已咳嗽）`,
      notes: '电话流调，病例本人配合。同舱人员已判定为密切接触者；同层旅客待进一步核实。',
    },
    null,
    now,
  );
}
