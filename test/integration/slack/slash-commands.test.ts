import { startCountingTarget } from '../../helpers/start-counting-target';
import { waitFor } from '../../helpers/wait-for';
import { startFakeSlackApi, type FakeSlackApi } from './fake-slack-api';
import { amFixture, startSlackHarness, type SlackHarness } from './start-slack-harness';

const runner = 'U0RUNNER1';
const approver = 'U024BE7LH';
const oncall = 'U0ONCALL1';
const outsider = 'U0OUTSIDER';

const playbooks = (targetUrl: string) => [
  `
name: rollback-checkout
mode: approval
approvers: ["${approver}"]
match: ['alertname="HighErrorRate"']
params:
  service: { from: labels.service, pattern: "^[a-z0-9-]{1,63}$" }
steps:
  - id: rollback
    action: http
    with: { method: POST, url: "${targetUrl}/rollback/{{ params.service }}" }
`,
  `
name: flush-cache
mode: auto
match: ['alertname="CacheStale"']
params:
  service: { from: labels.service, pattern: "^[a-z0-9-]{1,63}$", default: "none" }
steps:
  - id: flush
    action: http
    with: { method: POST, url: "${targetUrl}/flush/{{ params.service }}" }
`,
];

describe('slack slash command /mendbot', () => {
  let slack: FakeSlackApi;
  let target: Awaited<ReturnType<typeof startCountingTarget>>;
  let h: SlackHarness;
  let incidentId: string;

  beforeEach(async () => {
    slack = await startFakeSlackApi({ botToken: 'xoxb-test-bot-token', groups: { 'sre-oncall': { id: 'S0SREONCALL', users: [oncall] } } });
    target = await startCountingTarget();
    h = await startSlackHarness({
      slack,
      playbooks: playbooks(target.url),
      roles: { run: [runner], pause: ['@sre-oncall'], approve: [approver], silence: [runner] },
    });
    await h.deliver(amFixture('alertmanager-firing.json'));
    incidentId = (await h.waitForRun((r) => r.status === 'waiting_approval', 'the rollback to wait for approval')).incidentId;
  });
  afterEach(async () => {
    await h.close();
    await target.close();
    await slack.close();
  });

  describe('read-only subcommands (anyone)', () => {
    it('help lists every subcommand, privately', async () => {
      const answer = await h.command('help', outsider);
      expect(answer.response_type).toBe('ephemeral');
      for (const sub of ['status', 'incidents', 'show', 'why', 'run', 'approve', 'reject', 'pause', 'resume', 'silence', 'unsilence']) {
        expect(answer.text).toContain(`/mendbot ${sub}`);
      }
    });

    it('status counts open incidents and runs, and shows the kill switch, pauses and silences', async () => {
      const answer = await h.command('status', outsider);
      expect(answer.response_type).toBe('ephemeral');
      expect(answer.text).toContain('Open incidents: 1');
      expect(answer.text).toContain('Runs: 0 running, 1 waiting for approval');
      expect(answer.text).toContain('Kill switch: off');
      expect(answer.text).toContain('Paused playbooks: none');
      expect(answer.text).toContain('Active silences: none');
    });

    it('incidents lists the open incidents with id and title', async () => {
      const answer = await h.command('incidents', outsider);
      expect(answer.text).toContain(`\`${incidentId}\` PVC data-checkout-postgres-0 in prod is 96.2% full`);
    });

    it('show describes one incident: alerts and runs', async () => {
      const answer = await h.command(`show ${incidentId}`, outsider);
      expect(answer.text).toContain('Alerts: 2 firing of 2');
      expect(answer.text).toContain('`913aab3577ecf1bf`');
      expect(answer.text).toMatch(/\*rollback-checkout\* `run_\w+` — :hourglass_flowing_sand: waiting for approval/);
      expect((await h.command('show inc_NOPE', outsider)).text).toContain('No incident `inc_NOPE`');
    });

    it('why gives the decision trace, for an incident or one alert', async () => {
      const forIncident = await h.command(`why ${incidentId}`, outsider);
      expect(forIncident.text).toMatch(/\*alert_received\* alert am:9df28b69fb251278@\S+ firing \(.*\): new incident inc_/);
      expect(forIncident.text).toMatch(/\*playbook_not_matched\* alert am:9df28b69fb251278@.*rollback-checkout \(matcher alertname="HighErrorRate" failed/);
      expect(forIncident.text).toMatch(/\*run_status\* playbook rollback-checkout matched/);
      expect(forIncident.text).toMatch(/\*approval\* approval requested from U024BE7LH/);

      const forAlert = await h.command('why 9df28b69fb251278', outsider);
      expect(forAlert.text).toContain('alert `am:9df28b69fb251278@2026-03-14T09:39:52.314Z`');
      expect(forAlert.text).not.toContain('am:913aab3577ecf1bf');
    });

    it('why finds an alert that joined with many others in the one entry naming them all', async () => {
      expect((await h.deliver(amFixture('alertmanager-storm.json'))).status).toBe(200);
      const forLast = await h.command('why 5372ea187e06d7af', outsider);
      expect(forLast.text).toContain('alert `am:5372ea187e06d7af@');
      expect(forLast.text).toMatch(/\*alert_received\* 49 alerts joined open incident inc_\w+: am:\S+ firing \(.*\) and 46 more/);
    });
  });

  describe('run', () => {
    it('starts a manual run through the executor (trigger = the user) and says so in the channel', async () => {
      const answer = await h.command(`run flush-cache service=checkout incident=${incidentId}`, runner);
      expect(answer.response_type).toBe('in_channel');
      expect(answer.text).toMatch(new RegExp(`<@${runner}> started \\*flush-cache\\* run \`run_\\w+\` for incident \`${incidentId}\``));
      const run = await h.waitForRun((r) => r.playbook === 'flush-cache' && r.status === 'succeeded', 'the manual run to succeed');
      expect(run.trigger).toBe(runner);
      expect(target.count('/flush/checkout')).toBe(1);
    });

    it('refuses params that fail the playbook pattern, creating nothing', async () => {
      const answer = await h.command(`run flush-cache service="$(reboot)" incident=${incidentId}`, runner);
      expect(answer.response_type).toBe('ephemeral');
      expect(answer.text).toContain('Not started: invalid params');
      expect((await h.store.listRuns({ limit: 10 })).filter((r) => r.playbook === 'flush-cache')).toHaveLength(0);
    });

    it('is refused to someone without the run role, naming the role', async () => {
      const answer = await h.command(`run flush-cache incident=${incidentId}`, outsider);
      expect(answer.response_type).toBe('ephemeral');
      expect(answer.text).toContain('`/mendbot run` needs the *run* role');
      expect((await h.store.listRuns({ limit: 10 })).filter((r) => r.playbook === 'flush-cache')).toHaveLength(0);
    });
  });

  describe('approve and reject', () => {
    it('approve decides the waiting run as the caller', async () => {
      const [run] = await h.store.listRuns({ statuses: ['waiting_approval'], limit: 1 });
      const answer = await h.command(`approve ${run!.id}`, approver);
      expect(answer.response_type).toBe('in_channel');
      expect(answer.text).toContain(`Approved: *rollback-checkout* run \`${run!.id}\` by <@${approver}>`);
      await h.waitForRun((r) => r.id === run!.id && r.status === 'succeeded', 'the run to succeed');
      expect(target.count('/rollback/checkout')).toBe(1);
    });

    it('reject cancels it; a second decision is refused', async () => {
      const [run] = await h.store.listRuns({ statuses: ['waiting_approval'], limit: 1 });
      expect((await h.command(`reject ${run!.id}`, approver)).text).toContain('Rejected');
      expect((await h.store.getRun(run!.id))?.status).toBe('cancelled');
      const again = await h.command(`approve ${run!.id}`, approver);
      expect(again.response_type).toBe('ephemeral');
      expect(again.text).toMatch(/not waiting for approval \(already rejected by U024BE7LH\)/);
    });
  });

  describe('pause and resume', () => {
    it('pause alone is the kill switch (role via the @sre-oncall group); resume undoes it', async () => {
      const ambiguous = await h.command('pause deploy freeze', oncall);
      expect(ambiguous.text).toContain('No playbook `deploy`. For the kill switch: `/mendbot pause` or `/mendbot pause all <reason>`');
      expect((await h.store.getControls()).killSwitch).toBeNull();

      const on = await h.command('pause all deploy freeze', oncall);
      expect(on.response_type).toBe('in_channel');
      expect(on.text).toContain('*Kill switch ON*');
      expect((await h.store.getControls()).killSwitch).toMatchObject({ by: oncall, reason: 'deploy freeze' });
      expect((await h.command('status', outsider)).text).toMatch(/Kill switch: :octagonal_sign: \*ON\* by <@U0ONCALL1>/);

      const off = await h.command('resume', oncall);
      expect(off.text).toContain('*Kill switch OFF*');
      expect((await h.store.getControls()).killSwitch).toBeNull();
    });

    it('pause <playbook> pauses only that playbook', async () => {
      await h.command('pause flush-cache noisy today', oncall);
      expect((await h.store.getControls()).paused['flush-cache']).toMatchObject({ by: oncall, reason: 'noisy today' });
      expect((await h.command('resume flush-cache', oncall)).text).toContain('Playbook *flush-cache* resumed');
      expect((await h.store.getControls()).paused).toEqual({});
    });

    it('is refused to someone outside the pause role', async () => {
      const answer = await h.command('pause', outsider);
      expect(answer.text).toContain('`/mendbot pause` needs the *pause* role');
      expect((await h.store.getControls()).killSwitch).toBeNull();
    });
  });

  describe('silence and unsilence', () => {
    it('stores a silence with validated matchers, which stops new runs for matching alerts; unsilence ends it', async () => {
      const answer = await h.command('silence alertname="CacheStale" namespace="prod" 2h maintenance window', runner);
      expect(answer.response_type).toBe('in_channel');
      const [silence] = await h.store.listSilences(new Date().toISOString());
      expect(silence).toMatchObject({ matchers: ['alertname="CacheStale"', 'namespace="prod"'], createdBy: runner, reason: 'maintenance window' });
      expect(Date.parse(silence!.endsAt) - Date.parse(silence!.startsAt)).toBe(2 * 3_600_000);
      expect(answer.text).toContain(`\`${silence!.id}\``);

      await new Promise((r) => setTimeout(r, 150)); // the planner's silence cache refreshes every 50 ms here
      await h.deliver({ ...amFixture('alertmanager-firing.json'), groupKey: 'cache', alerts: [cacheStale()] });
      const detail = await waitFor(async () => {
        const page = await h.store.listIncidents({ status: 'open', limit: 5 });
        const other = page.items.find((i) => i.id !== incidentId);
        return other ? h.store.getIncident(other.id) : undefined;
      });
      expect(detail.timeline.find((e) => e.type === 'playbook_not_matched')?.message).toMatch(/silenced by U0RUNNER1/);

      const ended = await h.command(`unsilence ${silence!.id}`, runner);
      expect(ended.text).toContain(`Silence \`${silence!.id}\` ended`);
      expect(await h.store.listSilences(new Date().toISOString())).toEqual([]);
    });

    it('answers a malformed matcher or a missing duration with usage, storing nothing', async () => {
      const badMatcher = await h.command('silence alertname=~"(" 2h', runner);
      expect(badMatcher.response_type).toBe('ephemeral');
      expect(badMatcher.text).toContain('invalid matcher');
      expect(badMatcher.text).toContain('Usage: `/mendbot silence <matcher …> <duration> [reason …]`');
      expect((await h.command('silence alertname="DiskFull"', runner)).text).toContain('missing the duration');
      expect(await h.store.listSilences(new Date().toISOString())).toEqual([]);
    });
  });

  describe('mistakes', () => {
    it('an unknown subcommand gets the help', async () => {
      const answer = await h.command('frobnicate now', outsider);
      expect(answer.response_type).toBe('ephemeral');
      expect(answer.text).toContain('unknown subcommand `frobnicate`');
      expect(answer.text).toContain('/mendbot status');
    });

    it('a role nobody has says how to grant it', async () => {
      await h.close();
      h = await startSlackHarness({ slack, playbooks: [] });
      const answer = await h.command('pause', oncall);
      expect(answer.text).toContain('Nobody has it yet: it is granted with `slack.roles.pause` in MENDBOT_CONFIG');
    });
  });
});

function cacheStale() {
  return {
    status: 'firing',
    labels: { alertname: 'CacheStale', namespace: 'prod', service: 'checkout' },
    annotations: { summary: 'cache is stale' },
    startsAt: '2026-03-14T09:45:00.000Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'https://prometheus.example.com/graph',
    fingerprint: '0123456789abcdef',
  };
}
