/**
 * Case-report lists with 1,000,000 cases in PostgreSQL: the possible-duplicates page and the name search of the
 * case list, through the real HTTP app (createApp + @hono/node-server), one request at a time, signed in as the
 * district epidemiologist. Figures go to docs/cases.md.
 *
 *   BENCH_DATABASE_URL=postgres://… npm run bench -w @outbreak/server -- cases
 *   (TEST_DATABASE_URL works too; BENCH_CASES=1000000, BENCH_RUNS=5 per request; BENCH_KEEP=1 keeps the database
 *   and prints its name, for EXPLAIN by hand)
 *
 * Set-up: the demo district's registry, then BENCH_CASES reports over five years generated in SQL as the
 * dashboard bench does (seasonal mix of common diseases, communities by population), but with people: Chinese
 * names (a common surname and one or two given characters), birth dates, 80% with an identity number hash, and
 * 1% of the reports filed twice (same person and disease, diagnosed 0–10 days later). Then VACUUM ANALYZE (what
 * autovacuum does to an insert-only table; index-only scans need its visibility map).
 * Each request: one warm-up, then the median (and range) of BENCH_RUNS timed runs.
 */
import { sql } from 'drizzle-orm';
import { loadavg } from 'node:os';
import postgres from 'postgres';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { seedCaseReports } from './case-seed.ts';
import { serveSignedIn } from './bench-server.ts';
import { executedRows } from '../src/features/dashboard/case-counts.ts';

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

async function main(): Promise<void> {
  if (!url) {
    process.stdout.write('  skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL (the target is about PostgreSQL)\n');
    return;
  }
  const name = `bench_cases_${process.pid}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const database = await openDatabase({ url: dbUrl.toString(), maxConnections: 4 });
  try {
    let started = performance.now();
    await migrate(database);
    process.stdout.write(`  migrated in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    await seedCaseReports(database, CASES);
    const { base, cookie, close } = await serveSignedIn(database);
    try {
      // search terms taken from the data: a three-character name, its two given characters, its surname
      const [sample] = executedRows<{ name: string }>(
        await database.db.execute(
          sql`SELECT person_name AS name FROM case_reports WHERE char_length(person_name) = 3 ORDER BY code LIMIT 1 OFFSET 4321`,
        ),
      ) as [{ name: string }];
      const full = sample.name;
      const given = [...full].slice(1).join('');
      const surname = [...full][0]!;
      const q = (s: string) => encodeURIComponent(s);
      const requests: Array<[string, string]> = [
        ['duplicates, default (before: whole history; after: 90 days)', '/api/cases/duplicates'],
        ['duplicates, since 365 days', `/api/cases/duplicates?since=${sinceDays(365)}`],
        ['duplicates, whole history (since=all)', '/api/cases/duplicates?since=all'],
        ['duplicates, 90 days, page 2', '/api/cases/duplicates?page=2'],
        [`case list, first page`, '/api/cases'],
        [`case list, q = full name (${full})`, `/api/cases?q=${q(full)}`],
        [`case list, q = 2 given characters (${given})`, `/api/cases?q=${q(given)}`],
        [`case list, q = surname (${surname})`, `/api/cases?q=${q(surname)}`],
        ['case list, q = code part (12345)', '/api/cases?q=12345'],
        ['case list, q = no match (zzzz)', '/api/cases?q=zzzz'],
      ];
      process.stdout.write(`\n  one request at a time, ${RUNS} runs after a warm-up; load average ${loadavg()[0]!.toFixed(1)}\n`);
      process.stdout.write(`  ${'request'.padEnd(62)} ${'median'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)}  answer\n`);
      for (const [label, path] of requests) {
        const first = await fetch(`${base}${path}`, { headers: { cookie } });
        if (!first.ok) throw new Error(`${path}: ${first.status} ${await first.text()}`);
        const body = (await first.json()) as { items: unknown[]; total?: number };
        const times: number[] = [];
        for (let i = 0; i < RUNS; i += 1) {
          started = performance.now();
          const res = await fetch(`${base}${path}`, { headers: { cookie } });
          await res.arrayBuffer();
          times.push(performance.now() - started);
        }
        times.sort((x, y) => x - y);
        const ms = (v: number) => `${v.toFixed(0)}ms`.padStart(8);
        process.stdout.write(
          `  ${label.padEnd(62)} ${ms(times[Math.floor(times.length / 2)]!)} ${ms(times[0]!)} ${ms(times[times.length - 1]!)}  ${body.items.length} items${body.total === undefined ? '' : `, total ${body.total}`} (load ${loadavg()[0]!.toFixed(1)})\n`,
        );
      }
    } finally {
      await close();
    }
  } finally {
    await database.close();
    if (process.env.BENCH_KEEP) process.stdout.write(`  kept database ${name}\n`);
    else await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end({ timeout: 5 });
  }
}

/** The report day `days` ago in China Standard Time, as YYYY-MM-DD. */
function sinceDays(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 - days * 86400_000).toISOString().slice(0, 10);
}

await main();
