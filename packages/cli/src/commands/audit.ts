/**
 * `outbreak audit verify | checkpoint`: verifies the audit log's keyed hash chain (against a signed
 * checkpoint when one is at hand) and exports checkpoints to keep outside the database.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  type AuditCheckpoint,
  CheckpointFileError,
  latestCheckpointFile,
  readAuditCheckpoint,
  verifyAuditChain,
  writeAuditCheckpointFile,
} from '@outbreak/server';
import { CliError, type CliCommand, EXIT } from '../cli-command.ts';
import { migrateAndCheckKeys } from '../data-keys.ts';
import { configFrom, openForCli } from './serve.ts';

export const command: CliCommand = {
  usage: `Usage: outbreak audit verify [--checkpoint FILE | --no-checkpoint] [--data-dir DIR] [--json]
       outbreak audit checkpoint --out FILE [--force] [--data-dir DIR]

verify      Recomputes the keyed hash chain of the audit log (AUDIT_KEY, else DATA_DIR/audit.key) and checks
            it still holds the records a checkpoint anchored: --checkpoint FILE, else the newest one the server
            wrote to DATA_DIR/audit-checkpoints (--no-checkpoint: none). Exit code 0: intact. Exit code 3: a
            record was changed, removed or inserted behind the application's back, the newest records were
            deleted, or the checkpoint does not fit; the first problem is reported.
checkpoint  Verifies the chain, then writes a checkpoint of its end signed with the audit key to FILE. Keep
            it somewhere the database's administrators cannot write (another machine, a printed copy).`,
  async run(args) {
    let positionals;
    let values;
    try {
      ({ values, positionals } = parseArgs({
        args,
        options: {
          'data-dir': { type: 'string' },
          json: { type: 'boolean' },
          checkpoint: { type: 'string' },
          'no-checkpoint': { type: 'boolean' },
          out: { type: 'string' },
          force: { type: 'boolean' },
        },
        allowPositionals: true,
        strict: true,
      }));
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    const action = positionals[0];
    if ((action !== 'verify' && action !== 'checkpoint') || positionals.length !== 1) {
      throw new CliError(
        `expected 'outbreak audit verify' or 'outbreak audit checkpoint --out FILE', got 'outbreak audit ${positionals.join(' ')}'`,
      );
    }
    if (action === 'checkpoint') {
      if (!values.out) throw new CliError('say where to write the checkpoint: --out FILE');
      if (existsSync(values.out) && !values.force) throw new CliError(`${values.out} exists; use --force to overwrite it`);
    }
    if (values.checkpoint && values['no-checkpoint']) throw new CliError('give --checkpoint FILE or --no-checkpoint, not both');
    const config = configFrom({ DATA_DIR: values['data-dir'] });
    let checkpoint: AuditCheckpoint | undefined;
    let checkpointFile: string | undefined;
    if (action === 'verify' && !values['no-checkpoint']) {
      checkpointFile = values.checkpoint ?? latestCheckpointFile(config);
      if (values.checkpoint && !existsSync(values.checkpoint)) throw new CliError(`${values.checkpoint} does not exist`);
      try {
        checkpoint = checkpointFile ? readAuditCheckpoint(checkpointFile) : undefined;
      } catch (err) {
        if (err instanceof CheckpointFileError) throw new CliError(err.message);
        throw err;
      }
    }
    const database = await openForCli(config);
    try {
      await migrateAndCheckKeys(database, config, { identity: false });
      if (action === 'checkpoint') {
        const written = await writeAuditCheckpointFile(database.db, config, { file: values.out });
        if (!written.ok) {
          const v = written.verification;
          process.stdout.write(`AUDIT LOG DAMAGED${v.ok ? '' : ` at seq ${v.seq} (${v.problem}): ${v.message}`}\nno checkpoint written\n`);
          return EXIT.partial;
        }
        process.stdout.write(`checkpoint of the audit log at seq ${written.checkpoint.seq} written to ${written.file}\n`);
        return EXIT.ok;
      }
      const result = await verifyAuditChain(database.db, { checkpoint });
      if (values.json) process.stdout.write(`${JSON.stringify({ ...result, ...(checkpointFile ? { checkpointFile } : {}) })}\n`);
      else if (result.ok) {
        const against = checkpointFile
          ? `; holds the checkpoint ${checkpointFile} (seq ${checkpoint!.seq})`
          : '; no checkpoint to check against';
        process.stdout.write(`audit log intact: ${result.records} records, last seq ${result.lastSeq}${against}\n`);
      } else {
        process.stdout.write(
          `AUDIT LOG DAMAGED at seq ${result.seq} (${result.problem}): ${result.message}\n${result.records} records verified before it\n`,
        );
      }
      return result.ok ? EXIT.ok : EXIT.partial;
    } finally {
      await database.close();
    }
  },
};
