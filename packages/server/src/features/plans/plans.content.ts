/**
 * The structured content of an emergency plan (应急预案), DOMAIN.md §4: headquarters and working groups,
 * monitoring and early warning, information reporting and release, technical institutions, grading with
 * trigger criteria and per-level measures (I–IV), field prevention and control, materials and stockpiles,
 * training. Every text is held in Chinese with English alongside (`{ zh, en }`).
 *
 * Drafts may hold empty texts (a plan is written over days); `completenessIssues` lists what must be filled
 * in before a version can go to review.
 */
import { z } from '@hono/zod-openapi';
import { RESPONSE_LEVELS, TASK_PRIORITIES } from './response-vocabulary.ts';

const text = (max: number) => z.string().trim().max(max);

/** A text in Chinese with its English alongside. */
const bilingual = (max: number) => z.object({ zh: text(max), en: text(max) }).strict();
export const ShortText = bilingual(300).openapi('BilingualShortText', { example: { zh: '疫情防控组', en: 'Epidemic control group' } });
export const LongText = bilingual(20_000).openapi('BilingualText');
export type Bilingual = z.infer<typeof ShortText>;

/** Ids of list entries: stable across versions (a measure's id is the origin of the tasks made from it). */
const entryId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only (1–64)')
  .optional()
  .openapi({ description: 'stable id within the plan; given by the server when absent', example: 'III-ga-trace' });

export const WorkingGroupSchema = z
  .object({
    id: entryId,
    name: ShortText,
    leadAgencyId: z.uuid().nullable().default(null),
    memberAgencyIds: z.array(z.uuid()).max(50).default([]),
    duties: LongText,
  })
  .strict();

export const HeadquartersSchema = z
  .object({
    /** the post that leads (e.g. the district head), not a person: people change, posts do not */
    commander: ShortText,
    deputies: z.array(ShortText).max(10).default([]),
    /** member agencies and posts */
    composition: LongText,
    duties: LongText,
    /** where the headquarters' office sits and what it does */
    office: LongText,
    workingGroups: z.array(WorkingGroupSchema).max(30).default([]),
  })
  .strict();

export const TechnicalInstitutionSchema = z
  .object({ id: entryId, agencyId: z.uuid().nullable().default(null), name: ShortText, tasks: LongText })
  .strict();

export const MeasureSchema = z
  .object({
    id: entryId,
    title: ShortText,
    description: LongText,
    /** the responsible agency: the tasks made at activation are assigned to it */
    agencyId: z.uuid(),
    /** hours after activation by which the measure must be done */
    deadlineHours: z.number().int('whole hours').min(0).max(8760).openapi({ description: 'hours after activation', example: 24 }),
    priority: z.enum(TASK_PRIORITIES).default('normal'),
    checklist: z.array(ShortText).max(50).default([]),
  })
  .strict();
export type Measure = z.infer<typeof MeasureSchema> & { id: string };

export const LevelSchema = z
  .object({
    /** when this level applies (trigger criteria) */
    criteria: LongText,
    measures: z.array(MeasureSchema).max(100).default([]),
  })
  .strict();

export const StockpileSchema = z
  .object({
    id: entryId,
    item: ShortText,
    quantity: z.number().min(0).max(1e9),
    unit: ShortText,
    holderAgencyId: z.uuid().nullable().default(null),
  })
  .strict();

export const PlanContentSchema = z
  .object({
    title: ShortText,
    /** purpose, basis, scope and principles */
    general: LongText,
    headquarters: HeadquartersSchema,
    monitoring: LongText,
    reporting: LongText,
    technicalInstitutions: z.array(TechnicalInstitutionSchema).max(30).default([]),
    levels: z.object({ I: LevelSchema, II: LevelSchema, III: LevelSchema, IV: LevelSchema }).strict(),
    fieldControl: LongText,
    materials: z.object({ text: LongText, stockpiles: z.array(StockpileSchema).max(200).default([]) }).strict(),
    training: LongText,
  })
  .strict()
  .openapi('PlanContent');

/** Content as stored: every list entry has its id. */
export type PlanContent = z.infer<typeof PlanContentSchema>;

/** One field that is not ready for review. */
export interface ContentIssue {
  path: string;
  message: string;
}

/**
 * What must be filled in before review: every text in both languages, every level's criteria and at least one
 * measure per level, a lead agency per working group.
 */
export function completenessIssues(content: PlanContent): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const need = (value: Bilingual, path: string) => {
    if (!value.zh) issues.push({ path: `${path}.zh`, message: 'Chinese text is required' });
    if (!value.en) issues.push({ path: `${path}.en`, message: 'English text is required' });
  };
  need(content.title, 'title');
  need(content.general, 'general');
  const hq = content.headquarters;
  need(hq.commander, 'headquarters.commander');
  hq.deputies.forEach((d, i) => need(d, `headquarters.deputies.${i}`));
  need(hq.composition, 'headquarters.composition');
  need(hq.duties, 'headquarters.duties');
  need(hq.office, 'headquarters.office');
  if (hq.workingGroups.length === 0) issues.push({ path: 'headquarters.workingGroups', message: 'at least one working group is required' });
  hq.workingGroups.forEach((g, i) => {
    need(g.name, `headquarters.workingGroups.${i}.name`);
    need(g.duties, `headquarters.workingGroups.${i}.duties`);
    if (!g.leadAgencyId) issues.push({ path: `headquarters.workingGroups.${i}.leadAgencyId`, message: 'a lead agency is required' });
  });
  need(content.monitoring, 'monitoring');
  need(content.reporting, 'reporting');
  content.technicalInstitutions.forEach((t, i) => {
    need(t.name, `technicalInstitutions.${i}.name`);
    need(t.tasks, `technicalInstitutions.${i}.tasks`);
  });
  for (const level of RESPONSE_LEVELS) {
    const l = content.levels[level];
    need(l.criteria, `levels.${level}.criteria`);
    if (l.measures.length === 0) issues.push({ path: `levels.${level}.measures`, message: 'at least one measure is required' });
    l.measures.forEach((m, i) => {
      need(m.title, `levels.${level}.measures.${i}.title`);
      m.checklist.forEach((c, j) => need(c, `levels.${level}.measures.${i}.checklist.${j}`));
    });
  }
  need(content.fieldControl, 'fieldControl');
  need(content.materials.text, 'materials.text');
  content.materials.stockpiles.forEach((s, i) => {
    need(s.item, `materials.stockpiles.${i}.item`);
    need(s.unit, `materials.stockpiles.${i}.unit`);
  });
  need(content.training, 'training');
  return issues;
}

/** Every agency id the content names, with the field path of each use (to check them against the registry). */
export function agencyReferences(content: PlanContent): { path: string; agencyId: string }[] {
  const refs: { path: string; agencyId: string }[] = [];
  content.headquarters.workingGroups.forEach((g, i) => {
    if (g.leadAgencyId) refs.push({ path: `headquarters.workingGroups.${i}.leadAgencyId`, agencyId: g.leadAgencyId });
    g.memberAgencyIds.forEach((a, j) => refs.push({ path: `headquarters.workingGroups.${i}.memberAgencyIds.${j}`, agencyId: a }));
  });
  content.technicalInstitutions.forEach((t, i) => {
    if (t.agencyId) refs.push({ path: `technicalInstitutions.${i}.agencyId`, agencyId: t.agencyId });
  });
  for (const level of RESPONSE_LEVELS) {
    content.levels[level].measures.forEach((m, i) => refs.push({ path: `levels.${level}.measures.${i}.agencyId`, agencyId: m.agencyId }));
  }
  content.materials.stockpiles.forEach((s, i) => {
    if (s.holderAgencyId) refs.push({ path: `materials.stockpiles.${i}.holderAgencyId`, agencyId: s.holderAgencyId });
  });
  return refs;
}

/**
 * Gives every list entry without an id a fresh one, and reports ids used twice within one list kind (a
 * duplicate measure id would make "instantiated once" ambiguous). Measure ids are unique across all levels.
 */
export function withEntryIds(content: PlanContent, newId: () => string): { content: PlanContent; issues: ContentIssue[] } {
  const issues: ContentIssue[] = [];
  const assign = <T extends { id?: string }>(list: T[], path: string, seen: Set<string>): (T & { id: string })[] =>
    list.map((entry, i) => {
      const id = entry.id ?? newId();
      if (seen.has(id)) issues.push({ path: `${path}.${i}.id`, message: `id '${id}' is used twice` });
      seen.add(id);
      return { ...entry, id };
    });
  const measureIds = new Set<string>();
  const levels = Object.fromEntries(
    RESPONSE_LEVELS.map((level) => [
      level,
      { ...content.levels[level], measures: assign(content.levels[level].measures, `levels.${level}.measures`, measureIds) },
    ]),
  ) as PlanContent['levels'];
  return {
    content: {
      ...content,
      headquarters: {
        ...content.headquarters,
        workingGroups: assign(content.headquarters.workingGroups, 'headquarters.workingGroups', new Set()),
      },
      technicalInstitutions: assign(content.technicalInstitutions, 'technicalInstitutions', new Set()),
      levels,
      materials: { ...content.materials, stockpiles: assign(content.materials.stockpiles, 'materials.stockpiles', new Set()) },
    },
    issues,
  };
}

/** The measures of one level, as stored (ids given). */
export function measuresOf(content: PlanContent, level: (typeof RESPONSE_LEVELS)[number]): Measure[] {
  return content.levels[level].measures as Measure[];
}
