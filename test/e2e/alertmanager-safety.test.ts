/**
 * End to end, issue 14: mendbot acts only on what Alertmanager still reports. One real Alertmanager
 * (Debian's prometheus-alertmanager 0.25) and one mendbot (asking it over the v2 API every second, grace 3 s)
 * for the whole file; the specs run in order, and the last one stops Alertmanager.
 *
 * Webhooks are "lost on purpose" by a proxy between Alertmanager's receiver and mendbot that answers 200 and
 * forwards nothing for an alertname: Alertmanager believes it notified (it never retries), mendbot never heard
 * — what a lost webhook looks like. (Taking mendbot down instead would not lose it: Alertmanager retries a
 * failed notification every group_interval until it is delivered.)
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postAlerts, startAlertmanager, type PostableAlert, type RunningAlertmanager } from '../helpers/start-alertmanager';
import { startCountingTarget } from '../helpers/start-counting-target';
import { startMendbot, type RunningMendbot } from '../helpers/start-mendbot';
import { safetyNames, safetyPlaybooks } from './alertmanager-safety-playbooks';
import { createMendbotApiClient, type ApiRun } from './mendbot-api-client';
import { prometheusFingerprint } from './prometheus-fingerprint';
import { readAlerts, readSilences } from './read-alertmanager';
import { startLossyWebhookProxy } from './start-lossy-webhook-proxy';

const { SILENCED, GONE_WHILE_WAITING, LOST_FIRING, LOST_RESOLVED, BLIND, APPROVER } = safetyNames;
const ADMIN_TOKEN = `e2e-admin-${randomBytes(16).toString('hex')}`;
const EXTERNAL_URL = 'https://alertmanager.e2e.invalid';
const RECONCILED = 'reconciled: no longer active in Alertmanager';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mendbot acts only on what the real Alertmanager still reports', () => {
  let mendbot: RunningMendbot | undefined;
  let am: RunningAlertmanager | undefined;
  let target: Awaited<ReturnType<typeof startCountingTarget>>;
  let proxy: Awaited<ReturnType<typeof startLossyWebhookProxy>>;
  const playbooksDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-e2e-am-safety-'));
  /** An hour ago: Alertmanager flushes a group at once when its alert is older than group_wait. */
  const startsAt = new Date(Date.now() - 3_600_000).toISOString();
  const alert = (alertname: string, instance = 'node-1'): PostableAlert => ({
    labels: { alertname, instance, job: 'e2e', severity: 'critical' },
    annotations: { summary: `${alertname} on ${instance}` },
    startsAt,
  });
  const resolved = (a: PostableAlert): PostableAlert => ({ ...a, endsAt: new Date().toISOString() });

  const diagnostics = () =>
    `\n--- mendbot logs (last 40) ---\n${(mendbot?.logs ?? []).slice(-40).join('\n')}` +
    `\n--- alertmanager logs (last 15, no debug) ---\n${(am?.logs ?? []).filter((l) => !l.includes('level=debug')).slice(-15).join('\n')}` +
    `\n--- webhook proxy ---\n${JSON.stringify(proxy?.seen ?? [])}`;
  const { eventually, getJson, postJson, incidentsFor, detail, metric } = createMendbotApiClient({
    url: () => mendbot!.url,
    diagnostics,
    wait: { timeoutMs: 20_000, intervalMs: 100 },
    token: () => ADMIN_TOKEN,
  });
  const groupKey = (alertname: string) => `{}:{alertname="${alertname}"}`;
  const incidentOf = (alertname: string) => eventually(`an incident for ${alertname}`, async () => (await incidentsFor(groupKey(alertname)))[0]);
  const runOf = (incidentId: string, ok: (run: ApiRun) => boolean, description: string) =>
    eventually(description, async () => (await detail(incidentId)).runs.find(ok));
  const approve = (runId: string) => postJson<ApiRun & { error?: unknown }>(`/api/runs/${runId}/approve`, { onBehalfOf: APPROVER });
  const proxyDropped = (alertname: string, status: string) =>
    eventually(`Alertmanager to send the ${status} ${alertname} notification (dropped)`, () => proxy.seen.some((n) => n.alertname === alertname && n.status === status && n.dropped));

  beforeAll(async () => {
    target = await startCountingTarget();
    for (const [file, text] of Object.entries(safetyPlaybooks(target.url))) fs.writeFileSync(path.join(playbooksDir, file), text);
    proxy = await startLossyWebhookProxy(() => mendbot!.url);
    am = await startAlertmanager({ mendbotUrl: proxy.url, groupBy: ['alertname'], logLevel: 'info' });
    mendbot = await startMendbot({
      env: {
        PLAYBOOKS_DIR: playbooksDir,
        ALERTMANAGER_URL: am.url,
        ALERTMANAGER_EXTERNAL_URL: EXTERNAL_URL,
        ALERTMANAGER_RECONCILE_INTERVAL: '1s',
        // Long enough for spec 2 to approve before reconciliation would resolve that incident by itself.
        ALERTMANAGER_RECONCILE_GRACE: '3s',
        MENDBOT_API_TOKENS: `e2e-admin:admin:${ADMIN_TOKEN}`,
      },
    });
  }, 90_000);

  afterAll(async () => {
    await am?.stop();
    if (mendbot) {
      await mendbot.stop();
      fs.rmSync(mendbot.dataDir, { recursive: true, force: true });
    }
    await proxy?.close();
    await target?.close();
    fs.rmSync(playbooksDir, { recursive: true, force: true });
  }, 30_000);

  it('silences the alerts while the run works (visible in /api/v2/silences, the alert suppressed), and expires the silence when the run ends', async () => {
    const firing = alert(SILENCED);
    await postAlerts(am!.url, [firing]);
    const incident = await incidentOf(SILENCED);
    const run = await runOf(incident.id, (r) => r.steps.some((s) => s.id === 'silence' && s.status === 'succeeded'), 'the silence step to succeed');
    const output = run.steps.find((s) => s.id === 'silence')!.output!;
    expect(output).toMatchObject({ silence_id: expect.any(String), link: `${EXTERNAL_URL}/#/silences/${String(output.silence_id)}`, ends_at: expect.any(String) });

    const silence = (await readSilences(am!.url)).find((s) => s.id === output.silence_id);
    expect(silence).toMatchObject({ createdBy: 'mendbot', status: { state: 'active' } });
    expect(silence!.comment).toContain(run.id);
    expect(silence!.comment).toContain(incident.id);
    expect(silence!.matchers).toEqual(expect.arrayContaining([{ name: 'alertname', value: SILENCED, isRegex: false, isEqual: true }]));
    const suppressed = await eventually('the alert to be silenced in Alertmanager', async () => (await readAlerts(am!.url, [`alertname="${SILENCED}"`]))[0]?.status.state === 'suppressed');
    expect(suppressed).toBe(true);

    // Silenced still counts as firing: the non-idempotent restart acts.
    const done = await runOf(incident.id, (r) => r.id === run.id && r.status === 'succeeded', 'the run to succeed');
    expect(done.steps.map((s) => [s.id, s.status])).toEqual([
      ['silence', 'succeeded'],
      ['hold', 'succeeded'],
      ['restart', 'succeeded'],
    ]);
    expect(target.count('/silenced/restart')).toBe(1);
    const expired = await eventually('the silence to be expired after the run', async () =>
      (await readSilences(am!.url)).find((s) => s.id === output.silence_id && s.status.state === 'expired'),
    );
    expect(expired.createdBy).toBe('mendbot');
    expect((await readSilences(am!.url)).filter((s) => s.createdBy === 'mendbot')).toHaveLength(1);
    await postAlerts(am!.url, [resolved(firing)]);
  });

  it('skips the approved step when the alert resolved while the approval waited: the target sees no request', async () => {
    const firing = alert(GONE_WHILE_WAITING);
    await postAlerts(am!.url, [firing]);
    const incident = await incidentOf(GONE_WHILE_WAITING);
    const waiting = await runOf(incident.id, (r) => r.status === 'waiting_approval', 'the run to wait for approval');

    // mendbot must not hear of the resolution (it would cancel the waiting run itself): only Alertmanager knows.
    proxy.drop(GONE_WHILE_WAITING);
    await postAlerts(am!.url, [resolved(firing)]);
    await eventually('Alertmanager to no longer report the alert', async () => (await readAlerts(am!.url, [`alertname="${GONE_WHILE_WAITING}"`])).length === 0);
    const answer = await approve(waiting.id);
    expect(answer.status).toBe(200);

    const done = await runOf(incident.id, (r) => r.id === waiting.id && !['pending', 'running', 'waiting_approval'].includes(r.status), 'the approved run to end');
    expect(done.status).toBe('cancelled');
    expect(done.reason).toMatch(/^skipped: no longer firing/);
    expect(done.approval).toMatchObject({ decision: 'approved', by: `${APPROVER} via e2e-admin` });
    expect(done.steps.find((s) => s.id === 'restart')?.status).not.toBe('succeeded');
    await sleep(500);
    expect(target.count('/gone/restart')).toBe(0);
    const timeline = (await detail(incident.id)).timeline.map((e) => e.message).join('\n');
    expect(timeline).toMatch(/skipped: no longer firing/);
  });

  it('records an alert whose firing webhook was lost on the matching incident (timeline, metric), without a new incident', async () => {
    const [one, two, three] = ['node-1', 'node-2', 'node-3'].map((instance) => alert(LOST_FIRING, instance));
    await postAlerts(am!.url, [one!, two!]);
    const incident = await eventually('both alerts in one incident', async () => {
      const found = (await incidentsFor(groupKey(LOST_FIRING)))[0];
      return found?.alertCount === 2 ? found : undefined;
    });
    const missedBefore = await metric('mendbot_reconciliation_missed_alerts_total');

    proxy.drop(LOST_FIRING);
    await postAlerts(am!.url, [three!]);
    await proxyDropped(LOST_FIRING, 'firing');
    const lost = prometheusFingerprint(three!.labels);
    const note = await eventually('a reconciliation note about the lost alert', async () =>
      (await detail(incident.id)).timeline.find((e) => e.type === 'reconciliation' && e.message.includes(lost)),
    );
    expect(note.message).toBe(`Alertmanager reports ${LOST_FIRING} (${lost}) active, but mendbot never received it: a webhook was lost`);
    expect(await metric('mendbot_reconciliation_missed_alerts_total')).toBe(missedBefore + 1);

    const after = await detail(incident.id);
    expect(after.incident).toMatchObject({ status: 'open', alertCount: 2, alertmanager: { active: true, missingSince: null } });
    expect(await incidentsFor(groupKey(LOST_FIRING))).toHaveLength(1);
    await sleep(2_500); // a few more rounds: the same lost alert is noted once
    expect((await detail(incident.id)).timeline.filter((e) => e.type === 'reconciliation' && e.message.includes(lost))).toHaveLength(1);
  });

  it('resolves an incident whose resolved webhook was lost, once the grace has passed, with the reason', async () => {
    const firing = alert(LOST_RESOLVED);
    await postAlerts(am!.url, [firing]);
    const incident = await incidentOf(LOST_RESOLVED);
    await eventually('Alertmanager to be asked about it', async () => (await detail(incident.id)).incident.alertmanager?.active === true);

    proxy.drop(LOST_RESOLVED);
    await postAlerts(am!.url, [resolved(firing)]);
    await proxyDropped(LOST_RESOLVED, 'resolved');
    const missing = await eventually('mendbot to see the alert gone', async () => {
      const d = await detail(incident.id);
      return d.incident.alertmanager?.active === false ? d.incident : undefined;
    });
    expect(missing.status).toBe('open'); // within the grace
    expect(missing.alertmanager!.missingSince).toEqual(expect.any(String));

    const closed = await eventually('reconciliation to resolve the incident', async () => {
      const d = await detail(incident.id);
      return d.incident.status === 'resolved' ? d : undefined;
    });
    expect(Date.parse(closed.incident.resolvedAt!) - Date.parse(missing.alertmanager!.missingSince!)).toBeGreaterThanOrEqual(3_000);
    const entry = closed.timeline.find((e) => e.type === 'incident_resolved');
    expect(entry?.message).toContain(RECONCILED);
    expect(entry?.data.reason).toBe(RECONCILED);
  });

  it('when Alertmanager is stopped: nothing is resolved, /readyz says so, and a still_firing step takes its on_unknown path (stop → needs_attention)', async () => {
    await postAlerts(am!.url, [alert(BLIND)]);
    const incident = await incidentOf(BLIND);
    const waiting = await runOf(incident.id, (r) => r.status === 'waiting_approval', 'the run to wait for approval');
    const lostFiring = (await incidentsFor(groupKey(LOST_FIRING)))[0]!;
    const resolvedBefore = await metric('mendbot_reconciliation_resolved_total');

    await am!.stop();
    await eventually('mendbot to find Alertmanager down', async () => (await metric('mendbot_alertmanager_up')) === 0);
    const ready = await getJson<{ status: string; alertmanager?: { reachable: boolean | null; unanswered: unknown[] } }>('/readyz');
    expect(ready.status).toBe('ready');
    expect(ready.alertmanager).toMatchObject({ reachable: false });
    expect(ready.alertmanager!.unanswered).not.toHaveLength(0);

    const started = Date.now();
    expect((await approve(waiting.id)).status).toBe(200);
    const done = await runOf(incident.id, (r) => r.id === waiting.id && !['pending', 'running', 'waiting_approval'].includes(r.status), 'the approved run to end');
    expect(done.status).toBe('needs_attention');
    expect(done.reason).toMatch(/Alertmanager could not be asked/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(target.count('/blind/restart')).toBe(0);

    await sleep(4_500); // longer than the grace, several rounds
    for (const id of [incident.id, lostFiring.id]) expect((await detail(id)).incident.status).toBe('open');
    expect(await metric('mendbot_reconciliation_resolved_total')).toBe(resolvedBefore);
  });
});
