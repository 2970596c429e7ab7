/** `outbreak restore FILE`: restores a backup into an empty data directory or database. */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { restoreBackup } from '@outbreak/server';
import { keyGuidance } from '../data-keys.ts';
import { CliError, type CliCommand, EXIT } from '../cli-command.ts';
import { configFrom, openForCli } from './serve.ts';

export const command: CliCommand = {
  usage: `Usage: outbreak restore FILE [--data-dir DIR]

Restores into PGlite in DATA_DIR/db, which must not exist or be empty, or into the PostgreSQL database of
DATABASE_URL, which must have no tables. Everything is written in one transaction; newer migrations of this
version are applied afterwards.`,
  async run(args) {
    let values;
    let positionals;
    try {
      ({ values, positionals } = parseArgs({
        args,
        options: { 'data-dir': { type: 'string' } },
        allowPositionals: true,
        strict: true,
      }));
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    const file = positionals[0];
    if (!file || positionals.length !== 1) throw new CliError('give one backup file: outbreak restore FILE');
    if (!existsSync(file)) throw new CliError(`${file} does not exist`);
    const config = configFrom({ DATA_DIR: values['data-dir'] });
    const database = await openForCli(config);
    try {
      const { tables, upgradedWith } = await restoreBackup(database, file);
      const rows = tables.reduce((s, t) => s + t.rows, 0);
      process.stdout.write(`restored ${tables.length} tables, ${rows} rows from ${file}\n`);
      if (upgradedWith.length > 0) process.stdout.write(`then upgraded with: ${upgradedWith.join(', ')}\n`);
      process.stdout.write(await keyGuidance(database, config, 'restore'));
      return EXIT.ok;
    } catch (err) {
      if ((err as Error).name === 'RestoreError') throw new CliError((err as Error).message);
      throw err;
    } finally {
      await database.close();
    }
  },
};
