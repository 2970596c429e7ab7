/**
 * Contact tracing under load (issue 13, docs/benchmarks.md): 100,000 contacts with 1,000,000 follow-up records
 * in PostgreSQL, 50 concurrent clients through the real HTTP app (as cases-load.bench.ts), signed in as the
 * district epidemiologist. Target: a township's daily list and the KPI panel p95 ≤ 200 ms.
 *
 *   BENCH_DATABASE_URL=postgres://… npm run bench -w @outbreak/server -- contacts-load
 *   (BENCH_CONTACTS=100000, BENCH_FOLLOW_UPS_PER_CONTACT=10, BENCH_CASES=20000, BENCH_SECONDS=20 after
 *   BENCH_WARMUP_SECONDS=5, BENCH_CONNECTIONS=50; BENCH_KEEP=1 keeps the database, BENCH_REUSE=<its name> runs
 *   on a kept one again after migrating it — the seeding takes minutes)
 *
 * Besides latencies it prints what a request costs whatever the machine's load: CPU of the server's event loop
 * (the main thread; the clients run in a worker) and of the PostgreSQL backends of the bench database, per
 * answer, and the SQL transactions per answer (pg_stat_database: every statement outside a transaction is one).
 *
 * Data: contacts of random cases, living in random communities of the demo district, exposed over the last 60
 * days (window 14 days; those ended completed, about a quarter still under follow-up), each with
 * BENCH_FOLLOW_UPS_PER_CONTACT daily records from the day after the exposure. The mix: a township's daily list
 * (`/api/contacts/today?jurisdictionId=`, 50%: its first page of 50, with the counts) and the KPI panel
 * (`/api/contacts/kpis`, district and per township, 50%); first with one client (the cost of a request on the
 * machine as it is), then with BENCH_CONNECTIONS.
 */
import { sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import postgres from 'postgres';
import { executedRows } from '../src/features/dashboard/case-counts.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { LiveHub } from '../src/platform/live/live.ts';
import { serveSignedIn } from './bench-server.ts';
import { seedCaseReports } from './case-seed.ts';
import type { LoadOperation, LoadPlan, LoadResult } from './cases-load.bench.ts';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const PER_CONTACT = Number(process.env.BENCH_FOLLOW_UPS_PER_CONTACT ?? 10);
const CASES = Number(process.env.BENCH_CASES ?? 20_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

function load(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-clients.mjs', import.meta.url), { workerData: plan });
    worker.once('message', (message: LoadResult | { error: string }) => {
      void worker.terminate();
      if ('error' in message) reject(new Error(message.error));
      else resolve(message);
    });
    worker.once('error', reject);
  });
}
/** CPU seconds (user + system) of a process or thread from /proc (Linux), 0 where it cannot be read. */
function procCpuSeconds(statPath: string): number {
  try {
    const stat = readFileSync(statPath, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}
const mainThreadCpu = () => procCpuSeconds(`/proc/self/task/${process.pid}/stat`);

const quantile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

async function seed(database: Awaited<ReturnType<typeof openDatabase>>): Promise<void> {
  await seedCaseReports(database, CASES);
  const started = performance.now();
  const db = database.db;
  // contacts: a random case each, a random community, exposed 1–60 days ago
  await db.execute(sql`
    WITH cases AS (SELECT id, disease_id, row_number() OVER (ORDER BY id) AS n FROM case_reports),
    places AS (SELECT id, row_number() OVER (ORDER BY code) AS n FROM jurisdictions WHERE level = 'community'),
    counts AS (SELECT (SELECT count(*) FROM cases) AS nc, (SELECT count(*) FROM places) AS np),
    g AS (
      SELECT i, now() - ((i % 60) + 1) * interval '1 day' - (i % 24) * interval '1 hour' AS exposed
      FROM generate_series(1, ${CONTACTS}) AS i
    )
    INSERT INTO contacts (disease_id, source_case_id, index_case_id, degree, jurisdiction_id, person_name, phone,
      relation, setting, contact_type, risk_category, last_exposure_at, follow_up_until, status, status_reason,
      created_at)
    SELECT c.disease_id, c.id, c.id, 1, p.id, '密接' || g.i, '139' || lpad((g.i % 100000000)::text, 8, '0'),
      'household', 'household', 'close', (ARRAY['high', 'medium', 'low'])[1 + g.i % 3], g.exposed,
      ((g.exposed AT TIME ZONE INTERVAL '+08:00')::date + 14),
      CASE WHEN ((g.exposed AT TIME ZONE INTERVAL '+08:00')::date + 14) >= (now() AT TIME ZONE INTERVAL '+08:00')::date
        THEN 'under_follow_up' ELSE 'completed' END, '', g.exposed + interval '6 hours'
    FROM g, counts
    JOIN cases c ON true
    JOIN places p ON true
    WHERE c.n = 1 + (g.i::bigint * 7919) % counts.nc AND p.n = 1 + (g.i::bigint * 104729) % counts.np`);
  await db.execute(sql`
    INSERT INTO contact_follow_ups (contact_id, jurisdiction_id, date, round, status, created_at)
    SELECT c.id, c.jurisdiction_id, (c.last_exposure_at AT TIME ZONE INTERVAL '+08:00')::date + d, 1,
      (ARRAY['seen_ok', 'seen_ok', 'seen_ok', 'seen_ok', 'seen_ok', 'seen_ok', 'seen_ok', 'missed', 'seen_unwell', 'not_attempted'])[1 + (hashtext(c.id::text || d) & 7) + (CASE WHEN d = 3 THEN 2 ELSE 0 END)],
      c.last_exposure_at + d * interval '1 day'
    FROM contacts c, generate_series(1, ${PER_CONTACT}) AS d
    WHERE (c.last_exposure_at AT TIME ZONE INTERVAL '+08:00')::date + d <= (now() AT TIME ZONE INTERVAL '+08:00')::date`);
  await db.execute(sql`ANALYZE`);
  const [{ contacts: nContacts, followUps }] = executedRows<{ contacts: number; followUps: number }>(
    await db.execute(
      sql`SELECT (SELECT count(*)::int FROM contacts) AS contacts, (SELECT count(*)::int FROM contact_follow_ups) AS "followUps"`,
    ),
  ) as [{ contacts: number; followUps: number }];
  process.stdout.write(
    `  seeded ${nContacts.toLocaleString('en')} contacts, ${followUps.toLocaleString('en')} follow-ups in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

async function main(): Promise<void> {
  if (!url) {
    process.stdout.write('  skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL (the target is about PostgreSQL)\n');
    return;
  }
  const reuse = process.env.BENCH_REUSE;
  if (reuse !== undefined && !/^bench_contacts_load_\d+$/.test(reuse))
    throw new Error('BENCH_REUSE: the name of a kept bench_contacts_load_… database');
  const name = reuse ?? `bench_contacts_load_${process.pid}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  if (!reuse) await admin.unsafe(`CREATE DATABASE ${name}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const database = await openDatabase({ url: dbUrl.toString(), maxConnections: 10 });
  const live = new LiveHub();
  try {
    await migrate(database);
    const db = database.db;
    if (!reuse) await seed(database);
    process.stdout.write(`  database ${name}${reuse ? ' (kept, reused)' : ''}\n`);
    const townshipIds = executedRows<{ id: string }>(
      await db.execute(sql`SELECT id FROM jurisdictions WHERE level = 'township' ORDER BY code`),
    ).map((r) => r.id);
    const operations: LoadOperation[] = [
      { name: 'daily list', weight: 1, paths: townshipIds.map((t) => `/api/contacts/today?jurisdictionId=${t}`) },
      { name: 'KPI panel', weight: 1, paths: ['/api/contacts/kpis', '/api/contacts/kpis?days=14'] },
    ];
    await live.start(database);
    const { base, cookie, close } = await serveSignedIn(database, { live });
    try {
      for (const operation of operations) {
        const res = await fetch(`${base}${operation.paths[0]}`, { headers: { cookie } });
        if (!res.ok) throw new Error(`${operation.paths[0]}: ${res.status} ${await res.text()}`);
      }
      process.stdout.write(
        `  ${CONNECTIONS} clients, ${WARM_UP_SECONDS} s warm-up, then ${SECONDS} s; load average ${loadavg()[0]!.toFixed(1)}\n`,
      );
      await load({ base, cookie, connections: CONNECTIONS, seconds: WARM_UP_SECONDS, operations, seed: 1 });
      // one client first: what a request costs on this machine now (the machine is shared: the 50-client figures
      // below divide its CPU among the clients, and among every other process running)
      const single = await load({ base, cookie, connections: 1, seconds: Math.max(3, Math.round(SECONDS / 2)), operations, seed: 3 });
      const backendCpu = async () => {
        const pids = executedRows<{ pid: number }>(
          await db.execute(sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`),
        ).map((r) => r.pid);
        return pids.reduce((s, pid) => s + procCpuSeconds(`/proc/${pid}/stat`), 0);
      };
      const transactions = async () => {
        // the backends report their counts at most once a second, and when idle after 10 s: wait for them
        await new Promise((r) => setTimeout(r, 11_000));
        const [row] = executedRows<{ n: string }>(
          await db.execute(sql`SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`),
        );
        return Number(row?.n ?? 0);
      };
      const xactBefore = await transactions();
      const [nodeBefore, pgBefore] = [mainThreadCpu(), await backendCpu()];
      const result = await load({ base, cookie, connections: CONNECTIONS, seconds: SECONDS, operations, seed: 2 });
      const [nodeCpu, pgCpu] = [mainThreadCpu() - nodeBefore, (await backendCpu()) - pgBefore];
      const xacts = (await transactions()) - xactBefore - 2; // less this bench's own two reads of pg_stat_activity
      const answers = Object.values(result.latencies).reduce((n, l) => n + l.length, 0);
      process.stdout.write(`  load average after: ${loadavg()[0]!.toFixed(1)}\n`);
      process.stdout.write(
        `  50-client phase: ${answers} answers in ${result.seconds.toFixed(1)} s = ${(answers / result.seconds).toFixed(0)}/s; ` +
          `per answer: server event loop ${((nodeCpu * 1000) / answers).toFixed(2)} ms CPU, PostgreSQL ${((pgCpu * 1000) / answers).toFixed(2)} ms CPU, ` +
          `${(xacts / answers).toFixed(2)} SQL transactions\n`,
      );
      process.stdout.write('  one client:\n');
      for (const operation of operations) {
        const sorted = [...single.latencies[operation.name]!].sort((a, b) => a - b);
        process.stdout.write(
          `  ${operation.name.padEnd(12)} ${String(sorted.length).padStart(9)} ${`${quantile(sorted, 0.5).toFixed(0)}ms`.padStart(8)} ${`${quantile(sorted, 0.95).toFixed(0)}ms`.padStart(8)}\n`,
        );
      }
      process.stdout.write(`  ${CONNECTIONS} clients:\n`);
      process.stdout.write(
        `  ${'operation'.padEnd(12)} ${'requests'.padStart(9)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)}  failures  p95 ≤ 200 ms\n`,
      );
      for (const operation of operations) {
        const sorted = [...result.latencies[operation.name]!].sort((a, b) => a - b);
        const ms = (v: number) => `${v.toFixed(0)}ms`.padStart(8);
        const p95 = quantile(sorted, 0.95);
        process.stdout.write(
          `  ${operation.name.padEnd(12)} ${String(sorted.length).padStart(9)} ${ms(quantile(sorted, 0.5))} ${ms(p95)} ${ms(quantile(sorted, 0.99))}  ${String(result.failures[operation.name]).padStart(8)}  ${p95 <= 200 ? 'yes' : 'no'}\n`,
        );
      }
    } finally {
      await close();
    }
  } finally {
    await live.stop();
    await database.close();
    if (process.env.BENCH_KEEP || reuse) process.stdout.write(`  kept database ${name}\n`);
    else await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end({ timeout: 5 });
  }
}

await main();
