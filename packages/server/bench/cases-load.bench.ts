/**
 * The case list, search and detail under load: 50 concurrent clients on a mix of the three with 1,000,000 case
 * reports in PostgreSQL, through the real HTTP app (createApp + @hono/node-server, with its live hub, as
 * deployed), signed in as the district epidemiologist. Target (issue 11, docs/benchmarks.md): p95 ≤ 200 ms for
 * each operation.
 *
 *   BENCH_DATABASE_URL=postgres://… npm run bench -w @outbreak/server -- cases-load
 *   (TEST_DATABASE_URL works too; BENCH_CASES=1000000, BENCH_SECONDS=20 of load after BENCH_WARMUP_SECONDS=5 of warm-up,
 *   BENCH_CONNECTIONS=50 clients, BENCH_KEEP=1 keeps the database and prints its name; BENCH_REUSE=<name> runs on a kept database — migrated to
 *   the code's migrations first — instead of loading a new one, which takes minutes; BENCH_CPU_PROFILE=<file.cpuprofile> writes a
 *   CPU profile of the server's thread over the load period, for Chrome DevTools or speedscope)
 *
 * Besides latencies it prints where a request's time goes, which holds on a shared machine too: the server
 * thread's busy time per answer (its event-loop utilisation: the clients run in another thread) and the CPU it
 * used (/proc: busy time on a loaded machine includes waiting for a core), the CPU the
 * PostgreSQL backends of the bench's pool spent per answer (/proc, the server on this machine), and the SQL
 * statements sent per answer, the most frequent first.
 *
 * The mix, each request drawn at random (seeded, so two runs send the same sequence):
 * - list (50%): the district's first page (half of the list requests), a later page (2–20), one disease, one
 *   township, one disease in one township, the last 30 days by report date;
 * - search (25%): a full name, two given characters, a surname, a case code's digits, a name found nowhere;
 * - detail (25%): one of 500 reports drawn at random.
 * Each operation's p50/p95/p99 are taken over every answer of the load period (warm-up left out).
 */
import { sql } from 'drizzle-orm';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import postgres from 'postgres';
import { executedRows } from '../src/features/dashboard/case-counts.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { LiveHub } from '../src/platform/live/live.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { serveSignedIn } from './bench-server.ts';
import { seedCaseReports } from './case-seed.ts';

export interface LoadOperation {
  name: string;
  /** share of the requests (weights are relative) */
  weight: number;
  paths: string[];
}

export interface LoadPlan {
  base: string;
  cookie: string;
  connections: number;
  seconds: number;
  operations: LoadOperation[];
  /** seed of the request picker, so that two runs send the same sequence per connection */
  seed: number;
  /** Accept-Encoding to send (default: fetch's own, `gzip, deflate`, whose answers it decompresses) */
  acceptEncoding?: string;
}

export interface LoadResult {
  /** per operation: latencies (ms) of the answers with status 2xx */
  latencies: Record<string, number[]>;
  /** per operation: answers other than 2xx, and failed requests */
  failures: Record<string, number>;
  seconds: number;
}

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const reuse = process.env.BENCH_REUSE;

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

/** CPU seconds (user + system) spent so far by each PostgreSQL backend serving database `name` (on this machine), by pid. */
async function backendCpuSeconds(admin: postgres.Sql, name: string): Promise<Map<number, number> | null> {
  const rows = await admin<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = ${name}`;
  const out = new Map<number, number>();
  try {
    for (const { pid } of rows) {
      // the fields after the parenthesised command: utime and stime are fields 14 and 15 of proc(5)
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / 100); // USER_HZ: 100 on Linux
    }
  } catch {
    return null; // PostgreSQL on another machine, or its processes not readable
  }
  return out;
}

/** CPU seconds the backends spent between two readings (a backend started in between counts whole). */
function backendCpuSpent(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let spent = 0;
  for (const [pid, seconds] of after) spent += seconds - (before.get(pid) ?? 0);
  return spent;
}

/** CPU seconds (user + system) this process's main thread — the server's — has spent (Linux; null elsewhere). */
function serverThreadCpuSeconds(): number | null {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Counts the statements the app's pool sends (drizzle calls `unsafe` on the postgres.js client), by their text. */
function countStatements(database: { db: unknown }): { counts: Map<string, number>; stop(): void } {
  const client = (database.db as { $client?: { unsafe: (...args: unknown[]) => unknown } }).$client;
  const counts = new Map<string, number>();
  if (!client) return { counts, stop() {} };
  const original = client.unsafe;
  client.unsafe = function (this: unknown, ...args: unknown[]) {
    const text = String(args[0]).replace(/\s+/g, ' ').slice(0, 110);
    counts.set(text, (counts.get(text) ?? 0) + 1);
    return original.apply(this, args);
  };
  return {
    counts,
    stop() {
      client.unsafe = original;
    },
  };
}

const quantile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

async function main(): Promise<void> {
  if (!url) {
    process.stdout.write('  skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL (the target is about PostgreSQL)\n');
    return;
  }
  if (reuse && !/^[a-z0-9_]+$/.test(reuse)) throw new Error(`BENCH_REUSE: not a database name: ${reuse}`);
  const name = reuse ?? `bench_cases_load_${process.pid}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  if (!reuse) await admin.unsafe(`CREATE DATABASE ${name}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const database = await openDatabase({ url: dbUrl.toString(), maxConnections: 10 });
  const live = new LiveHub();
  try {
    const started = performance.now();
    await migrate(database);
    process.stdout.write(`  migrated in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    if (reuse) {
      process.stdout.write(`  reused database ${name}\n`);
    } else {
      await seedCaseReports(database, CASES);
    }
    const db = database.db;
    const [{ n }] = executedRows<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM case_reports`)) as [{ n: number }];
    const ids = executedRows<{ id: string }>(
      await db.execute(sql`SELECT id FROM case_reports TABLESAMPLE BERNOULLI (0.1) REPEATABLE (11) LIMIT 500`),
    ).map((r) => r.id);
    const names = executedRows<{ name: string }>(
      await db.execute(
        sql`SELECT person_name AS name FROM case_reports TABLESAMPLE BERNOULLI (0.05) REPEATABLE (12) WHERE char_length(person_name) = 3 LIMIT 100`,
      ),
    ).map((r) => r.name);
    const diseaseIds = executedRows<{ id: string }>(
      await db.execute(sql`SELECT DISTINCT disease_id AS id FROM case_reports TABLESAMPLE SYSTEM (1)`),
    ).map((r) => r.id);
    const townshipIds = executedRows<{ id: string }>(
      await db.execute(sql`SELECT id FROM jurisdictions WHERE level = 'township' ORDER BY code`),
    ).map((r) => r.id);
    const q = encodeURIComponent;
    const today = new Date(Date.now() + 8 * 3600_000);
    const day = (daysAgo: number) => new Date(today.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const listPaths = [
      ...Array.from({ length: 25 }, () => '/api/cases'),
      ...Array.from({ length: 5 }, (_, i) => `/api/cases?page=${2 + i * 4}`),
      ...diseaseIds.slice(0, 5).map((d) => `/api/cases?diseaseId=${d}`),
      ...townshipIds.slice(0, 5).map((t) => `/api/cases?jurisdictionId=${t}`),
      ...diseaseIds.slice(0, 5).map((d, i) => `/api/cases?diseaseId=${d}&jurisdictionId=${townshipIds[i % townshipIds.length]}`),
      `/api/cases?dateField=report&from=${day(29)}&to=${day(0)}`,
    ];
    const searchPaths = [
      ...names.slice(0, 40).map((x) => `/api/cases?q=${q(x)}`),
      ...names.slice(40, 60).map((x) => `/api/cases?q=${q([...x].slice(1).join(''))}`),
      ...names.slice(60, 80).map((x) => `/api/cases?q=${q([...x][0]!)}`),
      ...['12345', '40404', '77'].map((x) => `/api/cases?q=${x}`),
      '/api/cases?q=zzzz',
    ];
    const operations: LoadOperation[] = [
      { name: 'list', weight: 2, paths: listPaths },
      { name: 'search', weight: 1, paths: searchPaths },
      { name: 'detail', weight: 1, paths: ids.map((id) => `/api/cases/${id}`) },
    ];
    await live.start(database);
    const { base, cookie, close } = await serveSignedIn(database, { live });
    try {
      // every path answers before the load (a 4xx here would only show as failures)
      for (const operation of operations) {
        for (const path of operation.paths.slice(0, 3)) {
          const res = await fetch(`${base}${path}`, { headers: { cookie } });
          if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
        }
      }
      process.stdout.write(
        `  ${n.toLocaleString('en')} reports; ${CONNECTIONS} clients, ${WARM_UP_SECONDS} s warm-up, then ${SECONDS} s; load average ${loadavg()[0]!.toFixed(1)}\n`,
      );
      await load({ base, cookie, connections: CONNECTIONS, seconds: WARM_UP_SECONDS, operations, seed: 1 });
      const profile = process.env.BENCH_CPU_PROFILE;
      const inspector = profile ? new Session() : null;
      if (inspector) {
        inspector.connect();
        await inspector.post('Profiler.enable');
        await inspector.post('Profiler.start');
      }
      const statements = countStatements(database);
      const pgBefore = await backendCpuSeconds(admin, name);
      const eluBefore = performance.eventLoopUtilization();
      const cpuBefore = serverThreadCpuSeconds();
      const result = await load({ base, cookie, connections: CONNECTIONS, seconds: SECONDS, operations, seed: 2 });
      const elu = performance.eventLoopUtilization(eluBefore);
      const cpuAfter = serverThreadCpuSeconds();
      const pgAfter = await backendCpuSeconds(admin, name);
      statements.stop();
      if (inspector) {
        const { profile: taken } = await inspector.post('Profiler.stop');
        writeFileSync(profile!, JSON.stringify(taken));
        inspector.disconnect();
        process.stdout.write(`  CPU profile of the server thread: ${profile}\n`);
      }
      const all = Object.values(result.latencies).reduce((s, l) => s + l.length, 0);
      const answers = all + Object.values(result.failures).reduce((s, n) => s + n, 0);
      process.stdout.write(`  ${(all / result.seconds).toFixed(0)} requests/s in all (load average after: ${loadavg()[0]!.toFixed(1)})\n`);
      const pgSpent = backendCpuSpent(pgBefore, pgAfter);
      const sent = [...statements.counts.values()].reduce((s, n) => s + n, 0);
      process.stdout.write(
        `  per answer: server thread busy ${(elu.active / answers).toFixed(1)} ms (utilisation ${(elu.utilization * 100).toFixed(0)}%)` +
          (cpuBefore !== null && cpuAfter !== null ? `, its CPU ${(((cpuAfter - cpuBefore) * 1000) / answers).toFixed(1)} ms` : '') +
          (pgSpent !== null ? `, PostgreSQL backends ${((pgSpent * 1000) / answers).toFixed(1)} ms CPU` : '') +
          `, ${(sent / answers).toFixed(2)} SQL statements\n`,
      );
      for (const [text, n] of [...statements.counts].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
        process.stdout.write(`    ${(n / answers).toFixed(2).padStart(6)}  ${text}\n`);
      }
      process.stdout.write(
        `  ${'operation'.padEnd(10)} ${'requests'.padStart(9)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}  failures  p95 ≤ 200 ms\n`,
      );
      for (const operation of operations) {
        const sorted = [...result.latencies[operation.name]!].sort((a, b) => a - b);
        const ms = (v: number) => `${v.toFixed(0)}ms`.padStart(8);
        const p95 = quantile(sorted, 0.95);
        process.stdout.write(
          `  ${operation.name.padEnd(10)} ${String(sorted.length).padStart(9)} ${ms(quantile(sorted, 0.5))} ${ms(p95)} ${ms(quantile(sorted, 0.99))} ${ms(sorted[sorted.length - 1] ?? Number.NaN)}  ${String(result.failures[operation.name]).padStart(8)}  ${p95 <= 200 ? 'yes' : 'no'}\n`,
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
