import { useQuery } from '@tanstack/react-query';
import {
  type AdjacentDistrict,
  type FeatureCollection,
  JURISDICTION_LEVELS,
  type Jurisdiction,
  type JurisdictionLevel,
  type MapFeatureProperties,
  type TownshipFlow,
  type TownshipProperties,
} from '../../api/types.ts';
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

/** The river's reaches or the port(s) within scope, as drawn on the district map. */
export function useMapFeatures(kind: MapFeatureProperties['kind']) {
  return useQuery({
    queryKey: ['map-features', kind],
    queryFn: () => api.get<FeatureCollection<MapFeatureProperties>>('/api/map/features', { kind }),
    staleTime: 5 * 60_000,
  });
}

/** Commuting between townships within scope (directed; empty for a single township's officer). */
export function useTownshipFlows() {
  return useQuery({
    queryKey: ['jurisdictions', 'flows'],
    queryFn: async () => (await api.get<{ items: TownshipFlow[] }>('/api/jurisdictions/flows')).items,
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
    nodes.set(jurisdiction.id, {
      key: jurisdiction.id,
      value: jurisdiction.id,
      title: localName(jurisdiction, language),
      jurisdiction,
      children: [],
    });
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

/** The level a new child gets: one below its parent. */
export function childLevel(parent: JurisdictionLevel): JurisdictionLevel {
  const index = JURISDICTION_LEVELS.indexOf(parent);
  return JURISDICTION_LEVELS[Math.min(index + 1, JURISDICTION_LEVELS.length - 1)];
}

/**
 * The digits a child's code shares with its parent's, per the child's level: GB/T 2260 gives 2 digits to the
 * province, 4 to the city, 6 to the district; the 12-digit statistical code adds 3 for the township and 3 for
 * the community. The new child's code field starts with them.
 */
export const CODE_PREFIX_DIGITS: Record<JurisdictionLevel, number> = { province: 0, city: 2, district: 4, township: 6, community: 9 };
