// Shapes of docs/api-contract.md as the web app reads them. The server's zod schemas are the source of
// truth; these mirror them field for field so that a contract change shows up as a type error here.

export type Locale = 'zh-CN' | 'en';

export interface RoleGrant {
  role: string;
  jurisdictionId: string;
  jurisdictionName: string;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  locale: Locale;
  roles: RoleGrant[];
  rights: string[];
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface ModuleInfo {
  id: string;
  enabled: boolean;
}

export interface Role {
  id: string;
  name: string;
  nameEn: string;
  rights: string[];
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  roles: RoleGrant[];
  createdAt: string;
}

export interface AuditRecord {
  seq: number;
  at: string;
  actor: { id: string; username: string } | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export type JurisdictionLevel = 'province' | 'city' | 'district' | 'township' | 'community';
export const JURISDICTION_LEVELS: JurisdictionLevel[] = ['province', 'city', 'district', 'township', 'community'];

export interface Jurisdiction {
  id: string;
  parentId: string | null;
  level: JurisdictionLevel;
  code: string;
  name: string;
  nameEn: string;
  population: number | null;
  centroid: [number, number] | null;
  /** Jurisdictions sharing a border with this one, within the caller's scope only (ordered by code). */
  adjacentIds: string[];
}

export interface AdjacentDistrict {
  id: string;
  name: string;
  nameEn: string;
  code: string;
  population: number | null;
  centroid: [number, number] | null;
  /** Person-trips per day, all modes. */
  dailyFlowIn: number;
  dailyFlowOut: number;
  modes: Record<'road' | 'rail' | 'river', { in: number; out: number }>;
}

export interface Agency {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  kind: string;
  jurisdictionId: string;
  contactPerson: string;
  phone: string;
  email: string;
  address: string;
  duties: string;
}

export interface RosterEntry {
  id?: string;
  date: string;
  shift: string;
  personName: string;
  phone: string;
  role: string;
}

export const FACILITY_TYPES = [
  'designated_hospital',
  'general_hospital',
  'fever_clinic',
  'township_health_centre',
  'cdc_laboratory',
  'port_quarantine',
  'warehouse',
  'quarantine_hotel',
] as const;
export type FacilityType = (typeof FACILITY_TYPES)[number];

export interface Facility {
  id: string;
  name: string;
  nameEn: string;
  type: FacilityType;
  jurisdictionId: string;
  address: string;
  location: [number, number] | null;
  beds: number;
  icuBeds: number;
  isolationRooms: number;
  rooms: number;
  phone: string;
}

export interface DashboardSummary {
  population: number;
  townships: number;
  communities: number;
  agencies: number;
  facilitiesByType: Record<string, number>;
  beds: number;
  icuBeds: number;
  isolationRooms: number;
  quarantineRooms: number;
}

export interface TownshipProperties {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  level: JurisdictionLevel;
  population: number | null;
}

/** `GET /api/jurisdictions/flows` item: residents of the origin spending a working day in the destination. */
export interface TownshipFlow {
  originId: string;
  destinationId: string;
  /** persons per day */
  dailyTrips: number;
  source: string;
}

/** Properties of a `GET /api/map/features` feature: a river reach (one per township) or the port. */
export interface MapFeatureProperties {
  id: string;
  kind: 'river' | 'port';
  name: string;
  nameEn: string;
  jurisdictionId: string;
}

export interface FeatureCollection<P> {
  type: 'FeatureCollection';
  features: Array<{ type: 'Feature'; id?: string | number; properties: P; geometry: { type: string; coordinates: unknown } }>;
}

/** Member agencies of the joint prevention and control mechanism (DOMAIN §1), as the server enumerates them. */
export const AGENCY_KINDS = [
  'health_commission',
  'cdc',
  'hospital',
  'public_security',
  'transport',
  'port_maritime',
  'market_regulation',
  'education',
  'civil_affairs',
  'press_office',
  'emergency_management',
  'township_government',
  'community_grid',
] as const;

export const ROSTER_SHIFTS = ['all_day', 'day', 'night'] as const;
