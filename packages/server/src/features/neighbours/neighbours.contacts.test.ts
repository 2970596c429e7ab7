/**
 * Contact notifications and comments between two platforms on loopback (District J and Shaxi, each its own
 * database and key): a contact of J who lives in Shaxi is notified (once), previewed with its identity number
 * masked and nothing that names the person in the list, accepted as a contact under follow-up in Shaxi under a
 * reference index case (never counted), with provenance; the decision reaches J; a second contact of the same case
 * reuses the reference; comments go both ways; without personal data nothing of the person leaves; a receiver
 * whose agreement takes no contacts refuses at once; scoping by right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../platform/db/platform.tables.ts';
import { caseReports, makeResidentId } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { buildUser, signIn, testEngines } from '../../test-support/index.ts';
import { DEMO_AGREEMENTS } from './neighbours.agreements.ts';
import { deliverOutbox } from './neighbours.outbox.ts';
import { neighbourCaseRefs } from './neighbours.tables.ts';
import { httpTransport } from './neighbours.transport.ts';
import { linkSide, startTestPlatform, type TestPlatform } from './neighbours.test-helpers.ts';

const transport = httpTransport({ timeoutMs: 120_000 });
const deliver = (p: TestPlatform) => deliverOutbox(p.database, p.config, { transport, backoffSeconds: 0 });

describe.each(testEngines())('neighbours: contact notifications and comments (%s)', (engine) => {
  let j: TestPlatform;
  let n1: TestPlatform;
  const links: Record<string, string> = {};
  let caseId = '';
  let caseCode = '';
  const idNumber = makeResidentId('500192', '1975-03-04', 456);

  async function fileContact(name: string, extra: Record<string, unknown> = {}) {
    const res = await j.epi.post('/api/contacts', {
      sourceCaseId: caseId,
      personName: name,
      jurisdictionId: j.tree.communityA.id,
      lastExposureAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      sex: 'female',
      phone: '13900000001',
      address: '沙溪区滨江路 3 号',
      relation: 'colleague',
      setting: 'workplace',
      riskCategory: 'high',
      ...extra,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; code: string };
  }

  beforeAll(async () => {
    [j, n1] = await Promise.all([startTestPlatform(engine, 'District J'), startTestPlatform(engine, 'Shaxi')]);
    links.jToN1 = await linkSide(j, n1, '500192', DEMO_AGREEMENTS);
    links.n1ToJ = await linkSide(n1, j, '500199', DEMO_AGREEMENTS);
    await deliver(j);
    await deliver(n1);
    const [disease] = await j.database.db.select().from(diseases).where(eq(diseases.code, 'covid19'));
    const filed = await j.epi.post('/api/cases', {
      diseaseId: disease!.id,
      jurisdictionId: j.tree.communityA.id,
      personName: '李建国',
      idType: 'resident_id',
      idNumber: makeResidentId('500199', '1960-01-02', 11),
      classification: 'confirmed',
      onsetDate: '2026-12-01',
      diagnosisAt: '2026-12-03T08:00:00+08:00',
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    caseId = filed.body.id;
    caseCode = filed.body.code;
  }, 180_000);
  afterAll(async () => {
    await Promise.all([j, n1].map((p) => p?.close()));
  });

  let notificationId = '';
  let contactHere = '';
  let firstContact = { id: '', code: '' };

  it("a contact of J who lives in Shaxi reaches Shaxi's inbox, previewed masked; once per contact", async () => {
    firstContact = await fileContact('赵小红', { idType: 'resident_id', idNumber });
    const shared = await j.epi.post(`/api/neighbours/${links.jToN1}/contact-notifications`, {
      contactId: firstContact.id,
      note: '同事，住沙溪',
    });
    expect(shared.status, JSON.stringify(shared.body)).toBe(201);
    expect(shared.body).toMatchObject({ entityType: 'contact', entityId: firstContact.id, withPersonalData: true, status: 'sent' });
    expect(
      (await j.epi.post(`/api/neighbours/${links.jToN1}/contact-notifications`, { contactId: firstContact.id })).body.error.reason,
    ).toBe('already_exists');
    // an administrator (no contacts.read, no neighbours.share) cannot notify a contact
    expect((await j.admin.post(`/api/neighbours/${links.jToN1}/contact-notifications`, { contactId: firstContact.id })).status).toBe(403);
    // the contact is marked as notified to the other district, and its audit trail says where it went
    const contact = await j.epi.get(`/api/contacts/${firstContact.id}`);
    expect(contact.body.otherDistrict).toBe('Shaxi');
    expect(contact.body.otherDistrictNotifiedAt).not.toBeNull();
    const [trail] = await j.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'share'), eq(auditLog.entityId, firstContact.id)));
    expect(trail?.after).toMatchObject({ district: '500192', withPersonalData: true });

    expect((await deliver(j)).delivered).toBe(1);
    const inbox = await n1.epi.get('/api/neighbours/inbox?status=pending');
    const item = inbox.body.items.find((i: any) => i.kind === 'contact.notification');
    expect(item.summary).toEqual({
      contactCode: firstContact.code,
      indexCaseCode: caseCode,
      diseaseCode: 'covid19',
      diseaseName: expect.any(String),
      diseaseNameEn: expect.any(String),
      riskCategory: 'high',
      lastExposureAt: expect.any(String),
      withPersonalData: true,
    });
    const listed = JSON.stringify(inbox.body);
    expect(listed).not.toContain('赵小红');
    expect(listed).not.toContain('13900000001');
    notificationId = item.id;

    const preview = await n1.epi.get(`/api/neighbours/contact-notifications/${item.id}`);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.notification).toMatchObject({
      contactCode: firstContact.code,
      indexCase: { code: caseCode, classification: 'confirmed', onsetDate: '2026-12-01' },
      relation: 'colleague',
      setting: 'workplace',
      riskCategory: 'high',
      sex: 'female',
      note: '同事，住沙溪',
      sharedBy: j.epiName,
      person: { name: '赵小红', phone: '13900000001', idNumberMasked: `500192********${idNumber.slice(-4)}` },
    });
    // nothing of the index case's person, nor the full number
    const body = JSON.stringify(preview.body);
    expect(body).not.toContain('李建国');
    expect(body).not.toContain(idNumber);
    expect(preview.body.indexCaseHere).toBeNull();
    // the case preview route does not answer for a contact notification, nor the contact route for another id
    expect((await n1.epi.get(`/api/neighbours/inbox/${item.id}`)).status).toBe(404);
    expect((await n1.admin.get(`/api/neighbours/contact-notifications/${item.id}`)).status).toBe(403);
  });

  it('accepted, it becomes a contact under follow-up in Shaxi under a reference case never counted, with provenance', async () => {
    const accepted = await n1.epi.post(`/api/neighbours/contact-notifications/${notificationId}/accept`, {
      jurisdictionId: n1.tree.communityB.id,
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    contactHere = accepted.body.contactId;
    const local = await n1.epi.get(`/api/contacts/${contactHere}`);
    expect(local.status).toBe(200);
    expect(local.body).toMatchObject({
      personName: '赵小红',
      status: 'under_follow_up',
      riskCategory: 'high',
      relation: 'colleague',
      jurisdiction: { id: n1.tree.communityB.id },
      idNumberMasked: `500192********${idNumber.slice(-4)}`,
    });
    // the index case here: a reference to J's case, status 'neighbour', no person, never in the case list
    const [ref] = await n1.database.db.select().from(caseReports).where(eq(caseReports.id, local.body.indexCase.id));
    expect(ref).toMatchObject({ status: 'neighbour', personName: `District J病例 ${caseCode}`, idType: 'none', phone: '' });
    const list = await n1.epi.get('/api/cases?pageSize=100');
    expect(list.body.items.map((c: any) => c.id)).not.toContain(ref!.id);

    const provenance = await n1.epi.get(`/api/neighbours/contacts/${contactHere}/provenance`);
    expect(provenance.body).toMatchObject({
      districtName: 'District J',
      senderContactCode: firstContact.code,
      senderIndexCaseCode: caseCode,
      sharedBy: j.epiName,
      acceptedBy: n1.epiName,
    });
    // a contact of Shaxi's own has no provenance
    expect((await j.epi.get(`/api/neighbours/contacts/${firstContact.id}/provenance`)).status).toBe(404);
    // a second decision is refused
    expect((await n1.epi.post(`/api/neighbours/contact-notifications/${notificationId}/reject`, { reason: 'x' })).body.error.reason).toBe(
      'status_not_allowed',
    );

    // the decision reaches J: the contact's page lists the share as accepted
    expect((await deliver(n1)).delivered).toBe(1);
    const shares = await j.epi.get(`/api/neighbours/contacts/${firstContact.id}/shares`);
    expect(shares.body.items).toEqual([
      expect.objectContaining({ districtCode: '500192', status: 'accepted', decidedByName: n1.epiName, sharedByName: j.epiName }),
    ]);
  });

  it("a second contact of the same case reuses the reference; one without personal data names no one; a rejection's reason comes back", async () => {
    const second = await fileContact('钱二');
    await j.epi.post(`/api/neighbours/${links.jToN1}/contact-notifications`, { contactId: second.id });
    // J now sends contacts without personal data
    const link = (await j.admin.get(`/api/neighbours/${links.jToN1}`)).body;
    const set = await j.admin.put(`/api/neighbours/${links.jToN1}/agreements`, {
      agreements: { ...link.agreements, contactNotifications: { send: true, accept: true, personalData: false } },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const third = await fileContact('孙三');
    const shared = await j.epi.post(`/api/neighbours/${links.jToN1}/contact-notifications`, { contactId: third.id });
    expect(shared.body.withPersonalData).toBe(false);
    expect((await deliver(j)).delivered).toBe(2);

    const items = (await n1.epi.get('/api/neighbours/inbox?status=pending')).body.items.filter(
      (i: any) => i.kind === 'contact.notification',
    );
    const bySender = new Map(items.map((i: any) => [i.summary.contactCode, i.id]));
    const anonymous = await n1.epi.get(`/api/neighbours/contact-notifications/${bySender.get(third.code)}`);
    expect(anonymous.body.notification.person).toBeNull();
    expect(JSON.stringify(anonymous.body)).not.toContain('孙三');
    expect(JSON.stringify(anonymous.body)).not.toContain('13900000001');
    // the reference made for the first contact is proposed now
    expect(anonymous.body.indexCaseHere).toMatchObject({ kind: 'reference' });

    const acc = await n1.epi.post(`/api/neighbours/contact-notifications/${bySender.get(second.code)}/accept`, {
      jurisdictionId: n1.tree.communityA.id,
    });
    expect(acc.status, JSON.stringify(acc.body)).toBe(200);
    const a = (await n1.epi.get(`/api/contacts/${acc.body.contactId}`)).body;
    const b = (await n1.epi.get(`/api/contacts/${contactHere}`)).body;
    expect(a.indexCase.id).toBe(b.indexCase.id);
    expect(await n1.database.db.select().from(neighbourCaseRefs)).toHaveLength(1);

    const rej = await n1.epi.post(`/api/neighbours/contact-notifications/${bySender.get(third.code)}/reject`, {
      reason: '查无此人，请电话联系',
    });
    expect(rej.body).toMatchObject({ status: 'rejected', contactId: null, reason: '查无此人，请电话联系' });
    expect((await deliver(n1)).delivered).toBe(2);
    const shares = await j.epi.get(`/api/neighbours/contacts/${third.id}/shares`);
    expect(shares.body.items[0]).toMatchObject({ status: 'rejected', decisionReason: '查无此人，请电话联系', withPersonalData: false });
  });

  it('comments go both ways on a notification; the sender sees them on its share', async () => {
    const posted = await n1.epi.post(`/api/neighbours/notifications/${notificationId}/comments`, { body: '已落实居家健康监测' });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    expect(posted.body).toMatchObject({ direction: 'out', body: '已落实居家健康监测', authorName: n1.epiName });
    expect((await n1.epi.post(`/api/neighbours/notifications/${notificationId}/comments`, { body: '  ' })).status).toBe(400);
    expect((await deliver(n1)).delivered).toBe(1);

    const atJ = await j.epi.get(`/api/neighbours/notifications/${notificationId}/comments`);
    expect(atJ.body).toEqual({
      side: 'sent',
      items: [expect.objectContaining({ direction: 'in', body: '已落实居家健康监测', authorName: n1.epiName })],
    });
    const reply = await j.epi.post(`/api/neighbours/notifications/${notificationId}/comments`, { body: '收到，谢谢' });
    expect(reply.status).toBe(201);
    expect((await deliver(j)).delivered).toBe(1);
    const atN1 = await n1.epi.get(`/api/neighbours/notifications/${notificationId}/comments`);
    expect(atN1.body.side).toBe('received');
    expect(atN1.body.items.map((c: any) => [c.direction, c.body])).toEqual([
      ['out', '已落实居家健康监测'],
      ['in', '收到，谢谢'],
    ]);
    const shares = await j.epi.get(`/api/neighbours/contacts/${firstContact.id}/shares`);
    expect(shares.body.items[0].comments).toBe(2);
    // the audit keeps that a comment was sent, not its text
    const trail = await n1.database.db.select().from(auditLog).where(eq(auditLog.action, 'comment'));
    expect(trail).toHaveLength(1);
    expect(JSON.stringify(trail[0]!.after)).not.toContain('居家');
    // a commander of J reads the comments (neighbours.read) but may not write; an unknown thread is 404
    const commander = await buildUser(j.database, { role: 'commander', jurisdictionId: j.tree.district.id });
    const cmd = await signIn(j.app, commander.user.username, commander.password);
    expect((await cmd.get(`/api/neighbours/notifications/${notificationId}/comments`)).body.items).toHaveLength(2);
    expect((await cmd.post(`/api/neighbours/notifications/${notificationId}/comments`, { body: 'x' })).status).toBe(404);
    expect((await j.epi.get(`/api/neighbours/notifications/${caseId}/comments`)).status).toBe(404);
  });

  it('a receiver whose agreement takes no contacts refuses at once with not_in_agreement', async () => {
    const link = (await n1.admin.get(`/api/neighbours/${links.n1ToJ}`)).body;
    await n1.admin.put(`/api/neighbours/${links.n1ToJ}/agreements`, {
      agreements: { ...link.agreements, contactNotifications: { send: true, accept: false, personalData: true } },
    });
    const fourth = await fileContact('周四');
    expect((await j.epi.post(`/api/neighbours/${links.jToN1}/contact-notifications`, { contactId: fourth.id })).status).toBe(201);
    await deliver(j);
    await deliver(n1);
    const shares = await j.epi.get(`/api/neighbours/contacts/${fourth.id}/shares`);
    expect(shares.body.items[0]).toMatchObject({ status: 'rejected', decisionReason: 'not_in_agreement' });
    // and J's agreement without send refuses to notify
    const jl = (await j.admin.get(`/api/neighbours/${links.jToN1}`)).body;
    await j.admin.put(`/api/neighbours/${links.jToN1}/agreements`, {
      agreements: { ...jl.agreements, contactNotifications: { send: false, accept: true, personalData: false } },
    });
    const fifth = await fileContact('吴五');
    expect((await j.epi.post(`/api/neighbours/${links.jToN1}/contact-notifications`, { contactId: fifth.id })).body.error.reason).toBe(
      'not_in_agreement',
    );
  });
});
