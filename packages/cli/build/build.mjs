#!/usr/bin/env node
/**
 * Compiles the `outbreak` command line ahead of time into packages/cli/dist/ (esbuild): one ES module for the
 * dispatcher and one chunk per command, with the numeric packages (stats, surveillance, epimodels) bundled in.
 * Run by `npm install` / `npm ci` (the package's `prepare` script) and by the bin itself when the build is
 * missing or stale (see build-info.mjs), so a clone never runs an outdated build and needs no manual step.
 *
 * Why: through the tsx loader every start transpiled or re-read the TypeScript sources — 2.2 s for
 * `outbreak --help` on a quiet machine, 0.38 s before `outbreak detect` read a byte. Compiled, a command starts
 * in ≈ 0.05–0.1 s (docs/benchmarks.md, "Command line").
 *
 * The server and the worker-thread front ends stay TypeScript (typescript-loader.ts says why); they are left
 * out of the bundle and loaded through tsx by the commands that need them.
 *
 *   node packages/cli/build/build.mjs [--outdir DIR]
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BUILD_INFO, cliRoot, describeInputs, distDir } from './build-info.mjs';

/** Imports that stay outside the bundle (TypeScript at run time, through tsx; see typescript-loader.ts). */
export const EXTERNAL = [
  '@outbreak/server',
  '@outbreak/server/*',
  '@outbreak/surveillance/scan-node',
  '@outbreak/epimodels/metapop-node',
  'tsx',
  'tsx/*',
];

/**
 * Builds into `outdir` (default packages/cli/dist). The files are written to a fresh folder beside it that then
 * replaces it, so a CLI starting meanwhile sees the old build, the new one or none (and then builds itself),
 * never half of one.
 */
export async function buildCli({ outdir = distDir } = {}) {
  const { build } = await import('esbuild');
  const target = resolve(outdir);
  const staging = `${target}.tmp-${process.pid}-${Date.now()}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const result = await build({
      absWorkingDir: cliRoot,
      entryPoints: { main: 'src/main.ts', 'rt-worker': 'src/rt-worker.ts' },
      outdir: staging,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: `node${process.versions.node.split('.')[0]}`,
      external: EXTERNAL,
      chunkNames: 'chunks/[name]-[hash]',
      metafile: true,
      logLevel: 'silent',
      legalComments: 'none',
    });
    const inputs = new Set(Object.keys(result.metafile.inputs).map((p) => relative(cliRoot, resolve(cliRoot, p))));
    // The build's own scripts and the manifests that decide how imports resolve count as inputs too.
    for (const extra of [
      'build/build.mjs',
      'build/build-info.mjs',
      'package.json',
      '../stats/package.json',
      '../surveillance/package.json',
      '../epimodels/package.json',
    ])
      inputs.add(extra);
    writeFileSync(join(staging, BUILD_INFO), `${JSON.stringify(describeInputs([...inputs].sort()))}\n`);
    // dist/ is ESM whatever the nearest package.json says.
    writeFileSync(join(staging, 'package.json'), '{ "type": "module" }\n');
    const old = `${target}.old-${process.pid}-${Date.now()}`;
    try {
      renameSync(target, old);
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
    renameSync(staging, target);
    rmSync(old, { recursive: true, force: true });
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  return target;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
  const started = performance.now();
  const out = await buildCli(values.outdir ? { outdir: values.outdir } : {});
  process.stderr.write(
    `outbreak: CLI compiled into ${relative(process.cwd(), out) || '.'} in ${((performance.now() - started) / 1000).toFixed(2)} s\n`,
  );
}
