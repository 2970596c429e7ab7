/**
 * Public education over HTTP: four eyes on publication (the author never publishes), the public list shows only
 * published materials without their authors, an edit takes a material off the portal, campaigns sum the reach of
 * their events by audience and place, and events outside the campaign's days are refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { districtToday } from '../../platform/time/district-time.ts';
import {
  buildDistrictTree,
  buildUser,
  createTestApp,
  signIn,
  TestClient,
  type TestClient as Client,
  testEngines,
  withTestDb,
} from '../../test-support/index.ts';

describe.each(testEngines())('public education (%s)', (engine) => {
  const t = withTestDb(engine);
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let author: Client;
  let press: Client;
  let anonymous: Client;
  let materialId: string;

  beforeAll(async () => {
    tree = await buildDistrictTree(t.database);
    const app = createTestApp(t.database);
    const a = await buildUser(t.database, { role: 'training_officer', jurisdictionId: tree.district.id });
    const p = await buildUser(t.database, { role: 'press_officer', jurisdictionId: tree.district.id });
    author = await signIn(app, a.user.username, a.password);
    press = await signIn(app, p.user.username, p.password);
    anonymous = new TestClient(app);
  });

  it('a draft is published by someone other than its author, then shows on the public API without its author', async () => {
    const created = await author.post('/api/education/materials', {
      jurisdictionId: tree.district.id,
      title: 'Health advice for crews',
      summary: 'What to do if a crew member falls ill aboard',
      audience: 'port_river_workers',
      language: 'en',
      topic: 'travel',
      url: 'https://example.org/crew.pdf',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', canPublish: false });
    materialId = created.body.id;
    expect((await anonymous.get('/api/public/education')).body.items).toEqual([]);

    const own = await author.post(`/api/education/materials/${materialId}/publish`);
    expect(own.status).toBe(409);
    expect(own.body.error.reason).toBe('author_cannot_publish');
    const published = await press.post(`/api/education/materials/${materialId}/publish`);
    expect(published.body.status).toBe('published');

    const pub = await anonymous.get('/api/public/education?audience=port_river_workers&language=en');
    expect(pub.status).toBe(200);
    expect(pub.headers.get('cache-control')).toContain('public');
    expect(pub.body.items).toHaveLength(1);
    expect(pub.body.items[0]).toEqual({
      id: materialId,
      title: 'Health advice for crews',
      summary: 'What to do if a crew member falls ill aboard',
      body: '',
      audience: 'port_river_workers',
      language: 'en',
      topic: 'travel',
      format: 'leaflet',
      url: 'https://example.org/crew.pdf',
      publishedAt: published.body.publishedAt,
    });
    expect((await anonymous.get('/api/public/education?language=zh-CN')).body.items).toEqual([]);
    expect((await anonymous.get('/api/public/education?language=not a tag')).status).toBe(400);
  });

  it('an edit takes the material off the portal; the editor cannot republish it, the author then can', async () => {
    const edited = await press.patch(`/api/education/materials/${materialId}`, { summary: 'Updated' });
    expect(edited.body.status).toBe('draft');
    expect((await anonymous.get('/api/public/education')).body.items).toEqual([]);
    expect((await press.post(`/api/education/materials/${materialId}/publish`)).body.error.reason).toBe('author_cannot_publish');
    // the author wrote it first, so the original author is also refused: creator and last editor both wrote it
    expect((await author.post(`/api/education/materials/${materialId}/publish`)).body.error.reason).toBe('author_cannot_publish');
    expect((await author.patch(`/api/education/materials/${materialId}`, { url: 'javascript:alert(1)' })).status).toBe(400);
  });

  it('campaigns sum their events’ reach by audience and place; events outside its days are refused', async () => {
    const today = districtToday();
    const campaign = await author.post('/api/education/campaigns', {
      jurisdictionId: tree.district.id,
      title: '宣传月',
      audiences: ['schools', 'elderly'],
      startsOn: districtToday(new Date(), 10),
      endsOn: districtToday(new Date(), -10),
      targetReach: 1000,
    });
    expect(campaign.status).toBe(201);
    expect(campaign.body.status).toBe('active');
    const id = campaign.body.id;
    const event = (jurisdictionId: string, audience: string, reach: number, heldOn = today) =>
      author.post(`/api/education/campaigns/${id}/events`, { jurisdictionId, heldOn, kind: 'lecture', audience, reach });
    expect((await event(tree.townshipA.id, 'schools', 300)).status).toBe(201);
    expect((await event(tree.townshipA.id, 'elderly', 40)).status).toBe(201);
    const last = await event(tree.townshipB.id, 'schools', 200);
    expect(last.body).toMatchObject({ reach: 540, events: 3 });
    expect(last.body.reachByAudience).toEqual([
      { audience: 'schools', reach: 500, events: 2 },
      { audience: 'elderly', reach: 40, events: 1 },
    ]);
    expect(last.body.reachByPlace.map((p: any) => [p.jurisdiction.id, p.reach])).toEqual([
      [tree.townshipA.id, 340],
      [tree.townshipB.id, 200],
    ]);
    expect((await event(tree.townshipA.id, 'schools', 10, districtToday(new Date(), 30))).status).toBe(400);
    expect((await event(tree.townshipA.id, 'schools', -1)).status).toBe(400);
  });
});
