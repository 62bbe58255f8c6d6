import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expireApprovals } from '../../../src/runs/expire-approvals';
import { createManualClock } from '../../../src/core/clock';
import type { Run } from '../../../src/core/runs/run';
import { startCountingTarget } from '../../helpers/start-counting-target';
import { waitFor } from '../../helpers/wait-for';
import { hasButtons, startFakeSlackApi, type FakeSlackApi, type SlackBlock } from './fake-slack-api';
import { amFixture, startSlackHarness, type SlackHarness } from './start-slack-harness';

const approver = 'U024BE7LH';
const groupMember = 'U0ONCALL1';
const outsider = 'U0OUTSIDER';

const rollback = (targetUrl: string, onExpiry = 'reject') => `
name: rollback-checkout
mode: approval
approvers: ["${approver}", "@sre-oncall"]
approval: { expires: 10m, on_expiry: ${onExpiry} }
match: ['alertname="HighErrorRate"']
params:
  service: { from: labels.service, pattern: "^[a-z0-9-]{1,63}$" }
lock: "rollback/{{ params.service }}"
steps:
  - id: rollback
    action: http
    with: { method: POST, url: "${targetUrl}/rollback/{{ params.service }}" }
`;

describe('slack approval buttons', () => {
  let slack: FakeSlackApi;
  let target: Awaited<ReturnType<typeof startCountingTarget>>;
  let h: SlackHarness;
  const dirs: string[] = [];

  beforeEach(async () => {
    slack = await startFakeSlackApi({ botToken: 'xoxb-test-bot-token', groups: { 'sre-oncall': { id: 'S0SREONCALL', users: [groupMember] } } });
    target = await startCountingTarget();
    h = await startSlackHarness({ slack, playbooks: [rollback(target.url)] });
  });
  afterEach(async () => {
    await h.close();
    await target.close();
    await slack.close();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Delivers the firing fixture and waits until the approval request is on Slack. */
  const waitingApproval = async (harness = h): Promise<Run> => {
    expect((await harness.deliver(amFixture('alertmanager-firing.json'))).status).toBe(200);
    const run = await harness.waitForRun((r) => r.status === 'waiting_approval', 'the run to wait for approval');
    await waitFor(async () => (await harness.store.getChatRef(`run:${run.id}`)) !== null, { description: 'the approval message' });
    return run;
  };
  const approvalMessage = async (run: Run) => slack.messages.get((await h.store.getChatRef(`run:${run.id}`))!.ts);
  const sectionText = (blocks: SlackBlock[] | undefined) => JSON.stringify((blocks ?? []).flatMap((b) => [b.text?.text, ...(b.fields ?? []).map((f) => f.text)]));

  describe('when a run waits for approval', () => {
    it('posts Block Kit in the incident thread: playbook, target, rendered steps, approvers, expiry and two buttons carrying only the run id', async () => {
      const run = await waitingApproval();
      const [parent] = slack.parents();
      const message = await approvalMessage(run);
      expect(message?.thread_ts).toBe(parent!.ts);
      const text = sectionText(message?.blocks);
      expect(text).toContain('rollback-checkout');
      expect(text).toContain('rollback/checkout'); // the lock key: the target
      expect(text).toContain(`${target.url}/rollback/checkout`); // the step as it will run
      expect(text).toContain(`<@${approver}>`);
      expect(text).toContain('@sre-oncall');
      expect(text).toMatch(/Expires.*<!date\^\d+\^/);
      const actions = message!.blocks!.find((b) => b.type === 'actions');
      expect(actions?.elements?.map((e) => [e.action_id, e.value])).toEqual([
        ['mendbot.approve', run.id],
        ['mendbot.reject', run.id],
      ]);
    });
  });

  describe('when an approver clicks Approve', () => {
    it('acks, runs the step once, and rewrites the message to "Approved by" without buttons', async () => {
      const run = await waitingApproval();
      const started = Date.now();
      const res = await h.click('mendbot.approve', run, approver);
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(3000);

      const done = await h.waitForRun((r) => r.id === run.id && r.status === 'succeeded', 'the approved run to succeed');
      expect(done.approval).toMatchObject({ decision: 'approved', by: approver });
      expect(target.count('/rollback/checkout')).toBe(1);
      await waitFor(async () => !hasButtons(await approvalMessage(run)), { description: 'buttons to go away' });
      const message = await approvalMessage(run);
      expect(message?.text).toContain(`Approved by <@${approver}> at `);
      expect(slack.callsTo('chat.postEphemeral')).toHaveLength(0);
    });

    it('lets a member of an approver user group (@sre-oncall) approve, resolving the handle once', async () => {
      const run = await waitingApproval();
      await h.click('mendbot.approve', run, groupMember);
      await h.waitForRun((r) => r.id === run.id && r.status === 'succeeded', 'the run to succeed');
      expect(slack.callsTo('usergroups.list')).toHaveLength(1);
      expect(slack.callsTo('usergroups.users.list').map((c) => c.args.usergroup)).toEqual(['S0SREONCALL']);
      expect((await approvalMessage(run))?.text).toContain(`Approved by <@${groupMember}>`);
    });
  });

  describe('when an approver clicks Reject', () => {
    it('cancels the run without touching the target and rewrites the message to "Rejected by"', async () => {
      const run = await waitingApproval();
      await h.click('mendbot.reject', run, approver);
      const done = await h.waitForRun((r) => r.id === run.id && r.status === 'cancelled', 'the run to be cancelled');
      expect(done.approval).toMatchObject({ decision: 'rejected', by: approver });
      await waitFor(async () => !hasButtons(await approvalMessage(run)), { description: 'buttons to go away' });
      expect((await approvalMessage(run))?.text).toContain(`Rejected by <@${approver}>`);
      expect(target.count()).toBe(0);
    });
  });

  describe('when someone who is not an approver clicks', () => {
    it('refuses only to them (ephemeral) and changes nothing', async () => {
      const run = await waitingApproval();
      const updatesBefore = slack.callsTo('chat.update').length;
      await h.click('mendbot.approve', run, outsider);
      const [ephemeral] = await waitFor(() => (slack.callsTo('chat.postEphemeral').length ? slack.callsTo('chat.postEphemeral') : undefined), {
        description: 'the ephemeral refusal',
      });
      expect(ephemeral!.args).toMatchObject({ user: outsider, channel: slack.channelId });
      expect(ephemeral!.args.text).toMatch(/Only the approvers of \*rollback-checkout\*.*Nothing changed/);
      await new Promise((r) => setTimeout(r, 300));
      expect((await h.store.getRun(run.id))?.status).toBe('waiting_approval');
      expect(hasButtons(await approvalMessage(run))).toBe(true);
      expect(slack.callsTo('chat.update').length).toBe(updatesBefore);
      expect(target.count()).toBe(0);
    });
  });

  describe('when the button is double-clicked and two approvers click at once', () => {
    it('records exactly one decision and tells the others who decided', async () => {
      const run = await waitingApproval();
      const clicks = await Promise.all([
        h.click('mendbot.approve', run, approver),
        h.click('mendbot.approve', run, approver),
        h.click('mendbot.reject', run, groupMember),
      ]);
      expect(clicks.map((r) => r.status)).toEqual([200, 200, 200]);
      const done = await h.waitForRun((r) => r.id === run.id && ['succeeded', 'cancelled'].includes(r.status), 'one decision to win');
      const detail = await h.store.getIncident(run.incidentId);
      expect(detail!.timeline.filter((e) => e.type === 'approval' && e.data.decision !== undefined && e.data.runId === run.id)).toHaveLength(1);
      await waitFor(() => (slack.callsTo('chat.postEphemeral').length === 2 ? true : undefined), { description: 'two "already decided" answers' });
      for (const call of slack.callsTo('chat.postEphemeral')) expect(call.args.text).toMatch(/already (approved|rejected) by <@U/);
      expect(target.count()).toBe(done.status === 'succeeded' ? 1 : 0);
    });
  });

  describe('when nobody answers before the approval expires', () => {
    it('rewrites the message to "Expired" without buttons', async () => {
      const run = await waitingApproval();
      const clock = createManualClock(new Date(Date.parse(run.approval!.expiresAt) + 1000));
      const onRunChange = (r: Run) => h.hub.emit({ type: 'run_changed', run: r });
      await expireApprovals({ store: h.store, clock, log: h.log, wake: () => h.executor.wake(), onRunChange });
      await waitFor(async () => !hasButtons(await approvalMessage(run)), { description: 'buttons to go away' });
      expect((await approvalMessage(run))?.text).toMatch(/^Expired at /);
      expect((await h.store.getRun(run.id))?.status).toBe('cancelled');
    });

    it('says "escalated" when the playbook escalates on expiry, and the run goes on to fail into on_failure', async () => {
      await h.close();
      h = await startSlackHarness({ slack, playbooks: [rollback(target.url, 'escalate')] });
      const run = await waitingApproval();
      const clock = createManualClock(new Date(Date.parse(run.approval!.expiresAt) + 1000));
      await expireApprovals({ store: h.store, clock, log: h.log, wake: () => h.executor.wake(), onRunChange: (r) => h.hub.emit({ type: 'run_changed', run: r }) });
      await waitFor(async () => !hasButtons(await approvalMessage(run)), { description: 'buttons to go away' });
      expect((await approvalMessage(run))?.text).toMatch(/^Expired at .*, escalated/);
      await h.waitForRun((r) => r.id === run.id && r.status === 'failed', 'the escalated run to fail');
      expect(target.count()).toBe(0);
    });
  });

  describe('when the incident resolves while the approval waits', () => {
    it('rewrites the message to "No longer needed"', async () => {
      const run = await waitingApproval();
      expect((await h.deliver(amFixture('alertmanager-resolved.json'))).status).toBe(200);
      await waitFor(async () => !hasButtons(await approvalMessage(run)), { description: 'buttons to go away' });
      // The resolution cancels its pending run in the store, without a run_changed event: the sync finds it.
      expect((await approvalMessage(run))?.text).toMatch(/^No longer needed \(incident resolved: remediation no longer needed\)/);
      const [parent] = slack.parents();
      expect(slack.repliesTo(parent!.ts).map((m) => m.text)).toEqual(expect.arrayContaining([expect.stringMatching(/:white_check_mark: \*Resolved\*/)]));
    });
  });

  describe('when mendbot restarts while an approval waits', () => {
    it('lets the approver approve on the old message, and posts nothing twice', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-slack-restart-'));
      dirs.push(dataDir);
      await h.close();
      h = await startSlackHarness({ slack, playbooks: [rollback(target.url)], dataDir });
      const run = await waitingApproval();
      const postsBefore = slack.callsTo('chat.postMessage').length;
      await h.close();

      h = await startSlackHarness({ slack, playbooks: [rollback(target.url)], dataDir });
      await h.click('mendbot.approve', run, approver);
      await h.waitForRun((r) => r.id === run.id && r.status === 'succeeded', 'the run to succeed after the restart');
      await waitFor(async () => !hasButtons(await approvalMessage(run)), { description: 'buttons to go away' });
      expect(target.count('/rollback/checkout')).toBe(1);
      expect(slack.parents()).toHaveLength(1);
      // After the restart only new facts were posted (the decision, the outcome), never the request again.
      const newPosts = () => slack.callsTo('chat.postMessage').slice(postsBefore).map((c) => c.args.text as string);
      await waitFor(() => newPosts().some((t) => /succeeded/.test(t)), { description: 'the outcome reply' });
      expect(newPosts().filter((t) => /Approval needed|started/.test(t))).toHaveLength(0);
      expect(newPosts().filter((t) => /Approved/.test(t))).toHaveLength(1);
    });
  });
});
