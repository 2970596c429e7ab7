/**
 * Versioned updates of a shared record between two platforms on loopback: a change of a shared case in J goes as
 * the next version and is applied in Shaxi; a field changed in Shaxi too is a conflict, shown and resolved by a
 * person (nothing overwritten); a stale version is refused; a version that comes early waits for the missing one;
 * an update of a notification not yet decided waits and is applied on acceptance; a contact's risk follows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { makeResidentId } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { testEngines } from '../../test-support/index.ts';
import { DEMO_AGREEMENTS } from './neighbours.agreements.ts';
import { deliverOutbox, enqueueMessage } from './neighbours.outbox.ts';
import { neighbourLinks } from './neighbours.tables.ts';
import { httpTransport } from './neighbours.transport.ts';
import { linkSide, startTestPlatform, type TestPlatform } from './neighbours.test-helpers.ts';
import { queueRecordUpdates } from './neighbours.updates.ts';

const transport = httpTransport({ timeoutMs: 120_000 });
const deliver = (p: TestPlatform) => deliverOutbox(p.database, p.config, { transport, backoffSeconds: 0 });
const queue = (p: TestPlatform) => queueRecordUpdates(p.database, p.config);

describe.each(testEngines())('neighbours: versioned updates and conflicts (%s)', (engine) => {
  let j: TestPlatform;
  let n1: TestPlatform;
  const links: Record<string, string> = {};
  let diseaseId = '';

  async function fileCase(name: string, serial: number) {
    const res = await j.epi.post('/api/cases', {
      diseaseId,
      jurisdictionId: j.tree.communityA.id,
      personName: name,
      idType: 'resident_id',
      idNumber: makeResidentId('500192', '1981-02-03', serial),
      classification: 'suspected',
      onsetDate: '2026-12-01',
      diagnosisAt: '2026-12-03T08:00:00+08:00',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; code: string };
  }
  async function shareAndArrive(caseId: string) {
    expect((await j.epi.post(`/api/neighbours/${links.jToN1}/case-notifications`, { caseId })).status).toBe(201);
    await deliver(j);
    const items = (await n1.epi.get('/api/neighbours/inbox?status=pending')).body.items;
    return items[0].id as string;
  }

  beforeAll(async () => {
    [j, n1] = await Promise.all([startTestPlatform(engine, 'District J'), startTestPlatform(engine, 'Shaxi')]);
    links.jToN1 = await linkSide(j, n1, '500192', DEMO_AGREEMENTS);
    links.n1ToJ = await linkSide(n1, j, '500199', DEMO_AGREEMENTS);
    await deliver(j);
    await deliver(n1);
    const [disease] = await j.database.db.select().from(diseases).where(eq(diseases.code, 'covid19'));
    diseaseId = disease!.id;
  }, 180_000);
  afterAll(async () => {
    await Promise.all([j, n1].map((p) => p?.close()));
  });

  let caseJ = { id: '', code: '' };
  let notificationId = '';
  let caseN1 = '';

  it('a change in J goes as version 2, once, and is applied in Shaxi', async () => {
    caseJ = await fileCase('郑一', 21);
    notificationId = await shareAndArrive(caseJ.id);
    const accepted = await n1.epi.post(`/api/neighbours/inbox/${notificationId}/accept`, { jurisdictionId: n1.tree.communityA.id });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    caseN1 = accepted.body.caseId;
    await deliver(n1);
    expect(await queue(j)).toBe(0); // nothing changed since the notification

    const patched = await j.epi.patch(`/api/cases/${caseJ.id}`, { classification: 'confirmed' });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(await queue(j)).toBe(1);
    expect(await queue(j)).toBe(0); // sent once: the version moved with the message
    expect((await deliver(j)).delivered).toBe(1);

    expect((await n1.epi.get(`/api/cases/${caseN1}`)).body.classification).toBe('confirmed');
    const updates = await n1.epi.get(`/api/neighbours/notifications/${notificationId}/updates`);
    expect(updates.body.appliedVersion).toBe(2);
    expect(updates.body.items.map((u: any) => [u.version, u.status, u.changes])).toEqual([[2, 'applied', { classification: 'confirmed' }]]);
    // the change is a version of Shaxi's card, as a correction is: what changed, when, from which district
    const versions = (await n1.epi.get(`/api/cases/${caseN1}/versions`)).body.items;
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({
      version: 2,
      source: 'neighbour_update',
      correctionTypes: ['classification_revised'],
      changedFields: ['classification'],
      neighbour: { districtCode: '500199', name: 'District J', version: 2 },
      changedBy: null,
      timeliness: null,
    });
    expect([versions[0].before.classification, versions[0].after.classification]).toEqual(['suspected', 'confirmed']);
    expect((await n1.epi.get(`/api/cases/${caseN1}`)).body.reviewStatus).toBe('pending');
    const shares = await j.epi.get(`/api/neighbours/cases/${caseJ.id}/record-shares`);
    expect(shares.body.items[0]).toMatchObject({ version: 2, status: 'accepted' });
    // the link's page (neighbours.read: a commander, an administrator) shows no field of the case
    const detail = await j.admin.get(`/api/neighbours/${links.jToN1}`);
    expect(detail.body.shares[0].sentFields).toBeUndefined();
    expect(JSON.stringify(detail.body)).not.toContain('confirmed');
  });

  it('a field changed in Shaxi too is a conflict, shown, not overwritten; a person resolves it', async () => {
    expect((await n1.epi.patch(`/api/cases/${caseN1}`, { outcome: 'recovered' })).status).toBe(200);
    expect((await j.epi.patch(`/api/cases/${caseJ.id}`, { outcome: 'died', severity: 'severe' })).status).toBe(200);
    expect(await queue(j)).toBe(1);
    await deliver(j);

    const local = (await n1.epi.get(`/api/cases/${caseN1}`)).body;
    expect(local.outcome).toBe('recovered'); // ours kept
    expect(local.severity).toBe('severe'); // not changed here: theirs applied
    const updates = (await n1.epi.get(`/api/neighbours/notifications/${notificationId}/updates`)).body;
    const v3 = updates.items.find((u: any) => u.version === 3);
    expect(v3.status).toBe('conflict');
    expect(v3.conflicts).toEqual({ outcome: { base: 'under_treatment', local: 'recovered', remote: 'died' } });

    // a choice for every field in conflict, none for another
    const bad = await n1.epi.post(`/api/neighbours/updates/${v3.id}/resolve`, { choices: { severity: 'remote' } });
    expect(bad.status).toBe(400);
    expect((await n1.admin.post(`/api/neighbours/updates/${v3.id}/resolve`, { choices: { outcome: 'remote' } })).status).not.toBe(200);
    const resolved = await n1.epi.post(`/api/neighbours/updates/${v3.id}/resolve`, { choices: { outcome: 'remote' } });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: { outcome: 'remote' } });
    expect((await n1.epi.get(`/api/cases/${caseN1}`)).body.outcome).toBe('died');
    // v3's severity applied on arrival (no person), its outcome by the person who chose it
    const versions = (await n1.epi.get(`/api/cases/${caseN1}/versions`)).body.items;
    expect(versions.map((v: any) => [v.source, v.neighbour?.version, v.changedFields, v.changedBy?.displayName ?? null])).toEqual([
      ['neighbour_update', 3, ['outcome'], expect.any(String)],
      ['neighbour_update', 3, ['severity'], null],
      ['correction', undefined, ['outcome'], expect.any(String)], // Shaxi's own correction, before
      ['neighbour_update', 2, ['classification'], null],
    ]);
    expect(versions[0].correctionTypes).toEqual(['death']);
    expect((await n1.epi.post(`/api/neighbours/updates/${v3.id}/resolve`, { choices: { outcome: 'local' } })).body.error.reason).toBe(
      'status_not_allowed',
    );
  });

  it('a stale version is refused; one that comes early waits for the missing one, then both apply in order', async () => {
    const [link] = await j.database.db.select().from(neighbourLinks).where(eq(neighbourLinks.id, links.jToN1));
    const send = (version: number, changes: Record<string, unknown>) =>
      j.database.db.transaction((tx) =>
        enqueueMessage(tx, j.config, link!, 'record.update', { notificationId, entityType: 'case_report', version, changes }, {}),
      );
    await send(2, { classification: 'suspected' }); // old
    await send(5, { severity: 'mild' }); // early: 4 is missing
    await deliver(j);
    let updates = (await n1.epi.get(`/api/neighbours/notifications/${notificationId}/updates`)).body;
    expect(updates.items.filter((u: any) => u.version === 2).map((u: any) => u.status)).toEqual(['applied', 'stale']);
    expect(updates.items.find((u: any) => u.version === 5).status).toBe('waiting');
    expect(updates.appliedVersion).toBe(3);
    let local = (await n1.epi.get(`/api/cases/${caseN1}`)).body;
    expect([local.classification, local.severity]).toEqual(['confirmed', 'severe']);

    await send(4, { severity: 'critical' });
    await deliver(j);
    updates = (await n1.epi.get(`/api/neighbours/notifications/${notificationId}/updates`)).body;
    expect(updates.appliedVersion).toBe(5);
    expect(updates.items.filter((u: any) => u.version >= 4).map((u: any) => [u.version, u.status])).toEqual([
      [4, 'applied'],
      [5, 'applied'],
    ]);
    local = (await n1.epi.get(`/api/cases/${caseN1}`)).body;
    expect(local.severity).toBe('mild'); // version 5 last
  });

  it('an update of a notification not yet decided waits and is applied on acceptance', async () => {
    const other = await fileCase('王二', 22);
    const id = await shareAndArrive(other.id);
    await j.epi.patch(`/api/cases/${other.id}`, { classification: 'confirmed' });
    expect(await queue(j)).toBe(1);
    await deliver(j);
    expect((await n1.epi.get(`/api/neighbours/notifications/${id}/updates`)).body.items.map((u: any) => u.status)).toEqual(['waiting']);
    const accepted = await n1.epi.post(`/api/neighbours/inbox/${id}/accept`, { jurisdictionId: n1.tree.communityA.id });
    expect((await n1.epi.get(`/api/cases/${accepted.body.caseId}`)).body.classification).toBe('confirmed');
    const after = (await n1.epi.get(`/api/neighbours/notifications/${id}/updates`)).body;
    expect(after).toMatchObject({ appliedVersion: 2, items: [expect.objectContaining({ status: 'applied' })] });
  });

  it("a notified contact's risk category and last exposure follow (the follow-up window moves)", async () => {
    const contact = await j.epi.post('/api/contacts', {
      sourceCaseId: caseJ.id,
      personName: '冯七',
      jurisdictionId: j.tree.communityA.id,
      lastExposureAt: '2026-12-02T10:00:00+08:00',
      riskCategory: 'medium',
    });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    await j.epi.post(`/api/neighbours/${links.jToN1}/contact-notifications`, { contactId: contact.body.id });
    await deliver(j);
    const item = (await n1.epi.get('/api/neighbours/inbox?status=pending')).body.items.find((i: any) => i.kind === 'contact.notification');
    const acc = await n1.epi.post(`/api/neighbours/contact-notifications/${item.id}/accept`, { jurisdictionId: n1.tree.communityA.id });
    expect(acc.status, JSON.stringify(acc.body)).toBe(200);
    const before = (await n1.epi.get(`/api/contacts/${acc.body.contactId}`)).body;
    expect(
      (await j.epi.patch(`/api/contacts/${contact.body.id}`, { riskCategory: 'high', lastExposureAt: '2026-12-04T10:00:00+08:00' })).status,
    ).toBe(200);
    expect(await queue(j)).toBe(1);
    await deliver(j);
    const after = (await n1.epi.get(`/api/contacts/${acc.body.contactId}`)).body;
    expect(after.riskCategory).toBe('high');
    expect(after.lastExposureAt).toBe(new Date('2026-12-04T10:00:00+08:00').toISOString());
    expect(after.followUpUntil > before.followUpUntil).toBe(true);
  });

  async function shareContact(personName: string) {
    const contact = await j.epi.post('/api/contacts', {
      sourceCaseId: caseJ.id,
      personName,
      jurisdictionId: j.tree.communityA.id,
      lastExposureAt: '2026-12-03T10:00:00+08:00',
      riskCategory: 'high',
    });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    await j.epi.post(`/api/neighbours/${links.jToN1}/contact-notifications`, { contactId: contact.body.id });
    await deliver(j);
    const item = (await n1.epi.get('/api/neighbours/inbox?status=pending')).body.items.find((i: any) => i.kind === 'contact.notification');
    const acc = await n1.epi.post(`/api/neighbours/contact-notifications/${item.id}/accept`, { jurisdictionId: n1.tree.communityA.id });
    expect(acc.status, JSON.stringify(acc.body)).toBe(200);
    return { senderId: contact.body.id as string, localId: acc.body.contactId as string, notificationId: item.id as string };
  }
  const setStatus = (p: TestPlatform, id: string, body: Record<string, unknown>) => p.epi.post(`/api/contacts/${id}/status`, body);

  it("a notified contact's status follows: lost to follow-up, found again, became a case", async () => {
    const { senderId, localId, notificationId: id } = await shareContact('卫八');
    expect((await setStatus(j, senderId, { status: 'lost_to_follow_up' })).status).toBe(200);
    expect(await queue(j)).toBe(1);
    await deliver(j);
    let local = (await n1.epi.get(`/api/contacts/${localId}`)).body;
    expect([local.status, local.statusReason]).toEqual(['lost_to_follow_up', 'District J（500199）']);

    expect((await setStatus(j, senderId, { status: 'under_follow_up' })).status).toBe(200); // found again
    expect(await queue(j)).toBe(1);
    await deliver(j);
    expect((await n1.epi.get(`/api/contacts/${localId}`)).body.status).toBe('under_follow_up');

    // became a case in J: the copy follows (no case of ours behind it)
    expect((await setStatus(j, senderId, { status: 'converted_suspected', caseReportId: caseJ.id })).status).toBe(200);
    expect(await queue(j)).toBe(1);
    await deliver(j);
    local = (await n1.epi.get(`/api/contacts/${localId}`)).body;
    expect([local.status, local.caseReport]).toEqual(['converted_suspected', null]);
    const updates = (await n1.epi.get(`/api/neighbours/notifications/${id}/updates`)).body;
    expect(updates.items.map((u: any) => [u.version, u.status, u.changes])).toEqual([
      [2, 'applied', { status: 'lost_to_follow_up' }],
      [3, 'applied', { status: 'under_follow_up' }],
      [4, 'applied', { status: 'converted_suspected' }],
    ]);
  });

  it("a contact's status changed differently on both sides is a conflict: ours kept, theirs shown, a person chooses", async () => {
    const { senderId, localId, notificationId: id } = await shareContact('卫九');
    const lost = await setStatus(n1, localId, { status: 'lost_to_follow_up' });
    expect(lost.status, JSON.stringify(lost.body)).toBe(200);
    expect((await setStatus(j, senderId, { status: 'cancelled', reason: '身份核实有误' })).status).toBe(200);
    expect(await queue(j)).toBe(1);
    await deliver(j);
    expect((await n1.epi.get(`/api/contacts/${localId}`)).body.status).toBe('lost_to_follow_up');
    const v2 = (await n1.epi.get(`/api/neighbours/notifications/${id}/updates`)).body.items[0];
    expect([v2.version, v2.status, v2.conflicts]).toEqual([
      2,
      'conflict',
      { status: { base: 'under_follow_up', local: 'lost_to_follow_up', remote: 'cancelled' } },
    ]);
    expect(JSON.stringify(v2.changes)).not.toContain('身份核实'); // the reason (free text) never travels
    const resolved = await n1.epi.post(`/api/neighbours/updates/${v2.id}/resolve`, { choices: { status: 'remote' } });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    const local = (await n1.epi.get(`/api/contacts/${localId}`)).body;
    expect([local.status, local.statusReason]).toEqual(['cancelled', 'District J（500199）']);
  });
});
