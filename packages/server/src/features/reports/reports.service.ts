/**
 * Rules of daily situation reports and the incident command summary. Each method asks first for the right it
 * needs (reports.read to read, reports.draft to draft, edit, submit and revise, reports.approve to approve,
 * return and archive; incidents.read for the command summary), then works through scoped store functions; every
 * change is one transaction with its audit record and a live event on topic 'reports'.
 *
 * Workflow: draft → submitted → approved → archived; submitted → draft (returned with a comment, new version);
 * approved → draft (revised, new version). Only a draft is edited; each step keeps a snapshot.
 *
 * Four eyes: whoever drafted the report by hand, edited it or submitted it (its `authorIds`) never approves it
 * (409 `author_cannot_approve`); a report is submitted only with its required sections written (400 naming
 * them); on submission the holders of reports.approve over its area who did not write it are notified, and on
 * return or approval its authors are.
 *
 * @example
 * const report = await createReportAs(database, principal, { incidentId, reportDate: '2026-11-29' });
 */
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import { type Principal, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { conflict, type FieldIssue, notFound, validationFailed } from '../../platform/errors.ts';
import { holdersOf } from '../../platform/auth/holders.ts';
import { publishLive } from '../../platform/live/live.ts';
import { notify } from '../notifications/index.ts';
import { type OccupancyEntry, type ReportFigures, draftFigures, incidentForFigures, localDate } from './reports.figures.ts';
import type { ReportListQuery, ReportPatch } from './reports.schema.ts';
import {
  type ReportRow,
  type ReportView,
  findIncidentInScope,
  findReport,
  findReportOfDaySystem,
  findReportRow,
  findReportVersion,
  insertReport,
  insertVersion,
  jurisdictionPathOf,
  latestReportOf,
  listReports,
  nextIssueNo,
  updateReport,
} from './reports.store.ts';
import { scenarioSnapshot } from './reports.scenario.ts';
import type { ReportContent, ReportEvent, ReportStatus } from './reports.tables.ts';

const actorOf = (p: Principal): AuditActor => ({ id: p.id, username: p.username });

/** The snapshot content of a row. */
export function contentOf(r: ReportRow): ReportContent {
  return {
    title: r.title,
    summary: r.summary,
    situation: r.situation,
    measures: r.measures,
    nextSteps: r.nextSteps,
    figures: r.figures,
    occupancy: r.occupancy,
    scenario: r.scenario ?? null,
  };
}

/** Audit view: the report without its (large, derived) figures. */
const auditView = (r: ReportRow) => {
  const { figures: _figures, ...rest } = r;
  return rest;
};

/** The free-text sections a report must have before it is submitted: 一、总体情况, 六、已采取的防控措施, 七、下一步工作. */
export const REQUIRED_SECTIONS = ['summary', 'measures', 'nextSteps'] as const;

/** `ids` plus `id`, once each. */
const withAuthor = (ids: string[], id: string) => (ids.includes(id) ? ids : [...ids, id]);

/** The default title: '<incident title> 疫情日报' (the issue number is printed beside it). */
export function defaultTitle(incidentTitle: string): string {
  return `${incidentTitle} 疫情日报`;
}

async function publish(tx: Tx, row: ReportRow, action: string): Promise<void> {
  await publishLive(tx, {
    topic: 'reports',
    id: row.id,
    action,
    right: 'reports.read',
    jurisdictionPath: await jurisdictionPathOf(tx, row.jurisdictionId),
    data: { incidentId: row.incidentId, status: row.status, reportDate: row.reportDate },
  });
}

export async function listReportsFor(database: Database, principal: Principal, query: ReportListQuery) {
  const scope = scopeFor(principal, 'reports.read');
  return listReports(database.db, scope, query);
}

export async function getReportFor(database: Database, principal: Principal, id: string): Promise<ReportView> {
  const scope = scopeFor(principal, 'reports.read');
  const report = await findReport(database.db, scope, id);
  if (!report) throw notFound('report');
  return report;
}

/** A kept snapshot of a report. */
export async function getReportVersionFor(database: Database, principal: Principal, id: string, version: number) {
  const scope = scopeFor(principal, 'reports.read');
  const row = await findReportVersion(database.db, scope, id, version);
  if (!row) throw notFound('report version');
  return {
    id: row.id,
    version: row.version,
    event: row.event,
    comment: row.comment,
    content: row.content as unknown as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Drafts the report of `incidentId` for `reportDate` inside `tx` (figures from the data, empty texts); returns
 * null when the incident already has one for that day. No rights check: callers have done it (or are the system).
 */
export async function draftReport(
  tx: Tx,
  incidentId: string,
  reportDate: string,
  ctx: { actor: AuditActor | null; ip?: string | null; now: Date; byJob: boolean },
): Promise<ReportRow | null> {
  if (await findReportOfDaySystem(tx, incidentId, reportDate)) return null;
  const incident = await incidentForFigures(tx, incidentId);
  if (!incident) throw notFound('incident');
  const figures = await draftFigures(tx, incident, reportDate, ctx.now);
  const row = await insertReport(tx, {
    incidentId,
    jurisdictionId: incident.jurisdictionId,
    reportDate,
    issueNo: await nextIssueNo(tx, incidentId),
    title: defaultTitle(incident.title),
    figures,
    figuresGeneratedAt: ctx.now,
    draftedByJob: ctx.byJob,
    authorIds: ctx.actor ? [ctx.actor.id] : [],
    createdBy: ctx.actor?.id ?? null,
    updatedBy: ctx.actor?.id ?? null,
  });
  if (!row) return null;
  await audit(tx, {
    actor: ctx.actor,
    ip: ctx.ip ?? null,
    action: 'create',
    entityType: 'situation_report',
    entityId: row.id,
    after: auditView(row),
  });
  await publish(tx, row, 'created');
  return row;
}

/** Drafts a report by hand (reports.draft, the incident in scope); 409 when that day's report exists. */
export async function createReportAs(
  database: Database,
  principal: Principal,
  body: { incidentId: string; reportDate: string },
  ip?: string,
  now = new Date(),
): Promise<ReportView> {
  const scope = scopeFor(principal, 'reports.draft');
  const incident = await findIncidentInScope(database.db, scope, body.incidentId);
  if (!incident) throw validationFailed([{ path: 'incidentId', message: 'Unknown incident' }]);
  if (body.reportDate > localDate(now))
    throw validationFailed([{ path: 'reportDate', message: 'A report cannot be drafted for a day to come' }]);
  const row = await database.db.transaction(async (tx) => {
    const existing = await findReportOfDaySystem(tx, incident.id, body.reportDate);
    if (existing)
      throw conflict('already_exists', 'This incident already has a report for that day', { reportId: existing.id, path: 'reportDate' });
    const created = await draftReport(tx, incident.id, body.reportDate, { actor: actorOf(principal), ip, now, byJob: false });
    if (!created) throw conflict('already_exists', 'This incident already has a report for that day', { path: 'reportDate' });
    return created;
  });
  return (await findReport(database.db, scope, row.id))!;
}

/** Locks the report in scope and checks its status; 404 / 409. */
async function lockReport(tx: Tx, scope: Scope, id: string, allowed: ReportStatus[], action: string): Promise<ReportRow> {
  const row = await findReportRow(tx, scope, id, true);
  if (!row) throw notFound('report');
  if (!allowed.includes(row.status)) {
    throw conflict('status_not_allowed', `A ${row.status} report cannot be ${action}`, { status: row.status, allowed });
  }
  return row;
}

/** Occupied figures must name the report's facilities and stay within their capacity. */
function checkOccupancy(occupancy: OccupancyEntry[], figures: ReportFigures): void {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  occupancy.forEach((o, i) => {
    const f = figures.facilities.items.find((x) => x.id === o.facilityId.toLowerCase());
    if (!f) {
      issues.push({ path: `occupancy.${i}.facilityId`, message: 'Not one of the facilities of the report' });
      return;
    }
    if (seen.has(f.id)) issues.push({ path: `occupancy.${i}.facilityId`, message: 'Listed twice' });
    seen.add(f.id);
    const within = (field: keyof OccupancyEntry, value: number | null, capacity: number) => {
      if (value !== null && value > capacity)
        issues.push({ path: `occupancy.${i}.${field}`, message: `More than the ${capacity} registered` });
    };
    within('bedsOccupied', o.bedsOccupied, f.beds);
    within('icuBedsOccupied', o.icuBedsOccupied, f.icuBeds);
    within('isolationRoomsOccupied', o.isolationRoomsOccupied, f.isolationRooms);
    within('roomsOccupied', o.roomsOccupied, f.rooms);
  });
  if (issues.length) throw validationFailed(issues);
}

/** Edits a draft's texts and occupancy (reports.draft); 409 when not a draft or when `version` is stale. */
export async function updateReportAs(
  database: Database,
  principal: Principal,
  id: string,
  patch: ReportPatch,
  ip?: string,
): Promise<ReportView> {
  const scope = scopeFor(principal, 'reports.draft');
  // the scenario is read before the transaction (through the stock feature's own read, on its own connection:
  // inside the report's transaction it would wait for it — PGlite has one connection)
  const attaching = typeof patch.scenarioId === 'string' ? await scenarioSnapshot(database, principal, patch.scenarioId) : undefined;
  await database.db.transaction(async (tx) => {
    const before = await lockReport(tx, scope, id, ['draft'], 'edited');
    if (patch.version !== before.version) {
      throw conflict('stale_version', 'The report was changed by someone else; reload it', { version: before.version });
    }
    const occupancy = patch.occupancy?.map((o) => ({ ...o, facilityId: o.facilityId.toLowerCase() }));
    if (occupancy) checkOccupancy(occupancy, before.figures);
    // a scenario is attached as a snapshot (reports.scenario.ts): the drafter must be able to read it (models.run)
    const scenario =
      patch.scenarioId === undefined
        ? undefined
        : patch.scenarioId === null
          ? null
          : before.scenario?.scenarioId === patch.scenarioId.toLowerCase()
            ? before.scenario
            : attaching;
    const after = await updateReport(tx, scope, id, {
      ...(scenario !== undefined && { scenario }),
      ...(patch.title !== undefined && { title: patch.title.trim() }),
      ...(patch.summary !== undefined && { summary: patch.summary }),
      ...(patch.situation !== undefined && { situation: patch.situation }),
      ...(patch.measures !== undefined && { measures: patch.measures }),
      ...(patch.nextSteps !== undefined && { nextSteps: patch.nextSteps }),
      ...(occupancy !== undefined && { occupancy }),
      authorIds: withAuthor(before.authorIds, principal.id),
      updatedBy: principal.id,
    });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'situation_report',
      entityId: id,
      before: auditView(before),
      after: auditView(after!),
    });
    await publish(tx, after!, 'updated');
  });
  return (await findReport(database.db, scope, id))!;
}

/** Drafts the figures again from today's data (reports.draft, drafts only); occupancy for vanished facilities is dropped. */
export async function regenerateFiguresAs(
  database: Database,
  principal: Principal,
  id: string,
  ip?: string,
  now = new Date(),
): Promise<ReportView> {
  const scope = scopeFor(principal, 'reports.draft');
  await database.db.transaction(async (tx) => {
    const before = await lockReport(tx, scope, id, ['draft'], 'regenerated');
    const incident = await incidentForFigures(tx, before.incidentId);
    if (!incident) throw notFound('incident');
    const figures = await draftFigures(tx, incident, before.reportDate, now);
    const occupancy = before.occupancy.filter((o) => figures.facilities.items.some((f) => f.id === o.facilityId));
    const after = await updateReport(tx, scope, id, {
      figures,
      figuresGeneratedAt: now,
      occupancy,
      authorIds: withAuthor(before.authorIds, principal.id),
      updatedBy: principal.id,
    });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'regenerate',
      entityType: 'situation_report',
      entityId: id,
      before: { figuresGeneratedAt: before.figuresGeneratedAt },
      after: { figuresGeneratedAt: after!.figuresGeneratedAt, totals: figures.cases.totals },
    });
    await publish(tx, after!, 'updated');
  });
  return (await findReport(database.db, scope, id))!;
}

/** One workflow step: from the allowed statuses to `to`, with a snapshot and an audit record. */
async function step(
  database: Database,
  principal: Principal,
  id: string,
  spec: {
    right: 'reports.draft' | 'reports.approve';
    from: ReportStatus[];
    to: ReportStatus;
    event: ReportEvent;
    verb: string;
    comment?: string;
    commentRequired?: boolean;
    /** the version goes up (the report is reworked) */
    bump?: boolean;
    /** a rule of the step on the locked report (throws to refuse) */
    check?: (before: ReportRow) => void;
    changes?: (before: ReportRow, now: Date) => Partial<ReportRow>;
    /** who is told, in the step's transaction */
    tell?: (tx: Tx, after: ReportRow, comment: string) => Promise<void>;
  },
  ip?: string,
): Promise<ReportView> {
  const scope = scopeFor(principal, spec.right);
  const comment = spec.comment?.trim() ?? '';
  if (spec.commentRequired && !comment) throw validationFailed([{ path: 'comment', message: 'Say why' }]);
  await database.db.transaction(async (tx) => {
    const before = await lockReport(tx, scope, id, spec.from, spec.verb);
    spec.check?.(before);
    const now = new Date();
    // The snapshot is of the content as it stood at this step (before a rework starts).
    await insertVersion(tx, {
      reportId: id,
      version: before.version,
      event: spec.event,
      content: contentOf(before),
      comment,
      actorId: principal.id,
    });
    const after = await updateReport(tx, scope, id, {
      status: spec.to,
      version: spec.bump ? before.version + 1 : before.version,
      updatedBy: principal.id,
      ...(comment && { reviewComment: comment }),
      ...spec.changes?.(before, now),
    });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: spec.event,
      entityType: 'situation_report',
      entityId: id,
      before: { status: before.status, version: before.version },
      after: { status: after!.status, version: after!.version, comment },
    });
    await publish(tx, after!, spec.event);
    await spec.tell?.(tx, after!, comment);
  });
  return (await findReport(database.db, scopeFor(principal, 'reports.read'), id))!;
}

/** The required sections left empty, as field issues. */
export function missingSections(r: Pick<ReportRow, (typeof REQUIRED_SECTIONS)[number]>): FieldIssue[] {
  return REQUIRED_SECTIONS.filter((k) => r[k].trim() === '').map((k) => ({
    path: k,
    message: 'This section must be written before the report is submitted',
  }));
}

/** '第3期 2026-12-07 <title>' in both languages, for notifications. */
const reportLabel = (r: ReportRow) => ({
  zh: `第${r.issueNo}期（${r.reportDate}）${r.title}`,
  en: `No. ${r.issueNo} (${r.reportDate}) ${r.title}`,
});

/** Tells the report's authors what became of it (returned, approved). */
async function tellAuthors(
  tx: Tx,
  r: ReportRow,
  principal: Principal,
  what: { kind: string; zh: string; en: string; severity: 'info' | 'warning' },
  comment: string,
) {
  const authors = r.authorIds.filter((a) => a !== principal.id);
  if (authors.length === 0) return;
  const label = reportLabel(r);
  await notify(tx, {
    recipients: { userIds: authors },
    kind: what.kind,
    severity: what.severity,
    title: `${what.zh}：${label.zh}`,
    titleEn: `${what.en}: ${label.en}`,
    body: comment,
    bodyEn: comment,
    link: `/reports/${r.id}`,
    entity: { type: 'situation_report', id: r.id },
    actorId: principal.id,
  });
}

export const submitReportAs = (database: Database, principal: Principal, id: string, comment?: string, ip?: string) =>
  step(
    database,
    principal,
    id,
    {
      right: 'reports.draft',
      from: ['draft'],
      to: 'submitted',
      event: 'submitted',
      verb: 'submitted',
      comment,
      check: (before) => {
        const missing = missingSections(before);
        if (missing.length) throw validationFailed(missing);
      },
      changes: (before, now) => ({ submittedBy: principal.id, submittedAt: now, authorIds: withAuthor(before.authorIds, principal.id) }),
      // The approvers over the area who did not write it: someone must act, and only they may.
      tell: async (tx, after, text) => {
        const approvers = (await holdersOf(tx, 'reports.approve', after.jurisdictionId)).filter((u) => !after.authorIds.includes(u));
        if (approvers.length === 0) return;
        const label = reportLabel(after);
        await notify(tx, {
          recipients: { userIds: approvers },
          kind: 'report.submitted',
          severity: 'warning',
          title: `疫情日报待审核：${label.zh}`,
          titleEn: `Situation report awaiting approval: ${label.en}`,
          body: text,
          bodyEn: text,
          link: `/reports/${after.id}`,
          entity: { type: 'situation_report', id: after.id },
          actorId: principal.id,
        });
      },
    },
    ip,
  );

export const returnReportAs = (database: Database, principal: Principal, id: string, comment?: string, ip?: string) =>
  step(
    database,
    principal,
    id,
    {
      right: 'reports.approve',
      from: ['submitted'],
      to: 'draft',
      event: 'returned',
      verb: 'returned',
      comment,
      commentRequired: true,
      bump: true,
      tell: (tx, after, text) =>
        tellAuthors(
          tx,
          after,
          principal,
          { kind: 'report.returned', zh: '疫情日报被退回修改', en: 'Situation report returned', severity: 'warning' },
          text,
        ),
    },
    ip,
  );

export const approveReportAs = (database: Database, principal: Principal, id: string, comment?: string, ip?: string) =>
  step(
    database,
    principal,
    id,
    {
      right: 'reports.approve',
      from: ['submitted'],
      to: 'approved',
      event: 'approved',
      verb: 'approved',
      comment,
      check: (before) => {
        if (before.authorIds.includes(principal.id)) {
          throw conflict(
            'author_cannot_approve',
            'Four-eyes rule: a report is not approved by anyone who drafted, edited or submitted it; another approver must approve it',
            {
              path: 'approve',
            },
          );
        }
      },
      changes: (_b, now) => ({ approvedBy: principal.id, approvedAt: now }),
      tell: (tx, after, text) =>
        tellAuthors(
          tx,
          after,
          principal,
          { kind: 'report.approved', zh: '疫情日报已审核通过', en: 'Situation report approved', severity: 'info' },
          text,
        ),
    },
    ip,
  );

export const reviseReportAs = (database: Database, principal: Principal, id: string, comment?: string, ip?: string) =>
  step(
    database,
    principal,
    id,
    {
      right: 'reports.draft',
      from: ['approved'],
      to: 'draft',
      event: 'revised',
      verb: 'revised',
      comment,
      commentRequired: true,
      bump: true,
      changes: () => ({ approvedBy: null, approvedAt: null, submittedBy: null, submittedAt: null }),
    },
    ip,
  );

export const archiveReportAs = (database: Database, principal: Principal, id: string, comment?: string, ip?: string) =>
  step(
    database,
    principal,
    id,
    {
      right: 'reports.approve',
      from: ['approved'],
      to: 'archived',
      event: 'archived',
      verb: 'archived',
      comment,
      changes: (_b, now) => ({ archivedAt: now }),
    },
    ip,
  );

/** What the PDF prints: the current content, or a kept version's. */
export async function printableReportFor(database: Database, principal: Principal, id: string, version?: number) {
  const report = await getReportFor(database, principal, id);
  if (version === undefined) return { report, content: { ...report, title: report.title } as ReportContent };
  const kept = await findReportVersion(database.db, scopeFor(principal, 'reports.read'), id, version);
  if (!kept) throw notFound('report version');
  return { report: { ...report, version: kept.version }, content: kept.content };
}

// ── command summary ──────────────────────────────────────────────────────────────────────────────────

/** GET /api/incidents/:id/command-summary: the command dashboard's figures in one call (incidents.read, scoped). */
export async function commandSummaryFor(database: Database, principal: Principal, incidentId: string, now = new Date()) {
  const scope = scopeFor(principal, 'incidents.read');
  const found = await findIncidentInScope(database.db, scope, incidentId);
  if (!found) throw notFound('incident');
  const incident = (await incidentForFigures(database.db, incidentId))!;
  const today = localDate(now);
  const figures = await draftFigures(database.db, incident, today, now);
  let latest: ReportRow | null = null;
  try {
    latest = await latestReportOf(database.db, scopeFor(principal, 'reports.read'), incidentId);
  } catch {
    // no reports.read: the dashboard shows no report line
  }
  // Capacity use: what the facilities reported (each one's latest daily report), not figures typed into a report.
  const occupancy = figures.facilities.occupancy!;
  const used = {
    beds: occupancy.totals.occupied.beds,
    icuBeds: occupancy.totals.occupied.icuBeds,
    isolationRooms: occupancy.totals.occupied.isolationRooms,
    rooms: 0,
  };
  return {
    incident: {
      id: found.id,
      code: found.code,
      title: found.title,
      status: found.status,
      responseLevel: incident.responseLevel,
      startedOn: figures.incident.startedOn,
    },
    today,
    disease: figures.disease,
    area: figures.area,
    cases: figures.cases,
    trend: figures.trend,
    rt: figures.rt,
    alerts: figures.alerts,
    tasks: figures.tasks,
    facilities: { ...figures.facilities, occupancy, used, occupancyFrom: null },
    latestReport: latest ? { id: latest.id, reportDate: latest.reportDate, status: latest.status, issueNo: latest.issueNo } : null,
  };
}

export type CommandSummary = Awaited<ReturnType<typeof commandSummaryFor>>;
