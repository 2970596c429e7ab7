/**
 * Three platforms on loopback (District J and two neighbours, each its own database and key): linking with
 * four eyes on each side, a case notification from J accepted by a neighbour with provenance and the decision
 * back, 1,000 messages to a neighbour that is down and comes back (all arrive once, in order), refusals of a
 * forged signature, a replay and an unknown sender, and a revoked link that sends nothing.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, count, eq } from 'drizzle-orm';
import { auditLog } from '../../platform/db/platform.tables.ts';
import { diseases } from '../catalogue/index.ts';
import { makeResidentId } from '../cases/index.ts';
import { testEngines } from '../../test-support/index.ts';
import { DEMO_AGREEMENTS } from './neighbours.agreements.ts';
import { ensureIdentity, keyIdOf, type SignedEnvelope, signEnvelope } from './neighbours.keys.ts';
import { deliverOutbox, enqueueMessage, openJson } from './neighbours.outbox.ts';
import { neighbourInbox, neighbourLinks, neighbourOutbox } from './neighbours.tables.ts';
import { httpTransport, RECEIVE_PATH, type NeighbourTransport } from './neighbours.transport.ts';
import { linkSide, startTestPlatform, type TestPlatform } from './neighbours.test-helpers.ts';

// generous: three platforms on a loaded test machine may take seconds to answer (a timeout would count as a failed attempt)
const transport = httpTransport({ timeoutMs: 120_000 });
const deliver = (p: TestPlatform, options: { transport?: NeighbourTransport } = {}) =>
  deliverOutbox(p.database, p.config, { transport: options.transport ?? transport, backoffSeconds: 0 });

async function post(url: string, body: unknown) {
  const res = await fetch(new URL(RECEIVE_PATH, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe.each(testEngines())('neighbours: three linked platforms (%s)', (engine) => {
  let j: TestPlatform;
  let n1: TestPlatform;
  let n2: TestPlatform;
  const links: Record<string, string> = {};

  beforeAll(async () => {
    [j, n1, n2] = await Promise.all([
      startTestPlatform(engine, 'District J'),
      startTestPlatform(engine, 'Shaxi'),
      startTestPlatform(engine, 'Xiajiang'),
    ]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([j, n1, n2].map((p) => p?.close()));
  });

  it('links with four eyes: the proposer cannot approve; a link is active on both sides once a message passed', async () => {
    const identity = await n1.admin.get('/api/neighbours/identity');
    const proposed = await j.admin.post('/api/neighbours', {
      districtCode: '500192',
      name: '沙溪区',
      nameEn: 'Shaxi',
      baseUrl: n1.url,
      publicKey: identity.body.publicKey,
      agreements: DEMO_AGREEMENTS,
    });
    expect(proposed.status).toBe(201);
    expect(proposed.body.state).toBe('proposed');
    expect(proposed.body.peerFingerprint).toBe(identity.body.fingerprint);
    expect((await j.admin.post(`/api/neighbours/${proposed.body.id}/approve`)).body.error.reason).toBe('approver_is_proposer');
    // our own key, a key that is no key, and the same district twice are refused
    const own = await j.admin.get('/api/neighbours/identity');
    expect(
      (await j.admin.post('/api/neighbours', { districtCode: '500193', name: 'x', baseUrl: n2.url, publicKey: own.body.publicKey })).body
        .error.reason,
    ).toBe('own_key');
    const bad = await j.admin.post('/api/neighbours', {
      districtCode: '500193',
      name: 'x',
      baseUrl: n2.url,
      publicKey: `${'A'.repeat(43)}\u0000`,
    });
    expect(bad.status).toBe(400);
    // the epidemiologist may read links but not make them
    expect(
      (await j.epi.post('/api/neighbours', { districtCode: '500193', name: 'x', baseUrl: n2.url, publicKey: identity.body.publicKey }))
        .status,
    ).toBe(403);

    const approved = await j.admin2.post(`/api/neighbours/${proposed.body.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('active');
    links.jToN1 = proposed.body.id;

    // Shaxi has not approved its side yet: J's greeting is refused and waits
    let run = await deliver(j);
    expect(run).toMatchObject({ delivered: 0, failed: 1 });
    let listed = (await j.epi.get('/api/neighbours')).body.items.find((l: any) => l.id === links.jToN1);
    expect(listed.delivery).toMatchObject({ pending: 0, failed: 1, delivered: 0 });
    expect(listed.delivery.lastError).toBe('HTTP 401 unauthenticated'); // Shaxi knows no such sender yet
    expect(listed.peerConfirmed).toBe(false);

    links.n1ToJ = await linkSide(n1, j, '500199', DEMO_AGREEMENTS);
    run = await deliver(j);
    expect(run.delivered).toBe(1);
    listed = (await j.epi.get('/api/neighbours')).body.items.find((l: any) => l.id === links.jToN1);
    expect(listed.delivery).toMatchObject({ pending: 0, failed: 0, delivered: 1 });
    expect(listed.peerConfirmed).toBe(true);
    expect((await deliver(n1)).delivered).toBe(1);

    // Xiajiang: linked both ways, case notifications without personal data from J
    links.jToN2 = await linkSide(j, n2, '500194', {
      ...DEMO_AGREEMENTS,
      caseNotifications: { send: true, accept: true, personalData: false },
    });
    links.n2ToJ = await linkSide(n2, j, '500199', DEMO_AGREEMENTS);
    await deliver(j);
    await deliver(n2);
    const all = (await j.admin.get('/api/neighbours')).body.items;
    expect(all.map((l: any) => [l.districtCode, l.state, l.peerConfirmed]).sort()).toEqual([
      ['500192', 'active', true],
      ['500194', 'active', true],
    ]);
  });

  it("a neighbour's resident's case reported in J reaches the neighbour, is accepted and appears with provenance", async () => {
    const [disease] = await j.database.db.select().from(diseases).where(eq(diseases.code, 'covid19'));
    const idNumber = makeResidentId('500192', '1980-05-06', 123);
    const filed = await j.epi.post('/api/cases', {
      diseaseId: disease!.id,
      jurisdictionId: j.tree.communityA.id,
      personName: '王小明',
      idType: 'resident_id',
      idNumber,
      phone: '13800000000',
      address: '沙溪区河滨路 8 号',
      classification: 'confirmed',
      onsetDate: '2026-12-01',
      diagnosisAt: '2026-12-03T08:00:00+08:00',
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const shared = await j.epi.post(`/api/neighbours/${links.jToN1}/case-notifications`, {
      caseId: filed.body.id,
      note: '住沙溪，在嘉江就诊',
    });
    expect(shared.status, JSON.stringify(shared.body)).toBe(201);
    expect(shared.body.withPersonalData).toBe(true);
    // once per case and neighbour
    expect((await j.epi.post(`/api/neighbours/${links.jToN1}/case-notifications`, { caseId: filed.body.id })).body.error.reason).toBe(
      'already_exists',
    );
    // an administrator without cases.read cannot share a case
    expect((await j.admin.post(`/api/neighbours/${links.jToN1}/case-notifications`, { caseId: filed.body.id })).status).toBe(403);

    expect((await deliver(j)).delivered).toBe(1);
    const inbox = await n1.epi.get('/api/neighbours/inbox?status=pending');
    expect(inbox.body.items).toHaveLength(1);
    const item = inbox.body.items[0];
    expect(item.summary).toMatchObject({
      caseCode: filed.body.code,
      diseaseCode: 'covid19',
      classification: 'confirmed',
      withPersonalData: true,
    });
    expect(JSON.stringify(item)).not.toContain('王小明');
    // the administrator has no right to the inbox
    expect((await n1.admin.get('/api/neighbours/inbox')).status).toBe(403);

    const preview = await n1.epi.get(`/api/neighbours/inbox/${item.id}`);
    expect(preview.status).toBe(200);
    expect(preview.body.notification.person).toMatchObject({
      name: '王小明',
      phone: '13800000000',
      idNumberMasked: `500192********${idNumber.slice(-4)}`,
    });
    expect(JSON.stringify(preview.body)).not.toContain(idNumber);
    expect(preview.body.notification.sharedBy).toBe(j.epiName);

    const accepted = await n1.epi.post(`/api/neighbours/inbox/${item.id}/accept`, { jurisdictionId: n1.tree.communityB.id });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const local = await n1.epi.get(`/api/cases/${accepted.body.caseId}`);
    expect(local.status).toBe(200);
    expect(local.body).toMatchObject({
      personName: '王小明',
      classification: 'confirmed',
      onsetDate: '2026-12-01',
      jurisdiction: { id: n1.tree.communityB.id },
    });
    const provenance = await n1.epi.get(`/api/neighbours/cases/${accepted.body.caseId}/provenance`);
    expect(provenance.body).toMatchObject({
      districtName: 'District J',
      senderCaseCode: filed.body.code,
      sharedBy: j.epiName,
      acceptedBy: n1.epiName,
    });
    expect(new Date(provenance.body.receivedAt).getTime()).toBeGreaterThanOrEqual(new Date(provenance.body.sentAt).getTime());
    // a second decision is refused
    expect((await n1.epi.post(`/api/neighbours/inbox/${item.id}/reject`, { reason: 'x' })).body.error.reason).toBe('status_not_allowed');

    // the decision goes back to J
    const back = await deliver(n1);
    const outbox = (await n1.epi.get('/api/neighbours')).body.items[0].delivery;
    expect(back, JSON.stringify(outbox)).toMatchObject({ delivered: 1, failed: 0 });
    const shares = await j.epi.get(`/api/neighbours/cases/${filed.body.id}/shares`);
    expect(shares.body.items).toEqual([expect.objectContaining({ districtCode: '500192', status: 'accepted', decidedByName: n1.epiName })]);

    // without personal data (the agreement with Xiajiang): nothing that names the person; rejected with a reason
    const second = await j.epi.post(`/api/neighbours/${links.jToN2}/case-notifications`, { caseId: filed.body.id });
    expect(second.body.withPersonalData).toBe(false);
    await deliver(j);
    const [pending] = (await n2.epi.get('/api/neighbours/inbox?status=pending')).body.items;
    const redacted = await n2.epi.get(`/api/neighbours/inbox/${pending.id}`);
    expect(redacted.body.notification.person).toBeNull();
    expect(redacted.body.notification.birthDate).toBeNull();
    expect(redacted.body.notification.age).toBe(46);
    expect(JSON.stringify(redacted.body)).not.toMatch(/王小明|13800000000|河滨路|500192198/);
    expect((await n2.epi.post(`/api/neighbours/inbox/${pending.id}/reject`, { reason: '查无此人，请电话联系' })).status).toBe(200);
    await deliver(n2);
    const after = (await j.epi.get(`/api/neighbours/cases/${filed.body.id}/shares`)).body.items;
    expect(after.find((s: any) => s.districtCode === '500194')).toMatchObject({
      status: 'rejected',
      decisionReason: '查无此人，请电话联系',
    });
  });

  it("a border alert of J appears in the neighbour's border alerts and its status follows; other townships' do not", async () => {
    const agreements = { ...DEMO_AGREEMENTS, borderAlerts: { send: true, accept: true, synced: true, townshipIds: [j.tree.townshipA.id] } };
    // a township of another district is refused
    const wrong = await j.admin.put(`/api/neighbours/${links.jToN1}/agreements`, {
      agreements: { ...agreements, borderAlerts: { ...agreements.borderAlerts, townshipIds: [n1.tree.townshipA.id] } },
    });
    expect(wrong.status).toBe(400);
    expect((await j.admin.put(`/api/neighbours/${links.jToN1}/agreements`, { agreements })).status).toBe(200);
    const report = (place: string, jurisdictionId: string) =>
      j.epi.post('/api/event-reports', {
        eventType: 'school_cluster',
        jurisdictionId,
        place,
        occurredAt: '2026-12-06T08:00:00+08:00',
        peopleAffected: 12,
        description: '发热、皮疹，多名学生缺课',
      });
    const border = await report('边界小学', j.tree.communityA.id);
    expect(border.status, JSON.stringify(border.body)).toBe(201);
    expect((await report('内陆中学', j.tree.townshipB.id)).status).toBe(201);
    await deliver(j);
    let shared = (await n1.epi.get('/api/neighbours/alerts')).body.items;
    expect(shared).toHaveLength(1);
    expect(shared[0]).toMatchObject({ code: border.body.alertCode, status: 'new', synced: true, districtName: 'District J' });
    expect(shared[0].title).toContain('边界小学');

    const started = await j.epi.post(`/api/alerts/${border.body.alertId}/start-verification`, { note: '已派员核实' });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    await deliver(j);
    shared = (await n1.epi.get('/api/neighbours/alerts')).body.items;
    expect(shared).toEqual([expect.objectContaining({ code: border.body.alertCode, status: 'verifying' })]);
    // the administrator has no alerts.read: the border alerts are not theirs to read
    expect((await n1.admin.get('/api/neighbours/alerts')).status).toBe(403);
  });

  it('a neighbour stopped while J sends 1,000 messages gets all of them once, in order, when it is back', async () => {
    const [link] = await j.database.db.select().from(neighbourLinks).where(eq(neighbourLinks.id, links.jToN2));
    const before = (await n2.database.db.select({ n: count() }).from(neighbourInbox))[0]!.n;
    await n2.stop();
    const N = 1000;
    for (let start = 0; start < N; start += 100) {
      await j.database.db.transaction(async (tx) => {
        for (let i = start; i < start + 100; i++)
          await enqueueMessage(
            tx,
            j.config,
            link!,
            'case.notification',
            { caseCode: `T-${i}`, disease: { code: 'covid19', name: '新冠', nameEn: 'COVID-19' }, person: null },
            { i },
          );
      });
    }
    const down = await deliver(j);
    expect(down.delivered).toBe(0);
    const listed = (await j.epi.get('/api/neighbours')).body.items.find((l: any) => l.id === links.jToN2);
    expect(listed.delivery.failed + listed.delivery.pending).toBe(N);
    expect(listed.delivery.lastError).toMatch(/unreachable/);

    await n2.start();
    // a lost answer: the first batch arrives, the answer does not; sent again it is stored once
    const lossy: NeighbourTransport = {
      async send(target, envelopes) {
        await transport.send(target, envelopes);
        return { ok: false, error: 'answer lost' };
      },
    };
    await deliver(j, { transport: lossy });
    const up = await deliver(j);
    expect(up).toMatchObject({ delivered: N, failed: 0 });
    const rows = await n2.database.db
      .select({ id: neighbourInbox.id, seq: neighbourInbox.seq, summary: neighbourInbox.summary })
      .from(neighbourInbox)
      .where(eq(neighbourInbox.linkId, (await n2.database.db.select().from(neighbourLinks))[0]!.id))
      .orderBy(asc(neighbourInbox.receivedAt), asc(neighbourInbox.seq));
    expect(rows.length - before).toBe(N);
    const seqs = rows.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    const sent = await j.database.db
      .select({ id: neighbourOutbox.id, status: neighbourOutbox.status })
      .from(neighbourOutbox)
      .where(eq(neighbourOutbox.linkId, links.jToN2));
    expect(sent.every((m) => m.status === 'delivered')).toBe(true);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(sent.map((m) => m.id)));
    const final = (await j.epi.get('/api/neighbours')).body.items.find((l: any) => l.id === links.jToN2);
    expect(final.delivery).toMatchObject({ pending: 0, failed: 0, delivered: sent.length });
  }, 300_000);

  it('refuses a forged signature, a replay and an unknown sender, and logs and audits the refusals', async () => {
    const [message] = await j.database.db
      .select()
      .from(neighbourOutbox)
      .where(eq(neighbourOutbox.linkId, links.jToN1))
      .orderBy(asc(neighbourOutbox.seq))
      .limit(1);
    const envelope = openJson<SignedEnvelope>(j.config, message!.envelopeSealed);
    const refusalsBefore = (await n1.database.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'refuse')))[0]!.n;
    const inboxBefore = (await n1.database.db.select({ n: count() }).from(neighbourInbox))[0]!.n;

    // tampered: one field changed after signing
    const tampered = await post(n1.url, { messages: [{ ...envelope, payload: { ...envelope.payload, injected: true } }] });
    expect(tampered.status).toBe(401);
    // unsigned
    expect((await post(n1.url, { messages: [{ ...envelope, signature: '' }] })).status).toBe(401);
    // a replay of a delivered message changes nothing
    const replay = await post(n1.url, { messages: [envelope] });
    expect(replay.status).toBe(200);
    expect(replay.body.outcomes).toEqual([{ id: envelope.id, outcome: 'duplicate' }]);
    // a new id with an old sequence number (signed by J itself) is refused too
    const identity = await ensureIdentity(j.database.db, j.config);
    const stale = signEnvelope(identity, { ...envelope, id: crypto.randomUUID() });
    const out = await post(n1.url, { messages: [stale] });
    expect(out.status).toBe(409);
    expect(out.body.error.reason).toBe('out_of_sequence');
    // unknown sender: a key no link knows
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = publicKey.export({ format: 'jwk' }).x as string;
    const stranger = signEnvelope(
      { keyId: keyIdOf(raw), publicKey: raw, privateKey },
      { ...envelope, id: crypto.randomUUID(), from: keyIdOf(raw) },
    );
    expect((await post(n1.url, { messages: [stranger] })).status).toBe(401);

    expect((await n1.database.db.select({ n: count() }).from(neighbourInbox))[0]!.n).toBe(inboxBefore);
    const refusals = await n1.database.db.select().from(auditLog).where(eq(auditLog.action, 'refuse')).orderBy(asc(auditLog.seq));
    expect(refusals.length - refusalsBefore).toBe(3);
    expect(refusals.slice(-3).map((r) => (r.after as { refusal: string }).refusal)).toEqual([
      'bad_signature',
      'bad_signature',
      'unknown_sender',
    ]);
    expect(n1.log.lines.filter((l) => l.includes('neighbour message refused')).length).toBeGreaterThanOrEqual(3);
  });

  it('a revoked link sends nothing and takes nothing; a suspended one keeps its queue', async () => {
    const [disease] = await j.database.db.select().from(diseases).where(eq(diseases.code, 'covid19'));
    const filed = await j.epi.post('/api/cases', {
      diseaseId: disease!.id,
      jurisdictionId: j.tree.communityA.id,
      personName: '李四',
      classification: 'suspected',
      diagnosisAt: '2026-12-04T08:00:00+08:00',
    });
    expect(filed.status).toBe(201);
    // suspended: sharing is refused, the queue waits and goes on resumption
    expect((await j.admin.post(`/api/neighbours/${links.jToN1}/suspend`, { reason: '核对密钥' })).body.state).toBe('suspended');
    expect((await j.epi.post(`/api/neighbours/${links.jToN1}/case-notifications`, { caseId: filed.body.id })).body.error.reason).toBe(
      'link_not_active',
    );
    expect((await j.admin.post(`/api/neighbours/${links.jToN1}/resume`)).body.state).toBe('active');
    expect((await j.epi.post(`/api/neighbours/${links.jToN1}/case-notifications`, { caseId: filed.body.id })).status).toBe(201);

    // revoked with the message undelivered: it is cancelled and nothing is sent
    const revoked = await j.admin.post(`/api/neighbours/${links.jToN1}/revoke`, { reason: '协议终止' });
    expect(revoked.body.state).toBe('revoked');
    expect(revoked.body.delivery).toMatchObject({ pending: 0, failed: 0, cancelled: 1 });
    let calls = 0;
    const counting: NeighbourTransport = {
      send(target, envelopes) {
        calls += envelopes.length;
        return transport.send(target, envelopes);
      },
    };
    await deliver(j, { transport: counting });
    expect(calls).toBe(0);
    expect((await j.epi.post(`/api/neighbours/${links.jToN1}/case-notifications`, { caseId: filed.body.id })).body.error.reason).toBe(
      'link_not_active',
    );
    expect((await j.admin.post(`/api/neighbours/${links.jToN1}/resume`)).body.error.reason).toBe('status_not_allowed');

    // the neighbour revokes its side: what J still sends is refused
    expect((await n2.admin.post(`/api/neighbours/${links.n2ToJ}/revoke`, { reason: '协议终止' })).status).toBe(200);
    const other = await j.epi.post(`/api/neighbours/${links.jToN2}/case-notifications`, { caseId: filed.body.id });
    expect(other.status).toBe(201);
    const inboxBefore = (await n2.database.db.select({ n: count() }).from(neighbourInbox))[0]!.n;
    const run = await deliver(j);
    expect(run).toMatchObject({ delivered: 0, failed: 1 });
    expect((await n2.database.db.select({ n: count() }).from(neighbourInbox))[0]!.n).toBe(inboxBefore);
  });
});
