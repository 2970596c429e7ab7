/**
 * Migrating a database and checking its data keys (IDENTITY_KEY, AUDIT_KEY) for commands that write audit
 * records or read protected data. A key the data was not written with is a one-line error naming the variable.
 */
import {
  AUDIT_KEY_SPEC,
  checkDataKeys,
  type Config,
  type Database,
  DataKeyError,
  IDENTITY_KEY_SPEC,
  keyFilePath,
  migrate,
  recordedKeyCheck,
} from '@outbreak/server';
import { CliError } from './cli-command.ts';

/** Applies pending migrations, then checks the keys and makes the audit key this process's. */
export async function migrateAndCheckKeys(database: Database, config: Config, options: { identity?: boolean } = {}): Promise<string[]> {
  const applied = await migrate(database);
  try {
    await checkDataKeys(database, config, options);
  } catch (err) {
    if (err instanceof DataKeyError) throw new CliError(err.message);
    throw err;
  }
  return applied;
}

/**
 * What an operator must know about the keys after a backup or restore: a backup holds neither key (on
 * purpose), so a restore needs the same IDENTITY_KEY and AUDIT_KEY (or key files) as the original.
 */
export async function keyGuidance(database: Database, config: Config, moment: 'backup' | 'restore'): Promise<string> {
  const lines: string[] = [];
  for (const spec of [IDENTITY_KEY_SPEC, AUDIT_KEY_SPEC]) {
    const check = await recordedKeyCheck(database.db, spec.name).catch(() => undefined);
    const where = `${spec.envVar} or ${keyFilePath(config, spec)}`;
    lines.push(`  ${spec.envVar.padEnd(12)} ${check ? `check value ${check}` : 'no check value recorded yet'} (${where})`);
  }
  const head =
    moment === 'backup'
      ? 'The backup does not contain the keys (on purpose). Keep a copy of each, apart from the backup: a restore needs them.'
      : 'Before starting the server, give it the keys the data was written with: the start is refused with another key.';
  return `${head}\n${lines.join('\n')}\n`;
}
