/**
 * Demo data of contact tracing for District J (called by seedFeatureDemos after the cases demo): the newest
 * hand, foot and mouth disease cases of the demo township (Wangjiang) get household, school and neighbour
 * contacts, two of them their own contacts (second-degree), and a follow-up history up to yesterday — mostly
 * seen well, a few missed, one contact seen unwell yesterday (to be reported as a case), one lost. Today's
 * follow-ups are left for the township officer's daily list. Windows that ended are completed by the same
 * function the daily job runs. Everything goes through the service a person uses (audited), with the
 * demo's clock. Idempotent: any contact in the database means it is there.
 */
import { and, desc, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/scope.ts';
import { loadConfig } from '../../platform/config.ts';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { GIVEN_NAMES, SURNAMES } from '../../platform/demo/person-names.ts';
import { createDemoRandom } from '../../platform/demo/random.ts';
import { districtDate, districtInstant, districtToday } from '../../platform/time/district-time.ts';
import { caseReports, identityProtector } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { loadPrincipal } from '../users/index.ts';
import { changeContactStatusAs, completeEndedFollowUps, createContactAs, recordFollowUpAs, updateContactAs } from './contacts.service.ts';
import { createTeamAs } from './teams.ts';
import { contacts, type FollowUpStatus } from './contacts.tables.ts';
import { addDays } from './follow-up-clock.ts';

const CASES = 4;

type Setting = 'household' | 'school' | 'market' | 'healthcare';
type Relation = 'family' | 'classmate' | 'friend' | 'caregiver';
const CONTACT_PLAN: Array<{ relation: Relation; setting: Setting; contactType: 'close' | 'general' }> = [
  { relation: 'family', setting: 'household', contactType: 'close' },
  { relation: 'caregiver', setting: 'household', contactType: 'close' },
  { relation: 'classmate', setting: 'school', contactType: 'close' },
  { relation: 'friend', setting: 'market', contactType: 'general' },
];

async function principalOf(database: Database, username: string): Promise<Principal | undefined> {
  const [row] = await database.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return row ? loadPrincipal(database.db, row.id) : undefined;
}

export async function seedContactsDemo(database: Database, ctx: DemoContext): Promise<void> {
  const db = database.db;
  if ((await db.select({ id: contacts.id }).from(contacts).limit(1)).length > 0) return;
  if (!ctx.incidentTownshipCode) return;
  const [township] = await db
    .select({ id: jurisdictions.id, path: jurisdictions.path })
    .from(jurisdictions)
    .where(eq(jurisdictions.code, ctx.incidentTownshipCode));
  const epi = await principalOf(database, 'epidemiologist');
  if (!township || !epi) return;
  const officer = (await principalOf(database, 'officer.wangjiang')) ?? epi;
  const deps = { database, protector: identityProtector(ctx.identity ?? loadConfig()), now: () => ctx.now };
  const rnd = createDemoRandom(ctx.seed + 13);
  const today = districtToday(ctx.now);

  const recent = await db
    .select({
      id: caseReports.id,
      jurisdictionId: caseReports.jurisdictionId,
      diagnosisAt: caseReports.diagnosisAt,
      personName: caseReports.personName,
    })
    .from(caseReports)
    .innerJoin(diseases, eq(diseases.id, caseReports.diseaseId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, caseReports.jurisdictionId))
    .where(
      and(
        eq(diseases.code, 'hfmd'),
        eq(caseReports.status, 'active'),
        ne(caseReports.classification, 'excluded'),
        lte(caseReports.diagnosisAt, ctx.now),
        sql`${jurisdictions.path} LIKE ${`${township.path}%`}`,
      ),
    )
    .orderBy(desc(caseReports.diagnosisAt))
    .limit(CASES * 3);
  // spread over the last days: one case diagnosed yesterday, the others older (one window already ended)
  const chosen = [recent[0], recent[2], recent[5], recent[recent.length - 1]].filter((c, i, all) => c && all.indexOf(c) === i);
  const name = () => `${rnd.pick(SURNAMES)[0]}${rnd.pick(GIVEN_NAMES)[0]}`;

  let unwellGiven = false;
  let lostGiven = false;
  for (const [caseIndex, source] of chosen.entries()) {
    if (!source) continue;
    const exposureDay = addDays(districtDate(source.diagnosisAt), -1);
    const exposureAt = districtInstant(exposureDay, '19:00');
    const surname = source.personName.slice(0, 1);
    const registered: Array<{ id: string; exposureDay: string }> = [];
    for (const [i, plan] of CONTACT_PLAN.entries()) {
      if (caseIndex > 1 && i === 3) continue;
      const created = await createContactAs(
        deps,
        epi,
        {
          sourceCaseId: source.id,
          personName: plan.setting === 'household' ? `${surname}${rnd.pick(GIVEN_NAMES)[0]}` : name(),
          jurisdictionId: source.jurisdictionId,
          lastExposureAt: exposureAt.toISOString(),
          sex: rnd.next() < 0.5 ? 'female' : 'male',
          idType: 'none',
          phone: `139${String(rnd.int(10_000_000, 99_999_999))}`,
          address: '',
          relation: plan.relation,
          setting: plan.setting,
          contactType: plan.contactType,
          followUpPerDay: 1,
          notes: '',
          otherDistrict: '',
        },
        null,
      );
      registered.push({ id: created.id, exposureDay });
      // second-degree: the first household contact's workmate, exposed the day after
      if (i === 0 && caseIndex < 2) {
        const second = await createContactAs(
          deps,
          epi,
          {
            sourceContactId: created.id,
            personName: name(),
            jurisdictionId: source.jurisdictionId,
            lastExposureAt: districtInstant(addDays(exposureDay, 1), '12:00').toISOString(),
            sex: 'female',
            idType: 'none',
            phone: `137${String(rnd.int(10_000_000, 99_999_999))}`,
            address: '',
            relation: 'colleague',
            setting: 'workplace',
            contactType: 'close',
            followUpPerDay: 1,
            notes: '',
            otherDistrict: '',
          },
          null,
        );
        registered.push({ id: second.id, exposureDay: addDays(exposureDay, 1) });
      }
    }
    for (const [k, contact] of registered.entries()) {
      // registered the day after the exposure (the case was reported then): the daily list counts from there
      await db
        .update(contacts)
        .set({ createdAt: districtInstant(addDays(contact.exposureDay, 1), '09:00') })
        .where(eq(contacts.id, contact.id));
      const until = addDays(contact.exposureDay, 7);
      const last = addDays(today, -1) < until ? addDays(today, -1) : until;
      for (let day = addDays(contact.exposureDay, 1); day <= last; day = addDays(day, 1)) {
        // one contact of the newest case fell ill on its last day seen (the first one with a day to record:
        // a second-degree contact exposed yesterday has none yet)
        const unwell = !unwellGiven && caseIndex === 0 && k >= 1 && day === last;
        const r = rnd.next();
        const status: FollowUpStatus = unwell ? 'seen_unwell' : r < 0.86 ? 'seen_ok' : r < 0.95 ? 'missed' : 'not_attempted';
        await recordFollowUpAs(
          deps,
          officer,
          contact.id,
          {
            date: day,
            status,
            temperature: status === 'seen_ok' ? Math.round(rnd.uniform(36.2, 37.1) * 10) / 10 : unwell ? 38.2 : null,
            symptoms: unwell ? ['发热', '口腔疱疹'] : [],
            notes: status === 'missed' ? '电话未接通' : '',
          },
          null,
        );
        if (unwell) unwellGiven = true;
      }
      if (!lostGiven && caseIndex === 1 && k === registered.length - 1) {
        await changeContactStatusAs(
          deps,
          officer,
          contact.id,
          { status: 'lost_to_follow_up', reason: '连续两日电话未接通，上门未见 / no answer for two days, not at home' },
          null,
        );
        lostGiven = true;
      }
    }
  }
  // the township's tracing team (its contacts go to it), and a contact living in another district of Chongqing
  await createTeamAs(
    database,
    epi,
    { name: '望江街道流调一组', jurisdictionId: township.id, leader: '周建', phone: '', townshipIds: [township.id] },
    null,
  );
  const [newest] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(eq(contacts.degree, 1))
    .orderBy(desc(contacts.lastExposureAt))
    .limit(1);
  if (newest) await updateContactAs(deps, epi, newest.id, { otherDistrict: '渝中区', address: '渝中区解放碑街道' }, null);
  await completeEndedFollowUps(database, ctx.now);
  ctx.log?.info('demo: contacts traced', {
    contacts: (
      await db
        .select({ id: contacts.id })
        .from(contacts)
        .where(inArray(contacts.status, ['under_follow_up', 'completed', 'lost_to_follow_up']))
    ).length,
  });
}
