import { z } from 'zod';
import type { AnyAction } from '../../../src/engine/action';
import type { Run } from '../../../src/core/runs/run';
import { startCountingTarget } from '../../helpers/start-counting-target';
import { waitFor } from '../../helpers/wait-for';
import { hasButtons, startFakeSlackApi, type FakeMessage, type FakeSlackApi } from './fake-slack-api';
import { amFixture, startSlackHarness, type SlackHarness } from './start-slack-harness';

const approver = 'U024BE7LH';

const rollback = (targetUrl: string) => `
name: rollback-checkout
mode: approval
approvers: ["${approver}"]
approval: { expires: 10m }
match: ['alertname="HighErrorRate"']
steps:
  - id: rollback
    action: http
    with: { method: POST, url: "${targetUrl}/rollback" }
`;

const silenceThenRestart = (targetUrl: string) => `
name: silence-and-restart
mode: auto
match: ['alertname="HighErrorRate"']
steps:
  - id: silence
    action: test.link
    with: {}
  - id: restart
    action: http
    with: { method: POST, url: "${targetUrl}/restart" }
`;

/** Stands in for alertmanager.silence: returns a link as its output, the way that action does. */
const silenceLink = 'http://127.0.0.1:9/#/silences/5f0c6c1e-7e0a-4b8e-9d1f-2c3b4a5d6e7f';
const linkAction: AnyAction = {
  name: 'test.link',
  description: 'returns a link',
  input: z.object({}),
  idempotent: true,
  execute: async () => ({ silence_id: '5f0c6c1e-7e0a-4b8e-9d1f-2c3b4a5d6e7f', link: silenceLink }),
};

/** Every text a message shows: its blocks' sections, fields and context elements. */
const shownText = (message: FakeMessage | undefined) =>
  (message?.blocks ?? []).flatMap((b) => [b.text?.text, ...(b.fields ?? []).map((f) => f.text), ...(b.elements ?? []).map((e) => (e as { text?: unknown }).text)]).join('\n');

describe('slack shows what Alertmanager reports', () => {
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

  /** What reconciliation does: record the state, then tell the hub the incident changed. */
  const reconcile = async (incidentId: string, state: { active: boolean; checkedAt: string; missingSince: string | null }) => {
    await h.store.recordAlertmanagerState(incidentId, state);
    h.hub.emit({ type: 'incident_changed', incidentId });
  };
  const parent = () => slack.parents()[0];

  describe('the incident message', () => {
    it('says nothing about Alertmanager until it was asked, then "still active", then "no longer active … (resolving after grace)"', async () => {
      h = await startSlackHarness({ slack, playbooks: [] });
      await h.deliver(amFixture('alertmanager-firing.json'));
      await waitFor(() => parent(), { description: 'the thread' });
      const [incident] = (await h.store.listIncidents({ status: 'open', limit: 10 })).items;
      expect(shownText(parent())).not.toContain('Alertmanager');
      expect(parent()!.text).not.toContain('Alertmanager');

      await reconcile(incident!.id, { active: true, checkedAt: '2026-03-14T10:02:41.000Z', missingSince: null });
      await waitFor(() => shownText(parent()).includes('Alertmanager: still active (checked 10:02 UTC)'), { description: 'the "still active" line' });
      expect(parent()!.text).toContain('Alertmanager: still active (checked 10:02 UTC)');

      await reconcile(incident!.id, { active: false, checkedAt: '2026-03-14T10:05:00.000Z', missingSince: '2026-03-14T10:04:12.000Z' });
      await waitFor(() => shownText(parent()).includes('Alertmanager: no longer active since 10:04 UTC (resolving after grace)'), {
        description: 'the "no longer active" line',
      });
      expect(shownText(parent())).not.toContain('still active');
      expect(slack.parents()).toHaveLength(1);
      expect((await h.command(`show ${incident!.id}`, 'U0ANYONE')).text).toContain('• Alertmanager: no longer active since 10:04 UTC (resolving after grace)');
    });
  });

  describe('an approval message', () => {
    const approvalMessage = async (run: Run) => slack.messages.get((await h.store.getChatRef(`run:${run.id}`))!.ts);
    const warning = /:warning: Alertmanager no longer reports this alert active \(since 10:04 UTC\) — approving will skip the step if it is still gone/;

    it('warns while the alert is gone from Alertmanager, keeps its buttons, and drops the warning when it fires again', async () => {
      h = await startSlackHarness({ slack, playbooks: [rollback(target.url)] });
      await h.deliver(amFixture('alertmanager-firing.json'));
      const run = await h.waitForRun((r) => r.status === 'waiting_approval', 'the run to wait for approval');
      await waitFor(async () => (await h.store.getChatRef(`run:${run.id}`)) !== null, { description: 'the approval message' });
      expect(shownText(await approvalMessage(run))).not.toMatch(/Alertmanager/);

      await reconcile(run.incidentId, { active: false, checkedAt: '2026-03-14T10:05:00.000Z', missingSince: '2026-03-14T10:04:12.000Z' });
      await waitFor(async () => warning.test(shownText(await approvalMessage(run))), { description: 'the warning on the approval message' });
      const warned = await approvalMessage(run);
      expect(hasButtons(warned)).toBe(true);
      expect(warned!.text).toMatch(/^Approval needed: rollback-checkout .*Alertmanager no longer reports this alert active \(since 10:04 UTC\)/);

      await reconcile(run.incidentId, { active: true, checkedAt: '2026-03-14T10:06:00.000Z', missingSince: null });
      await waitFor(async () => !/Alertmanager/.test(shownText(await approvalMessage(run))), { description: 'the warning to go away' });
      expect(hasButtons(await approvalMessage(run))).toBe(true);
      expect(target.count()).toBe(0);
    });

    it('says approving acts anyway when the playbook turned the check off (still_firing: false)', async () => {
      h = await startSlackHarness({ slack, playbooks: [rollback(target.url).replace('mode: approval', 'mode: approval\nstill_firing: false')] });
      await h.deliver(amFixture('alertmanager-firing.json'));
      const run = await h.waitForRun((r) => r.status === 'waiting_approval', 'the run to wait for approval');
      await waitFor(async () => (await h.store.getChatRef(`run:${run.id}`)) !== null, { description: 'the approval message' });
      await reconcile(run.incidentId, { active: false, checkedAt: '2026-03-14T10:05:00.000Z', missingSince: '2026-03-14T10:04:12.000Z' });
      const text = await waitFor(async () => (/Alertmanager/.test(shownText(await approvalMessage(run))) ? shownText(await approvalMessage(run)) : undefined), {
        description: 'the warning',
      });
      expect(text).toContain(':warning: Alertmanager no longer reports this alert active (since 10:04 UTC) — this playbook does not check again (still_firing: false): approving acts anyway');
      expect(text).not.toMatch(warning);
    });
  });

  describe('a step that returns a link', () => {
    it('posts the link in the incident thread once, next to its step', async () => {
      h = await startSlackHarness({ slack, playbooks: [silenceThenRestart(target.url)], actions: [linkAction] });
      await h.deliver(amFixture('alertmanager-firing.json'));
      const run = await h.waitForRun((r) => r.status === 'succeeded', 'the run to succeed');
      const linkReplies = () => slack.repliesTo(parent()?.ts ?? '').filter((m) => m.text?.startsWith(':link:'));
      await waitFor(() => linkReplies().length === 1, { description: 'the link reply' });
      expect(linkReplies()[0]!.text).toBe(`:link: *silence-and-restart* \`${run.id}\` step *silence* \`test.link\`: <${silenceLink}>`);
      h.hub.emit({ type: 'incident_changed', incidentId: run.incidentId });
      await new Promise((r) => setTimeout(r, 300));
      expect(linkReplies()).toHaveLength(1);
    });

    it('shows it on the step line of the approval message once the step ran', async () => {
      const approved = `
name: silence-then-rollback
mode: approval
approvers: ["${approver}"]
match: ['alertname="HighErrorRate"']
steps:
  - id: silence
    action: test.link
    with: {}
  - id: rollback
    action: http
    with: { method: POST, url: "${target.url}/rollback" }
`;
      h = await startSlackHarness({ slack, playbooks: [approved], actions: [linkAction] });
      await h.deliver(amFixture('alertmanager-firing.json'));
      const run = await h.waitForRun((r) => r.status === 'waiting_approval', 'the run to wait for approval');
      await waitFor(async () => (await h.store.getChatRef(`run:${run.id}`)) !== null, { description: 'the approval message' });
      const message = async () => slack.messages.get((await h.store.getChatRef(`run:${run.id}`))!.ts);
      expect(shownText(await message())).not.toContain(silenceLink);

      await h.click('mendbot.approve', run, approver);
      await h.waitForRun((r) => r.id === run.id && r.status === 'succeeded', 'the approved run to succeed');
      await waitFor(async () => shownText(await message()).includes(`\`test.link\` \`{}\` · <${silenceLink}|link>`), { description: 'the link on the step line' });
      expect(target.count('/rollback')).toBe(1);
    });
  });
});
