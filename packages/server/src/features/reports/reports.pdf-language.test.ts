/**
 * The report PDF is Chinese (issue 12, items 2 and 3): a section written in both languages (the demo's
 * "中文。 / English.") prints its Chinese part only, and dates read as the app writes them (2026-12-07, district
 * time), never 2026年12月7日.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, testEngines, withTestDb } from '../../test-support/index.ts';
import { buildReportWorld, getBytes, pdfText } from './reports.fixtures.ts';
import { localDate } from './reports.figures.ts';

describe.each(testEngines())('report PDF language and dates (%s)', (engine) => {
  const t = withTestDb(engine);
  let w: Awaited<ReturnType<typeof buildReportWorld>>;
  beforeAll(async () => {
    w = await buildReportWorld(t.database);
  });

  it('prints the Chinese part of bilingual sections and ISO dates', async () => {
    const app = createTestApp(t.database);
    const epi = await signIn(app, w.epidemiologist.username, w.epidemiologist.password);
    const today = localDate(new Date());
    const created = await epi.post('/api/reports', { incidentId: w.incident.id, reportDate: today });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const saved = await epi.patch(`/api/reports/${id}`, {
      version: 1,
      title: '望江街道疫情日报 / Wangjiang daily report',
      summary: '疫情仍集中在3所幼儿园。 / Cases remain concentrated in three kindergartens.',
      situation: '未发现新的聚集点。\nNo new cluster found.',
      measures: '涉事班级停课。 / Classes closed.',
      nextSteps: '核酸 / 抗原检测继续。',
    });
    expect(saved.status).toBe(200);

    const text = pdfText((await getBytes(epi, `/api/reports/${id}/pdf`)).bytes);
    expect(text).toContain('望江街道疫情日报');
    expect(text).toContain('疫情仍集中在3所幼儿园。');
    expect(text).toContain('未发现新的聚集点。');
    expect(text).toContain('涉事班级停课。');
    // not bilingual (no English sentence after the slash): printed as written
    expect(text).toContain('核酸/抗原检测继续。');
    for (const english of ['Wangjiang', 'kindergartens', 'Nonewcluster', 'Classesclosed']) expect(text).not.toContain(english);

    expect(text).toContain(`报告日期：${today}`);
    expect(text).not.toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    // the figures' time stamp in district time, as the app shows it (YYYY-MM-DD HH:MM)
    expect(text).toMatch(/数据生成时间：\d{4}-\d{2}-\d{2}\d{2}:\d{2}/);

    // The page itself keeps what was written (both languages); only the printed PDF picks Chinese.
    expect((await epi.get(`/api/reports/${id}`)).body.summary).toContain('Cases remain concentrated');
  });
});
