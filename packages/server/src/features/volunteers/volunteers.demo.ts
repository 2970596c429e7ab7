/**
 * Demo volunteers of District J (fictional people): about twenty in the communities of the demo townships with
 * skills, languages and availability; most vetted by the coordinator after a township officer registered them
 * (four eyes), two waiting to be vetted, one suspended; a year of hours for most (some active by the rule, some
 * not); `volunteer.chen`'s own record with an open assignment to a task (its contact details shown to him while
 * it is open) and a completed one.
 *
 * Idempotent: nothing is written when a volunteer exists already.
 */
import { count, eq, inArray, like } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { loadConfig } from '../../platform/config.ts';
import { districtDate, districtInstant, districtToday } from '../../platform/time/district-time.ts';
import { identityProtector, makeResidentId } from '../cases/index.ts';
import { createTasks } from '../tasks/index.ts';
import { maskPhone } from './volunteers.service.ts';
import {
  type VettingStatus,
  type VolunteerAvailability,
  type VolunteerLanguage,
  type VolunteerSkill,
  volunteerAssignments,
  volunteerHours,
  volunteers,
} from './volunteers.tables.ts';

type Seed = [
  string,
  'male' | 'female',
  number,
  VolunteerSkill[],
  VolunteerLanguage[],
  VolunteerAvailability[],
  string,
  VettingStatus,
  number,
];
/** name, sex, birth year, skills, languages, availability, organisation, status, hours a month over the last year */
const PEOPLE: Seed[] = [
  [
    '陈思远',
    'male',
    1998,
    ['it_support', 'data_entry', 'translation'],
    ['zh', 'en'],
    ['weekend', 'weekday_evening'],
    '嘉江职业技术学院',
    'approved',
    10,
  ],
  [
    '李秀兰',
    'female',
    1962,
    ['elderly_care', 'community_outreach'],
    ['zh', 'cdo'],
    ['weekday_daytime'],
    '望江街道老年协会',
    'approved',
    14,
  ],
  ['王建军', 'male', 1975, ['driving', 'logistics'], ['zh'], ['on_call', 'emergency_only'], '嘉江出租车公司', 'approved', 6],
  ['张晓燕', 'female', 1990, ['nursing', 'first_aid'], ['zh', 'en'], ['weekend'], '区人民医院退休护士', 'approved', 12],
  ['刘海涛', 'male', 1985, ['port_work', 'translation'], ['zh', 'en', 'vi'], ['weekday_evening', 'on_call'], '嘉江港务集团', 'approved', 9],
  [
    '赵丽娟',
    'female',
    1979,
    ['psychological_support', 'community_outreach'],
    ['zh'],
    ['weekday_evening'],
    '区心理咨询师协会',
    'approved',
    4,
  ],
  ['孙志明', 'male', 2001, ['data_entry', 'community_outreach'], ['zh', 'en'], ['weekend'], '嘉江职业技术学院', 'approved', 2],
  ['周美玲', 'female', 1968, ['elderly_care', 'first_aid'], ['zh', 'yue'], ['weekday_daytime', 'weekend'], '白沙镇妇联', 'approved', 16],
  ['吴国庆', 'male', 1960, ['medical', 'first_aid'], ['zh'], ['on_call'], '白沙镇卫生院（退休）', 'approved', 8],
  [
    '郑雅琴',
    'female',
    1995,
    ['translation', 'community_outreach'],
    ['zh', 'en', 'my'],
    ['weekend', 'weekday_evening'],
    '嘉江外语学校',
    'approved',
    7,
  ],
  ['黄文斌', 'male', 1988, ['driving', 'logistics', 'port_work'], ['zh'], ['emergency_only'], '嘉江物流协会', 'approved', 0],
  ['林小红', 'female', 1983, ['nursing', 'elderly_care'], ['zh'], ['weekday_daytime'], '望江社区卫生服务站', 'approved', 11],
  ['何俊杰', 'male', 1999, ['it_support', 'data_entry'], ['zh', 'en', 'ja'], ['weekday_evening'], '', 'pending', 0],
  ['马玉兰', 'female', 1971, ['community_outreach'], ['zh', 'wuu'], ['weekday_daytime'], '白沙镇村委会', 'pending', 0],
  ['罗志强', 'male', 1980, ['driving'], ['zh'], ['weekend'], '', 'suspended', 3],
  ['谢婷婷', 'female', 1993, ['psychological_support', 'translation'], ['zh', 'en', 'ko'], ['weekend'], '区青年志愿者协会', 'approved', 9],
  ['韩明', 'male', 1966, ['port_work', 'first_aid'], ['zh', 'ru'], ['on_call'], '长江航运公司', 'approved', 5],
  ['冯淑芬', 'female', 1957, ['elderly_care'], ['zh'], ['weekday_daytime'], '望江街道老年协会', 'approved', 20],
];

export async function seedVolunteersDemo(database: Database, ctx: DemoContext): Promise<void> {
  const db = database.db;
  const [{ n }] = (await db.select({ n: count() }).from(volunteers)) as [{ n: number }];
  if (Number(n) > 0) return;
  const [district] = await db.select().from(jurisdictions).where(eq(jurisdictions.id, ctx.districtId));
  if (!district) return;
  const communities = await db
    .select({ id: jurisdictions.id, path: jurisdictions.path, code: jurisdictions.code })
    .from(jurisdictions)
    .where(like(jurisdictions.path, `${district.path}%`))
    .then((rows) => rows.filter((r) => r.path.split('/').filter(Boolean).length === 3).sort((a, b) => a.code.localeCompare(b.code)));
  if (communities.length === 0) return;
  const named = await db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(inArray(users.username, ['coordinator', 'officer.wangjiang', 'officer.baisha', 'volunteer.chen']));
  const userId = (u: string) => named.find((x) => x.username === u)?.id ?? null;
  const coordinator = userId('coordinator');
  const protector = identityProtector(ctx.identity ?? loadConfig());
  const today = districtToday(ctx.now);
  const townshipOf = (path: string) => path.split('/').filter(Boolean)[1];
  // spread the volunteers over the first communities of the two demo townships (望江 and 白沙 come first by code)
  const townships = [...new Set(communities.map((c) => townshipOf(c.path)))];
  const pool = townships.slice(0, 2).flatMap((t) => communities.filter((c) => townshipOf(c.path) === t).slice(0, 3));

  await db.transaction(async (tx) => {
    const ids: string[] = [];
    for (const [i, [name, sex, birthYear, skills, languages, availability, organisation, status, perMonth]] of PEOPLE.entries()) {
      const place = pool[i % pool.length]!;
      const inFirstTownship = townshipOf(place.path) === townships[0];
      const registrar = userId(inFirstTownship ? 'officer.wangjiang' : 'officer.baisha');
      const phone = `13${(700000000 + i * 7919137).toString().slice(0, 9)}`;
      const idNumber = makeResidentId(
        '500199',
        `${birthYear}-0${(i % 9) + 1}-1${i % 10}`,
        ((i * 37 + 11) % 499) * 2 + (sex === 'male' ? 1 : 0),
      );
      const secured = protector.protect('resident_id', idNumber);
      const phoneSecured = protector.protect('other', phone);
      const [row] = await tx
        .insert(volunteers)
        .values({
          jurisdictionId: place.id,
          grid: `第${(i % 4) + 1}网格`,
          name,
          sex,
          birthYear,
          phoneEncrypted: phoneSecured.encrypted,
          phoneMasked: maskPhone(phone),
          idType: 'resident_id',
          idNumberEncrypted: secured.encrypted,
          idNumberMasked: secured.masked,
          idNumberHash: secured.hash,
          skills,
          languages,
          availability,
          organisation,
          userId: name === '陈思远' ? userId('volunteer.chen') : null,
          vettingStatus: status,
          vettingNote: status === 'suspended' ? '多次未按约到岗，暂停派遣，待面谈' : status === 'approved' ? '身份与健康声明已核验' : '',
          vettedBy: status === 'pending' || registrar === coordinator ? null : coordinator,
          vettedAt: status === 'pending' ? null : districtInstant(districtToday(ctx.now, 300 - i * 7), '10:00'),
          registeredBy: registrar,
          createdAt: districtInstant(districtToday(ctx.now, 320 - i * 7), '09:00'),
        })
        .returning();
      ids.push(row!.id);
      // a year of hours: one session every ~10 days, sized to the volunteer's monthly average
      if (perMonth > 0) {
        const hours: (typeof volunteerHours.$inferInsert)[] = [];
        for (let d = 5 + (i % 7); d < 360; d += 10) {
          const minutes = Math.round(((perMonth * 60) / 3) * (0.8 + ((d * 7 + i) % 5) / 10));
          hours.push({
            volunteerId: row!.id,
            jurisdictionId: place.id,
            workedOn: districtToday(ctx.now, d),
            minutes: Math.min(600, minutes),
            activity: ['社区卡口值守', '独居老人探访', '物资分发', '健康宣传', '核酸采样点秩序维护'][(d + i) % 5]!,
            source: 'manual',
            loggedBy: coordinator,
          });
        }
        await tx.insert(volunteerHours).values(hours);
      }
    }
    // 陈思远: an open assignment (its contact details the task needs) and a completed one with its hours
    const chen = ids[0]!;
    const place = pool[0]!;
    if (coordinator) {
      const actor = { id: coordinator, username: 'coordinator' };
      const [open, done] = await createTasks(
        tx,
        [
          {
            title: '为居家隔离户配送生活物资',
            description: '按清单配送米面油与消毒用品，放门口后电话告知，不入户。',
            assigneeUserId: coordinator,
            jurisdictionId: place.id,
            priority: 'high',
            dueAt: districtInstant(districtToday(ctx.now, -1), '18:00'),
            origin: 'manual',
            originRef: `volunteer:${chen}`,
          },
          {
            title: '社区健康宣传资料入户发放',
            assigneeUserId: coordinator,
            jurisdictionId: place.id,
            dueAt: districtInstant(districtToday(ctx.now, 3), '17:00'),
            origin: 'manual',
            originRef: `volunteer:${chen}`,
          },
        ],
        { actor, now: ctx.now },
      );
      const checkedIn = districtInstant(districtToday(ctx.now, 4), '09:00');
      const checkedOut = districtInstant(districtToday(ctx.now, 4), '12:30');
      await tx.insert(volunteerAssignments).values([
        {
          volunteerId: chen,
          taskId: open!.id,
          jurisdictionId: place.id,
          duty: '物资配送（2户）',
          contactDetails: '3栋2单元501 居家隔离户，联系电话见任务单；1栋102 独居老人',
          assignedBy: coordinator,
        },
        {
          volunteerId: chen,
          taskId: done!.id,
          jurisdictionId: place.id,
          duty: '宣传资料发放',
          status: 'completed',
          checkedInAt: checkedIn,
          checkedOutAt: checkedOut,
          assignedBy: coordinator,
        },
      ]);
      const [assignment] = await tx.select().from(volunteerAssignments).where(eq(volunteerAssignments.taskId, done!.id));
      await tx.insert(volunteerHours).values({
        volunteerId: chen,
        assignmentId: assignment!.id,
        jurisdictionId: place.id,
        workedOn: districtDate(checkedIn),
        minutes: 210,
        activity: '宣传资料发放',
        source: 'check_out',
        loggedBy: userId('volunteer.chen'),
      });
    }
  });
  ctx.log?.info('demo volunteers seeded', { volunteers: PEOPLE.length, today });
}
