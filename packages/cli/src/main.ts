/**
 * `outbreak` — the platform's command line.
 *
 * Each sub-command lives in its own module `./commands/<name>.ts` exporting a `command: CliCommand`.
 * The dispatcher loads only the module it needs, so `outbreak detect` never loads the server
 * and features can add commands without editing this file.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CliCommand } from './cli-command.ts';
import { CliError, EXIT } from './cli-command.ts';

const commandsDir = fileURLToPath(new URL('./commands/', import.meta.url));

function commandNames(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function loadCommand(name: string): Promise<CliCommand | undefined> {
  if (!/^[a-z][a-z0-9-]*$/.test(name) || !commandNames().includes(name)) return undefined;
  const mod = (await import(`./commands/${name}.ts`)) as { command: CliCommand };
  return mod.command;
}

async function printHelp(): Promise<void> {
  const lines = ['Usage: outbreak <command> [options]', '', 'Commands:'];
  for (const name of commandNames()) {
    const cmd = await loadCommand(name);
    if (cmd) lines.push(`  ${name.padEnd(12)} ${cmd.summary}`);
  }
  lines.push('', "Run 'outbreak <command> --help' for a command's options.");
  process.stdout.write(`${lines.join('\n')}\n`);
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    await printHelp();
    return name ? EXIT.ok : EXIT.usage;
  }
  const cmd = await loadCommand(name);
  if (!cmd) {
    process.stderr.write(`outbreak: unknown command '${name}'. Run 'outbreak --help' for the list.\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${cmd.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await cmd.run(rest);
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`outbreak ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`outbreak: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
