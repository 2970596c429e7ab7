/**
 * The report PDF's font: names with characters outside GB 2312 (喆 堃 玥, Extension A 䶮) print, and a character
 * the font lacks (Extension B 𠮷, emoji) prints as 〓 and is counted in a warning that holds no text of the report.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../platform/db/platform.tables.ts';
import { createTestApp, memoryLogger, signIn, testEngines, withTestDb } from '../../test-support/index.ts';
import { tasks } from '../tasks/tasks.tables.ts';
import { agencies } from '../registry/registry.tables.ts';
import { buildReportWorld, getBytes, pdfText } from './reports.fixtures.ts';
import { localDate } from './reports.figures.ts';
import { MISSING_GLYPH, printableText } from './reports.pdf.ts';

describe('the report font', () => {
  it('has the name characters GB 2312 lacks, and marks what it lacks with 〓', () => {
    const print = printableText();
    const names = '喆堃玥昇珺垚犇淼焱旻曌䶮';
    expect(print(names)).toBe(names);
    expect(print('Ⅰ Ⅱ Ⅲ Ⅳ ①② 37.5°C ±2 ≥3 ≤1 A→B 一—二 张·李 50% ㎡ α')).toBe('Ⅰ Ⅱ Ⅲ Ⅳ ①② 37.5°C ±2 ≥3 ≤1 A→B 一—二 张·李 50% ㎡ α');
    expect(print.missing()).toBe(0);
    // Extension B (two UTF-16 units, one character) and an emoji: one 〓 each.
    expect(print('𠮷野家😷')).toBe(`${MISSING_GLYPH}野家${MISSING_GLYPH}`);
    expect(print.missing()).toBe(2);
    // Line breaks stay; a variation selector and a zero-width joiner go without a mark; a typed 〓 is not counted.
    expect(print('葛\u{E0100}城\n👨\u200D👩 〓')).toBe(`葛城\n${MISSING_GLYPH}${MISSING_GLYPH} 〓`);
    expect(print.missing()).toBe(4);
    // A new printer counts from zero.
    expect(printableText().missing()).toBe(0);
  });
});

describe.each(testEngines())('report PDF with rare characters (%s)', (engine) => {
  const t = withTestDb(engine);
  let w: Awaited<ReturnType<typeof buildReportWorld>>;
  beforeAll(async () => {
    w = await buildReportWorld(t.database);
    // An agency, a task and the approving person named with characters outside GB 2312, one of them outside the font.
    await t.database.db.update(agencies).set({ name: '喆堃街道派出所' }).where(eq(agencies.id, w.police.id));
    await t.database.db.update(tasks).set({ title: '协查玥䶮小区密接' }).where(eq(tasks.title, '协查密接'));
    await t.database.db.update(users).set({ displayName: '王玥𠮷' }).where(eq(users.username, w.commander.username));
  });

  it('prints the names, 〓 for a character the font lacks, and logs the count without the text', async () => {
    const log = memoryLogger();
    const app = createTestApp(t.database, {}, log);
    const epi = await signIn(app, w.epidemiologist.username, w.epidemiologist.password);
    const commander = await signIn(app, w.commander.username, w.commander.password);
    // A report of today: the task figures are as at the end of the report day, and the fixture's tasks are created now.
    const created = await epi.post('/api/reports', { incidentId: w.incident.id, reportDate: localDate(new Date()) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(
      (
        await epi.patch(`/api/reports/${id}`, {
          version: 1,
          summary: '流调人员张喆、李堃到位；𠮷字为扩展B区汉字。',
          measures: '开展流调。',
          nextSteps: '继续监测。',
        })
      ).status,
    ).toBe(200);
    expect((await epi.post(`/api/reports/${id}/submit`, {})).body.status).toBe('submitted');
    expect((await commander.post(`/api/reports/${id}/approve`, {})).body.status).toBe('approved');

    const res = await getBytes(epi, `/api/reports/${id}/pdf`);
    expect(res.status).toBe(200);
    const text = pdfText(res.bytes);
    expect(text).toContain('喆堃街道派出所'); // agency (tasks by agency)
    expect(text).toContain('协查玥䶮小区密接'); // overdue task
    expect(text).toContain('流调人员张喆、李堃到位；〓字为扩展B区汉字。'); // free text
    expect(text).toContain('审核：王玥〓'); // approver
    expect(text).not.toContain('𠮷');

    const warnings = log.lines.filter((l) => l.includes('WARN') && l.includes('〓'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!.slice(warnings[0]!.indexOf('{')))).toEqual({
      incident: w.incident.code,
      issueNo: created.body.issueNo,
      version: 1,
      missing: 2,
    });
    expect(warnings[0]).not.toMatch(/王|玥|张|喆/);
  });
});
