/**
 * Local helpers for the engine durability tests (kill -9 at checkpoints, two processes on one SQLite file).
 * They drive the built CLI (dist/src/cli.js) only through its public surface: the Alertmanager webhook,
 * GET /api/runs/:id, GET /api/incidents[/:id], POST /api/pause|resume, POST /api/runs/:id/approve.
 *
 * Not a test file (jest only collects *.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeFingerprint } from '../../../integrations/alertmanager/compute-fingerprint';
import { onProcessExit, startMendbot, type RunningMendbot, type StartMendbotOptions } from '../../helpers/start-mendbot';
import { waitFor } from '../../helpers/wait-for';

// ---------------------------------------------------------------------------------------------------------
// API shapes (only the fields the tests read)

export interface ApiStep {
  id: string;
  phase: string;
  action: string;
  status: string;
  attempts: number;
  error?: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface ApiRun {
  id: string;
  incidentId: string;
  playbook: string;
  alertKey: string | null;
  context: { labels: Record<string, string>; params: Record<string, string> };
  status: string;
  reason: string | null;
  steps: ApiStep[];
  approval: { approvers: string[]; decision?: string; by?: string; at?: string; requestedAt: string; expiresAt: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface ApiTimelineEvent {
  seq: number;
  at: string;
  type: string;
  message: string;
  data: Record<string, unknown>;
}

export interface ApiIncidentDetail {
  incident: { id: string; correlationId: string; status: string };
  alerts: Array<{ key: string; labels: Record<string, string> }>;
  timeline: ApiTimelineEvent[];
  runs: ApiRun[];
}

export const finalStatuses = new Set(['succeeded', 'failed', 'compensated', 'cancelled', 'needs_attention', 'dry_run']);

// ---------------------------------------------------------------------------------------------------------
// Alertmanager webhook bodies (version 4, as Alertmanager sends them)

export interface AmAlertSpec {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
}

let startsAtSeq = 0;

/**
 * One Alertmanager notification: a group (groupKey built from `groupLabels` the way Alertmanager prints it)
 * of firing alerts, each with a real fingerprint (FNV-1a over its labels) and its own startsAt.
 */
export function alertmanagerBody(groupLabels: Record<string, string>, alerts: AmAlertSpec[]): { body: string; groupKey: string } {
  const base = Date.parse('2026-03-14T09:00:00.000Z');
  const built = alerts.map((a) => {
    const labels = sortKeys({ ...groupLabels, ...a.labels });
    return {
      status: 'firing' as const,
      labels,
      annotations: { summary: `${labels.alertname ?? 'alert'} on ${labels.instance ?? 'somewhere'}`, ...a.annotations },
      startsAt: new Date(base + startsAtSeq++ * 1000).toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.test/graph?g0.expr=up',
      fingerprint: computeFingerprint(labels),
    };
  });
  const groupKey = `{}/{severity="critical"}:${labelSetString(groupLabels)}`;
  const commonLabels = intersect(built.map((a) => a.labels));
  const message = {
    receiver: 'mendbot',
    status: 'firing',
    alerts: built,
    groupLabels: sortKeys(groupLabels),
    commonLabels,
    commonAnnotations: {},
    externalURL: 'http://alertmanager.test:9093',
    version: '4',
    groupKey,
    truncatedAlerts: 0,
  };
  return { body: `${JSON.stringify(message)}\n`, groupKey };
}

function labelSetString(labels: Record<string, string>): string {
  return `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(', ')}}`;
}

function sortKeys(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(labels).sort()) out[k] = labels[k]!;
  return out;
}

function intersect(sets: Array<Record<string, string>>): Record<string, string> {
  const [first, ...rest] = sets;
  if (!first) return {};
  return sortKeys(Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((s) => s[k] === v))));
}

export interface DeliveryAck {
  deliveryId: string;
  decisions: Array<{ alertKey: string; incidentId: string; kind: string }>;
}

/** POSTs a webhook body; throws unless mendbot acknowledged it (2xx = durably stored). */
export async function deliver(url: string, body: string): Promise<DeliveryAck> {
  const res = await fetch(`${url}/webhooks/alertmanager`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Alertmanager/0.28.1' },
    body,
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${text}`);
  return JSON.parse(text) as DeliveryAck;
}

// ---------------------------------------------------------------------------------------------------------
// API

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { raw: text };
  }
  return { status: res.status, json };
}

export const getRun = (url: string, runId: string) => getJson<ApiRun>(`${url}/api/runs/${runId}`);
export const getIncident = (url: string, incidentId: string) => getJson<ApiIncidentDetail>(`${url}/api/incidents/${incidentId}`);

/** The single run created for the incident (waits for it: runs are created in the delivery's own write). */
export async function theRunOf(url: string, incidentId: string): Promise<ApiRun> {
  return waitFor(
    async () => {
      const { runs } = await getIncident(url, incidentId);
      if (runs.length > 1) throw new Error(`expected one run for ${incidentId}, found ${runs.length}`);
      return runs[0];
    },
    { description: `a run for incident ${incidentId}` },
  );
}

/** Every incident id, through the paged list API. */
export async function allIncidentIds(url: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Array<{ id: string }>; next_cursor: string | null } = await getJson(
      `${url}/api/incidents?status=all&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    ids.push(...page.items.map((i) => i.id));
    cursor = page.next_cursor;
  } while (cursor);
  return ids;
}

/** Polls GET /api/runs/:id until `ok(run)`; the error names the last state seen. */
export function waitForRun(url: string, runId: string, ok: (run: ApiRun) => boolean, description: string, timeoutMs = 15_000): Promise<ApiRun> {
  return waitFor(
    async () => {
      const run = await getRun(url, runId);
      return ok(run) ? run : undefined;
    },
    { description: `run ${runId}: ${description}`, timeoutMs, intervalMs: 20 },
  );
}

export const stepOf = (run: ApiRun, id: string): ApiStep => {
  const step = run.steps.find((s) => s.id === id);
  if (!step) throw new Error(`run ${run.id} has no step ${id}: ${JSON.stringify(run.steps)}`);
  return step;
};

export const runEvents = (detail: ApiIncidentDetail, runId: string) => detail.timeline.filter((e) => e.data.runId === runId);

// ---------------------------------------------------------------------------------------------------------
// Processes

/** Traffic from mendbot's http action must stay on loopback whatever proxy the developer's shell sets. */
const NO_PROXY_ENV = { HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '', NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' };

export interface NodeOptions extends StartMendbotOptions {
  playbooksDir: string;
  /** MENDBOT_RUN_LEASE; default 1s (the shipped default is 3s) so a restarted (or the other) process takes an orphaned run over quickly. */
  lease?: string;
}

export function startNode(options: NodeOptions): Promise<RunningMendbot> {
  return startMendbot({
    ...options,
    env: {
      ...NO_PROXY_ENV,
      PLAYBOOKS_DIR: options.playbooksDir,
      MENDBOT_RUN_LEASE: options.lease ?? '1s',
      LOG_LEVEL: 'info',
      ...options.env,
    },
  });
}

/** kill -9 and wait until the process is gone (so the restart does not race its last writes). */
export async function killHard(m: RunningMendbot): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const p = m.process;
  if (p.exitCode !== null || p.signalCode !== null) return { code: p.exitCode, signal: p.signalCode };
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    p.once('exit', (code, signal) => resolve({ code, signal })),
  );
  m.kill();
  return exited;
}

const tempDirs = new Set<string>();
let cleanupInstalled = false;

/** A temp dir (for data or playbooks), removed when the test process exits (one exit hook for all of them). */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  if (!cleanupInstalled) {
    cleanupInstalled = true;
    onProcessExit(() => {
      for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}

/** A temp dir holding the given playbooks (file name → YAML), removed when the test process exits. */
export function playbooksDir(files: Record<string, string>): string {
  const dir = tempDir('mendbot-durability-playbooks-');
  for (const [name, yaml] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), yaml);
  return dir;
}

/** Log records (JSON lines) of a process that carry this message prefix, e.g. "run succeeded". */
export function logRecordsMatching(m: RunningMendbot, prefix: string): Array<Record<string, unknown>> {
  return m.logRecords.filter((r) => typeof r.msg === 'string' && r.msg.startsWith(prefix));
}

/** The tail of a process's log, for failure messages. */
export const logTail = (m: RunningMendbot | undefined, n = 40) => (m ? m.logs.slice(-n).join('\n') : '(no process)');

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
