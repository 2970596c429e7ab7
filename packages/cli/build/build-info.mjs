/**
 * Is the compiled CLI (`packages/cli/dist/`) the compilation of today's sources? Plain JavaScript: the bin runs
 * this before anything else, on every start, so it must cost little (one small JSON file and one stat per source
 * file, ≈ 1 ms) and load no compiler.
 *
 * The build records every file it read (esbuild's metafile: the CLI's sources, the numeric packages it bundles,
 * their package.json files and this build's own scripts) with its size and modification time. The build is fresh
 * when every one of them still has exactly that size and time; any edit, checkout, added import (it edits a
 * recorded file) or a different Node major version makes it stale, and a stale build is never run.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const distDir = join(cliRoot, 'dist');
export const BUILD_INFO = 'build-info.json';

/** What a build records about its inputs: paths relative to packages/cli. */
export function describeInputs(paths) {
  const files = {};
  for (const path of paths) {
    const st = statSync(resolve(cliRoot, path));
    files[path] = [st.size, st.mtimeMs];
  }
  return { node: process.versions.node.split('.')[0], files };
}

/** null when `dir` holds a build of the current sources; otherwise why not (for the message). */
export function staleReason(dir = distDir) {
  let info;
  try {
    info = JSON.parse(readFileSync(join(dir, BUILD_INFO), 'utf8'));
  } catch {
    return 'not built yet';
  }
  if (info.node !== process.versions.node.split('.')[0]) return `built for Node ${info.node}`;
  for (const [path, [size, mtimeMs]] of Object.entries(info.files)) {
    let st;
    try {
      st = statSync(resolve(cliRoot, path));
    } catch {
      return `${path} is gone`;
    }
    if (st.size !== size || st.mtimeMs !== mtimeMs) return `${path} changed`;
  }
  return null;
}
