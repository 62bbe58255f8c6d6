import { fixture, startTestApp, type TestApp } from '../../helpers/start-test-app';

interface Answer {
  status: number;
  body: { decisions?: Array<{ kind: string; reason: string; incidentId?: string }> };
}

const json = { 'content-type': 'application/json' };

async function post(app: TestApp, path: string, body: Buffer | string, headers: Record<string, string> = json): Promise<Answer> {
  const res = await fetch(`${app.url}${path}`, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

async function incidents(app: TestApp, status = 'all') {
  const res = await fetch(`${app.url}/api/incidents?status=${status}`);
  return ((await res.json()) as { items: Array<Record<string, unknown>> }).items;
}

async function detailOf(app: TestApp, id: string) {
  const res = await fetch(`${app.url}/api/incidents/${id}`);
  return (await res.json()) as { incident: Record<string, unknown>; timeline: Array<{ type: string; message: string; data: Record<string, unknown> }>; runs: unknown[] };
}

// Matches the fixture's DiskFull alert; dry-run, so a run would be recorded without acting on anything.
const diskPlaybook = `
name: clean-disk
mode: dry-run
match: ['alertname="DiskFull"']
steps:
  - id: clean
    action: http
    with: { method: POST, url: "http://127.0.0.1:9/clean" }
`;

describe('out-of-order and stale deliveries over HTTP', () => {
  let app: TestApp;
  afterEach(async () => {
    await app.close();
  });

  describe('Alertmanager: firing, resolved, then a late copy of the firing notification', () => {
    beforeEach(async () => {
      app = await startTestApp({ playbooks: [diskPlaybook] });
    });

    it('answers 200 with decision stale for each alert, and the incident stays resolved with no reopen, flapping or run', async () => {
      const firing = await post(app, '/webhooks/alertmanager', fixture('alertmanager-firing.json'));
      expect(firing.status).toBe(200);
      const resolved = await post(app, '/webhooks/alertmanager', fixture('alertmanager-resolved.json'));
      expect(resolved.body.decisions!.map((d) => d.kind)).toEqual(['state_change', 'state_change']);
      const [incident] = await incidents(app, 'resolved');
      const id = incident!.id as string;
      const runsBefore = (await detailOf(app, id)).runs.length;

      // e.g. the second Alertmanager peer's copy, or a retry that was stuck in a proxy.
      const late = await post(app, '/webhooks/alertmanager', fixture('alertmanager-firing.json'));
      expect(late.status).toBe(200);
      expect(late.body.decisions).toEqual([
        expect.objectContaining({ kind: 'stale', incidentId: id, reason: expect.stringContaining('already resolved') }),
        expect.objectContaining({ kind: 'stale', incidentId: id }),
      ]);

      expect(await incidents(app, 'open')).toEqual([]);
      const detail = await detailOf(app, id);
      expect(detail.incident).toMatchObject({ status: 'resolved', reopenCount: 0, flapping: false, stateChanges: 2, firingCount: 0 });
      expect(detail.runs).toHaveLength(runsBefore);
      const stale = detail.timeline.filter((e) => e.data.kind === 'stale');
      expect(stale).toHaveLength(2);
      expect(stale[0]!.message).toMatch(/^alert am:9df28b69fb251278@2026-03-14T09:39:52.314Z firing \(.*\): stale, not applied: this occurrence is already resolved/);
    });

    it('still reopens for a real re-fire, which carries a new startsAt', async () => {
      await post(app, '/webhooks/alertmanager', fixture('alertmanager-firing.json'));
      await post(app, '/webhooks/alertmanager', fixture('alertmanager-resolved.json'));
      const body = JSON.parse(fixture('alertmanager-firing.json').toString('utf8')) as { alerts: Array<{ startsAt: string }> };
      body.alerts[0]!.startsAt = new Date(Date.now() - 1000).toISOString();
      const refire = await post(app, '/webhooks/alertmanager', JSON.stringify({ ...body, alerts: [body.alerts[0]] }));
      expect(refire.status).toBe(200);
      expect(refire.body.decisions).toEqual([expect.objectContaining({ kind: 'reopened' })]);
      expect(await incidents(app, 'open')).toEqual([expect.objectContaining({ reopenCount: 1 })]);
    });
  });

  describe('PagerDuty: an event delivered after a later one was applied', () => {
    beforeEach(async () => {
      app = await startTestApp(); // no secret: loopback clients only, which this test is
    });
    const deliver = (file: string, webhookId: string) => post(app, '/webhooks/pagerduty', fixture(file), { ...json, 'x-webhook-id': webhookId });

    it('records an acknowledgement that occurred before the resolve as stale and changes nothing', async () => {
      await deliver('pagerduty-incident-triggered.json', 'wh-1');
      await deliver('pagerduty-incident-resolved.json', 'wh-3');
      const [incident] = await incidents(app, 'resolved');
      const before = await detailOf(app, incident!.id as string);
      const lateAck = await deliver('pagerduty-incident-acknowledged.json', 'wh-2');
      expect(lateAck.status).toBe(200);
      expect(lateAck.body.decisions).toEqual([
        expect.objectContaining({ kind: 'stale', reason: expect.stringContaining('event of 2026-03-14T09:44:03.918Z is older than the last one applied (2026-03-14T10:24:15.602Z)') }),
      ]);
      const after = await detailOf(app, incident!.id as string);
      expect(after.incident).toEqual(before.incident);
      expect(after.timeline.at(-1)).toMatchObject({ type: 'alert_received', data: { kind: 'stale', occurredAt: '2026-03-14T09:44:03.918Z' } });
    });

    it('records a second copy of the trigger (another webhook id) after the resolve as stale: no reopen', async () => {
      await deliver('pagerduty-incident-triggered.json', 'wh-1');
      await deliver('pagerduty-incident-resolved.json', 'wh-3');
      const copy = await deliver('pagerduty-incident-triggered.json', 'wh-1-other-subscription');
      expect(copy.body.decisions).toEqual([expect.objectContaining({ kind: 'stale' })]);
      expect(await incidents(app, 'open')).toEqual([]);
    });
  });
});
