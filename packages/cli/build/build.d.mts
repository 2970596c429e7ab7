/** Compiles the CLI into `outdir` (default packages/cli/dist); resolves to the folder written. */
export function buildCli(options?: { outdir?: string }): Promise<string>;
export const EXTERNAL: string[];
