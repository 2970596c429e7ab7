/**
 * Risk categories by rule, per disease (docs/contacts.md, "Risk category"): an epidemiologist keeps an ordered
 * list of rules for a disease and one for every disease; a new contact takes the category of the first rule
 * that matches (the disease's list first), else medium. The investigator may always give the category by hand.
 *
 * @example
 * matchRisk([{ setting: 'vessel', contactType: 'close', riskCategory: 'high' }], { setting: 'vessel', contactType: 'close', degree: 1, relation: 'other' }); // 'high'
 */
import { asc, eq, isNull, or, sql } from 'drizzle-orm';
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import { type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { validationFailed } from '../../platform/errors.ts';
import { diseases } from '../catalogue/index.ts';
import type { RiskRuleList, RiskRulesReplace } from './tracing.schema.ts';
import { contactRiskRules, type RISK_CATEGORIES } from './contacts.tables.ts';

type Risk = (typeof RISK_CATEGORIES)[number];
export type RiskRuleRow = typeof contactRiskRules.$inferSelect;

export interface RiskSubject {
  setting: string;
  relation: string;
  contactType: string;
  degree: number;
}

/** The first rule whose every given criterion matches; a contact of a contact counts as degree 2 at any depth. */
export function matchRisk(
  rules: ReadonlyArray<Pick<RiskRuleRow, 'setting' | 'relation' | 'contactType' | 'degree' | 'riskCategory'>>,
  subject: RiskSubject,
): Risk {
  const degree = subject.degree > 1 ? 2 : 1;
  for (const r of rules) {
    if (r.setting !== null && r.setting !== subject.setting) continue;
    if (r.relation !== null && r.relation !== subject.relation) continue;
    if (r.contactType !== null && r.contactType !== subject.contactType) continue;
    if (r.degree !== null && r.degree !== degree) continue;
    return r.riskCategory;
  }
  return 'medium';
}

/** The disease's rules, then the rules for every disease, each by position. */
export async function rulesFor(db: Executor, diseaseId: string): Promise<RiskRuleRow[]> {
  return db
    .select()
    .from(contactRiskRules)
    .where(or(eq(contactRiskRules.diseaseId, diseaseId), isNull(contactRiskRules.diseaseId)))
    .orderBy(sql`${contactRiskRules.diseaseId} IS NULL`, asc(contactRiskRules.position));
}

export async function riskByRules(db: Executor, diseaseId: string, subject: RiskSubject): Promise<Risk> {
  return matchRisk(await rulesFor(db, diseaseId), subject);
}

function presentRule(r: RiskRuleRow) {
  return {
    id: r.id,
    diseaseId: r.diseaseId,
    position: r.position,
    setting: r.setting,
    relation: r.relation,
    contactType: r.contactType,
    degree: r.degree,
    riskCategory: r.riskCategory,
    note: r.note,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Every rule: those for every disease and those of each disease (contacts.read: an investigator sees why). */
export async function listRiskRules(database: Database, principal: Principal): Promise<RiskRuleList> {
  scopeFor(principal, 'contacts.read');
  const rows = await database.db
    .select()
    .from(contactRiskRules)
    .orderBy(sql`${contactRiskRules.diseaseId} IS NOT NULL`, asc(contactRiskRules.diseaseId), asc(contactRiskRules.position));
  return { items: rows.map(presentRule) };
}

/**
 * Replaces the rule list of one disease (or, diseaseId null, the list for every disease), in the given order.
 * contacts.configure (district CDC); audited with the lists before and after.
 */
export async function replaceRiskRules(database: Database, principal: Principal, body: RiskRulesReplace, ip: string | null) {
  // the rules are the district's: contacts.configure is a right of district CDC staff only (rights.ts)
  scopeFor(principal, 'contacts.configure');
  const actor: AuditActor = { id: principal.id, username: principal.username };
  return database.db.transaction(async (tx) => {
    if (body.diseaseId) {
      const [d] = await tx.select({ id: diseases.id }).from(diseases).where(eq(diseases.id, body.diseaseId));
      if (!d) throw validationFailed([{ path: 'diseaseId', message: 'no such disease' }]);
    }
    const which = body.diseaseId ? eq(contactRiskRules.diseaseId, body.diseaseId) : isNull(contactRiskRules.diseaseId);
    const before = await tx.select().from(contactRiskRules).where(which).orderBy(asc(contactRiskRules.position));
    await tx.delete(contactRiskRules).where(which);
    const after =
      body.rules.length === 0
        ? []
        : await tx
            .insert(contactRiskRules)
            .values(
              body.rules.map((r, i) => ({
                diseaseId: body.diseaseId,
                position: (i + 1) * 10,
                setting: r.setting ?? null,
                relation: r.relation ?? null,
                contactType: r.contactType ?? null,
                degree: r.degree ?? null,
                riskCategory: r.riskCategory,
                note: r.note,
                updatedBy: principal.id,
              })),
            )
            .returning();
    await audit(tx, {
      actor,
      ip,
      action: 'update',
      entityType: 'contact_risk_rules',
      entityId: body.diseaseId ?? 'all',
      before: { rules: before.map(presentRule) },
      after: { rules: after.map(presentRule) },
    });
    return { items: after.sort((a, b) => a.position - b.position).map(presentRule) };
  });
}
