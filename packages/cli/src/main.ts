/**
 * `outbreak` — the platform's command line.
 *
 * Each sub-command lives in its own module `./commands/<name>.ts` exporting a `command: CliCommand`,
 * listed with its summary in `command-registry.ts`. The dispatcher loads only the module it needs, so
 * `outbreak --help` loads none and `outbreak detect` never loads the server.
 */
import { fileURLToPath } from 'node:url';
import type { CliCommand } from './cli-command.ts';
import { CliError, EXIT } from './cli-command.ts';
import { COMMANDS } from './command-registry.ts';

async function loadCommand(name: string): Promise<CliCommand | undefined> {
  // Object.hasOwn: a name such as 'constructor' or '__proto__' is not a command.
  if (!Object.hasOwn(COMMANDS, name)) return undefined;
  return (await COMMANDS[name].load()).command;
}

/** The command list, from the registry alone: printing it loads no command's module. */
function printHelp(): void {
  const lines = ['Usage: outbreak <command> [options]', '', 'Commands:'];
  for (const name of Object.keys(COMMANDS).sort()) lines.push(`  ${name.padEnd(12)} ${COMMANDS[name].summary}`);
  lines.push('', "Run 'outbreak <command> --help' for a command's options.");
  process.stdout.write(`${lines.join('\n')}\n`);
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    printHelp();
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
