import { sha256Hex, type ApiTokenEntry } from '../../../src/config/api-token-entry';
import { startCountingTarget } from '../../helpers/start-counting-target';
import { fixture, startTestApp, type TestApp } from '../../helpers/start-test-app';
import { callFrom } from './call-from';

const plain = {
  grafana: 'grafana-viewer-token-0123456789',
  deployBot: 'deploy-bot-operator-token-0123456789',
  oncall: 'oncall-operator-token-0123456789',
  bridge: 'chat-bridge-admin-token-0123456789',
};
const tokens: ApiTokenEntry[] = [
  { name: 'grafana', role: 'viewer', sha256: sha256Hex(plain.grafana) },
  { name: 'deploy-bot', role: 'operator', sha256: sha256Hex(plain.deployBot) },
  { name: 'oncall-2', role: 'operator', sha256: sha256Hex(plain.oncall) },
  { name: 'chat-bridge', role: 'admin', sha256: sha256Hex(plain.bridge) },
];

const playbook = (url: string) => `
name: rollback
mode: approval
approvers: ["deploy-bot", "U024BE7LH"]
match: ['alertname="HighErrorRate"']
steps:
  - id: rollback
    action: http
    with: { method: POST, url: "${url}/rollback" }
`;

interface RunView {
  id: string;
  incidentId: string;
  status: string;
  approval: { decision?: string; by?: string } | null;
}

describe('API identities: every action is recorded under the token that did it', () => {
  let app: TestApp;
  let target: Awaited<ReturnType<typeof startCountingTarget>>;
  let run: RunView;

  const as = (token: string, path: string, body?: unknown) => callFrom(app.url, path, { from: '127.0.0.6', method: body === undefined ? 'GET' : 'POST', token, body });
  const runNow = async () => (await as(plain.grafana, `/api/runs/${run.id}`)).body as unknown as RunView;
  const timeline = async () =>
    ((await as(plain.grafana, `/api/incidents/${run.incidentId}`)).body as { timeline: Array<{ type: string; message: string }> }).timeline.filter((e) => e.type === 'approval' && / (approved|rejected) by /.test(e.message)).map((e) => e.message);

  beforeEach(async () => {
    target = await startCountingTarget();
    app = await startTestApp({ playbooks: [playbook(target.url)], apiTokens: tokens });
    // The webhook has no credential configured, so only true loopback may deliver (this fetch is from 127.0.0.1).
    expect((await fetch(`${app.url}/webhooks/alertmanager`, { method: 'POST', body: fixture('alertmanager-firing.json') })).status).toBe(200);
    for (let i = 0; i < 100; i++) {
      const [incident] = ((await as(plain.grafana, '/api/incidents')).body as { items: Array<{ id: string }> }).items;
      const detail = incident && ((await as(plain.grafana, `/api/incidents/${incident.id}`)).body as { runs: RunView[] });
      const waiting = detail?.runs.find((r) => r.status === 'waiting_approval');
      if (waiting) {
        run = waiting;
        return;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('no run waited for approval');
  });
  afterEach(async () => {
    await app.close();
    await target.close();
  });

  it('an operator approves as itself: the token name is the approver checked and recorded', async () => {
    const res = await as(plain.deployBot, `/api/runs/${run.id}/approve`, {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ approval: { decision: 'approved', by: 'deploy-bot' } });
    expect(await timeline()).toEqual([`run ${run.id} approved by deploy-bot`]);
    for (let i = 0; i < 100 && target.count('/rollback') === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(target.count('/rollback')).toBe(1);
  });

  it('an operator cannot claim to be someone else, with `by` or `onBehalfOf` (403 FORBIDDEN_ROLE, nothing changes)', async () => {
    for (const body of [{ by: 'U024BE7LH' }, { onBehalfOf: 'U024BE7LH' }, { by: 'chat-bridge', reason: 'x' }]) {
      const res = await as(plain.deployBot, `/api/runs/${run.id}/approve`, body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 403, code: 'FORBIDDEN_ROLE' });
      expect(res.body.message).toMatch(/acts only as itself \("deploy-bot"\)/);
    }
    const unchanged = await runNow();
    expect(unchanged.status).toBe('waiting_approval');
    expect(unchanged.approval?.decision).toBeUndefined();
    expect(await timeline()).toEqual([]);
    // Naming itself is no claim.
    expect((await as(plain.deployBot, `/api/runs/${run.id}/reject`, { by: 'deploy-bot', reason: 'not now' })).body).toMatchObject({ status: 'cancelled', approval: { by: 'deploy-bot' } });
  });

  it('an operator token that is not an approver gets 403 NOT_AN_APPROVER', async () => {
    const res = await as(plain.oncall, `/api/runs/${run.id}/approve`, {});
    expect(res).toMatchObject({ status: 403, body: { code: 'NOT_AN_APPROVER' } });
    expect(res.body.message).toMatch(/^oncall-2 may not approve/);
  });

  it('an admin (a chat bridge) acts on behalf of a named user: that user is checked, both are recorded', async () => {
    const res = await as(plain.bridge, `/api/runs/${run.id}/approve`, { onBehalfOf: 'U024BE7LH' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ approval: { decision: 'approved', by: 'U024BE7LH via chat-bridge' } });
    expect(await timeline()).toEqual([`run ${run.id} approved by U024BE7LH via chat-bridge`]);
  });

  it('the approver check uses the person acted for, not the admin token', async () => {
    const stranger = await as(plain.bridge, `/api/runs/${run.id}/approve`, { onBehalfOf: 'U0STRANGER' });
    expect(stranger).toMatchObject({ status: 403, body: { code: 'NOT_AN_APPROVER', path: 'onBehalfOf' } });
    expect(stranger.body.message).toMatch(/^U0STRANGER may not approve/);
    // As itself the admin is not an approver either: being admin grants no approval.
    expect(await as(plain.bridge, `/api/runs/${run.id}/approve`, {})).toMatchObject({ status: 403, body: { code: 'NOT_AN_APPROVER' } });
    expect((await runNow()).status).toBe('waiting_approval');
  });

  it('refuses `by` and `onBehalfOf` naming different people (400)', async () => {
    expect(await as(plain.bridge, `/api/runs/${run.id}/approve`, { by: 'U1', onBehalfOf: 'U2' })).toMatchObject({ status: 400, body: { code: 'INVALID_PAYLOAD', path: 'onBehalfOf' } });
  });

  it('an operator resolves an incident as itself: recorded under the token, its waiting approval cancelled', async () => {
    const res = await as(plain.deployBot, `/api/incidents/${run.incidentId}/resolve`, { reason: 'fixed by hand' });
    expect(res).toMatchObject({ status: 200, body: { kind: 'resolved' } });
    const detail = (await as(plain.grafana, `/api/incidents/${run.incidentId}`)).body as { incident: { status: string }; timeline: Array<{ type: string; message: string }> };
    expect(detail.incident.status).toBe('resolved');
    expect(detail.timeline.some((e) => /deploy-bot/.test(e.message) && /fixed by hand/.test(e.message))).toBe(true);
    expect((await runNow()).status).toBe('cancelled');
    // Claiming someone else is refused like on approve; a second resolve changes nothing.
    expect(await as(plain.oncall, `/api/incidents/${run.incidentId}/resolve`, { reason: 'x', by: 'U024BE7LH' })).toMatchObject({ status: 403, body: { code: 'FORBIDDEN_ROLE' } });
    expect(await as(plain.oncall, `/api/incidents/${run.incidentId}/resolve`, { reason: 'again' })).toMatchObject({ status: 200, body: { kind: 'already_resolved' } });
    expect(await as(plain.grafana, `/api/incidents/${run.incidentId}/resolve`, { reason: 'x' })).toMatchObject({ status: 403, body: { code: 'FORBIDDEN_ROLE' } });
  });

  it('records who paused: the operator token, the admin token, or the person an admin acted for', async () => {
    expect((await as(plain.deployBot, '/api/pause', { playbook: 'rollback', reason: 'flaky' })).body).toMatchObject({ paused: { rollback: { by: 'deploy-bot', reason: 'flaky' } } });
    expect((await as(plain.bridge, '/api/pause', { reason: 'freeze' })).body).toMatchObject({ killSwitch: { by: 'chat-bridge', reason: 'freeze' } });
    expect((await as(plain.bridge, '/api/pause', { onBehalfOf: 'U1', reason: 'freeze' })).body).toMatchObject({ killSwitch: { by: 'U1 via chat-bridge' } });
    expect((await as(plain.deployBot, '/api/resume', {})).status).toBe(403);
    expect((await as(plain.bridge, '/api/resume', {})).body).toMatchObject({ killSwitch: null });
  });
});
