/**
 * Demo training records of District J: six courses; sessions held over the past fourteen months whose
 * certificates are now current, expiring within the next weeks (PPE donning and doffing, a year ago) or expired;
 * a planned session next week with people enrolled (attendance to take on a phone). Trainees are the demo staff
 * and the approved demo volunteers. Idempotent: nothing is written when a course exists.
 */
import { count, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { districtInstant, districtToday } from '../../platform/time/district-time.ts';
import { volunteers } from '../volunteers/index.ts';
import { expiryOf } from './readiness.ts';
import { peopleInScope } from './training.store.ts';
import {
  type CourseAudience,
  type CourseTopic,
  trainingCertificates,
  trainingCourses,
  trainingEnrolments,
  trainingSessions,
} from './training.tables.ts';

type CourseSeed = [string, string, string, CourseTopic, CourseAudience, number, number | null, string, string];
const COURSES: CourseSeed[] = [
  [
    'PPE-DON',
    '个人防护用品穿脱',
    'PPE donning and doffing',
    'ppe',
    'both',
    180,
    12,
    '防护服、N95口罩、护目镜、手套的穿脱顺序与手卫生，现场考核。',
    'Order of putting on and taking off gowns, respirators, goggles and gloves, with hand hygiene; practical test.',
  ],
  [
    'SAMPLING',
    '咽拭子与鼻咽拭子采样',
    'Throat and nasopharyngeal swab sampling',
    'sampling',
    'staff',
    240,
    24,
    '采样操作、标本保存与转运、生物安全。',
    'Sampling technique, specimen storage and transport, biosafety.',
  ],
  [
    'TRACING',
    '流行病学调查与密接追踪',
    'Field investigation and contact tracing',
    'contact_tracing',
    'staff',
    360,
    24,
    '流调访谈、密接判定、随访管理。',
    'Investigation interviews, identifying contacts, follow-up.',
  ],
  [
    'PLATFORM',
    '应急指挥平台使用',
    'Using the Outbreak Command platform',
    'platform',
    'staff',
    120,
    null,
    '病例报告、预警处置、任务与日报。',
    'Case reports, alert handling, tasks and daily reports.',
  ],
  [
    'DISINFECT',
    '环境消毒与终末消毒',
    'Environmental and terminal disinfection',
    'disinfection',
    'volunteers',
    120,
    12,
    '消毒剂配制、喷洒与个人防护。',
    'Preparing disinfectant, spraying and personal protection.',
  ],
  [
    'PFA',
    '心理急救',
    'Psychological first aid',
    'psychological_first_aid',
    'both',
    240,
    36,
    '看、听、联结：危机中的支持。',
    'Look, listen, link: support in a crisis.',
  ],
];

/** course code, days ago, place ('district' or the index of a township), share of trainees (every k-th person) */
const SESSIONS: [string, number, 'district' | number, number][] = [
  ['PPE-DON', 400, 'district', 3], // expired a month ago
  ['PPE-DON', 340, 0, 2], // expiring within 30 days
  ['PPE-DON', 60, 1, 3],
  ['SAMPLING', 150, 'district', 2],
  ['TRACING', 700, 'district', 2], // about to expire (24 months)
  ['PLATFORM', 45, 'district', 1],
  ['DISINFECT', 90, 0, 2],
  ['PFA', 200, 1, 3],
];

export async function seedTrainingDemo(database: Database, ctx: DemoContext): Promise<void> {
  const db = database.db;
  const [{ n }] = (await db.select({ n: count() }).from(trainingCourses)) as [{ n: number }];
  if (Number(n) > 0) return;
  const [district] = await db.select().from(jurisdictions).where(eq(jurisdictions.id, ctx.districtId));
  if (!district) return;
  const townships = (await db.select().from(jurisdictions).where(eq(jurisdictions.parentId, district.id))).sort((a, b) =>
    a.code.localeCompare(b.code),
  );
  const [trainer] = await db
    .select({ id: users.id })
    .from(users)
    .where(inArray(users.username, ['trainer']));
  const people = await peopleInScope(db, { right: 'training.read', paths: [district.path] }, { staff: true, volunteers: true });
  await db.transaction(async (tx) => {
    const courses = await tx
      .insert(trainingCourses)
      .values(
        COURSES.map(([code, title, titleEn, topic, audience, durationMinutes, validityMonths, description, descriptionEn]) => ({
          code,
          title,
          titleEn,
          topic,
          audience,
          durationMinutes,
          validityMonths,
          description,
          descriptionEn,
          createdBy: trainer?.id ?? null,
        })),
      )
      .returning();
    const byCode = new Map(courses.map((c) => [c.code, c]));
    for (const [si, [code, daysAgo, where, every]] of SESSIONS.entries()) {
      const course = byCode.get(code)!;
      const place = where === 'district' ? district : (townships[where] ?? district);
      const day = districtToday(ctx.now, daysAgo);
      const [session] = await tx
        .insert(trainingSessions)
        .values({
          courseId: course.id,
          jurisdictionId: place.id,
          startsAt: districtInstant(day, '09:00'),
          endsAt: districtInstant(day, '12:00'),
          location: where === 'district' ? '区疾控中心三楼培训室' : `${place.name}社区卫生服务中心会议室`,
          trainer: '郑丽',
          capacity: 40,
          status: 'held',
          closedAt: districtInstant(day, '12:30'),
          closedBy: trainer?.id ?? null,
          createdBy: trainer?.id ?? null,
        })
        .returning();
      const audience = people.filter(
        (p) =>
          (course.audience === 'both' || (course.audience === 'staff') === (p.kind === 'staff')) &&
          (where === 'district' || p.jurisdictionPath.startsWith(place.path) || p.kind === 'staff'),
      );
      const chosen = audience.filter((_, i) => (i + si) % every === 0);
      if (chosen.length === 0) continue;
      await tx.insert(trainingEnrolments).values(
        chosen.map((p, i) => ({
          sessionId: session!.id,
          userId: p.kind === 'staff' ? p.id : null,
          volunteerId: p.kind === 'volunteer' ? p.id : null,
          attendance: (i % 9 === 8 ? 'absent' : 'present') as 'absent' | 'present',
          passed: i % 9 === 8 ? null : true,
          markedBy: trainer?.id ?? null,
          markedAt: districtInstant(day, '12:00'),
        })),
      );
      const certified = chosen.filter((_, i) => i % 9 !== 8);
      await tx.insert(trainingCertificates).values(
        certified.map((p) => ({
          courseId: course.id,
          userId: p.kind === 'staff' ? p.id : null,
          volunteerId: p.kind === 'volunteer' ? p.id : null,
          jurisdictionId: p.jurisdictionId,
          agencyId: p.agencyId,
          sessionId: session!.id,
          issuedOn: day,
          expiresOn: expiryOf(day, course.validityMonths),
          issuedBy: trainer?.id ?? null,
        })),
      );
    }
    // next week: a PPE refresher in the first township with the people whose certificates expire soon
    const first = townships[0] ?? district;
    const day = districtToday(ctx.now, -7);
    const [planned] = await tx
      .insert(trainingSessions)
      .values({
        courseId: byCode.get('PPE-DON')!.id,
        jurisdictionId: first.id,
        startsAt: districtInstant(day, '14:00'),
        endsAt: districtInstant(day, '17:00'),
        location: `${first.name}社区卫生服务中心会议室`,
        trainer: '郑丽',
        capacity: 30,
        createdBy: trainer?.id ?? null,
      })
      .returning();
    const approved = await tx.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.vettingStatus, 'approved'));
    const staff = people.filter((p) => p.kind === 'staff').slice(0, 4);
    await tx
      .insert(trainingEnrolments)
      .values([
        ...staff.map((p) => ({ sessionId: planned!.id, userId: p.id })),
        ...approved.slice(0, 4).map((v) => ({ sessionId: planned!.id, volunteerId: v.id })),
      ]);
  });
}
