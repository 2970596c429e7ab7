/** `outbreak audit verify`: recomputes the audit log's hash chain and reports the first bad record. */
import { parseArgs } from 'node:util';
import { verifyAuditChain } from '@outbreak/server';
import { CliError, type CliCommand, EXIT } from '../cli-command.ts';
import { configFrom, openForCli } from './serve.ts';

export const command: CliCommand = {
  summary: 'verify the audit log (audit verify): reports the first tampered or missing record',
  usage: `Usage: outbreak audit verify [--data-dir DIR] [--json]

Recomputes the hash chain of the audit log. Exit code 0: intact. Exit code 3: a record was changed, removed
or inserted behind the application's back; the first one is reported (seq and what is wrong).`,
  async run(args) {
    let positionals;
    let values;
    try {
      ({ values, positionals } = parseArgs({
        args,
        options: { 'data-dir': { type: 'string' }, json: { type: 'boolean' } },
        allowPositionals: true,
        strict: true,
      }));
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    if (positionals[0] !== 'verify' || positionals.length !== 1) {
      throw new CliError(`expected 'outbreak audit verify', got 'outbreak audit ${positionals.join(' ')}'`);
    }
    const config = configFrom({ DATA_DIR: values['data-dir'] });
    const database = await openForCli(config);
    try {
      const result = await verifyAuditChain(database.db);
      if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else if (result.ok) process.stdout.write(`audit log intact: ${result.records} records, last seq ${result.lastSeq}\n`);
      else process.stdout.write(`AUDIT LOG DAMAGED at seq ${result.seq} (${result.problem}): ${result.message}\n${result.records} records verified before it\n`);
      return result.ok ? EXIT.ok : EXIT.partial;
    } finally {
      await database.close();
    }
  },
};
