/**
 * Demo data of information disclosure for District J (after the reports demo): three weeks of daily HFMD bulletins
 * drafted by the demo press officer ('press') and approved by the deputy district head ('leader'), published the
 * next morning; one of them corrected (version 2 with its note), a press release withdrawn with its reason,
 * guidance with a poster (an image with its alt text), a risk-area bulletin for the incident's township (a community, the
 * township, and a square drawn around the township's market), a rebuttal, and the rumour register; the withdrawn
 * release carries a chart, which the portal no longer serves. Everything goes
 * through the same services a person uses (the guard, four eyes, audit). Idempotent: nothing is written when the
 * district has bulletins already.
 */
import { and, asc, eq } from 'drizzle-orm';
import sharp from 'sharp';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { districtDate, districtInstant } from '../../platform/time/district-time.ts';
import { diseases } from '../catalogue/index.ts';
import { addDays } from '../reports/index.ts';
import { loadPrincipal } from '../users/index.ts';
import {
  approveBulletinAs,
  correctBulletinAs,
  createBulletinAs,
  publishBulletinAs,
  submitBulletinAs,
  updateBulletinAs,
  withdrawBulletinAs,
} from './bulletins.service.ts';
import { bulletins } from './bulletins.tables.ts';
import { createRiskAreaAs, createRumourAs, updateRumourAs } from './registers.service.ts';
import { addImageAs } from './images.service.ts';
import { pointInGeometry } from './risk-shapes.ts';
import type { RiskGeometry } from './bulletins.tables.ts';

/**
 * A picture for the demo, drawn here (no file shipped): a poster of four hand-washing steps, or a bar chart of the
 * given counts. Shapes only (no text: the server has no CJK font), rendered from SVG to PNG by sharp, then attached
 * through the same service as an upload, so it is cleaned the same way.
 */
async function demoPicture(kind: 'poster' | 'chart', counts: number[] = []): Promise<Uint8Array> {
  const w = 800;
  const h = 450;
  let shapes = '';
  if (kind === 'poster') {
    const colours = ['#1677ff', '#13c2c2', '#52c41a', '#faad14'];
    colours.forEach((c, i) => {
      const x = 40 + i * 190;
      shapes += `<rect x="${x}" y="60" width="160" height="300" rx="24" fill="${c}"/><circle cx="${x + 80}" cy="170" r="50" fill="#fff"/><rect x="${x + 40}" y="250" width="80" height="16" rx="8" fill="#fff"/>`;
    });
  } else {
    const max = Math.max(1, ...counts);
    const bw = (w - 80) / Math.max(1, counts.length);
    counts.forEach((n, i) => {
      const bh = (n / max) * (h - 100);
      shapes += `<rect x="${(40 + i * bw + 2).toFixed(1)}" y="${(h - 50 - bh).toFixed(1)}" width="${(bw - 4).toFixed(1)}" height="${bh.toFixed(1)}" fill="#cf1322"/>`;
    });
    shapes += `<line x1="40" y1="${h - 50}" x2="${w - 40}" y2="${h - 50}" stroke="#57606a" stroke-width="2"/>`;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#f6f8fa"/>${shapes}</svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

/** Days of published daily bulletins. */
export const DEMO_BULLETIN_DAYS = 21;

export async function seedBulletinsDemo(database: Database, ctx: DemoContext): Promise<void> {
  const db = database.db;
  const [existing] = await db.select({ id: bulletins.id }).from(bulletins).where(eq(bulletins.jurisdictionId, ctx.districtId)).limit(1);
  if (existing) return;
  const principalOf = async (username: string) => {
    const [row] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
    return row ? loadPrincipal(db, row.id) : null;
  };
  const press = await principalOf('press');
  const leader = await principalOf('leader');
  if (!press || !leader) return;
  const [hfmd] = await db.select({ id: diseases.id }).from(diseases).where(eq(diseases.code, 'hfmd'));
  const today = districtDate(ctx.now);
  const at = (day: string, hhmm: string) => districtInstant(day, hhmm);

  const publishOn = async (id: string, day: string, hhmm = '09:30') => {
    await submitBulletinAs(database, press, id, '');
    await approveBulletinAs(database, leader, id, '同意发布。 / Approved.');
    return publishBulletinAs(database, press, id, undefined, undefined, at(day, hhmm));
  };

  const daily: string[] = [];
  for (let i = DEMO_BULLETIN_DAYS; i >= 1; i--) {
    const day = addDays(today, -i);
    const b = await createBulletinAs(
      database,
      press,
      {
        kind: 'daily',
        jurisdictionId: ctx.districtId,
        figuresDate: day,
        diseaseId: hfmd?.id ?? null,
        cumulativeFrom: addDays(today, -DEMO_BULLETIN_DAYS - 7),
      },
      undefined,
      at(day, '18:00'),
    );
    await publishOn(b.id, addDays(day, 1));
    daily.push(b.id);
  }

  // A correction: the bulletin of five days ago, its cumulative start explained.
  const corrected = daily[daily.length - 5]!;
  const v2 = await correctBulletinAs(database, press, corrected, {
    correctionNote: '更正：原通报中“累计报告”的起算日期表述有误，现更正为自本轮疫情开始起算，数字不变。',
    correctionNoteEn:
      'Correction: the start date of the cumulative count was misstated; it counts from the start of this outbreak. The figures are unchanged.',
  });
  await publishOn(v2.id, addDays(today, -3), '11:00');

  const [township] = ctx.incidentTownshipCode
    ? await db.select().from(jurisdictions).where(eq(jurisdictions.code, ctx.incidentTownshipCode))
    : await db.select().from(jurisdictions).where(eq(jurisdictions.level, 'township')).orderBy(asc(jurisdictions.code)).limit(1);

  // Guidance.
  const guidance = await createBulletinAs(
    database,
    press,
    { kind: 'guidance', jurisdictionId: ctx.districtId },
    undefined,
    at(addDays(today, -14), '10:00'),
  );
  await updateBulletinAs(database, press, guidance.id, {
    title: '手足口病家庭预防指引',
    titleEn: 'Hand, foot and mouth disease: prevention at home',
    body: [
      '## 勤洗手',
      '',
      '- 饭前便后、外出回家后用肥皂或洗手液给儿童洗手。',
      '',
      '## 常通风、勤消毒',
      '',
      '- 儿童玩具和餐具要经常清洗消毒。',
      '',
      '## 及时就医',
      '',
      '- 儿童出现发热、皮疹等症状，请及时到医疗机构就诊，不要带病入园。',
    ].join('\n'),
    bodyEn: [
      '## Wash hands',
      '',
      "- Wash children's hands with soap before meals, after the toilet and after coming home.",
      '',
      '## Air and clean',
      '',
      '- Clean and disinfect toys and tableware often.',
      '',
      '## See a doctor',
      '',
      '- A child with fever or a rash should see a doctor and stay home from kindergarten.',
    ].join('\n'),
    updatedAt: guidance.updatedAt,
  });
  await addImageAs(database, press, guidance.id, {
    filename: 'handwashing-poster.png',
    bytes: await demoPicture('poster'),
    alt: '洗手海报：用肥皂或洗手液、搓手心手背、冲洗、擦干四个步骤',
    altEn: 'Hand-washing poster: soap, rub palms and backs of the hands, rinse, dry',
  });
  await publishOn(guidance.id, addDays(today, -14), '15:00');

  // Risk areas of the incident's township.
  if (township) {
    const [community] = await db
      .select()
      .from(jurisdictions)
      .where(and(eq(jurisdictions.parentId, township.id), eq(jurisdictions.level, 'community')))
      .orderBy(asc(jurisdictions.code))
      .limit(1);
    const risk = await createBulletinAs(
      database,
      press,
      { kind: 'risk_areas', jurisdictionId: ctx.districtId, figuresDate: addDays(today, -6) },
      undefined,
      at(addDays(today, -6), '09:00'),
    );
    if (community) {
      await createRiskAreaAs(database, press, {
        jurisdictionId: community.id,
        level: 'medium',
        startsOn: addDays(today, -6),
        endsOn: addDays(today, 8),
        note: '涉事幼儿园所在社区：托幼机构暂停集体活动，加强晨午检。',
        noteEn: 'Community of the affected kindergartens: group activities suspended, twice-daily health checks.',
        bulletinId: risk.id,
      });
    }
    // a drawn area: a small square around the township's centre (≈ 700 m a side), if it lies inside the district
    const [district] = await db.select().from(jurisdictions).where(eq(jurisdictions.id, ctx.districtId));
    const outline = district?.geometry as RiskGeometry | null | undefined;
    const centre = township.centroid as [number, number] | null;
    if (centre && (outline?.type === 'Polygon' || outline?.type === 'MultiPolygon')) {
      const d = 0.0032;
      const [x, y] = centre;
      const ring = [
        [x - d, y - d],
        [x + d, y - d],
        [x + d, y + d],
        [x - d, y + d],
        [x - d, y - d],
      ];
      if (ring.every((p) => pointInGeometry(p, outline))) {
        await createRiskAreaAs(database, press, {
          jurisdictionId: township.id,
          level: 'high',
          startsOn: addDays(today, -6),
          endsOn: addDays(today, 8),
          geometry: { type: 'Polygon', coordinates: [ring] },
          placeName: `${township.name}农贸市场及周边`,
          placeNameEn: `${township.nameEn} market and surroundings`,
          note: '农贸市场暂停营业，周边居民减少外出。',
          noteEn: 'The market is closed; residents nearby should go out less.',
          bulletinId: risk.id,
        });
      }
    }
    await createRiskAreaAs(database, press, {
      jurisdictionId: township.id,
      level: 'low',
      startsOn: addDays(today, -6),
      endsOn: addDays(today, 8),
      note: '做好个人防护，避免聚集。',
      noteEn: 'Protect yourself and avoid gatherings.',
      bulletinId: risk.id,
    });
    await publishOn(risk.id, addDays(today, -6), '12:00');
  }

  // A rebuttal and the rumours.
  const rebuttal = await createBulletinAs(
    database,
    press,
    { kind: 'rebuttal', jurisdictionId: ctx.districtId },
    undefined,
    at(addDays(today, -4), '10:00'),
  );
  await updateBulletinAs(database, press, rebuttal.id, {
    title: '关于网传“幼儿园手足口病患儿死亡”的辟谣说明',
    titleEn: 'Fact check: “a kindergarten child died of HFMD”',
    body: '近日，网传“我区某幼儿园有手足口病患儿死亡”。经核实，该信息不实：本轮疫情中1名重症患儿经治疗病情稳定，无死亡病例。\n\n请广大市民以官方发布的信息为准，不信谣、不传谣。',
    bodyEn:
      'A message claims that “a child with HFMD died at a kindergarten in the district”. This is not true: one severe case is stable after treatment; nobody has died.\n\nPlease rely on official information and do not pass rumours on.',
    updatedAt: rebuttal.updatedAt,
  });
  await publishOn(rebuttal.id, addDays(today, -4), '16:00');
  const r1 = await createRumourAs(database, press, {
    jurisdictionId: ctx.districtId,
    claim: '我区某幼儿园有手足口病患儿死亡',
    source: '本地微信群转发',
    channel: 'wechat',
    firstSeenAt: at(addDays(today, -5), '21:00').toISOString(),
    reach: 12000,
  });
  await updateRumourAs(database, press, r1.id, { verdict: 'false', rebuttalBulletinId: rebuttal.id });
  const r2 = await createRumourAs(database, press, {
    jurisdictionId: ctx.districtId,
    claim: '喝板蓝根可以预防手足口病',
    source: '短视频平台',
    channel: 'douyin',
    firstSeenAt: at(addDays(today, -3), '12:00').toISOString(),
    reach: 45000,
  });
  await updateRumourAs(database, press, r2.id, { verdict: 'misleading' });
  await createRumourAs(database, press, {
    jurisdictionId: ctx.districtId,
    claim: '望江街道所有学校下周停课',
    source: '家长群',
    channel: 'wechat',
    firstSeenAt: at(addDays(today, -1), '20:00').toISOString(),
    reach: 3000,
  });

  // A press release withdrawn (published twice by mistake).
  const release = await createBulletinAs(
    database,
    press,
    { kind: 'press_release', jurisdictionId: ctx.districtId },
    undefined,
    at(addDays(today, -2), '09:00'),
  );
  await updateBulletinAs(database, press, release.id, {
    title: '区疫情防控新闻发布会要点',
    titleEn: 'District press conference: key points',
    body: '区卫生健康委通报了本轮手足口病疫情的处置进展，介绍了托幼机构晨午检和环境消毒工作。',
    bodyEn: 'The district health commission reported on the HFMD response, kindergarten health checks and disinfection.',
    updatedAt: release.updatedAt,
  });
  await addImageAs(database, press, release.id, {
    filename: 'curve.png',
    bytes: await demoPicture('chart', [1, 2, 2, 4, 3, 6, 5, 8, 7, 9, 6, 5, 4, 4, 3, 2]),
    alt: '本轮手足口病疫情每日报告病例柱状图',
    altEn: 'Bar chart of the HFMD cases reported each day in this outbreak',
  });
  await publishOn(release.id, addDays(today, -2), '17:00');
  await withdrawBulletinAs(
    database,
    leader,
    release.id,
    '与当日疫情通报内容重复，予以撤回。 / Duplicated the daily bulletin of the day: withdrawn.',
  );

  ctx.log?.info('bulletins demo: daily bulletins, a correction, a withdrawal, risk areas and rumours', { days: DEMO_BULLETIN_DAYS });
}
