/** `outbreak backup FILE`: writes a portable backup of the whole database. */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { writeBackup } from '@outbreak/server';
import { keyGuidance } from '../data-keys.ts';
import { CliError, type CliCommand, EXIT } from '../cli-command.ts';
import { configFrom, openForCli } from './serve.ts';

export const command: CliCommand = {
  usage: `Usage: outbreak backup FILE [--data-dir DIR] [--force]

Writes every table, in foreign-key order, with the schema level, from one consistent snapshot. The file
restores with 'outbreak restore' into an empty PGlite data directory or an empty PostgreSQL database.
On PGlite stop the server first (one process per data directory); on PostgreSQL it may keep running.
Refuses to overwrite FILE unless --force.`,
  async run(args) {
    let values;
    let positionals;
    try {
      ({ values, positionals } = parseArgs({
        args,
        options: { 'data-dir': { type: 'string' }, force: { type: 'boolean' } },
        allowPositionals: true,
        strict: true,
      }));
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    const file = positionals[0];
    if (!file || positionals.length !== 1) throw new CliError('give one backup file name: outbreak backup FILE');
    if (existsSync(file) && !values.force) throw new CliError(`${file} exists; use --force to overwrite it`);
    const config = configFrom({ DATA_DIR: values['data-dir'] });
    const database = await openForCli(config);
    try {
      const { tables } = await writeBackup(database, file);
      const rows = tables.reduce((s, t) => s + t.rows, 0);
      process.stdout.write(`backup written to ${file}: ${tables.length} tables, ${rows} rows\n`);
      process.stdout.write(await keyGuidance(database, config, 'backup'));
      return EXIT.ok;
    } finally {
      await database.close();
    }
  },
};
