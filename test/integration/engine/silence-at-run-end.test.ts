import { createAlertmanagerSilenceAction } from '../../../integrations/alertmanager-api/create-alertmanager-silence-action';
import { createInMemoryAlertmanagerApi, type InMemoryAlertmanagerApi } from '../../fakes/in-memory-alertmanager-api';
import { buildAlert } from '../../helpers/build-delivery';
import { startCountingTarget } from '../../helpers/start-counting-target';
import { startHarness, type Harness } from './still-firing-harness';

type Target = Awaited<ReturnType<typeof startCountingTarget>>;

const playbook = (target: string, keep = false) => `
name: quiet-restart
mode: auto
match: ['alertname="HighErrorRate"']
steps:
  - id: silence
    action: alertmanager.silence
    with: { duration: 30m, keep: ${keep} }
  - id: restart
    action: http
    with: { method: POST, url: "${target}/restart" }
`;
const alert = () => buildAlert({ name: 'HighErrorRate', fingerprint: 'a1b2c3d4e5f60718' });

describe('the alertmanager.silence step through the engine: expired when the run ends', () => {
  let target: Target;
  let am: InMemoryAlertmanagerApi;
  let h: Harness;
  beforeEach(async () => {
    target = await startCountingTarget({ statuses: { '/restart': [200] } });
    am = createInMemoryAlertmanagerApi({ urls: ['http://127.0.0.1:9093'] });
  });
  afterEach(async () => {
    await h.close();
    await target.close();
  });

  it('on success: silence created, linked from the timeline, expired at the end', async () => {
    am.setAlerts([{ fingerprint: 'a1b2c3d4e5f60718', labels: { alertname: 'HighErrorRate', namespace: 'prod' } }]);
    h = await startHarness({ playbooks: [playbook(target.url)], alertmanager: am, actions: [createAlertmanagerSilenceAction({ api: am })] });
    await h.deliver([alert()]);
    const [run] = await h.settle();
    expect(run!.status).toBe('succeeded');
    expect(am.silences).toEqual([expect.objectContaining({ id: 'silence-1', state: 'expired', createdBy: 'mendbot' })]);
    const messages = (await h.timeline(run!.incidentId)).map((e) => e.message);
    expect(messages).toContain('step silence (alertmanager.silence) succeeded after 1 attempt(s) — http://127.0.0.1:9093/#/silences/silence-1');
  });

  it('when the alert is no longer firing: the restart is skipped, the run cancelled, the silence expired', async () => {
    h = await startHarness({ playbooks: [playbook(target.url)], alertmanager: am, actions: [createAlertmanagerSilenceAction({ api: am })] });
    await h.deliver([alert()]);
    const [run] = await h.settle();
    expect(run!.status).toBe('cancelled');
    expect(target.count()).toBe(0);
    expect(am.silences.map((s) => s.state)).toEqual(['expired']);
  });

  it('keep: true leaves the silence to run out on its own', async () => {
    am.setAlerts([{ fingerprint: 'a1b2c3d4e5f60718', labels: { alertname: 'HighErrorRate', namespace: 'prod' } }]);
    h = await startHarness({ playbooks: [playbook(target.url, true)], alertmanager: am, actions: [createAlertmanagerSilenceAction({ api: am })] });
    await h.deliver([alert()]);
    const [run] = await h.settle();
    expect(run!.status).toBe('succeeded');
    expect(am.silences.map((s) => s.state)).toEqual(['active']);
    expect(am.calls.filter((c) => c.method === 'expireSilence')).toEqual([]);
  });
});
