/** Exit codes shared by every `outbreak` command (documented in docs/cli.md). */
export const EXIT = {
  ok: 0,
  /** an unexpected failure (a bug): the stack trace is printed */
  failure: 1,
  /** unusable arguments or input: a one-line message names the problem (file and line when there is one) */
  usage: 2,
  /** the command ran, but some items (series, rows) failed; each failure is reported in the output */
  partial: 3,
} as const;

/** A user-facing error: printed as one line without a stack trace, exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface CliCommand {
  /** the full text for `outbreak <command> --help` */
  usage: string;
  /** runs the command with the arguments after its name; resolves to the exit code */
  run(args: string[]): Promise<number>;
}
