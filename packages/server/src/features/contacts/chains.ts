/**
 * Chains of transmission (docs/contacts.md "Chains"): the cases and contacts of the reader's scope as a graph —
 * case → contact (exposure), contact → contact (a contact of a contact), contact → case (the contact became a
 * case, whose own contacts continue the chain). A cluster is a connected part of the graph, named by the code
 * of its first reported case. Chains with a contact living in another district are marked.
 *
 * Cases show their code and classification only (a contact's source may be a case reported elsewhere).
 */
import { sql } from 'drizzle-orm';
import { inScope, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Database } from '../../platform/db/database.ts';
import { districtInstant, districtToday } from '../../platform/time/district-time.ts';
import { addDays } from './follow-up-clock.ts';
import type { ChainQuery, Chains } from './tracing.schema.ts';

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

/** Beyond this many nodes the graph is cut (the newest clusters are kept) and `truncated` is set. */
export const CHAIN_NODE_LIMIT = 1500;

interface ContactNodeRow {
  id: string;
  code: string;
  person_name: string;
  status: string;
  risk_category: 'high' | 'medium' | 'low';
  degree: number;
  jurisdiction_id: string;
  j_name: string;
  j_name_en: string;
  j_path: string;
  other_district: string;
  source_case_id: string | null;
  source_contact_id: string | null;
  case_report_id: string | null;
  created_at: string | Date;
}
interface CaseNodeRow {
  id: string;
  code: string;
  classification: string;
  jurisdiction_id: string;
  j_name: string;
  j_name_en: string;
  j_path: string;
  reported_at: string | Date;
}

/** Union–find over node ids. */
class Components {
  readonly #parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    while (this.#parent.has(root) && this.#parent.get(root) !== root) root = this.#parent.get(root)!;
    this.#parent.set(x, root);
    return root;
  }
  union(a: string, b: string) {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.#parent.set(ra, rb);
  }
}

export async function chainsFor(database: Database, principal: Principal, query: ChainQuery, now = new Date()): Promise<Chains> {
  const scope = scopeFor(principal, 'contacts.read');
  const to = query.to ?? districtToday(now);
  const from = query.from ?? addDays(to, -29);
  const start = districtInstant(from).toISOString();
  const end = districtInstant(addDays(to, 1)).toISOString();
  const db = database.db;
  const contactRows = rowsOf<ContactNodeRow>(
    await db.execute(sql`
      SELECT c.id, c.code, c.person_name, c.status, c.risk_category, c.degree, c.jurisdiction_id,
        j.name AS j_name, j.name_en AS j_name_en, j.path AS j_path, c.other_district,
        c.source_case_id, c.source_contact_id, c.case_report_id, c.created_at
      FROM contacts c
      JOIN jurisdictions j ON j.id = c.jurisdiction_id
      JOIN case_reports ic ON ic.id = c.index_case_id
      WHERE c.merged_into_id IS NULL
        AND ic.reported_at >= ${start} AND ic.reported_at < ${end}
        AND ${inScope(scope, sql`c.jurisdiction_id`)}
        ${query.diseaseId ? sql`AND c.disease_id = ${query.diseaseId}` : sql``}
      ORDER BY c.created_at
      LIMIT ${CHAIN_NODE_LIMIT * 4}`),
  );
  const caseIds = [...new Set(contactRows.flatMap((c) => [c.source_case_id, c.case_report_id]).filter((x): x is string => x !== null))];
  const caseRows =
    caseIds.length === 0
      ? []
      : rowsOf<CaseNodeRow>(
          await db.execute(sql`
            SELECT cr.id, cr.code, cr.classification, cr.jurisdiction_id, j.name AS j_name, j.name_en AS j_name_en,
              j.path AS j_path, cr.reported_at
            FROM case_reports cr JOIN jurisdictions j ON j.id = cr.jurisdiction_id
            WHERE cr.id IN (${sql.join(
              caseIds.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})`),
        );
  const known = new Set(contactRows.map((c) => c.id));
  const edges: Chains['edges'] = [];
  const parts = new Components();
  for (const c of contactRows) {
    const source = c.source_case_id ?? (c.source_contact_id && known.has(c.source_contact_id) ? c.source_contact_id : null);
    if (source) {
      edges.push({ source, target: c.id, kind: 'exposure' });
      parts.union(source, c.id);
    }
    if (c.case_report_id) {
      edges.push({ source: c.id, target: c.case_report_id, kind: 'became_case' });
      parts.union(c.id, c.case_report_id);
    }
  }
  const iso = (v: string | Date) => new Date(v).toISOString();
  const caseNodes = caseRows.map((r) => ({
    id: r.id,
    kind: 'case' as const,
    code: r.code,
    label: r.code,
    status: r.classification,
    riskCategory: null,
    degree: null,
    jurisdiction: { id: r.jurisdiction_id, name: r.j_name, nameEn: r.j_name_en },
    otherDistrict: '',
    cluster: '',
    date: iso(r.reported_at),
    path: r.j_path,
  }));
  const contactNodes = contactRows.map((r) => ({
    id: r.id,
    kind: 'contact' as const,
    code: r.code,
    label: r.person_name,
    status: r.status,
    riskCategory: r.risk_category,
    degree: r.degree,
    jurisdiction: { id: r.jurisdiction_id, name: r.j_name, nameEn: r.j_name_en },
    otherDistrict: r.other_district,
    cluster: '',
    date: iso(r.created_at),
    path: r.j_path,
  }));
  const all = [...caseNodes, ...contactNodes];
  // a cluster is named by its first reported case
  const first = new Map<string, { code: string; date: string }>();
  for (const n of caseNodes) {
    const root = parts.find(n.id);
    const f = first.get(root);
    if (!f || n.date < f.date || (n.date === f.date && n.code < f.code)) first.set(root, { code: n.code, date: n.date });
  }
  for (const n of all) n.cluster = first.get(parts.find(n.id))?.code ?? n.code;

  // filters on whole clusters: a place, one cluster
  let keep = new Set(all.map((n) => n.cluster));
  if (query.jurisdictionId) {
    const placePath = rowsOf<{ path: string }>(await db.execute(sql`SELECT path FROM jurisdictions WHERE id = ${query.jurisdictionId}`))[0]
      ?.path;
    keep = new Set(all.filter((n) => placePath !== undefined && n.path.startsWith(placePath)).map((n) => n.cluster));
  }
  if (query.cluster) keep = new Set([...keep].filter((c) => c === query.cluster));
  const clusters = new Map<string, { id: string; cases: number; contacts: number; crossesDistrict: boolean; last: string }>();
  for (const n of all) {
    if (!keep.has(n.cluster)) continue;
    const c = clusters.get(n.cluster) ?? { id: n.cluster, cases: 0, contacts: 0, crossesDistrict: false, last: '' };
    if (n.kind === 'case') c.cases += 1;
    else c.contacts += 1;
    if (n.otherDistrict !== '') c.crossesDistrict = true;
    if (n.date > c.last) c.last = n.date;
    clusters.set(n.cluster, c);
  }
  // the newest clusters first, until the node limit
  const ordered = [...clusters.values()].sort((a, b) => b.last.localeCompare(a.last) || a.id.localeCompare(b.id));
  const shown = new Set<string>();
  let count = 0;
  let truncated = false;
  for (const c of ordered) {
    if (count + c.cases + c.contacts > CHAIN_NODE_LIMIT && shown.size > 0) {
      truncated = true;
      break;
    }
    shown.add(c.id);
    count += c.cases + c.contacts;
  }
  if (contactRows.length >= CHAIN_NODE_LIMIT * 4) truncated = true;
  const nodes = all.filter((n) => shown.has(n.cluster)).map(({ path: _path, ...n }) => n);
  const ids = new Set(nodes.map((n) => n.id));
  return {
    nodes,
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    clusters: ordered.filter((c) => shown.has(c.id)).map(({ last: _last, ...c }) => c),
    truncated,
  };
}
