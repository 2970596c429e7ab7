/**
 * The server's dependency rule (docs/architecture.md, "Layers and the dependency rule"), checked on the source.
 *
 * Layers, lowest first: platform ← reference data ← surveillance ← response ← read models ← composition.
 * 1. `platform`: `src/platform/**` imports no feature and nothing of the composition.
 * 2. `layer`: a feature imports features of its own layer or below, never above; nothing below the
 *    composition imports the composition (app, server, jobs, demo).
 * 3. `entry`: a feature reaches another feature only through its public entry `features/<feature>/index.ts`.
 * 4. `cycle`: the runtime imports between features form no cycle (a cycle within one layer is still a tangle).
 * Web: 5. `web-cycle`: the web app's modules form no runtime import cycle.
 *
 * Type-only imports count for rules 1–3 (a type is still knowledge of the other side) but not for cycles,
 * which are about module evaluation order. Tests and their helpers are not checked: they may build data through
 * any feature.
 *
 * The analysis reads imports with the TypeScript parser (already a dependency) rather than a separate tool, so
 * that the rule, its layer table and its messages sit in one file a newcomer can read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export type Layer = 'platform' | 'reference' | 'surveillance' | 'response' | 'read-model' | 'composition';

/** Lowest first: a layer may import its own and every earlier one. */
export const LAYER_ORDER: readonly Layer[] = ['platform', 'reference', 'surveillance', 'response', 'read-model', 'composition'];

/**
 * Every feature folder's layer. A new feature adds its line here (the test fails for a folder missing from it).
 * notifications, auth and audit are shared services every stage uses: they sit with the reference data.
 */
export const FEATURE_LAYERS: Readonly<Record<string, Layer>> = {
  platform: 'reference',
  registry: 'reference',
  users: 'reference',
  auth: 'reference',
  audit: 'reference',
  notifications: 'reference',
  catalogue: 'reference',
  cases: 'surveillance',
  feeds: 'surveillance',
  imports: 'surveillance',
  detection: 'surveillance',
  alerts: 'surveillance',
  // contact tracing builds on case reports (a contact's source, a contact becoming a case): same layer as cases,
  // below response, so that incidents, dashboards and reports may read it later
  contacts: 'surveillance',
  // bed occupancy reported by facilities: surveillance data the read models show
  occupancy: 'surveillance',
  // voyages, trips, manifests and exposure cohorts: builds on cases and contacts (a cohort becomes contacts)
  travel: 'surveillance',
  // the epidemiological investigation (流调) of a case: its timeline links journeys to travel's trips
  investigations: 'surveillance',
  plans: 'response',
  incidents: 'response',
  tasks: 'response',
  meetings: 'response',
  dashboard: 'read-model',
  reports: 'read-model',
  demo: 'composition',
  // quarantine sites, rooms and stays of contacts: surveillance beside contacts (reads contacts and the registry)
  quarantine: 'surveillance',
  // psychological assistance: its own registry of clients, linked to cases/contacts only by consent (reads them, never the reverse)
  psych: 'response',
  // 7-1-7, indicators, reviews, self-assessment and lessons: computed from the records of every stage below
  assessment: 'read-model',
  // emergency materials and logistics: stock ledger, requests, warnings (reads the registry, tells notifications)
  stock: 'response',
  // public bulletins, risk areas, rumours and the portal's data: read the situation report's figures
  bulletins: 'read-model',
  // volunteers: registry, vetting, assignments to tasks (through createTasks), hours; reads cases' identity protection
  volunteers: 'response',
  // training: courses, sessions, attendance, certificates of staff and volunteers, readiness (reads volunteers)
  training: 'response',
  // public education: materials by audience and language (published ones on the public API), campaigns and reach
  education: 'response',
  // links with neighbouring districts' platforms: reads cases (notifications out) and files them (accepted in)
  neighbours: 'response',
  // exercises: inject marked data into the pipelines below through their public entries (cases, feeds, detection
  // in exercise mode, notifications) and score from the timestamps of alerts, incidents, tasks and reports
  exercises: 'read-model',
};

export interface ImportEdge {
  /** importing file, relative to the package root, with forward slashes */
  from: string;
  to: string;
  typeOnly: boolean;
  /** `import('…')`: evaluated on demand */
  dynamic: boolean;
}

const SKIPPED_FILE = /\.test\.tsx?$|\.test-(support|helpers)\.ts$|\.d\.ts$/;

function listSourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'test-support') listSourceFiles(path, out);
    } else if (/\.(ts|tsx)$/.test(entry.name) && !SKIPPED_FILE.test(entry.name)) out.push(path);
  }
  return out;
}

function isTypeOnlyImport(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return true;
    const clause = node.exportClause;
    return !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
  }
  const clause = node.importClause;
  if (!clause) return false; // side-effect import
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

/** The relative imports of every non-test source file under `srcDir`, resolved to files. */
export function collectImports(packageRoot: string, srcDir = 'src'): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const toKey = (abs: string) => relative(packageRoot, abs).split(sep).join('/');
  for (const file of listSourceFiles(join(packageRoot, srcDir))) {
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(
      file,
      text,
      ts.ScriptTarget.Latest,
      false,
      file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    const add = (specifier: string, typeOnly: boolean, dynamic = false) => {
      if (!specifier.startsWith('.')) return;
      edges.push({ from: toKey(file), to: toKey(resolve(dirname(file), specifier)), typeOnly, dynamic });
    };
    const visit = (node: ts.Node) => {
      if (
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        add(node.moduleSpecifier.text, isTypeOnlyImport(node));
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
        add(node.argument.literal.text, true);
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        // A dynamic import() is evaluated later, so it closes no evaluation-order cycle; it still is a dependency.
        const [arg] = node.arguments;
        if (arg && ts.isStringLiteral(arg)) add(arg.text, false, true);
      }
      ts.forEachChild(node, visit);
    };
    // Declarations sit at the top level; only a file that mentions import( needs the full (slower) walk.
    if (text.includes('import(')) visit(source);
    else
      for (const statement of source.statements)
        if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) visit(statement);
  }
  return edges;
}

interface Place {
  kind: 'platform' | 'feature' | 'composition' | 'other';
  feature?: string;
  layer?: Layer;
}

/** Where a server file sits: `src/platform/…`, `src/features/<feature>/…`, or the composition root. */
export function placeOf(path: string): Place {
  if (path.startsWith('src/platform/')) return { kind: 'platform', layer: 'platform' };
  const feature = /^src\/features\/([^/]+)\//.exec(path)?.[1];
  if (feature) {
    const layer = FEATURE_LAYERS[feature];
    if (layer === 'composition') return { kind: 'composition', feature, layer };
    return { kind: 'feature', feature, layer };
  }
  if (/^src\/(app|server|index)\.ts$/.test(path) || /^src\/features\/[^/]+\.ts$/.test(path)) {
    return { kind: 'composition', layer: 'composition' };
  }
  return { kind: 'other' };
}

/** The server's violations, one stable line each (the allow-list's format). */
export function serverViolations(edges: readonly ImportEdge[]): string[] {
  const found = new Set<string>();
  const rank = (layer: Layer) => LAYER_ORDER.indexOf(layer);
  for (const feature of new Set(edges.map((e) => placeOf(e.from).feature).filter((f): f is string => !!f))) {
    if (!(feature in FEATURE_LAYERS)) found.add(`unplaced: src/features/${feature} has no layer in FEATURE_LAYERS`);
  }
  for (const edge of edges) {
    const from = placeOf(edge.from);
    const to = placeOf(edge.to);
    if (from.kind === 'platform') {
      if (to.kind === 'feature' || to.kind === 'composition') found.add(`platform: ${edge.from} -> ${edge.to}`);
      continue;
    }
    if (from.kind !== 'feature' || to.kind === 'platform' || to.kind === 'other') continue;
    if (to.kind === 'composition') {
      found.add(`layer: ${edge.from} -> ${edge.to}`);
      continue;
    }
    if (to.feature === from.feature) continue;
    if (from.layer && to.layer && rank(to.layer) > rank(from.layer)) {
      found.add(`layer: ${edge.from} -> ${edge.to}`);
    }
    if (edge.to !== `src/features/${to.feature}/index.ts`) found.add(`entry: ${edge.from} -> ${edge.to}`);
  }
  for (const cycle of featureCycles(edges)) found.add(`cycle: ${cycle.join(' <-> ')}`);
  return [...found].sort();
}

/** Groups of features whose runtime (static, value) imports reach each other: Tarjan's strongly connected components. */
function featureCycles(edges: readonly ImportEdge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const edge of edges) {
    if (edge.typeOnly || edge.dynamic) continue;
    const from = placeOf(edge.from);
    const to = placeOf(edge.to);
    if (from.kind !== 'feature' || to.kind !== 'feature' || from.feature === to.feature) continue;
    const targets = graph.get(from.feature!) ?? new Set<string>();
    targets.add(to.feature!);
    graph.set(from.feature!, targets);
  }
  return stronglyConnected(graph);
}

/** Strongly connected components with more than one member, each sorted, in sorted order. */
export function stronglyConnected(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const nodes = new Set<string>([...graph.keys(), ...[...graph.values()].flatMap((s) => [...s])]);
  const connect = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of [...nodes].sort()) if (!index.has(node)) connect(node);
  return components.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** The web app's runtime import cycles (files, relative to packages/web), one line each. */
export function webViolations(edges: readonly ImportEdge[]): string[] {
  const graph = new Map<string, Set<string>>();
  for (const edge of edges) {
    if (edge.typeOnly || edge.dynamic) continue;
    const targets = graph.get(edge.from) ?? new Set<string>();
    targets.add(edge.to);
    graph.set(edge.from, targets);
  }
  return stronglyConnected(graph).map((files) => `web-cycle: ${files.join(' <-> ')}`);
}
