/**
 * Some modules the CLI imports cannot be bundled into the compiled CLI (`dist/`): the server (it reads its
 * migrations and the web app's files relative to its own sources) and the worker-thread front ends of the scan
 * and the metapopulation ensemble (their workers load TypeScript files by path). They stay TypeScript, so the
 * compiled CLI registers the tsx loader before importing them — only then, because tsx costs ≈ 0.3 s of start-up
 * that `outbreak --help`, `detect` and `rt` need not pay.
 */
let registered: Promise<void> | null = null;

/** Makes `import()` of TypeScript sources work; a no-op when this file itself runs as TypeScript (tsx, Vitest). */
export function ensureTypeScriptLoader(): Promise<void> {
  // Running as .ts means a TypeScript loader is already in place; the compiled bundle is a .js file.
  if (import.meta.url.endsWith('.ts')) return Promise.resolve();
  registered ??= import('tsx/esm/api').then(({ register }) => {
    register();
  });
  return registered;
}

/** Imports a TypeScript-only module (see above), registering tsx first when this is the compiled CLI. */
export async function importTypeScript<T>(load: () => Promise<T>): Promise<T> {
  await ensureTypeScriptLoader();
  return load();
}
