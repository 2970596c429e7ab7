/**
 * A demo neighbour of District J (`outbreak serve --neighbours`, docs/neighbours.md): one of J's real adjacent
 * districts from the registry (district-j.data.ts, e.g. 沙溪区 Shaxi District, 500192) seeded as a platform of
 * its own — the district, three townships with two communities each, a CDC and a hospital, and the users who
 * try the exchange (admin, epidemiologist, commander; the demo password). Idempotent (the district's code is
 * the marker); one transaction; audited as the system.
 */
import { eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { validationFailed } from '../../platform/errors.ts';
import { facilities } from '../registry/index.ts';
import { createUser } from '../users/users.service.ts';
import { DEMO_PASSWORD, type DemoUser } from './demo.seeder.ts';
import { ADJACENT_DISTRICTS, type AdjacentDistrictSpec } from './district-j.data.ts';

/** The neighbours `outbreak serve --neighbours` starts: the river's up- and downstream districts. */
export const DEMO_NEIGHBOUR_CODES = ['500192', '500194'] as const;

const TOWNSHIPS = [
  { suffix: '001000', name: '城关街道', nameEn: 'Chengguan Subdistrict', dx: 0, dy: 0.02 },
  { suffix: '002000', name: '滨江街道', nameEn: 'Binjiang Subdistrict', dx: 0.05, dy: -0.03 },
  { suffix: '101000', name: '新桥镇', nameEn: 'Xinqiao Town', dx: -0.06, dy: -0.02 },
];
const COMMUNITIES = [
  { n: 1, name: '一社区', nameEn: 'Community 1' },
  { n: 2, name: '二社区', nameEn: 'Community 2' },
];
const USERS = [
  { username: 'admin', role: 'system_admin', title: '系统管理员' },
  { username: 'epidemiologist', role: 'epidemiologist', title: '疾控中心监测科' },
  { username: 'commander', role: 'commander', title: '卫健委应急办' },
] as const;

/** The registry's spec of an adjacent district, or a 400 naming the code. */
export function neighbourSpec(code: string): AdjacentDistrictSpec {
  const spec = ADJACENT_DISTRICTS.find((d) => d.code === code);
  if (!spec)
    throw validationFailed([
      { path: 'neighbour', message: `not an adjacent district of District J: ${ADJACENT_DISTRICTS.map((d) => d.code).join(', ')}` },
    ]);
  return spec;
}

export async function seedNeighbourDistrict(database: Database, code: string): Promise<{ created: boolean; users: DemoUser[] }> {
  const spec = neighbourSpec(code);
  const label = `${spec.name} ${spec.nameEn}`;
  const users: DemoUser[] = USERS.map((u) => ({ username: u.username, password: DEMO_PASSWORD, role: u.role, jurisdiction: label }));
  return database.db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: jurisdictions.id }).from(jurisdictions).where(eq(jurisdictions.code, spec.code));
    if (existing) return { created: false, users };
    const population = Math.round((spec.population[0] + spec.population[1]) / 2);
    const [district] = await tx
      .insert(jurisdictions)
      .values({ level: 'district', code: spec.code, name: spec.name, nameEn: spec.nameEn, population, centroid: spec.centroid })
      .returning();
    const created: (typeof jurisdictions.$inferSelect)[] = [district!];
    const townshipIds: string[] = [];
    for (const [i, t] of TOWNSHIPS.entries()) {
      const share = [0.45, 0.35, 0.2][i]!;
      const [township] = await tx
        .insert(jurisdictions)
        .values({
          level: 'township',
          parentId: district!.id,
          code: `${spec.code}${t.suffix}`,
          name: `${spec.name}${t.name}`,
          nameEn: `${t.nameEn}, ${spec.nameEn}`,
          population: Math.round(population * share),
          centroid: [spec.centroid[0] + t.dx, spec.centroid[1] + t.dy],
        })
        .returning();
      created.push(township!);
      townshipIds.push(township!.id);
      for (const c of COMMUNITIES) {
        const [community] = await tx
          .insert(jurisdictions)
          .values({
            level: 'community',
            parentId: township!.id,
            code: `${spec.code}${t.suffix.slice(0, 3)}${String(c.n).padStart(3, '0')}`,
            name: `${township!.name}${c.name}`,
            nameEn: `${c.nameEn}, ${township!.nameEn}`,
            population: Math.round((population * share) / COMMUNITIES.length),
            centroid: [spec.centroid[0] + t.dx + (c.n - 1.5) * 0.01, spec.centroid[1] + t.dy],
          })
          .returning();
        created.push(community!);
      }
    }
    await audit(tx, {
      actor: null,
      action: 'create',
      entityType: 'jurisdiction_batch',
      entityId: district!.id,
      after: { jurisdictions: created.map(({ path: _p, ...j }) => j) },
    });
    const [cdc] = await tx
      .insert(facilities)
      .values({
        name: `${spec.name}疾病预防控制中心`,
        nameEn: `${spec.nameEn} CDC`,
        type: 'cdc_laboratory',
        jurisdictionId: townshipIds[0]!,
      })
      .returning();
    const [hospital] = await tx
      .insert(facilities)
      .values({
        name: `${spec.name}人民医院`,
        nameEn: `${spec.nameEn} People's Hospital`,
        type: 'general_hospital',
        jurisdictionId: townshipIds[0]!,
      })
      .returning();
    for (const f of [cdc!, hospital!]) await audit(tx, { actor: null, action: 'create', entityType: 'facility', entityId: f.id, after: f });
    for (const u of USERS) {
      await createUser(
        tx,
        {
          username: u.username,
          displayName: `${spec.name}${u.title}`,
          password: DEMO_PASSWORD,
          roles: [{ role: u.role, jurisdictionId: district!.id }],
          // the epidemiologist reports (and accepts neighbours' notifications) for the district's CDC
          facilityId: u.role === 'epidemiologist' ? cdc!.id : null,
        },
        { actor: null },
      );
    }
    return { created: true, users };
  });
}
