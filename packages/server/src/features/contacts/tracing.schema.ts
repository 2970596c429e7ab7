/**
 * Schemas of the second increment of contact tracing (docs/contacts.md): risk rules, tracing teams, residence
 * in another district, duplicates and merge, KPIs and chains of transmission. Bodies are `.strict()`.
 */
import { z } from '@hono/zod-openapi';
import { CONTACT_RELATIONS, CONTACT_SETTINGS, CONTACT_STATUSES, CONTACT_TYPES, RISK_CATEGORIES } from './contacts.tables.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const text = (max: number) => z.string().trim().max(max);

// ── risk rules ──────────────────────────────────────────────────────────────────────────────────

export const RiskRuleSchema = z
  .object({
    id: z.uuid(),
    diseaseId: z.uuid().nullable().openapi({ description: 'null: a rule for every disease' }),
    position: z.number().int(),
    setting: z.enum(CONTACT_SETTINGS).nullable(),
    relation: z.enum(CONTACT_RELATIONS).nullable(),
    contactType: z.enum(CONTACT_TYPES).nullable(),
    degree: z.number().int().nullable().openapi({ description: '1 a contact of a case, 2 a contact of a contact' }),
    riskCategory: z.enum(RISK_CATEGORIES),
    note: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ContactRiskRule');
export const RiskRuleListSchema = z.object({ items: z.array(RiskRuleSchema) }).openapi('ContactRiskRuleList');
export type RiskRuleList = z.infer<typeof RiskRuleListSchema>;

export const RiskRulesReplaceSchema = z
  .object({
    diseaseId: z.uuid().nullable().openapi({ description: 'the disease whose list is replaced; null: the list for every disease' }),
    rules: z
      .array(
        z
          .object({
            setting: z.enum(CONTACT_SETTINGS).nullable().optional(),
            relation: z.enum(CONTACT_RELATIONS).nullable().optional(),
            contactType: z.enum(CONTACT_TYPES).nullable().optional(),
            degree: z
              .union([z.literal(1), z.literal(2)])
              .nullable()
              .optional(),
            riskCategory: z.enum(RISK_CATEGORIES),
            note: text(200).default(''),
          })
          .strict(),
      )
      .max(50),
  })
  .strict()
  .openapi('ContactRiskRulesReplace', { description: 'the rules in the order they are tried; the first that matches gives the category' });
export type RiskRulesReplace = z.infer<typeof RiskRulesReplaceSchema>;

// ── teams ───────────────────────────────────────────────────────────────────────────────────────

const Ref = z.object({ id: z.uuid(), name: z.string(), nameEn: z.string() });

export const TeamSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    jurisdiction: Ref,
    leader: z.string(),
    phone: z.string(),
    active: z.boolean(),
    townships: z.array(Ref),
    openContacts: z.number().int().openapi({ description: 'contacts under follow-up the team follows' }),
  })
  .openapi('TracingTeam');
export const TeamListSchema = z.object({ items: z.array(TeamSchema) }).openapi('TracingTeamList');

export const TeamCreateSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(100),
    jurisdictionId: z.uuid().openapi({ description: 'the team’s home (who sees and manages it); in your scope' }),
    leader: text(100).default(''),
    phone: text(40).default(''),
    townshipIds: z
      .array(z.uuid())
      .max(50)
      .default([])
      .openapi({ description: 'townships the team serves: their contacts (not assigned by hand) go to the team' }),
  })
  .strict()
  .openapi('TracingTeamCreate');
export type TeamCreate = z.infer<typeof TeamCreateSchema>;

export const TeamPatchSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(100),
    leader: text(100),
    phone: text(40),
    active: z.boolean(),
    townshipIds: z.array(z.uuid()).max(50),
  })
  .partial()
  .strict()
  .openapi('TracingTeamPatch');
export type TeamPatch = z.infer<typeof TeamPatchSchema>;

export const ContactTeamSchema = z
  .object({ teamId: z.uuid().nullable().openapi({ description: 'a team chosen by hand; null: the team of the contact’s township' }) })
  .strict()
  .openapi('ContactTeam');

export const OtherDistrictNoticeSchema = z
  .object({ note: text(500).default('').openapi({ description: 'how and whom the other district was told' }) })
  .strict()
  .openapi('OtherDistrictNotice');

// ── duplicates and merge ────────────────────────────────────────────────────────────────────────

const DuplicateSide = z.object({
  id: z.uuid(),
  code: z.string(),
  personName: z.string(),
  phone: z.string(),
  idNumberMasked: z.string(),
  status: z.enum(CONTACT_STATUSES),
  indexCaseCode: z.string(),
  lastExposureAt: z.string(),
  createdAt: z.string(),
});
export const DuplicatePairSchema = z
  .object({ match: z.enum(['identity', 'name_phone']), a: DuplicateSide, b: DuplicateSide })
  .openapi('ContactDuplicatePair');
export const DuplicateListSchema = z.object({ items: z.array(DuplicatePairSchema) }).openapi('ContactDuplicateList');

export const MergeSchema = z
  .object({
    duplicateId: z.uuid().openapi({ description: 'the record merged into this one: cancelled, its history kept and shown here' }),
  })
  .strict()
  .openapi('ContactMerge');
export type Merge = z.infer<typeof MergeSchema>;

// ── KPIs ────────────────────────────────────────────────────────────────────────────────────────

export const KpiQuerySchema = z.object({
  date: isoDate.optional().openapi({ description: 'the day of “followed up today”; default today (district time)' }),
  days: z.coerce
    .number()
    .int()
    .min(1)
    .max(365)
    .default(7)
    .openapi({ description: 'cases reported in the last `days` days up to `date` feed the other indicators' }),
  diseaseId: z.uuid().optional(),
});
export type KpiQuery = z.infer<typeof KpiQuerySchema>;

const Ratio = z
  .object({ numerator: z.number().int(), denominator: z.number().int(), value: z.number().nullable() })
  .openapi('KpiRatio', { description: 'value = numerator / denominator, null when the denominator is 0' });
const KpiFigures = z.object({
  followedUpToday: Ratio.openapi({ description: 'contacts due today seen (well or unwell) today' }),
  casesKnownContacts: Ratio.openapi({ description: 'new cases of the period that were already listed contacts' }),
  medianHoursToListed: z.number().nullable().openapi({ description: 'median hours from a case’s report to each contact listed' }),
  tracedWithin24h: Ratio,
  tracedWithin48h: Ratio,
  contactsListed: z.number().int(),
  toNotify: z.number().int().openapi({ description: 'contacts living in another district not yet notified' }),
});
export const KpiSchema = z
  .object({
    date: isoDate,
    from: isoDate,
    district: KpiFigures,
    townships: z.array(KpiFigures.extend({ jurisdiction: Ref })),
  })
  .openapi('ContactKpis');
export type Kpis = z.infer<typeof KpiSchema>;

// ── chains ──────────────────────────────────────────────────────────────────────────────────────

export const ChainQuerySchema = z.object({
  from: isoDate.optional().openapi({ description: 'index cases reported from this day (default: 30 days before to)' }),
  to: isoDate.optional(),
  diseaseId: z.uuid().optional(),
  jurisdictionId: z.uuid().optional().openapi({ description: 'chains with a case or contact in this place' }),
  cluster: z.string().trim().max(40).optional().openapi({ description: 'one cluster, by its id (the code of its first case)' }),
});
export type ChainQuery = z.infer<typeof ChainQuerySchema>;

export const ChainNodeSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['case', 'contact']),
    code: z.string(),
    label: z.string(),
    status: z.string(),
    riskCategory: z.enum(RISK_CATEGORIES).nullable(),
    degree: z.number().int().nullable(),
    jurisdiction: Ref.nullable(),
    otherDistrict: z.string(),
    cluster: z.string(),
    date: z.string(),
  })
  .openapi('ChainNode');
export const ChainSchema = z
  .object({
    nodes: z.array(ChainNodeSchema),
    edges: z.array(z.object({ source: z.string(), target: z.string(), kind: z.enum(['exposure', 'became_case']) })),
    clusters: z.array(
      z.object({
        id: z.string(),
        cases: z.number().int(),
        contacts: z.number().int(),
        crossesDistrict: z.boolean().openapi({ description: 'a contact of the chain lives in another district' }),
      }),
    ),
    truncated: z.boolean(),
  })
  .openapi('ContactChains');
export type Chains = z.infer<typeof ChainSchema>;
