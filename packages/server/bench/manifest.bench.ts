/**
 * A voyage's manifest of 10,000 people imported and its exposure cohort built (issue 13: "a 10,000-row manifest
 * imported and its cohort built ≤ 5 s"). Writes a 10,000-row manifest as Chinese Excel saves it (GBK CSV), with a
 * confirmed case already linked to the voyage, then goes through the service exactly as the HTTP route does:
 * read and check every row (GBK decoding, column suggestions, identity numbers encrypted, masked and hashed),
 * write them in one transaction, recognise the case's own row and build the cohort (10,000 people ranked by
 * proximity, written in 2,000-row statements). Then links a second case to the full manifest (a cohort built
 * from scratch) and reads the cohort's first page of high-risk people.
 *
 * Runs on PGlite, and on PostgreSQL when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set.
 * `npm run bench -w @outbreak/server -- manifest` (ROWS=… overrides 10,000). PROFILE=<dir> also writes a CPU
 * profile of the import alone (`<dir>/manifest-import-<engine>.cpuprofile`, for Chrome DevTools or speedscope):
 * `node --cpu-prof` would profile the setup too (migrations, the template database, the sample file).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { caseReports } from '../src/features/cases/cases.tables.ts';
import { identityProtector } from '../src/features/cases/identity-protection.ts';
import { diseases } from '../src/features/catalogue/index.ts';
import { importManifestAs } from '../src/features/travel/travel.manifest.ts';
import { manifestCsv, samplePeople } from '../src/features/travel/travel.sample.ts';
import { cohortFor, createTripAs, createVesselAs, linkCaseAs } from '../src/features/travel/travel.service.ts';
import { buildDistrictTree, buildUser } from '../src/test-support/factories.ts';
import { createTestDb } from '../src/test-support/test-db.ts';

const ROWS = Number(process.env.ROWS ?? 10_000);
const STOPS = ['重庆朝天门', 'J区港', '万州', '宜昌'];

async function bench(engine: 'pglite' | 'postgres'): Promise<void> {
  process.stdout.write(`\n${engine} (load ${loadavg()[0]!.toFixed(2)})\n`);
  const database = await createTestDb(engine);
  try {
    const tree = await buildDistrictTree(database);
    const { principal } = await buildUser(database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const protector = identityProtector({ identityKey: 'cd'.repeat(32), dataDir: '/nonexistent' });
    const deps = { database, protector };
    const [covid] = await database.db.select().from(diseases).where(eq(diseases.code, 'covid19'));
    const now = Date.now();
    const insertCase = async (name: string) =>
      (
        await database.db
          .insert(caseReports)
          .values({
            diseaseId: covid!.id,
            jurisdictionId: tree.communityA.id,
            personName: name,
            sex: 'unknown',
            idType: 'none',
            classification: 'confirmed',
            diagnosisAt: new Date(now - 86_400_000),
            reportedAt: new Date(now - 86_400_000),
          })
          .returning()
      )[0]!;
    const vessel = await createVesselAs(
      database,
      principal,
      { name: '基准轮', nameEn: '', registration: 'BENCH-1', operator: '', decks: 6, passengerCapacity: 10_000 },
      null,
    );
    const trip = await createTripAs(
      database,
      principal,
      {
        mode: 'voyage',
        jurisdictionId: tree.district.id,
        vesselId: vessel.id,
        routeId: null,
        serviceNumber: 'BENCH01',
        origin: STOPS[0]!,
        destination: STOPS[3]!,
        departsAt: new Date(now - 5 * 86_400_000).toISOString(),
        arrivesAt: new Date(now - 3 * 86_400_000).toISOString(),
        calls: [
          { place: STOPS[1]!, arrivesAt: new Date(now - 4.8 * 86_400_000).toISOString(), departsAt: null },
          { place: STOPS[2]!, arrivesAt: new Date(now - 4 * 86_400_000).toISOString(), departsAt: null },
        ],
        terminal: '',
        berth: '',
        notes: '',
      },
      null,
    );
    const people = samplePeople({
      rows: ROWS,
      seed: 7,
      decks: 6,
      stops: STOPS,
      residences: [tree.townshipA.name, tree.townshipB.name, '湖北省宜昌市'],
    });
    const first = await insertCase(people[0]!.name);
    await linkCaseAs(
      deps,
      principal,
      trip.id,
      { caseId: first.id, deck: '', cabin: '', seat: '', boardedAt: '', alightedAt: '', notes: '' },
      null,
    );
    const bytes = new Uint8Array(iconv.encode(manifestCsv(people), 'gbk'));
    process.stdout.write(`  file: ${ROWS.toLocaleString('en')} rows, ${(bytes.length / 1024 / 1024).toFixed(2)} MB GBK CSV\n`);

    const profileDir = process.env.PROFILE;
    const session = profileDir ? new Session() : null;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    let t = performance.now();
    let cpu = process.cpuUsage();
    const result = await importManifestAs(deps, principal, trip.id, { filename: 'manifest.csv', bytes, preview: false }, null);
    const importMs = performance.now() - t;
    if (session && profileDir) {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(profileDir, { recursive: true });
      writeFileSync(join(profileDir, `manifest-import-${engine}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    }
    const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
    const importCpu = cpuMs(process.cpuUsage(cpu));
    process.stdout.write(
      `  import + cohort of the linked case: ${(importMs / 1000).toFixed(2)} s wall, ${(importCpu / 1000).toFixed(2)} s CPU of this process${engine === 'pglite' ? ' (PGlite runs in it)' : ''} (${result.kind === 'imported' ? result.imported : 0} rows, ${Math.round((ROWS / importMs) * 1000)} rows/s)\n`,
    );

    const second = await insertCase('第二病例');
    t = performance.now();
    cpu = process.cpuUsage();
    const exposure = await linkCaseAs(
      deps,
      principal,
      trip.id,
      { caseId: second.id, deck: '3', cabin: '305', seat: '', boardedAt: '', alightedAt: '', notes: '' },
      null,
    );
    const linkMs = performance.now() - t;
    process.stdout.write(
      `  a second case linked, cohort built from scratch: ${(linkMs / 1000).toFixed(2)} s (${exposure.cohort.total} people)\n`,
    );
    t = performance.now();
    const page = await cohortFor(database, principal, exposure.id, { rank: 1, page: 1, pageSize: 100 });
    process.stdout.write(`  first page of the high-risk cohort: ${Math.round(performance.now() - t)} ms (${page.total} same cabin)\n`);
    process.stdout.write(`  total (import + both cohorts): ${((importMs + linkMs) / 1000).toFixed(2)} s — target ≤ 5 s\n`);
  } finally {
    await database.close();
  }
}

const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (process.env.ENGINES !== 'postgres') await bench('pglite');
if (url) {
  process.env.TEST_DATABASE_URL = url;
  await bench('postgres');
} else {
  process.stdout.write('\npostgres: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)\n');
}
