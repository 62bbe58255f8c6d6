import { fixture, startTestApp, type TestApp } from '../helpers/start-test-app';

const token = 'am-test-token';
const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

async function post(app: TestApp, body: Buffer | string, headers: Record<string, string> = auth) {
  const res = await fetch(`${app.url}/webhooks/alertmanager`, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function incidents(app: TestApp, status = 'all') {
  const res = await fetch(`${app.url}/api/incidents?status=${status}`);
  return ((await res.json()) as { items: Array<Record<string, unknown>> }).items;
}

describe('POST /webhooks/alertmanager', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ alertmanagerToken: token });
  });
  afterEach(async () => {
    await app.close();
  });

  describe('when Alertmanager delivers a firing group', () => {
    it('answers 200 after storing one incident keyed by the group key', async () => {
      const res = await post(app, fixture('alertmanager-firing.wire.json'));
      expect(res.status).toBe(200);
      expect(res.body.decisions).toEqual([
        expect.objectContaining({ kind: 'new_incident' }),
        expect.objectContaining({ kind: 'attached' }),
      ]);
      const [incident] = await incidents(app);
      expect(incident).toMatchObject({
        correlationId: '{}/{team="payments"}:{cluster="prod-eu-1", namespace="prod"}',
        status: 'open',
        alertCount: 2,
        firingCount: 2,
      });
    });

    it('shows the alerts and an ordered timeline at /api/incidents/:id', async () => {
      await post(app, fixture('alertmanager-firing.wire.json'));
      const [incident] = await incidents(app);
      const res = await fetch(`${app.url}/api/incidents/${incident!.id as string}`);
      const detail = (await res.json()) as { alerts: Array<{ key: string; fingerprint: string }>; timeline: Array<{ seq: number; type: string }>; runs: unknown[] };
      expect(detail.alerts.map((a) => a.fingerprint).sort()).toEqual(['913aab3577ecf1bf', '9df28b69fb251278']);
      expect(detail.timeline[0]!.type).toBe('incident_opened');
      expect(detail.timeline.map((e) => e.seq)).toEqual(detail.timeline.map((_, i) => i + 1));
      expect(detail.runs).toEqual([]);
    });

    it('counts a re-delivery on the same incident without creating anything', async () => {
      await post(app, fixture('alertmanager-firing.wire.json'));
      const again = await post(app, fixture('alertmanager-firing.json'));
      expect(again.body.decisions).toEqual([
        expect.objectContaining({ kind: 'duplicate' }),
        expect.objectContaining({ kind: 'duplicate' }),
      ]);
      const list = await incidents(app);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ deliveryCount: 2, alertCount: 2 });
    });

    it('resolves the incident when the resolved notification arrives', async () => {
      await post(app, fixture('alertmanager-firing.json'));
      const res = await post(app, fixture('alertmanager-resolved.json'));
      expect(res.status).toBe(200);
      expect(await incidents(app, 'open')).toHaveLength(0);
      expect(await incidents(app, 'resolved')).toHaveLength(1);
    });

    it('accepts a 50-alert storm (~55 KB) as one incident', async () => {
      const res = await post(app, fixture('alertmanager-storm.json'));
      expect(res.status).toBe(200);
      const list = await incidents(app);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ alertCount: 50 });
    });
  });

  describe('when 200 identical deliveries arrive at once', () => {
    it('keeps exactly one incident and counts all of them', async () => {
      const body = fixture('alertmanager-firing.wire.json');
      const results = await Promise.all(Array.from({ length: 200 }, () => post(app, body)));
      expect(results.every((r) => r.status === 200)).toBe(true);
      const list = await incidents(app);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ deliveryCount: 200, alertCount: 2 });
    });
  });

  describe('when the input is bad', () => {
    it('answers 401 for a wrong bearer token and stores nothing', async () => {
      const res = await post(app, fixture('alertmanager-firing.json'), { authorization: 'Bearer nope', 'content-type': 'application/json' });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHORIZED');
      expect(await incidents(app)).toHaveLength(0);
    });

    it('answers 400 with the field path for an invalid payload and stores nothing', async () => {
      const payload = JSON.parse(fixture('alertmanager-firing.json').toString('utf8')) as { alerts: Array<Record<string, unknown>> };
      payload.alerts[1]!.status = 'exploded';
      const res = await post(app, JSON.stringify(payload));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INVALID_PAYLOAD', path: 'alerts.1.status' });
      expect(typeof res.body.message).toBe('string');
      expect(await incidents(app)).toHaveLength(0);
    });

    it('answers 400 INVALID_JSON for a body that is not JSON', async () => {
      const res = await post(app, '{"receiver": ');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_JSON');
    });
  });
});

describe('POST /webhooks/alertmanager with other auth settings', () => {
  it('accepts basic auth when configured', async () => {
    const app = await startTestApp({ alertmanagerBasicAuth: { username: 'am', password: 's3cret' } });
    try {
      const ok = await post(app, fixture('alertmanager-firing.json'), { authorization: `Basic ${Buffer.from('am:s3cret').toString('base64')}` });
      const bad = await post(app, fixture('alertmanager-firing.json'), { authorization: `Basic ${Buffer.from('am:wrong').toString('base64')}` });
      expect([ok.status, bad.status]).toEqual([200, 401]);
    } finally {
      await app.close();
    }
  });

  it('accepts loopback clients without credentials when none are configured', async () => {
    const app = await startTestApp();
    try {
      const res = await post(app, fixture('alertmanager-firing.json'), { 'content-type': 'application/json' });
      expect(res.status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('answers 413 PAYLOAD_TOO_LARGE above the configured body limit', async () => {
    const app = await startTestApp({ bodyLimitBytes: 10_000 });
    try {
      const res = await post(app, fixture('alertmanager-storm.json'), { 'content-type': 'application/json' });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    } finally {
      await app.close();
    }
  });

  it('groups by a correlation template instead of the group key when configured', async () => {
    const app = await startTestApp({ correlation: { alertmanager: '{{ labels.alertname }}/{{ labels.namespace }}' } });
    try {
      await post(app, fixture('alertmanager-firing.json'), { 'content-type': 'application/json' });
      const list = await incidents(app);
      expect(list.map((i) => i.correlationId).sort()).toEqual(['DiskFull/prod', 'HighErrorRate/prod']);
    } finally {
      await app.close();
    }
  });
});
