import { waitFor } from '../../helpers/wait-for';
import { startFakeSlackApi, type FakeSlackApi } from './fake-slack-api';
import { amFixture, startSlackHarness, type SlackHarness } from './start-slack-harness';

const operator = 'U0OPERATOR';
const approver = 'U024BE7LH';
const outsider = 'U0OUTSIDER';

// Waits for approval, so the incident has queued work a resolve must cancel.
const rollback = `
name: rollback-checkout
mode: approval
approvers: ["${approver}"]
match: ['alertname="HighErrorRate"']
steps:
  - id: rollback
    action: http
    with: { method: POST, url: "http://127.0.0.1:9/rollback" }
`;

describe('slack slash command /mendbot resolve', () => {
  let slack: FakeSlackApi;
  let h: SlackHarness;
  let incidentId: string;

  beforeEach(async () => {
    slack = await startFakeSlackApi({ botToken: 'xoxb-test-bot-token', groups: { 'sre-oncall': { id: 'S0SREONCALL', users: [operator] } } });
    h = await startSlackHarness({ slack, playbooks: [rollback], roles: { resolve: ['@sre-oncall'] } });
    await h.deliver(amFixture('alertmanager-firing.json'));
    incidentId = (await h.waitForRun((r) => r.status === 'waiting_approval', 'the rollback to wait for approval')).incidentId;
  });
  afterEach(async () => {
    await h.close();
    await slack.close();
  });

  it('resolves the incident as the caller (role via a user group), cancels the pending approval, and tells the channel and the thread', async () => {
    const answer = await h.command(`resolve ${incidentId} checkout recovered after the deploy was reverted`, operator);
    expect(answer.response_type).toBe('in_channel');
    expect(answer.text).toBe(
      `:white_check_mark: <@${operator}> resolved incident \`${incidentId}\`: checkout recovered after the deploy was reverted. ` +
        '2 firing alert(s) marked resolved, 1 queued run(s) cancelled. A new occurrence of its alerts reopens it; repeats of these ones do not.',
    );
    const detail = (await h.store.getIncident(incidentId))!;
    expect(detail.incident.status).toBe('resolved');
    expect(detail.timeline.find((e) => e.type === 'incident_resolved')).toMatchObject({ data: { by: operator, reason: 'checkout recovered after the deploy was reverted' } });
    expect((await h.store.listRuns({ incidentId, limit: 10 }))[0]).toMatchObject({ status: 'cancelled', reason: `incident resolved by ${operator}: remediation no longer needed` });
    const parent = await waitFor(() => slack.parents().find((m) => m.text?.startsWith('[RESOLVED]')), { description: 'the parent to show RESOLVED' });
    await waitFor(() => slack.repliesTo(parent.ts).find((m) => m.text?.startsWith(`:white_check_mark: *Resolved*: incident resolved by ${operator}`)), {
      description: 'the resolution in the thread',
    });

    // Alertmanager re-sends the group while it still fires: the same occurrences are stale now.
    const repeat = await h.deliver(amFixture('alertmanager-firing.json'));
    expect(((await repeat.json()) as { decisions: Array<{ kind: string }> }).decisions.map((d) => d.kind)).toEqual(['stale', 'stale']);
    expect(await h.store.incidentStatus(incidentId)).toBe('resolved');
  });

  it('answers privately when the incident is resolved already, and for an unknown incident', async () => {
    await h.command(`resolve ${incidentId} done`, operator);
    const again = await h.command(`resolve ${incidentId} done again`, operator);
    expect(again.response_type).toBe('ephemeral');
    expect(again.text).toMatch(new RegExp(`^Incident \`${incidentId}\` is already resolved \\(<!date\\^\\d+\\^.*\\)\\. Nothing changed\\.$`));
    const unknown = await h.command('resolve inc_NOPE done', operator);
    expect(unknown).toMatchObject({ response_type: 'ephemeral', text: ':warning: no incident inc_NOPE. Nothing changed.' });
  });

  it('is refused to someone without the resolve role, and needs a reason', async () => {
    const refused = await h.command(`resolve ${incidentId} closing`, outsider);
    expect(refused.text).toContain('`/mendbot resolve` needs the *resolve* role');
    const noReason = await h.command(`resolve ${incidentId}`, operator);
    expect(noReason.response_type).toBe('ephemeral');
    expect(noReason.text).toContain('Usage: `/mendbot resolve <incident-id> <reason …>`');
    expect(await h.store.incidentStatus(incidentId)).toBe('open');
  });

  it('is listed by help', async () => {
    expect((await h.command('help', outsider)).text).toContain('/mendbot resolve <incident-id> <reason …>');
  });

  it('names the setting when nobody has the role', async () => {
    await h.close();
    h = await startSlackHarness({ slack, playbooks: [] });
    const answer = await h.command('resolve inc_X closing', operator);
    expect(answer.text).toContain('Nobody has it yet: it is granted with `slack.roles.resolve` in MENDBOT_CONFIG');
  });
});
