/**
 * Request and response schemas of incidents under command: one source for validation, types and the
 * OpenAPI document. Bodies are `.strict()`.
 */
import { z } from '@hono/zod-openapi';
import { PageQuery } from '../../platform/http/schemas.ts';

import { CaseLineItemSchema, CaseLineListSchema } from '../cases/index.ts';
import { INCIDENT_CASE_ORIGINS, INCIDENT_EVENT_KINDS, INCIDENT_ROLES, RESPONSE_LEVELS } from './incidents.tables.ts';

const isoTime = z.iso.datetime({ offset: true }).openapi({ example: '2026-11-20T08:00:00+08:00' });

export const ResponseLevelSchema = z.enum(RESPONSE_LEVELS).openapi('ResponseLevel', { description: 'I most severe … IV' });
export const IncidentRoleSchema = z.enum(INCIDENT_ROLES).openapi('IncidentRole');

export const IncidentCreateSchema = z
  .object({
    alertId: z.uuid().optional().openapi({ description: 'the confirmed alert it is opened from (status must be confirmed)' }),
    title: z
      .string()
      .trim()
      .min(1, 'a title is required')
      .max(200)
      .optional()
      .openapi({ description: "required unless alertId is given (then the alert's title)" }),
    description: z.string().trim().max(20_000).optional(),
    diseaseId: z.uuid().nullable().optional(),
    jurisdictionId: z
      .uuid()
      .optional()
      .openapi({ description: "the affected area; required unless alertId is given (then the alert's area)" }),
    startedAt: isoTime.optional().openapi({
      description:
        "when the outbreak began; from an alert, default the earliest onset among the cases behind its signals (00:00 district time), else the alert's first signal; by hand, now",
    }),
    planId: z
      .uuid()
      .nullable()
      .optional()
      .openapi({ description: 'the plan to run under; default the nearest plan in force covering the area' }),
  })
  .strict()
  .openapi('IncidentCreate');
export type IncidentCreate = z.infer<typeof IncidentCreateSchema>;

export const IncidentPatchSchema = z
  .object({
    title: z.string().trim().min(1, 'a title is required').max(200).optional(),
    description: z.string().trim().max(20_000).optional(),
    diseaseId: z.uuid().nullable().optional(),
    startedAt: isoTime.optional(),
    planId: z.uuid().nullable().optional(),
  })
  .strict()
  .openapi('IncidentPatch');
export type IncidentPatch = z.infer<typeof IncidentPatchSchema>;

export const LevelChangeSchema = z
  .object({
    level: ResponseLevelSchema.nullable().openapi({ description: 'the new level; null ends the response (the incident stays open)' }),
    reason: z.string().trim().min(1, 'give the reason for the change').max(4000),
    approverId: z.uuid().openapi({ description: 'the person who approved the change; must hold response.level for the area' }),
    effectiveAt: isoTime
      .optional()
      .openapi({ description: 'when the change takes effect (due times of new tasks count from it); default now' }),
  })
  .strict()
  .openapi('LevelChange');
export type LevelChange = z.infer<typeof LevelChangeSchema>;

export const LogEntryCreateSchema = z
  .object({
    occurredAt: isoTime.optional().openapi({ description: 'when it happened; default now' }),
    text: z.string().trim().min(1, 'the entry needs a text').max(4000),
  })
  .strict()
  .openapi('IncidentLogEntryCreate');

export const RoleAssignSchema = z
  .object({
    role: IncidentRoleSchema,
    userId: z.uuid(),
    workingGroupId: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .nullable()
      .optional()
      .openapi({ description: "the plan's working group (required for group_lead)" }),
    agencyId: z.uuid().nullable().optional().openapi({ description: 'the agency represented (required for agency_liaison)' }),
  })
  .strict()
  .openapi('IncidentRoleAssign');
export type RoleAssign = z.infer<typeof RoleAssignSchema>;

export const StandDownSchema = z
  .object({
    summary: z.string().trim().min(1, 'a summary is required').max(20_000),
    approverId: z.uuid().openapi({ description: 'the person who approved the stand-down (holds response.level for the area)' }),
  })
  .strict()
  .openapi('IncidentStandDown');
export type StandDown = z.infer<typeof StandDownSchema>;

export const IncidentListQuerySchema = PageQuery.extend({
  status: z.enum(['open', 'closed']).optional(),
  q: z.string().trim().max(100).optional(),
});

const person = z.object({ id: z.uuid(), displayName: z.string() }).nullable();

export const IncidentRoleViewSchema = z
  .object({
    id: z.uuid(),
    role: IncidentRoleSchema,
    workingGroupId: z.string().nullable(),
    workingGroupName: z.string().nullable(),
    workingGroupNameEn: z.string().nullable(),
    agencyId: z.uuid().nullable(),
    agencyName: z.string().nullable(),
    agencyNameEn: z.string().nullable(),
    user: z.object({ id: z.uuid(), displayName: z.string() }),
    assignedAt: z.string(),
    endedAt: z.string().nullable(),
  })
  .openapi('IncidentRoleView');
export type IncidentRoleView = z.infer<typeof IncidentRoleViewSchema>;

export const IncidentSummarySchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    title: z.string(),
    status: z.enum(['open', 'closed']),
    responseLevel: ResponseLevelSchema.nullable(),
    diseaseId: z.uuid().nullable(),
    diseaseName: z.string().nullable(),
    diseaseNameEn: z.string().nullable(),
    jurisdictionId: z.uuid(),
    jurisdictionName: z.string(),
    jurisdictionNameEn: z.string(),
    startedAt: z.string(),
    closedAt: z.string().nullable(),
    updatedAt: z.string(),
    exercise: z.boolean().openapi({ description: 'created by an exercise (docs/exercises.md): show the 演练 EXERCISE banner' }),
    exerciseId: z.uuid().nullable().openapi({ description: 'the exercise that created it; null for real data' }),
  })
  .openapi('IncidentSummary');
export type IncidentSummary = z.infer<typeof IncidentSummarySchema>;

export const IncidentListSchema = z
  .object({ items: z.array(IncidentSummarySchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .openapi('IncidentList');

export const IncidentSchema = IncidentSummarySchema.extend({
  description: z.string(),
  summary: z.string(),
  alertId: z.uuid().nullable(),
  alertCode: z.string().nullable(),
  planId: z.uuid().nullable(),
  planName: z.string().nullable(),
  planNameEn: z.string().nullable(),
  createdBy: person,
  createdAt: z.string(),
  activations: z.array(
    z.object({
      level: ResponseLevelSchema,
      activatedAt: z.string(),
      taskCount: z.number().int(),
      planVersionId: z.uuid().nullable(),
      planVersion: z.number().int().nullable(),
    }),
  ),
  roles: z.array(IncidentRoleViewSchema).openapi({ description: 'current posts (ended ones are on the timeline)' }),
  workingGroups: z
    .array(z.object({ id: z.string(), name: z.string(), nameEn: z.string() }))
    .openapi({ description: "the working groups of the plan's version in force (to staff)" }),
}).openapi('Incident');
export type IncidentView = z.infer<typeof IncidentSchema>;

export const IncidentEventSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(INCIDENT_EVENT_KINDS),
    occurredAt: z.string(),
    text: z.string(),
    fromLevel: ResponseLevelSchema.nullable(),
    toLevel: ResponseLevelSchema.nullable(),
    approver: person,
    author: person,
    data: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('IncidentEvent');
export type IncidentEventView = z.infer<typeof IncidentEventSchema>;
export const IncidentTimelineSchema = z.object({ items: z.array(IncidentEventSchema) }).openapi('IncidentTimeline');

export const IncidentPersonSchema = z
  .object({
    id: z.uuid(),
    displayName: z.string(),
    agencyId: z.uuid().nullable(),
    agencyName: z.string().nullable(),
    agencyNameEn: z.string().nullable(),
    canApproveLevel: z.boolean().openapi({ description: 'holds response.level for the incident area (may approve level changes)' }),
  })
  .openapi('IncidentPerson');
export const IncidentPeopleSchema = z.object({ items: z.array(IncidentPersonSchema) }).openapi('IncidentPeople');

export const IncidentFormOptionsSchema = z
  .object({
    diseases: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string(), nameEn: z.string() })),
    plans: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string(), nameEn: z.string(), jurisdictionId: z.uuid() })),
    alert: z
      .object({
        id: z.uuid(),
        code: z.string(),
        title: z.string(),
        status: z.string(),
        diseaseId: z.uuid().nullable(),
        jurisdictionId: z.uuid(),
        firstSignalAt: z.string().nullable(),
        earliestOnset: z.string().nullable().openapi({
          description: "the earliest onset (diagnosis day when unknown) among the cases behind the alert's signals, 'YYYY-MM-DD'",
        }),
        suggestedStartAt: z
          .string()
          .nullable()
          .openapi({ description: 'the default start: 00:00 district time of earliestOnset, else the first signal' }),
        cases: z.number().int().openapi({ description: "cases behind the alert's signals (linked to the incident when it is opened)" }),
        incidentId: z.uuid().nullable().openapi({ description: 'the incident already opened from it' }),
      })
      .nullable(),
  })
  .openapi('IncidentFormOptions');
export const FormOptionsQuerySchema = z.object({ alertId: z.uuid().optional() });

export const PLAN_COVERAGE_OUTCOMES = ['launches', 'no_plan', 'no_measures', 'already_launched', 'lowering', 'ending'] as const;

export const PlanCoverageSchema = z
  .object({
    level: ResponseLevelSchema.nullable(),
    outcome: z.enum(PLAN_COVERAGE_OUTCOMES).openapi({
      description:
        "launches: the level's measures become tasks; no_plan: no approved plan covers the incident's area, nothing is launched; no_measures: the plan has none for this level; already_launched: launched earlier in this incident; lowering / ending: nothing is launched",
    }),
    planId: z.uuid().nullable(),
    planCode: z.string().nullable(),
    planName: z.string().nullable(),
    planNameEn: z.string().nullable(),
    planVersionId: z.uuid().nullable(),
    planVersion: z.number().int().nullable(),
    measuresLaunched: z.number().int().openapi({ description: 'measures that become tasks (preview) or became tasks (level change)' }),
    agencies: z.number().int().openapi({ description: 'distinct agencies given those measures' }),
    warning: z.string().nullable().openapi({ description: 'in English, when a level is set or raised and nothing is launched' }),
  })
  .openapi('PlanCoverage');
export type PlanCoverage = z.infer<typeof PlanCoverageSchema>;

export const LevelPreviewQuerySchema = z.object({
  level: ResponseLevelSchema.optional().openapi({ description: 'the level to enter; absent: ending the level' }),
});

export const LevelChangeResultSchema = IncidentSchema.extend({
  planCoverage: PlanCoverageSchema.openapi({ description: 'which plan launched how many measures, or a warning that none were' }),
}).openapi('IncidentLevelChangeResult');

export const IncidentCaseLinkSchema = z
  .object({
    caseId: z.uuid().optional().openapi({ description: 'the case report (or give caseCode)' }),
    caseCode: z.string().trim().min(1).max(40).optional().openapi({ description: 'the case code, e.g. C2026-000123 (or give caseId)' }),
    reason: z
      .string()
      .trim()
      .max(1000)
      .optional()
      .openapi({ description: 'why it belongs to the outbreak (the field investigation’s finding)' }),
  })
  .strict()
  .openapi('IncidentCaseLink');
export type IncidentCaseLink = z.infer<typeof IncidentCaseLinkSchema>;

export const IncidentCaseUnlinkSchema = z
  .object({ reason: z.string().trim().min(1, 'say why the case is unlinked').max(1000) })
  .strict()
  .openapi('IncidentCaseUnlink');

const linkView = z.object({
  origin: z.enum(INCIDENT_CASE_ORIGINS).openapi({
    description:
      "alert: linked from the source alert when the incident was opened; hand: by a person; exercise: an exercise's inject linked its synthetic case to the exercise's incident",
  }),
  reason: z.string(),
  linkedAt: z.string(),
  linkedBy: person,
});

export const IncidentCasesSchema = CaseLineListSchema.extend({
  items: z.array(
    CaseLineItemSchema.extend({ link: linkView.nullable().openapi({ description: 'the current link, when the case is linked' }) }),
  ),
  criteria: z.object({
    diseaseId: z.uuid().nullable(),
    jurisdictionId: z.uuid(),
    from: z.string().openapi({ description: 'cases reported from this district day (the incident start) …' }),
    to: z.string().openapi({ description: '… to this one (today, or the stand-down)' }),
  }),
  linked: z.number().int().openapi({ description: 'current links (counted, in scope or not)' }),
}).openapi('IncidentCases');
export type IncidentCasesView = z.infer<typeof IncidentCasesSchema>;
