import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type express from 'express';
import { sha256Hex, type ApiRole, type ApiTokenEntry } from '../../../src/config/api-token-entry';
import { systemClock } from '../../../src/core/clock';
import { defaultLifecyclePolicy } from '../../../src/core/incidents/lifecycle-policy';
import { apiRouteRoles } from '../../../src/http/api-route-roles';
import { createApp } from '../../../src/http/create-app';
import { createApiBacktester } from '../../../src/wiring/create-api-backtester';
import { createIntake } from '../../../src/intake/create-intake';
import { createIncidentResolver } from '../../../src/runs/create-incident-resolver';
import { createRunService } from '../../../src/runs/create-run-service';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import { createLogger } from '../../../src/telemetry/create-logger';
import { createMetrics } from '../../../src/telemetry/create-metrics';
import { startTestApp, type TestApp } from '../../helpers/start-test-app';
import { callFrom, type CallResult } from './call-from';

/** Tokens are only ever configured as hashes; the plain values exist in this test alone. */
const plain = { viewer: 'viewer-token-0123456789abcdef', operator: 'operator-token-0123456789abcdef', admin: 'admin-token-0123456789abcdef' };
const tokens: ApiTokenEntry[] = [
  { name: 'grafana', role: 'viewer', sha256: sha256Hex(plain.viewer) },
  { name: 'deploy-bot', role: 'operator', sha256: sha256Hex(plain.operator) },
  { name: 'chat-bridge', role: 'admin', sha256: sha256Hex(plain.admin) },
];

const playbook = `
name: rollback
mode: approval
approvers: ["deploy-bot", "U024BE7LH"]
match: ['alertname="HighErrorRate"']
steps:
  - id: hold
    action: wait
    with: { duration: 1ms }
`;

type Caller = 'none' | ApiRole;
const callers: Caller[] = ['none', 'viewer', 'operator', 'admin'];

interface Case {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** The answer once the role is enough (a missing run is fine: the handler was reached). */
  allowed: number;
  /** The least role that is enough. */
  least: ApiRole;
}

// Every /api route (the last test checks this list against what the app really serves), plus the bodies
// that raise a route's role: the kill switch and acting on someone's behalf.
const cases: Case[] = [
  { name: 'list incidents', method: 'GET', path: '/api/incidents', allowed: 200, least: 'viewer' },
  { name: 'one incident', method: 'GET', path: '/api/incidents/inc_missing', allowed: 404, least: 'viewer' },
  { name: 'one run', method: 'GET', path: '/api/runs/run_missing', allowed: 404, least: 'viewer' },
  { name: 'one delivery', method: 'GET', path: '/api/deliveries/dlv_missing', allowed: 404, least: 'viewer' },
  { name: 'controls', method: 'GET', path: '/api/controls', allowed: 200, least: 'viewer' },
  { name: 'resolve an incident', method: 'POST', path: '/api/incidents/inc_missing/resolve', body: { reason: 'fixed by hand' }, allowed: 404, least: 'operator' },
  { name: 'resolve on behalf of someone', method: 'POST', path: '/api/incidents/inc_missing/resolve', body: { reason: 'fixed', onBehalfOf: 'U024BE7LH' }, allowed: 404, least: 'admin' },
  { name: 'approve', method: 'POST', path: '/api/runs/run_missing/approve', body: {}, allowed: 404, least: 'operator' },
  { name: 'reject', method: 'POST', path: '/api/runs/run_missing/reject', body: { reason: 'no' }, allowed: 404, least: 'operator' },
  { name: 'pause one playbook', method: 'POST', path: '/api/pause', body: { playbook: 'rollback', reason: 'flaky' }, allowed: 200, least: 'operator' },
  { name: 'resume one playbook', method: 'POST', path: '/api/resume', body: { playbook: 'rollback' }, allowed: 200, least: 'operator' },
  { name: 'kill switch on', method: 'POST', path: '/api/pause', body: { reason: 'freeze' }, allowed: 200, least: 'admin' },
  { name: 'kill switch off', method: 'POST', path: '/api/resume', body: {}, allowed: 200, least: 'admin' },
  { name: 'approve on behalf of someone', method: 'POST', path: '/api/runs/run_missing/approve', body: { onBehalfOf: 'U024BE7LH' }, allowed: 404, least: 'admin' },
  { name: 'approve claiming `by` someone', method: 'POST', path: '/api/runs/run_missing/approve', body: { by: 'U024BE7LH' }, allowed: 404, least: 'admin' },
  { name: 'pause on behalf of someone', method: 'POST', path: '/api/pause', body: { playbook: 'rollback', onBehalfOf: 'U1' }, allowed: 200, least: 'admin' },
  { name: 'backtest a playbook', method: 'POST', path: '/api/playbooks/rollback/backtest', body: { since: '1h' }, allowed: 200, least: 'viewer' },
  { name: 'an /api route with no role of its own', method: 'GET', path: '/api/not-a-route', allowed: 404, least: 'admin' },
];

const rank: Record<ApiRole, number> = { viewer: 0, operator: 1, admin: 2 };

/** What every cell must answer: 401 without a token, 403 FORBIDDEN_ROLE below the least role, else the handler's answer. */
function expected(c: Case, caller: Caller): { status: number; code?: string } {
  if (caller === 'none') return { status: 401, code: 'UNAUTHORIZED' };
  if (rank[caller] < rank[c.least]) return { status: 403, code: 'FORBIDDEN_ROLE' };
  return { status: c.allowed, code: c.allowed >= 400 ? 'NOT_FOUND' : undefined };
}

const summary = (r: CallResult) => ({ status: r.status, code: typeof r.body.code === 'string' ? r.body.code : undefined });

describe('API role matrix (real HTTP from 127.0.0.6, a local address that is not loopback)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ playbooks: [playbook], apiTokens: tokens });
  });
  afterAll(() => app.close());

  const cells = cases.flatMap((c) => callers.map((caller) => [`${c.name} (${c.method} ${c.path})`, caller, c] as const));

  it.each(cells)('%s as %s', async (_label, caller, c) => {
    const res = await callFrom(app.url, c.path, { from: '127.0.0.6', method: c.method, body: c.body, token: caller === 'none' ? undefined : plain[caller] });
    expect(summary(res)).toEqual(expected(c, caller));
  });

  it.each(cases)('$name refuses a wrong token, a Basic header and a token from loopback alike (401)', async (c) => {
    for (const [from, headers] of [
      ['127.0.0.6', { authorization: 'Bearer not-a-configured-token' }],
      ['127.0.0.6', { authorization: `Basic ${Buffer.from(`x:${plain.admin}`).toString('base64')}` }],
      ['127.0.0.1', {}], // tokens are configured: loopback gets no free pass
      ['127.0.0.1', { authorization: `Bearer ${sha256Hex(plain.admin)}` }], // the stored hash is not a token
    ] as const) {
      const res = await callFrom(app.url, c.path, { from, method: c.method, body: c.body, headers });
      expect({ from, headers, ...summary(res) }).toEqual({ from, headers, status: 401, code: 'UNAUTHORIZED' });
    }
  });

  it('covers every route the app serves under /api: the table and the matrix list the same routes', () => {
    // Walk express' own routing table (app.router.stack, nested routers included) of an app built like main.ts builds it.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-routes-'));
    const store = createSqliteStore({ dataDir });
    const log = createLogger({ level: 'silent' });
    const metrics = createMetrics();
    const intake = createIntake({ store, clock: systemClock, log, metrics, policy: defaultLifecyclePolicy, correlation: {} });
    const runs = createRunService({ store, clock: systemClock, wake: () => undefined });
    const served = routesOf(createApp({ intake, sources: [], store, metrics, log, bodyLimitBytes: 1024, runs, resolver: createIncidentResolver({ store, clock: systemClock, policy: defaultLifecyclePolicy }), apiTokens: tokens, backtester: createApiBacktester({ store, catalog: { list: () => [] }, clock: systemClock }) })).filter((r) => / \/api(\/|$)/i.test(r));
    void store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    const listed = apiRouteRoles.map((r) => `${r.method} ${r.path}`);
    expect([...served].sort()).toEqual([...listed].sort());
    const tested = new Set(cases.map((c) => `${c.method} ${c.path.replace(/inc_missing|run_missing|dlv_missing/, ':id').replace('/playbooks/rollback/', '/playbooks/:name/')}`));
    for (const route of listed) expect({ route, tested: tested.has(route) }).toEqual({ route, tested: true });
    expect(cells.length).toBe(cases.length * 4);
  });
});

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function routesOf(app: express.Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[] | undefined) => {
    for (const layer of stack ?? []) {
      if (layer.route) for (const m of Object.keys(layer.route.methods)) out.push(`${m.toUpperCase()} ${layer.route.path}`);
      else walk(layer.handle?.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}
