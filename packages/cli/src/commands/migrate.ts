/** `outbreak migrate`: applies pending database migrations (also done by `serve` at start-up). */
import { parseArgs } from 'node:util';
import { appliedMigrations, migrate } from '@outbreak/server';
import { CliError, type CliCommand, EXIT } from '../cli-command.ts';
import { configFrom, openForCli } from './serve.ts';

export const command: CliCommand = {
  usage: `Usage: outbreak migrate [--data-dir DIR]

Applies the migrations in packages/server/migrations that the database lacks, each in one transaction, and
prints what it applied. Uses DATABASE_URL (PostgreSQL) when set, else PGlite in DATA_DIR/db.`,
  async run(args) {
    let values;
    try {
      ({ values } = parseArgs({ args, options: { 'data-dir': { type: 'string' } }, strict: true }));
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    const config = configFrom({ DATA_DIR: values['data-dir'] });
    const database = await openForCli(config);
    try {
      const applied = await migrate(database);
      const level = (await appliedMigrations(database.raw)).length;
      process.stdout.write(
        applied.length > 0 ? `applied: ${applied.join(', ')}\nschema level: ${level}\n` : `up to date (schema level ${level})\n`,
      );
      return EXIT.ok;
    } finally {
      await database.close();
    }
  },
};
