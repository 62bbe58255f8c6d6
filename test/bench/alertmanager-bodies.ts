/**
 * Distinct, realistic Alertmanager webhook v4 bodies (0.34 field set) for the intake benchmark and the
 * crash/shutdown integration tests.
 *
 * Every body is a copy of a fixture (`alertmanager-firing.json` for single alerts, `alertmanager-storm.json`
 * for groups) with one extra group-by label, `bench_group = <runId>-<seq>`, on every alert. It lands in
 * `groupLabels`, `commonLabels` and `groupKey` exactly as if the route grouped by it, so each body is a new
 * group (new correlation ID → new incident) with new fingerprints (recomputed over the changed labels with
 * Alertmanager's algorithm) and its own `startsAt`. Bytes are what Go's `json.Encoder` writes: compact,
 * `<>&` escaped, trailing newline.
 */
import fs from 'node:fs';
import path from 'node:path';

interface AmAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

interface AmMessage {
  receiver: string;
  status: 'firing' | 'resolved';
  alerts: AmAlert[];
  notification_reason?: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  routeLabels?: Record<string, string>;
  externalURL: string;
  version: '4';
  groupKey: string;
  truncatedAlerts?: number;
}

interface GeneratedAlert {
  fingerprint: string;
  startsAt: string;
  /** mendbot's alert key for it: `am:<fingerprint>@<startsAt>`. */
  key: string;
}

export interface GeneratedBody {
  seq: number;
  groupKey: string;
  alertCount: number;
  /** Each alert's fingerprint, startsAt and key (computed on first use). */
  readonly alerts: GeneratedAlert[];
  body: Buffer;
}

export type BodyShape =
  /** One alert (the DiskFull alert of alertmanager-firing.json), annotations padded so the body is ~2 KB. */
  | 'single'
  /** The 50-alert KubePodCrashLooping group of alertmanager-storm.json (~45 KB on the wire). */
  | 'storm'
  /** The first n alerts of the storm group. */
  | { alerts: number };

const fixturesDir = path.resolve(__dirname, '..', 'fixtures');
const readFixture = (name: string): AmMessage => JSON.parse(fs.readFileSync(path.join(fixturesDir, name), 'utf8')) as AmMessage;

const firing = readFixture('alertmanager-firing.json');
const storm = readFixture('alertmanager-storm.json');

/** ~2 KB on the wire for the single-alert shape: a plausible extra annotation, not filler in a field mendbot reads. */
const SINGLE_TARGET_BYTES = 2048;
const singleTemplate: AmMessage = (() => {
  const alert = structuredClone(firing.alerts[0]!);
  alert.annotations.dashboard_url =
    'https://grafana.prod-eu-1.example.com/d/919b92a8e8041bd567af9edab12c840c/kubernetes-persistent-volumes?orgId=1&var-datasource=prometheus&var-cluster=prod-eu-1&var-namespace=prod&var-volume=data-checkout-postgres-0';
  const message: AmMessage = { ...structuredClone(firing), alerts: [alert] };
  const probe = encode(withGroup(message, 'x', 0)).length;
  const missing = SINGLE_TARGET_BYTES - probe;
  if (missing > 20) {
    const text =
      'The volume has been filling at a steady rate; at the current rate it will be full within 4 hours. ' +
      'Check for runaway WAL segments, table bloat or a stuck archive_command before expanding the claim. ';
    alert.annotations.details = text.repeat(Math.ceil(missing / text.length)).slice(0, missing - 14);
  }
  return message;
})();

function template(shape: BodyShape): AmMessage {
  if (shape === 'single') return singleTemplate;
  const n = shape === 'storm' ? storm.alerts.length : shape.alerts;
  if (!Number.isInteger(n) || n < 1 || n > storm.alerts.length) throw new Error(`alerts must be 1..${storm.alerts.length}, got ${n}`);
  return { ...storm, alerts: storm.alerts.slice(0, n) };
}

/**
 * Body number `seq` of run `runId`. Same (runId, seq, shape) → same bytes (an exact re-delivery);
 * anything else → a different group, different fingerprints, different startsAt.
 */
export function makeAlertmanagerBody(runId: string, seq: number, shape: BodyShape): GeneratedBody {
  const message = withGroup(template(shape), runId, seq);
  let alerts: GeneratedAlert[] | undefined;
  return {
    seq,
    groupKey: message.groupKey,
    alertCount: message.alerts.length,
    // Worked out again when asked (only checks ask): a pool of 20,000 groups would otherwise keep a million small
    // objects on the load generator's heap, and its collector's pauses showed up as ack latency.
    get alerts() {
      alerts ??= withGroup(template(shape), runId, seq).alerts.map((a) => ({ fingerprint: a.fingerprint, startsAt: a.startsAt, key: `am:${a.fingerprint}@${a.startsAt}` }));
      return alerts;
    },
    body: encode(message),
  };
}

/** `count` bodies with seq `firstSeq`, `firstSeq + 1`, … */
export function makeAlertmanagerBodies(runId: string, firstSeq: number, count: number, shape: BodyShape): GeneratedBody[] {
  const out: GeneratedBody[] = new Array<GeneratedBody>(count);
  for (let i = 0; i < count; i++) out[i] = makeAlertmanagerBody(runId, firstSeq + i, shape);
  return out;
}

/** Alerts per body of a shape. */
export function alertsPerBody(shape: BodyShape): number {
  return template(shape).alerts.length;
}

function withGroup(t: AmMessage, runId: string, seq: number): AmMessage {
  const group = `${runId}-${seq}`;
  // 1 ms apart per body and per alert keeps every startsAt distinct while staying close to the fixture's times.
  const base = Date.parse('2026-03-14T09:00:00.000Z') + seq * 64;
  const alerts = t.alerts.map((a, i): AmAlert => {
    const labels = sortKeys({ ...a.labels, bench_group: group }); // Go writes map keys sorted
    return { ...a, labels, startsAt: new Date(base + i).toISOString(), fingerprint: alertmanagerFingerprint(labels) };
  });
  const groupLabels = { bench_group: group, ...t.groupLabels };
  return {
    ...t,
    alerts,
    groupLabels: sortKeys(groupLabels),
    commonLabels: sortKeys({ ...t.commonLabels, bench_group: group }),
    groupKey: `${t.groupKey.slice(0, t.groupKey.lastIndexOf(':'))}:${labelSetString(groupLabels)}`,
  };
}

/** Go's `LabelSet.String()`: `{a="x", b="y"}`, sorted. */
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

/** As Alertmanager writes its body with Go's `json.Encoder`: compact, `<>&` escaped, newline-terminated. */
function encode(message: AmMessage): Buffer {
  const json = JSON.stringify(message).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
  return Buffer.from(`${json}\n`, 'utf8');
}

/**
 * Alertmanager's fingerprint (`LabelSet.Fingerprint()`): FNV-1a 64 over the byte-sorted label names, `name 0xFF
 * value 0xFF`, printed `%016x`. Done in four 16-bit limbs instead of BigInt so generating ~100k alerts
 * takes milliseconds, not seconds; `checkFingerprintImplementation` compares it with mendbot's own.
 */
function alertmanagerFingerprint(labels: Record<string, string>): string {
  // offset basis 0xcbf29ce484222325, little-endian 16-bit limbs
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const feed = (byte: number) => {
    h0 ^= byte;
    // × 0x100000001b3 = × 0x1b3 + × 2^40 (mod 2^64)
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + h0 * 0x100 + (t1 >>> 16);
    const t3 = h3 * 0x1b3 + h1 * 0x100 + (t2 >>> 16);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  };
  const names = Object.keys(labels)
    .map((name) => Buffer.from(name, 'utf8'))
    .sort(Buffer.compare);
  for (const name of names) {
    for (const b of name) feed(b);
    feed(0xff);
    for (const b of Buffer.from(labels[name.toString('utf8')]!, 'utf8')) feed(b);
    feed(0xff);
  }
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}

/** Throws unless the fast fingerprint agrees with every fingerprint in the storm and firing fixtures. */
export function checkFingerprintImplementation(): void {
  for (const a of [...storm.alerts, ...firing.alerts]) {
    const got = alertmanagerFingerprint(a.labels);
    if (got !== a.fingerprint) throw new Error(`fingerprint mismatch for ${JSON.stringify(a.labels)}: ${got} ≠ ${a.fingerprint}`);
  }
}
