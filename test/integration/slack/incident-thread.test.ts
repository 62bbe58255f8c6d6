import { startCountingTarget } from '../../helpers/start-counting-target';
import { waitFor } from '../../helpers/wait-for';
import { startFakeSlackApi, type FakeSlackApi } from './fake-slack-api';
import { amFixture, startSlackHarness, type SlackHarness } from './start-slack-harness';

const restartCheckout = (targetUrl: string) => `
name: restart-checkout
mode: auto
match: ['alertname="HighErrorRate"']
steps:
  - id: restart
    action: http
    with: { method: POST, url: "${targetUrl}/restart" }
  - id: tell
    action: notify
    with: { text: "restarted {{ labels.service }} for {{ incident.id }}" }
`;

const restartOnly = (targetUrl: string) => `
name: restart-checkout
mode: auto
match: ['alertname="HighErrorRate"']
steps:
  - id: restart
    action: http
    with: { method: POST, url: "${targetUrl}/restart" }
`;

const crashloopDryRun = `
name: restart-crashlooping
mode: dry-run
match: ['alertname="KubePodCrashLooping"']
steps:
  - id: restart
    action: wait
    with: { duration: 1s }
`;

describe('slack incident thread', () => {
  let slack: FakeSlackApi;
  let target: Awaited<ReturnType<typeof startCountingTarget>>;
  let h: SlackHarness;

  beforeEach(async () => {
    slack = await startFakeSlackApi({ botToken: 'xoxb-test-bot-token' });
    target = await startCountingTarget();
  });
  afterEach(async () => {
    await h.close();
    await target.close();
    await slack.close();
  });

  const parentUpdates = () => slack.callsTo('chat.update').filter((c) => c.args.ts === slack.parents()[0]?.ts);

  describe('when an incident opens, is remediated and resolves', () => {
    it('keeps one parent message up to date and replies in its thread: run started, notify, outcome, resolution', async () => {
      h = await startSlackHarness({ slack, playbooks: [restartCheckout(target.url)] });
      await h.deliver(amFixture('alertmanager-firing.json'));
      const run = await h.waitForRun((r) => r.status === 'succeeded', 'the run to succeed');
      await h.deliver(amFixture('alertmanager-resolved.json'));

      await waitFor(() => slack.parents()[0]?.text?.startsWith('[RESOLVED]'), { description: 'the parent to show RESOLVED' });
      const [parent] = slack.parents();
      expect(slack.parents()).toHaveLength(1);
      expect(parent!.channel).toBe(slack.channelId);
      expect(JSON.stringify(parent!.blocks)).toContain(run.id);
      const replies = await waitFor(() => (slack.repliesTo(parent!.ts).length >= 4 ? slack.repliesTo(parent!.ts).map((m) => m.text) : undefined), {
        description: 'four replies',
      });
      expect(replies).toEqual([
        expect.stringMatching(/^:arrow_forward: \*restart-checkout\* `run_\w+` started \(mode auto\)$/),
        `restarted checkout for ${run.incidentId}`,
        expect.stringMatching(/^\*restart-checkout\* `run_\w+`: :white_check_mark: succeeded — every step succeeded$/),
        expect.stringMatching(/^:white_check_mark: \*Resolved\*: incident resolved/),
      ]);
      expect(await h.store.getChatRef(`incident:${run.incidentId}`)).toEqual({ channel: slack.channelId, ts: parent!.ts });
    });
  });

  describe('when a 50-alert storm arrives as 50 deliveries', () => {
    it('creates one thread and rewrites it only a few times', async () => {
      h = await startSlackHarness({ slack, playbooks: [crashloopDryRun], coalesceMs: 250 });
      const storm = amFixture('alertmanager-storm.json');
      const bodies = (storm.alerts as unknown[]).map((alert) => ({ ...storm, alerts: [alert] }));
      for (let i = 0; i < bodies.length; i += 10) {
        const answers = await Promise.all(bodies.slice(i, i + 10).map((b) => h.deliver(b)));
        expect(answers.map((a) => a.status)).toEqual(Array(answers.length).fill(200));
      }
      await waitFor(() => slack.parents()[0]?.text?.includes('50/50 alerts firing, 50 deliveries'), { description: 'the parent to count 50 alerts' });
      await new Promise((r) => setTimeout(r, 400)); // nothing may trickle in after the last update

      expect(slack.parents()).toHaveLength(1);
      expect(slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === undefined)).toHaveLength(1);
      expect(parentUpdates().length).toBeGreaterThan(0);
      expect(parentUpdates().length).toBeLessThanOrEqual(8);
      expect(await h.store.countOpenIncidents()).toBe(1);
    });
  });

  describe('when Slack is down as the incident opens', () => {
    it('still remediates, then creates the thread once Slack is back', async () => {
      h = await startSlackHarness({ slack, playbooks: [restartOnly(target.url)] });
      slack.failNext('chat.postMessage', { status: 503 }, 9); // three syncs' worth (1 + 2 SDK retries each)
      await h.deliver(amFixture('alertmanager-firing.json'));
      await h.waitForRun((r) => r.status === 'succeeded', 'the run to succeed');
      expect(target.count('/restart')).toBe(1);
      expect(slack.parents()).toHaveLength(0);
      await waitFor(() => slack.parents().length === 1, { description: 'the thread to be created after the outage', timeoutMs: 8000 });
      expect(slack.parents()).toHaveLength(1);
      expect(h.logs.some((l) => l.level === 'warn' && /retrying with backoff/.test(String(l.msg)))).toBe(true);
    });
  });

  describe('when chat.update is rate limited', () => {
    it('waits for Retry-After, then updates the message', async () => {
      h = await startSlackHarness({ slack, playbooks: [] });
      await h.deliver(amFixture('alertmanager-firing.json'));
      await waitFor(() => slack.parents().length === 1, { description: 'the thread' });
      await new Promise((r) => setTimeout(r, 200));
      slack.failNext('chat.update', { status: 429, retryAfter: 1 });
      const before = parentUpdates().length;
      await h.deliver(amFixture('alertmanager-firing.json')); // a duplicate delivery: the count changes

      await waitFor(() => slack.parents()[0]?.text?.includes('2 deliveries'), { description: 'the update to land', timeoutMs: 5000 });
      const [limited, retried] = parentUpdates().slice(before);
      expect(retried).toBeDefined();
      expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(950);
    });
  });

  describe('when chat.update answers ok:false', () => {
    it('keeps the update in the retry queue and lands it on a later attempt', async () => {
      h = await startSlackHarness({ slack, playbooks: [] });
      await h.deliver(amFixture('alertmanager-firing.json'));
      await waitFor(() => slack.parents().length === 1, { description: 'the thread' });
      await new Promise((r) => setTimeout(r, 200));
      slack.failNext('chat.update', { error: 'internal_error' });
      const before = parentUpdates().length;
      await h.deliver(amFixture('alertmanager-firing.json'));
      await waitFor(() => slack.parents()[0]?.text?.includes('2 deliveries'), { description: 'the retried update' });
      expect(parentUpdates().length - before).toBe(2);
    });
  });
});
