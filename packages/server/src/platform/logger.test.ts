import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from './db/platform.tables.ts';
import { jobFailure } from './jobs/jobs.ts';
import { redactText } from './logger.ts';
import { buildDistrictTree, buildUser } from '../test-support/factories.ts';
import { createTestApp, memoryLogger, signIn } from '../test-support/http.ts';
import { testEngines, withTestDb } from '../test-support/test-db.ts';

const NAME = '王秀英';
const PHONE = '13912345678';
const SECRET = 'Hunter2-Secret-Pass';
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';

describe.each(testEngines())('no personal data in the server log (%s)', (engine) => {
  const t = withTestDb(engine);

  it('a 500 from a failed statement logs the fault but none of the request values', async () => {
    const tree = await buildDistrictTree(t.database);
    const log = memoryLogger();
    const app = createTestApp(t.database, {}, log);
    // a route whose statement fails with the body's values as parameters (a cardinality violation, 21000: a fault
    // of ours, never a 4xx — class-22 data errors such as division by zero are answered 400 by the error handler)
    app.post('/api/test-failing-write', async (c) => {
      const body = (await c.req.json()) as { name: string; phone: string; password: string };
      await c
        .get('deps')
        .database.db.execute(sql`SELECT ${body.name}::text, ${body.phone}::text, ${body.password}::text, (SELECT 1 UNION SELECT 2)`);
      return c.json({}, 200);
    });
    const admin = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.district.id });
    const client = await signIn(app, admin.user.username, admin.password);
    const res = await client.post('/api/test-failing-write', { name: NAME, phone: PHONE, password: SECRET });
    expect(res.status).toBe(500);
    const text = log.lines.join('');
    expect(text).toContain('unhandled error');
    expect(text).toContain('21000'); // the PostgreSQL code stays, to diagnose
    expect(text).not.toContain(NAME);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain(SECRET);
  });

  it('a failed insert of a user logs neither the name nor the password hash (driver error and its cause)', async () => {
    const log = memoryLogger();
    let caught: unknown;
    try {
      // NUL is refused by PostgreSQL's text type: the driver error carries the insert's parameters
      await t.database.db.insert(users).values({ username: `x-${PHONE}`, displayName: `${NAME}\u0000`, passwordHash: HASH });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(Error);
    expect(JSON.stringify(caught, Object.getOwnPropertyNames(caught))).toContain(PHONE); // the raw error does carry them
    log.error('unhandled error', { error: caught });
    log.error('import failed', { error: (caught as Error).message, stack: (caught as Error).stack, params: [NAME] });
    const text = log.lines.join('');
    expect(text).not.toContain(NAME);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain('argon2id');
  });

  it('a failed job is stored by pg-boss without the statement values', () => {
    const driverError = Object.assign(
      new Error(`Failed query: insert into "users" ("display_name") values ($1)\nparams: ${NAME},${PHONE}`),
      {
        params: [NAME, PHONE],
      },
    );
    const stored = jobFailure(driverError);
    expect(`${stored.message}${stored.stack}`).not.toContain(NAME);
    expect(stored.message).toContain('insert into "users"');
  });
});

describe('redactText', () => {
  it('removes the literal a PostgreSQL message ends with, keeps identifiers inside the sentence', () => {
    expect(redactText('invalid input syntax for type date: "2026-02-30 王"')).toBe('invalid input syntax for type date: "[redacted]"');
    expect(redactText('relation "case_reports" does not exist')).toBe('relation "case_reports" does not exist');
  });
});
