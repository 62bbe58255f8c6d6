import { fixture, startTestApp, type TestApp } from '../helpers/start-test-app';

const signatures = JSON.parse(fixture('signatures.json').toString('utf8')) as {
  pagerduty: { secret: string; deliveries: Record<string, { headers: Record<string, string>; 'X-PagerDuty-Signature_during_rotation': string }> };
};
const pd = signatures.pagerduty;

async function deliver(app: TestApp, file: string, headers: Record<string, string> = pd.deliveries[file]!.headers) {
  const res = await fetch(`${app.url}/webhooks/pagerduty`, { method: 'POST', headers, body: fixture(file) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('POST /webhooks/pagerduty', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ pagerdutySecrets: [pd.secret] });
  });
  afterEach(async () => {
    await app.close();
  });

  it('opens an incident for incident.triggered signed with the subscription secret', async () => {
    const res = await deliver(app, 'pagerduty-incident-triggered.json');
    expect(res.status).toBe(200);
    const list = (await (await fetch(`${app.url}/api/incidents`)).json()) as { items: Array<Record<string, unknown>> };
    expect(list.items).toEqual([expect.objectContaining({ correlationId: 'pagerduty:Q1R8ZJ4Y7XK2LM', status: 'open', sources: ['pagerduty'] })]);
  });

  it('follows the incident through acknowledged and resolved', async () => {
    await deliver(app, 'pagerduty-incident-triggered.json');
    const ack = await deliver(app, 'pagerduty-incident-acknowledged.json');
    expect(ack.body.decisions).toEqual([expect.objectContaining({ kind: 'activity' })]);
    await deliver(app, 'pagerduty-incident-resolved.json');
    const list = (await (await fetch(`${app.url}/api/incidents?status=resolved`)).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(1);
  });

  it('drops an exact re-delivery (same X-Webhook-Id) without changing anything', async () => {
    const first = await deliver(app, 'pagerduty-incident-triggered.json');
    const again = await deliver(app, 'pagerduty-incident-triggered.json');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, deliveryId: first.body.deliveryId });
    const list = (await (await fetch(`${app.url}/api/incidents`)).json()) as { items: Array<{ deliveryCount: number }> };
    expect(list.items[0]!.deliveryCount).toBe(1);
  });

  it('accepts the rotation header carrying old and new signatures', async () => {
    const file = 'pagerduty-incident-triggered.json';
    const headers = { ...pd.deliveries[file]!.headers, 'X-PagerDuty-Signature': pd.deliveries[file]!['X-PagerDuty-Signature_during_rotation'] };
    expect((await deliver(app, file, headers)).status).toBe(200);
  });

  it('answers 403 SIGNATURE_INVALID for a forged signature and stores nothing', async () => {
    const file = 'pagerduty-incident-triggered.json';
    const headers = { ...pd.deliveries[file]!.headers, 'X-PagerDuty-Signature': 'v1=' + '0'.repeat(64) };
    const res = await deliver(app, file, headers);
    expect(res).toMatchObject({ status: 403, body: { code: 'SIGNATURE_INVALID' } });
    expect(await app.store.countOpenIncidents()).toBe(0);
  });

  it('answers 401 SIGNATURE_MISSING without a signature header', async () => {
    const res = await deliver(app, 'pagerduty-incident-triggered.json', { 'content-type': 'application/json' });
    expect(res).toMatchObject({ status: 401, body: { code: 'SIGNATURE_MISSING' } });
  });
});

describe('POST /webhooks/pagerduty for events that are not incident changes', () => {
  const secret = 'pd-test-webhook-secret-3f9c';
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ pagerdutySecrets: [secret] });
  });
  afterEach(async () => {
    await app.close();
  });

  async function sendSigned(event: Record<string, unknown>, webhookId: string) {
    const { createHmac } = await import('node:crypto');
    const body = JSON.stringify({ event });
    const signature = 'v1=' + createHmac('sha256', secret).update(body).digest('hex');
    const res = await fetch(`${app.url}/webhooks/pagerduty`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pagerduty-signature': signature, 'x-webhook-id': webhookId },
      body,
    });
    return { status: res.status, body: (await res.json()) as { decisions: Array<{ kind: string; reason: string }> } };
  }

  it('answers 2xx to pagey.ping and records it', async () => {
    const res = await sendSigned(
      { id: '01PING', event_type: 'pagey.ping', resource_type: 'pagey', occurred_at: '2026-03-14T09:42:41.257Z', agent: null, client: null, data: { message: 'Hello from your friend Pagey!', type: 'ping' } },
      'ping-1',
    );
    expect(res.status).toBe(200);
    expect(res.body.decisions[0]).toMatchObject({ kind: 'ignored' });
    expect(res.body.decisions[0]!.reason).toMatch(/pagey\.ping/);
  });

  it('answers 2xx to an unknown event type (PagerDuty disables subscriptions after 3 drops)', async () => {
    const res = await sendSigned(
      { id: '01NEW', event_type: 'service.brand_new_thing', resource_type: 'service', occurred_at: '2026-03-14T09:42:41.257Z', agent: null, client: null, data: { type: 'service', id: 'PXK3N9Q' } },
      'new-1',
    );
    expect(res.status).toBe(200);
    expect(res.body.decisions[0]!.reason).toMatch(/service\.brand_new_thing/);
    expect(await app.store.countOpenIncidents()).toBe(0);
  });
});
