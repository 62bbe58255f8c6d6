/**
 * End to end, issue 5's scenario: the real Alertmanager fires an alert → mendbot opens an incident → an auto
 * playbook's HTTP step hits a real local target → the alert resolves → exactly one Markdown postmortem is filed,
 * whose timeline is mendbot's audit trail.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postAlerts, startAlertmanager, type RunningAlertmanager } from '../helpers/start-alertmanager';
import { startCountingTarget } from '../helpers/start-counting-target';
import { startMendbot, type RunningMendbot } from '../helpers/start-mendbot';
import { waitFor } from '../helpers/wait-for';

const WAIT = { timeoutMs: 45_000, intervalMs: 250 };

describe('alert → remediation → resolution → postmortem, with the real Alertmanager', () => {
  let mendbot: RunningMendbot | undefined;
  let am: RunningAlertmanager | undefined;
  let target: Awaited<ReturnType<typeof startCountingTarget>>;
  const playbooks = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-e2e-playbooks-'));

  beforeAll(async () => {
    target = await startCountingTarget();
    fs.writeFileSync(
      path.join(playbooks, 'restart.yaml'),
      `name: restart-api
mode: auto
match: ['alertname="E2EApiDown"']
params:
  service: { from: labels.service, pattern: "^[a-z0-9-]+$" }
steps:
  - id: restart
    action: http
    with: { method: POST, url: "${target.url}/restart/{{ params.service }}" }
`,
    );
    mendbot = await startMendbot({ env: { PLAYBOOKS_DIR: playbooks, MENDBOT_POSTMORTEM_SETTLE: '1s', ALERTMANAGER_TOKEN: 'e2e-token' } });
    am = await startAlertmanager({ mendbotUrl: mendbot.url, token: 'e2e-token' });
  });

  afterAll(async () => {
    await am?.stop();
    await mendbot?.stop();
    await target?.close();
    fs.rmSync(playbooks, { recursive: true, force: true });
  });

  const api = async <T>(p: string): Promise<T> => (await (await fetch(`${mendbot!.url}${p}`)).json()) as T;

  it('runs the playbook once and files exactly one postmortem after resolution', async () => {
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const alert = { labels: { alertname: 'E2EApiDown', service: 'api', severity: 'critical' }, annotations: { summary: 'api is down' }, startsAt };
    await postAlerts(am!.url, [alert]);

    const incident = await waitFor(async () => (await api<{ items: Array<{ id: string }> }>('/api/incidents?status=open')).items[0], WAIT);
    await waitFor(async () => {
      const d = await api<{ runs: Array<{ status: string }> }>(`/api/incidents/${incident.id}`);
      return d.runs[0]?.status === 'succeeded';
    }, WAIT);
    expect(target.count('/restart/api')).toBe(1);

    await postAlerts(am!.url, [{ ...alert, endsAt: new Date().toISOString() }]);
    const postmortemDir = path.join(mendbot!.dataDir, 'postmortems');
    const markdownFiles = (): string[] => (fs.existsSync(postmortemDir) ? fs.readdirSync(postmortemDir).filter((f) => f.endsWith('.md')) : []);
    const files = await waitFor(() => (markdownFiles().length > 0 ? markdownFiles() : undefined), WAIT);
    expect(files).toHaveLength(1);
    const text = fs.readFileSync(path.join(postmortemDir, files[0]!), 'utf8');
    expect(text).toMatch(/api is down/);
    expect(text).toMatch(/### restart-api — succeeded \(auto\)/);
    expect(text).toMatch(/\| restart \| http \| succeeded \| 1 \|/);
    expect(text).toMatch(/## Timeline[\s\S]*incident_opened[\s\S]*run_status[\s\S]*incident_resolved/);

    // The file is written before the ticket reference is stored: wait for the stored state too.
    const detail = await waitFor(async () => {
      const d = await api<{ incident: { status: string }; postmortem: { state: string; ticket: { tracker: string } } }>(`/api/incidents/${incident.id}`);
      return d.postmortem?.state === 'filed' ? d : undefined;
    }, WAIT);
    expect(detail.incident.status).toBe('resolved');
    expect(detail.postmortem).toMatchObject({ state: 'filed', ticket: { tracker: 'markdown' } });
    expect(target.count()).toBe(1);
  });
});
