/**
 * Demo public education of District J: materials for schools, port and river workers, the elderly, migrants and
 * businesses in Chinese, English, Vietnamese and Cantonese — most published (written by the training officer,
 * published by the press officer: four eyes), two drafts; an active respiratory-disease campaign and a closed port
 * health week, each with events and their reach. Idempotent: nothing is written when a material exists.
 */
import { count, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { districtInstant, districtToday } from '../../platform/time/district-time.ts';
import { type EducationAudience, educationCampaigns, educationEvents, educationMaterials } from './education.tables.ts';

type MaterialSeed = [
  string,
  string,
  string,
  EducationAudience,
  string,
  'hand_hygiene' | 'masks' | 'vaccination' | 'respiratory' | 'travel' | 'food_water' | 'mental_health',
  'leaflet' | 'poster' | 'article' | 'video',
  boolean,
];
const MATERIALS: MaterialSeed[] = [
  [
    '校园秋冬季呼吸道传染病防控指南',
    '晨午检、因病缺课追踪与教室通风。',
    '一、坚持晨午检，发现发热、咳嗽学生及时报告。\n二、因病缺课当日追踪病因。\n三、教室每日开窗通风不少于3次，每次30分钟。\n四、出现聚集性病例立即报告属地疾控中心。',
    'schools',
    'zh-CN',
    'respiratory',
    'leaflet',
    true,
  ],
  [
    '七步洗手法（儿童版）',
    '图解七步洗手法，适合张贴在洗手池旁。',
    '内、外、夹、弓、大、立、腕：每一步不少于15秒。',
    'schools',
    'zh-CN',
    'hand_hygiene',
    'poster',
    true,
  ],
  [
    'Health advice for crews calling at Jiajiang Port',
    'What to do if a crew member falls ill aboard, and whom to call.',
    'Report fever, cough or diarrhoea aboard to the port health office before berthing. Keep the sick crew member in a separate cabin with a mask. Do not discharge waste water at the berth.',
    'port_river_workers',
    'en',
    'travel',
    'leaflet',
    true,
  ],
  [
    '码头与船员健康提示',
    '船上出现发热、腹泻等症状时的报告与处置。',
    '靠泊前向港口卫生检疫报告船员健康状况；患病船员单独舱室隔离并佩戴口罩。',
    'port_river_workers',
    'zh-CN',
    'travel',
    'leaflet',
    true,
  ],
  [
    '老年人接种流感和肺炎疫苗问答',
    '为什么要接种、去哪里接种、接种后注意什么。',
    '65岁及以上老人每年秋季接种流感疫苗；可到所在社区卫生服务中心预约，免费接种政策以当年通知为准。',
    'elderly',
    'zh-CN',
    'vaccination',
    'article',
    true,
  ],
  [
    '长者防疫小贴士（粤语）',
    '用粤语讲解秋冬季防病要点。',
    '勤洗手、戴口罩、少去人多嘅地方；有发烧咳嗽就早啲睇医生。',
    'elderly',
    'yue',
    'respiratory',
    'video',
    true,
  ],
  [
    'Hướng dẫn phòng bệnh hô hấp cho người lao động',
    'Rửa tay, đeo khẩu trang và khám bệnh ở đâu.',
    'Khi sốt hoặc ho, hãy đeo khẩu trang và đến trạm y tế gần nhất. Khám bệnh không phụ thuộc vào giấy tờ cư trú.',
    'migrants',
    'vi',
    'respiratory',
    'leaflet',
    true,
  ],
  [
    '餐饮企业食品安全与员工健康管理',
    '员工健康申报、餐具消毒与腹泻病例报告。',
    '员工出现腹泻、呕吐应暂停接触直接入口食品，并报告属地卫生院。',
    'businesses',
    'zh-CN',
    'food_water',
    'leaflet',
    false,
  ],
  [
    '外来务工人员就医指南',
    '在嘉江区看病、接种和报销。',
    '草稿：待补充各乡镇卫生院地址与电话。',
    'migrants',
    'zh-CN',
    'respiratory',
    'leaflet',
    false,
  ],
];

export async function seedEducationDemo(database: Database, ctx: DemoContext): Promise<void> {
  const db = database.db;
  const [{ n }] = (await db.select({ n: count() }).from(educationMaterials)) as [{ n: number }];
  if (Number(n) > 0) return;
  const [district] = await db.select().from(jurisdictions).where(eq(jurisdictions.id, ctx.districtId));
  if (!district) return;
  const townships = (await db.select().from(jurisdictions).where(eq(jurisdictions.parentId, district.id))).sort((a, b) =>
    a.code.localeCompare(b.code),
  );
  const named = await db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(inArray(users.username, ['trainer', 'press']));
  const author = named.find((u) => u.username === 'trainer')?.id ?? null;
  const publisher = named.find((u) => u.username === 'press')?.id ?? null;
  await db.transaction(async (tx) => {
    const materials = await tx
      .insert(educationMaterials)
      .values(
        MATERIALS.map(([title, summary, body, audience, language, topic, format, published], i) => ({
          jurisdictionId: district.id,
          title,
          summary,
          body,
          audience,
          language,
          topic,
          format,
          status: (published && publisher ? 'published' : 'draft') as 'published' | 'draft',
          publishedAt: published && publisher ? districtInstant(districtToday(ctx.now, 40 - i * 3), '10:00') : null,
          publishedBy: published ? publisher : null,
          createdBy: author,
          updatedBy: author,
        })),
      )
      .returning();
    const t = (i: number) => townships[i % Math.max(1, townships.length)] ?? district;
    const [autumn] = await tx
      .insert(educationCampaigns)
      .values({
        jurisdictionId: district.id,
        title: '秋冬季呼吸道传染病防控宣传月',
        titleEn: 'Autumn and winter respiratory disease awareness month',
        goal: '覆盖全区中小学、养老机构和外来务工人员聚居区，宣传接种、洗手与及时就医。',
        audiences: ['schools', 'elderly', 'migrants', 'general'],
        startsOn: districtToday(ctx.now, 20),
        endsOn: districtToday(ctx.now, -10),
        targetReach: 30000,
        status: 'active',
        createdBy: author,
      })
      .returning();
    const [port] = await tx
      .insert(educationCampaigns)
      .values({
        jurisdictionId: district.id,
        title: '港口船员健康宣传周',
        titleEn: 'Port crew health week',
        goal: '向靠泊船舶船员和码头工人发放健康提示，讲解报告渠道。',
        audiences: ['port_river_workers'],
        startsOn: districtToday(ctx.now, 90),
        endsOn: districtToday(ctx.now, 84),
        targetReach: 2000,
        status: 'closed',
        createdBy: author,
      })
      .returning();
    const m = (i: number) => materials[i]!.id;
    type Ev = [
      string,
      number,
      number,
      'lecture' | 'stall' | 'door_to_door' | 'school_class' | 'broadcast' | 'social_media' | 'workshop',
      EducationAudience,
      string,
      number,
      number,
      number,
    ];
    const events: Ev[] = [
      [autumn!.id, 18, 0, 'school_class', 'schools', '望江小学', 1200, 1200, 0],
      [autumn!.id, 15, 1, 'lecture', 'elderly', '白沙镇敬老院', 85, 120, 4],
      [autumn!.id, 12, 0, 'door_to_door', 'elderly', '望江街道3个社区', 640, 640, 4],
      [autumn!.id, 9, 1, 'stall', 'migrants', '工业园区宿舍区', 410, 500, 6],
      [autumn!.id, 6, 0, 'social_media', 'general', '“健康嘉江”公众号', 9800, 0, 0],
      [autumn!.id, 3, 1, 'school_class', 'schools', '白沙中学', 950, 950, 1],
      [port!.id, 89, 0, 'stall', 'port_river_workers', '嘉江港客运码头', 320, 400, 2],
      [port!.id, 87, 0, 'workshop', 'port_river_workers', '港务集团培训中心', 60, 60, 3],
      [port!.id, 85, 0, 'lecture', 'port_river_workers', '长江航运公司船员之家', 140, 150, 2],
    ];
    await tx.insert(educationEvents).values(
      events.map(([campaignId, daysAgo, where, kind, audience, location, reach, distributed, material]) => ({
        campaignId,
        jurisdictionId: t(where).id,
        heldOn: districtToday(ctx.now, daysAgo),
        kind,
        audience,
        location,
        reach,
        materialsDistributed: distributed,
        materialId: distributed > 0 ? m(material) : null,
        recordedBy: author,
      })),
    );
  });
}
