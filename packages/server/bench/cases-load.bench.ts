/**
 * The case list, search and detail under load: 50 concurrent clients on a mix of the three with 1,000,000 case
 * reports in PostgreSQL, through the real HTTP app (createApp + @hono/node-server, with its live hub, as
 * deployed), signed in as the district epidemiologist. Target (issue 11, docs/benchmarks.md): p95 ≤ 200 ms for
 * each operation.
 *
 *   BENCH_DATABASE_URL=postgres://… npm run bench -w @outbreak/server -- cases-load
 *   (TEST_DATABASE_URL works too; BENCH_CASES=1000000, BENCH_SECONDS=20 of load after BENCH_WARMUP_SECONDS=5 of warm-up,
 *   BENCH_CONNECTIONS=50 clients, BENCH_KEEP=1 keeps the database and prints its name; BENCH_REUSE=<name> runs on a kept database — migrated to
 *   the code's migrations first — instead of loading a new one, which takes minutes)
 *
 * The mix, each request drawn at random (seeded, so two runs send the same sequence):
 * - list (50%): the district's first page (half of the list requests), a later page (2–20), one disease, one
 *   township, one disease in one township, the last 30 days by report date;
 * - search (25%): a full name, two given characters, a surname, a case code's digits, a name found nowhere;
 * - detail (25%): one of 500 reports drawn at random.
 * Each operation's p50/p95/p99 are taken over every answer of the load period (warm-up left out).
 */
import { sql } from 'drizzle-orm';
import { loadavg } from 'node:os';
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
      const result = await load({ base, cookie, connections: CONNECTIONS, seconds: SECONDS, operations, seed: 2 });
      const all = Object.values(result.latencies).reduce((s, l) => s + l.length, 0);
      process.stdout.write(`  ${(all / result.seconds).toFixed(0)} requests/s in all (load average after: ${loadavg()[0]!.toFixed(1)})\n`);
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
