/**
 * What the audit log may keep of each entity, and who may read an entry's before/after (issue 11 item 2).
 *
 * The audit log is read with `audit.read` (a system administrator, an auditor), which grants no right to the
 * records themselves. So per entity type:
 * - `sensitiveFields`: top-level fields of before/after whose *values* are never stored — the entry keeps that
 *   they were there and (in `changed_fields`) whether they changed, with the value replaced by
 *   {@link PROTECTED_VALUE};
 * - `readRight`: the entry's before/after are shown only to readers who also hold this right over the
 *   entry's jurisdiction (the record's `jurisdictionId`); others see action, actor, time and the changed fields.
 * Entity types not listed here show before/after to every audit reader, as before.
 *
 * A feature with personal data adds its entity types here (contacts, counselling records …): one line each.
 *
 * @example
 * AUDIT_POLICIES.contact = { readRight: 'contacts.read', sensitiveFields: ['personName', 'phone', 'address'] };
 */
import type { Right } from '../auth/rights.ts';

export interface AuditPolicy {
  /** the right (with scope over the record's jurisdiction) needed to see the entry's before/after */
  readRight: Right;
  /** top-level fields of before/after whose values are not stored */
  sensitiveFields: readonly string[];
}

/** What a sensitive value is stored and shown as. */
export const PROTECTED_VALUE = '[protected]';

/** The person fields of a case report (the ID number in any form, and what helps rebuild it). */
const CASE_PERSON_FIELDS = [
  'personName',
  'sex',
  'birthDate',
  'idNumber',
  'idNumberEncrypted',
  'idNumberMasked',
  'idNumberHash',
  'phone',
  'address',
  'occupation',
] as const;

/** What a psychological-assistance record says about a person (names, contact, answers, notes). */
const PSYCH_FIELDS = [
  'name',
  'phone',
  'callbackPhone',
  'answers',
  'notes',
  'planNotes',
  'outcome',
  'reason',
  'action',
  'concerns',
  'note',
  'callbackNote',
  'linkedCaseId',
  'linkedContactId',
] as const;

/** Password-related data of users: never worth keeping, whoever reads. */
const PASSWORD_FIELDS = ['password', 'passwordHash', 'currentPassword', 'newPassword', 'failedLogins', 'lockedUntil'] as const;

export const AUDIT_POLICIES: Record<string, AuditPolicy> = {
  case_report: { readRight: 'cases.read', sensitiveFields: CASE_PERSON_FIELDS },
  case_identity: { readRight: 'cases.identity', sensitiveFields: CASE_PERSON_FIELDS },
  // a case linked to an incident (incident_cases): filed under the case's residence; the link and its reason
  // ("the field investigation tied her to the kindergarten") are about the person, shown to readers of the case
  incident_case: { readRight: 'cases.read', sensitiveFields: [] },
  // contact tracing (src/features/contacts): the same person fields as a case report
  contact: { readRight: 'contacts.read', sensitiveFields: CASE_PERSON_FIELDS },
  contact_identity: { readRight: 'cases.identity', sensitiveFields: CASE_PERSON_FIELDS },
  // temperature and symptoms are health data: shown to readers of the contact only
  contact_follow_up: { readRight: 'contacts.read', sensitiveFields: ['temperature', 'symptoms', 'notes'] },
  user: { readRight: 'users.manage', sensitiveFields: PASSWORD_FIELDS },
  // voyages and manifests (src/features/travel): a case's place aboard and the investigator's notes; identity views
  travel_exposure: { readRight: 'travel.read', sensitiveFields: ['notes'] },
  travel_manifest_identity: { readRight: 'cases.identity', sensitiveFields: CASE_PERSON_FIELDS },
  // the epidemiological investigation (src/features/investigations): where the case went is health data of the case
  investigation: { readRight: 'cases.read', sensitiveFields: ['likelySource', 'notes'] },
  investigation_event: { readRight: 'cases.read', sensitiveFields: ['place', 'activity', 'notes', 'deck', 'cabin', 'seat'] },
  // quarantine (src/features/quarantine): where a person stays is shown to readers of quarantine over their residence
  quarantine_assignment: { readRight: 'quarantine.read', sensitiveFields: ['homeAddress', 'notes', 'releaseNotes'] },
  quarantine_notice: { readRight: 'quarantine.read', sensitiveFields: [] },
  // psychological assistance (src/features/psych): shown to the team only; names, contact and clinical content
  // are never stored (the feature writes ids and states only, these lists are the second line)
  psych_client: { readRight: 'counselling.read', sensitiveFields: PSYCH_FIELDS },
  psych_screening: { readRight: 'counselling.read', sensitiveFields: PSYCH_FIELDS },
  psych_call: { readRight: 'counselling.read', sensitiveFields: PSYCH_FIELDS },
  psych_task: { readRight: 'counselling.read', sensitiveFields: PSYCH_FIELDS },
  psych_referral: { readRight: 'counselling.read', sensitiveFields: PSYCH_FIELDS },
  psych_session: { readRight: 'counselling.read', sensitiveFields: PSYCH_FIELDS },
  psych_link: { readRight: 'counselling.read', sensitiveFields: PSYCH_FIELDS },
  psych_group: { readRight: 'counselling.read', sensitiveFields: PSYCH_FIELDS },
  psych_break_glass: { readRight: 'counselling.lead', sensitiveFields: PSYCH_FIELDS },
  psych_settings: { readRight: 'counselling.read', sensitiveFields: [] },
  psych_purge: { readRight: 'counselling.lead', sensitiveFields: [] },
  // volunteers (src/features/volunteers): their own phone and ID are personal data; a task's contact details too
  volunteer: { readRight: 'volunteers.personal', sensitiveFields: ['name', 'birthYear', 'phoneMasked', 'idNumberMasked', 'notes', 'grid'] },
  volunteer_personal: { readRight: 'volunteers.personal', sensitiveFields: ['phoneMasked', 'idNumberMasked'] },
  volunteer_assignment: { readRight: 'volunteers.manage', sensitiveFields: ['contactDetails'] },
  volunteer_assignment_contact: { readRight: 'volunteers.manage', sensitiveFields: [] },
  volunteer_hours: { readRight: 'volunteers.read', sensitiveFields: [] },
};

/** The policy of an entity type, if it has one. */
export function auditPolicyOf(entityType: string): AuditPolicy | undefined {
  return Object.hasOwn(AUDIT_POLICIES, entityType) ? AUDIT_POLICIES[entityType] : undefined;
}

/** `value` with the sensitive top-level fields' values replaced by {@link PROTECTED_VALUE}. */
export function withoutSensitiveValues(value: unknown, fields: readonly string[]): unknown {
  if (fields.length === 0 || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const field of fields) if (Object.hasOwn(out, field)) out[field] = PROTECTED_VALUE;
  return out;
}

/**
 * The top-level fields an entry changed: for an update those whose values differ, for a create (or delete)
 * those present in after (before). Null when before/after are not objects.
 */
export function changedFieldsOf(before: unknown, after: unknown, same: (a: unknown, b: unknown) => boolean): string[] | null {
  const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isRecord(before) && isRecord(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].filter((k) => !same(before[k] ?? null, after[k] ?? null)).sort();
  }
  if (isRecord(after) && (before === null || before === undefined)) return Object.keys(after).sort();
  if (isRecord(before) && (after === null || after === undefined)) return Object.keys(before).sort();
  return null;
}
