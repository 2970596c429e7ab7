export const cliRoot: string;
export const distDir: string;
export const BUILD_INFO: string;
/** Size and modification time of each input (paths relative to packages/cli), and the Node major version. */
export function describeInputs(paths: string[]): { node: string; files: Record<string, [number, number]> };
/** null when `dir` holds a build of the current sources; otherwise why not. */
export function staleReason(dir?: string): string | null;
