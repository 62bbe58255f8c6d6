import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode, MendbotError } from '../../src/core/errors';
import { parseAlertmanagerWebhook } from './parse-alertmanager-webhook';

const GROUP_KEY = '{}/{team="payments"}:{cluster="prod-eu-1", namespace="prod"}';
const GROUP_KEY_SHA256 = createHash('sha256').update(GROUP_KEY).digest('hex');

function fixture(name: string): Buffer {
  return fs.readFileSync(path.join(__dirname, '../../test/fixtures', name));
}

type Json = Record<string, unknown> & { alerts: Array<Record<string, unknown>> };

/** A fresh, mutable copy of a fixture body, for tests about one changed field. */
function fixtureJson(name: string): Json {
  return JSON.parse(fixture(name).toString('utf8')) as Json;
}

function body(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** What a body parses to, apart from the body itself (its text and JSON.parse's result). */
function parsedAlerts(rawBody: Buffer) {
  const { body: _, ...rest } = parseAlertmanagerWebhook(rawBody);
  return rest;
}

function parseError(rawBody: Buffer): MendbotError {
  try {
    parseAlertmanagerWebhook(rawBody);
  } catch (error) {
    if (error instanceof MendbotError) return error;
    throw error;
  }
  throw new Error('expected parseAlertmanagerWebhook to throw');
}

describe('parseAlertmanagerWebhook', () => {
  describe('given a firing notification (alertmanager-firing.json)', () => {
    const delivery = parseAlertmanagerWebhook(fixture('alertmanager-firing.json'));

    it('is an Alertmanager `notification` without a dedupe key, since Alertmanager has no delivery id', () => {
      expect(delivery.source).toBe('alertmanager');
      expect(delivery.eventType).toBe('notification');
      expect(delivery).not.toHaveProperty('dedupeKey');
    });

    it('returns one normalised alert per alert, in the order sent', () => {
      expect(delivery.alerts).toHaveLength(2);
      expect(delivery.alerts[0]).toEqual({
        source: 'alertmanager',
        key: 'am:9df28b69fb251278@2026-03-14T09:39:52.314Z',
        fingerprint: '9df28b69fb251278',
        status: 'firing',
        labels: {
          alertname: 'DiskFull',
          cluster: 'prod-eu-1',
          instance: '10.42.3.17:10250',
          job: 'kubelet',
          namespace: 'prod',
          persistentvolumeclaim: 'data-checkout-postgres-0',
          severity: 'warning',
          team: 'payments',
        },
        annotations: {
          description: 'Only 3.8% (7.6GiB) of volume data-checkout-postgres-0 is free.',
          runbook_url: 'https://runbooks.example.com/payments/pvc-filling-up',
          summary: 'PVC data-checkout-postgres-0 in prod is 96.2% full',
        },
        startsAt: '2026-03-14T09:39:52.314Z',
        generatorUrl: expect.stringMatching(/^https:\/\/prometheus\.prod-eu-1\.example\.com\/graph\?g0\.expr=.*&g0\.tab=1$/),
        summary: 'PVC data-checkout-postgres-0 in prod is 96.2% full',
        defaultCorrelationId: GROUP_KEY,
        publishesJoinKeys: [GROUP_KEY_SHA256],
      });
      expect(delivery.alerts[1]).toMatchObject({ key: 'am:913aab3577ecf1bf@2026-03-14T09:41:07.314Z', summary: 'checkout 5xx error ratio above 5%' });
    });

    it("leaves out endsAt, which is Go's zero time while an alert fires", () => {
      for (const alert of delivery.alerts) expect(alert).not.toHaveProperty('endsAt');
    });

    it('publishes sha256(groupKey), the dedup_key of Alertmanager’s own PagerDuty integration, as join key', () => {
      expect(GROUP_KEY_SHA256).toMatch(/^[0-9a-f]{64}$/);
      expect(delivery.alerts.map((a) => a.publishesJoinKeys)).toEqual([[GROUP_KEY_SHA256], [GROUP_KEY_SHA256]]);
    });
  });

  describe('given the same notification in its wire form (compact, \\u0026, trailing newline)', () => {
    const raw = fixture('alertmanager-firing.wire.json');

    it('is really the byte form Go writes', () => {
      expect(raw.toString('utf8')).toContain('\\u0026g0.tab=1');
      expect(raw.at(-1)).toBe(0x0a);
    });

    it('parses to exactly what the pretty-printed fixture parses to, with & decoded in generatorUrl', () => {
      const delivery = parsedAlerts(raw);
      expect(delivery).toEqual(parsedAlerts(fixture('alertmanager-firing.json')));
      expect(delivery.alerts[0]!.generatorUrl).toContain('&g0.tab=1');
    });
  });

  describe('given the resolved notification for the same group (alertmanager-resolved.json)', () => {
    const resolved = parseAlertmanagerWebhook(fixture('alertmanager-resolved.json'));
    const firing = parseAlertmanagerWebhook(fixture('alertmanager-firing.json'));

    it('reports each alert resolved with its real end time', () => {
      expect(resolved.alerts.map((a) => [a.status, a.endsAt])).toEqual([
        ['resolved', '2026-03-14T10:21:52.314Z'],
        ['resolved', '2026-03-14T10:19:22.314Z'],
      ]);
    });

    it('keeps the keys and correlation ID of the firing notification, so it lands on the same incident', () => {
      expect(resolved.alerts.map((a) => [a.key, a.defaultCorrelationId])).toEqual(firing.alerts.map((a) => [a.key, a.defaultCorrelationId]));
    });
  });

  describe('given a group with one alert firing and one resolved', () => {
    it('returns both, each with its own status', () => {
      const payload = fixtureJson('alertmanager-firing.json');
      payload.alerts[1] = fixtureJson('alertmanager-resolved.json').alerts[1]!;
      const delivery = parseAlertmanagerWebhook(body(payload));
      expect(delivery.alerts.map((a) => a.status)).toEqual(['firing', 'resolved']);
    });
  });

  describe('given a storm of 50 alerts in one group (alertmanager-storm.json)', () => {
    const delivery = parseAlertmanagerWebhook(fixture('alertmanager-storm.json'));

    it('returns 50 alerts with 50 distinct keys', () => {
      expect(delivery.alerts).toHaveLength(50);
      expect(new Set(delivery.alerts.map((a) => a.key)).size).toBe(50);
    });

    it('gives them all the one group key as default correlation ID', () => {
      expect(new Set(delivery.alerts.map((a) => a.defaultCorrelationId)).size).toBe(1);
    });
  });

  describe('given a payload from an older Alertmanager (0.25: no notification_reason, routeLabels, truncatedAlerts)', () => {
    it('parses it like a current one', () => {
      const payload = fixtureJson('alertmanager-firing.json');
      delete payload.notification_reason;
      delete payload.routeLabels;
      delete payload.truncatedAlerts;
      expect(parsedAlerts(body(payload))).toEqual(parsedAlerts(fixture('alertmanager-firing.json')));
    });
  });

  describe('given fields a newer Alertmanager might add', () => {
    it('ignores them instead of rejecting the delivery', () => {
      const payload = fixtureJson('alertmanager-firing.json');
      payload.someFutureField = { x: 1 };
      payload.alerts[0]!.silencedBy = [];
      expect(parseAlertmanagerWebhook(body(payload)).alerts).toHaveLength(2);
    });
  });

  describe('given an empty alerts array', () => {
    it('returns a delivery with no alerts', () => {
      const payload = fixtureJson('alertmanager-firing.json');
      payload.alerts = [];
      expect(parseAlertmanagerWebhook(body(payload)).alerts).toEqual([]);
    });
  });

  describe('given an alert without a fingerprint', () => {
    it('computes it from the labels, so the key matches what Alertmanager would have sent', () => {
      const payload = fixtureJson('alertmanager-firing.json');
      delete payload.alerts[0]!.fingerprint;
      const [alert] = parseAlertmanagerWebhook(body(payload)).alerts;
      expect(alert).toMatchObject({ fingerprint: '9df28b69fb251278', key: 'am:9df28b69fb251278@2026-03-14T09:39:52.314Z' });
    });
  });

  describe('given an upper-case fingerprint', () => {
    it('lower-cases it, so it keys the same as the %016x form', () => {
      const payload = fixtureJson('alertmanager-firing.json');
      payload.alerts[0]!.fingerprint = '9DF28B69FB251278';
      expect(parseAlertmanagerWebhook(body(payload)).alerts[0]!.fingerprint).toBe('9df28b69fb251278');
    });
  });

  describe('the summary', () => {
    function summaryOf(annotations: Record<string, string>, labels: Record<string, string>): string {
      const payload = fixtureJson('alertmanager-firing.json');
      payload.alerts = [{ ...payload.alerts[0]!, annotations, labels }];
      return parseAlertmanagerWebhook(body(payload)).alerts[0]!.summary;
    }

    it('is the summary annotation when there is one', () => {
      expect(summaryOf({ summary: 'disk full', description: 'long text' }, { alertname: 'DiskFull' })).toBe('disk full');
    });

    it('falls back to the description annotation', () => {
      expect(summaryOf({ description: 'long text' }, { alertname: 'DiskFull' })).toBe('long text');
    });

    it('falls back to the alertname label, skipping blank annotations', () => {
      expect(summaryOf({ summary: ' ' }, { alertname: 'DiskFull' })).toBe('DiskFull');
    });

    it('falls back to the fingerprint when nothing else names the alert', () => {
      expect(summaryOf({}, { a: 'b' })).toMatch(/^[0-9a-f]{16}$/);
    });
  });

  describe('given an alert with an empty generatorURL (posted to the API without one)', () => {
    it('leaves generatorUrl out', () => {
      const payload = fixtureJson('alertmanager-firing.json');
      payload.alerts[0]!.generatorURL = '';
      expect(parseAlertmanagerWebhook(body(payload)).alerts[0]).not.toHaveProperty('generatorUrl');
    });
  });

  describe('given a body that is not JSON', () => {
    it.each([
      ['a truncated body', '{"receiver": '],
      ['an empty body', ''],
      ['form data', 'payload=%7B%7D'],
    ])('rejects %s with INVALID_JSON', (_name, text) => {
      const error = parseError(Buffer.from(text, 'utf8'));
      expect(error.code).toBe(ErrorCode.InvalidJson);
      expect(error.status).toBe(400);
    });
  });

  describe('given JSON that does not fit the webhook v4 schema', () => {
    it.each<[string, (payload: Json) => void, string, RegExp]>([
      ['an unknown alert status', (p) => (p.alerts[1]!.status = 'exploded'), 'alerts.1.status', /firing.*resolved/],
      ['a missing alert status', (p) => delete p.alerts[0]!.status, 'alerts.0.status', /expected/],
      ['a missing startsAt', (p) => delete p.alerts[0]!.startsAt, 'alerts.0.startsAt', /RFC 3339/],
      ['a startsAt that is not a timestamp', (p) => (p.alerts[0]!.startsAt = 'yesterday'), 'alerts.0.startsAt', /RFC 3339/],
      ['a fingerprint that is not 16 hex digits', (p) => (p.alerts[0]!.fingerprint = 'xyz'), 'alerts.0.fingerprint', /16 hex digits/],
      ['a non-string label value', (p) => ((p.alerts[0]!.labels as Record<string, unknown>).severity = 3), 'alerts.0.labels.severity', /expected string/],
      ['a missing endsAt', (p) => delete p.alerts[0]!.endsAt, 'alerts.0.endsAt', /expected string/],
      ['a missing groupKey', (p) => delete p.groupKey, 'groupKey', /expected string/],
      ['an empty groupKey', (p) => (p.groupKey = ''), 'groupKey', />=1 characters/],
      ['another protocol version', (p) => (p.version = '3'), 'version', /expected "4"/],
      ['alerts that are not an array', (p) => (p.alerts = {} as never), 'alerts', /expected array/],
      ['a negative truncatedAlerts', (p) => (p.truncatedAlerts = -1), 'truncatedAlerts', />=0/],
    ])('rejects %s with INVALID_PAYLOAD at the field’s path', (_name, mutate, expectedPath, expectedMessage) => {
      const payload = fixtureJson('alertmanager-firing.json');
      mutate(payload);
      const error = parseError(body(payload));
      expect(error.code).toBe(ErrorCode.InvalidPayload);
      expect(error.path).toBe(expectedPath);
      expect(error.message).toMatch(expectedMessage);
    });

    it.each(['yesterday', 'NaN', '', '2026-02-30T00:00:00Z', '2026-03-14 10:00:00Z'])('rejects an endsAt of %j with INVALID_PAYLOAD at its path', (value) => {
      const payload = fixtureJson('alertmanager-resolved.json');
      payload.alerts[0]!.endsAt = value;
      const error = parseError(body(payload));
      expect(error).toMatchObject({ code: ErrorCode.InvalidPayload, path: 'alerts.0.endsAt' });
      expect(error.message).toMatch(/RFC 3339/);
    });

    it.each(['0001-01-01T00:00:00Z', '2026-03-14T10:21:52.314159265Z', '2026-03-14T12:21:52+02:00', '2026-03-14T05:51:52.3-04:30'])('accepts an endsAt of %s', (value) => {
      const payload = fixtureJson('alertmanager-resolved.json');
      payload.alerts[0]!.endsAt = value;
      expect(parseAlertmanagerWebhook(body(payload)).alerts[0]!.endsAt).toBe(value);
    });

    it.each([
      ['an alert label', (text: string) => text.replace('"alertname":', '"__proto__":"x","alertname":'), 'alerts.0.labels.__proto__'],
      ['an alert annotation', (text: string) => text.replace('"summary":', '"__proto__":"x","summary":'), 'alerts.0.annotations.__proto__'],
      ['a common label', (text: string) => text.replace('"commonLabels":{', '"commonLabels":{"__proto__":"x",'), 'commonLabels.__proto__'],
    ])('rejects %s named __proto__ (it would vanish, not be kept) at its path', (_what, edit, expectedPath) => {
      const text = edit(JSON.stringify(fixtureJson('alertmanager-firing.json')));
      expect(text).toContain('"__proto__"');
      expect(parseError(Buffer.from(text))).toMatchObject({ code: ErrorCode.InvalidPayload, path: expectedPath });
    });

    it('keeps labels named like other Object.prototype members', () => {
      const text = JSON.stringify(fixtureJson('alertmanager-firing.json')).replace('"alertname":', '"constructor":"c","toString":"t","alertname":');
      expect(parseAlertmanagerWebhook(Buffer.from(text)).alerts[0]!.labels).toMatchObject({ constructor: 'c', toString: 't' });
    });

    it('rejects a JSON value that is not an object without a path', () => {
      const error = parseError(body([]));
      expect(error.code).toBe(ErrorCode.InvalidPayload);
      expect(error.path).toBeUndefined();
      expect(error.message).toMatch(/expected object/);
    });
  });
});
