/**
 * Contact lists from a CSV or XLSX file (docs/contacts.md "Importing a contact list"): the shared import
 * machinery (column mapping, GBK, row errors, all or nothing) with the rules of the form — a source (a case code,
 * or a contact code for a contact of a contact), residence in the importer's area, last exposure not in the
 * future, a valid document; the risk category from the disease's rules when the column is empty; the team of the
 * residence township.
 *
 * Duplicates: a row repeating another row's person (same ID number, or name and phone) is a row error; a row
 * matching a contact already registered for the disease is shown before the run, and the clerk chooses per row:
 * skip it, import it anyway (merge later on the duplicates page), or "update" — the same person exposed again:
 * the later exposure restarts the clock and the row fills the contact's empty phone and address. Every contact
 * written or changed is audited.
 */
import { and, eq, gte, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { inScope, inScopePath, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { publishLive } from '../../platform/live/live.ts';
import { CLOCK_TOLERANCE_MS, caseReports, identityProtector, parseResidentId } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import {
  CASE_VALUE_WORDS,
  type ExistingMatch,
  type FieldSpec,
  fieldError,
  type ImportKindSpec,
  keyOf,
  parseInstant,
  registerImportKind,
  type RowOutcome,
} from '../imports/index.ts';
import { contactRiskRules, contacts, tracingTeams, tracingTeamTownships } from './contacts.tables.ts';
import { followUpUntil } from './follow-up-clock.ts';
import { matchRisk, type RiskRuleRow } from './risk-rules.ts';

export const CONTACT_FIELDS: readonly FieldSpec[] = [
  { field: 'personName', required: true, aliases: ['姓名', '密接姓名', '密切接触者姓名', 'name', 'person name', 'contact name'] },
  { field: 'sourceCase', required: false, aliases: ['病例编号', '关联病例', '传染源病例', '指示病例', 'case code', 'source case', 'case'] },
  { field: 'sourceContact', required: false, aliases: ['密接编号', '关联密接', '上级密接', 'contact code', 'source contact'] },
  {
    field: 'jurisdiction',
    required: true,
    aliases: ['现住址', '现住乡镇', '乡镇街道', '乡镇', '街道', '社区', '居住地', 'residence', 'jurisdiction', 'township'],
  },
  {
    field: 'lastExposureAt',
    required: true,
    aliases: ['末次接触时间', '最后接触时间', '末次暴露时间', '接触时间', 'last exposure', 'exposure'],
  },
  { field: 'sex', required: false, aliases: ['性别', 'sex', 'gender'] },
  { field: 'idType', required: false, aliases: ['证件类型', 'id type', 'document type'] },
  { field: 'idNumber', required: false, aliases: ['身份证号', '身份证号码', '证件号码', '证件号', 'id number', 'identity number'] },
  { field: 'phone', required: false, aliases: ['联系电话', '电话', '手机号', '手机', 'phone', 'telephone'] },
  { field: 'address', required: false, aliases: ['详细地址', '现住详细地址', '地址', 'address'] },
  { field: 'relation', required: false, aliases: ['关系', '与病例关系', '接触关系', 'relation', 'relationship'] },
  { field: 'setting', required: false, aliases: ['接触场所', '暴露场所', '场所', 'setting', 'place of exposure'] },
  { field: 'contactType', required: false, aliases: ['接触类型', '接触者类型', 'contact type'] },
  { field: 'riskCategory', required: false, aliases: ['风险等级', '风险分级', 'risk', 'risk category'] },
  { field: 'otherDistrict', required: false, aliases: ['外区县', '外区居住地', '居住区县', 'other district'] },
  { field: 'notes', required: false, aliases: ['备注', '说明', 'notes', 'remarks'] },
];

const RELATION_WORDS: Record<string, (typeof contacts.$inferSelect)['relation']> = {
  同住: 'household',
  共同居住: 'household',
  household: 'household',
  家属: 'family',
  亲属: 'family',
  family: 'family',
  配偶: 'partner',
  伴侣: 'partner',
  partner: 'partner',
  同事: 'colleague',
  colleague: 'colleague',
  同学: 'classmate',
  classmate: 'classmate',
  朋友: 'friend',
  friend: 'friend',
  陪护: 'caregiver',
  护理: 'caregiver',
  caregiver: 'caregiver',
  医务人员: 'health_worker',
  'health worker': 'health_worker',
  health_worker: 'health_worker',
  同乘: 'fellow_traveller',
  同行: 'fellow_traveller',
  同船: 'fellow_traveller',
  'fellow traveller': 'fellow_traveller',
  fellow_traveller: 'fellow_traveller',
  其他: 'other',
  其它: 'other',
  other: 'other',
};
const SETTING_WORDS: Record<string, (typeof contacts.$inferSelect)['setting']> = {
  家庭: 'household',
  家中: 'household',
  同住: 'household',
  household: 'household',
  工作场所: 'workplace',
  单位: 'workplace',
  workplace: 'workplace',
  学校: 'school',
  school: 'school',
  医疗机构: 'healthcare',
  医院: 'healthcare',
  healthcare: 'healthcare',
  船舶: 'vessel',
  船: 'vessel',
  同舱: 'vessel',
  vessel: 'vessel',
  港口: 'port',
  码头: 'port',
  port: 'port',
  公共交通: 'public_transport',
  公交: 'public_transport',
  火车: 'public_transport',
  'public transport': 'public_transport',
  public_transport: 'public_transport',
  聚集: 'gathering',
  聚餐: 'gathering',
  gathering: 'gathering',
  市场: 'market',
  农贸市场: 'market',
  market: 'market',
  其他: 'other',
  其它: 'other',
  other: 'other',
};
const CONTACT_TYPE_WORDS: Record<string, 'close' | 'general'> = {
  密切接触: 'close',
  密接: 'close',
  密切接触者: 'close',
  close: 'close',
  一般接触: 'general',
  一般接触者: 'general',
  general: 'general',
};
const RISK_WORDS: Record<string, 'high' | 'medium' | 'low'> = {
  高: 'high',
  高风险: 'high',
  high: 'high',
  中: 'medium',
  中风险: 'medium',
  medium: 'medium',
  低: 'low',
  低风险: 'low',
  low: 'low',
};

/** A checked row: the values of a contacts insert (no id, code, createdBy or importId yet). */
export type ContactImportRow = Omit<typeof contacts.$inferInsert, 'createdBy' | 'importId'>;

/** How far back a source case or contact is looked up: a contact list concerns recent cases. */
const LOOKBACK_DAYS = 180;

async function loadLookups(db: Executor, principal: Principal, now: Date) {
  const scope = scopeFor(principal, 'contacts.write');
  const since = new Date(now.getTime() - LOOKBACK_DAYS * 86_400_000);
  const [places, cases, sources, rules, incubation, townships] = await Promise.all([
    db
      .select({
        id: jurisdictions.id,
        code: jurisdictions.code,
        name: jurisdictions.name,
        nameEn: jurisdictions.nameEn,
        path: jurisdictions.path,
      })
      .from(jurisdictions)
      .where(inScopePath(scope, jurisdictions.path)),
    db
      .select({ id: caseReports.id, code: caseReports.code, diseaseId: caseReports.diseaseId })
      .from(caseReports)
      .where(and(gte(caseReports.reportedAt, since), ne(caseReports.status, 'merged'), ne(caseReports.classification, 'excluded'))),
    db
      .select({
        id: contacts.id,
        code: contacts.code,
        diseaseId: contacts.diseaseId,
        indexCaseId: contacts.indexCaseId,
        degree: contacts.degree,
      })
      .from(contacts)
      .where(
        and(
          gte(contacts.createdAt, since),
          isNull(contacts.mergedIntoId),
          inScope(scopeFor(principal, 'contacts.read'), contacts.jurisdictionId),
        ),
      ),
    db.select().from(contactRiskRules),
    db.select({ id: diseases.id, days: diseases.maxIncubationDays }).from(diseases),
    db
      .select({ path: jurisdictions.path, teamId: tracingTeamTownships.teamId })
      .from(tracingTeamTownships)
      .innerJoin(jurisdictions, eq(jurisdictions.id, tracingTeamTownships.townshipId))
      .innerJoin(tracingTeams, and(eq(tracingTeams.id, tracingTeamTownships.teamId), eq(tracingTeams.active, true))),
  ]);
  return { places, cases, sources, rules, incubation: new Map(incubation.map((d) => [d.id, d.days])), townships };
}

function byKeys<T>(items: readonly T[], keys: (t: T) => string[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items)
    for (const k of new Set(
      keys(item)
        .map(keyOf)
        .filter((x) => x !== ''),
    ))
      map.set(k, [...(map.get(k) ?? []), item]);
  return map;
}

/** The checker of one import's rows (pure once the lookups are read). */
export function contactRowChecker(
  lookups: Awaited<ReturnType<typeof loadLookups>>,
  protector: ReturnType<typeof identityProtector>,
  now: Date,
): (v: Record<string, string>) => RowOutcome<ContactImportRow> {
  const places = byKeys(lookups.places, (p) => [p.code, p.name, p.nameEn, p.id]);
  const cases = new Map(lookups.cases.map((c) => [keyOf(c.code), c]));
  const sources = new Map(lookups.sources.map((c) => [keyOf(c.code), c]));
  const rulesOf = (diseaseId: string): RiskRuleRow[] => [
    ...lookups.rules.filter((r) => r.diseaseId === diseaseId).sort((a, b) => a.position - b.position),
    ...lookups.rules.filter((r) => r.diseaseId === null).sort((a, b) => a.position - b.position),
  ];
  const teamOf = (path: string) => lookups.townships.find((t) => path.startsWith(t.path))?.teamId ?? null;
  return (v) => {
    const errors: ReturnType<typeof fieldError>[] = [];
    const word = <T extends string>(field: string, words: Record<string, T>): T | undefined => {
      const raw = (v[field] ?? '').trim();
      if (raw === '') return undefined;
      const found = words[keyOf(raw)];
      if (!found) errors.push(fieldError(field, 'unknown_value', `"${raw}" is not a known value`, { value: raw }));
      return found;
    };
    const personName = (v.personName ?? '').trim();
    if (personName === '') errors.push(fieldError('personName', 'required', 'must not be empty'));
    else if (personName.length > 100) errors.push(fieldError('personName', 'too_long', 'too long', { max: 100 }));
    const placeRaw = (v.jurisdiction ?? '').trim();
    const found = placeRaw === '' ? [] : (places.get(keyOf(placeRaw)) ?? []);
    if (placeRaw === '') errors.push(fieldError('jurisdiction', 'required', 'must not be empty'));
    else if (found.length === 0)
      errors.push(fieldError('jurisdiction', 'out_of_scope', `no place "${placeRaw}" in your area`, { value: placeRaw }));
    else if (found.length > 1)
      errors.push(
        fieldError('jurisdiction', 'ambiguous', `"${placeRaw}" matches several places`, { value: placeRaw, count: found.length }),
      );
    const place = found.length === 1 ? found[0] : undefined;
    const caseRaw = (v.sourceCase ?? '').trim();
    const contactRaw = (v.sourceContact ?? '').trim();
    let source:
      | { diseaseId: string; indexCaseId: string; degree: number; sourceCaseId: string | null; sourceContactId: string | null }
      | undefined;
    if ((caseRaw === '') === (contactRaw === '')) {
      errors.push(fieldError(caseRaw === '' ? 'sourceCase' : 'sourceContact', 'contact_source', 'give a case code or a contact code'));
    } else if (caseRaw !== '') {
      const c = cases.get(keyOf(caseRaw));
      if (!c) errors.push(fieldError('sourceCase', 'out_of_scope', `no case "${caseRaw}"`, { value: caseRaw }));
      else source = { diseaseId: c.diseaseId, indexCaseId: c.id, degree: 1, sourceCaseId: c.id, sourceContactId: null };
    } else {
      const c = sources.get(keyOf(contactRaw));
      if (!c) errors.push(fieldError('sourceContact', 'out_of_scope', `no contact "${contactRaw}"`, { value: contactRaw }));
      else source = { diseaseId: c.diseaseId, indexCaseId: c.indexCaseId, degree: c.degree + 1, sourceCaseId: null, sourceContactId: c.id };
    }
    const exposureRaw = (v.lastExposureAt ?? '').trim();
    const exposure = exposureRaw === '' ? null : parseInstant(exposureRaw);
    if (exposureRaw === '') errors.push(fieldError('lastExposureAt', 'required', 'must not be empty'));
    else if (!exposure) errors.push(fieldError('lastExposureAt', 'not_a_date_time', 'is not a date or date-time', { value: exposureRaw }));
    else if (new Date(exposure).getTime() > now.getTime() + CLOCK_TOLERANCE_MS)
      errors.push(fieldError('lastExposureAt', 'in_future', 'must not be in the future'));
    const sex = word('sex', CASE_VALUE_WORDS.sex) ?? 'unknown';
    const idNumber = (v.idNumber ?? '').replace(/\s+/g, '');
    const idType =
      word('idType', CASE_VALUE_WORDS.idType) ?? (idNumber === '' ? 'none' : /^\d{17}[\dXx]$/.test(idNumber) ? 'resident_id' : 'other');
    if (idType !== 'none' && idNumber === '') errors.push(fieldError('idNumber', 'id_number_required', 'give the number'));
    if (idType === 'resident_id' && idNumber !== '' && !parseResidentId(idNumber).ok)
      errors.push(fieldError('idNumber', 'invalid', 'is not a valid resident identity number', { detail: 'GB 11643' }));
    if (idNumber.length > 40) errors.push(fieldError('idNumber', 'too_long', 'too long', { max: 40 }));
    const relation = word('relation', RELATION_WORDS) ?? 'other';
    const setting = word('setting', SETTING_WORDS) ?? 'other';
    const contactType = word('contactType', CONTACT_TYPE_WORDS) ?? 'close';
    const risk = word('riskCategory', RISK_WORDS);
    const text = (field: string, max: number) => {
      const t = (v[field] ?? '').trim();
      if (t.length > max) errors.push(fieldError(field, 'too_long', 'too long', { max }));
      return t;
    };
    const phone = text('phone', 40);
    const address = text('address', 300);
    const otherDistrict = text('otherDistrict', 60);
    const notes = text('notes', 2000);
    if (errors.length > 0 || !place || !source || !exposure) return { ok: false, errors };
    const identity = protector.protect(idType, idType === 'none' ? null : idNumber);
    const at = new Date(exposure);
    return {
      ok: true,
      row: {
        diseaseId: source.diseaseId,
        sourceCaseId: source.sourceCaseId,
        sourceContactId: source.sourceContactId,
        indexCaseId: source.indexCaseId,
        degree: source.degree,
        jurisdictionId: place.id,
        personName,
        sex,
        idType,
        idNumberEncrypted: identity.encrypted,
        idNumberMasked: identity.masked,
        idNumberHash: identity.hash,
        phone,
        address,
        relation,
        setting,
        contactType,
        riskCategory: risk ?? matchRisk(rulesOf(source.diseaseId), { setting, relation, contactType, degree: source.degree }),
        lastExposureAt: at,
        followUpUntil: followUpUntil(at, lookups.incubation.get(source.diseaseId) ?? 14),
        teamId: teamOf(place.path),
        otherDistrict,
        notes,
      },
    };
  };
}

const auditable = (row: typeof contacts.$inferSelect) => {
  const { idNumberEncrypted: _e, idNumberHash: _h, ...rest } = row;
  return rest;
};

export const contactImportKind: ImportKindSpec<ContactImportRow> = {
  right: 'contacts.write',
  fields: CONTACT_FIELDS,
  modes: ['all_or_nothing', 'valid_only'],
  async prepare(db, ctx) {
    const lookups = await loadLookups(db, ctx.principal, ctx.now);
    const scope = scopeFor(ctx.principal, 'contacts.read');
    return {
      check: contactRowChecker(lookups, identityProtector(ctx.config), ctx.now),
      duplicateCode: 'duplicate_person',
      key: (r) =>
        r.idNumberHash
          ? `${r.diseaseId}|id|${r.idNumberHash}`
          : `${r.diseaseId}|np|${r.personName}|${r.phone || r.sourceCaseId || r.sourceContactId}`,
      async matchExisting(rows) {
        const hashes = [...new Set(rows.map((r) => r.value.idNumberHash).filter((h): h is string => Boolean(h)))];
        const names = [...new Set(rows.filter((r) => r.value.phone).map((r) => r.value.personName))];
        if (hashes.length === 0 && names.length === 0) return new Map();
        const existing = await db
          .select({
            id: contacts.id,
            code: contacts.code,
            diseaseId: contacts.diseaseId,
            personName: contacts.personName,
            phone: contacts.phone,
            idNumberHash: contacts.idNumberHash,
            lastExposureAt: contacts.lastExposureAt,
            createdAt: contacts.createdAt,
          })
          .from(contacts)
          .where(
            and(
              isNull(contacts.mergedIntoId),
              ne(contacts.status, 'cancelled'),
              inScope(scope, contacts.jurisdictionId),
              or(
                hashes.length > 0 ? inArray(contacts.idNumberHash, hashes) : sql`false`,
                names.length > 0 ? and(inArray(contacts.personName, names), ne(contacts.phone, '')) : sql`false`,
              ),
            ),
          );
        const out = new Map<number, ExistingMatch>();
        for (const { row, value } of rows) {
          const byId = value.idNumberHash
            ? existing.find((e) => e.diseaseId === value.diseaseId && e.idNumberHash === value.idNumberHash)
            : undefined;
          const byName =
            byId ??
            (value.phone
              ? existing.find((e) => e.diseaseId === value.diseaseId && e.personName === value.personName && e.phone === value.phone)
              : undefined);
          const hit = byId ?? byName;
          if (!hit) continue;
          out.set(row, {
            row,
            caseId: hit.id,
            code: hit.code,
            match: byId ? 'identity' : 'name_phone',
            daysApart: Math.round(Math.abs(new Date(value.lastExposureAt as Date).getTime() - hit.lastExposureAt.getTime()) / 86_400_000),
            facilityName: null,
            facilityNameEn: null,
            reportedAt: hit.createdAt.toISOString(),
            importFilename: null,
            updatable: true,
          });
        }
        return out;
      },
    };
  },
  async write(tx, rows, ctx) {
    if (rows.length === 0) return;
    const written = await tx
      .insert(contacts)
      .values(rows.map((r) => ({ ...r, createdBy: ctx.principal.id, importId: ctx.importId })))
      .returning();
    const actor = { id: ctx.principal.id, username: ctx.principal.username };
    for (const row of written)
      await audit(tx, {
        actor,
        ip: null,
        action: 'create',
        entityType: 'contact',
        entityId: row.id,
        after: { ...auditable(row), importId: ctx.importId },
      });
  },
  async publishUpdates(tx, updates, ctx) {
    let updated = 0;
    let unchanged = 0;
    const scope = scopeFor(ctx.principal, 'contacts.write');
    const actor = { id: ctx.principal.id, username: ctx.principal.username };
    for (const u of updates) {
      const [before] = await tx
        .select()
        .from(contacts)
        .where(and(eq(contacts.id, u.target), inScope(scope, contacts.jurisdictionId)))
        .for('update');
      if (!before) {
        unchanged += 1;
        continue;
      }
      const values: Partial<typeof contacts.$inferInsert> = {};
      const at = u.value.lastExposureAt as Date;
      const restartable = ['under_follow_up', 'completed', 'lost_to_follow_up'].includes(before.status);
      if (at.getTime() > before.lastExposureAt.getTime() && restartable) {
        values.lastExposureAt = at;
        values.followUpUntil = u.value.followUpUntil;
        if (before.status !== 'under_follow_up')
          Object.assign(values, { status: 'under_follow_up', statusReason: 'new exposure (import)', statusChangedAt: new Date() });
      }
      if (!before.phone && u.value.phone) values.phone = u.value.phone;
      if (!before.address && u.value.address) values.address = u.value.address;
      if (Object.keys(values).length === 0) {
        unchanged += 1;
        continue;
      }
      const [after] = await tx
        .update(contacts)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(contacts.id, before.id))
        .returning();
      await audit(tx, {
        actor,
        ip: null,
        action: 'update',
        entityType: 'contact',
        entityId: before.id,
        before: auditable(before),
        after: { ...auditable(after!), importId: ctx.importId, fileRow: u.row },
      });
      updated += 1;
    }
    return { updated, unchanged };
  },
  async announce(tx, ctx) {
    for (const jurisdictionPath of scopeFor(ctx.principal, 'contacts.write').paths) {
      await publishLive(tx, {
        topic: 'contacts',
        id: ctx.importId,
        action: 'imported',
        right: 'contacts.read',
        jurisdictionPath,
        data: { count: ctx.count },
      });
    }
  },
};

/** The 'contacts' import kind → the import machinery (called once at start by features/feature-hooks.ts). */
export function registerContactsImportKind(): void {
  registerImportKind('contacts', contactImportKind);
}
