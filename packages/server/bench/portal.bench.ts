/**
 * The public portal under a bad day's spike (issue 15, docs/benchmarks.md "Portal"): 500 concurrent anonymous
 * clients (no cookie) reading the portal's data — the home page's four calls, the bulletin list, bulletins, the
 * map, risk areas, open data, the Atom feed, an image — against the real HTTP app (createApp + @hono/node-server)
 * on loopback, the clients in a worker thread (load-clients.mjs). Target: p95 ≤ 100 ms, no errors.
 *
 *   npm run bench -w @outbreak/server -- portal
 *   (BENCH_SECONDS=20 measured after BENCH_WARMUP_SECONDS=5; BENCH_CONNECTIONS=500; PGlite, or PostgreSQL with
 *   BENCH_DATABASE_URL / TEST_DATABASE_URL; BENCH_ACCEPT_ENCODING, e.g. `identity` or `br`: the clients' Accept-Encoding,
 *   default fetch's own `gzip, deflate` — the clients then decompress every answer, on the same 2 cores)
 *
 * Set-up: the demo district's registry and its bulletins demo (three weeks of daily bulletins, a correction, a
 * withdrawal, risk areas with a drawn one, images). Two passes: right after a publication (the cache emptied once at
 * the start: every client misses together, single flight shares the work), then steady. The server answers from
 * public.cache.ts; a third pass empties the cache every second (a publication each second, far more than a press
 * office makes) to show the cost of the misses.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import { invalidatePublicCache } from '../src/features/bulletins/index.ts';
import { executedRows } from '../src/features/dashboard/case-counts.ts';
import { DEMO_TOWNSHIP_A, seedDemoDistrict } from '../src/features/demo/demo.seeder.ts';
import { seedBulletinsDemo } from '../src/features/bulletins/bulletins.demo.ts';
import { createTestDb } from '../src/test-support/test-db.ts';
import { serveSignedIn } from './bench-server.ts';
import type { LoadOperation, LoadPlan, LoadResult } from './cases-load.bench.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 500);
const TARGET_MS = 100;
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

/** CPU seconds (user + system) of this process's main thread, from /proc (Linux; 0 elsewhere). */
function mainThreadCpu(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

const quantile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
const ms = (x: number) => `${x.toFixed(1)} ms`.padStart(9);

function report(title: string, result: LoadResult) {
  process.stdout.write(
    `\n  ${title} (load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')})\n`,
  );
  process.stdout.write(
    `  ${'operation'.padEnd(12)} ${'requests'.padStart(9)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'p99'.padStart(9)}  failures  p95 ≤ ${TARGET_MS} ms\n`,
  );
  const all: number[] = [];
  let failures = 0;
  for (const [name, latencies] of Object.entries(result.latencies)) {
    const sorted = [...latencies].sort((a, b) => a - b);
    all.push(...sorted);
    failures += result.failures[name] ?? 0;
    const p95 = quantile(sorted, 0.95);
    process.stdout.write(
      `  ${name.padEnd(12)} ${String(sorted.length).padStart(9)} ${ms(quantile(sorted, 0.5))} ${ms(p95)} ${ms(quantile(sorted, 0.99))}  ${String(result.failures[name]).padStart(8)}  ${p95 <= TARGET_MS ? 'yes' : 'no'}\n`,
    );
  }
  all.sort((a, b) => a - b);
  const p95 = quantile(all, 0.95);
  process.stdout.write(
    `  ${'all'.padEnd(12)} ${String(all.length).padStart(9)} ${ms(quantile(all, 0.5))} ${ms(p95)} ${ms(quantile(all, 0.99))}  ${String(failures).padStart(8)}  ${p95 <= TARGET_MS && failures === 0 ? 'yes' : 'no'}   ${(all.length / result.seconds).toFixed(0)} req/s\n`,
  );
}

async function main(): Promise<void> {
  if (url) process.env.TEST_DATABASE_URL = url;
  const database = await createTestDb(url ? 'postgres' : 'pglite');
  try {
    const now = new Date();
    await seedDemoDistrict(database, { rosterDays: 1, now, features: false });
    const [district] = executedRows<{ id: string }>(
      await database.db.execute(sql`SELECT id::text FROM jurisdictions WHERE level = 'district' LIMIT 1`),
    );
    await seedBulletinsDemo(database, {
      districtId: district!.id,
      seed: 20_260_101,
      now,
      identity: { identityKey: 'ab'.repeat(32), dataDir: '/nonexistent' },
      incidentTownshipCode: DEMO_TOWNSHIP_A,
    });
    const { base, close } = await serveSignedIn(database);
    try {
      const list = (await (await fetch(`${base}/api/public/bulletins?pageSize=100`)).json()) as { items: { id: string }[] };
      const details = await Promise.all(
        list.items.map(async (b) => (await (await fetch(`${base}/api/public/bulletins/${b.id}`)).json()) as { images: { url: string }[] }),
      );
      const images = details.flatMap((d) => d.images.map((i) => i.url));
      const operations: LoadOperation[] = [
        { name: 'situation', weight: 20, paths: ['/api/public/situation'] },
        { name: 'list', weight: 20, paths: ['/api/public/bulletins?pageSize=8', '/api/public/bulletins?pageSize=100'] },
        { name: 'risk-areas', weight: 15, paths: ['/api/public/risk-areas'] },
        { name: 'services', weight: 10, paths: ['/api/public/services'] },
        { name: 'map', weight: 10, paths: ['/api/public/map'] },
        { name: 'bulletin', weight: 15, paths: list.items.map((b) => `/api/public/bulletins/${b.id}`) },
        { name: 'image', weight: 4, paths: images },
        { name: 'open-data', weight: 3, paths: ['/api/public/open-data/daily.json', '/api/public/open-data/daily.csv'] },
        { name: 'feed', weight: 3, paths: ['/api/public/feed.atom'] },
      ].filter((o) => o.paths.length > 0);
      process.stdout.write(
        `  ${list.items.length} public bulletins, ${images.length} images; ${CONNECTIONS} anonymous clients, ${WARM_UP_SECONDS} s warm-up then ${SECONDS} s, loopback, ${url ? 'PostgreSQL' : 'PGlite'}\n`,
      );
      const acceptEncoding = process.env.BENCH_ACCEPT_ENCODING;
      const plan = (seconds: number, seed: number): LoadPlan => ({
        base,
        cookie: '',
        connections: CONNECTIONS,
        seconds,
        operations,
        seed,
        ...(acceptEncoding ? { acceptEncoding } : {}),
      });
      process.stdout.write(`  Accept-Encoding: ${acceptEncoding ?? "fetch's own (gzip, deflate)"}\n`);

      invalidatePublicCache();
      report(
        `right after a publication: the first ${WARM_UP_SECONDS} s (every client misses at once)`,
        await load(plan(WARM_UP_SECONDS, 1)),
      );
      // the server's event loop is the main thread (the clients are a worker): its CPU per answer, whatever the load
      const cpuBefore = mainThreadCpu();
      const steady = await load(plan(SECONDS, 2));
      const cpu = mainThreadCpu() - cpuBefore;
      report('steady', steady);
      const answers = Object.values(steady.latencies).reduce((n, l) => n + l.length, 0);
      process.stdout.write(`  steady: server event loop ${((cpu * 1e6) / answers).toFixed(0)} µs CPU per answer (${answers} answers)\n`);
      const churn = setInterval(invalidatePublicCache, 1000);
      try {
        report('a publication every second (the cache emptied each second)', await load(plan(SECONDS, 3)));
      } finally {
        clearInterval(churn);
      }
    } finally {
      await close();
    }
  } finally {
    await database.close();
  }
}

await main();
