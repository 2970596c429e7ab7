/** `outbreak seed --demo`: seeds the demo district "District J" (idempotent). */
import { parseArgs } from 'node:util';
import { seedDemoDistrict } from '@outbreak/server';
import { migrateAndCheckKeys } from '../data-keys.ts';
import { CliError, type CliCommand, EXIT } from '../cli-command.ts';
import { configFrom, formatDemoUsers, openForCli } from './serve.ts';

export const command: CliCommand = {
  usage: `Usage: outbreak seed --demo [--data-dir DIR] [--seed N]

Migrates, then writes the demo district (townships, communities, neighbours, agencies, duty roster,
facilities, one demo user per role) in one transaction, unless it is already there. Prints the sign-ins.`,
  async run(args) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: { demo: { type: 'boolean' }, 'data-dir': { type: 'string' }, seed: { type: 'string' } },
        strict: true,
      }));
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    if (!values.demo) throw new CliError('say what to seed: --demo (the only data set so far)');
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !Number.isSafeInteger(seed)) throw new CliError(`--seed must be an integer, got '${values.seed}'`);
    const config = configFrom({ DATA_DIR: values['data-dir'] });
    const database = await openForCli(config);
    try {
      await migrateAndCheckKeys(database, config);
      const result = await seedDemoDistrict(database, { ...(seed === undefined ? {} : { seed }), identity: config });
      if (result.created) process.stdout.write('District J seeded.\n');
      else if (result.backfilled.length > 0) {
        // A district seeded before a later migration gets the new derived parts filled in.
        process.stdout.write(`District J is already there; filled in what was missing: ${result.backfilled.join(', ')}.\n`);
      } else process.stdout.write('District J is already there; nothing written.\n');
      if (result.users.length > 0) process.stdout.write(`\nDemo sign-ins:\n${formatDemoUsers(result.users)}\n`);
      return EXIT.ok;
    } finally {
      await database.close();
    }
  },
};
