/**
 * The server process of tools/security/import-kill9.ts: starts the import PROBE_JOB on PROBE_URL and prints
 * "writing" once the write transaction has inserted rows; then it is killed with SIGKILL by the probe.
 */
import { loadConfig } from '../../packages/server/src/platform/config.ts';
import { openDatabase } from '../../packages/server/src/platform/db/database.ts';
import type { Principal } from '../../packages/server/src/platform/auth/scope.ts';
import { getImport, startImport } from '../../packages/server/src/features/imports/imports.service.ts';

const config = { ...loadConfig({ DATABASE_URL: process.env.PROBE_URL, LOG_LEVEL: 'silent' }), identityKey: process.env.IDENTITY_KEY };
const database = await openDatabase({ url: process.env.PROBE_URL! });
const principal = JSON.parse(process.env.PROBE_PRINCIPAL!) as Principal;
const id = process.env.PROBE_JOB!;
const log = { info() {}, warn() {}, error() {}, debug() {} } as never;
await startImport({ database, config, log }, principal, id, { mode: 'all_or_nothing' }, {});
for (;;) {
  // progress is kept in this process while the transaction is open
  const view = await getImport(database, principal, id);
  if (view.processedRows >= 2_000) {
    process.stdout.write('writing\n');
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
}
setInterval(() => {}, 1_000); // stay alive until killed
