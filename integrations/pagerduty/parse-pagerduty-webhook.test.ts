import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode, MendbotError } from '../../src/core/errors';
import { parsePagerDutyWebhook } from './parse-pagerduty-webhook';

const fixtures = path.join(__dirname, '../../test/fixtures');
const incidentId = 'Q1R8ZJ4Y7XK2LM';
const title = '[prod-eu-1/prod] HighErrorRate: checkout 5xx error ratio above 5%';

function fixture(name: 'triggered' | 'acknowledged' | 'resolved'): Buffer {
  return fs.readFileSync(path.join(fixtures, `pagerduty-incident-${name}.json`));
}

type Envelope = { event: Record<string, unknown> & { data: Record<string, unknown> } };
type Edit = (body: Envelope) => unknown;

/** A variant of the triggered fixture (parse tests need no signature, so re-serialising is fine here). */
function variant(edit: Edit): Buffer {
  const body = JSON.parse(fixture('triggered').toString('utf8'));
  edit(body);
  return Buffer.from(JSON.stringify(body));
}

function errorOf(run: () => unknown): MendbotError {
  try {
    run();
  } catch (error) {
    if (error instanceof MendbotError) return error;
    throw error;
  }
  throw new Error('expected a MendbotError');
}

describe('parsePagerDutyWebhook', () => {
  describe('incident.triggered', () => {
    const delivery = parsePagerDutyWebhook(fixture('triggered'), '7c1e0b4a-2f9d-4e61-9a3b-00005d8c2e71');
    const alert = delivery.alerts[0]!;

    it('is one firing pagerduty alert keyed by the incident id', () => {
      expect(delivery).toMatchObject({ source: 'pagerduty', eventType: 'incident.triggered' });
      expect(delivery.alerts).toHaveLength(1);
      expect(alert).toMatchObject({
        source: 'pagerduty',
        key: `pd:${incidentId}`,
        fingerprint: incidentId,
        status: 'firing',
        summary: title,
        defaultCorrelationId: `pagerduty:${incidentId}`,
        startsAt: '2026-03-14T09:42:41Z',
      });
      expect(alert.endsAt).toBeUndefined();
      expect(alert.activity).toBeUndefined();
    });

    it('uses X-Webhook-Id as the dedupe key', () => {
      expect(delivery.dedupeKey).toBe('pagerduty:7c1e0b4a-2f9d-4e61-9a3b-00005d8c2e71');
    });

    it('carries the incident attributes as string labels and annotations', () => {
      expect(alert.labels).toEqual({
        alertname: title,
        service: 'checkout (prod)',
        urgency: 'high',
        priority: 'P2',
        pagerduty_incident_number: '4821',
        pagerduty_service_id: 'PXK3N9Q',
        pagerduty_escalation_policy: 'Payments Primary',
        pagerduty_teams: 'Payments',
      });
      expect(alert.annotations).toMatchObject({
        html_url: `https://acme-payments.pagerduty.com/incidents/${incidentId}`,
        pagerduty_status: 'triggered',
        assignees: 'Dana Okafor',
        client: 'alert-remediator',
      });
      for (const value of [...Object.values(alert.labels), ...Object.values(alert.annotations)]) expect(typeof value).toBe('string');
    });

    it('sets no join key when incident_key is null', () => {
      expect(alert.joinKey).toBeUndefined();
    });
  });

  describe('incident.acknowledged', () => {
    const alert = parsePagerDutyWebhook(fixture('acknowledged')).alerts[0]!;

    it('changes no state and records who acknowledged', () => {
      expect(alert.key).toBe(`pd:${incidentId}`);
      expect(alert.status).toBeNull();
      expect(alert.activity).toBe('acknowledged in PagerDuty by Dana Okafor');
    });
  });

  describe('incident.resolved', () => {
    const alert = parsePagerDutyWebhook(fixture('resolved')).alerts[0]!;

    it('is resolved, ending when the event occurred', () => {
      expect(alert).toMatchObject({ key: `pd:${incidentId}`, status: 'resolved', startsAt: '2026-03-14T09:42:41Z', endsAt: '2026-03-14T10:24:15.602Z' });
    });

    it('leaves out the empty assignee list', () => {
      expect(alert.annotations.assignees).toBeUndefined();
    });
  });

  describe('incident.reopened', () => {
    it('fires again on the same key and says it was reopened', () => {
      const alert = parsePagerDutyWebhook(variant((b) => (b.event.event_type = 'incident.reopened'))).alerts[0]!;
      expect(alert).toMatchObject({ key: `pd:${incidentId}`, status: 'firing', activity: 'reopened in PagerDuty by Events API V2' });
    });
  });

  describe('other incident events', () => {
    it.each([
      ['incident.unacknowledged', 'unacknowledged in PagerDuty by Events API V2'],
      ['incident.escalated', 'escalated in PagerDuty by Events API V2: assigned to Dana Okafor'],
      ['incident.reassigned', 'reassigned in PagerDuty by Events API V2: assigned to Dana Okafor'],
      ['incident.delegated', 'delegated in PagerDuty by Events API V2: escalation policy Payments Primary'],
      ['incident.priority_updated', 'priority updated in PagerDuty by Events API V2: priority P2'],
      ['incident.incident_type.changed', 'incident type changed in PagerDuty by Events API V2'],
    ])('%s is activity without a state change', (eventType, activity) => {
      const alert = parsePagerDutyWebhook(variant((b) => (b.event.event_type = eventType))).alerts[0]!;
      expect(alert).toMatchObject({ key: `pd:${incidentId}`, status: null, activity });
    });

    it('leaves "by" out when there is no agent', () => {
      const body = variant((b) => {
        b.event.event_type = 'incident.unacknowledged';
        b.event.agent = null;
      });
      expect(parsePagerDutyWebhook(body).alerts[0]!.activity).toBe('unacknowledged in PagerDuty');
    });
  });

  describe('incident.annotated', () => {
    const annotated = (content: string) =>
      variant((b) => {
        b.event.event_type = 'incident.annotated';
        b.event.data = {
          incident: { id: incidentId, type: 'incident_reference', summary: `[#4821] ${title}`, html_url: `https://acme-payments.pagerduty.com/incidents/${incidentId}` },
          id: 'PNOTE1',
          content,
          trimmed: false,
          type: 'incident_note',
        };
      });

    it('is activity on the referenced incident', () => {
      const alert = parsePagerDutyWebhook(annotated('rolled back checkout to v41')).alerts[0]!;
      expect(alert).toMatchObject({
        key: `pd:${incidentId}`,
        fingerprint: incidentId,
        status: null,
        activity: 'note: rolled back checkout to v41',
        defaultCorrelationId: `pagerduty:${incidentId}`,
        summary: `[#4821] ${title}`,
      });
    });

    it('cuts a long note to 500 characters', () => {
      const activity = parsePagerDutyWebhook(annotated('x'.repeat(2000))).alerts[0]!.activity!;
      expect(activity).toBe(`note: ${'x'.repeat(499)}…`);
    });
  });

  describe('the join key', () => {
    const withKey = (key: string | null) => parsePagerDutyWebhook(variant((b) => (b.event.data.incident_key = key))).alerts[0]!;

    it.each([
      ['an Alertmanager dedup_key (sha256 of the group key)', 'a'.repeat(32) + '0123456789abcdef0123456789abcdef'],
      ['a mendbot correlation ID sent by pagerduty.escalate', '{}/{team="payments"}:{cluster="prod-eu-1", namespace="prod"}'],
    ])('is the incident_key for %s', (_what, key) => {
      expect(withKey(key).joinKey).toBe(key);
    });

    it('is not set without an incident_key', () => {
      expect(withKey(null).joinKey).toBeUndefined();
    });
  });

  describe('pagey.ping', () => {
    it('records the test delivery without alerts', () => {
      const ping = Buffer.from(
        JSON.stringify({
          event: {
            id: '01G2ZXPWKD5QWHB5W4Z4K2X4AC',
            event_type: 'pagey.ping',
            resource_type: 'pagey',
            occurred_at: '2026-03-14T09:00:00.000Z',
            agent: null,
            client: null,
            data: { message: 'Hello from your friend Pagey!', type: 'ping' },
          },
        }),
      );
      expect(parsePagerDutyWebhook(ping, 'wh-1')).toEqual({
        source: 'pagerduty',
        eventType: 'pagey.ping',
        dedupeKey: 'pagerduty:wh-1',
        alerts: [],
        note: 'pagey.ping: test delivery',
      });
    });
  });

  describe('an event type mendbot does not know', () => {
    it('is accepted with no alerts and a note, so PagerDuty never counts it as dropped', () => {
      const body = variant((b) => {
        b.event.event_type = 'service.updated';
        b.event.resource_type = 'service';
        b.event.data = { id: 'PXK3N9Q', type: 'service', summary: 'checkout (prod)' };
      });
      expect(parsePagerDutyWebhook(body)).toEqual({
        source: 'pagerduty',
        eventType: 'service.updated',
        alerts: [],
        note: 'unhandled event type service.updated: recorded, no action',
      });
    });

    it('is accepted even with data that is not an object', () => {
      const body = variant((b) => {
        b.event.event_type = 'future.thing';
        (b.event as Record<string, unknown>).data = null;
      });
      expect(parsePagerDutyWebhook(body).note).toBe('unhandled event type future.thing: recorded, no action');
    });
  });

  describe('invalid bodies', () => {
    it('answers INVALID_JSON for a body that is not JSON', () => {
      expect(errorOf(() => parsePagerDutyWebhook(Buffer.from('{"event":')))).toMatchObject({ code: ErrorCode.InvalidJson });
    });

    it.each([
      ['a missing event_type', 'event.event_type', (b: Envelope) => delete b.event.event_type],
      ['a numeric occurred_at', 'event.occurred_at', (b: Envelope) => (b.event.occurred_at = 1)],
      ['an incident without an id', 'event.data.id', (b: Envelope) => delete b.event.data.id],
      ['an incident with a string number', 'event.data.number', (b: Envelope) => (b.event.data.number = '4821')],
      [
        'a note without its incident',
        'event.data.incident',
        (b: Envelope) => (b.event.data = { type: 'incident_note', content: 'x' }),
      ],
    ])('answers INVALID_PAYLOAD at the field for %s', (_what, expectedPath, edit) => {
      const error = errorOf(() => parsePagerDutyWebhook(variant(edit)));
      expect(error.code).toBe(ErrorCode.InvalidPayload);
      expect(error.path).toBe(expectedPath);
    });

    it.each(['yesterday', 'NaN', '', '2026-13-01T00:00:00Z', '2026-03-14 09:42:41Z'])('answers INVALID_PAYLOAD for an occurred_at of %j, which becomes an alert time', (value) => {
      const error = errorOf(() => parsePagerDutyWebhook(variant((b) => (b.event.occurred_at = value))));
      expect(error).toMatchObject({ code: ErrorCode.InvalidPayload, path: 'event.occurred_at' });
      expect(error.message).toMatch(/RFC 3339/);
    });

    it('answers INVALID_PAYLOAD for an incident created_at that is not a timestamp', () => {
      const error = errorOf(() => parsePagerDutyWebhook(variant((b) => (b.event.data.created_at = 'yesterday'))));
      expect(error).toMatchObject({ code: ErrorCode.InvalidPayload, path: 'event.data.created_at' });
    });

    it.each(['2026-03-14T09:42:41Z', '2026-03-14T10:42:41.257+01:00', '2026-03-14T09:42:41.123456789Z'])('accepts an occurred_at of %s', (value) => {
      const delivery = parsePagerDutyWebhook(variant((b) => (b.event.occurred_at = value)));
      expect(delivery.alerts).toHaveLength(1);
    });

    it('names `event` when the envelope is missing', () => {
      const error = errorOf(() => parsePagerDutyWebhook(Buffer.from('{"messages":[]}')));
      expect(error).toMatchObject({ code: ErrorCode.InvalidPayload, path: 'event' });
    });
  });
});
