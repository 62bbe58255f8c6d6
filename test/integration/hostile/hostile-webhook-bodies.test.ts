import fs from 'node:fs';
import path from 'node:path';
import { expectRejected } from './expect-rejected';
import { startHostileApp, type HostileApp } from './start-hostile-app';

const fixturesDir = path.join(__dirname, '..', '..', 'fixtures');
const fixtureJson = (name: string) => JSON.parse(fs.readFileSync(path.join(fixturesDir, name), 'utf8')) as Record<string, unknown>;

/** Webhook bodies that were stored although a label was lost or a time was not a time. */
describe('hostile requests: webhook label names and timestamps', () => {
  let h: HostileApp;
  beforeAll(async () => {
    h = await startHostileApp();
  });
  afterAll(async () => {
    await h.close();
  });

  describe('Alertmanager label names and timestamps', () => {
    const webhook = () => {
      const body = fixtureJson('alertmanager-firing.json') as { alerts: Array<Record<string, unknown>> };
      body.alerts = body.alerts.slice(0, 1);
      return body;
    };
    const deliver = (body: unknown) => fetch(`${h.url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

    it('rejects a label named __proto__ with INVALID_PAYLOAD instead of dropping it silently', async () => {
      const text = JSON.stringify(webhook()).replace('"alertname":', '"__proto__":"polluted","alertname":');
      await expectRejected(h, () => deliver(text), 400, 'INVALID_PAYLOAD', 'alerts.0.labels.__proto__');
      const annotation = JSON.stringify(webhook()).replace('"summary":', '"__proto__":"x","summary":');
      await expectRejected(h, () => deliver(annotation), 400, 'INVALID_PAYLOAD', 'alerts.0.annotations.__proto__');
      const common = JSON.stringify(webhook()).replace('"commonLabels":{', '"commonLabels":{"__proto__":"x",');
      await expectRejected(h, () => deliver(common), 400, 'INVALID_PAYLOAD', 'commonLabels.__proto__');
    });

    it.each([
      ['endsAt', 'yesterday'],
      ['endsAt', 'NaN'],
      ['endsAt', ''],
      ['endsAt', '2026-02-30T00:00:00Z'],
      ['startsAt', 'yesterday'],
      ['startsAt', 'NaN'],
    ])('rejects %s %j with INVALID_PAYLOAD and its path', async (field, value) => {
      const body = webhook();
      body.alerts[0]![field] = value;
      await expectRejected(h, () => deliver(body), 400, 'INVALID_PAYLOAD', `alerts.0.${field}`);
    });

    it.each(['0001-01-01T00:00:00Z', '2026-03-14T10:00:00.123456789Z', '2026-03-14T12:00:00+02:00', '2026-03-14T05:30:00.5-04:30'])(
      'accepts endsAt %s',
      async (endsAt) => {
        const body = webhook();
        body.alerts[0]!.endsAt = endsAt;
        body.alerts[0]!.startsAt = '2026-03-14T09:39:52.314+00:00';
        expect((await deliver(body)).status).toBe(200);
      },
    );
  });

  describe('PagerDuty occurred_at', () => {
    const deliver = (event: Record<string, unknown>) => {
      const body = JSON.stringify(event);
      return fetch(`${h.url}/webhooks/pagerduty`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pagerduty-signature': h.signPagerDuty(body) }, body });
    };

    it.each(['yesterday', 'NaN', '2026-13-01T00:00:00Z'])('rejects occurred_at %j with INVALID_PAYLOAD and its path', async (occurredAt) => {
      const body = fixtureJson('pagerduty-incident-triggered.json') as { event: Record<string, unknown> };
      body.event.occurred_at = occurredAt;
      await expectRejected(h, () => deliver(body), 400, 'INVALID_PAYLOAD', 'event.occurred_at');
    });

    it('rejects a created_at that is not a timestamp (it becomes the alert start)', async () => {
      const body = fixtureJson('pagerduty-incident-triggered.json') as { event: { data: Record<string, unknown> } };
      body.event.data.created_at = 'yesterday';
      await expectRejected(h, () => deliver(body), 400, 'INVALID_PAYLOAD', 'event.data.created_at');
    });

    it('accepts occurred_at with an offset', async () => {
      const body = fixtureJson('pagerduty-incident-triggered.json') as { event: Record<string, unknown> };
      body.event.occurred_at = '2026-03-14T10:42:41.257+01:00';
      body.event.id = 'offset-event';
      expect((await deliver(body)).status).toBe(200);
    });
  });
});
