import { useQuery } from '@tanstack/react-query';
import type { AdjacentDistrict, FeatureCollection, Jurisdiction, TownshipProperties } from '../../api/types.ts';
import { api } from '../../app/api.ts';

/** Every jurisdiction in the user's scope (flat; the server answers only the scope). */
export function useJurisdictions() {
  return useQuery({
    queryKey: ['jurisdictions'],
    queryFn: async () => (await api.get<{ items: Jurisdiction[] }>('/api/jurisdictions')).items,
    staleTime: 5 * 60_000,
  });
}

export function useTownshipGeojson() {
  return useQuery({
    queryKey: ['jurisdictions', 'geojson', 'township'],
    queryFn: () => api.get<FeatureCollection<TownshipProperties>>('/api/jurisdictions/geojson', { level: 'township' }),
    staleTime: 5 * 60_000,
  });
}

export function useAdjacentDistricts() {
  return useQuery({
    queryKey: ['adjacent-districts'],
    queryFn: async () => (await api.get<{ items: AdjacentDistrict[] }>('/api/adjacent-districts')).items,
    staleTime: 5 * 60_000,
  });
}

/** Name in the UI language; the English name falls back to the Chinese one when it was left empty. */
export function localName(item: { name: string; nameEn?: string | null }, language: string): string {
  return language === 'en' && item.nameEn ? item.nameEn : item.name;
}

export interface JurisdictionNode {
  key: string;
  value: string;
  title: string;
  jurisdiction: Jurisdiction;
  children: JurisdictionNode[];
}

/**
 * The flat list as a tree (antd Tree / TreeSelect data). Items whose parent is outside the user's scope
 * become roots, so a township officer sees their township at the top. Children are ordered by code.
 */
export function buildJurisdictionTree(items: Jurisdiction[], language: string): JurisdictionNode[] {
  const nodes = new Map<string, JurisdictionNode>();
  for (const jurisdiction of items) {
    nodes.set(jurisdiction.id, { key: jurisdiction.id, value: jurisdiction.id, title: localName(jurisdiction, language), jurisdiction, children: [] });
  }
  const roots: JurisdictionNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.jurisdiction.parentId ? nodes.get(node.jurisdiction.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const byCode = (a: JurisdictionNode, b: JurisdictionNode) => a.jurisdiction.code.localeCompare(b.jurisdiction.code);
  const sort = (list: JurisdictionNode[]) => {
    list.sort(byCode);
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

/** id → jurisdiction, for showing names in tables. */
export function jurisdictionIndex(items: Jurisdiction[] | undefined): Map<string, Jurisdiction> {
  return new Map((items ?? []).map((jurisdiction) => [jurisdiction.id, jurisdiction]));
}
