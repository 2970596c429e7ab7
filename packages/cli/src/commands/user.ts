/** `outbreak user add|reset-password`: account administration from the command line (first admin, recovery). */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AppError, createUser, findJurisdictionIdByCode, resetPasswordTrusted, ROLE_IDS } from '@outbreak/server';
import { migrateAndCheckKeys } from '../data-keys.ts';
import { CliError, type CliCommand, EXIT } from '../cli-command.ts';
import { configFrom, openForCli } from './serve.ts';

/** A random password meeting the policy (4 classes, 16 characters). */
function generatePassword(): string {
  const body = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');
  return `${body}-A7b`;
}

function describe(err: AppError): string {
  const details = Array.isArray(err.details)
    ? (err.details as { path: string; message: string }[]).map((d) => `${d.path || 'input'}: ${d.message}`).join('; ')
    : '';
  return details ? `${err.message}: ${details}` : err.message;
}

export const command: CliCommand = {
  usage: `Usage:
  outbreak user add --username NAME --display-name TEXT --role ROLE [--role ROLE …] --jurisdiction CODE [--facility ID] [--password-stdin]
  outbreak user reset-password --username NAME [--password-stdin]

Roles: ${ROLE_IDS.join(', ')}. Each role is held within the jurisdiction CODE's subtree (its administrative code).
--facility ID: the facility the user reports for (its id, see /api/facilities); required with hospital_reporter,
whose case reports are those of that facility only.
Without --password-stdin a random password is generated and printed once. The password policy applies
(at least 10 characters, three of: lower case, upper case, digits, other). Both actions are audited.`,
  async run(args) {
    let values;
    let positionals;
    try {
      ({ values, positionals } = parseArgs({
        args,
        options: {
          username: { type: 'string' },
          'display-name': { type: 'string' },
          role: { type: 'string', multiple: true },
          jurisdiction: { type: 'string' },
          facility: { type: 'string' },
          'password-stdin': { type: 'boolean' },
          'data-dir': { type: 'string' },
        },
        allowPositionals: true,
        strict: true,
      }));
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    const action = positionals[0];
    if ((action !== 'add' && action !== 'reset-password') || positionals.length !== 1) {
      throw new CliError(`expected 'user add' or 'user reset-password', got 'user ${positionals.join(' ')}'`);
    }
    if (!values.username) throw new CliError('--username is required');
    if (action === 'add') {
      if (!values['display-name']) throw new CliError('--display-name is required');
      if (!values.role?.length) throw new CliError('give at least one --role');
      if (!values.jurisdiction) throw new CliError('--jurisdiction CODE is required (where the roles hold)');
      if (values.facility !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(values.facility)) {
        throw new CliError(`--facility takes a facility id (a UUID), got '${values.facility}'`);
      }
    }
    let password: string;
    let generated = false;
    if (values['password-stdin']) {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      password = Buffer.concat(chunks)
        .toString('utf8')
        .replace(/\r?\n$/, '');
    } else {
      password = generatePassword();
      generated = true;
    }

    const config = configFrom({ DATA_DIR: values['data-dir'] });
    const database = await openForCli(config);
    try {
      await migrateAndCheckKeys(database, config);
      if (action === 'add') {
        const jurisdictionId = await findJurisdictionIdByCode(database.db, values.jurisdiction!);
        if (!jurisdictionId) throw new CliError(`no jurisdiction with code '${values.jurisdiction}'`);
        const user = await database.db.transaction((tx) =>
          createUser(
            tx,
            {
              username: values.username!,
              displayName: values['display-name']!,
              password,
              roles: values.role!.map((role) => ({ role, jurisdictionId })),
              facilityId: values.facility ?? null,
            },
            { actor: null },
          ),
        );
        process.stdout.write(`user ${user.username} created (${user.roles.map((r) => `${r.role} @ ${r.jurisdictionName}`).join(', ')})\n`);
      } else {
        const found = await resetPasswordTrusted(database, values.username, password);
        if (!found) throw new CliError(`no user '${values.username}'`);
        process.stdout.write(`password of ${values.username} reset; their sessions ended and any lockout cleared\n`);
      }
      if (generated) process.stdout.write(`password: ${password}\n`);
      return EXIT.ok;
    } catch (err) {
      if (err instanceof AppError) throw new CliError(describe(err));
      throw err;
    } finally {
      await database.close();
    }
  },
};
