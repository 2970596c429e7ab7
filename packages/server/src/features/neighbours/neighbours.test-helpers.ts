/**
 * Platforms on loopback for the neighbours tests and benchmark: each its own database (PGlite or a PostgreSQL
 * database), identity key, HTTP server on 127.0.0.1 and users (two administrators for the four eyes, an
 * epidemiologist with a reporting unit).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../../app.ts';
import type { Config } from '../../platform/config.ts';
import type { Database } from '../../platform/db/database.ts';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { facilities } from '../registry/index.ts';
import { buildDistrictTree, buildUser, createTestDb, memoryLogger, signIn, type TestClient, testConfig } from '../../test-support/index.ts';
import type { Engine } from '../../platform/db/database.ts';
import type { Agreements } from './neighbours.agreements.ts';

export interface TestPlatform {
  name: string;
  database: Database;
  config: Config;
  log: ReturnType<typeof memoryLogger>;
  app: AppOpenAPI;
  url: string;
  port: number;
  tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  facilityId: string;
  admin: TestClient;
  admin2: TestClient;
  epi: TestClient;
  epiName: string;
  /** stops answering (the database stays: like a platform whose server is down) */
  stop(): Promise<void>;
  /** serves again on the same port */
  start(): Promise<void>;
  close(): Promise<void>;
}

type NodeServer = ReturnType<typeof serve>;

function listen(app: AppOpenAPI, port: number): Promise<NodeServer> {
  return new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
}

function shut(server: NodeServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
  });
}

export async function startTestPlatform(engine: Engine, name: string): Promise<TestPlatform> {
  const database = await createTestDb(engine);
  const config = testConfig({ dataDir: mkdtempSync(join(tmpdir(), `oc-${name}-`)), identityKey: randomBytes(32).toString('hex') });
  const log = memoryLogger();
  const app = createApp({ database, config, log });
  let server = await listen(app, 0);
  const port = (server.address() as AddressInfo).port;
  const tree = await buildDistrictTree(database);
  const [facility] = await database.db
    .insert(facilities)
    .values({ name: `${name} CDC`, nameEn: `${name} CDC`, type: 'cdc_laboratory', jurisdictionId: tree.townshipA.id })
    .returning({ id: facilities.id });
  const a1 = await buildUser(database, { role: 'system_admin', jurisdictionId: tree.district.id });
  const a2 = await buildUser(database, { role: 'system_admin', jurisdictionId: tree.district.id });
  const epiName = `${name} 流调员`;
  const e = await buildUser(database, {
    role: 'epidemiologist',
    jurisdictionId: tree.district.id,
    displayName: epiName,
    facilityId: facility!.id,
  });
  let running = true;
  return {
    name,
    database,
    config,
    log,
    app,
    url: `http://127.0.0.1:${port}`,
    port,
    tree,
    facilityId: facility!.id,
    admin: await signIn(app, a1.user.username, a1.password),
    admin2: await signIn(app, a2.user.username, a2.password),
    epi: await signIn(app, e.user.username, e.password),
    epiName,
    async stop() {
      if (!running) return;
      running = false;
      await shut(server);
    },
    async start() {
      if (running) return;
      server = await listen(app, port);
      running = true;
    },
    async close() {
      if (running) await shut(server);
      running = false;
      await database.close();
    },
  };
}

/** Links `from` to `to` on `from`'s side (proposed by one administrator, approved by the other); returns the link id. */
export async function linkSide(from: TestPlatform, to: TestPlatform, code: string, agreements: Agreements): Promise<string> {
  const identity = await to.admin.get('/api/neighbours/identity');
  if (identity.status !== 200) throw new Error(`identity of ${to.name}: ${identity.status}`);
  const proposed = await from.admin.post('/api/neighbours', {
    districtCode: code,
    name: to.name,
    nameEn: to.name,
    baseUrl: to.url,
    publicKey: identity.body.publicKey,
    agreements,
  });
  if (proposed.status !== 201) throw new Error(`link ${from.name} → ${to.name}: ${proposed.status} ${JSON.stringify(proposed.body)}`);
  const approved = await from.admin2.post(`/api/neighbours/${proposed.body.id}/approve`);
  if (approved.status !== 200) throw new Error(`approve ${from.name} → ${to.name}: ${approved.status} ${JSON.stringify(approved.body)}`);
  return proposed.body.id as string;
}
