// Names the web app uses for shapes of the API, each derived from the generated schema.d.ts (contract.ts):
// the server's zod schemas are the one source of truth, so a contract change shows up as a type error here.
import type { Schemas, ResponseOf } from './contract.ts';
export type Locale = Schemas['Me']['locale'];
export type RoleGrant = Schemas['Me']['roles'][number];
export type Me = Schemas['Me'];
export type ModuleInfo = ResponseOf<'/api/modules', 'get'>['modules'][number];
export type Role = Schemas['RoleList']['items'][number];
export type User = Schemas['User'];
export type AuditRecord = Schemas['AuditRecord'];

export type JurisdictionLevel = Schemas['JurisdictionLevel'];
export const JURISDICTION_LEVELS: JurisdictionLevel[] = ['province', 'city', 'district', 'township', 'community'];
export type Jurisdiction = Schemas['Jurisdiction'];
export type AdjacentDistrict = Schemas['AdjacentDistrict'];
export type Agency = Schemas['Agency'];
export type RosterEntry = Schemas['RosterEntry'];

export const FACILITY_TYPES = [
  'designated_hospital',
  'general_hospital',
  'fever_clinic',
  'township_health_centre',
  'cdc_laboratory',
  'port_quarantine',
  'warehouse',
  'quarantine_hotel',
  'mental_health_centre',
] as const;
export type FacilityType = Schemas['FacilityType'];
export type Facility = Schemas['Facility'];
export type DashboardSummary = Schemas['DashboardSummary'];
export type TownshipProperties = Schemas['JurisdictionFeatureCollection']['features'][number]['properties'];

/** `GET /api/jurisdictions/flows` item: residents of the origin spending a working day in the destination. */
export type TownshipFlow = Schemas['JurisdictionFlowList']['items'][number];

/** Properties of a `GET /api/map/features` feature: a river reach (one per township) or the port. */
export type MapFeatureProperties = Schemas['MapFeatureCollection']['features'][number]['properties'];

/**
 * A GeoJSON FeatureCollection (RFC 7946) with properties P, as the map code takes it whatever the geometry: the
 * API's collections (`Schemas['JurisdictionFeatureCollection']`, `Schemas['MapFeatureCollection']`) are instances.
 */
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
