/**
 * The secret canary: a playbook secret with a unique random value is used by a run that retries, fails,
 * compensates and escalates (the secret in a header, in URL queries and in a URL path, and echoed back by
 * the target). Afterwards the value must appear nowhere mendbot writes: the SQLite files (raw bytes of
 * the .db, -wal and -shm), its log output, the API's answers, the Slack payloads it sent, the postmortem
 * file. The target must have received the real value, so a run that never rendered it cannot pass.
 *
 * Needs `npm run build` (spawns dist/src/cli.js through test/helpers/start-mendbot.ts).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startMendbot, type RunningMendbot } from '../../helpers/start-mendbot';
import { waitFor } from '../../helpers/wait-for';
import { startFakeSlackApi, type FakeSlackApi } from '../slack/fake-slack-api';
import { alert, playbook, readAllFiles, startEchoTarget } from './secret-canary-setup';

jest.setTimeout(90_000);

const botToken = 'xoxb-canary-bot-token';
const canary = `canary${randomBytes(12).toString('hex')}`;
const secretName = 'canary_token';

describe('secret canary', () => {
  let target: Awaited<ReturnType<typeof startEchoTarget>>;
  let slack: FakeSlackApi;
  let mendbot: RunningMendbot;
  let secretsDir: string;
  let playbooksDir: string;
  const apiBodies: string[] = [];
  let run: { status: string; steps: Array<{ id: string; status: string; attempts: number; input?: unknown; error?: string }> };
  let filesWhileRunning: Array<{ file: string; bytes: Buffer }>;
  let filesAfterStop: Array<{ file: string; bytes: Buffer }>;

  const api = async (p: string): Promise<unknown> => {
    const res = await fetch(`${mendbot.url}${p}`);
    const text = await res.text();
    apiBodies.push(text);
    expect(res.status).toBe(200);
    return JSON.parse(text) as unknown;
  };

  beforeAll(async () => {
    target = await startEchoTarget();
    slack = await startFakeSlackApi({ botToken });
    secretsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-secrets-'));
    fs.writeFileSync(path.join(secretsDir, secretName), `${canary}\n`); // as `kubectl create secret --from-file` would
    playbooksDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-canary-playbooks-'));
    fs.writeFileSync(path.join(playbooksDir, 'canary.yaml'), playbook(target.url, secretName));
    mendbot = await startMendbot({
      env: {
        PLAYBOOKS_DIR: playbooksDir,
        MENDBOT_SECRETS_DIR: secretsDir,
        MENDBOT_POSTMORTEM_SETTLE: '0ms',
        SLACK_BOT_TOKEN: botToken,
        SLACK_SIGNING_SECRET: 'canary-signing-secret',
        SLACK_CHANNEL: '#incidents',
        SLACK_API_URL: slack.apiUrl,
        LOG_LEVEL: 'debug',
      },
    });

    const deliver = (status: 'firing' | 'resolved') =>
      fetch(`${mendbot.url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alert(status)) });
    expect((await deliver('firing')).status).toBeLessThan(300);

    let incidentId = '';
    await waitFor(async () => {
      const list = (await api('/api/incidents')) as { items: Array<{ id: string }> };
      if (list.items.length === 0) return false;
      incidentId = list.items[0]!.id;
      const detail = (await api(`/api/incidents/${incidentId}`)) as { runs: { items?: Array<typeof run> } | Array<typeof run> };
      const runs = Array.isArray(detail.runs) ? detail.runs : (detail.runs.items ?? []);
      const final = runs.find((r) => !['pending', 'running', 'waiting_approval'].includes(r.status));
      if (final) run = final;
      return final !== undefined;
    }, { timeoutMs: 30_000, description: 'the canary run to finish' });
    run = (await api(`/api/runs/${(run as unknown as { id: string }).id}`)) as typeof run;

    expect((await deliver('resolved')).status).toBeLessThan(300);
    const postmortemDir = path.join(mendbot.dataDir, 'postmortems');
    await waitFor(() => fs.existsSync(postmortemDir) && fs.readdirSync(postmortemDir).some((f) => f.endsWith('.md')), { timeoutMs: 45_000, description: 'the postmortem file' });
    await api(`/api/incidents/${incidentId}`);
    await api('/api/incidents');

    filesWhileRunning = readAllFiles(mendbot.dataDir);
    await mendbot.stop();
    filesAfterStop = readAllFiles(mendbot.dataDir);
  });

  afterAll(async () => {
    await mendbot?.stop();
    await slack?.close();
    await target?.close();
    for (const dir of [secretsDir, playbooksDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sent the real value to the target, in headers, queries and a path, on every attempt and compensation', () => {
    const byPath = (p: string) => target.received.filter((r) => r.url.split('?')[0] === p);
    expect(byPath('/call')).toHaveLength(2); // failed once, retried
    for (const r of [...byPath('/call'), ...byPath('/break')]) {
      expect(r.headers.authorization).toBe(`Bearer ${canary}`);
      expect(r.url).toContain(`key=${canary}`);
    }
    expect(byPath('/undo')).toEqual([expect.objectContaining({ url: `/undo?key=${canary}` })]);
    expect(byPath('/undo')[0]!.headers['x-api-key']).toBe(canary);
    expect(target.received.map((r) => r.url)).toContain(`/escalate/${canary}`);
  });

  it('ran the whole path: retry, permanent failure, compensation and on_failure', () => {
    const step = (id: string) => run.steps.find((s) => s.id === id);
    expect(step('call')).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(step('break')).toMatchObject({ status: 'failed' });
    expect(step('call.compensate.0')).toMatchObject({ status: 'succeeded' });
    expect(step('on_failure.0')).toMatchObject({ status: 'succeeded' });
  });

  it('records the template text where the value was', () => {
    const call = run.steps.find((s) => s.id === 'call')!;
    expect(call.input).toMatchObject({ headers: { Authorization: `Bearer {{ secrets.${secretName} }}` } });
    expect(JSON.stringify(call.input)).toContain(`key={{ secrets.${secretName} }}`);
  });

  it('never wrote the value to the SQLite files, before or after shutdown', () => {
    const dbFiles = [...filesWhileRunning, ...filesAfterStop].filter((f) => /\.(db|sqlite)(-wal|-shm)?$/.test(f.file));
    expect(dbFiles.map((f) => path.basename(f.file))).toEqual(expect.arrayContaining([expect.stringMatching(/\.(db|sqlite)$/)]));
    expect(dbFiles.some((f) => f.bytes.includes('secrets.canary_token'))).toBe(true); // the records are there
    for (const f of dbFiles) expect({ file: f.file, leaks: f.bytes.includes(canary) }).toEqual({ file: f.file, leaks: false });
  });

  it('never wrote the value anywhere else in the data directory (postmortem included)', () => {
    const postmortems = filesAfterStop.filter((f) => f.file.endsWith('.md'));
    expect(postmortems.length).toBeGreaterThan(0);
    for (const f of filesAfterStop) expect({ file: f.file, leaks: f.bytes.includes(canary) }).toEqual({ file: f.file, leaks: false });
  });

  it('never logged the value', () => {
    expect(mendbot.logs.length).toBeGreaterThan(10);
    expect(mendbot.logs.filter((line) => line.includes(canary))).toEqual([]);
  });

  it('never answered the value from the API', () => {
    expect(apiBodies.length).toBeGreaterThan(3);
    expect(apiBodies.filter((b) => b.includes(canary))).toEqual([]);
  });

  it('never sent the value to Slack', () => {
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage').length).toBeGreaterThan(0);
    expect(slack.calls.filter((c) => JSON.stringify(c).includes(canary))).toEqual([]);
  });
});
