/**
 * Demo data of quarantine for District J (after the contacts demo): two quarantine hotels of the registry — the
 * Riverside Hotel in Wangjiang and the Harbour Inn at the port — get rooms (three floors of ten, the first room of
 * each floor a family room for two, one room out of service); half of the demo contacts still under follow-up are
 * placed there or at home through the service a person uses (audited, demo clock); contacts whose follow-up ended
 * get a past stay that was released when the period completed (written as the system, audited); two stays end
 * early (one today: no contact after all; one yesterday: handed to another district). The other contacts under
 * follow-up are left for a person to place. Idempotent: any room in the database means it is there.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Principal } from '../../platform/auth/scope.ts';
import { loadConfig } from '../../platform/config.ts';
import type { Database } from '../../platform/db/database.ts';
import { users } from '../../platform/db/platform.tables.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { districtDate, districtToday } from '../../platform/time/district-time.ts';
import { caseReports, identityProtector } from '../cases/index.ts';
import { contacts } from '../contacts/index.ts';
import { facilities } from '../registry/index.ts';
import { loadPrincipal } from '../users/index.ts';
import { assignAs, releaseAs } from './quarantine.service.ts';
import { QUARANTINE_SITE_TYPE, quarantineAssignments, quarantineRooms } from './quarantine.tables.ts';

/** The two demo sites, by their registry names (district-j.data.ts). */
export const DEMO_QUARANTINE_SITES = ['江畔酒店（集中隔离点）', '港湾宾馆（集中隔离点）'] as const;

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function principalOf(database: Database, username: string): Promise<Principal | undefined> {
  const [row] = await database.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return row ? loadPrincipal(database.db, row.id) : undefined;
}

export async function seedQuarantineDemo(database: Database, ctx: DemoContext): Promise<void> {
  const db = database.db;
  if ((await db.select({ id: quarantineRooms.id }).from(quarantineRooms).limit(1)).length > 0) return;
  const sites = await db
    .select({ id: facilities.id, name: facilities.name, jurisdictionId: facilities.jurisdictionId })
    .from(facilities)
    .where(and(eq(facilities.type, QUARANTINE_SITE_TYPE), inArray(facilities.name, [...DEMO_QUARANTINE_SITES])))
    .orderBy(asc(facilities.name));
  if (sites.length === 0) return;
  const ordered = DEMO_QUARANTINE_SITES.map((n) => sites.find((s) => s.name === n)).filter((s) => s !== undefined);

  const roomsBySite = new Map<string, Array<typeof quarantineRooms.$inferSelect>>();
  await db.transaction(async (tx) => {
    for (const site of ordered) {
      const values: Array<typeof quarantineRooms.$inferInsert> = [];
      for (let floor = 2; floor <= 4; floor++) {
        for (let n = 1; n <= 10; n++) {
          values.push({
            facilityId: site.id,
            jurisdictionId: site.jurisdictionId,
            roomNo: `${floor}${String(n).padStart(2, '0')}`,
            floor,
            capacity: n === 1 ? 2 : 1,
            inService: !(floor === 4 && n === 10),
            notes: floor === 4 && n === 10 ? '空调维修 / air conditioning under repair' : n === 1 ? '家庭房 / family room' : '',
          });
        }
      }
      const rows = await tx.insert(quarantineRooms).values(values).returning();
      roomsBySite.set(site.id, rows);
      await audit(tx, {
        actor: null,
        ip: null,
        action: 'create',
        entityType: 'quarantine_room',
        entityId: site.id,
        after: { facilityId: site.id, rooms: rows.length, demo: true },
      });
    }
  });

  const epi = await principalOf(database, 'epidemiologist');
  if (!epi) return;
  const deps = { database, protector: identityProtector(ctx.identity ?? loadConfig()), now: () => ctx.now };
  const today = districtToday(ctx.now);

  // Contacts under follow-up: the first half placed (a hotel room, or home for every third), the rest left.
  const open = await db
    .select({ id: contacts.id, lastExposureAt: contacts.lastExposureAt, address: contacts.address })
    .from(contacts)
    .where(eq(contacts.status, 'under_follow_up'))
    .orderBy(asc(contacts.code));
  const placed = open.slice(0, Math.floor(open.length / 2));
  const [first, second] = ordered;
  let roomIndex = 0;
  const stays: Array<{ id: string; startDate: string }> = [];
  for (const [i, c] of placed.entries()) {
    const exposureNext = addDays(districtDate(c.lastExposureAt), 1);
    const startDate = exposureNext < today ? exposureNext : today;
    const site = i % 2 === 0 || !second ? first! : second;
    const rooms = roomsBySite.get(site.id) ?? [];
    const room = rooms[roomIndex++ % rooms.length]!;
    const stay = await assignAs(
      deps,
      epi,
      i % 3 === 2
        ? {
            contactId: c.id,
            kind: 'home',
            homeAddress: c.address || '',
            startDate,
            notes: '社区网格员每日上门测温 / grid worker checks daily',
          }
        : { contactId: c.id, kind: 'site', siteId: site.id, roomId: room.id, startDate, notes: '' },
      null,
    );
    stays.push({ id: stay.id, startDate: stay.startDate });
  }

  // A case person isolated at the second hotel (0066): the newest asymptomatic infection (else the newest confirmed
  // case), in a room nobody stays in.
  const pick = async (classification: 'asymptomatic' | 'confirmed') =>
    (
      await db
        .select({ id: caseReports.id })
        .from(caseReports)
        .where(and(eq(caseReports.classification, classification), eq(caseReports.status, 'active')))
        .orderBy(desc(caseReports.reportedAt))
        .limit(1)
    )[0];
  const casePerson = (await pick('asymptomatic')) ?? (await pick('confirmed'));
  const caseSite = second ?? first!;
  if (casePerson) {
    const taken = await db
      .select({ roomId: quarantineAssignments.roomId })
      .from(quarantineAssignments)
      .where(and(eq(quarantineAssignments.facilityId, caseSite.id), eq(quarantineAssignments.status, 'active')));
    const busy = new Set(taken.map((r) => r.roomId));
    const room = [...(roomsBySite.get(caseSite.id) ?? [])].reverse().find((r) => r.inService && !busy.has(r.id));
    if (room)
      await assignAs(
        deps,
        epi,
        {
          caseReportId: casePerson.id,
          kind: 'site',
          siteId: caseSite.id,
          roomId: room.id,
          startDate: today,
          notes: '轻症/无症状，集中隔离医学观察 / mild or asymptomatic: isolated at the site',
        },
        null,
      );
  }

  // Two stays end early: one person was no contact after all (today), one moved to another district (yesterday).
  const ends = [
    { reason: 'not_a_contact' as const, notes: '复核流调：末次接触时间有误，排除密接 / re-investigated: not a contact', daysAgo: 0 },
    { reason: 'moved_away' as const, notes: '已移交户籍地（渝北区）继续管理 / handed to the home district', daysAgo: 1 },
  ];
  for (const [k, end] of ends.entries()) {
    const stay = stays[stays.length - 1 - k];
    if (!stay) continue;
    const releasedOn = addDays(today, -end.daysAgo) < stay.startDate ? stay.startDate : addDays(today, -end.daysAgo);
    await releaseAs(deps, epi, stay.id, { releasedOn, reason: end.reason, notes: end.notes }, null);
  }

  // Contacts whose follow-up completed: a past stay at the first site, released when the period ended.
  const done = await db
    .select({
      id: contacts.id,
      jurisdictionId: contacts.jurisdictionId,
      lastExposureAt: contacts.lastExposureAt,
      followUpUntil: contacts.followUpUntil,
    })
    .from(contacts)
    .where(eq(contacts.status, 'completed'))
    .orderBy(asc(contacts.code))
    .limit(4);
  const firstRooms = (roomsBySite.get(first!.id) ?? []).slice(-6, -1);
  await db.transaction(async (tx) => {
    for (const [i, c] of done.entries()) {
      const until = String(c.followUpUntil).slice(0, 10);
      const endedOn = addDays(until, 1) <= today ? addDays(until, 1) : today;
      const [row] = await tx
        .insert(quarantineAssignments)
        .values({
          contactId: c.id,
          jurisdictionId: c.jurisdictionId,
          kind: 'site',
          facilityId: first!.id,
          roomId: firstRooms[i % firstRooms.length]!.id,
          startDate: addDays(districtDate(c.lastExposureAt), 1),
          endDate: until,
          status: 'released',
          endedOn,
          releaseReason: 'period_completed',
          createdBy: epi.id,
          endedBy: epi.id,
        })
        .returning();
      await audit(tx, { actor: null, ip: null, action: 'create', entityType: 'quarantine_assignment', entityId: row!.id, after: row });
    }
  });
  ctx.log?.info('demo: quarantine', { sites: ordered.length, placed: placed.length, released: done.length + ends.length });
}
