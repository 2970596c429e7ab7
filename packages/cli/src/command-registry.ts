/**
 * The list of `outbreak` commands: name, one-line summary (for `outbreak --help`) and how to load the command's
 * module. Each module is imported only when its command runs, so `outbreak --help` loads none of them and
 * `outbreak detect` never loads the server or the Rt code. A new command is a module in `./commands/` plus one
 * line here (`command-registry.test.ts` checks the two agree).
 */
import type { CliCommand } from './cli-command.ts';
import { importTypeScript } from './typescript-loader.ts';

export interface CommandEntry {
  /** one line for `outbreak --help` */
  summary: string;
  /** imports the command's module */
  load(): Promise<{ command: CliCommand }>;
}

// The import() calls are written out (not built from the name) so that the compiler that builds dist/ sees each
// module and makes it a chunk of its own. Commands that use the database import the server, which is TypeScript
// only (see typescript-loader.ts).
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  audit: {
    summary: 'verify the audit log (audit verify) or export a signed checkpoint of it (audit checkpoint)',
    load: () => importTypeScript(() => import('./commands/audit.ts')),
  },
  backup: {
    summary: 'write a portable backup file (JSON Lines) of every table',
    load: () => importTypeScript(() => import('./commands/backup.ts')),
  },
  detect: {
    summary: 'run an outbreak-detection algorithm (EARS, Farrington, CUSUM, GLR, RKI, CIDARS …) on count series in a CSV',
    load: () => import('./commands/detect.ts'),
  },
  migrate: {
    summary: 'apply pending database migrations',
    load: () => importTypeScript(() => import('./commands/migrate.ts')),
  },
  restore: {
    summary: 'restore a backup into an EMPTY data directory or database',
    load: () => importTypeScript(() => import('./commands/restore.ts')),
  },
  rt: {
    summary: 'time-varying reproduction number R_t from daily incidence or a line list (Cori et al. 2013, EpiEstim parity)',
    load: () => import('./commands/rt.ts'),
  },
  scan: {
    summary: 'space-time permutation scan for outbreak clusters (SaTScan-compatible)',
    load: () => import('./commands/scan.ts'),
  },
  seed: {
    summary: 'seed the demo district "District J" (idempotent)',
    load: () => importTypeScript(() => import('./commands/seed.ts')),
  },
  serve: {
    summary: 'serve the API and the web app (migrates, seeds the demo district on first start)',
    load: () => importTypeScript(() => import('./commands/serve.ts')),
  },
  simulate: {
    summary: 'run an epidemic model (SEIR …) and print its trajectories',
    load: () => import('./commands/simulate.ts'),
  },
  user: {
    summary: 'add a user with roles, or reset a password (user add | user reset-password)',
    load: () => importTypeScript(() => import('./commands/user.ts')),
  },
};
