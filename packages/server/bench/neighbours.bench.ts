/**
 * Links with neighbouring districts (docs/neighbours.md): throughput of messages between two platforms on
 * loopback — each its own database, HTTP server and key — from the sender's outbox (signed and sealed at
 * enqueue) through `deliverOutbox` (batches of 100 per request, or 1) to the receiver's inbox (signature checked,
 * stored once, in order). Messages are case notifications without personal data (about 0.6 KB signed).
 * PGlite by default; PostgreSQL (two databases) when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set.
 *
 *   npm run bench -w @outbreak/server -- neighbours
 */
import { loadavg } from 'node:os';
import { eq } from 'drizzle-orm';
import { DEMO_AGREEMENTS } from '../src/features/neighbours/neighbours.agreements.ts';
import { deliverOutbox, enqueueMessage } from '../src/features/neighbours/neighbours.outbox.ts';
import { neighbourLinks, neighbourOutbox } from '../src/features/neighbours/neighbours.tables.ts';
import { linkSide, startTestPlatform } from '../src/features/neighbours/neighbours.test-helpers.ts';
import { httpTransport } from '../src/features/neighbours/neighbours.transport.ts';

if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
const engine = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
const transport = httpTransport({ timeoutMs: 300_000 });

const a = await startTestPlatform(engine, 'Sender');
const b = await startTestPlatform(engine, 'Receiver');
try {
  await linkSide(a, b, '500192', DEMO_AGREEMENTS);
  await linkSide(b, a, '500199', DEMO_AGREEMENTS);
  await deliverOutbox(a.database, a.config, { transport });
  await deliverOutbox(b.database, b.config, { transport });
  const [link] = await a.database.db.select().from(neighbourLinks);

  async function enqueue(n: number) {
    const started = performance.now();
    for (let start = 0; start < n; start += 100) {
      await a.database.db.transaction(async (tx) => {
        for (let i = start; i < Math.min(start + 100, n); i++)
          await enqueueMessage(
            tx,
            a.config,
            link!,
            'case.notification',
            {
              caseCode: `B2026-${String(i).padStart(6, '0')}`,
              disease: { code: 'covid19', name: '新型冠状病毒感染', nameEn: 'COVID-19' },
              classification: 'confirmed',
              onsetDate: '2026-12-01',
              diagnosisAt: '2026-12-03T00:00:00.000Z',
              reportedAt: '2026-12-03T01:00:00.000Z',
              sex: 'female',
              age: 34,
              person: null,
            },
            { i },
          );
      });
    }
    return (performance.now() - started) / 1000;
  }

  const rows: string[] = [];
  for (const [n, batchSize] of [
    [2000, 100],
    [300, 1],
  ] as const) {
    const enqueueSeconds = await enqueue(n);
    const started = performance.now();
    // a failed attempt (a reset connection on this loaded machine) is retried at once, as the job would after its back-off
    const run = { delivered: 0, failed: 0 };
    for (let round = 0; round < 20 && run.delivered < n; round++) {
      const one = await deliverOutbox(a.database, a.config, { transport, batchSize, backoffSeconds: 0 });
      run.delivered += one.delivered;
      run.failed += one.failed;
    }
    const seconds = (performance.now() - started) / 1000;
    if (run.delivered !== n) {
      const [head] = await a.database.db.select().from(neighbourOutbox).where(eq(neighbourOutbox.status, 'failed')).limit(1);
      throw new Error(`delivered ${run.delivered} of ${n}: ${head?.lastError ?? 'no failed message'}`);
    }
    rows.push(
      `| ${engine} | ${n.toLocaleString('en')} | ${batchSize} | ${(n / seconds).toFixed(0)} msg/s (${seconds.toFixed(1)} s) | ${(n / enqueueSeconds).toFixed(0)} msg/s |`,
    );
  }
  const [received] = await b.database.db
    .select({ seq: neighbourLinks.lastReceivedSeq })
    .from(neighbourLinks)
    .where(eq(neighbourLinks.districtCode, '500199'));
  process.stdout.write(`received up to seq ${received?.seq}; load average ${loadavg()[0]!.toFixed(1)}\n`);
  process.stdout.write('| engine | messages | per request | delivered (end to end) | enqueued (sign + seal + insert) |\n');
  process.stdout.write('| ------ | -------- | ----------- | ---------------------- | ------------------------------- |\n');
  for (const row of rows) process.stdout.write(`${row}\n`);
} finally {
  await a.close();
  await b.close();
}
