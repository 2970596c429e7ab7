/**
 * The shared export over every list but cases (cases.export.test.ts): alerts, tasks, signals and feed entries,
 * each read back from the file — the list's filters, the reader's scope or visibility, headers in the asked
 * language, formula cells defused, bad filters 400, and one audit record per export with its row count.
 */
import { desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvRows, download, xlsxRows } from '../../test-support/download.ts';
import { createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { insertSignals } from '../../features/alerts/alerts.fixtures.ts';
import { alerts } from '../../features/alerts/alerts.tables.ts';
import { feedCounts } from '../../features/feeds/feeds.tables.ts';
import { feedTypes } from '../../features/catalogue/index.ts';
import { buildReportWorld } from '../../features/reports/reports.fixtures.ts';
import { auditLog } from '../db/platform.tables.ts';
import { cellValue, csvField, districtTime, guardFormula } from './export.ts';

describe('cells', () => {
  it('defuses text a spreadsheet would run as a formula, keeps numbers as numbers', () => {
    expect(['=SUM(A1)', '+1', '-2+3', '@cmd', '\t=1', '\r=1', 'ok', '1-2'].map(guardFormula)).toEqual([
      "'=SUM(A1)",
      "'+1",
      "'-2+3",
      "'@cmd",
      "'\t=1",
      "'\r=1",
      'ok',
      '1-2',
    ]);
    expect(cellValue(-5)).toBe(-5);
    expect(cellValue('-5')).toBe("'-5");
    expect(cellValue(null)).toBeNull();
    expect(cellValue(Number.NaN)).toBeNull();
  });
  it('quotes CSV fields that need it and writes times in the district time', () => {
    expect(['a', 'a,b', 'say "hi"', 'two\nlines', 3].map((v) => csvField(v))).toEqual(['a', '"a,b"', '"say ""hi"""', '"two\nlines"', '3']);
    // 23:30 UTC is 07:30 the next day in Beijing, whatever the server's zone
    expect(districtTime(new Date('2026-12-06T23:30:00Z'))).toBe('2026-12-07 07:30');
  });
});

describe.each(testEngines())('list exports (%s)', (engine) => {
  const t = withTestDb(engine);
  let world: Awaited<ReturnType<typeof buildReportWorld>>;
  let epi: TestClient;
  let liaison: TestClient;
  let viewerB: TestClient;
  let feedCode: string;

  const lastExport = async () =>
    (await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'export')).orderBy(desc(auditLog.seq)).limit(1))[0]!;

  beforeAll(async () => {
    world = await buildReportWorld(t.database);
    const app = createTestApp(t.database);
    epi = await signIn(app, world.epidemiologist.username, world.epidemiologist.password);
    liaison = await signIn(app, world.liaison.username, world.liaison.password);
    viewerB = await signIn(app, world.viewerB.username, world.viewerB.password);
    await t.database.db
      .insert(alerts)
      .values({ title: '=HYPERLINK("http://x.example")', jurisdictionId: world.tree.townshipB.id, diseaseId: world.flu.id, status: 'new' });
    await insertSignals(t.database, [
      { jurisdictionId: world.tree.townshipA.id, diseaseId: world.flu.id, method: 'mpm', observed: 7, expected: 1.25, threshold: 3 },
      { jurisdictionId: world.elsewhere.townshipA.id, diseaseId: world.flu.id, method: 'mpm' },
    ]);
    const [feed] = await t.database.db
      .insert(feedTypes)
      .values({
        code: 'fever_export',
        name: '发热门诊就诊',
        nameEn: 'Fever clinic visits',
        measure: 'count',
        unit: '人次',
        unitEn: 'visits',
      })
      .returning();
    feedCode = feed!.code;
    await t.database.db.insert(feedCounts).values([
      { feedTypeId: feed!.id, jurisdictionId: world.tree.townshipA.id, date: '2026-11-18', value: 12 },
      { feedTypeId: feed!.id, jurisdictionId: world.tree.townshipB.id, date: '2026-11-19', value: 30 },
      { feedTypeId: feed!.id, jurisdictionId: world.tree.townshipA.id, date: '2026-11-20', value: 15 },
    ]);
  }, 120_000);

  it('alerts: the filters and the scope of the list, titles defused, audited', async () => {
    const file = await download(epi, '/api/alerts/export?format=xlsx');
    expect(file.status).toBe(200);
    const rows = await xlsxRows(file.bytes);
    expect(rows[0]!.slice(0, 4)).toEqual(['预警编号', '标题', '状态', '预警级别']);
    const titles = rows.slice(1).map((r) => r[1]);
    expect(titles.sort()).toEqual(['\'=HYPERLINK("http://x.example")', '已关闭的预警', '流感样病例聚集'].sort());
    const open = csvRows((await download(epi, '/api/alerts/export?format=csv&open=true&lang=en')).bytes);
    expect(open[0]!.slice(0, 4)).toEqual(['Alert', 'Title', 'Status', 'Warning level']);
    expect(
      open
        .slice(1)
        .map((r) => [r[1], r[2], r[3]])
        .sort(),
    ).toEqual([
      ['\'=HYPERLINK("http://x.example")', 'New', 'Not set'],
      ['流感样病例聚集', 'Verifying', 'Yellow'],
    ]);
    expect((await lastExport()).after).toMatchObject({ list: 'alerts', format: 'csv', rows: 2, filters: { open: 'true' } });
    // a township B reader sees B's alert only
    const b = csvRows((await download(viewerB, '/api/alerts/export?format=csv')).bytes);
    expect(b.slice(1).map((r) => r[1])).toEqual(['\'=HYPERLINK("http://x.example")']);
    expect((await download(epi, '/api/alerts/export?warningLevel=purple')).status).toBe(400);
    expect((await download(epi, '/api/alerts/export?format=xls')).status).toBe(400);
  });

  it('tasks: what the reader may see, as the list shows it, with the agency and status filters', async () => {
    const all = csvRows((await download(liaison, '/api/tasks/export?format=csv')).bytes);
    expect(all[0]!.slice(0, 4)).toEqual(['任务编号', '任务', '事件', '状态']);
    const listed = (await liaison.get('/api/tasks?pageSize=500')).body.items.map((x: { code: string }) => x.code);
    expect(all.slice(1).map((r) => r[0])).toEqual(listed);
    expect(listed).toHaveLength(5);
    const police = csvRows((await download(liaison, `/api/tasks/export?format=csv&agencyId=${world.police.id}`)).bytes);
    expect(
      police
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(['交通管控', '协查密接', '封控卡口'].sort());
    const done = await xlsxRows((await download(liaison, '/api/tasks/export?format=xlsx&status=done&lang=en')).bytes);
    expect(done.slice(1).map((r) => [r[1], r[3]])).toEqual([['封控卡口', 'Done']]);
    expect((await lastExport()).after).toMatchObject({ list: 'tasks', format: 'xlsx', rows: 1 });
    expect((await download(liaison, '/api/tasks/export?status=finished')).status).toBe(400);
  });

  it("tasks inbox: the inbox tab's statuses, what is assigned to the reader, in the inbox's order", async () => {
    const open = csvRows((await download(liaison, '/api/tasks/inbox/export?format=csv')).bytes);
    expect(open[0]!.slice(0, 4)).toEqual(['任务编号', '任务', '事件', '状态']);
    const inbox = (await liaison.get('/api/tasks/inbox')).body.items.map((x: { code: string }) => x.code);
    expect(inbox.length).toBeGreaterThan(0);
    expect(open.slice(1).map((r) => r[0])).toEqual(inbox);
    expect((await lastExport()).after).toMatchObject({ list: 'task-inbox', format: 'csv', rows: inbox.length });
    // the "done" tab
    const doneInbox = (await liaison.get('/api/tasks/inbox?status=done,rejected,cancelled')).body.items.map(
      (x: { code: string }) => x.code,
    );
    const done = await xlsxRows(
      (await download(liaison, '/api/tasks/inbox/export?format=xlsx&lang=en&status=done,rejected,cancelled')).bytes,
    );
    expect(done[0]!.slice(0, 2)).toEqual(['Task', 'Title']);
    expect(done.slice(1).map((r) => r[0])).toEqual(doneInbox);
    expect(done.slice(1).map((r) => r[3])).toEqual(doneInbox.map(() => 'Done'));
    // the inbox is not the list: nothing of another agency's, though the liaison may read it in the list
    const all = csvRows((await download(liaison, '/api/tasks/export?format=csv')).bytes);
    expect(all.length).toBeGreaterThan(open.length + done.length - 2);
    expect((await download(liaison, '/api/tasks/inbox/export?status=finished')).status).toBe(400);
  });

  it("answers the web app's check (check=true) without a file or an audit record, and refuses as the download would", async () => {
    const before = (await lastExport()).seq;
    const ok = await download(liaison, '/api/tasks/inbox/export?format=xlsx&check=true');
    expect(ok.status).toBe(204);
    expect(ok.bytes.length).toBe(0);
    expect((await download(epi, '/api/alerts/export?open=true&check=true')).status).toBe(204);
    expect((await lastExport()).seq).toBe(before);
    // a bad filter, and a reader without the right: the same answers as the download's
    expect((await download(liaison, '/api/tasks/export?status=finished&check=true')).status).toBe(400);
    expect((await download(epi, '/api/alerts/export?check=yes')).status).toBe(400);
    expect((await download(liaison, '/api/signals/export?check=true')).status).toBe(403);
    // the download itself, after the check, is audited once
    expect((await download(liaison, '/api/tasks/inbox/export?format=xlsx')).status).toBe(200);
    expect((await lastExport()).after).toMatchObject({ list: 'task-inbox', format: 'xlsx', filters: {} });
  });

  it('signals: in scope, methods named, numbers as numbers', async () => {
    const file = await download(epi, '/api/signals/export?format=xlsx');
    expect(file.status).toBe(200);
    const rows = await xlsxRows(file.bytes);
    expect(rows.slice(1)).toHaveLength(1);
    const [signal] = rows.slice(1);
    expect(signal!.slice(2, 4)).toEqual(['时间异常', '移动百分位数法（CIDARS）']);
    expect(signal!.slice(7, 10)).toEqual(['7', '1.25', '3']);
    expect((await download(epi, '/api/signals/export?kind=outbreak')).status).toBe(400);
    // signals.read is checked before the download starts
    expect((await download(viewerB, '/api/signals/export?format=csv')).status).toBe(403);
  });

  it("feeds: one feed type's entries in the period, unknown feed 404, missing feed 400", async () => {
    const rows = csvRows((await download(epi, `/api/feeds/counts/export?format=csv&feedType=${feedCode}&from=2026-11-19`)).bytes);
    expect(rows[0]!.slice(0, 6)).toEqual(['监测项目', '日期', '监测点编码', '监测点', '地区', '数值']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[5], r[6]])).toEqual([
      ['发热门诊就诊', '2026-11-20', '15', '人次'],
      ['发热门诊就诊', '2026-11-19', '30', '人次'],
    ]);
    expect((await lastExport()).after).toMatchObject({ list: 'feeds', rows: 2, filters: { feedType: feedCode, from: '2026-11-19' } });
    expect((await download(epi, '/api/feeds/counts/export?feedType=nope')).status).toBe(404);
    expect((await download(epi, '/api/feeds/counts/export')).status).toBe(400);
  });
});
