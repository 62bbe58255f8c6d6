import { z } from 'zod';
import type { AnyAction } from '../../../src/engine/action';
import { createInMemoryAlertmanagerApi, type InMemoryAlertmanagerApi } from '../../fakes/in-memory-alertmanager-api';
import { buildAlert } from '../../helpers/build-delivery';
import { startCountingTarget } from '../../helpers/start-counting-target';
import { startHarness, type Harness } from './still-firing-harness';

/** The filters listAlerts was called with, in order. */
const asked = (am: InMemoryAlertmanagerApi) => am.calls.filter((c) => c.method === 'listAlerts').map((c) => c.arg);

type Target = Awaited<ReturnType<typeof startCountingTarget>>;

/** `extra` goes at the playbook level, `stepExtra` into the restart step. */
const playbook = (target: string, options: { extra?: string; stepExtra?: string; mode?: string } = {}) => `
name: restart
mode: ${options.mode ?? 'auto'}
approvers: ["U024BE7LH"]
match: ['alertname="HighErrorRate"']
${options.extra ?? ''}
steps:
  - id: restart
    action: http
    with: { method: POST, url: "${target}/restart" }
    ${options.stepExtra ?? ''}
`;

const alert = () => buildAlert({ name: 'HighErrorRate', fingerprint: 'a1b2c3d4e5f60718' });

describe('still_firing: asking Alertmanager right before a non-idempotent step acts', () => {
  let target: Target;
  let am: InMemoryAlertmanagerApi;
  let h: Harness;
  beforeEach(async () => {
    target = await startCountingTarget();
    am = createInMemoryAlertmanagerApi({ urls: ['http://127.0.0.1:9093', 'http://127.0.0.1:9094'] });
  });
  afterEach(async () => {
    await h.close();
    await target.close();
  });

  const verdicts = async () => (await h.metrics.registry.getSingleMetric('mendbot_still_firing_checks_total')!.get()).values.map((v) => `${v.labels.verdict}=${v.value}`).filter((v) => !v.endsWith('=0'));

  it('acts while Alertmanager still reports the alert, by default when an Alertmanager is configured', async () => {
    h = await startHarness({ playbooks: [playbook(target.url)], alertmanager: am });
    am.setAlerts([{ fingerprint: 'a1b2c3d4e5f60718', labels: { alertname: 'HighErrorRate', namespace: 'prod' } }]);
    await h.deliver([alert()]);
    const [run] = await h.settle();
    expect(run).toMatchObject({ status: 'succeeded' });
    expect(target.count('/restart')).toBe(1);
    expect(asked(am)).toEqual([['alertname="HighErrorRate"']]);
    expect(await verdicts()).toEqual(['firing=1']);
  });

  it('does not act on an alert Alertmanager no longer reports: the step is skipped and the run cancelled', async () => {
    h = await startHarness({ playbooks: [playbook(target.url)], alertmanager: am });
    await h.deliver([alert()]);
    const [run] = await h.settle();
    expect(target.count()).toBe(0);
    expect(run!.status).toBe('cancelled');
    expect(run!.reason).toMatch(/^skipped: no longer firing: Alertmanager no longer reports 1 alert\(s\): HighErrorRate \(a1b2c3d4e5f60718\)$/);
    expect(run!.steps[0]).toMatchObject({ id: 'restart', status: 'skipped', attempts: 0, error: expect.stringMatching(/^no longer firing: /) });
    const messages = (await h.timeline(run!.incidentId)).map((e) => e.message);
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringMatching(/^step restart \(http\) skipped: no longer firing: .*; nothing was done$/),
      expect.stringMatching(new RegExp(`^run ${run!.id} cancelled: skipped: no longer firing`)),
    ]));
    expect(messages.some((m) => /started, attempt/.test(m))).toBe(false);
    expect(await verdicts()).toEqual(['not_firing=1']);
  });

  it('skips the approved step when the alert stopped firing while the approval waited', async () => {
    h = await startHarness({ playbooks: [playbook(target.url, { mode: 'approval' })], alertmanager: am });
    am.setAlerts([{ fingerprint: 'a1b2c3d4e5f60718', labels: { alertname: 'HighErrorRate', namespace: 'prod' } }]);
    await h.deliver([alert()]);
    const [waiting] = await h.settle(['waiting_approval']);
    am.setAlerts([]); // resolved in Alertmanager; mendbot's webhook for it was lost or is late
    await h.runs.decide(waiting!.id, 'approved', 'U024BE7LH');
    const [run] = await h.settle();
    expect(run).toMatchObject({ status: 'cancelled', approval: { decision: 'approved' } });
    expect(run!.reason).toMatch(/^skipped: no longer firing/);
    expect(run!.steps.map((s) => [s.id, s.status])).toEqual([['approval', 'succeeded'], ['restart', 'skipped']]);
    expect(target.count()).toBe(0);
  });

  describe('when Alertmanager cannot be asked', () => {
    it('on_unknown wait (default): asks again within the step timeout, then needs attention', async () => {
      h = await startHarness({ playbooks: [playbook(target.url, { stepExtra: 'timeout: 700ms' })], alertmanager: am });
      am.failAll();
      const started = Date.now();
      await h.deliver([alert()]);
      const [run] = await h.settle();
      expect(Date.now() - started).toBeGreaterThanOrEqual(650);
      expect(run!.status).toBe('needs_attention');
      expect(run!.reason).toMatch(/^Alertmanager could not be asked whether HighErrorRate still fires: no Alertmanager answered \(http:\/\/127\.0\.0\.1:9093: connect ECONNREFUSED/);
      expect(run!.steps[0]).toMatchObject({ status: 'skipped', attempts: 0 });
      expect(asked(am).length).toBeGreaterThanOrEqual(3); // 0, 250 ms, 500 ms (backoff), then the deadline
      expect(target.count()).toBe(0);
      const messages = (await h.timeline(run!.incidentId)).map((e) => e.message);
      expect(messages).toContainEqual(expect.stringMatching(/^step restart waits: Alertmanager could not be asked .*asking again for up to 700 ms \(on_unknown: wait\)$/));
      expect((await verdicts())[0]).toMatch(/^unknown=[3-9]$/);
    });

    it('on_unknown wait: acts once Alertmanager answers again within the timeout', async () => {
      h = await startHarness({ playbooks: [playbook(target.url, { stepExtra: 'timeout: 5s' })], alertmanager: am });
      am.failAll();
      am.setAlerts([{ fingerprint: 'a1b2c3d4e5f60718', labels: { alertname: 'HighErrorRate' } }]);
      await h.deliver([alert()]);
      const deadline = Date.now() + 3000;
      while (asked(am).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(asked(am).length).toBeGreaterThanOrEqual(2);
      am.restorePeer('http://127.0.0.1:9093');
      const [run] = await h.settle();
      expect(run!.status).toBe('succeeded');
      expect(target.count('/restart')).toBe(1);
    });

    it('on_unknown proceed: acts, and the timeline says it acted without confirmation', async () => {
      h = await startHarness({ playbooks: [playbook(target.url, { extra: 'on_unknown: proceed' })], alertmanager: am });
      am.failAll();
      await h.deliver([alert()]);
      const [run] = await h.settle();
      expect(run!.status).toBe('succeeded');
      expect(target.count('/restart')).toBe(1);
      const messages = (await h.timeline(run!.incidentId)).map((e) => e.message);
      expect(messages).toContainEqual(expect.stringMatching(/^step restart \(http\) acts without confirmation \(on_unknown: proceed\): Alertmanager could not be asked whether HighErrorRate still fires/));
    });

    it('on_unknown stop on the step: needs attention at once, overriding the playbook', async () => {
      h = await startHarness({ playbooks: [playbook(target.url, { extra: 'on_unknown: proceed', stepExtra: 'on_unknown: stop\n    timeout: 10s' })], alertmanager: am });
      am.failAll();
      const started = Date.now();
      await h.deliver([alert()]);
      const [run] = await h.settle();
      expect(Date.now() - started).toBeLessThan(5000);
      expect(run!.status).toBe('needs_attention');
      expect(asked(am)).toHaveLength(1);
      expect(target.count()).toBe(0);
    });

    it('still_firing: true without an Alertmanager configured is never acted on blind', async () => {
      h = await startHarness({ playbooks: [playbook(target.url, { extra: 'still_firing: true' })] });
      await h.deliver([alert()]);
      const [run] = await h.settle();
      expect(run!.status).toBe('needs_attention');
      expect(run!.reason).toBe('Alertmanager could not be asked whether HighErrorRate still fires: no Alertmanager API is configured (ALERTMANAGER_URL)');
      expect(target.count()).toBe(0);
    });
  });

  it('a step-level still_firing: false overrides the playbook-level true', async () => {
    h = await startHarness({ playbooks: [playbook(target.url, { extra: 'still_firing: true', stepExtra: 'still_firing: false' })], alertmanager: am });
    await h.deliver([alert()]); // Alertmanager reports nothing firing
    const [run] = await h.settle();
    expect(run!.status).toBe('succeeded');
    expect(target.count('/restart')).toBe(1);
    expect(asked(am)).toEqual([]);
  });

  it('playbook-level still_firing: false turns the check off', async () => {
    h = await startHarness({ playbooks: [playbook(target.url, { extra: 'still_firing: false' })], alertmanager: am });
    await h.deliver([alert()]);
    const [run] = await h.settle();
    expect(run!.status).toBe('succeeded');
    expect(asked(am)).toEqual([]);
  });

  it('does not check idempotent actions', async () => {
    const pb = `
name: note
mode: auto
match: ['alertname="HighErrorRate"']
still_firing: true
steps:
  - id: tell
    action: notify
    with: { text: "looking into it" }
`;
    h = await startHarness({ playbooks: [pb], alertmanager: am });
    await h.deliver([alert()]);
    const [run] = await h.settle();
    expect(run!.status).toBe('succeeded');
    expect(asked(am)).toEqual([]);
  });

  it('acts on a PagerDuty-only incident: there is no Alertmanager alert to ask about', async () => {
    h = await startHarness({ playbooks: [playbook(target.url)], alertmanager: am });
    await h.deliver([alert()].map((a) => ({ ...a, source: 'pagerduty' as const, key: 'pd:P123', fingerprint: 'P123' })));
    const [run] = await h.settle();
    expect(run!.status).toBe('succeeded');
    expect(target.count('/restart')).toBe(1);
    expect(asked(am)).toEqual([]);
    expect(await verdicts()).toEqual(['not_applicable=1']);
  });

  it('dry runs never ask (nothing executes)', async () => {
    h = await startHarness({ playbooks: [playbook(target.url, { mode: 'dry-run' })], alertmanager: am });
    await h.deliver([alert()]);
    const [run] = await h.settle();
    expect(run!.status).toBe('dry_run');
    expect(asked(am)).toEqual([]);
  });
});

describe('run end: onRunEnd of succeeded steps, and output links', () => {
  let target: Target;
  let h: Harness;
  const calls: Array<{ stepId: string; output: Record<string, unknown>; runId: string; commonLabels: Record<string, string> }> = [];
  /** Holds something for the run's lifetime, like a silence; its output carries a link. */
  const hold: AnyAction = {
    name: 'test.hold',
    description: 'holds a thing until the run ends',
    input: z.object({ fail: z.boolean().optional() }).strict(),
    idempotent: true,
    async execute(_input, ctx) {
      return { holdId: `hold-${ctx.stepId}`, link: `http://127.0.0.1:9093/#/silences/hold-${ctx.stepId}` };
    },
    async onRunEnd(output, ctx) {
      calls.push({ stepId: ctx.stepId, output, runId: ctx.runId, commonLabels: ctx.commonLabels });
      if (ctx.stepId === 'broken') throw new Error('Alertmanager said 500');
    },
  };
  beforeEach(async () => {
    calls.length = 0;
    target = await startCountingTarget({ statuses: { '/fail': [500] } });
  });
  afterEach(async () => {
    await h.close();
    await target.close();
  });
  const pb = (last: string, extra = '') => `
name: held
mode: auto
match: ['alertname="HighErrorRate"']
${extra}
steps:
  - { id: hold, action: test.hold }
  - id: act
    action: http
    with: { method: POST, url: "${target.url}${last}" }
`;

  it('on success: once per succeeded step, with its output; the timeline links to what the step made', async () => {
    h = await startHarness({ playbooks: [pb('/ok')], actions: [hold] });
    await h.deliver([alert()]);
    const [run] = await h.settle();
    expect(run!.status).toBe('succeeded');
    expect(calls).toEqual([{ stepId: 'hold', runId: run!.id, output: { holdId: 'hold-hold', link: 'http://127.0.0.1:9093/#/silences/hold-hold' }, commonLabels: run!.context.commonLabels }]);
    const messages = (await h.timeline(run!.incidentId)).map((e) => e.message);
    expect(messages).toContain('step hold (test.hold) succeeded after 1 attempt(s) — http://127.0.0.1:9093/#/silences/hold-hold');
  });

  it('on failure: once, after the failed step (and its recovery)', async () => {
    h = await startHarness({ playbooks: [pb('/fail')], actions: [hold] });
    await h.deliver([alert()]);
    const [run] = await h.settle();
    expect(run!.status).toBe('failed');
    expect(calls.map((c) => c.stepId)).toEqual(['hold']);
  });

  it('on cancel (no longer firing): once, and the skipped step has none', async () => {
    const am = createInMemoryAlertmanagerApi({ urls: ['http://127.0.0.1:9093', 'http://127.0.0.1:9094'] });
    h = await startHarness({ playbooks: [pb('/ok')], actions: [hold], alertmanager: am });
    await h.deliver([alert()]);
    const [run] = await h.settle();
    expect(run!.status).toBe('cancelled');
    expect(calls.map((c) => c.stepId)).toEqual(['hold']);
    expect(target.count()).toBe(0);
  });

  it('a failing hook is recorded in the timeline and does not change the outcome', async () => {
    const text = `
name: held
mode: auto
match: ['alertname="HighErrorRate"']
steps:
  - { id: broken, action: test.hold }
  - { id: fine, action: test.hold }
`;
    h = await startHarness({ playbooks: [text], actions: [hold] });
    await h.deliver([alert()]);
    const [run] = await h.settle();
    expect(run!.status).toBe('succeeded');
    expect(calls.map((c) => c.stepId)).toEqual(['fine', 'broken']);
    const messages = (await h.timeline(run!.incidentId)).map((e) => e.message);
    expect(messages).toContain('step broken (test.hold) could not be released at the end of the run: Alertmanager said 500');
    expect(messages.at(-1)).toMatch(/^run \w+ succeeded: every step succeeded$/);
  });
});
