/**
 * What every feature's demo seeder (`<feature>/<feature>.demo.ts`) receives from the composition
 * (features/demo/feature-demos.ts). It lives below the features so that a feature's demo file needs nothing
 * from the composition: whatever a seeder must know about the demo district is passed here, not imported.
 */
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';

export interface DemoContext {
  /** the demo district's jurisdictions.id */
  districtId: string;
  /** seed of the demo's random generator (SeedDemoOptions.seed) */
  seed: number;
  /** "today" of the demo: history ends here, recent outbreaks lead up to it */
  now: Date;
  log?: Logger;
  /**
   * Where the identity-number key comes from (IDENTITY_KEY, else the key file in dataDir): the server's own
   * configuration, so that demo identity numbers open with the key the server uses. Absent: loadConfig().
   */
  identity?: Pick<Config, 'identityKey' | 'dataDir'>;
  /**
   * Code of the township where the demo's example incident happens (the seeder's DEMO_TOWNSHIP_A). Absent
   * (a district built by tests without the demo's townships): no example incident is seeded.
   */
  incidentTownshipCode?: string;
}
