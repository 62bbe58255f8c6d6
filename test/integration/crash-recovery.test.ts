/**
 * "2xx means stored" under a crash: the built mendbot is SIGKILLed in the middle of a burst of Alertmanager
 * deliveries, restarted on the same data directory, and every delivery it had acknowledged must still be there.
 * Deliveries that were in flight when it died may or may not have been stored, so nothing is asserted about them.
 *
 * Needs `npm run build` (it runs dist/src/cli.js through test/helpers/start-mendbot.ts).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { makeAlertmanagerBody, type GeneratedBody } from '../bench/alertmanager-bodies';
import { startMendbot, type RunningMendbot } from '../helpers/start-mendbot';

jest.setTimeout(90_000);

const DELIVERIES = 300;
const IN_FLIGHT = 20;
const KILL_AFTER_ACKS = 100;

interface ApiIncident {
  id: string;
  correlationId: string;
  alertCount: number;
}

interface Outcome {
  body: GeneratedBody;
  /** HTTP status, or 0 when the connection failed (the process died under it). */
  status: number;
  error?: string;
}

function postWebhook(agent: http.Agent, url: string, body: Buffer): Promise<{ status: number; error?: string }> {
  return new Promise((resolve) => {
    const target = new URL('/webhooks/alertmanager', url);
    const req = http.request(
      target,
      { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', (e) => resolve({ status: 0, error: e.message }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ status: 0, error: e.code ?? e.message }));
    req.end(body);
  });
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Every incident, through the cursor-paged list API. */
async function allIncidents(url: string): Promise<ApiIncident[]> {
  const out: ApiIncident[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: ApiIncident[]; next_cursor: string | null } = await getJson(
      `${url}/api/incidents?status=all&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    out.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return out;
}

const waitForExit = (m: RunningMendbot) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    const p = m.process;
    if (p.exitCode !== null || p.signalCode !== null) resolve({ code: p.exitCode, signal: p.signalCode });
    else p.once('exit', (code, signal) => resolve({ code, signal }));
  });

describe('mendbot crash recovery', () => {
  const runId = `crash${Date.now().toString(36)}`;
  // 1–5 alerts per group, each body its own group key, fingerprints and startsAt.
  const bodies = Array.from({ length: DELIVERIES }, (_, i) => makeAlertmanagerBody(runId, i, { alerts: 1 + (i % 5) }));

  // No playbooks: this is about intake (the default ./playbooks has examples that would plan runs).
  const playbooksDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-no-playbooks-'));
  const env = { PLAYBOOKS_DIR: playbooksDir };
  let first: RunningMendbot | undefined;
  let second: RunningMendbot | undefined;
  const outcomes: Outcome[] = [];
  let inFlightAtKill = 0;
  let killedBy: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  beforeAll(async () => {
    first = await startMendbot({ env });
    const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    let next = 0;
    let acked = 0;
    let inFlight = 0;
    let killed = false;
    const server = first;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (!killed && next < bodies.length) {
          const body = bodies[next++]!;
          inFlight++;
          const r = await postWebhook(agent, server.url, body.body);
          inFlight--;
          outcomes.push({ body, ...r });
          if (r.status >= 200 && r.status < 300 && ++acked >= KILL_AFTER_ACKS && !killed) {
            killed = true;
            inFlightAtKill = inFlight;
            server.kill(); // SIGKILL: no shutdown hook, no final flush
          }
        }
      }),
    );
    agent.destroy();
    killedBy = await waitForExit(first);
    second = await startMendbot({ env, dataDir: first.dataDir });
  });

  afterAll(async () => {
    await second?.stop();
    first?.kill();
    fs.rmSync(playbooksDir, { recursive: true, force: true });
  });

  describe('when the process is killed with SIGKILL during a burst of deliveries', () => {
    it('dies by SIGKILL with deliveries still in flight (so the crash really interrupted writes)', () => {
      expect(killedBy).toEqual({ code: null, signal: 'SIGKILL' });
      expect(inFlightAtKill).toBeGreaterThan(0);
      expect(outcomes.filter((o) => o.status >= 200 && o.status < 300).length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    });

    it('answered nothing but 2xx before the crash and connection errors after it', () => {
      const unexpected = outcomes.filter((o) => o.status !== 0 && (o.status < 200 || o.status >= 300));
      expect(unexpected.map((o) => o.status)).toEqual([]);
    });
  });

  describe('after a restart on the same data directory', () => {
    it('is healthy and ready', async () => {
      const health = await fetch(`${second!.url}/healthz`);
      expect(health.status).toBe(200);
      const ready = await fetch(`${second!.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
    });

    it('still has every acknowledged delivery: one incident per group key holding all of its alerts', async () => {
      const acknowledged = outcomes.filter((o) => o.status >= 200 && o.status < 300).map((o) => o.body);
      const incidents = await allIncidents(second!.url);
      const byGroupKey = new Map<string, ApiIncident[]>();
      for (const inc of incidents) byGroupKey.set(inc.correlationId, [...(byGroupKey.get(inc.correlationId) ?? []), inc]);

      const lost: string[] = [];
      for (const body of acknowledged) {
        const found = byGroupKey.get(body.groupKey) ?? [];
        if (found.length !== 1) {
          lost.push(`${body.groupKey}: ${found.length} incidents`);
          continue;
        }
        const detail = await getJson<{ incident: ApiIncident; alerts: Array<{ key: string; fingerprint: string }> }>(
          `${second!.url}/api/incidents/${found[0]!.id}`,
        );
        const stored = new Map(detail.alerts.map((a) => [a.key, a.fingerprint]));
        for (const alert of body.alerts) {
          if (stored.get(alert.key) !== alert.fingerprint) lost.push(`${body.groupKey}: alert ${alert.key} missing`);
        }
        if (detail.incident.alertCount !== body.alerts.length) {
          lost.push(`${body.groupKey}: alertCount ${detail.incident.alertCount}, sent ${body.alerts.length}`);
        }
      }
      expect(lost).toEqual([]);
    });

    it('stores nothing it was never sent', async () => {
      const sent = new Set(outcomes.map((o) => o.body.groupKey));
      const incidents = await allIncidents(second!.url);
      expect(incidents.filter((i) => !sent.has(i.correlationId)).map((i) => i.correlationId)).toEqual([]);
    });

    it('accepts and stores new deliveries', async () => {
      const fresh = makeAlertmanagerBody(runId, DELIVERIES, { alerts: 3 });
      const agent = new http.Agent({ keepAlive: false });
      const res = await postWebhook(agent, second!.url, fresh.body);
      expect(res.status).toBe(200);
      const list = await getJson<{ items: ApiIncident[] }>(
        `${second!.url}/api/incidents?status=all&correlation_id=${encodeURIComponent(fresh.groupKey)}`,
      );
      expect(list.items).toEqual([expect.objectContaining({ correlationId: fresh.groupKey, alertCount: 3 })]);
    });
  });
});
