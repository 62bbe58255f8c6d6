import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { apiToken } from './start-hostile-app';
import { hostileContentEncoding, hostileContentType, hostileJsonValue, hostileSegment, mutated, nestedText, toJsonText } from './hostile-values';

const fixturesDir = path.join(__dirname, '..', '..', 'fixtures');
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(fixturesDir, name), 'utf8')) as unknown;

/** One request as generated; signing happens when it is sent (the Slack timestamp must be current). */
export interface HostileRequest {
  family: 'alertmanager' | 'pagerduty' | 'webhooks-other' | 'api-get' | 'api-post' | 'slack' | 'probes' | 'long-url';
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Sign for this route (`forged`: with the wrong secret), or send as is. */
  sign?: 'slack' | 'pagerduty' | 'forged';
  /** The body is gzipped when `content-encoding: gzip` says so, unless the header lies (then the other way round). */
  encodingLies: boolean;
}

const text = (value: unknown) => Buffer.from(toJsonText(value), 'utf8');
const bodyOf = (shapes: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 6, arbitrary: shapes.map(text) },
    { weight: 2, arbitrary: hostileJsonValue.map(text) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) },
    { weight: 1, arbitrary: fc.constantFrom('', '{', '{"a":', 'null', '[]', '\u0000', '{"a":1}{"b":2}').map((s) => Buffer.from(s, 'utf8')) },
  );
const headersOf = (extra: fc.Arbitrary<Record<string, string>> = fc.constant({}), usual = 'application/json') =>
  fc.record({ type: fc.oneof({ weight: 2, arbitrary: fc.constant<string | undefined>(usual) }, { weight: 1, arbitrary: hostileContentType }), encoding: hostileContentEncoding, extra }).map(
    ({ type, encoding, extra: more }) => {
      const headers: Record<string, string> = { ...more };
      if (type !== undefined) headers['content-type'] = type;
      if (encoding !== undefined) headers['content-encoding'] = encoding;
      return headers;
    },
  );

/** Every route main.ts serves, each with well-formed, slightly wrong and absurd requests. */
export function hostileRequest(seed: { runId: string; incidentId: string }): fc.Arbitrary<HostileRequest> {
  const amFixture = fixture('alertmanager-firing.json');
  const pdFixture = fixture('pagerduty-incident-triggered.json');
  const clickFixture = fixture('slack-block-actions-approve.json') as Record<string, unknown>;
  const click = { ...clickFixture, response_url: 'http://127.0.0.1:9/unused', actions: [{ action_id: 'mendbot.approve', block_id: 'b', value: seed.runId, type: 'button' }] };
  const command = { token: 't', team_id: 'T0', channel_id: 'C0', user_id: 'U0FUZZ', user_name: 'fuzz', command: '/mendbot', text: 'status', response_url: 'http://127.0.0.1:9/unused', trigger_id: '1' };
  const id = fc.oneof(hostileSegment, fc.constantFrom(seed.runId, seed.incidentId));
  const token = fc.constantFrom(`Bearer ${apiToken}`, `Bearer ${apiToken}`, `Bearer ${apiToken}`, 'Bearer wrong', 'Basic eDp5', '');
  const encodingLies = fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

  const families: Array<fc.Arbitrary<HostileRequest>> = [
    fc.record({ family: fc.constant('alertmanager' as const), method: fc.constant('POST'), path: fc.constant('/webhooks/alertmanager'), headers: headersOf(), encodingLies, body: bodyOf(mutated(amFixture)) }),
    fc.record({
      family: fc.constant('pagerduty' as const),
      method: fc.constant('POST'),
      path: fc.constant('/webhooks/pagerduty'),
      headers: headersOf(fc.record({ 'x-webhook-id': fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/) })),
      encodingLies,
      body: bodyOf(mutated(pdFixture)),
      sign: fc.constantFrom<HostileRequest['sign']>('pagerduty', 'pagerduty', 'pagerduty', 'forged', undefined),
    }),
    fc.record({ family: fc.constant('webhooks-other' as const), method: fc.constantFrom('POST', 'GET', 'PUT'), path: hostileSegment.map((s) => `/webhooks/${s}`), headers: headersOf(), encodingLies, body: bodyOf(hostileJsonValue) }),
    fc.record({
      family: fc.constant('api-get' as const),
      method: fc.constant('GET'),
      path: fc.oneof(
        id.map((s) => `/api/incidents/${s}`),
        id.map((s) => `/api/runs/${s}`),
        fc.constant('/api/controls'),
        fc
          .array(fc.tuple(fc.constantFrom('status', 'limit', 'cursor', 'correlation_id', '__proto__', 'x'), fc.oneof(hostileSegment, fc.constantFrom('open', 'all', '0', '201', '-1', '1e3', 'NaN', ''))), { maxLength: 4 })
          .map((pairs) => `/api/incidents?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
      ),
      headers: headersOf(fc.record({ authorization: token })),
      encodingLies: fc.constant(false),
    }),
    fc.record({
      family: fc.constant('api-post' as const),
      method: fc.constant('POST'),
      path: fc.oneof(fc.tuple(id, fc.constantFrom('approve', 'reject')).map(([s, d]) => `/api/runs/${s}/${d}`), id.map((s) => `/api/incidents/${s}/resolve`), fc.constantFrom('/api/pause', '/api/resume')),
      headers: headersOf(fc.record({ authorization: token })),
      encodingLies,
      body: bodyOf(mutated({ by: 'U0STRANGER', reason: 'fuzz', playbook: 'seeded' })),
    }),
    fc.record({
      family: fc.constant('slack' as const),
      method: fc.constant('POST'),
      path: fc.constant('/slack/events'),
      headers: headersOf(),
      encodingLies,
      sign: fc.constantFrom<HostileRequest['sign']>('slack', 'slack', 'slack', 'slack', 'forged', undefined),
      body: fc.oneof(
        mutated(command).map((c) => Buffer.from(formOf(c), 'utf8')),
        fc.record({ payload: mutated(click), extra: fc.option(fc.constantFrom('&payload=x', '&ssl_check=1', '&command=%2Fmendbot'), { nil: '' }) }).map(({ payload, extra }) =>
          Buffer.from(`payload=${encodeURIComponent(toJsonText(payload))}${extra}`, 'utf8'),
        ),
        mutated({ type: 'url_verification', token: 't', challenge: 'c4ll3ng3' }).map(text),
        mutated({ type: 'event_callback', team_id: 'T0', event: { type: 'app_mention', user: 'U1', channel: 'C1', text: 'hi', ts: '1.2' } }).map(text),
        mutated(click).map(text),
        fc.integer({ min: 1_000, max: 10_000 }).map((depth) => Buffer.from(`{"type":"url_verification","challenge":${nestedText(depth, 'array')}}`)),
        bodyOf(hostileJsonValue),
      ),
    }),
    fc.record({
      family: fc.constant('probes' as const),
      method: fc.constantFrom('GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
      path: fc.oneof(fc.constantFrom('/healthz', '/readyz', '/metrics', '/', '/healthz/', '/METRICS'), fc.array(hostileSegment, { minLength: 1, maxLength: 4 }).map((s) => `/${s.join('/')}`)),
      headers: headersOf(),
      encodingLies,
      body: fc.option(bodyOf(hostileJsonValue), { nil: undefined }),
    }),
    fc.record({
      family: fc.constant('long-url' as const),
      method: fc.constantFrom('GET', 'POST'),
      path: fc.tuple(fc.constantFrom('/api/incidents/', '/webhooks/alertmanager?x=', '/slack/events?', '/healthz?'), fc.integer({ min: 16_500, max: 40_000 })).map(([p, n]) => `${p}${'a'.repeat(n)}`),
      headers: fc.constant({}),
      encodingLies: fc.constant(false),
    }),
  ];
  return fc.oneof(
    { weight: 4, arbitrary: families[0]! },
    { weight: 3, arbitrary: families[1]! },
    { weight: 1, arbitrary: families[2]! },
    { weight: 2, arbitrary: families[3]! },
    { weight: 3, arbitrary: families[4]! },
    { weight: 5, arbitrary: families[5]! },
    { weight: 2, arbitrary: families[6]! },
    { weight: 1, arbitrary: families[7]! },
  );
}

/** A form body; a field whose mutated value is not a string is sent as its JSON text, an array as repeated keys. */
function formOf(fields: unknown): string {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return `command=${encodeURIComponent(toJsonText(fields))}`;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (Array.isArray(value)) for (const v of value) params.append(key, typeof v === 'string' ? v : toJsonText(v));
    else params.append(key, typeof value === 'string' ? value : toJsonText(value));
  }
  return params.toString();
}
