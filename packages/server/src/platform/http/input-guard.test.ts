import { count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tasks } from '../../features/tasks/tasks.tables.ts';
import { buildTaskWorld } from '../../features/tasks/tasks.test-helpers.ts';
import { meetings } from '../../features/meetings/meetings.tables.ts';
import { createTestApp, memoryLogger, signIn } from '../../test-support/http.ts';
import { testEngines, withTestDb } from '../../test-support/test-db.ts';
import { toAppError } from './error-handler.ts';
import { jsonProblems, stringProblem } from './input-guard.ts';

describe('input guard rules', () => {
  it('refuses NUL, lone surrogates and impossible or out-of-range dates, and nothing else', () => {
    expect(stringProblem('张三\u0000')).toMatch(/NUL/);
    expect(stringProblem('a\uD800b')).toMatch(/well-formed/);
    expect(stringProblem('2026-02-30')).toMatch(/real calendar date/);
    expect(stringProblem('0000-01-01T00:00:00Z')).toMatch(/between 1900 and 2199/);
    expect(stringProblem('0001-01-01')).toMatch(/between/);
    expect(stringProblem('2026-11-20T25:00:00+08:00')).toMatch(/time of day/);
    for (const fine of ['2024-02-29', '2026-11-20T08:00:00+08:00', '2026-11-20T08:00:00.123Z', '张三 😀', 'C2026-000123', '13800138000']) {
      expect(stringProblem(fine), fine).toBeNull();
    }
    expect(jsonProblems({ a: [{ b: 'x\u0000' }], 'k\u0000': 1 })).toEqual([
      { path: 'a.0.b', message: 'must not contain a NUL character' },
      { path: 'k\\u0000', message: 'is not a valid field name' },
    ]);
  });
});

describe.each(testEngines())('bad input answers 400 and writes nothing (%s)', (engine) => {
  const t = withTestDb(engine);

  it("maps the database engine's data exceptions (class 22) to 400, never 500", async () => {
    for (const query of [sql`select ${'a\u0000b'}::text`, sql`select '0000-01-01'::date`, sql`select '2026-02-30'::date`]) {
      const failure = await t.database.db.execute(query).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).toBeDefined();
      const log = memoryLogger();
      const error = toAppError(failure, log);
      expect(error.status).toBe(400);
      expect(log.lines).toEqual([]);
    }
  });

  it('refuses a NUL in a text field or query, year 0000 and impossible dates, without writing', async () => {
    const w = await buildTaskWorld(t.database);
    const app = createTestApp(t.database);
    const commander = await signIn(app, w.commander.username, w.commander.password);
    const task = { title: '核查', assigneeAgencyId: w.police.id, incidentId: w.incident.id, dueAt: '2099-12-01T16:00:00+08:00' };
    const answers = [
      await commander.post('/api/tasks', { ...task, title: '核查\u0000密接' }),
      await commander.post('/api/tasks', { ...task, dueAt: '0000-01-01T00:00:00Z' }),
      await commander.post('/api/tasks', { ...task, dueAt: '2026-02-30T08:00:00+08:00' }),
      await commander.post('/api/tasks/bulk', { tasks: [task, { ...task, title: 'x\u0000' }] }),
      await commander.post('/api/meetings', { incidentId: w.incident.id, title: '会商', heldAt: '0000-01-01T00:00:00Z' }),
      await commander.get('/api/cases?q=%00'),
      await commander.get('/api/cases?from=2026-02-30'),
      await commander.get('/api/cases/duplicates?since=0001-01-01'),
      await commander.get('/api/tasks?q=a%00b'),
    ];
    expect(answers.map((a) => [a.status, a.body.error.id])).toEqual(answers.map(() => [400, 'validation_failed']));
    expect(answers[0]!.body.error.details).toEqual([{ path: 'title', message: 'must not contain a NUL character' }]);
    expect(answers[6]!.body.error.details).toEqual([{ path: 'query.from', message: 'must be a real calendar date' }]);
    const [written] = await t.database.db.select({ n: count() }).from(tasks).where(eq(tasks.incidentId, w.incident.id));
    expect(written!.n).toBe(0);
    const [held] = await t.database.db.select({ n: count() }).from(meetings);
    expect(held!.n).toBe(0);
  });
});
