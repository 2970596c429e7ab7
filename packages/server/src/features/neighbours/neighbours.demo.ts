/**
 * Linking the demo platforms on one machine (`outbreak serve --neighbours`, docs/neighbours.md): each side reads
 * the other's public identity from its public route and links it as the system, proposed and approved at once,
 * with the demo agreement (case notifications both ways, with personal data). In real use the key is exchanged
 * out of band and two administrators propose and approve.
 */
import { districtToday } from '../../platform/time/district-time.ts';
import { queueDailyFigures } from './neighbours.figures.ts';
import { and, eq, ne } from 'drizzle-orm';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { adjacentDistricts } from '../registry/index.ts';
import type { Agreements } from './neighbours.agreements.ts';
import type { Config } from '../../platform/config.ts';
import type { Database } from '../../platform/db/database.ts';
import { DEMO_AGREEMENTS } from './neighbours.agreements.ts';
import { isPublicKey } from './neighbours.keys.ts';
import { approveLinkAs, proposeLinkAs } from './neighbours.service.ts';
import { neighbourLinks } from './neighbours.tables.ts';

interface RemoteIdentity {
  publicKey: string;
  district: { code: string; name: string; nameEn: string } | null;
}

/** The neighbour's public identity, waiting (up to `waitMs`: a first start migrates and seeds, minutes on a busy machine) for it to answer. */
export async function fetchIdentity(baseUrl: string, waitMs = 15 * 60_000): Promise<RemoteIdentity> {
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      const res = await fetch(new URL('/api/public/neighbours/identity', baseUrl), { signal: AbortSignal.timeout(5_000) });
      if (res.ok) {
        const body = (await res.json()) as RemoteIdentity;
        if (body.district && isPublicKey(body.publicKey)) return body;
      }
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`${baseUrl} did not answer with its identity`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** Links the platform at `baseUrl` (active at once, demo agreement) unless its district is linked already. */
export async function linkDemoPeer(
  database: Database,
  config: Pick<Config, 'identityKey' | 'dataDir'>,
  baseUrl: string,
): Promise<{ created: boolean; code: string }> {
  const remote = await fetchIdentity(baseUrl);
  const district = remote.district!;
  const [live] = await database.db
    .select({ id: neighbourLinks.id })
    .from(neighbourLinks)
    .where(and(eq(neighbourLinks.districtCode, district.code), ne(neighbourLinks.state, 'revoked')));
  if (live) return { created: false, code: district.code };
  const deps = { database, config };
  const agreements = await demoAgreementsWith(database, district.code);
  const link = await proposeLinkAs(
    deps,
    null,
    {
      districtCode: district.code,
      name: district.name,
      nameEn: district.nameEn,
      baseUrl,
      publicKey: remote.publicKey,
      agreements,
    },
    null,
  );
  await approveLinkAs(deps, null, link.id, null);
  // the demo's joint figures show the past week at once (the daily job then sends one day each night)
  const now = new Date();
  await database.db.transaction(async (tx) => {
    for (let back = 7; back >= 1; back--) await queueDailyFigures(tx, config, districtToday(now, back), now, link.id);
  });
  return { created: true, code: district.code };
}

/**
 * The demo agreement, sending border alerts on the two townships nearest the neighbour when the registry knows it
 * as an adjacent district (District J knows its six; a demo neighbour knows none and sends none).
 */
async function demoAgreementsWith(database: Database, code: string): Promise<Agreements> {
  const [neighbour] = await database.db.select().from(adjacentDistricts).where(eq(adjacentDistricts.code, code));
  if (!neighbour?.centroid) return DEMO_AGREEMENTS;
  const [nx, ny] = neighbour.centroid;
  const townships = await database.db
    .select({ id: jurisdictions.id, centroid: jurisdictions.centroid })
    .from(jurisdictions)
    .where(and(eq(jurisdictions.level, 'township'), eq(jurisdictions.parentId, neighbour.districtId)));
  const nearest = townships
    .filter((t) => t.centroid)
    .map((t) => ({ id: t.id, d: (t.centroid![0] - nx) ** 2 + (t.centroid![1] - ny) ** 2 }))
    .sort((a, b) => a.d - b.d)
    .slice(0, 2)
    .map((t) => t.id);
  if (nearest.length === 0) return DEMO_AGREEMENTS;
  return { ...DEMO_AGREEMENTS, borderAlerts: { send: true, accept: true, synced: true, townshipIds: nearest } };
}
