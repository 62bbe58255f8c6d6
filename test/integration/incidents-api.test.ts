import { fixture, startTestApp, type TestApp } from '../helpers/start-test-app';

describe('GET /api/incidents', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ correlation: { alertmanager: '{{ labels.pod }}' } });
    // The storm has 50 pods: with this template each pod is its own incident.
    const res = await fetch(`${app.url}/webhooks/alertmanager`, { method: 'POST', body: fixture('alertmanager-storm.json') });
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await app.close();
  });

  const get = async (query: string) => {
    const res = await fetch(`${app.url}/api/incidents${query}`);
    return { status: res.status, body: (await res.json()) as { items: Array<{ id: string; correlationId: string }>; next_cursor: string | null; code?: string; path?: string } };
  };

  it('defaults to open incidents, 50 per page', async () => {
    const { body } = await get('');
    expect(body.items).toHaveLength(50);
    expect(body.next_cursor).toBeNull();
  });

  it('walks every page with next_cursor, newest first, without repeats', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const { body }: { body: { items: Array<{ id: string }>; next_cursor: string | null } } = await get(`?status=all&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...body.items.map((i) => i.id));
      cursor = body.next_cursor;
    } while (cursor);
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
    expect([...ids].sort().reverse()).toEqual(ids);
  });

  it('filters by correlation_id', async () => {
    const { body: all } = await get('?limit=1');
    const { body } = await get(`?correlation_id=${encodeURIComponent(all.items[0]!.correlationId)}`);
    expect(body.items.map((i) => i.id)).toEqual([all.items[0]!.id]);
  });

  it.each([
    ['?status=closed', 'status'],
    ['?limit=0', 'limit'],
    ['?limit=201', 'limit'],
    ['?limit=abc', 'limit'],
    ['?cursor=not-a-cursor', 'cursor'],
  ])('answers 400 INVALID_QUERY for %s', async (query, path) => {
    const { status, body } = await get(query);
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'INVALID_QUERY', path });
  });

  it('answers 404 NOT_FOUND for an unknown incident', async () => {
    const res = await fetch(`${app.url}/api/incidents/inc_missing`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('GET /metrics', () => {
  it('exposes the mendbot_ series after a delivery', async () => {
    const app = await startTestApp();
    try {
      await fetch(`${app.url}/webhooks/alertmanager`, { method: 'POST', body: fixture('alertmanager-firing.json') });
      const text = await (await fetch(`${app.url}/metrics`)).text();
      expect(text).toMatch(/mendbot_alerts_received_total\{source="alertmanager",status="firing"\} 2/);
      expect(text).toMatch(/mendbot_decisions_total\{kind="new_incident"\} 1/);
      expect(text).toMatch(/mendbot_open_incidents 1/);
      expect(text).toMatch(/mendbot_webhook_duration_seconds_bucket\{.*source="alertmanager"/);
    } finally {
      await app.close();
    }
  });
});
